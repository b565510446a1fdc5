// sealgate · KubernetesValues tests

import Testing

@testable import KubernetesValues

/// Kubernetes' `resource.Quantity` semantics, with cases taken from apimachinery's own tests
/// (`quantity_test.go`) and the CEL quantity library's tests, plus the edges their code implies.
struct QuantityTests {
    private func q(_ text: String) throws -> Quantity { try Quantity(parsing: text) }

    // MARK: - Parsing and printing

    /// (input, what `String()` prints, the canonical form, the format kept).
    /// Kubernetes prints the input verbatim when its fast path judges it canonical (`1.`, `+1`,
    /// `1.500`, `100.035k`); `canonicalDescription` is `CanonicalizeBytes` regardless.
    static let parsed: [(String, String, String, Quantity.Format)] = [
        ("0", "0", "0", .decimalSI), ("0n", "0", "0", .decimalSI), ("0u", "0", "0", .decimalSI),
        ("0m", "0", "0", .decimalSI), ("0Ki", "0", "0", .binarySI), ("0k", "0", "0", .decimalSI),
        ("0Mi", "0", "0", .binarySI), ("0Ti", "0", "0", .binarySI), ("0Pi", "0", "0", .binarySI),
        ("-0", "0", "0", .decimalSI), ("1", "1", "1", .decimalSI),
        // Binary suffixes
        ("1Ki", "1Ki", "1Ki", .binarySI), ("8Ki", "8Ki", "8Ki", .binarySI), ("7Mi", "7Mi", "7Mi", .binarySI),
        ("6Gi", "6Gi", "6Gi", .binarySI), ("5Ti", "5Ti", "5Ti", .binarySI), ("4Pi", "4Pi", "4Pi", .binarySI),
        ("3Ei", "3Ei", "3Ei", .binarySI), ("10Ti", "10Ti", "10Ti", .binarySI), ("100Ti", "100Ti", "100Ti", .binarySI),
        ("1024Mi", "1Gi", "1Gi", .binarySI), ("1536Mi", "1536Mi", "1536Mi", .binarySI),
        ("1.5Gi", "1536Mi", "1536Mi", .binarySI), ("-1Gi", "-1Gi", "-1Gi", .binarySI),
        // Decimal suffixes
        ("5n", "5n", "5n", .decimalSI), ("4u", "4u", "4u", .decimalSI), ("3m", "3m", "3m", .decimalSI),
        ("9", "9", "9", .decimalSI), ("8k", "8k", "8k", .decimalSI), ("50k", "50k", "50k", .decimalSI),
        ("7M", "7M", "7M", .decimalSI), ("6G", "6G", "6G", .decimalSI), ("5T", "5T", "5T", .decimalSI),
        ("40T", "40T", "40T", .decimalSI), ("300T", "300T", "300T", .decimalSI), ("2P", "2P", "2P", .decimalSI),
        ("1E", "1E", "1E", .decimalSI), ("12E", "12E", "12E", .decimalSI), ("1000M", "1G", "1G", .decimalSI),
        ("10000", "10k", "10k", .decimalSI), ("1500m", "1500m", "1500m", .decimalSI),
        // Decimal exponents
        ("1E-3", "1E-3", "1e-3", .decimalExponent), ("1e3", "1e3", "1e3", .decimalExponent),
        ("1E6", "1E6", "1e6", .decimalExponent), ("1e+3", "1e+3", "1e3", .decimalExponent),
        ("1e14", "100e12", "100e12", .decimalExponent), ("1e13", "10e12", "10e12", .decimalExponent),
        ("1.2e3", "1200", "1200", .decimalExponent), ("1.3E+6", "1300e3", "1300e3", .decimalExponent),
        ("1.40e9", "1400e6", "1400e6", .decimalExponent), ("1.53E12", "1530e9", "1530e9", .decimalExponent),
        ("1.7E18", "1700e15", "1700e15", .decimalExponent), ("0.5e0", "500e-3", "500e-3", .decimalExponent),
        ("0.5e-1", "50e-3", "50e-3", .decimalExponent), ("0.5e-2", "5e-3", "5e-3", .decimalExponent),
        // Things that look like floating point
        ("0.001", "1m", "1m", .decimalSI), ("0.0005k", "500m", "500m", .decimalSI), ("0.5", "500m", "500m", .decimalSI),
        ("1.5", "1500m", "1500m", .decimalSI), ("0.00050k", "500m", "500m", .decimalSI),
        ("0.50000", "500m", "500m", .decimalSI), ("9.01", "9010m", "9010m", .decimalSI),
        ("8.1k", "8100", "8100", .decimalSI), ("40.1T", "40100G", "40100G", .decimalSI),
        ("2.5P", "2500T", "2500T", .decimalSI), ("1.01E", "1010P", "1010P", .decimalSI),
        ("-1.5", "-1500m", "-1500m", .decimalSI),
        // Kept verbatim by Kubernetes, canonical form differs
        ("100.035k", "100.035k", "100035", .decimalSI), ("10.035M", "10.035M", "10035k", .decimalSI),
        ("7.123456M", "7.123456M", "7123456", .decimalSI), ("5.444T", "5.444T", "5444G", .decimalSI),
        ("1.", "1.", "1", .decimalSI), ("1.G", "1.G", "1G", .decimalSI), ("+1", "+1", "1", .decimalSI),
        ("01", "01", "1", .decimalSI), ("1.500", "1.500", "1500m", .decimalSI), ("+1Ki", "+1Ki", "1Ki", .binarySI),
        // Rounded up to whole nanos
        ("3.001n", "4n", "4n", .decimalSI), ("1.1E-9", "2e-9", "2e-9", .decimalExponent),
        ("0.0000000001", "1n", "1n", .decimalSI), ("0.0000000005", "1n", "1n", .decimalSI),
        ("0.5e-9", "1e-9", "1e-9", .decimalExponent), ("0.9n", "1n", "1n", .decimalSI),
        ("0.00000012345", "124n", "124n", .decimalSI), ("0.00000012354", "124n", "124n", .decimalSI),
        ("-0.0000000001", "-1n", "-1n", .decimalSI),
        // BinarySI is capped at 2^63-1
        ("9Ei", "9223372036854775807", "9223372036854775807", .binarySI),
        ("9223372036854775807Ki", "9223372036854775807", "9223372036854775807", .binarySI),
        ("-9Ei", "-9223372036854775807", "-9223372036854775807", .binarySI),
        // Fractional binary values
        ("100.035Ki", "102435840m", "102435840m", .binarySI), ("0.5Mi", "512Ki", "512Ki", .binarySI),
        ("0.05Gi", "53687091200m", "53687091200m", .binarySI),
        ("0.025Ti", "27487790694400m", "27487790694400m", .binarySI),
        (".001Ki", "1024m", "1024m", .binarySI), (".000001Ki", "1024u", "1024u", .decimalSI),
        (".000000001Ki", "1024n", "1024n", .decimalSI), ("0.000000000001Ki", "2n", "2n", .decimalSI),
        // Written by trolls: accepted as zero by Kubernetes' scanner
        (".001", "1m", "1m", .decimalSI), (".0001k", "100m", "100m", .decimalSI), (".", "0", "0", .decimalSI),
        ("+", "0", "0", .decimalSI), ("-", "0", "0", .decimalSI), ("Mi", "0", "0", .binarySI),
        ("m", "0", "0", .decimalSI),
        // Huge and tiny values stay exact
        ("1e100", "10e99", "10e99", .decimalExponent),
        (
            "123456789012345678901234567890", "123456789012345678901234567890", "123456789012345678901234567890",
            .decimalSI
        ),
        ("1e2147483647", "10e2147483646", "10e2147483646", .decimalExponent),
        ("1e-2147483647", "1e-9", "1e-9", .decimalExponent),
        ("1000E", "1e21", "1e21", .decimalSI), ("5000E", "5e21", "5e21", .decimalSI),
        ("1000000E", "1e24", "1e24", .decimalSI),
        ("9223372036854775807", "9223372036854775807", "9223372036854775807", .decimalSI),
        ("-9223372036854775808", "-9223372036854775808", "-9223372036854775808", .decimalSI),
        ("12345678901234567890", "12345678901234567890", "12345678901234567890", .decimalSI),
        ("1000000000000000000", "1E", "1E", .decimalSI),
        (
            "9999999999999999999999999999999999999G", "9999999999999999999999999999999999999G",
            "9999999999999999999999999999999999999G", .decimalSI
        ),
    ]

