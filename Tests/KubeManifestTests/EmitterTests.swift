// sealgate · KubeManifest

import Diagnostics
import Testing
@testable import KubeManifest

// MARK: - Building and reading trees

private let testFile = SourceFile(path: "built")

private func at(_ line: Int, _ column: Int) -> Diagnostics.SourceLocation {
    SourceLocation(file: testFile, line: line, column: column)
}

private func leaf(_ value: Value) -> Node { Node(value, at: at(1, 1)) }
private func str(_ s: String) -> Node { leaf(.string(s)) }
private func int(_ i: Int64) -> Node { leaf(.int(i)) }
private func dbl(_ d: Double) -> Node { leaf(.double(d)) }
private func seq(_ items: Node...) -> Node { leaf(.list(items)) }

private func obj(_ pairs: KeyValuePairs<String, Node>) -> Node {
    leaf(.map(Mapping(pairs.map { Mapping.Entry(key: $0.key, keyLocation: at(1, 1), value: $0.value) })))
}

private func obj(entries pairs: [(String, Node)]) -> Node {
    leaf(.map(Mapping(pairs.map { Mapping.Entry(key: $0.0, keyLocation: at(1, 1), value: $0.1) })))
}

private func readYAML(_ text: String) throws -> [Document] {
    let bytes = Array(text.utf8)
    return try bytes.withUnsafeBytes {
        try YAMLReader.documents(in: $0, file: SourceFile(path: "t.yaml"), limits: LoaderLimits())
    }
}

private func readJSON(_ text: String) throws -> [Document] {
    let bytes = Array(text.utf8)
    return try bytes.withUnsafeBytes {
        try JSONReader.documents(in: $0, file: SourceFile(path: "t.json"), limits: LoaderLimits())
    }
}

/// Emits `tree` as YAML and reads it back, expecting one document equal to the tree.
private func expectYAMLRoundTrip(_ tree: Node, sortKeys: Bool = false) throws {
    let text = YAMLEmitter.emit(tree, sortKeys: sortKeys)
    let documents = try readYAML(text)
    #expect(documents.count == 1, "\(text)")
    #expect(documents.first?.root == tree, "YAML did not round-trip:\n\(text)")
    #expect(sameNumberKinds(documents.first?.root, tree), "YAML changed an int into a double or back:\n\(text)")
}

/// Emits `tree` as JSON (both layouts) and reads it back, expecting an equal tree.
private func expectJSONRoundTrip(_ tree: Node, sortKeys: Bool = false) throws {
    for pretty in [true, false] {
        let text = try JSONEmitter.emit(tree, pretty: pretty, sortKeys: sortKeys)
        let documents = try readJSON(text)
        #expect(documents.count == 1, "\(text)")
        #expect(documents.first?.root == tree, "JSON did not round-trip:\n\(text)")
        #expect(sameNumberKinds(documents.first?.root, tree), "JSON changed an int into a double or back:\n\(text)")
    }
}

/// `==` treats `1` and `1.0` as equal; a round trip must also keep which of the two a number is.
private func sameNumberKinds(_ a: Node?, _ b: Node?) -> Bool {
    guard let a, let b else { return a == nil && b == nil }
    switch (a.value, b.value) {
    case let (.list(x), .list(y)):
        return x.count == y.count && zip(x, y).allSatisfy { sameNumberKinds($0, $1) }
    case let (.map(x), .map(y)):
        return x.count == y.count && x.allSatisfy { sameNumberKinds($0.value, y[$0.key]) }
    default:
        return a.value.typeName == b.value.typeName
    }
}

// MARK: - YAML layout

@Suite("YAMLEmitter: layout")
struct YAMLEmitterLayoutTests {
    static let deployment = obj([
        "apiVersion": str("apps/v1"),
        "kind": str("Deployment"),
        "metadata": obj(["name": str("web"), "labels": obj(["app": str("web")])]),
        "spec": obj([
            "replicas": int(3),
            "template": obj([
                "spec": obj([
                    "containers": seq(
                        obj([
                            "name": str("web"),
                            "image": str("nginx:1.27"),
                            "args": seq(str("--port"), str("8080")),
                            "ports": seq(obj(["containerPort": int(80), "protocol": str("TCP")])),
                            "env": seq(),
                        ])
                    ),
                    "volumes": seq(),
                ])
            ]),
        ]),
        "empty": obj([:]),
        "ratio": dbl(0.5),
        "on": str("yes"),
        "nothing": leaf(.null),
        "enabled": leaf(.bool(true)),
    ])

