// sealgate · KubeManifest tests

import Diagnostics
import Testing
@testable import KubeManifest

struct YAMLReaderTests {
    // MARK: - Values and positions

    @Test("a nested document keeps the line and column of every node and key")
    func positions() throws {
        let root = try parseOne(
            """
            apiVersion: apps/v1
            kind: Deployment
            spec:
              template:
                spec:
                  containers:
                    - name: web
                      image: "nginx:1.27"
                      ports: [ {containerPort: 80} ]
            """)
        #expect(root.location.line == 1 && root.location.column == 1)
        let containers = try #require(root.node(at: ["spec", "template", "spec", "containers"]))
        #expect(containers.location.line == 7 && containers.location.column == 9)
        let name = try #require(root.node(at: ["spec", "template", "spec", "containers", 0, "name"]))
        #expect(name.string == "web")
        #expect(name.location.line == 7 && name.location.column == 17)
        let image = try #require(root.node(at: ["spec", "template", "spec", "containers", 0, "image"]))
        #expect(image.location.line == 8 && image.location.column == 18)
        let port = try #require(root.node(at: ["spec", "template", "spec", "containers", 0, "ports", 0, "containerPort"]))
        #expect(port.value == .int(80))
        #expect(port.location.line == 9 && port.location.column == 36)
        let container = try #require(root.node(at: ["spec", "template", "spec", "containers", 0])?.mapping)
        let imageKey = try #require(container.entry(for: "image"))
        #expect(imageKey.keyLocation.line == 8 && imageKey.keyLocation.column == 11)
        #expect(root.location.file.path == "test.yaml")
    }

    @Test("columns count characters, not bytes")
    func unicodeColumns() throws {
        let root = try parseOne("café: ü\nnext: ok\n")
        let value = try #require(root["café"])
        #expect(value.location.column == 7)
    }

    @Test("quoted scalars stay strings; plain ones resolve")
    func quoting() throws {
        let root = try parseOne(
            """
            a: yes
            b: "yes"
            c: 'on'
            d: 0777
            e: "0777"
            f: ~
            g: ''
            h:
            i: |
              line one
              line two
            j: >-
              folded
              text
            k: !!str 123
            l: !!int "42"
            m: !!float 3
            """)
        let expected: [(String, Value)] = [
            ("a", .bool(true)), ("b", .string("yes")), ("c", .string("on")), ("d", .int(511)), ("e", .string("0777")),
            ("f", .null), ("g", .string("")), ("h", .null), ("i", .string("line one\nline two\n")),
            ("j", .string("folded text")), ("k", .string("123")), ("l", .int(42)), ("m", .double(3)),
        ]
        for (key, value) in expected {
            #expect(root[key]?.value == value, "key \(key)")
        }
    }

    @Test("a tag that does not fit its value is an error at the value")
    func badTag() {
        let error = parseError("a: 1\nb: !!int hello\n")
        #expect(error?.code == .invalidTag)
        #expect(error?.location?.line == 2)
        #expect(error?.location?.column == 4)
    }

    @Test("application tags keep the scalar's text")
    func applicationTag() throws {
        let root = try parseOne("ref: !Ref Bucket\n")
        #expect(root["ref"]?.value == .string("Bucket"))
    }

    @Test("keys that resolve to other types become their string form, as kubectl sees them")
    func keyConversion() throws {
        let root = try parseOne("on: push\n1: one\n\"null\": x\n\"yes\": quoted\n0x10: hex\n")
        #expect(root.mapping?.keys == ["true", "1", "null", "yes", "16"])
    }

    static let floatKeys: [(String, String)] = [
        ("1e3", "1000"), ("1.0", "1"), ("1.5", "1.5"), ("0.1", "0.1"), ("-2.5", "-2.5"), ("123456.0", "123456"),
        ("1e6", "1e+06"), ("1234567.0", "1.234567e+06"), ("0.0001", "0.0001"), ("0.00001", "1e-05"),
        ("1e-10", "1e-10"), ("1e20", "1e+20"), ("0.0", "0"), ("3.14159265358979", "3.1415927"),
        (".inf", ".inf"), ("-.inf", "-.inf"), (".nan", ".nan"), ("1e39", ".inf"),
    ]

