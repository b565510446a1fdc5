// sealgate · KubeManifest

/// Writes node trees as JSON, pretty-printed the way `kubectl get -o json` does or compact on one line.
///
/// Integers stay integers, doubles always show that they are doubles (`1.0`, `1e+16`), and strings are
/// escaped as RFC 8259 requires, and DEL and the C1 controls too (terminals act on them), while other
/// non-ASCII text stays UTF-8. JSON has no NaN or infinity, so a tree
/// holding one cannot be written; YAML can hold them.
public enum JSONEmitter {
    /// Writes one value.
    ///
    /// - Parameters:
    ///   - node: the value to write.
    ///   - pretty: `true` for two-space indentation, one member or element per line and a final newline, as
    ///     `kubectl -o json` prints; `false` for a single line with no spaces and no final newline.
    ///   - sortKeys: whether to order every object's members by their names' UTF-8 bytes instead of keeping
    ///     the mapping's order.
    /// - Returns: the JSON text; `[]` and `{}` stand for empty collections.
    /// - Throws: ``ManifestError`` with code `unrepresentable` at the location of the first
    ///   NaN or infinite double.
    public static func emit(_ node: Node, pretty: Bool = true, sortKeys: Bool = false) throws(ManifestError) -> String {
        var writer = JSONWriter(pretty: pretty, sortKeys: sortKeys)
        try writer.value(node, indent: 0)
        if pretty { writer.out.append(UInt8(ascii: "\n")) }
        return String(decoding: writer.out, as: UTF8.self)
    }

    /// A string as a JSON string literal, quoted and escaped as ``emit(_:pretty:sortKeys:)`` writes it.
    public static func quote(_ s: String) -> String {
        var writer = JSONWriter(pretty: false, sortKeys: false)
        writer.string(s)
        return String(decoding: writer.out, as: UTF8.self)
    }
}

private struct JSONWriter {
    var out: [UInt8] = []
    let pretty: Bool
    let sortKeys: Bool

    init(pretty: Bool, sortKeys: Bool) {
        self.pretty = pretty
        self.sortKeys = sortKeys
    }

    mutating func value(_ node: Node, indent: Int) throws(ManifestError) {
        switch node.value {
        case .null:
            out.append(contentsOf: "null".utf8)
        case let .bool(b):
            out.append(contentsOf: (b ? "true" : "false").utf8)
        case let .int(i):
            out.append(contentsOf: String(i).utf8)
        case let .double(d):
            guard d.isFinite else {
                let what = d.isNaN ? "NaN" : (d < 0 ? "negative infinity" : "infinity")
                throw ManifestError(
                    .unrepresentable,
                    "this value is \(what), which JSON cannot represent; write YAML output instead "
                        + "(it keeps the value as \(d.isNaN ? ".nan" : (d < 0 ? "-.inf" : ".inf")))",
                    at: node.location)
            }
            // Swift's shortest round-trip digits always include a '.' or an exponent, so the value reads
            // back as a double, never as an integer.
            out.append(contentsOf: d.description.utf8)
        case let .string(s):
            string(s)
        case let .list(items):
            guard !items.isEmpty else {
                out.append(contentsOf: "[]".utf8)
                return
            }
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(indent: indent + 2)
                try value(item, indent: indent + 2)
            }
            newline(indent: indent)
            out.append(UInt8(ascii: "]"))
        case let .map(mapping):
            guard !mapping.isEmpty else {
                out.append(contentsOf: "{}".utf8)
                return
            }
            let entries =
                sortKeys
                ? mapping.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
                : Array(mapping)
            out.append(UInt8(ascii: "{"))
            for (i, entry) in entries.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(indent: indent + 2)
                string(entry.key)
                out.append(UInt8(ascii: ":"))
                if pretty { out.append(UInt8(ascii: " ")) }
                try value(entry.value, indent: indent + 2)
            }
            newline(indent: indent)
            out.append(UInt8(ascii: "}"))
        }
    }

    mutating func newline(indent: Int) {
        guard pretty else { return }
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent))
    }

    /// Writes a string literal, copying runs of bytes that need no escape in one go.
    mutating func string(_ s: String) {
        out.append(UInt8(ascii: "\""))
        var copy = s
        copy.withUTF8 { bytes in
            var runStart = 0
            for (i, byte) in bytes.enumerated()
            where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
                || byte == 0x7F || (byte == 0xC2 && i + 1 < bytes.count && bytes[i + 1] < 0xA0)
            {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i]))
                runStart = i + 1
                // DEL and the C1 controls (U+0080–U+009F, 0xC2 0x80–0x9F in UTF-8) need no escape in JSON, but a
                // terminal acts on U+009B as on ESC [, and JSON output is read on terminals too.
                if byte == 0x7F || byte == 0xC2 {
                    let scalar = byte == 0x7F ? byte : bytes[i + 1]
                    out.append(contentsOf: #"\u00"#.utf8)
                    out.append(Self.hexDigit(scalar >> 4))
                    out.append(Self.hexDigit(scalar & 0xF))
                    runStart = byte == 0x7F ? i + 1 : i + 2
                    continue
                }
                switch byte {
                case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
                case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
                case UInt8(ascii: "\n"): out.append(contentsOf: #"\n"#.utf8)
                case UInt8(ascii: "\t"): out.append(contentsOf: #"\t"#.utf8)
                case UInt8(ascii: "\r"): out.append(contentsOf: #"\r"#.utf8)
                case 0x08: out.append(contentsOf: #"\b"#.utf8)
                case 0x0C: out.append(contentsOf: #"\f"#.utf8)
                default:
                    out.append(contentsOf: #"\u00"#.utf8)
                    out.append(Self.hexDigit(byte >> 4))
                    out.append(Self.hexDigit(byte & 0xF))
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
        out.append(UInt8(ascii: "\""))
    }

    static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }
}