    @Test func kubernetesObject() throws {
        let expected = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              labels:
                app: web
            spec:
              replicas: 3
              template:
                spec:
                  containers:
                  - name: web
                    image: nginx:1.27
                    args:
                    - "--port"
                    - "8080"
                    ports:
                    - containerPort: 80
                      protocol: TCP
                    env: []
                  volumes: []
            empty: {}
            ratio: 0.5
            "on": "yes"
            nothing: null
            enabled: true

            """
        #expect(YAMLEmitter.emit(Self.deployment) == expected)
        try expectYAMLRoundTrip(Self.deployment)
    }

    @Test func sortedKeysAreByteOrdered() throws {
        let tree = obj(["b": int(1), "a": int(2), "B": int(3), "é": int(4), "aa": int(5), "_": int(6)])
        #expect(YAMLEmitter.emit(tree, sortKeys: true) == "B: 3\n_: 6\na: 2\naa: 5\nb: 1\né: 4\n")
        #expect(YAMLEmitter.emit(tree) == "b: 1\na: 2\nB: 3\né: 4\naa: 5\n_: 6\n")
        let nested = obj(["z": obj(["w": int(1), "v": int(2)]), "a": seq(obj(["d": int(1), "c": int(2)]))])
        #expect(YAMLEmitter.emit(nested, sortKeys: true) == "a:\n- c: 2\n  d: 1\nz:\n  v: 2\n  w: 1\n")
        try expectYAMLRoundTrip(nested, sortKeys: true)
    }

    @Test func nestedListsAndEmptyCollections() throws {
        let tree = seq(
            seq(str("a"), str("b")),
            seq(),
            obj([:]),
            obj(["c": int(1), "d": seq(str("x"), seq(int(2), int(3)))]),
            seq(seq(str("deep"))),
            leaf(.null)
        )
        let expected = """
            - - a
              - b
            - []
            - {}
            - c: 1
              d:
              - x
              - - 2
                - 3
            - - - deep
            - null

            """
        #expect(YAMLEmitter.emit(tree) == expected)
        try expectYAMLRoundTrip(tree)
    }

    @Test func listUnderListItemMapping() throws {
        let tree = obj(["items": seq(obj(["ports": seq(int(80), int(443)), "name": str("a")]))])
        #expect(YAMLEmitter.emit(tree) == "items:\n- ports:\n  - 80\n  - 443\n  name: a\n")
        try expectYAMLRoundTrip(tree)
    }

    @Test(arguments: [
        (Value.null, "null\n"),
        (.bool(false), "false\n"),
        (.int(-5), "-5\n"),
        (.int(.max), "9223372036854775807\n"),
        (.int(.min), "-9223372036854775808\n"),
        (.double(1), "1.0\n"),
        (.double(-2.5), "-2.5\n"),
        (.double(1e16), "1e+16\n"),
        (.double(1e-7), "1e-07\n"),
        (.double(.infinity), ".inf\n"),
        (.double(-.infinity), "-.inf\n"),
        (.double(.nan), ".nan\n"),
        (.string("hello"), "hello\n"),
        (.string(""), "\"\"\n"),
        (.string("a\nb"), "|-\n  a\n  b\n"),
        (.string("..."), "\"...\"\n"),
        (.list([]), "[]\n"),
        (.map(Mapping()), "{}\n"),
    ])
    func rootScalars(value: Value, expected: String) {
        #expect(YAMLEmitter.emit(leaf(value)) == expected)
    }

    @Test func documentsAreSeparated() throws {
        let docs = [obj(["a": int(1)]), seq(str("x")), str("multi\nline\n\n")]
        let text = YAMLEmitter.emit(documents: docs)
        #expect(text == "a: 1\n---\n- x\n---\n|+\n  multi\n  line\n\n")
        #expect(try readYAML(text).map(\.root) == docs)
        #expect(YAMLEmitter.emit(documents: []) == "")
        #expect(YAMLEmitter.emit(documents: [int(1)]) == "1\n")
    }

    @Test func doublesStayDoubles() throws {
        for d in [1.0, 0.1, -0.0, 100.0, 1e16, 1e21, 1e300, .leastNonzeroMagnitude, 2.2250738585072014e-308, 123456.789, -1e-7] {
            let text = YAMLEmitter.emit(obj(["v": dbl(d)]))
            let back = try #require(try readYAML(text).first?.root["v"])
            guard case let .double(read) = back.value else {
                Issue.record("\(d) read back as \(back.value.typeName): \(text)")
                continue
            }
            #expect(read == d && read.sign == d.sign, "\(text)")
        }
        let nan = try #require(try readYAML(YAMLEmitter.emit(dbl(.nan))).first?.root)
        guard case let .double(d) = nan.value, d.isNaN else {
            Issue.record("NaN did not round-trip")
            return
        }
    }
}

// MARK: - YAML string styles

@Suite("YAMLEmitter: strings")
struct YAMLEmitterStringTests {
    /// Strings and how they are written as a mapping value.
    @Test(arguments: [
        // Plain.
        ("hello", "hello"),
        ("foo bar", "foo bar"),
        ("a:b", "a:b"),
        ("http://example.com/x?y=1#z", "http://example.com/x?y=1#z"),
        ("a#b", "a#b"),
        ("a-b", "a-b"),
        ("a - b", "a - b"),
        ("x?", "x?"),
        ("a,b", "a,b"),
        ("a[0]", "a[0]"),
        ("<<x", "<<x"),
        ("1.2.3", "1.2.3"),
        ("2024-01-01", "2024-01-01"),
        ("1:30", "1:30"),
        ("say \"hi\"", "say \"hi\""),
        ("it's", "it's"),
        (#"C:\path"#, #"C:\path"#),
        ("é", "é"),
        ("日本語", "日本語"),
        ("😀 emoji", "😀 emoji"),
        ("nbsp\u{A0}inside", "nbsp\u{A0}inside"),
        ("Yes please", "Yes please"),
        ("nullable", "nullable"),
        (".", "."),
        ("..", ".."),
        ("=", "="),
        ("_", "_"),
        // Would read back as another type.
        ("yes", "\"yes\""),
        ("No", "\"No\""),
        ("ON", "\"ON\""),
        ("off", "\"off\""),
        ("y", "\"y\""),
        ("n", "\"n\""),
        ("true", "\"true\""),
        ("False", "\"False\""),
        ("null", "\"null\""),
        ("NULL", "\"NULL\""),
        ("~", "\"~\""),
        ("", "\"\""),
        ("0", "\"0\""),
        ("123", "\"123\""),
        ("0777", "\"0777\""),
        ("0x1F", "\"0x1F\""),
        ("0o17", "\"0o17\""),
        ("0b101", "\"0b101\""),
        ("1_000", "\"1_000\""),
        ("+1", "\"+1\""),
        ("1e3", "\"1e3\""),
        ("1.5", "\"1.5\""),
        (".5", "\".5\""),
        ("1.", "\"1.\""),
        (".inf", "\".inf\""),
        ("-.Inf", "\"-.Inf\""),
        (".NaN", "\".NaN\""),
        ("99999999999999999999", "\"99999999999999999999\""),
        // Blanks at the ends.
        (" lead", "\" lead\""),
        ("trail ", "\"trail \""),
        (" ", "\" \""),
        // Indicators and comment or mapping look-alikes.
        ("a: b", "\"a: b\""),
        ("a:", "\"a:\""),
        ("key::", "\"key::\""),
        ("#x", "\"#x\""),
        ("a #b", "\"a #b\""),
        ("-", "\"-\""),
        ("- x", "\"- x\""),
        ("--port", "\"--port\""),
        ("-1x", "\"-1x\""),
        ("---", "\"---\""),
        ("...", "\"...\""),
        ("... more", "\"... more\""),
        ("?", "\"?\""),
        ("? q", "\"? q\""),
        (":x", "\":x\""),
        (",", "\",\""),
        ("[a]", "\"[a]\""),
        ("]", "\"]\""),
        ("{a}", "\"{a}\""),
        ("}", "\"}\""),
        ("&anchor", "\"&anchor\""),
        ("*alias", "\"*alias\""),
        ("!tag", "\"!tag\""),
        ("|", "\"|\""),
        (">fold", "\">fold\""),
        ("'q'", "\"'q'\""),
        ("\"q\"", #""\"q\"""#),
        ("%TAG", "\"%TAG\""),
        ("@at", "\"@at\""),
        ("`tick`", "\"`tick`\""),
        ("<<", "\"<<\""),
        // Characters that need escapes.
        ("tab\there", #""tab\there""#),
        ("\tlead", #""\tlead""#),
        ("bell\u{7}", #""bell\x07""#),
        ("nul\u{0}", #""nul\x00""#),
        ("esc\u{1B}[0m", #""esc\x1B[0m""#),
        ("del\u{7F}", #""del\x7F""#),
        ("c1\u{80}\u{9F}", #""c1\x80\x9F""#),
        ("nel\u{85}x", #""nel\x85x""#),
        ("ls\u{2028}ps\u{2029}", #""ls\u2028ps\u2029""#),
        ("\u{FEFF}bom", #""\uFEFFbom""#),
        ("non\u{FFFE}char", #""non\uFFFEchar""#),
        ("cr\r", #""cr\r""#),
        ("back\\slash\u{1}", #""back\\slash\x01""#),
        ("quote\" \u{1}", #""quote\" \x01""#),
        // Line breaks: literal blocks when they keep the text exactly.
        ("a\nb", "|-\n  a\n  b"),
        ("a\n", "|\n  a"),
        ("a\n\n", "|+\n  a\n"),
        ("a\n\n\n", "|+\n  a\n\n"),
        ("a\n\nb", "|-\n  a\n\n  b"),
        ("\na", "|-\n\n  a"),
        (" lead\nnext", "|2-\n   lead\n  next"),
        ("\n  deep\nx\n", "|2\n\n    deep\n  x"),
        ("\tx\ny", "|2-\n  \tx\n  y"),
        ("a\tb\nc", "|-\n  a\tb\n  c"),
        ("# not a comment\n- not a list\nkey: not a map", "|-\n  # not a comment\n  - not a list\n  key: not a map"),
        ("é\n😀", "|-\n  é\n  😀"),
        ("yes\nno", "|-\n  yes\n  no"),
        ("---\n...", "|-\n  ---\n  ..."),
        // Line breaks a literal block cannot carry.
        ("\n", #""\n""#),
        ("\n\n", #""\n\n""#),
        ("a \nb", #""a \nb""#),
        ("a\nb ", #""a\nb ""#),
        ("a\n \nb", #""a\n \nb""#),
        ("a\r\nb", #""a\r\nb""#),
        ("a\nb\u{7}", #""a\nb\x07""#),
        ("a\nb\u{85}", #""a\nb\x85""#),
        ("a\n\u{FEFF}", #""a\n\uFEFF""#),
    ])
    func valueStyle(text: String, expected: String) throws {
        let tree = obj(["k": str(text)])
        #expect(YAMLEmitter.emit(tree) == "k: \(expected)\n")
        try expectYAMLRoundTrip(tree)
        try expectYAMLRoundTrip(seq(str(text), obj(["n": obj(["k": str(text)])])))
        try expectYAMLRoundTrip(str(text))
        try expectJSONRoundTrip(tree)
    }

    @Test(arguments: [
        "yes", "Yes", "no", "on", "off", "y", "n", "true", "null", "~", "", "123", "-1", "1.5", "1e3", "0777", "0x10",
        ".inf", "<<", "a: b", "a:", "#x", "-", "? x", " lead", "trail ", "multi\nline", "line\n", "tab\t",
        "é", "😀", "\u{FEFF}", "\u{85}", "quote\"", "back\\", "---", "...", "[x]", "{x}", "&a", "*a", "!a", "%a",
        "@a", "`a", "|", ">", "'", ",",
    ])
    func keysAreQuotedLikeValues(key: String) throws {
        let tree = obj(entries: [(key, int(1)), ("plain", str(key))])
        try expectYAMLRoundTrip(tree)
        try expectYAMLRoundTrip(seq(obj(entries: [(key, obj(entries: [(key, seq(str(key)))]))])))
        try expectJSONRoundTrip(tree)
    }

    @Test func keysNeverUseBlocks() {
        #expect(YAMLEmitter.emit(obj(["a\nb": int(1)])) == "\"a\\nb\": 1\n")
        #expect(YAMLEmitter.emit(obj(["": int(1), "yes": int(2), "123": int(3)])) == "\"\": 1\n\"yes\": 2\n\"123\": 3\n")
    }

    @Test func veryLongKeysUseTheExplicitForm() throws {
        let long = String(repeating: "k", count: 2000)
        let tree = obj(entries: [
            (long, str("v")),
            (long + "2", obj(["a": int(1)])),
            (long + "3", seq(str("x"))),
            (long + "4", str("multi\nline")),
            ("short", int(1)),
        ])
        let text = YAMLEmitter.emit(tree)
        #expect(text.hasPrefix("? \(long)\n: v\n? \(long)2\n:\n  a: 1\n? \(long)3\n:\n- x\n? \(long)4\n: |-\n  multi\n  line\nshort: 1\n"))
        try expectYAMLRoundTrip(tree)
        try expectYAMLRoundTrip(seq(tree))
        try expectYAMLRoundTrip(obj(entries: [(String(repeating: "\u{1}", count: 400), int(1))]))
    }
}

// MARK: - JSON

@Suite("JSONEmitter")
struct JSONEmitterTests {
    static let tree = obj([
        "a": int(1),
        "b": seq(leaf(.bool(true)), leaf(.null), dbl(2.5)),
        "c": obj([:]),
        "d": seq(),
        "e": str("x\"y"),
        "f": obj(["g": seq(obj(["h": int(-7)]))]),
    ])

    @Test func prettyLayoutMatchesKubectl() throws {
        let expected = """
            {
              "a": 1,
              "b": [
                true,
                null,
                2.5
              ],
              "c": {},
              "d": [],
              "e": "x\\"y",
              "f": {
                "g": [
                  {
                    "h": -7
                  }
                ]
              }
            }

            """
        #expect(try JSONEmitter.emit(Self.tree) == expected)
        try expectJSONRoundTrip(Self.tree)
    }

    @Test func compactLayoutHasNoSpaces() throws {
        #expect(
            try JSONEmitter.emit(Self.tree, pretty: false)
                == #"{"a":1,"b":[true,null,2.5],"c":{},"d":[],"e":"x\"y","f":{"g":[{"h":-7}]}}"#)
    }

    @Test func sortedKeysAreByteOrdered() throws {
        let tree = obj(["b": int(1), "a": obj(["z": int(1), "Z": int(2)]), "é": int(3), "B": int(4)])
        #expect(try JSONEmitter.emit(tree, pretty: false, sortKeys: true) == #"{"B":4,"a":{"Z":2,"z":1},"b":1,"é":3}"#)
        #expect(try JSONEmitter.emit(tree, pretty: false) == #"{"b":1,"a":{"z":1,"Z":2},"é":3,"B":4}"#)
    }

    @Test(arguments: [
        (Value.null, "null"),
        (.bool(true), "true"),
        (.int(0), "0"),
        (.int(.min), "-9223372036854775808"),
        (.int(.max), "9223372036854775807"),
        (.double(1), "1.0"),
        (.double(-0.0), "-0.0"),
        (.double(0.1), "0.1"),
        (.double(100), "100.0"),
        (.double(1e16), "1e+16"),
        (.double(1.5e-7), "1.5e-07"),
        (.double(.leastNonzeroMagnitude), "5e-324"),
        (.double(1.7976931348623157e308), "1.7976931348623157e+308"),
        (.string(""), #""""#),
        (.string("plain"), #""plain""#),
        (.string("\"\\/"), #""\"\\/""#),
        (.string("\n\t\r\u{8}\u{C}"), #""\n\t\r\b\f""#),
        (.string("\u{0}\u{1}\u{1F}"), #""\u0000\u0001\u001f""#),
        (.string("é 😀 \u{7F} \u{2028}"), "\"é 😀 \\u007f \u{2028}\""),
        (.list([]), "[]"),
        (.map(Mapping()), "{}"),
    ])
    func scalars(value: Value, expected: String) throws {
        #expect(try JSONEmitter.emit(leaf(value), pretty: false) == expected)
        #expect(try JSONEmitter.emit(leaf(value)) == expected + "\n")
        try expectJSONRoundTrip(leaf(value))
    }

    @Test(arguments: [Double.nan, .infinity, -.infinity])
    func nonFiniteDoublesAreUnrepresentable(value: Double) throws {
        let bad = Node(.double(value), at: at(3, 7))
        let tree = obj(["ok": int(1), "spec": seq(str("x"), bad)])
        for pretty in [true, false] {
            let result = Result { () throws(ManifestError) in try JSONEmitter.emit(tree, pretty: pretty) }
            switch result {
            case .success:
                Issue.record("\(value) was written as JSON")
            case let .failure(error):
                #expect(error.code == .unrepresentable)
                #expect(error.location?.line == 3)
                #expect(error.location?.column == 7)
                #expect(error.location?.file.path == "built")
                #expect(error.reason.contains("YAML"))
            }
        }
        // YAML keeps them.
        let text = YAMLEmitter.emit(tree)
        #expect(text.contains(value.isNaN ? ".nan" : ".inf"))
    }
}

// MARK: - Round trips

@Suite("Emitters: round trips")
struct EmitterRoundTripTests {
    @Test func readTreesRoundTripThroughBothFormats() throws {
        let json = """
            {"apiVersion": "v1", "kind": "ConfigMap",
             "metadata": {"name": "cfg", "annotations": {"yes": "no", "123": "0777", "~": "", "": "1e3"}},
             "data": {"script": "#!/bin/sh\\necho \\"hi\\"\\n", "lead": " x", "colon": "a: b", "emoji": "😀",
                      "tab": "a\\tb", "crlf": "a\\r\\nb", "nested": [[1, 2.0], {"x": null}], "big": 9223372036854775807,
                      "small": -9223372036854775808, "f": 1e300, "neg": -0.5}}
            """
        let tree = try #require(try readJSON(json).first?.root)
        try expectYAMLRoundTrip(tree)
        try expectYAMLRoundTrip(tree, sortKeys: true)
        try expectJSONRoundTrip(tree)
        try expectJSONRoundTrip(tree, sortKeys: true)
        // And YAML → JSON → YAML text is stable.
        let yaml = YAMLEmitter.emit(tree)
        let fromYAML = try #require(try readYAML(yaml).first?.root)
        let again = try #require(try readJSON(try JSONEmitter.emit(fromYAML)).first)
        #expect(YAMLEmitter.emit(again.root) == yaml)
    }

    typealias Generator = SplitMix64

    static let fragments: [String] = [
        "a", "b", "yes", "No", "~", "null", "0", "07", "1e3", ".5", "-", "#", ":", ": ", " #", " ", "\t", "\n",
        "\n\n", "\r", "é", "😀", "\u{1}", "\u{7F}", "\u{85}", "\u{A0}", "\u{2028}", "\u{FEFF}", "\"", "'", "\\",
        "[", "]", "{", "}", ",", "&", "*", "!", "|", ">", "%", "@", "`", "?", "<<", "---", "...", "x y", "0x",
        "true", "1", "_", ".", "+",
    ]

    static func randomString(_ g: inout Generator) -> String {
        (0..<g.below(6)).map { _ in fragments[g.below(fragments.count)] }.joined()
    }

    static func randomTree(_ g: inout Generator, depth: Int, allowNonFinite: Bool) -> Node {
        let kind = depth > 4 ? g.below(6) : g.below(9)
        switch kind {
        case 0: return leaf(.null)
        case 1: return leaf(.bool(g.below(2) == 0))
        case 2: return int(Int64(bitPattern: g.next()) >> g.below(64))
        case 3:
            let specials: [Double] = allowNonFinite ? [.nan, .infinity, -.infinity] : []
            let choices = specials + [0, -0.0, 1, 0.1, 1e16, 1e-300, 123.456, Double(bitPattern: g.next() >> 2)]
            let d = choices[g.below(choices.count)]
            // NaN never equals itself; the equality checks need values that do.
            return dbl(d.isNaN ? 1.5 : d)
        case 4, 5: return str(randomString(&g))
        case 6, 7:
            var pairs: [(String, Node)] = []
            var seen = Set<String>()
            for _ in 0..<g.below(5) {
                let key = randomString(&g)
                guard seen.insert(key).inserted else { continue }
                pairs.append((key, randomTree(&g, depth: depth + 1, allowNonFinite: allowNonFinite)))
            }
            return obj(entries: pairs)
        default:
            return leaf(.list((0..<g.below(5)).map { _ in randomTree(&g, depth: depth + 1, allowNonFinite: allowNonFinite) }))
        }
    }

    @Test(arguments: 0..<8)
    func generatedTreesRoundTrip(seed: Int) throws {
        var g = Generator(state: UInt64(seed) &* 7919)
        for _ in 0..<150 {
            let yamlTree = Self.randomTree(&g, depth: 0, allowNonFinite: true)
            try expectYAMLRoundTrip(yamlTree)
            try expectYAMLRoundTrip(yamlTree, sortKeys: true)
            let jsonTree = Self.randomTree(&g, depth: 0, allowNonFinite: false)
            try expectJSONRoundTrip(jsonTree)
        }
    }

    @Test func generatedStreamsRoundTrip() throws {
        var g = Generator(state: 42)
        for _ in 0..<50 {
            let documents = (0..<(1 + g.below(4))).map { _ in Self.randomTree(&g, depth: 0, allowNonFinite: false) }
            let text = YAMLEmitter.emit(documents: documents)
            #expect(try readYAML(text).map(\.root) == documents, "\(text)")
        }
    }
}