    @Test("float keys take the form kubectl gives them (Go's %g of the 32-bit value)", arguments: floatKeys)
    func floatKey(text: String, key: String) throws {
        let root = try parseOne("\(text): value\n")
        #expect(root.mapping?.keys == [key])
    }

    @Test("a null key is refused, as kubectl refuses it")
    func nullKey() {
        let error = parseError("a: 1\n~: x\n")
        #expect(error?.code == .complexKey)
        #expect(error?.location?.line == 2 && error?.location?.column == 1)
    }

    @Test("a list or mapping used as a key is an error")
    func complexKey() {
        let error = parseError("? [a, b]\n: value\n")
        #expect(error?.code == .complexKey)
        #expect(error?.location?.line == 1)
    }

    // MARK: - Streams

    @Test("a multi-document stream keeps every document, empty ones as null")
    func streams() throws {
        let documents = try parseYAML(
            """
            # leading comment
            a: 1
            ---
            ---
            b: 2
            ...
            ---
            - x
            """)
        #expect(documents.count == 4)
        #expect(documents.map(\.index) == [0, 1, 2, 3])
        #expect(documents[0].root["a"]?.value == .int(1))
        #expect(documents[1].isEmpty)
        #expect(documents[2].root["b"]?.location.line == 5)
        #expect(documents[3].root.value == list([.string("x")]))
    }

    @Test("an empty file or one with only comments has no documents")
    func emptyFile() throws {
        #expect(try parseYAML("").isEmpty)
        #expect(try parseYAML("# nothing here\n").isEmpty)
    }

    // MARK: - Anchors, aliases, merge keys

    @Test("aliases repeat the anchored node, at the alias's position")
    func aliases() throws {
        let root = try parseOne(
            """
            base: &res {cpu: 100m, memory: 64Mi}
            a: *res
            list: &l [1, 2]
            b: *l
            s: &s text
            c: *s
            """)
        #expect(root["a"] == root["base"])
        #expect(root["a"]?.location.line == 2)
        #expect(root["b"]?.value == list([.int(1), .int(2)]))
        #expect(root["c"]?.value == .string("text"))
    }

    @Test("merge keys add keys that are not set explicitly; earlier sources win")
    func mergeKeys() throws {
        let root = try parseOne(
            """
            one: &one {a: 1, b: 1}
            two: &two {b: 2, c: 2}
            single:
              <<: *one
              a: explicit
            several:
              x: first
              <<: [*one, *two]
            inline:
              <<: {z: 26}
            quoted:
              "<<": not a merge
            """)
        #expect(root["single"]?.value == map(["a": .string("explicit"), "b": .int(1)]))
        #expect(root["several"]?.value == map(["x": .string("first"), "a": .int(1), "b": .int(1), "c": .int(2)]))
        #expect(root["several"]?.mapping?.keys == ["x", "a", "b", "c"])
        #expect(root["inline"]?.value == map(["z": .int(26)]))
        #expect(root["quoted"]?.mapping?.keys == ["<<"])
    }

    @Test("a merge key with a scalar or a list of scalars is an error at the value")
    func badMerge() {
        let scalar = parseError("a:\n  <<: 5\n")
        #expect(scalar?.code == .invalidMerge)
        #expect(scalar?.location?.line == 2 && scalar?.location?.column == 7)
        let listOfScalars = parseError("a:\n  <<: [1]\n")
        #expect(listOfScalars?.code == .invalidMerge)
    }

    @Test("an alias to an undefined anchor, or to one in another document, is an error")
    func unknownAlias() {
        let error = parseError("a: 1\nb: *nope\n")
        #expect(error?.code == .unknownAlias)
        #expect(error?.location?.line == 2 && error?.location?.column == 4)
        #expect(parseError("a: &x 1\n---\nb: *x\n")?.code == .unknownAlias)
        // An alias inside its own anchored node cannot refer to it: no cycles.
        #expect(parseError("a: &x [*x]\n")?.code == .unknownAlias)
    }

