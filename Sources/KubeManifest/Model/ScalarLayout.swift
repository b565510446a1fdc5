// sealgate · KubeManifest

public import Diagnostics

/// How a string scalar was written in its file, so that a place inside its value (a character a CEL error
/// points at) can be found in the file.
///
/// A value and its source differ: a quoted scalar has a quote before it and doubled or escaped characters
/// inside, a block scalar starts on the line after its `|` or `>` and is indented, and a flow scalar over
/// several lines, or a folded one, joins its lines. The reader records what maps the value back, in 24
/// bits that fit in the padding of a ``Node`` (a node stays 32 bytes):
///
/// - the style;
/// - for a block scalar, its indentation (the columns before the content on each line);
/// - how many Unicode scalars from the start of the value map one to one onto the source: a flow scalar up
///   to the end of its first line or its first escape other than `\"` and `\\`, a folded scalar up to the
///   end of its first content line, a literal scalar all of it.
struct ScalarLayout: Sendable, Equatable {
    /// How the scalar was written.
    enum Style: UInt8 {
        /// Not known: a node built rather than read, an alias, a scalar with a tag or an anchor.
        case unknown = 0
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    let style: Style
    /// Columns before the content of a block scalar's lines; nil when not known (or not a block scalar).
    let indentation: Int?
    /// Unicode scalars from the start of the value that map one to one onto the source; nil for all of them.
    let exactPrefix: Int?

    static let unknown = ScalarLayout(style: .unknown, indentation: nil, exactPrefix: 0)

    init(style: Style, indentation: Int? = nil, exactPrefix: Int?) {
        self.style = style
        self.indentation = indentation
        self.exactPrefix = exactPrefix
    }

    // MARK: Packing into 24 bits

    // Three bits of style; then, for a flow or literal scalar, 21 bits of prefix or indentation, and for a
    // folded scalar 8 bits of indentation and 13 of prefix. The largest value of a field means "all" for a
    // prefix and "unknown" for an indentation; a longer prefix is stored as one less than the largest, which
    // only makes fewer characters exact.
    private static let wide = (1 << 21) - 1
    private static let narrowIndentation = (1 << 8) - 1
    private static let narrowPrefix = (1 << 13) - 1

    init(tag: UInt8, bits: UInt16) {
        let payload = Int(tag >> 3) << 16 | Int(bits)
        switch Style(rawValue: tag & 0b111) ?? .unknown {
        case .unknown:
            self = .unknown
        case .literal:
            self.init(style: .literal, indentation: payload == Self.wide ? nil : payload, exactPrefix: nil)
        case .folded:
            let indentation = payload >> 13, prefix = payload & Self.narrowPrefix
            self.init(
                style: .folded, indentation: indentation == Self.narrowIndentation ? nil : indentation,
                exactPrefix: prefix == Self.narrowPrefix ? nil : prefix)
        case let flow:
            self.init(style: flow, exactPrefix: payload == Self.wide ? nil : payload)
        }
    }

    /// The layout as the node stores it: a tag byte (style and the top bits) and 16 bits.
    var packed: (tag: UInt8, bits: UInt16) {
        let payload: Int
        switch style {
        case .unknown:
            payload = 0
        case .literal:
            payload = min(indentation ?? Self.wide, Self.wide)
        case .folded:
            let indentation = min(self.indentation ?? Self.narrowIndentation, Self.narrowIndentation)
            payload = indentation << 13 | (exactPrefix.map { min($0, Self.narrowPrefix - 1) } ?? Self.narrowPrefix)
        case .plain, .singleQuoted, .doubleQuoted:
            payload = exactPrefix.map { min($0, Self.wide - 1) } ?? Self.wide
        }
        return (style.rawValue | UInt8(payload >> 16) << 3, UInt16(truncatingIfNeeded: payload))
    }

    // MARK: Mapping a place in the value to the file

    /// The place in the file of the character at `line` and `column` (1-based, columns in Unicode scalars)
    /// of `value`, a scalar written this way starting at `start`; nil when it cannot be known exactly.
    func location(ofLine line: Int, column: Int, in value: String, start: SourceLocation) -> SourceLocation? {
        guard style != .unknown, line >= 1, column >= 1, start.line > 0, start.column > 0 else { return nil }
        // The offset of the character in the value, in scalars, and what precedes it on its line.
        var offset = 0
        var currentLine = 1
        var lineStart = value.unicodeScalars.startIndex
        var index = lineStart
        while currentLine < line {
            guard index < value.unicodeScalars.endIndex else { return nil }
            if value.unicodeScalars[index] == "\n" {
                currentLine += 1
                lineStart = value.unicodeScalars.index(after: index)
            }
            index = value.unicodeScalars.index(after: index)
            offset += 1
        }
        offset += column - 1
        if let exactPrefix, offset >= exactPrefix { return nil }
        switch style {
        case .unknown:
            return nil
        case .literal, .folded:
            guard let indentation else { return nil }
            // The content starts on the line after the indicator; a line of the value is a line of the file.
            return SourceLocation(file: start.file, line: start.line + line, column: indentation + column)
        case .plain, .singleQuoted, .doubleQuoted:
            // Inside the exact prefix, a flow scalar is on its first line: the value's first line.
            guard line == 1 else { return nil }
            let before = value.unicodeScalars[lineStart...].prefix(column - 1)
            let doubled: Int
            switch style {
            case .singleQuoted: doubled = before.count { $0 == "'" }
            case .doubleQuoted: doubled = before.count { $0 == "\"" || $0 == "\\" }
            default: doubled = 0
            }
            let quote = style == .plain ? 0 : 1
            return SourceLocation(file: start.file, line: start.line, column: start.column + quote + column - 1 + doubled)
        }
    }
}

extension Node {
    /// Where in the file the character at `line` and `column` of this string's value is, when the way the
    /// scalar was written shows it exactly; the expression of a policy uses it to point a CEL error into the
    /// policy file.
    ///
    /// `line` and `column` are 1-based and count in the value (columns in Unicode scalars, as every column
    /// does). The place is exact for a plain or quoted scalar on one line (past the quote, counting a
    /// doubled `''` or an escaped `\"` or `\\` as the two characters it is in the file), for a literal block
    /// scalar (`|`: the value's line `n` is the `n`th line after the indicator, indented), and for the part
    /// of a folded block scalar (`>`) or of a flow scalar over several lines before the first line break
    /// the value folds away.
    ///
    /// - Returns: nil where the value and the file part ways before the character: after an escape
    ///   sequence other than `\"` and `\\` in a double-quoted scalar (`\u00e9` is one character of the value
    ///   and six of the file), after a folded line break, for a scalar with a tag or an anchor before it, and
    ///   for a node that was not read from a file or is not a string. A caller then points at the node.
    public func sourceLocation(ofLine line: Int, column: Int) -> SourceLocation? {
        guard case let .string(text) = value else { return nil }
        return layout.location(ofLine: line, column: column, in: text, start: location)
    }
}
