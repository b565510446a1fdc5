// sealgate · KubernetesValues

extension Quantity {
    /// Go's `inf.Dec`: `unscaled × 10^-scale`. The unscaled integer is kept as `coefficient × 10^zeros`
    /// with the coefficient free of trailing zeros, so huge exponents (`1e2147483647`) cost nothing.
    struct BigDecimal: Sendable {
        var negative: Bool
        var coefficient: BigUInt
        var zeros: Int64
        var scale: Int64

        /// The power of ten of the value in lowest terms: `value = ±coefficient × 10^exponent`.
        var exponent: Int64 { zeros - scale }
        var isZero: Bool { coefficient.isZero }

        static let maxAllowed = BigDecimal(int64: .max, scale: 0)

        init(negative: Bool, unscaled: BigUInt, scale: Int64) {
            var coefficient = unscaled
            let zeros = coefficient.removeTrailingDecimalZeros()
            self.negative = negative && !coefficient.isZero
            self.coefficient = coefficient
            self.zeros = zeros
            self.scale = scale
        }

        init(int64 value: Int64, scale: Int32) {
            self.init(negative: value < 0, unscaled: BigUInt(value.magnitude), scale: -Int64(scale))
        }

        var lowestTerms: (negative: Bool, coefficient: BigUInt, exponent: Int64) {
            (negative, coefficient, isZero ? 0 : exponent)
        }

        /// Whether `0 < |value| < 1`.
        var magnitudeIsBelowOne: Bool {
            !isZero && Int64(coefficient.decimalDigitCount) + exponent <= 0
        }

        /// `inf.Dec.Round(x, target, RoundUp)` on a non-zero value: rounds away from zero.
        mutating func roundAwayFromZero(toScale target: Int64) {
            defer { scale = target }
            if scale <= target {
                zeros += target - scale
                return
            }
            let drop = scale - target
            if zeros >= drop {
                zeros -= drop
                return
            }
            let divisorDigits = drop - zeros
            if divisorDigits > Int64(coefficient.decimalDigitCount) {
                coefficient = BigUInt(1)
            } else {
                let inexact = coefficient.divide(byPowerOfTen: Int(divisorDigits))
                if inexact { coefficient.add(BigUInt(1)) }
            }
            zeros = coefficient.removeTrailingDecimalZeros()
        }

        /// The unscaled integer as the nearest double (Go's `big.Float.Float64`), infinite past range.
        var unscaledDouble: Double {
            if isZero { return 0 }
            if Int64(coefficient.decimalDigitCount) + zeros > 309 { return negative ? -.infinity : .infinity }
            var unscaled = coefficient
            unscaled.multiply(byPowerOfTen: Int(zeros))
            let magnitude = unscaled.nearestDouble
            return negative ? -magnitude : magnitude
        }

        /// Compares `|x|` and `|y|`.
        static func compareMagnitudes(_ x: BigDecimal, _ y: BigDecimal) -> Int {
            if x.isZero || y.isZero { return (x.isZero ? 0 : 1) - (y.isZero ? 0 : 1) }
            let xDigits = Int64(x.coefficient.decimalDigitCount)
            let yDigits = Int64(y.coefficient.decimalDigitCount)
            let xTop = xDigits + x.exponent
            let yTop = yDigits + y.exponent
            if xTop != yTop { return xTop < yTop ? -1 : 1 }
            // Same order of magnitude: the exponents differ by at most the digit counts.
            if x.exponent >= y.exponent {
                var shifted = x.coefficient
                shifted.multiply(byPowerOfTen: Int(x.exponent - y.exponent))
                return BigUInt.compare(shifted, y.coefficient)
            }
            var shifted = y.coefficient
            shifted.multiply(byPowerOfTen: Int(y.exponent - x.exponent))
            return BigUInt.compare(x.coefficient, shifted)
        }

        static func compare(_ x: BigDecimal, _ y: BigDecimal) -> Int {
            let xSign = x.isZero ? 0 : (x.negative ? -1 : 1)
            let ySign = y.isZero ? 0 : (y.negative ? -1 : 1)
            if xSign != ySign { return xSign < ySign ? -1 : 1 }
            if xSign == 0 { return 0 }
            return xSign * compareMagnitudes(x, y)
        }

        /// `inf.Dec.Add` / `Sub`: the result's scale is the larger of the two scales.
        static func sum(
            _ x: BigDecimal, _ y: BigDecimal, negatingSecond: Bool
        ) throws(Quantity.ArithmeticError)
            -> BigDecimal
        {
            let scale = max(x.scale, y.scale)
            var y = y
            if negatingSecond && !y.isZero { y.negative.toggle() }
            if y.isZero {
                var result = x
                if !result.isZero { result.zeros += scale - x.scale }
                result.scale = scale
                return result
            }
            if x.isZero {
                y.zeros += scale - y.scale
                y.scale = scale
                return y
            }
            // Both unscaled integers, at the common scale, as coefficient × 10^power.
            let xPower = x.zeros + (scale - x.scale)
            let yPower = y.zeros + (scale - y.scale)
            let common = min(xPower, yPower)
            let xShift = xPower - common
            let yShift = yPower - common
            let limit = Int64(Quantity.maximumExactDigits)
            if xShift > limit || yShift > limit
                || Int64(x.coefficient.decimalDigitCount) + xShift > limit
                || Int64(y.coefficient.decimalDigitCount) + yShift > limit
            {
                throw .tooManyDigits
            }
            var left = x.coefficient
            left.multiply(byPowerOfTen: Int(xShift))
            var right = y.coefficient
            right.multiply(byPowerOfTen: Int(yShift))
            var negative: Bool
            var magnitude: BigUInt
            if x.negative == y.negative {
                magnitude = left
                magnitude.add(right)
                negative = x.negative
            } else if BigUInt.compare(left, right) >= 0 {
                magnitude = left
                magnitude.subtract(right)
                negative = x.negative
            } else {
                magnitude = right
                magnitude.subtract(left)
                negative = y.negative
            }
            let stripped = magnitude.removeTrailingDecimalZeros()
            if magnitude.isZero { negative = false }
            return BigDecimal(
                negative: negative, coefficient: magnitude, zeros: magnitude.isZero ? 0 : common + stripped,
                scale: scale)
        }

        private init(negative: Bool, coefficient: BigUInt, zeros: Int64, scale: Int64) {
            self.negative = negative
            self.coefficient = coefficient
            self.zeros = zeros
            self.scale = scale
        }
    }
}
