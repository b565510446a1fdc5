// sealgate · KubeManifest

package import Diagnostics

/// The bytes of a YAML stream that hold one document, found without parsing: from a line that starts with
/// the document marker `---` to the next such line.
///
/// A reader of many versions of one file (the history of a repository) parses only the documents that
/// changed: a chunk whose bytes it has seen before holds the same objects, at lines shifted by the
/// difference of ``linesBefore``.
package struct YAMLDocumentChunk: Sendable, Equatable {
    /// Where the chunk is in the stream's bytes.
    package let range: Range<Int>
    /// How many lines of the stream come before the chunk.
    package let linesBefore: Int
}

extension ManifestParser {
    /// Splits a YAML stream at its document markers, or returns nil when the stream must be parsed whole.
    ///
    /// A line that starts with `---` and a blank (or ends the stream) starts a document wherever it stands:
    /// libyaml ends a plain or block scalar there, and refuses one inside a quoted scalar or a flow
    /// collection. So when the whole stream parses, each chunk is exactly one document's text (with any
    /// comments and `...` that follow it), and parses alone to the same nodes. The split is refused for
    /// what would break that: JSON (by the name or a first `{`), a directive line (`%TAG` applies to the
    /// next document), line breaks other than LF and CRLF (libyaml also breaks lines at a lone CR, NEL,
    /// LS and PS), a byte order mark after the start, and a NUL byte.
    ///
    /// - Parameters:
    ///   - bytes: the whole stream.
    ///   - file: the file the bytes came from (its name decides JSON).
    /// - Returns: the chunks in order, covering every byte; the first may hold no document (comments only).
    package static func yamlDocumentChunks(in bytes: UnsafeRawBufferPointer, file: SourceFile) -> [YAMLDocumentChunk]? {
        guard ManifestFormat(path: file.path) == .yaml, firstSignificantByte(of: bytes) != UInt8(ascii: "{") else { return nil }
        var chunks: [YAMLDocumentChunk] = []
        var start = 0
        var linesAtStart = 0
        var lines = 0
        var index = 0
        let count = bytes.count
        while index < count {
            // At the start of a line.
            if bytes[index] == UInt8(ascii: "%") { return nil }
            if bytes[index] == UInt8(ascii: "-"), index + 2 < count, bytes[index + 1] == UInt8(ascii: "-"),
                bytes[index + 2] == UInt8(ascii: "-"), index + 3 == count || Self.isBlank(bytes[index + 3])
            {
                if index > start { chunks.append(YAMLDocumentChunk(range: start..<index, linesBefore: linesAtStart)) }
                start = index
                linesAtStart = lines
            }
            // To the next line: printable ASCII goes by fast; anything else is looked at.
            while index < count {
                let byte = bytes[index]
                index += 1
                if byte >= 0x20, byte < 0x80 { continue }
                if byte == UInt8(ascii: "\n") {
                    lines += 1
                    break
                }
                switch byte {
                case UInt8(ascii: "\r"):
                    guard index < count, bytes[index] == UInt8(ascii: "\n") else { return nil }
                case 0:
                    return nil
                case 0xC2:
                    if index < count, bytes[index] == 0x85 { return nil }  // NEL
                case 0xE2:
                    // LS and PS (U+2028, U+2029).
                    if index + 1 < count, bytes[index] == 0x80, bytes[index + 1] == 0xA8 || bytes[index + 1] == 0xA9 { return nil }
                case 0xEF:
                    if index > 1, index + 1 < count, bytes[index] == 0xBB, bytes[index + 1] == 0xBF { return nil }
                default:
                    break
                }
            }
        }
        if count > start || chunks.isEmpty { chunks.append(YAMLDocumentChunk(range: start..<count, linesBefore: linesAtStart)) }
        return chunks
    }

    /// Parses one chunk of ``yamlDocumentChunks(in:file:)`` alone, its nodes at their lines in the whole
    /// stream and its documents numbered after `documentsBefore` (the limit on documents counts them).
    ///
    /// - Returns: the chunk's documents, or nil when the chunk does not parse alone: then the stream does not
    ///   parse whole either, and only a parse of the whole stream tells the error and where it is.
    package static func documents(
        inChunk chunk: YAMLDocumentChunk, of bytes: UnsafeRawBufferPointer, file: SourceFile, limits: LoaderLimits, documentsBefore: Int
    ) -> [Document]? {
        try? YAMLReader.documents(
            in: UnsafeRawBufferPointer(rebasing: bytes[chunk.range]), file: file, limits: limits, linesBefore: chunk.linesBefore,
            documentsBefore: documentsBefore)
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }
}
