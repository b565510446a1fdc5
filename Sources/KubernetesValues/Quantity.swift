// sealgate · KubernetesValues

/// A Kubernetes resource quantity: the value behind CEL's `quantity(...)`, with the answers
/// `k8s.io/apimachinery/pkg/api/resource.Quantity` gives.
///
/// The value is exact. Like Kubernetes, a quantity is held either as a 64-bit integer with a decimal
/// scale (`value × 10^scale`, the common case, no heap allocation) or, when that does not fit, as an
/// arbitrary-precision decimal shaped like Go's `inf.Dec` (an unscaled integer and a scale). Which of
/// the two a quantity uses is visible through ``isInteger``/``asInteger()`` (Kubernetes' `AsInt64`
/// answers `false` for every decimal-backed value, and for an integer with a negative scale, such as
/// `1000m`) and through ``approximateDouble``, so both follow Kubernetes' parse and arithmetic paths.
///
/// Equality, ordering and hashing compare values: `1Gi == 1024Mi == 1073741824`, `1 == 1000m`.
public struct Quantity: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// How a quantity prints itself, remembered from the suffix it was parsed with.
    public enum Format: String, Sendable, Hashable, CaseIterable {
        /// `12e6`: a power of ten written as `e<n>`.
        case decimalExponent = "DecimalExponent"
        /// `12Mi`: powers of 1024.
        case binarySI = "BinarySI"
        /// `12M`, `500m`: SI powers of 1000.
        case decimalSI = "DecimalSI"
    }

    /// Why a string is not a quantity, worded as `resource.ParseQuantity`'s errors.
    public enum ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        /// The text is not a number followed by a suffix (`ErrFormatWrong`).
        case formatWrong
        /// The number part cannot be read (`ErrNumeric`), e.g. `.Pi`.
        case numeric
        /// The suffix is not one Kubernetes knows (`ErrSuffix`), e.g. `10Mm`.
        case suffix

        /// The message, in Kubernetes' words.
        public var description: String {
            switch self {
            case .formatWrong:
                "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
            case .numeric: "unable to parse numeric part of quantity"
            case .suffix: "unable to parse quantity's suffix"
            }
        }
    }

    /// Why a conversion or an arithmetic operation has no result.
    public enum ArithmeticError: Error, Sendable, Hashable, CustomStringConvertible {
        /// `asInteger()` on a value Kubernetes' `AsInt64` refuses: fractional, out of int64 range,
        /// or held in decimal form. The text is the CEL library's.
        case notAnInteger
        /// The exact result would have more than ``Quantity/maximumExactDigits`` decimal digits
        /// (for example `1e20000 + 1`). Kubernetes would try to build such a number; we refuse.
        case tooManyDigits

        /// The message, in the CEL library's words.
        public var description: String {
            switch self {
            case .notAnInteger: "cannot convert value to integer"
            case .tooManyDigits:
                "quantity arithmetic result would need more than \(Quantity.maximumExactDigits) decimal digits"
            }
        }
    }

    /// The most decimal digits an arithmetic result may need to be built exactly.
    public static let maximumExactDigits = 10_000

    /// The format ``description`` uses, kept from the input and passed on by arithmetic.
    public private(set) var format: Format
    fileprivate var amount: Amount
    /// The input text when Kubernetes keeps it as the printed form (it does when the input already
    /// looks canonical; `+1`, `01` and `1.500` are kept verbatim too, as Kubernetes does).
    fileprivate var verbatim: String?

    fileprivate init(amount: Amount, format: Format, verbatim: String? = nil) {
        self.amount = amount
        self.format = format
        self.verbatim = verbatim
    }

    /// The quantity `integer`, as `resource.NewQuantity(integer, format)`. The CEL library's
    /// `add(int)` and `sub(int)` build their operand with the `DecimalExponent` format, the default.
    public init(_ integer: Int64, format: Format = .decimalExponent) {
        self.init(amount: .int64(value: integer, scale: 0), format: format)
    }

    // MARK: - Parsing

    /// Parses `text` exactly as `resource.ParseQuantity` does: same accepted inputs, same errors,
    /// same rounding (anything finer than a nano is rounded up, away from zero, to whole nanos), the
    /// same cap (BinarySI values are capped at 2^63-1) and the same internal form.
    public init(parsing text: String) throws(ParseError) {
        let outcome: Result<Quantity, ParseError>
        if let direct = text.utf8.withContiguousStorageIfAvailable({ Quantity.parse($0, text: text) }) {
            outcome = direct
        } else {
            var copy = text
            copy.makeContiguousUTF8()
            outcome =
                copy.utf8.withContiguousStorageIfAvailable { Quantity.parse($0, text: text) }
                ?? Array(text.utf8).withUnsafeBufferPointer { Quantity.parse($0, text: text) }
        }
        switch outcome {
        case .success(let quantity): self = quantity
        case .failure(let error): throw error
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    private static func isSuffixLetter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "i"), UInt8(ascii: "n"), UInt8(ascii: "u"),
            UInt8(ascii: "m"), UInt8(ascii: "k"), UInt8(ascii: "K"), UInt8(ascii: "M"), UInt8(ascii: "G"),
            UInt8(ascii: "T"), UInt8(ascii: "P"):
            true
        default: false
        }
    }

    /// The meaning of a suffix: `value × base^exponent`, and the format it implies.
    private struct Suffix {
        var base: Int
        var exponent: Int32
        var format: Format
    }

    private static func interpretSuffix(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Suffix? {
        let count = end - start
        if count == 0 { return Suffix(base: 10, exponent: 0, format: .decimalSI) }
        let first = p[start]
        if count == 1 {
            switch first {
            case UInt8(ascii: "n"): return Suffix(base: 10, exponent: -9, format: .decimalSI)
            case UInt8(ascii: "u"): return Suffix(base: 10, exponent: -6, format: .decimalSI)
            case UInt8(ascii: "m"): return Suffix(base: 10, exponent: -3, format: .decimalSI)
            case UInt8(ascii: "k"): return Suffix(base: 10, exponent: 3, format: .decimalSI)
            case UInt8(ascii: "M"): return Suffix(base: 10, exponent: 6, format: .decimalSI)
            case UInt8(ascii: "G"): return Suffix(base: 10, exponent: 9, format: .decimalSI)
            case UInt8(ascii: "T"): return Suffix(base: 10, exponent: 12, format: .decimalSI)
            case UInt8(ascii: "P"): return Suffix(base: 10, exponent: 15, format: .decimalSI)
            case UInt8(ascii: "E"): return Suffix(base: 10, exponent: 18, format: .decimalSI)
            default: return nil
            }
        }
        if count == 2 && p[start + 1] == UInt8(ascii: "i") {
            let power: Int32? =
                switch first {
                case UInt8(ascii: "K"): 10
                case UInt8(ascii: "M"): 20
                case UInt8(ascii: "G"): 30
                case UInt8(ascii: "T"): 40
                case UInt8(ascii: "P"): 50
                case UInt8(ascii: "E"): 60
                default: nil
                }
            if let power { return Suffix(base: 2, exponent: power, format: .binarySI) }
        }
        guard first == UInt8(ascii: "e") || first == UInt8(ascii: "E") else { return nil }
        // strconv.ParseInt(suffix[1:], 10, 64), then the int32 bounds Kubernetes enforces.
        var index = start + 1
        var negative = false
        if p[index] == UInt8(ascii: "+") || p[index] == UInt8(ascii: "-") {
            negative = p[index] == UInt8(ascii: "-")
            index += 1
        }
        guard index < end else { return nil }
        var magnitude: UInt64 = 0
        while index < end {
            guard isDigit(p[index]) else { return nil }
            let (times, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(UInt64(p[index] - 0x30))
            if overflow1 || overflow2 { return nil }
            magnitude = sum
            index += 1
        }
        guard magnitude <= UInt64(Int32.max) else { return nil }
        let exponent = Int32(magnitude)
        return Suffix(base: 10, exponent: negative ? -exponent : exponent, format: .decimalExponent)
    }

    private static func parse(_ p: UnsafeBufferPointer<UInt8>, text: String) -> Result<Quantity, ParseError> {
        let n = p.count
        if n == 0 { return .failure(.formatWrong) }
        if n == 1 && p[0] == UInt8(ascii: "0") {
            return .success(Quantity(amount: .int64(value: 0, scale: 0), format: .decimalSI, verbatim: text))
        }

        // The scanner of parseQuantityString: sign, leading zeros, numerator, denominator, suffix.
        var positive = true
        var pos = 0
        if p[0] == UInt8(ascii: "-") {
            positive = false
            pos = 1
        } else if p[0] == UInt8(ascii: "+") {
            pos = 1
        }
        let signEnd = pos
        var i = pos
        while i < n && p[i] == UInt8(ascii: "0") { i += 1 }
        var numStart = i
        var numEnd = i
        var denomStart = 0
        var denomEnd = 0
        var suffixStart = n
        var valueHasDigit = true
        scan: do {
            if i >= n { break scan }  // only zeros: the number is "0"
            var j = i
            while j < n && isDigit(p[j]) { j += 1 }
            numStart = i
            numEnd = j
            if j >= n { break scan }
            pos = j
            if p[pos] == UInt8(ascii: ".") {
                pos += 1
                var k = pos
                while k < n && isDigit(p[k]) { k += 1 }
                denomStart = pos
                denomEnd = k
                if k >= n {
                    valueHasDigit = i > signEnd || numEnd > numStart || denomEnd > denomStart
                    break scan
                }
                pos = k
            }
            valueHasDigit = i > signEnd || numEnd > numStart || denomEnd > denomStart
            suffixStart = pos
            var k = pos
            while k < n && isSuffixLetter(p[k]) { k += 1 }
            if k >= n { break scan }
            pos = k
            if p[pos] == UInt8(ascii: "-") || p[pos] == UInt8(ascii: "+") { pos += 1 }
            while pos < n && isDigit(p[pos]) { pos += 1 }
            if pos >= n { break scan }
            return .failure(.formatWrong)
        }

        guard let suffix = interpretSuffix(p, suffixStart, n) else { return .failure(.suffix) }

        let numIsEmpty = numEnd == numStart
        let numLength = numIsEmpty ? 1 : numEnd - numStart
        let denomLength = denomEnd - denomStart
        let digitCount = numLength + denomLength
        @inline(__always) func shiftedDigit(_ index: Int) -> UInt8 {
            if index < numLength { return numIsEmpty ? UInt8(ascii: "0") : p[numStart + index] }
            return p[denomStart + index - numLength]
        }

        // The int64 fast path.
        var precision: Int
        var mantissa: Int64 = 1
        var scale: Int64 = 0
        var forceCanonical = false
        switch suffix.format {
        case .decimalExponent, .decimalSI:
            scale = Int64(suffix.exponent)
            precision = 19 - digitCount
            forceCanonical = precision <= 0
        case .binarySI:
            if suffix.exponent >= 0 && denomLength == 0 {
                mantissa = 1 << Int64(suffix.exponent)
                precision = 15 - numLength - Int(suffix.exponent) * 3 / 10 - 1
            } else {
                precision = -1
            }
        }
        if precision >= 0 {
            scale -= Int64(denomLength)
            if scale >= -9 {
                var unsigned: UInt64 = 0
                for index in 0..<digitCount { unsigned = unsigned &* 10 &+ UInt64(shiftedDigit(index) - 0x30) }
                var value: Int64 = 0
                var inRange = false
                var signApplied = false
                if unsigned <= UInt64(Int64.max) {
                    value = Int64(unsigned)
                    inRange = true
                } else if !positive && unsigned == UInt64(Int64.max) + 1 {
                    value = .min
                    inRange = true
                    signApplied = true
                }
                if inRange {
                    let (product, overflow) = value.multipliedReportingOverflow(by: mantissa)
                    if !overflow {
                        let result = !positive && !signApplied ? -product : product
                        let canonical: Bool
                        switch suffix.format {
                        case .binarySI:
                            canonical = !forceCanonical && suffix.exponent % 10 == 0 && value & 0x07 != 0
                        case .decimalExponent, .decimalSI:
                            let endsInThreeZeros =
                                digitCount >= 3 && shiftedDigit(digitCount - 1) == UInt8(ascii: "0")
                                && shiftedDigit(digitCount - 2) == UInt8(ascii: "0")
                                && shiftedDigit(digitCount - 3) == UInt8(ascii: "0")
                            canonical = !forceCanonical && scale % 3 == 0 && !endsInThreeZeros && !numIsEmpty
                        }
                        return .success(
                            Quantity(
                                amount: .int64(value: result, scale: Int32(scale)), format: suffix.format,
                                verbatim: canonical ? text : nil))
                    }
                }
            }
        }

        // The inf.Dec path.
        guard valueHasDigit else { return .failure(.numeric) }
        var coefficient = BigUInt()
        var chunk: UInt64 = 0
        var chunkLength = 0
        for index in 0..<digitCount {
            chunk = chunk * 10 + UInt64(shiftedDigit(index) - 0x30)
            chunkLength += 1
            if chunkLength == 19 {
                coefficient.multiply(by: BigUInt.tenToThe19, adding: chunk)
                chunk = 0
                chunkLength = 0
            }
        }
        if chunkLength > 0 { coefficient.multiply(by: Quantity.powersOfTen[chunkLength], adding: chunk) }
        var format = suffix.format
        var decimal: BigDecimal
        if suffix.base == 2 {
            coefficient.shiftLeft(by: Int(suffix.exponent))
            decimal = BigDecimal(negative: false, unscaled: coefficient, scale: Int64(denomLength))
        } else {
            decimal = BigDecimal(
                negative: false, unscaled: coefficient, scale: Int64(denomLength) - Int64(suffix.exponent))
        }
        if !decimal.isZero {
            // Non-zero values are rounded up to whole nanos: you asked for some, you get some.
            decimal.roundAwayFromZero(toScale: 9)
        }
        if format == .binarySI && BigDecimal.compareMagnitudes(decimal, BigDecimal.maxAllowed) > 0 {
            decimal = BigDecimal.maxAllowed
        }
        if format == .binarySI && !decimal.isZero && decimal.magnitudeIsBelowOne {
            format = .decimalSI
        }
        if !positive && !decimal.isZero { decimal.negative = true }
        return .success(Quantity(amount: .decimal(decimal), format: format))
    }

    // MARK: - Reading the value

    /// -1, 0 or 1.
    public var sign: Int {
        switch amount {
        case .int64(let value, _): Int(value.signum())
        case .decimal(let decimal): decimal.isZero ? 0 : (decimal.negative ? -1 : 1)
        }
    }

    /// Whether the value is zero.
    public var isZero: Bool { sign == 0 }

    /// Whether ``asInteger()`` succeeds: Kubernetes' `AsInt64` answer. It is `false` for a value held
    /// in decimal form and for an integer with a negative scale, so `quantity("1000m").isInteger()` is
    /// `false` in Kubernetes too, while `quantity("1k").isInteger()` is `true`.
    public var isInteger: Bool {
        guard case .int64(let value, let scale) = amount else { return false }
        return Quantity.int64Value(value, scale) != nil
    }

    /// The value as an int64, as the CEL library's `asInteger()`: Kubernetes' `AsInt64`, which fails
    /// for fractional values, values outside int64, and any value held in decimal form.
    public func asInteger() throws(ArithmeticError) -> Int64 {
        guard case .int64(let value, let scale) = amount, let result = Quantity.int64Value(value, scale) else {
            throw .notAnInteger
        }
        return result
    }

    private static func int64Value(_ value: Int64, _ scale: Int32) -> Int64? {
        if scale == 0 { return value }
        if scale < 0 { return nil }
        if value == 0 { return 0 }
        return scaledUp(value, by: Int64(scale))
    }

    /// `value × 10^power`, or nil when that overflows int64.
    private static func scaledUp(_ value: Int64, by power: Int64) -> Int64? {
        if value == 0 { return 0 }
        guard power <= 18 else { return nil }
        let (result, overflow) = value.multipliedReportingOverflow(by: Int64(Quantity.powersOfTen[Int(power)]))
        return overflow ? nil : result
    }

    /// `AsApproximateFloat64`: the held integer converted to a double, times a double power of ten,
    /// with Kubernetes' exact steps (so the same last bit, and ±infinity past the double range).
    public var approximateDouble: Double {
        let base: Double
        let exponent: Int64
        switch amount {
        case .int64(let value, let scale):
            base = Double(value)
            exponent = Int64(scale)
        case .decimal(let decimal):
            base = decimal.unscaledDouble
            exponent = -decimal.scale
        }
        if base == 0 || exponent == 0 { return base }
        return base * Quantity.goPow10(exponent)
    }

    /// Go's `math.Pow10`, computed the same way so products round the same.
    private static func goPow10(_ n: Int64) -> Double {
        if n >= 0 && n <= 308 { return pow10Positive32[Int(n / 32)] * pow10Table[Int(n % 32)] }
        if n <= 0 && n >= -323 { return pow10Negative32[Int(-n / 32)] / pow10Table[Int(-n % 32)] }
        return n > 0 ? .infinity : 0
    }

    private static let pow10Table: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
        1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22, 1e23, 1e24, 1e25, 1e26, 1e27, 1e28, 1e29, 1e30, 1e31,
    ]
    private static let pow10Positive32: [Double] = [1e0, 1e32, 1e64, 1e96, 1e128, 1e160, 1e192, 1e224, 1e256, 1e288]
    private static let pow10Negative32: [Double] = [
        1e-0, 1e-32, 1e-64, 1e-96, 1e-128, 1e-160, 1e-192, 1e-224, 1e-256, 1e-288,
        Double(bitPattern: 0x7E8),  // 1e-320, a subnormal: the double nearest to it
    ]

    // MARK: - Arithmetic

    /// `self + other`, as `Quantity.Add`: when `self` is zero the result takes `other`'s format,
    /// otherwise it keeps `self`'s. Two int64-held values stay int64-held (at the smaller scale)
    /// unless the sum overflows; anything else is added in decimal form.
    public func adding(_ other: Quantity) throws(ArithmeticError) -> Quantity {
        var result = Quantity(amount: amount, format: format)
        if case .int64(let a, let aScale) = amount, case .int64(let b, let bScale) = other.amount {
            if a == 0 { result.format = other.format }
            if let sum = Quantity.int64Add(a, aScale, b, bScale) {
                result.amount = .int64(value: sum.value, scale: sum.scale)
                return result
            }
        } else if isZero {
            result.format = other.format
        }
        result.amount = .decimal(try BigDecimal.sum(decimalForm, other.decimalForm, negatingSecond: false))
        return result
    }

    /// `self - other`, as `Quantity.Sub` (same format rule as ``adding(_:)``).
    public func subtracting(_ other: Quantity) throws(ArithmeticError) -> Quantity {
        var result = Quantity(amount: amount, format: format)
        if isZero { result.format = other.format }
        if case .int64(let a, let aScale) = amount, case .int64(let b, let bScale) = other.amount {
            if a == 0 && b == .min {
                // 0 - y is -y, which leaves int64 and keeps y's scale.
                var negated = BigDecimal(int64: b, scale: bScale)
                negated.negative = false
                result.amount = .decimal(negated)
                return result
            }
            if b != .min, let difference = Quantity.int64Add(a, aScale, -b, bScale) {
                result.amount = .int64(value: difference.value, scale: difference.scale)
                return result
            }
        }
        result.amount = .decimal(try BigDecimal.sum(decimalForm, other.decimalForm, negatingSecond: true))
        return result
    }

    /// `int64Amount.Add`: nil when the int64 form cannot hold the sum.
    private static func int64Add(_ a: Int64, _ aScale: Int32, _ b: Int64, _ bScale: Int32)
        -> (value: Int64, scale: Int32)?
    {
        if b == 0 { return (a, aScale) }
        if a == 0 { return (b, bScale) }
        if aScale == bScale {
            let (sum, overflow) = a.addingReportingOverflow(b)
            return overflow ? nil : (sum, aScale)
        }
        if aScale > bScale {
            guard let scaled = scaledUp(a, by: Int64(aScale) - Int64(bScale)) else { return nil }
            let (sum, overflow) = scaled.addingReportingOverflow(b)
            return overflow ? nil : (sum, bScale)
        }
        guard let scaled = scaledUp(b, by: Int64(bScale) - Int64(aScale)) else { return nil }
        let (sum, overflow) = a.addingReportingOverflow(scaled)
        return overflow ? nil : (sum, aScale)
    }

    /// The value as Go's `inf.Dec` would hold it after `AsDec()`.
    fileprivate var decimalForm: BigDecimal {
        switch amount {
        case .int64(let value, let scale): BigDecimal(int64: value, scale: scale)
        case .decimal(let decimal): decimal
        }
    }

    // MARK: - Comparison

    /// `Quantity.Cmp`: -1, 0 or 1, comparing values exactly.
    public func compare(to other: Quantity) -> Int {
        if case .int64(let a, let aScale) = amount, case .int64(let b, let bScale) = other.amount {
            if aScale == bScale { return a < b ? -1 : (a > b ? 1 : 0) }
            if a == 0 || b == 0 { return a == 0 ? -Int(b.signum()) : Int(a.signum()) }
            let difference = Int64(aScale) - Int64(bScale)
            if difference > 0 && difference <= 18 {
                let left = Int128(a) * Int128(Quantity.powersOfTen[Int(difference)])
                return left < Int128(b) ? -1 : (left > Int128(b) ? 1 : 0)
            }
            if difference < 0 && difference >= -18 {
                let right = Int128(b) * Int128(Quantity.powersOfTen[Int(-difference)])
                return Int128(a) < right ? -1 : (Int128(a) > right ? 1 : 0)
            }
        }
        return BigDecimal.compare(decimalForm, other.decimalForm)
    }

    /// Whether both are the same amount, whatever their format or spelling (`1Ki == 1024`).
    public static func == (lhs: Quantity, rhs: Quantity) -> Bool { lhs.compare(to: rhs) == 0 }
    /// Whether `lhs` is the smaller amount.
    public static func < (lhs: Quantity, rhs: Quantity) -> Bool { lhs.compare(to: rhs) < 0 }

    /// Hashes the amount in lowest terms, so quantities that are `==` hash alike.
    public func hash(into hasher: inout Hasher) {
        // Hash the value in lowest terms so equal values hash alike whatever their form.
        switch amount {
        case .int64(let value, let scale):
            hasher.combine(value.signum())
            guard value != 0 else { return }
            var magnitude = value.magnitude
            var exponent = Int64(scale)
            while magnitude % 10 == 0 {
                magnitude /= 10
                exponent += 1
            }
            hasher.combine(exponent)
            hasher.combine(1)
            hasher.combine(magnitude)
        case .decimal(let decimal):
            hasher.combine(decimal.isZero ? 0 : (decimal.negative ? -1 : 1) as Int64)
            guard !decimal.isZero else { return }
            hasher.combine(decimal.exponent)
            hasher.combine(decimal.coefficient.limbs.count)
            for limb in decimal.coefficient.limbs { hasher.combine(limb) }
        }
    }

    // MARK: - Printing

    /// `Quantity.String()`: the input text when Kubernetes keeps it, else ``canonicalDescription``.
    public var description: String { verbatim ?? canonicalDescription }

    /// The canonical form (`CanonicalizeBytes`), ignoring any kept input text: no fractional digits,
    /// the largest suffix of the quantity's format that loses nothing. A BinarySI value that is
    /// fractional or between -1024 and 1024 prints as DecimalSI; a value past the last suffix (`E`,
    /// `Ei`) or below `n` falls back to `e<n>` notation, as Kubernetes now does.
    public var canonicalDescription: String {
        let normal = decimalForm.lowestTerms
        guard !normal.coefficient.isZero else { return "0" }
        var format = self.format
        if format == .binarySI {
            let belowKibi = BigDecimal.compareMagnitudes(decimalForm, BigDecimal(int64: 1024, scale: 0)) < 0
            if belowKibi || normal.exponent < 0 { format = .decimalSI }
        }
        switch format {
        case .decimalExponent, .decimalSI:
            return Quantity.decimalText(normal, format: format)
        case .binarySI:
            if normal.exponent >= 70 {
                // Divisible by 2^70 = 1024^7: no binary suffix reaches that far.
                return Quantity.decimalText(normal, format: .decimalExponent)
            }
            var integer = normal.coefficient
            integer.multiply(byPowerOfTen: Int(normal.exponent))
            var kibiPowers = 0
            while integer.remainder(dividingBy: 1024) == 0 {
                _ = integer.divide(by: 1024)
                kibiPowers += 1
            }
            if kibiPowers > 6 { return Quantity.decimalText(normal, format: .decimalExponent) }
            let suffixes = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"]
            return (normal.negative ? "-" : "") + integer.decimalString + suffixes[kibiPowers]
        }
    }

    /// `AsCanonicalBytes` plus the decimal suffix: the exponent lowered to a multiple of three.
    private static func decimalText(
        _ normal: (negative: Bool, coefficient: BigUInt, exponent: Int64), format: Format
    ) -> String {
        var coefficient = normal.coefficient
        var exponent = normal.exponent
        let excess = Int(((exponent % 3) + 3) % 3)
        if excess > 0 {
            coefficient.multiply(by: Quantity.powersOfTen[excess], adding: 0)
            exponent -= Int64(excess)
        }
        var suffix = ""
        if format == .decimalSI {
            switch exponent {
            case -9: suffix = "n"
            case -6: suffix = "u"
            case -3: suffix = "m"
            case 0: suffix = ""
            case 3: suffix = "k"
            case 6: suffix = "M"
            case 9: suffix = "G"
            case 12: suffix = "T"
            case 15: suffix = "P"
            case 18: suffix = "E"
            default: suffix = "e\(exponent)"
            }
        } else if exponent != 0 {
            suffix = "e\(exponent)"
        }
        return (normal.negative ? "-" : "") + coefficient.decimalString + suffix
    }
}

extension Quantity {
    /// 10^0 … 10^19.
    fileprivate static let powersOfTen: [UInt64] = {
        var table: [UInt64] = [1]
        for _ in 1...19 { table.append(table[table.count - 1] * 10) }
        return table
    }()

    /// How Kubernetes holds the number.
    fileprivate enum Amount: Sendable {
        /// `int64Amount`: `value × 10^scale`.
        case int64(value: Int64, scale: Int32)
        /// `inf.Dec`.
        case decimal(BigDecimal)
    }

    // MARK: - Arbitrary-precision decimal

    /// Go's `inf.Dec`: `unscaled × 10^-scale`. The unscaled integer is kept as `coefficient × 10^zeros`
    /// with the coefficient free of trailing zeros, so huge exponents (`1e2147483647`) cost nothing.
    fileprivate struct BigDecimal: Sendable {
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
        static func sum(_ x: BigDecimal, _ y: BigDecimal, negatingSecond: Bool) throws(Quantity.ArithmeticError)
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

    // MARK: - Arbitrary-precision unsigned integer

    /// A non-negative integer of any size: little-endian 64-bit limbs, no high zero limbs.
    fileprivate struct BigUInt: Sendable, Hashable {
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
