// sealgate · KubeManifest

internal import Diagnostics

/// Works out how a YAML string scalar was written (``ScalarLayout``) from its marks and, where the marks do
/// not tell, from its bytes in the file.
///
/// The common scalars need no look at the bytes: a plain or single-quoted scalar on one line is its value
/// (with `''` for each `'`), and a double-quoted one on one line is too when its length in the file is the
/// value's plus the quotes and one backslash for each `"` and `\`, since any other escape is longer. Block
/// scalars, scalars over several lines and double-quoted scalars with other escapes are rare; for them a
/// cursor walks the file's bytes forward to the scalar, once per file at most, since scalars come in order.
struct ScalarSource {
    let bytes: UnsafeRawBufferPointer
    private var offset = 0
    private var line = 0
    private var column = 0

    init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        // libyaml reads past a byte order mark without counting it.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { offset = 3 }
    }

    /// The layout of a string scalar of `style` whose event runs from `start` to `end` (libyaml's 0-based
    /// lines and columns), with the value `value`.
    mutating func layout(
        style: ScalarLayout.Style, start: (line: Int, column: Int), end: (line: Int, column: Int), value: UnsafeBufferPointer<UInt8>
    ) -> ScalarLayout {
        if start.line == end.line {
            switch style {
            case .plain, .singleQuoted:
                return ScalarLayout(style: style, exactPrefix: nil)
            case .doubleQuoted:
                var length = 2
                for byte in value where byte & 0xC0 != 0x80 {
                    length += byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") ? 2 : 1
                }
                if length == end.column - start.column { return ScalarLayout(style: style, exactPrefix: nil) }
            default:
                break
            }
        }
        guard let at = offset(ofLine: start.line, column: start.column) else { return .unknown }
        switch style {
        case .unknown:
            return .unknown
        case .plain, .singleQuoted, .doubleQuoted:
            return flowLayout(style, at: at)
        case .literal, .folded:
            return blockLayout(style, at: at, value: value)
        }
    }

    // MARK: Flow scalars

    /// How many scalars of the value the first line of a flow scalar at `at` writes one to one; nil when the
    /// whole scalar is on that line.
    private func flowLayout(_ style: ScalarLayout.Style, at start: Int) -> ScalarLayout {
        let quote: UInt8? =
            switch style {
            case .singleQuoted: UInt8(ascii: "'")
            case .doubleQuoted: UInt8(ascii: "\"")
            default: nil
            }
        var i = start
        if let quote {
            guard i < bytes.count, bytes[i] == quote else { return .unknown }
            i += 1
        }
        var count = 0
        // Blanks before a line break are folded away with it.
        var countToLastNonBlank = 0
        while i < bytes.count {
            let byte = bytes[i]
            if breakWidth(at: i) > 0 { return ScalarLayout(style: style, exactPrefix: countToLastNonBlank) }
            if let quote, byte == quote {
                guard quote == UInt8(ascii: "'"), i + 1 < bytes.count, bytes[i + 1] == quote else {
                    return ScalarLayout(style: style, exactPrefix: nil)  // the closing quote: all on one line
                }
                i += 2
            } else if style == .doubleQuoted, byte == UInt8(ascii: "\\") {
                guard i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\"") || bytes[i + 1] == UInt8(ascii: "\\") else {
                    return ScalarLayout(style: style, exactPrefix: count)  // an escape that is not one to one
                }
                i += 2
            } else {
                i += sequenceLength(at: i)
                count += 1
                if byte != UInt8(ascii: " "), byte != UInt8(ascii: "\t") { countToLastNonBlank = count }
                continue
            }
            count += 1
            countToLastNonBlank = count
        }
        return ScalarLayout(style: style, exactPrefix: countToLastNonBlank)
    }

    // MARK: Block scalars

    /// The indentation of a block scalar whose indicator is at `at`, and (folded) how much of its value its
    /// first content line writes.
    private func blockLayout(_ style: ScalarLayout.Style, at start: Int, value: UnsafeBufferPointer<UInt8>) -> ScalarLayout {
        let indicator = style == .literal ? UInt8(ascii: "|") : UInt8(ascii: ">")
        guard start < bytes.count, bytes[start] == indicator else { return .unknown }
        // The value's first line with content, and the scalars before it (its empty lines and their breaks).
        var valueLine = 0
        var scalarsBefore = 0
        var lineStart = 0
        var index = 0
        while index < value.count, value[index] == UInt8(ascii: "\n") {
            valueLine += 1
            scalarsBefore += 1
            index += 1
            lineStart = index
        }
        guard lineStart < value.count else { return ScalarLayout(style: style, exactPrefix: nil) }
        var valueSpaces = 0
        while lineStart + valueSpaces < value.count, value[lineStart + valueSpaces] == UInt8(ascii: " ") { valueSpaces += 1 }
        // The same line in the file: the header's line ends, then as many lines as the value's empty ones.
        var i = start
        for _ in 0...valueLine {
            while i < bytes.count, breakWidth(at: i) == 0 { i += 1 }
            guard i < bytes.count else { return .unknown }
            i += breakWidth(at: i)
        }
        var fileSpaces = 0
        while i + fileSpaces < bytes.count, bytes[i + fileSpaces] == UInt8(ascii: " ") { fileSpaces += 1 }
        let indentation = fileSpaces - valueSpaces
        guard indentation >= 0 else { return .unknown }
        guard style == .folded else { return ScalarLayout(style: .literal, indentation: indentation, exactPrefix: nil) }
        // A folded scalar is exact up to the end of its first content line, where the first fold may be.
        var lineLength = 0
        var j = i + indentation
        while j < bytes.count, breakWidth(at: j) == 0 {
            j += sequenceLength(at: j)
            lineLength += 1
        }
        return ScalarLayout(style: .folded, indentation: indentation, exactPrefix: scalarsBefore + lineLength)
    }

    // MARK: Walking the bytes as libyaml counts

    /// The byte offset of libyaml's mark at `targetLine`, `targetColumn`: lines end at `\r\n`, `\r`, `\n`,
    /// NEL, LS and PS, and a column is a Unicode scalar. Nil when the mark is behind the cursor (events come
    /// in order, so it never is) or not in the bytes.
    private mutating func offset(ofLine targetLine: Int, column targetColumn: Int) -> Int? {
        guard (line, column) <= (targetLine, targetColumn) else { return nil }
        while (line, column) < (targetLine, targetColumn), offset < bytes.count {
            let width = breakWidth(at: offset)
            if width > 0 {
                offset += width
                line += 1
                column = 0
            } else {
                offset += sequenceLength(at: offset)
                column += 1
            }
        }
        return (line, column) == (targetLine, targetColumn) ? offset : nil
    }

    /// The bytes of the line break at `i`, or 0 when there is none.
    private func breakWidth(at i: Int) -> Int {
        switch bytes[i] {
        case UInt8(ascii: "\n"): return 1
        case UInt8(ascii: "\r"): return i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\n") ? 2 : 1
        case 0xC2: return i + 1 < bytes.count && bytes[i + 1] == 0x85 ? 2 : 0
        case 0xE2: return i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9) ? 3 : 0
        default: return 0
        }
    }

    /// The bytes of the UTF-8 sequence that starts at `i` (libyaml has checked that the file is UTF-8).
    private func sequenceLength(at i: Int) -> Int {
        switch bytes[i] {
        case 0xF0...: 4
        case 0xE0...: 3
        case 0xC0...: 2
        default: 1
        }
    }
}
