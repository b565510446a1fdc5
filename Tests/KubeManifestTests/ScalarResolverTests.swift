// sealgate · KubeManifest tests

import Testing
@testable import KubeManifest

/// kubectl's YAML 1.1 reading of plain scalars, one row per form.
struct ScalarResolverTests {
    static let plainScalars: [(String, Value)] = [
        // Null
        ("", .null), ("~", .null), ("null", .null), ("Null", .null), ("NULL", .null),
        // Booleans, YAML 1.1 style
        ("true", .bool(true)), ("True", .bool(true)), ("TRUE", .bool(true)),
        ("false", .bool(false)), ("False", .bool(false)), ("FALSE", .bool(false)),
        ("yes", .bool(true)), ("Yes", .bool(true)), ("YES", .bool(true)), ("y", .bool(true)), ("Y", .bool(true)),
        ("no", .bool(false)), ("No", .bool(false)), ("NO", .bool(false)), ("n", .bool(false)), ("N", .bool(false)),
        ("on", .bool(true)), ("On", .bool(true)), ("ON", .bool(true)),
        ("off", .bool(false)), ("Off", .bool(false)), ("OFF", .bool(false)),
        // Integers
        ("0", .int(0)), ("42", .int(42)), ("+42", .int(42)), ("-42", .int(-42)), ("-0", .int(0)),
        ("0777", .int(511)), ("0o17", .int(15)), ("0O17", .int(15)), ("-0o17", .int(-15)),
        ("0x1F", .int(31)), ("0X1f", .int(31)), ("-0x10", .int(-16)), ("+0x10", .int(16)),
        ("0b101", .int(5)), ("-0b101", .int(-5)), ("1_000_000", .int(1_000_000)), ("0x_FF", .int(255)),
        ("9223372036854775807", .int(.max)), ("-9223372036854775808", .int(.min)),
        // Integers beyond 64 bits become doubles, as JSON reads them
        ("9223372036854775808", .double(Double("9223372036854775808")!)),
        ("18446744073709551615", .double(Double("18446744073709551615")!)),
        ("0xFFFFFFFFFFFFFFFF", .double(Double("18446744073709551615")!)),
        ("-9223372036854775809", .double(Double("-9223372036854775809")!)),
        ("123456789012345678901234567890", .double(Double("123456789012345678901234567890")!)),
        // Not valid octal, but valid float syntax: go-yaml reads 08 as 8.0
        ("08", .double(8)), ("09.5", .double(9.5)),
        // Doubles
        ("1.5", .double(1.5)), ("-1.5", .double(-1.5)), ("+1.5", .double(1.5)), (".5", .double(0.5)),
        ("-.5", .double(-0.5)), ("1.", .double(1)), ("1e3", .double(1000)), ("1E3", .double(1000)),
        ("1.5e-3", .double(0.0015)), ("6.02e+23", .double(6.02e23)), ("1_0.5", .double(10.5)),
        (".inf", .double(.infinity)), (".Inf", .double(.infinity)), (".INF", .double(.infinity)),
        ("+.inf", .double(.infinity)), ("-.inf", .double(-.infinity)), ("-.Inf", .double(-.infinity)),
        // Strings: everything else
        ("hello", .string("hello")), ("yes please", .string("yes please")), ("nope", .string("nope")),
        ("0x", .string("0x")), ("0xZZ", .string("0xZZ")), ("0b102", .string("0b102")), ("1e", .string("1e")),
        ("1.2.3", .string("1.2.3")), ("+", .string("+")), ("-", .string("-")), (".", .string(".")),
        ("..", .string("..")), ("_1", .string("_1")), ("1a", .string("1a")), ("0o8", .string("0o8")),
        ("2001-12-14", .string("2001-12-14")), ("2001-12-14T21:59:43.10-05:00", .string("2001-12-14T21:59:43.10-05:00")),
        ("12:30:00", .string("12:30:00")), ("1:20", .string("1:20")), ("nan", .string("nan")),
        ("inf", .string("inf")), ("Infinity", .string("Infinity")), ("tRUE", .string("tRUE")),
        ("<<", .string("<<")), ("v1", .string("v1")), ("100m", .string("100m")), ("1Gi", .string("1Gi")),
        ("0.0.0.0/0", .string("0.0.0.0/0")), ("~/x", .string("~/x")), ("ü", .string("ü")),
    ]

    @Test("plain scalars resolve as kubectl reads them", arguments: plainScalars)
    func plain(text: String, expected: Value) {
        #expect(ScalarResolver.resolvePlain(text) == expected)
    }

    @Test("NaN spellings are NaN")
    func nan() {
        for text in [".nan", ".NaN", ".NAN"] {
            guard case let .double(d) = ScalarResolver.resolvePlain(text) else {
                Issue.record("\(text) is not a double")
                continue
            }
            #expect(d.isNaN)
        }
    }

    @Test("a string is ambiguous as plain exactly when it resolves to something else")
    func ambiguity() {
        for (text, value) in Self.plainScalars {
            #expect(ScalarResolver.isAmbiguousAsPlain(text) == (value != .string(text)), "\(text)")
        }
    }

    static let taggedScalars: [(String, String, ScalarResolver.TaggedResult)] = [
        ("yes", "tag:yaml.org,2002:str", .value(.string("yes"))),
        ("123", "tag:yaml.org,2002:str", .value(.string("123"))),
        ("5", "tag:yaml.org,2002:int", .value(.int(5))),
        ("0x10", "tag:yaml.org,2002:int", .value(.int(16))),
        ("abc", "tag:yaml.org,2002:int", .mismatch),
        ("5", "tag:yaml.org,2002:float", .value(.double(5))),
        ("1.5", "tag:yaml.org,2002:float", .value(.double(1.5))),
        ("x", "tag:yaml.org,2002:float", .mismatch),
        ("on", "tag:yaml.org,2002:bool", .value(.bool(true))),
        ("maybe", "tag:yaml.org,2002:bool", .mismatch),
        ("~", "tag:yaml.org,2002:null", .value(.null)),
        ("x", "tag:yaml.org,2002:null", .mismatch),
        ("aGVsbG8=", "tag:yaml.org,2002:binary", .value(.string("aGVsbG8="))),
        ("2001-12-14", "tag:yaml.org,2002:timestamp", .value(.string("2001-12-14"))),
        ("true", "!", .value(.string("true"))),
        ("Ref", "!Ref", .applicationTag),
    ]

    @Test("explicit tags force or check the type", arguments: taggedScalars)
    func tagged(text: String, tag: String, expected: ScalarResolver.TaggedResult) {
        #expect(ScalarResolver.resolve(tagged: text, tag: tag) == expected)
    }
}