    @Test("a duplicate key is an error at the second key, naming the first")
    func duplicateKey() throws {
        let error = try #require(parseError("a: 1\nb:\n  c: 1\n  c: 2\n"))
        #expect(error.code == .duplicateKey)
        #expect(error.location?.line == 4 && error.location?.column == 3)
        #expect(error.description == "test.yaml:4:3: error: duplicate key 'c' (first defined at line 3); remove one of them")
    }

    @Test("duplicate detection stays exact in a mapping large enough to be indexed")
    func largeMapping() throws {
        var text = ""
        for i in 0..<5_000 { text += "key\(i): \(i)\n" }
        let root = try parseOne(text)
        #expect(root.mapping?.count == 5_000)
        #expect(root["key4321"]?.value == .int(4321))
        let error = parseError(text + "key17: again\n")
        #expect(error?.code == .duplicateKey)
        #expect(error?.location?.line == 5_001)
    }

    // MARK: - Hostile input

    @Test("the classic billion-laughs document fails fast on the alias budget")
    func billionLaughs() throws {
        var text = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        let names = Array("abcdefghi")
        for i in 1..<names.count {
            let previous = names[i - 1]
            text += "\(names[i]): &\(names[i]) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
        }
        let error = try #require(parseError(text))
        #expect(error.code == .aliasBudget)
        #expect(error.location?.line == 6)
        #expect(error.reason.contains("billion laughs"))
        // Four levels expand to 9×10 + 9×91 + 9×820 = 8,289 nodes: the budget is exact.
        let small = text.split(separator: "\n").prefix(4).joined(separator: "\n")
        #expect(parseError(small, limits: LoaderLimits(maxAliasExpansion: 8_289)) == nil)
        #expect(parseError(small, limits: LoaderLimits(maxAliasExpansion: 8_288))?.code == .aliasBudget)
    }

    @Test("nesting past the limit fails with its position, at any depth, without exhausting the stack")
    func depth() throws {
        for depth in [257, 10_000, 1_000_000] {
            let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            let error = try #require(parseError(text))
            #expect(error.code == .tooDeep)
            #expect(error.location?.line == 1 && error.location?.column == 257)
        }
        let blockStyle = (0..<300).map { String(repeating: "  ", count: $0) + "k:" }.joined(separator: "\n") + " end\n"
        #expect(parseError(blockStyle)?.code == .tooDeep)
        let atLimit = String(repeating: "[", count: 256) + String(repeating: "]", count: 256)
        #expect(parseError(atLimit) == nil)
        #expect(parseError(atLimit, limits: LoaderLimits(maxDepth: 100))?.code == .tooDeep)
    }

    @Test("too many documents in one file is an error at the first one over")
    func documentLimit() {
        let text = String(repeating: "a: 1\n---\n", count: 20)
        let error = parseError(text, limits: LoaderLimits(maxDocuments: 10))
        #expect(error?.code == .tooManyDocuments)
        #expect(error?.location?.line == 20)  // document 11 starts at its "---"
    }

    @Test("a file over the size limit is refused before parsing")
    func sizeLimit() {
        let error = parseError(String(repeating: "a", count: 2_000), limits: LoaderLimits(maxFileSize: 1_000))
        #expect(error?.code == .fileTooLarge)
        #expect(error?.reason.contains("over the 1000-byte limit") == true)
    }

