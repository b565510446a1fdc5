// sealgate · KubeManifest

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif
public import Diagnostics

/// The text formats manifests come in.
public enum ManifestFormat: String, Sendable, CaseIterable {
    /// YAML 1.2 as Kubernetes reads it (sigs.k8s.io/yaml), one or more documents separated by `---`.
    case yaml
    /// JSON, one or more values one after another.
    case json

    /// The format a file's name implies: `.json` is JSON, anything else is read as YAML (which, for a
    /// file that starts with `{`, is first tried as JSON, as `kubectl` does).
    public init(path: String) {
        self = path.lowercased().hasSuffix(".json") ? .json : .yaml
    }
}

/// Parses the bytes of one file into documents, with the limits applied.
public enum ManifestParser {
    /// Parses `bytes`, the whole content of `file`.
    ///
    /// - Parameters:
    ///   - bytes: the file's content.
    ///   - file: the file the bytes came from; every node will point into it.
    ///   - format: the format to read; `nil` decides from the file name and the first character.
    ///   - limits: size, depth, alias and document bounds.
    /// - Returns: the documents, in order (empty documents included).
    /// - Throws: ``ManifestError`` naming the file, line and column of the first problem.
    public static func documents(
        in bytes: UnsafeRawBufferPointer,
        file: SourceFile,
        format: ManifestFormat? = nil,
        limits: LoaderLimits = LoaderLimits()
    ) throws(ManifestError) -> [Document] {
        guard bytes.count <= limits.maxFileSize else {
            throw ManifestError.tooLarge(size: bytes.count, limit: limits.maxFileSize, path: file.path)
        }
        if let base = bytes.baseAddress, let hit = memchr(base, 0, min(bytes.count, 8192)) {
            let (line, column) = lineAndColumn(ofByte: base.distance(to: UnsafeRawPointer(hit)), in: bytes)
            throw ManifestError(
                .binaryFile, "binary file (a NUL byte); sealgate reads YAML and JSON text",
                path: file.path, line: line, column: column)
        }
        switch format ?? ManifestFormat(path: file.path) {
        case .json:
            return try JSONReader.documents(in: bytes, file: file, limits: limits)
        case .yaml:
            if firstSignificantByte(of: bytes) == UInt8(ascii: "{"),
                let documents = try? JSONReader.documents(in: bytes, file: file, limits: limits)
            {
                return documents
            }
            return try YAMLReader.documents(in: bytes, file: file, limits: limits)
        }
    }

    /// Parses an in-memory string; convenient for tests and for callers that already hold the text.
    public static func documents(
        in text: String,
        file: SourceFile,
        format: ManifestFormat? = nil,
        limits: LoaderLimits = LoaderLimits()
    ) throws(ManifestError) -> [Document] {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBytes { raw in
            Result { () throws(ManifestError) in try documents(in: raw, file: file, format: format, limits: limits) }
        }.get()
    }

    static func firstSignificantByte(of bytes: UnsafeRawBufferPointer) -> UInt8? {
        var i = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): i += 1
            default: return bytes[i]
            }
        }
        return nil
    }

    /// The 1-based line and column (in characters) of a byte offset.
    static func lineAndColumn(ofByte offset: Int, in bytes: UnsafeRawBufferPointer) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for byte in bytes.prefix(min(max(offset, 0), bytes.count)) {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
    }
}
