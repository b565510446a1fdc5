// sealgate · KubeManifest

import Diagnostics
import Testing
@testable import KubeManifest

/// Reads `bytes` as a JSON stream in a file named `t.json`.
private func readJSON(bytes: [UInt8], limits: LoaderLimits = LoaderLimits()) throws -> [Document] {
    try bytes.withUnsafeBytes { try JSONReader.documents(in: $0, file: SourceFile(path: "t.json"), limits: limits) }
}

private func readJSON(_ text: String, limits: LoaderLimits = LoaderLimits()) throws -> [Document] {
    try readJSON(bytes: Array(text.utf8), limits: limits)
}

/// The one value `text` holds.
private func readValue(_ text: String) throws -> Node {
    let documents = try readJSON(text)
    try #require(documents.count == 1)
    return documents[0].root
}

/// The error reading `bytes` fails with, or `nil` when it succeeds.
private func jsonError(bytes: [UInt8], limits: LoaderLimits = LoaderLimits()) -> ManifestError? {
    do {
        _ = try readJSON(bytes: bytes, limits: limits)
        return nil
    } catch let error as ManifestError {
        return error
    } catch {
        Issue.record("unexpected error type: \(error)")
        return nil
    }
}

private func jsonError(_ text: String, limits: LoaderLimits = LoaderLimits()) -> ManifestError? {
    jsonError(bytes: Array(text.utf8), limits: limits)
}

/// `(line, column)` of a location, for compact expectations.
private func at(_ location: Diagnostics.SourceLocation) -> [Int] { [location.line, location.column] }

