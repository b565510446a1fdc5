// sealgate · KubeManifest

public import Diagnostics

/// Why a manifest could not be read: what went wrong, where, and what to do about it.
///
/// The ``description`` is the message a user sees, in the form editors understand:
/// `path:line:column: error: reason`. Tests match on ``code``.
public struct ManifestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure, stable across releases so callers and tests can match on it.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The input is not well-formed YAML or JSON.
        public static let syntax = Code("syntax")
        /// A mapping has the same key twice.
        public static let duplicateKey = Code("duplicate-key")
        /// An alias names an anchor that was not defined before it.
        public static let unknownAlias = Code("unknown-alias")
        /// A merge key (`<<`) has a value that is not a mapping or a list of mappings.
        public static let invalidMerge = Code("invalid-merge")
        /// A mapping key is itself a list or a mapping.
        public static let complexKey = Code("complex-key")
        /// An explicit tag such as `!!int` does not fit its value.
        public static let invalidTag = Code("invalid-tag")
        /// The file is larger than ``LoaderLimits/maxFileSize``.
        public static let fileTooLarge = Code("file-too-large")
        /// Nesting is deeper than ``LoaderLimits/maxDepth``.
        public static let tooDeep = Code("too-deep")
        /// Aliases expand to more nodes than ``LoaderLimits/maxAliasExpansion``.
        public static let aliasBudget = Code("alias-budget")
        /// The file has more documents than ``LoaderLimits/maxDocuments``.
        public static let tooManyDocuments = Code("too-many-documents")
        /// The bytes are not valid UTF-8.
        public static let invalidUTF8 = Code("invalid-utf8")
        /// The file holds binary data, not text.
        public static let binaryFile = Code("binary-file")
        /// A path given to the loader does not exist.
        public static let notFound = Code("not-found")
        /// A path exists but cannot be read.
        public static let unreadable = Code("unreadable")
        /// A value cannot be written in the requested format (for example NaN in JSON).
        public static let unrepresentable = Code("unrepresentable")
    }

    /// What kind of failure this is.
    public let code: Code
    /// What is wrong and, where it helps, what to do; never contains a value from the input's data.
    public let reason: String
    /// The file the failure is about, when there is one.
    public let path: String?
    /// The 1-based line, when known.
    public let line: Int?
    /// The 1-based column, when known.
    public let column: Int?

    /// Creates an error about a place in a file.
    public init(_ code: Code, _ reason: String, path: String?, line: Int? = nil, column: Int? = nil) {
        self.code = code
        self.reason = reason
        self.path = path
        self.line = line
        self.column = column
    }

    /// Creates an error at a node's location.
    public init(_ code: Code, _ reason: String, at location: SourceLocation) {
        self.init(code, reason, path: location.file.path, line: location.line, column: location.column)
    }

    /// An input over the size limit (`size` is `nil` when it is a stream whose size is not known up front).
    public static func tooLarge(size: Int?, limit: Int, path: String) -> ManifestError {
        let what = size.map { "file is \($0) bytes, over" } ?? "input is over"
        return ManifestError(
            .fileTooLarge, "\(what) the \(limit)-byte limit; split it into smaller files", path: path)
    }

    /// `path:line:column`, dropping the parts that are unknown; `nil` without a path.
    public var place: String? {
        guard var place = path else { return nil }
        if let line {
            place += ":\(line)"
            if let column { place += ":\(column)" }
        }
        return place
    }

    /// `path:line:column: error: reason`, dropping the parts that are unknown; on one line and safe to print
    /// (``TerminalText/oneLine(_:)``), since the path and the reason can quote the input.
    public var description: String {
        TerminalText.oneLine((place.map { "\($0): " } ?? "") + "error: \(reason)")
    }
}
