// sealgate · KubeManifest tests

import Diagnostics
import Testing
@testable import KubeManifest

/// Splitting a YAML stream at its document markers: where it splits, where it refuses to, and that the
/// chunks parsed one by one give exactly the whole stream's documents.
struct DocumentChunksTests {
    /// The chunks of `text`, or nil when the split is refused.
    static func chunks(_ text: String, name: String = "test.yaml") -> [YAMLDocumentChunk]? {
        Array(text.utf8).withUnsafeBytes { ManifestParser.yamlDocumentChunks(in: $0, file: SourceFile(path: name)) }
    }

    /// The documents of `text` parsed chunk by chunk; nil when a chunk does not parse alone.
    static func chunkedDocuments(_ text: String, limits: LoaderLimits = LoaderLimits()) -> [Document]? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { raw -> [Document]? in
            guard let chunks = ManifestParser.yamlDocumentChunks(in: raw, file: SourceFile(path: "test.yaml")) else { return nil }
            var documents: [Document] = []
            for chunk in chunks {
                guard
                    let found = ManifestParser.documents(
                        inChunk: chunk, of: raw, file: SourceFile(path: "test.yaml"), limits: limits, documentsBefore: documents.count)
                else { return nil }
                documents += found
            }
            return documents
        }
    }

    /// Every node of the documents with its place, its value when a scalar, and how it was written: two
    /// parses agree when these agree.
    static func shape(_ documents: [Document]) -> [String] {
        var lines: [String] = []
        func walk(_ node: Node, _ path: String) {
            let place = "\(path) @\(node.location.line):\(node.location.column) \(String(describing: node.layout))"
            switch node.value {
            case let .map(mapping):
                lines.append("\(place) map")
                for entry in mapping {
                    lines.append("\(path).\(entry.key) key @\(entry.keyLocation.line):\(entry.keyLocation.column)")
                    walk(entry.value, "\(path).\(entry.key)")
                }
            case let .list(items):
                lines.append("\(place) list")
                for (index, item) in items.enumerated() { walk(item, "\(path)[\(index)]") }
            default:
                lines.append("\(place) \(node.value)")
            }
        }
        for document in documents { walk(document.root, "#\(document.index)") }
        return lines
    }

    @Test("a stream splits at each line that starts with --- and a blank, with the lines before each chunk")
    func splitsAtMarkers() throws {
        let text = "# head\na: 1\n---\nb: 2\n--- # two\nc: |\n  ---\n  text\n----\n---x: 1\n---\tz\n---"
        let chunks = try #require(Self.chunks(text))
        let bytes = Array(text.utf8)
        let pieces = chunks.map { String(decoding: bytes[$0.range], as: UTF8.self) }
        #expect(pieces == ["# head\na: 1\n", "---\nb: 2\n", "--- # two\nc: |\n  ---\n  text\n----\n---x: 1\n", "---\tz\n", "---"])
        #expect(chunks.map(\.linesBefore) == [0, 2, 4, 10, 11])
        // Every byte is in exactly one chunk, in order.
        #expect(chunks.first?.range.lowerBound == 0 && chunks.last?.range.upperBound == bytes.count)
        for (before, after) in zip(chunks, chunks.dropFirst()) { #expect(before.range.upperBound == after.range.lowerBound) }
    }

    @Test("a stream that starts with a marker, or has none, is not given an empty first chunk")
    func noEmptyChunks() throws {
        #expect(Self.chunks("---\na: 1\n")?.map(\.range) == [0..<9])
        #expect(Self.chunks("a: 1\n")?.map(\.range) == [0..<5])
        #expect(Self.chunks("")?.map(\.range) == [0..<0])
    }

    @Test(
        "what parses differently alone is not split",
        arguments: [
            ("%YAML 1.2\n---\na: 1\n", "a directive"),
            ("a: 1\n---\n%TAG !e! tag:example.com:\n", "a directive later"),
            ("a: 1\r---\rb: 2\r", "lone CR line breaks"),
            ("a: 1\u{85}---\u{85}b: 2\n", "NEL"),
            ("a: 1\u{2028}---\nb: 2\n", "LS"),
            ("a: 1\u{2029}---\nb: 2\n", "PS"),
            ("a: 1\n---\n\u{FEFF}b: 2\n", "a byte order mark after the start"),
            ("a: 1\n---\nb: \u{0}\n", "a NUL byte"),
            ("{\"a\": 1}\n", "JSON by its first character"),
        ])
    func refused(text: String, why: String) {
        #expect(Self.chunks(text) == nil, "\(why)")
    }

    @Test("a .json file is not split")
    func jsonByName() {
        #expect(Self.chunks("a: 1\n---\nb: 2\n", name: "x.json") == nil)
    }

    @Test("CRLF line ends and a byte order mark at the start split as LF does")
    func crlfAndBOM() throws {
        let text = "\u{FEFF}a: 1\r\n---\r\nb: 'x'\r\n"
        #expect(Self.chunks(text)?.map(\.linesBefore) == [0, 1])
        #expect(Self.shape(try #require(Self.chunkedDocuments(text))) == Self.shape(try parseYAML(text)))
    }

    @Test("a chunk that does not parse alone gives nil, as the whole stream gives an error")
    func brokenChunk() {
        for text in ["a: 'open\n---\nb: 2\n", "a: [1,\n---\n]\n", "a: &x 1\n---\nb: *x\n", "a: 1\n---\n  - b\n c: d\n"] {
            #expect(parseError(text) != nil, "\(text)")
            #expect(Self.chunkedDocuments(text) == nil, "\(text)")
        }
    }

    @Test("the limit on documents counts the documents of the chunks before")
    func documentLimit() {
        let limits = LoaderLimits(maxDocuments: 2)
        #expect(Self.chunkedDocuments("a: 1\n---\nb: 2\n", limits: limits)?.count == 2)
        #expect(Self.chunkedDocuments("a: 1\n---\nb: 2\n---\nc: 3\n", limits: limits) == nil)
        #expect(parseError("a: 1\n---\nb: 2\n---\nc: 3\n", limits: limits)?.code == .tooManyDocuments)
    }

    /// Pieces streams are made of: documents of every scalar and collection style, with markers, comments,
    /// document ends, anchors and aliases, and some that do not parse.
    static let documentPieces = [
        "apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: shop}\nstringData:\n  password: hunter2\n",
        "key: |\n  ---\n  --- not a marker when indented\n  text\n",
        "folded: >\n  one\n  two\n\nnext: x\n",
        "quoted: \"a \\u00e9 b\"\nsingle: 'it''s'\n",
        "multi: \"one\n  two\"\n",
        "list:\n  - &a {x: 1}\n  - *a\n  - <<: *a\n    y: 2\n",
        "flow: [a, b,\n  c]\n",
        "# only a comment\n",
        "",
        "plain: multi\n  line scalar\n",
        "----\n",
        "--- |\n  a block at the top\n",
        "--- >-\n  folded top\n",
        "---x: dashes then text\n",
        "é: ünïcode 🎉\n",
        "a: 1\n...\nb: 2\n",
        "a: 1\n... # end\n",
        "bad: [unclosed\n",
        "bad: 'unclosed\n",
        "dup: 1\ndup: 2\n",
        "ref: *nowhere\n",
        "  indented: odd\n",
    ]

    static let markers = ["---\n", "--- \n", "---\t# c\n", "--- # marker comment\n", "---\r\n", "---"]

    @Test("chunks parsed one by one give the whole stream's documents, positions and layouts included, or fail as it fails")
    func chunksAgreeWithTheWholeStream() {
        var generator = SplitMix64(state: 0x5EA1_6A7E)
        var compared = 0
        var failed = 0
        for _ in 0..<3000 {
            var text = generator.below(4) == 0 ? "\u{FEFF}" : ""
            for position in 0..<(1 + generator.below(5)) {
                if position > 0 || generator.below(3) == 0 { text += Self.markers[generator.below(Self.markers.count)] }
                text += Self.documentPieces[generator.below(Self.documentPieces.count)]
            }
            let whole = try? parseYAML(text)
            guard Self.chunks(text) != nil else { continue }
            let chunked = Self.chunkedDocuments(text)
            if let whole {
                compared += 1
                #expect(chunked.map(Self.shape) == Self.shape(whole), "\(text.debugDescription)")
                #expect(chunked?.map(\.index) == whole.map(\.index), "\(text.debugDescription)")
            } else {
                failed += 1
                #expect(chunked == nil, "\(text.debugDescription)")
            }
        }
        // The generator reaches both sides.
        #expect(compared > 500 && failed > 500)
    }
}