@Suite("JSONReader: values")
struct JSONReaderValueTests {
    @Test(arguments: [
        ("null", Value.null),
        ("true", .bool(true)),
        ("false", .bool(false)),
        ("0", .int(0)),
        ("42", .int(42)),
        ("-17", .int(-17)),
        ("1.5", .double(1.5)),
        (#""hi""#, .string("hi")),
        (#""""#, .string("")),
        ("[]", .list([])),
        ("{}", .map(Mapping())),
        ("  \n\t 7 \r\n", .int(7)),
    ])
    func scalarAndEmptyForms(text: String, expected: Value) throws {
        let node = try readValue(text)
        #expect(node.value == expected)
        #expect(node.value.typeName == expected.typeName)
    }

    @Test func nestedStructure() throws {
        let root = try readValue(#"{"a": [1, "two", {"b": null}], "c": {"d": {"e": false}}, "f": []}"#)
        #expect(root.mapping?.keys == ["a", "c", "f"])
        #expect(root.node(at: ["a", 0])?.value == .int(1))
        #expect(root.node(at: ["a", 1])?.value == .string("two"))
        #expect(root.node(at: ["a", 2, "b"])?.value == .null)
        #expect(root.node(at: ["c", "d", "e"])?.value == .bool(false))
        #expect(root["f"]?.list?.isEmpty == true)
    }

    @Test func keysKeepSourceOrder() throws {
        let root = try readValue(#"{"zeta": 1, "alpha": 2, "mid": 3}"#)
        #expect(root.mapping?.keys == ["zeta", "alpha", "mid"])
    }

    @Test func largeObjectUsesTheIndexedPath() throws {
        let members = (0..<40).map { "\"k\($0)\": \($0)" }.joined(separator: ", ")
        let root = try readValue("{\(members)}")
        #expect(root.mapping?.count == 40)
        #expect(root["k39"]?.value == .int(39))
    }

    @Test func positionsOfNestedNodesAndKeys() throws {
        let text = """
            {
              "a": [1, {"b": true}],
              "c": "x"
            }
            """
        let root = try readValue(text)
        #expect(at(root.location) == [1, 1])
        let mapping = try #require(root.mapping)
        let a = try #require(mapping.entry(for: "a"))
        #expect(at(a.keyLocation) == [2, 3])
        #expect(at(a.value.location) == [2, 8])
        #expect(at(try #require(root.node(at: ["a", 0])).location) == [2, 9])
        let inner = try #require(root.node(at: ["a", 1]))
        #expect(at(inner.location) == [2, 12])
        let b = try #require(inner.mapping?.entry(for: "b"))
        #expect(at(b.keyLocation) == [2, 13])
        #expect(at(b.value.location) == [2, 18])
        let c = try #require(mapping.entry(for: "c"))
        #expect(at(c.keyLocation) == [3, 3])
        #expect(at(c.value.location) == [3, 8])
        #expect(root.location.file.path == "t.json")
    }

    @Test func columnsCountCharactersNotBytes() throws {
        // é and ü take two bytes, 😀 four; each is one column.
        let root = try readValue(#"{"é":"ü","x":["😀😀",1]}"#)
        let mapping = try #require(root.mapping)
        #expect(at(try #require(mapping.entry(for: "é")).keyLocation) == [1, 2])
        #expect(at(try #require(mapping["é"]).location) == [1, 6])
        #expect(at(try #require(mapping.entry(for: "x")).keyLocation) == [1, 10])
        #expect(at(try #require(root.node(at: ["x", 1])).location) == [1, 20])
        #expect(root.node(at: ["x", 0])?.string == "😀😀")
    }

    @Test func columnsRestartOnEachLine() throws {
        let root = try readValue("[\"ééé\",\n  2]")
        #expect(at(try #require(root.node(at: [1])).location) == [2, 3])
    }

    @Test func byteOrderMarkIsSkippedAndTakesNoColumn() throws {
        let documents = try readJSON(bytes: [0xEF, 0xBB, 0xBF] + Array(#"{"a": 1}"#.utf8))
        #expect(documents.count == 1)
        #expect(at(documents[0].root.location) == [1, 1])
        #expect(at(try #require(documents[0].root.mapping?.entry(for: "a")).keyLocation) == [1, 2])
        #expect(try readJSON(bytes: [0xEF, 0xBB, 0xBF]).isEmpty)
        #expect(try readJSON(bytes: [0xEF, 0xBB, 0xBF, 0x20, 0x0A]).isEmpty)
    }
}

@Suite("JSONReader: streams")
struct JSONReaderStreamTests {
    @Test(arguments: ["", " ", "\n\n", " \t\r\n "])
    func emptyInputHasNoDocuments(text: String) throws {
        #expect(try readJSON(text).isEmpty)
    }

    @Test func severalValuesBecomeSeveralDocuments() throws {
        let documents = try readJSON("{\"a\": 1}\n{\"b\": 2}\n[3] \"s\" 4 true\nnull")
        #expect(documents.map(\.index) == Array(0..<7))
        #expect(
            documents.map(\.root.value) == [
                .map(
                    Mapping([
                        Mapping.Entry(
                            key: "a", keyLocation: documents[0].root.location,
                            value: Node(.int(1), at: documents[0].root.location))
                    ])),
                .map(
                    Mapping([
                        Mapping.Entry(
                            key: "b", keyLocation: documents[0].root.location,
                            value: Node(.int(2), at: documents[0].root.location))
                    ])),
                .list([Node(.int(3), at: documents[0].root.location)]),
                .string("s"), .int(4), .bool(true), .null,
            ])
        #expect(at(documents[1].root.location) == [2, 1])
        #expect(at(documents[3].root.location) == [3, 5])
        #expect(at(documents[6].root.location) == [4, 1])
    }

    @Test func valuesMayTouchLikeKubectlAccepts() throws {
        let documents = try readJSON(#"{}{"a":[]}[1]"x""#)
        #expect(documents.count == 4)
        #expect(documents[3].root.string == "x")
        #expect(at(documents[2].root.location) == [1, 11])
    }

    @Test func documentLimitCountsValues() throws {
        #expect(try readJSON("1 2 3", limits: LoaderLimits(maxDocuments: 3)).count == 3)
        let error = try #require(jsonError("1 2\n3 4", limits: LoaderLimits(maxDocuments: 3)))
        #expect(error.code == .tooManyDocuments)
        #expect([error.location?.line, error.location?.column] == [2, 3])
        #expect(error.location?.file.path == "t.json")
    }
}

@Suite("JSONReader: numbers")
struct JSONReaderNumberTests {
    @Test(arguments: [
        ("0", "int", 0.0),
        ("-0", "int", 0.0),
        ("7", "int", 7.0),
        ("123456789012345678", "int", 123456789012345678.0),
        ("1.0", "double", 1.0),
        ("-0.5", "double", -0.5),
        ("0.1", "double", 0.1),
        ("1e3", "double", 1000.0),
        ("1E3", "double", 1000.0),
        ("1e+3", "double", 1000.0),
        ("25e-2", "double", 0.25),
        ("1.5E-3", "double", 0.0015),
        ("3.141592653589793", "double", 3.141592653589793),
        ("1e22", "double", 1e22),
        ("1e23", "double", 1e23),
        ("9007199254740993", "int", 9007199254740992.0),
        ("9007199254740993.0", "double", 9007199254740992.0),
        ("9223372036854775808", "double", 9223372036854775808.0),
        ("-9223372036854775809", "double", -9223372036854775808.0),
        ("18446744073709551616", "double", 18446744073709551616.0),
        ("123456789012345678901234567890", "double", 1.2345678901234568e29),
        ("0.000000000000000000000000000001", "double", 1e-30),
        ("2.2250738585072014e-308", "double", 2.2250738585072014e-308),
        ("5e-324", "double", .leastNonzeroMagnitude),
        ("1e-400", "double", 0.0),
        ("1.7976931348623157e308", "double", 1.7976931348623157e308),
        ("1.00000000000000011102230246251565404236316680908203125", "double", 1.0),
        ("1.00000000000000011102230246251565404236316680908203126", "double", 1.0000000000000002),
    ])
    func integersFitOrBecomeDoubles(text: String, kind: String, expected: Double) throws {
        let value = try readValue(text).value
        #expect(value.typeName == kind)
        switch value {
        case let .int(i): #expect(Double(i) == expected)
        case let .double(d): #expect(d == expected)
        default: Issue.record("not a number: \(value)")
        }
    }

    @Test func int64Bounds() throws {
        #expect(try readValue("9223372036854775807").value == .int(.max))
        #expect(try readValue("-9223372036854775808").value == .int(.min))
        guard case .int = try readValue("-9223372036854775808").value else {
            Issue.record("Int64.min must stay an int")
            return
        }
    }

    @Test func negativeZeroDoubleKeepsItsSign() throws {
        guard case let .double(d) = try readValue("-0.0").value else {
            Issue.record("-0.0 must be a double")
            return
        }
        #expect(d == 0 && d.sign == .minus)
    }

    @Test func numbersInsideContainers() throws {
        let root = try readValue("[1,-2,3.5,4e1,{\"n\":-0.25}]")
        #expect(root.list?.map(\.value.typeName) == ["int", "int", "double", "double", "map"])
        #expect(root.node(at: [4, "n"])?.value == .double(-0.25))
    }
}

@Suite("JSONReader: strings")
struct JSONReaderStringTests {
    @Test(arguments: [
        (#""\"\\\/\b\f\n\r\t""#, "\"\\/\u{8}\u{C}\n\r\t"),
        (#""\u0041\u00e9\u4E2D""#, "Aé中"),
        (#""\ud83d\ude00""#, "😀"),
        (#""\uD834\uDD1E clef""#, "𝄞 clef"),
        (#""a\u0000b""#, "a\u{0}b"),
        (#""\u001f\u007f""#, "\u{1F}\u{7F}"),
        (#""\uFFFF""#, "\u{FFFF}"),
        (#""plain ascii""#, "plain ascii"),
        (#""héllo wörld 😀 中文""#, "héllo wörld 😀 中文"),
        (#""run one\nrun two\tand \"three\" é\u00e9""#, "run one\nrun two\tand \"three\" éé"),
        (#""\\\\""#, "\\\\"),
        (#""'single' and /slash/""#, "'single' and /slash/"),
    ])
    func escapesAndRawText(text: String, expected: String) throws {
        #expect(try readValue(text).string == expected)
    }

    @Test func longStringsWithManyEscapes() throws {
        let piece = String(repeating: "x", count: 1000)
        let root = try readValue("\"\(piece)\\n\(piece)\\u00e9\(piece)\"")
        #expect(root.string == piece + "\n" + piece + "é" + piece)
        // The escape buffer is reused; a following string must not see its leftovers.
        let list = try readValue(#"["a\nb", "c", "d\te", "plain"]"#)
        #expect(list.list?.compactMap(\.string) == ["a\nb", "c", "d\te", "plain"])
    }

    @Test func keysAreDecodedLikeStrings() throws {
        let root = try readValue(#"{"a\u0062c": 1, "\ud83d\ude00": 2, "": 3}"#)
        #expect(root.mapping?.keys == ["abc", "😀", ""])
    }
}

@Suite("JSONReader: errors")
struct JSONReaderErrorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let input: [UInt8]
        let code: ManifestError.Code
        let line: Int
        let column: Int
        let fragment: String

        init(_ input: String, _ code: ManifestError.Code, _ line: Int, _ column: Int, _ fragment: String) {
            self.init(bytes: Array(input.utf8), code, line, column, fragment)
        }

        init(bytes: [UInt8], _ code: ManifestError.Code, _ line: Int, _ column: Int, _ fragment: String) {
            self.input = bytes
            self.code = code
            self.line = line
            self.column = column
            self.fragment = fragment
        }

        var testDescription: String { String(decoding: input, as: UTF8.self).debugDescription }
    }

    @Test(arguments: [
        // Unexpected characters, each naming what was expected.
        Case(#"{"a" 1}"#, .syntax, 1, 6, "expected ':' after the member name"),
        Case("[1 2]", .syntax, 1, 4, "expected ',' or ']'"),
        Case("{\"a\":1\n \"b\":2}", .syntax, 2, 2, "expected ',' or '}'"),
        Case("{,}", .syntax, 1, 2, "expected a member name in double quotes"),
        Case("{a:1}", .syntax, 1, 2, "unexpected 'a'"),
        Case("{'a':1}", .syntax, 1, 2, "member name in double quotes"),
        Case("[1,]", .syntax, 1, 4, "trailing comma"),
        Case("[1,\n  ]", .syntax, 2, 3, "trailing comma"),
        Case(#"{"a":1,}"#, .syntax, 1, 8, "trailing comma"),
        Case("[,1]", .syntax, 1, 2, "expected a value"),
        Case(#"{"a":}"#, .syntax, 1, 6, "expected a value"),
        Case("]", .syntax, 1, 1, "expected a JSON value"),
        Case("[é]", .syntax, 1, 2, "character U+00E9"),
        Case("[\u{1}]", .syntax, 1, 2, "control character U+0001"),
        // Unexpected end of input, at the end.
        Case("[", .syntax, 1, 2, "unexpected end of input; expected a value"),
        Case("[1,\n", .syntax, 2, 1, "unexpected end of input"),
        Case(#"{"a""#, .syntax, 1, 5, "expected ':'"),
        Case(#"{"é":1"#, .syntax, 1, 7, "expected ',' or '}'"),
        Case("[1", .syntax, 1, 3, "expected ',' or ']'"),
        Case("tru", .syntax, 1, 4, "unexpected end of input"),
        Case("-", .syntax, 1, 2, "a digit after '-'"),
        Case("1.", .syntax, 1, 3, "a digit after the decimal point"),
        Case("1e", .syntax, 1, 3, "a digit in the exponent"),
        Case("1e+", .syntax, 1, 4, "a digit in the exponent"),
        // Literals.
        Case("trux", .syntax, 1, 4, "expected 'true'"),
        Case("[nul]", .syntax, 1, 5, "expected 'null'"),
        Case("True", .syntax, 1, 1, "unexpected 'T'"),
        Case("hello", .syntax, 1, 1, "unexpected 'h'"),
        // Numbers.
        Case("01", .syntax, 1, 1, "leading zero"),
        Case("[-012]", .syntax, 1, 3, "leading zero"),
        Case("00.5", .syntax, 1, 1, "leading zero"),
        Case("-a", .syntax, 1, 2, "a digit after '-'"),
        Case("1.e5", .syntax, 1, 3, "a digit after the decimal point"),
        Case(".5", .syntax, 1, 1, "unexpected '.'"),
        Case("+1", .syntax, 1, 1, "unexpected '+'"),
        Case("1e400", .syntax, 1, 1, "too large"),
        Case("[0, -1e999]", .syntax, 1, 5, "too large"),
        Case("NaN", .syntax, 1, 1, "'NaN' is not a JSON number"),
        Case("[1, Infinity]", .syntax, 1, 5, "'Infinity' is not a JSON number"),
        Case("-Infinity", .syntax, 1, 1, "'Infinity' is not a JSON number"),
        Case("{\"x\":\n  +NaN}", .syntax, 2, 3, "'NaN' is not a JSON number"),
        // Trailing garbage after a complete value.
        Case(#"{"a":1} }"#, .syntax, 1, 9, "unexpected '}'; expected another JSON value"),
        Case("[1]]", .syntax, 1, 4, "after the previous value"),
        Case("1 x", .syntax, 1, 3, "unexpected 'x'"),
        Case("1.5.3", .syntax, 1, 4, "unexpected '.'"),
        Case("\"a\",\"b\"", .syntax, 1, 4, "unexpected ','"),
        // Strings.
        Case(#""abc"#, .syntax, 1, 1, "never closed"),
        Case(#"  ["héllo"#, .syntax, 1, 4, "never closed"),
        Case(#""abc\"#, .syntax, 1, 1, "never closed"),
        Case("\"a\nb\"", .syntax, 1, 3, "line break inside a string"),
        Case("[\"é\tb\"]", .syntax, 1, 4, "tab character inside a string"),
        Case("\"\r\"", .syntax, 1, 2, "carriage return"),
        Case("\"a\u{1}\"", .syntax, 1, 3, "control character U+0001"),
        Case(#""\x""#, .syntax, 1, 2, "invalid escape"),
        Case(#""ab\'""#, .syntax, 1, 4, "invalid escape"),
        Case(#""\u12G4""#, .syntax, 1, 2, "four hex digits"),
        Case(#""\u12"#, .syntax, 1, 2, "four hex digits"),
        Case(#""é\ud83d""#, .syntax, 1, 3, "high surrogate"),
        Case(#""\ud83dx""#, .syntax, 1, 2, "high surrogate"),
        Case(#""\ud83d\u0041""#, .syntax, 1, 2, "not a low surrogate"),
        Case(#""\ud83d\ud83d""#, .syntax, 1, 2, "not a low surrogate"),
        Case(#""\ude00""#, .syntax, 1, 2, "low surrogate without a high surrogate"),
        Case(#""ok\ud83d\ude00\ude00""#, .syntax, 1, 16, "low surrogate without a high surrogate"),
        // Invalid UTF-8, at the first byte of the malformed sequence.
        Case(bytes: [0x22, 0x61, 0xFF, 0x62, 0x22], .invalidUTF8, 1, 3, "not valid UTF-8"),
        Case(bytes: [0x22, 0xC3, 0xA9, 0xC3, 0x22], .invalidUTF8, 1, 3, "not valid UTF-8"),
        Case(bytes: [0x22, 0xC0, 0x80, 0x22], .invalidUTF8, 1, 2, "not valid UTF-8"),
        Case(bytes: [0x22, 0xE0, 0x80, 0x80, 0x22], .invalidUTF8, 1, 2, "not valid UTF-8"),
        Case(bytes: [0x22, 0xED, 0xA0, 0x80, 0x22], .invalidUTF8, 1, 2, "not valid UTF-8"),
        Case(bytes: [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], .invalidUTF8, 1, 2, "not valid UTF-8"),
        Case(bytes: [0x22, 0x80, 0x22], .invalidUTF8, 1, 2, "not valid UTF-8"),
        Case(bytes: [0x22, 0xF0, 0x9F, 0x98], .invalidUTF8, 1, 2, "not valid UTF-8"),
        Case(bytes: [0x0A, 0x20, 0xFF], .invalidUTF8, 2, 2, "not valid UTF-8"),
        // Duplicate keys, at the second key, naming the first.
        Case("{\"a\": 1,\n \"a\": 2}", .duplicateKey, 2, 2, "first defined at line 1"),
        Case(#"{"x": {"k": 1, "j": 2, "k": 3}}"#, .duplicateKey, 1, 24, "duplicate key 'k'"),
        Case(#"{"\u0061": 1, "a": 2}"#, .duplicateKey, 1, 15, "duplicate key 'a'"),
    ])
    func errorHasCodeAndExactPosition(_ testCase: Case) throws {
        let error = try #require(jsonError(bytes: testCase.input))
        #expect(error.code == testCase.code, "\(error)")
        #expect(error.location?.line == testCase.line, "\(error)")
        #expect(error.location?.column == testCase.column, "\(error)")
        #expect(error.reason.contains(testCase.fragment), "\(error)")
        #expect(error.location?.file.path == "t.json")
    }

    @Test func duplicateKeyInLargeObjectNamesTheFirstLine() throws {
        var text = "{\n"
        for i in 0..<30 { text += "  \"k\(i)\": \(i),\n" }
        text += "  \"k7\": 0\n}"
        let error = try #require(jsonError(text))
        #expect(error.code == .duplicateKey)
        #expect([error.location?.line, error.location?.column] == [32, 3])
        #expect(error.reason.contains("line 9"))
    }

    @Test func messagesDoNotQuoteLongKeys() throws {
        let key = String(repeating: "k", count: 500)
        let error = try #require(jsonError("{\"\(key)\": 1, \"\(key)\": 2}"))
        #expect(error.code == .duplicateKey)
        #expect(error.reason.count < 200)
    }

    @Test func messagesDoNotQuoteStringContents() throws {
        let error = try #require(jsonError("{\"password\": \"hunter2\nsecret\"}"))
        #expect(!error.reason.contains("hunter2"))
        #expect(!error.reason.contains("secret"))
    }

    @Test func depthLimitIsEnforcedAtTheContainerThatExceedsIt() throws {
        let limits = LoaderLimits(maxDepth: 3)
        #expect(try readJSON("[[[1]]]", limits: limits).count == 1)
        #expect(try readJSON(#"{"a":{"b":[]}}"#, limits: limits).count == 1)
        let error = try #require(jsonError("[[[[1]]]]", limits: limits))
        #expect(error.code == .tooDeep)
        #expect([error.location?.line, error.location?.column] == [1, 4])
        let objects = try #require(jsonError(#"{"a": {"b": [{}]}}"#, limits: limits))
        #expect(objects.code == .tooDeep)
        #expect([objects.location?.line, objects.location?.column] == [1, 14])
    }

    @Test func defaultDepthAllows256Levels() throws {
        let ok = String(repeating: "[", count: 256) + String(repeating: "]", count: 256)
        #expect(try readJSON(ok).count == 1)
        let error = try #require(jsonError(String(repeating: "[", count: 257) + String(repeating: "]", count: 257)))
        #expect(error.code == .tooDeep)
        #expect([error.location?.line, error.location?.column] == [1, 257])
    }

    @Test func hundredThousandLevelsFailCleanly() throws {
        let arrays = try #require(jsonError(String(repeating: "[", count: 100_000)))
        #expect(arrays.code == .tooDeep)
        #expect([arrays.location?.line, arrays.location?.column] == [1, 257])
        let objects = try #require(jsonError(String(repeating: #"{"a":"#, count: 100_000)))
        #expect(objects.code == .tooDeep)
        #expect([objects.location?.line, objects.location?.column] == [1, 5 * 256 + 1])
    }
}