    static let malformed: [(name: String, text: String, code: ManifestError.Code, line: Int, column: Int, message: String)] = [
        (
            "tab", "a:\n  b: 1\n\tc: 2\n", .syntax, 3, 1,
            "test.yaml:3:1: error: tab character in indentation; YAML indents with spaces, so replace the tab with spaces"
        ),
        (
            "unterminated double quote", "a: 1\nb: \"open\nc: 2\n", .syntax, 4, 1,
            "test.yaml:4:1: error: unterminated quoted string that starts at line 2, column 4; add the closing quote"
        ),
        (
            "unterminated single quote", "b: 'open\n", .syntax, 2, 1,
            "test.yaml:2:1: error: unterminated quoted string that starts at line 1, column 4; add the closing quote"
        ),
        ("invalid UTF-8", "a: ok\nb: caf\u{FFFD}\n", .invalidUTF8, 2, 7, ""),
        (
            "control character", "a: \u{07}bell\n", .binaryFile, 1, 4,
            "test.yaml:1:4: error: control character U+0007 is not allowed in YAML; is this a binary file?"
        ),
        (
            "NUL byte", "a: b\n\u{0}\u{0}\u{0}", .binaryFile, 2, 1,
            "test.yaml:2:1: error: binary file (a NUL byte); sealgate reads YAML and JSON text"
        ),
        ("bad indentation", "a:\n  b: 1\n c: 2\n", .syntax, 3, 2, ""),
        (
            "mapping value in a plain scalar", "a: b: c\n", .syntax, 1, 5,
            "test.yaml:1:5: error: mapping values are not allowed in this context"
        ),
        ("unclosed flow sequence", "a: [1, 2\n", .syntax, 2, 1, ""),
    ]

    @Test("malformed input fails with the code, position and message users see", arguments: malformed)
    func malformedInput(name: String, text: String, code: ManifestError.Code, line: Int, column: Int, message: String) throws {
        var bytes = Array(text.utf8)
        if name == "invalid UTF-8" {
            // Swift strings are valid UTF-8: put the broken byte in by hand.
            let marker = Array("\u{FFFD}".utf8)
            let start = try #require(bytes.firstRange(of: marker))
            bytes.replaceSubrange(start, with: [0xFF])
        }
        let error = bytes.withUnsafeBytes { raw -> ManifestError? in
            do throws(ManifestError) {
                _ = try ManifestParser.documents(in: raw, file: SourceFile(path: "test.yaml"), format: .yaml)
                return nil
            } catch {
                return error
            }
        }
        let found = try #require(error, "\(name) parsed without an error")
        #expect(found.code == code, "\(name)")
        #expect(found.location?.line == line, "\(name)")
        #expect(found.location?.column == column, "\(name)")
        if !message.isEmpty {
            #expect(found.description == message, "\(name)")
        }
    }

    @Test(
        "a key past libyaml's 1024 characters is reported as that, at the key",
        arguments: [
            ("data:\n  \(String(repeating: "k", count: 1_025)): v\n", 2, 3),
            ("items:\n  - \(String(repeating: "é", count: 1_100)): v\n", 2, 5),
            ("data: {\(String(repeating: "k", count: 1_100)): v}\n", 1, 8),
            ("\(String(repeating: "k", count: 2_000)): v\n", 1, 1),
        ])
    func overlongKey(text: String, line: Int, column: Int) {
        let error = parseError(text)
        #expect(
            error?.reason
                == "a key longer than 1024 characters must be written as an explicit key ('? ' before it, ': ' before its value on the next line) or shortened"
        )
        #expect(error?.location?.line == line)
        #expect(error?.location?.column == column)
    }

    @Test("a long key written as an explicit key loads; a stray colon after a long value keeps libyaml's words")
    func explicitLongKey() throws {
        let key = String(repeating: "k", count: 2_000)
        let root = try parseOne("? \(key)\n: v\n")
        #expect(root[key]?.string == "v")
        let error = parseError("a: \(String(repeating: "v", count: 1_100)): w\n")
        #expect(error?.reason == "mapping values are not allowed in this context")
    }
}

/// How a string scalar's value maps back onto its file (what a CEL error in a policy points with).
struct ScalarSourceTests {
    private func node(_ yaml: String, _ key: String = "k") throws -> Node {
        let documents = try ManifestParser.documents(in: yaml, file: SourceFile(path: "s.yaml"))
        return try #require(documents.first?.root[key])
    }