    @Test(arguments: parsed)
    func parsesAndPrints(input: String, printed: String, canonical: String, format: Quantity.Format) throws {
        let quantity = try q(input)
        #expect(quantity.description == printed)
        #expect(quantity.canonicalDescription == canonical)
        #expect(quantity.format == format)
        // The canonical form parses back to the same value.
        #expect(try q(canonical) == quantity)
    }

    static let rejected: [(String, Quantity.ParseError)] = [
        ("", .formatWrong), (" 1", .formatWrong), ("1 ", .formatWrong), ("aoeu", .formatWrong),
        ("1.1.M", .formatWrong), ("1+1.0M", .formatWrong), ("0.1am", .formatWrong), ("10Mo", .formatWrong),
        ("Three", .formatWrong), ("1,3G", .formatWrong), ("1e3.5", .formatWrong), ("--1", .suffix),
        ("0.1mi", .suffix), (".5i", .suffix), ("1i", .suffix), ("-3.01i", .suffix), ("-3.01e-", .suffix),
        ("10Mm", .suffix), ("200K", .suffix), ("1e", .suffix), ("1k+3", .suffix), ("1ei", .suffix),
        ("1e4294967297", .suffix), ("1e2147483648", .suffix), ("1e-2147483648", .suffix),
        ("1e9223372036854775808", .suffix), ("2E6024865272343", .suffix), ("+-1", .suffix),
        (".Pi", .numeric), ("-.Pi", .numeric), (".e-10", .numeric),
    ]

