// sealgate · KubeManifest

/// Writes node trees as block-style YAML in the layout `kubectl get -o yaml` uses.
///
/// The output reads back, with sealgate's own reader or with `kubectl`, as the same tree: a string is written
/// plain only when no YAML 1.1 reader could take it for anything else (`"yes"`, `"0777"`, `"1e3"` and `"~"`
/// stay quoted), multi-line text becomes a literal block (`|`) when that keeps it exactly, and everything
/// else is double-quoted with escapes. Mappings are indented by two spaces; a list that is a mapping's value
/// starts at the key's column, and a mapping inside a list starts on the dash's line (`- name: web`).
///
/// Keys keep the mapping's order unless `sortKeys` asks for byte-wise order, so the same tree always gives
/// the same text.
public enum YAMLEmitter {
    /// Writes one document.
    ///
    /// - Parameters:
    ///   - node: the document's root.
    ///   - sortKeys: whether to order every mapping's keys by their UTF-8 bytes instead of keeping their order.
    /// - Returns: the YAML text, ending with a newline; `[]` and `{}` stand for empty collections.
    public static func emit(_ node: Node, sortKeys: Bool = false) -> String {
        var writer = YAMLWriter(sortKeys: sortKeys)
        writer.document(node)
        return String(decoding: writer.out, as: UTF8.self)
    }

    /// Writes several documents as one stream, each after the first preceded by a `---` line.
    ///
    /// - Parameters:
    ///   - documents: the documents' roots, in order.
    ///   - sortKeys: whether to order every mapping's keys by their UTF-8 bytes instead of keeping their order.
    /// - Returns: the YAML text; empty when there are no documents.
    public static func emit(documents: [Node], sortKeys: Bool = false) -> String {
        var writer = YAMLWriter(sortKeys: sortKeys)
        for (i, node) in documents.enumerated() {
            if i > 0 { writer.out.append(contentsOf: "---\n".utf8) }
            writer.document(node)
        }
        return String(decoding: writer.out, as: UTF8.self)
    }
}

// MARK: - Writing

private struct YAMLWriter {
    var out: [UInt8] = []
    let sortKeys: Bool

    init(sortKeys: Bool) {
        self.sortKeys = sortKeys
    }

    mutating func document(_ node: Node) {
        switch node.value {
        case let .map(mapping) where !mapping.isEmpty:
            entries(of: mapping, indent: 0, firstOnCurrentLine: false)
        case let .list(items) where !items.isEmpty:
            self.items(items, indent: 0, firstOnCurrentLine: false)
        default:
            scalar(node, owner: 0)
        }
    }

    /// Writes a non-empty mapping's entries with their keys at column `indent`.
    ///
    /// - Parameter firstOnCurrentLine: the first key goes where the output stands (after a list dash).
    mutating func entries(of mapping: Mapping, indent: Int, firstOnCurrentLine: Bool) {
        let ordered =
            sortKeys
            ? mapping.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            : Array(mapping)
        for (i, entry) in ordered.enumerated() {
            if i > 0 || !firstOnCurrentLine { spaces(indent) }
            key(entry.key, indent: indent)
            switch entry.value.value {
            case let .map(child) where !child.isEmpty:
                out.append(YAMLBytes.lineFeed)
                entries(of: child, indent: indent + 2, firstOnCurrentLine: false)
            case let .list(children) where !children.isEmpty:
                // kubectl's layout: a list under a key starts at the key's column.
                out.append(YAMLBytes.lineFeed)
                items(children, indent: indent, firstOnCurrentLine: false)
            default:
                out.append(YAMLBytes.space)
                scalar(entry.value, owner: indent)
            }
        }
    }

    /// Writes a non-empty list's items with their dashes at column `indent`.
    mutating func items(_ items: [Node], indent: Int, firstOnCurrentLine: Bool) {
        for (i, item) in items.enumerated() {
            if i > 0 || !firstOnCurrentLine { spaces(indent) }
            out.append(YAMLBytes.dash)
            out.append(YAMLBytes.space)
            switch item.value {
            case let .map(child) where !child.isEmpty:
                entries(of: child, indent: indent + 2, firstOnCurrentLine: true)
            case let .list(children) where !children.isEmpty:
                self.items(children, indent: indent + 2, firstOnCurrentLine: true)
            default:
                scalar(item, owner: indent)
            }
        }
    }