    private func place(_ node: Node, _ line: Int, _ column: Int) -> String? {
        node.sourceLocation(ofLine: line, column: column)?.description
    }

    @Test("a node keeps how its scalar was written without growing: 32 bytes")
    func nodeSize() {
        #expect(MemoryLayout<Node>.size == 32)
    }

    @Test("the layout packs into 24 bits and back, saturating rather than overflowing")
    func packing() {
        let layouts = [
            ScalarLayout(style: .plain, exactPrefix: nil), ScalarLayout(style: .doubleQuoted, exactPrefix: 12),
            ScalarLayout(style: .literal, indentation: 6, exactPrefix: nil),
            ScalarLayout(style: .literal, indentation: nil, exactPrefix: nil),
            ScalarLayout(style: .folded, indentation: 254, exactPrefix: 8_000),
            ScalarLayout(style: .folded, indentation: nil, exactPrefix: nil),
            .unknown,
        ]
        for layout in layouts {
            let packed = layout.packed
            #expect(ScalarLayout(tag: packed.tag, bits: packed.bits) == layout)
        }
        let long = ScalarLayout(style: .singleQuoted, exactPrefix: 5_000_000).packed
        #expect(ScalarLayout(tag: long.tag, bits: long.bits).exactPrefix == (1 << 21) - 2)
        let deep = ScalarLayout(style: .folded, indentation: 300, exactPrefix: 9_000).packed
        #expect(ScalarLayout(tag: deep.tag, bits: deep.bits) == ScalarLayout(style: .folded, indentation: nil, exactPrefix: 8_190))
    }

    @Test("plain and quoted scalars on one line map past their quote and doubled characters")
    func flow() throws {
        #expect(place(try node("k: ab\u{E9}cd\n"), 1, 4) == "s.yaml:1:7")
        #expect(place(try node("k: 'it''s x'\n"), 1, 6) == "s.yaml:1:11")
        #expect(place(try node("k: \"a\\\"b\\\\c x\"\n"), 1, 7) == "s.yaml:1:13")
        #expect(place(try node("k: \"a\\tb x\"\n"), 1, 1) == "s.yaml:1:5")
        #expect(place(try node("k: \"a\\tb x\"\n"), 1, 2) == nil)
        #expect(place(try node("{\"k\": \"a\\/b x\"}", "k"), 1, 1) == "s.yaml:1:8")
        #expect(place(try node("{\"k\": \"a\\/b x\"}", "k"), 1, 2) == nil)
    }

    @Test("a scalar with a tag or an anchor, an alias, and a changed node have no exact place")
    func unknown() throws {
        #expect(place(try node("k: !!str ab\n"), 1, 1) == nil)
        #expect(place(try node("k: &a ab\n"), 1, 1) == nil)
        #expect(place(try node("j: &a ab\nk: *a\n"), 1, 1) == nil)
        var changed = try node("k: ab\n")
        #expect(place(changed, 1, 1) == "s.yaml:1:4")
        changed.value = .string("xy")
        #expect(place(changed, 1, 1) == nil)
        #expect(place(Node(.string("ab")), 1, 1) == nil)
    }

    @Test("block scalars: lines after the indicator, past the indentation; folded only up to the first fold")
    func blocks() throws {
        let literal = try node("k: |\n  one\n\n    two \u{1F44D} x\n")
        #expect(place(literal, 1, 1) == "s.yaml:2:3")
        #expect(place(literal, 3, 5) == "s.yaml:4:7")
        #expect(place(literal, 3, 9) == "s.yaml:4:11")
        let crlf = try node("k: |-\r\n  one\r\n  two\r\n")
        #expect(place(crlf, 2, 2) == "s.yaml:3:4")
        let folded = try node("k: >\n  one two\n  three\n")
        #expect(place(folded, 1, 5) == "s.yaml:2:7")
        #expect(place(folded, 1, 9) == nil)
        let bom = try node("\u{FEFF}k: |\n   x\n")
        #expect(place(bom, 1, 1) == "s.yaml:2:4")
    }
}
