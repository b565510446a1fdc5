// sealgate · KubernetesValues

extension Quantity {
    /// A non-negative integer of any size: little-endian 64-bit limbs, no high zero limbs.
    struct BigUInt: Sendable, Hashable {
        static let tenToThe19: UInt64 = 10_000_000_000_000_000_000

        var limbs: [UInt64]

        init() { limbs = [] }
        init(_ value: UInt64) { limbs = value == 0 ? [] : [value] }

        var isZero: Bool { limbs.isEmpty }

        private mutating func trim() {
            while let last = limbs.last, last == 0 { limbs.removeLast() }
        }

        /// `self = self × factor + addend`.
        mutating func multiply(by factor: UInt64, adding addend: UInt64) {
            var carry = addend
            for index in limbs.indices {
                let (high, low) = limbs[index].multipliedFullWidth(by: factor)
                let (sum, overflow) = low.addingReportingOverflow(carry)
                limbs[index] = sum
                carry = high &+ (overflow ? 1 : 0)
            }
            if carry != 0 { limbs.append(carry) }
            trim()
        }

        mutating func multiply(byPowerOfTen power: Int) {
            guard !isZero else { return }
            var remaining = power
            while remaining >= 19 {
                multiply(by: BigUInt.tenToThe19, adding: 0)
                remaining -= 19
            }
            if remaining > 0 { multiply(by: Quantity.powersOfTen[remaining], adding: 0) }
        }

        /// Divides in place and returns the remainder. `divisor` must not be zero.
        mutating func divide(by divisor: UInt64) -> UInt64 {
            var remainder: UInt64 = 0
            for index in limbs.indices.reversed() {
                let (quotient, rest) = divisor.dividingFullWidth((remainder, limbs[index]))
                limbs[index] = quotient
                remainder = rest
            }
            trim()
            return remainder
        }

        func remainder(dividingBy divisor: UInt64) -> UInt64 {
            var remainder: UInt64 = 0
            for limb in limbs.reversed() { remainder = divisor.dividingFullWidth((remainder, limb)).remainder }
            return remainder
        }

        /// Divides by 10^power, truncating; returns whether anything was dropped.
        mutating func divide(byPowerOfTen power: Int) -> Bool {
            var inexact = false
            var remaining = power
            while remaining >= 19 {
                if divide(by: BigUInt.tenToThe19) != 0 { inexact = true }
                remaining -= 19
            }
            if remaining > 0 && divide(by: Quantity.powersOfTen[remaining]) != 0 { inexact = true }
            return inexact
        }

        mutating func removeTrailingDecimalZeros() -> Int64 {
            guard !isZero else { return 0 }
            var count: Int64 = 0
            if limbs.count == 1 {
                var value = limbs[0]
                while value % 10 == 0 {
                    value /= 10
                    count += 1
                }
                limbs[0] = value
                return count
            }
            while remainder(dividingBy: BigUInt.tenToThe19) == 0 {
                _ = divide(by: BigUInt.tenToThe19)
                count += 19
            }
            while remainder(dividingBy: 10) == 0 {
                _ = divide(by: 10)
                count += 1
            }
            return count
        }

        mutating func shiftLeft(by bits: Int) {
            guard !isZero, bits > 0 else { return }
            let words = bits / 64
            let offset = bits % 64
            if offset > 0 {
                var carry: UInt64 = 0
                for index in limbs.indices {
                    let limb = limbs[index]
                    limbs[index] = (limb << UInt64(offset)) | carry
                    carry = limb >> UInt64(64 - offset)
                }
                if carry != 0 { limbs.append(carry) }
            }
            if words > 0 { limbs.insert(contentsOf: repeatElement(0, count: words), at: 0) }
        }

        mutating func add(_ other: BigUInt) {
            if limbs.count < other.limbs.count {
                limbs.append(contentsOf: repeatElement(0, count: other.limbs.count - limbs.count))
            }
            var carry: UInt64 = 0
            for index in limbs.indices {
                let addend: UInt64 = index < other.limbs.count ? other.limbs[index] : 0
                if index >= other.limbs.count && carry == 0 { break }
                let (partial, overflow1) = limbs[index].addingReportingOverflow(addend)
                let (sum, overflow2) = partial.addingReportingOverflow(carry)
                limbs[index] = sum
                carry = (overflow1 ? 1 : 0) + (overflow2 ? 1 : 0)
            }
            if carry != 0 { limbs.append(carry) }
        }

        /// `self -= other`; `other` must not be larger.
        mutating func subtract(_ other: BigUInt) {
            var borrow: UInt64 = 0
            for index in limbs.indices {
                let subtrahend: UInt64 = index < other.limbs.count ? other.limbs[index] : 0
                if index >= other.limbs.count && borrow == 0 { break }
                let (partial, overflow1) = limbs[index].subtractingReportingOverflow(subtrahend)
                let (difference, overflow2) = partial.subtractingReportingOverflow(borrow)
                limbs[index] = difference
                borrow = overflow1 || overflow2 ? 1 : 0
            }
            trim()
        }

        static func compare(_ a: BigUInt, _ b: BigUInt) -> Int {
            if a.limbs.count != b.limbs.count { return a.limbs.count < b.limbs.count ? -1 : 1 }
            for index in a.limbs.indices.reversed() where a.limbs[index] != b.limbs[index] {
                return a.limbs[index] < b.limbs[index] ? -1 : 1
            }
            return 0
        }

        private static func digitCount(_ value: UInt64) -> Int {
            var count = 1
            var rest = value
            while rest >= 10 {
                rest /= 10
                count += 1
            }
            return count
        }

        /// The number of decimal digits (1 for zero).
        var decimalDigitCount: Int {
            if limbs.count <= 1 { return BigUInt.digitCount(limbs.first ?? 0) }
            var rest = self
            var count = 0
            while rest.limbs.count > 1 {
                _ = rest.divide(by: BigUInt.tenToThe19)
                count += 19
            }
            return count + BigUInt.digitCount(rest.limbs.first ?? 0)
        }

        var decimalString: String {
            if limbs.count <= 1 { return String(limbs.first ?? 0) }
            var rest = self
            var chunks: [UInt64] = []
            while !rest.isZero { chunks.append(rest.divide(by: BigUInt.tenToThe19)) }
            var text = String(chunks.removeLast())
            for chunk in chunks.reversed() {
                let digits = String(chunk)
                text += String(repeating: "0", count: 19 - digits.utf8.count) + digits
            }
            return text
        }

        /// The nearest double, ties to even; infinity past the double range.
        var nearestDouble: Double {
            if limbs.isEmpty { return 0 }
            if limbs.count == 1 { return Double(limbs[0]) }
            let bitWidth = limbs.count * 64 - limbs[limbs.count - 1].leadingZeroBitCount
            let shift = bitWidth - 64
            let word = shift / 64
            let offset = shift % 64
            var top = limbs[word] >> UInt64(offset)
            if offset > 0 { top |= limbs[word + 1] << UInt64(64 - offset) }
            var sticky = offset > 0 && limbs[word] & ((1 << UInt64(offset)) - 1) != 0
            if !sticky { sticky = limbs[0..<word].contains { $0 != 0 } }
            var significand = top >> 11
            let dropped = top & 0x7FF
            if dropped > 0x400 || (dropped == 0x400 && (sticky || significand & 1 == 1)) { significand += 1 }
            var exponent = shift + 11
            if significand == 1 << 53 {
                significand >>= 1
                exponent += 1
            }
            return Double(sign: .plus, exponent: exponent, significand: Double(significand))
        }
    }
}