    /// Writes `key:`, or `? key` and `:` on the next line for a key too long for YAML's implicit-key form.
    mutating func key(_ key: String, indent: Int) {
        var text: [UInt8] = []
        switch YAMLStringStyle(for: key, allowBlock: false) {
        case .plain: text.append(contentsOf: key.utf8)
        default: YAMLStringStyle.writeDoubleQuoted(key, to: &text)
        }
        // YAML readers only look 1024 characters ahead for the ':' of an implicit key.
        if text.count > 1000 {
            out.append(UInt8(ascii: "?"))
            out.append(YAMLBytes.space)
            out.append(contentsOf: text)
            out.append(YAMLBytes.lineFeed)
            spaces(indent)
        } else {
            out.append(contentsOf: text)
        }
        out.append(UInt8(ascii: ":"))
    }

    /// Writes a scalar or empty collection and ends the line.
    ///
    /// - Parameter owner: the column of the key or dash the value belongs to; block scalar lines go two
    ///   columns further in.
    mutating func scalar(_ node: Node, owner: Int) {
        switch node.value {
        case .null: out.append(contentsOf: "null".utf8)
        case let .bool(b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case let .int(i): out.append(contentsOf: String(i).utf8)
        case let .double(d): out.append(contentsOf: Self.format(d).utf8)
        case .list: out.append(contentsOf: "[]".utf8)
        case .map: out.append(contentsOf: "{}".utf8)
        case let .string(s):
            switch YAMLStringStyle(for: s, allowBlock: true) {
            case .plain:
                out.append(contentsOf: s.utf8)
            case .doubleQuoted:
                YAMLStringStyle.writeDoubleQuoted(s, to: &out)
            case let .literal(needsIndentationIndicator):
                literal(s, indent: owner + 2, indentationIndicator: needsIndentationIndicator)
                return
            }
        }
        out.append(YAMLBytes.lineFeed)
    }

    /// Writes a literal block scalar: the header, then each line at `indent` (empty lines stay empty).
    mutating func literal(_ text: String, indent: Int, indentationIndicator: Bool) {
        var body = Substring(text).utf8
        var trailingBreaks = 0
        while body.last == YAMLBytes.lineFeed {
            body = body.dropLast()
            trailingBreaks += 1
        }
        out.append(UInt8(ascii: "|"))
        // The indicator is relative to the owner's column, and content always sits two columns in.
        if indentationIndicator { out.append(UInt8(ascii: "2")) }
        switch trailingBreaks {
        case 0: out.append(YAMLBytes.dash)
        case 1: break
        default: out.append(UInt8(ascii: "+"))
        }
        out.append(YAMLBytes.lineFeed)
        for line in body.split(separator: YAMLBytes.lineFeed, omittingEmptySubsequences: false) {
            if !line.isEmpty {
                spaces(indent)
                out.append(contentsOf: line)
            }
            out.append(YAMLBytes.lineFeed)
        }
        if trailingBreaks > 1 {
            out.append(contentsOf: repeatElement(YAMLBytes.lineFeed, count: trailingBreaks - 1))
        }
    }

    mutating func spaces(_ count: Int) {
        out.append(contentsOf: repeatElement(YAMLBytes.space, count: count))
    }

    /// A double in a form every YAML 1.1 reader takes for a float: Swift's shortest round-trip digits always
    /// carry a `.` or an exponent, and the special values use YAML's own spellings.
    static func format(_ d: Double) -> String {
        if d.isNaN { return ".nan" }
        if d.isInfinite { return d < 0 ? "-.inf" : ".inf" }
        return d.description
    }
}

private enum YAMLBytes {
    static let space = UInt8(ascii: " ")
    static let lineFeed = UInt8(ascii: "\n")
    static let dash = UInt8(ascii: "-")
}

// MARK: - Choosing how to write a string

/// How a string is written.
private enum YAMLStringStyle: Equatable {
    /// As it is.
    case plain
    /// In double quotes, with escapes.
    case doubleQuoted
    /// As a literal block scalar (`|`); with an indentation indicator when the first line starts with blanks.
    case literal(indentationIndicator: Bool)