    @Test(arguments: rejected)
    func rejects(input: String, error: Quantity.ParseError) {
        #expect(throws: error) { try Quantity(parsing: input) }
    }

    @Test func errorMessagesAreKubernetes() {
        #expect(
            Quantity.ParseError.formatWrong.description
                == "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")
        #expect(Quantity.ParseError.numeric.description == "unable to parse numeric part of quantity")
        #expect(Quantity.ParseError.suffix.description == "unable to parse quantity's suffix")
        #expect(Quantity.ArithmeticError.notAnInteger.description == "cannot convert value to integer")
    }

    // MARK: - Comparison

    static let comparisons: [(String, String, Int)] = [
        ("0", "0", 0), ("100m", "50m", 1), ("50m", "100m", -1), ("10000T", "100Gi", 1),
        ("1Gi", "1024Mi", 0), ("1Gi", "1073741824", 0), ("1024Mi", "1073741824", 0), ("1", "1000m", 0),
        ("0.5", "500m", 0), ("200M", "0.2G", 0), ("2M", "0.002G", 0), ("2000k", "2M", 0),
        ("50M", "50Mi", -1), ("50Mi", "50M", 1), ("150Mi", "100Mi", 1), ("200M", "0.3G", -1),
        ("50.02k", "50020", 0), ("1e100", "1e99", 1), ("-1e100", "1", -1), ("-1e100", "-1e99", -1),
        ("1e2147483647", "1e-2147483647", 1), ("-1e2147483647", "1n", -1),
        ("123456789012345678901234567890", "1.23456789012345678901234567890e29", 0),
        ("123456789012345678901234567890", "123456789012345678901234567891", -1),
        ("9223372036854775807", "9223372036854775808", -1), ("12E", "12000P", 0), ("1E", "1e18", 0),
        ("1", "1.0000000000000000000000", 0), ("1n", "0.0000000001", 0), ("0", "-0", 0), ("0m", "0Ki", 0),
        ("-1", "1", -1), ("1e20", "1n", 1), ("1n", "1e20", -1), ("1Ei", "1152921504606846976", 0),
        ("9Ei", "9223372036854775807", 0), ("-9223372036854775808", "-9223372036854775807", -1),
    ]

    @Test(arguments: comparisons)
    func compares(lhs: String, rhs: String, expected: Int) throws {
        let left = try q(lhs)
        let right = try q(rhs)
        #expect(left.compare(to: right) == expected)
        #expect(right.compare(to: left) == -expected)
        #expect((left == right) == (expected == 0))
        #expect((left < right) == (expected < 0))
        if expected == 0 { #expect(left.hashValue == right.hashValue) }
    }

    @Test func equalValuesCollapseInASet() throws {
        let set: Set<Quantity> = [try q("1Gi"), try q("1024Mi"), try q("1073741824"), try q("1.073741824G")]
        #expect(set.count == 1)
        let ones: Set<Quantity> = [try q("1"), try q("1000m"), try q("1.0000000000000000000000"), Quantity(1)]
        #expect(ones.count == 1)
    }

    // MARK: - Integers, sign, floats

    /// (input, `isInteger()`, `asInteger()` when it succeeds). `AsInt64` refuses decimal-held values
    /// (`4Pi`, 20-digit numbers) and negative scales (`1000m`, `1.0`).
    static let integers: [(String, Int64?)] = [
        ("50k", 50_000), ("0", 0), ("50", 50), ("1e18", 1_000_000_000_000_000_000), ("1E", 1_000_000_000_000_000_000),
        ("9223372036854775807", .max), ("-9223372036854775808", .min), ("1Gi", 1_073_741_824),
        ("5Ti", 5_497_558_138_880), ("-7", -7), ("1000000000000000000", 1_000_000_000_000_000_000),
        ("1000m", nil), ("0m", nil), ("1.0", nil), ("1.5", nil), ("1e19", nil), ("10E", nil),
        ("9223372036854775808", nil), ("-9223372036854775809", nil), ("12345678901234567890", nil),
        ("9999999999999999999999999999999999999G", nil), ("4Pi", nil), ("1Ei", nil), ("0.0000000000", nil),
    ]

    @Test(arguments: integers)
    func convertsToInteger(input: String, expected: Int64?) throws {
        let quantity = try q(input)
        #expect(quantity.isInteger == (expected != nil))
        if let expected {
            #expect(try quantity.asInteger() == expected)
        } else {
            #expect(throws: Quantity.ArithmeticError.notAnInteger) { try quantity.asInteger() }
        }
    }

    static let signs: [(String, Int)] = [
        ("-1", -1), ("0", 0), ("0.0", 0), ("-0", 0), ("1n", 1), ("-1e100", -1), ("1e2147483647", 1), ("-9Ei", -1),
        ("0Pi", 0), ("0.0000000000", 0), ("-0.0000000001", -1),
    ]

    @Test(arguments: signs)
    func signOf(input: String, expected: Int) throws {
        #expect(try q(input).sign == expected)
        #expect(try q(input).isZero == (expected == 0))
    }

    /// `AsApproximateFloat64` works on the held form: `float64(unscaled) * math.Pow10(exponent)`.
    /// A decimal-held value is stored at nano scale, so one near 1e300 already overflows.
    static let floats: [(String, Double)] = [
        ("50.703k", 50703), ("1Gi", 1_073_741_824), ("500m", 0.5), ("0", 0), ("1e-5", 1e-5), ("1n", 1e-9),
        ("1e400", .infinity), ("-1e400", -.infinity), ("1e300", 1e288 * 1e12), ("9Ei", Double(Int64.max)),
        ("1000000000000000000000e279", .infinity),
        ("12345678901234567890", Double("12345678901234567890000000000")! * 1e-9),
        ("4Pi", Double("4503599627370496000000000")! * 1e-9),
        ("-1.5", -15 * 0.1), ("1.7E18", 17 * 1e17),
    ]

    @Test(arguments: floats)
    func approximatesAsDouble(input: String, expected: Double) throws {
        #expect(try q(input).approximateDouble == expected)
    }

    // MARK: - Arithmetic

    /// (lhs, rhs, subtract?, printed result, result format, result isInteger).
    static let arithmetic: [(String, String, Bool, String, Quantity.Format, Bool)] = [
        ("50k", "20", false, "50020", .decimalSI, true), ("50k", "20", true, "49980", .decimalSI, true),
        ("50k", "20k", false, "70k", .decimalSI, true), ("50k", "20k", true, "30k", .decimalSI, true),
        ("1Gi", "1Mi", false, "1025Mi", .binarySI, true), ("1Gi", "1024Mi", true, "0", .binarySI, true),
        // A zero receiver takes the other operand's format; a zero operand leaves the receiver alone.
        ("0", "1Gi", false, "1Gi", .binarySI, true), ("1Gi", "0", false, "1Gi", .binarySI, true),
        ("100m", "0", false, "100m", .decimalSI, false), ("0", "100m", false, "100m", .decimalSI, false),
        ("0", "100m", true, "-100m", .decimalSI, false), ("100m", "0", true, "100m", .decimalSI, false),
        ("0", "1Gi", true, "-1Gi", .binarySI, true), ("0Ki", "5", false, "5", .decimalSI, true),
        ("1Ki", "-1Ki", false, "0", .binarySI, true),
        // int64 sums keep the smaller scale, which decides isInteger.
        ("1", "500m", false, "1500m", .decimalSI, false), ("1.5", "0.5", false, "2", .decimalSI, false),
        ("1k", "1", false, "1001", .decimalSI, true), ("1k", "1k", true, "0", .decimalSI, true),
        ("500m", "1.5", true, "-1", .decimalSI, false), ("1Mi", "1.5", true, "1048574500m", .binarySI, false),
        ("1e100", "1e100", false, "20e99", .decimalExponent, false),
        // Past int64 the sum is decimal-held.
        ("9223372036854775807", "1", false, "9223372036854775808", .decimalSI, false),
        ("-9223372036854775808", "1", true, "-9223372036854775809", .decimalSI, false),
        ("1E", "1n", false, "1000000000000000000000000001n", .decimalSI, false),
        ("123456789012345678901234567890", "1", false, "123456789012345678901234567891", .decimalSI, false),
        ("4Ei", "4Ei", false, "8Ei", .binarySI, false), ("1e5000", "-1e5000", false, "0", .decimalExponent, true),
        ("12345678901234567890", "12345678901234567890", true, "0", .decimalSI, false),
    ]

    @Test(arguments: arithmetic)
    func addsAndSubtracts(
        lhs: String, rhs: String, subtract: Bool, printed: String, format: Quantity.Format, isInteger: Bool
    )
        throws
    {
        let left = try q(lhs)
        let right = try q(rhs)
        let result = subtract ? try left.subtracting(right) : try left.adding(right)
        #expect(result.description == printed)
        #expect(result.format == format)
        #expect(result.isInteger == isInteger)
    }

    @Test func integerOperandsAreDecimalExponent() throws {
        #expect(try q("50k").adding(Quantity(20)).description == "50020")
        #expect(try q("50k").adding(Quantity(20)) > q("50019"))
        #expect(try q("50k").adding(Quantity(20)) == q("50020"))
        #expect(try q("50k").subtracting(Quantity(20000)) == q("30k"))
        #expect(try Quantity(0).adding(Quantity(1000)).description == "1e3")
        #expect(try q("0").adding(Quantity(1000)).format == .decimalExponent)
        #expect(Quantity(-7).description == "-7")
        #expect(Quantity(1500).description == "1500")
        #expect(Quantity(3_000_000).description == "3e6")
        // The CEL library's documented chains.
        let chain = try q("50k").adding(Quantity(20)).subtracting(q("100k"))
        #expect(try chain.asInteger() == -49980)
        #expect(try chain.subtracting(Quantity(-50000)).asInteger() == 20)
        #expect(try q("50k").adding(Quantity(20)).subtracting(q("100k")).subtracting(Quantity(-50000)) == q("20"))
    }

    @Test func negatingTheMinimumLeavesInt64() throws {
        let negated = try Quantity(0).subtracting(Quantity(.min))
        #expect(negated.description == "9223372036854775808")
        #expect(!negated.isInteger)
        #expect(negated.format == .decimalExponent)
        #expect(try Quantity(5).subtracting(Quantity(.min)).description == "9223372036854775813")
    }

    @Test func binarySIPastTheLastSuffixFallsBackToExponents() throws {
        // 10^70 is a multiple of 1024^7: no binary suffix, so e-notation.
        let big = try q("1Ki").adding(q("1e70")).subtracting(q("1Ki"))
        #expect(big.format == .binarySI)
        #expect(big.description == "10e69")
        // 2^70 has no trailing decimal zeros: the full integer.
        let twoTo70 = try q("1Ki").adding(q("1180591620717411302400"))
        #expect(twoTo70.description == "1180591620717411303424")
        // A BinarySI integer that is no multiple of 1024 prints bare.
        #expect(try q("1Ki").adding(Quantity(976)).description == "2000")
        #expect(try q("-1Ki").subtracting(Quantity(976)).description == "-2000")
    }

    @Test func arithmeticTooLargeToBuildIsRefused() throws {
        #expect(throws: Quantity.ArithmeticError.tooManyDigits) { try q("1e2147483647").adding(q("1n")) }
        #expect(throws: Quantity.ArithmeticError.tooManyDigits) { try q("1e20000").subtracting(q("1")) }
        let wide = try q("1e5000").adding(q("1"))
        #expect(try wide > q("1e5000"))
        #expect(wide.description == "1" + String(repeating: "0", count: 4999) + "1")
        // Equal huge exponents need no alignment.
        #expect(try q("1e2147483647").adding(q("1e2147483647")).description == "20e2147483646")
    }

    @Test func arithmeticDoesNotKeepTheVerbatimText() throws {
        #expect(try q("+1").adding(q("0")).description == "1")
        #expect(try q("1.500").subtracting(q("0")).description == "1500m")
    }
}
