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
    var amount: Amount
    /// The input text when Kubernetes keeps it as the printed form (it does when the input already
    /// looks canonical; `+1`, `01` and `1.500` are kept verbatim too, as Kubernetes does).
    var verbatim: String?

    init(amount: Amount, format: Format, verbatim: String? = nil) {
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
    private static func int64Add(
        _ a: Int64, _ aScale: Int32, _ b: Int64, _ bScale: Int32
    )
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
    var decimalForm: BigDecimal {
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
    static let powersOfTen: [UInt64] = {
        var table: [UInt64] = [1]
        for _ in 1...19 { table.append(table[table.count - 1] * 10) }
        return table
    }()

    /// How Kubernetes holds the number.
    enum Amount: Sendable {
        /// `int64Amount`: `value × 10^scale`.
        case int64(value: Int64, scale: Int32)
        /// `inf.Dec`.
        case decimal(BigDecimal)
    }
}