    /// Characters that, first in a plain scalar, would start some other YAML construct.
    private static let leadingIndicators: Set<UInt8> = Set("-?:,[]{}#&*!|>'\"%@`".utf8)

    /// Picks the style for `text`.
    ///
    /// - Parameter allowBlock: whether a literal block may be used (not for keys, which must stay on one line).
    init(for text: String, allowBlock: Bool) {
        var hasLineFeed = false
        // Characters a literal block cannot carry unchanged: YAML folds CR, NEL and the Unicode separators
        // into line breaks, and rejects most other controls outright.
        var blockUnsafe = false
        var plainUnsafe = false
        var trailingBlankOnLine = false
        var atLineStart = true
        var sawContentLine = false
        var firstContentLineIndented = false
        for scalar in text.unicodeScalars {
            let v = scalar.value
            switch v {
            case 0x0A:
                hasLineFeed = true
                plainUnsafe = true
                if trailingBlankOnLine { blockUnsafe = true }
                trailingBlankOnLine = false
                atLineStart = true
                continue
            case 0x09:
                plainUnsafe = true
            case 0x00..<0x20, 0x7F...0x9F, 0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF:
                plainUnsafe = true
                blockUnsafe = true
            default:
                break
            }
            let isBlank = v == 0x20 || v == 0x09
            if atLineStart {
                if !sawContentLine {
                    sawContentLine = true
                    firstContentLineIndented = isBlank
                }
                atLineStart = false
            }
            trailingBlankOnLine = isBlank
        }
        if trailingBlankOnLine { blockUnsafe = true }

        if hasLineFeed {
            if allowBlock, !blockUnsafe, sawContentLine {
                self = .literal(indentationIndicator: firstContentLineIndented)
            } else {
                self = .doubleQuoted
            }
            return
        }
        if plainUnsafe || !Self.isPlainSafe(text) {
            self = .doubleQuoted
        } else {
            self = .plain
        }
    }

    /// Whether `text` (known to hold no control or non-printable characters) reads back unchanged as a
    /// plain scalar in block context.
    private static func isPlainSafe(_ text: String) -> Bool {
        let bytes = text.utf8
        guard let first = bytes.first, let last = bytes.last else { return false }
        if first == UInt8(ascii: " ") || last == UInt8(ascii: " ") || last == UInt8(ascii: ":") { return false }
        if leadingIndicators.contains(first) { return false }
        // At the start of a line, `...` followed by a blank ends the document.
        if bytes.starts(with: "...".utf8) { return false }
        if text == "<<" { return false }
        var previous: UInt8 = 0
        for byte in bytes {
            if previous == UInt8(ascii: ":"), byte == UInt8(ascii: " ") { return false }
            if previous == UInt8(ascii: " "), byte == UInt8(ascii: "#") { return false }
            previous = byte
        }
        return !ScalarResolver.isAmbiguousAsPlain(text)
    }

    /// Writes `text` double-quoted: printable characters as they are, the rest as YAML escapes.
    static func writeDoubleQuoted(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for scalar in text.unicodeScalars {
            let v = scalar.value
            switch v {
            case 0x22: out.append(contentsOf: #"\""#.utf8)
            case 0x5C: out.append(contentsOf: #"\\"#.utf8)
            case 0x0A: out.append(contentsOf: #"\n"#.utf8)
            case 0x09: out.append(contentsOf: #"\t"#.utf8)
            case 0x0D: out.append(contentsOf: #"\r"#.utf8)
            case 0x00..<0x20, 0x7F...0x9F:
                out.append(contentsOf: #"\x"#.utf8)
                appendHex(v, digits: 2, to: &out)
            case 0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF:
                out.append(contentsOf: #"\u"#.utf8)
                appendHex(v, digits: 4, to: &out)
            case 0x20..<0x7F:
                out.append(UInt8(v))
            default:
                UTF8.encode(scalar) { out.append($0) }
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func appendHex(_ value: UInt32, digits: Int, to out: inout [UInt8]) {
        for shift in stride(from: (digits - 1) * 4, through: 0, by: -4) {
            let digit = UInt8(value >> UInt32(shift) & 0xF)
            out.append(digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "A") + digit - 10)
        }
    }
}
