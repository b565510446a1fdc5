// sealgate · KubeManifest

public import Diagnostics

/// Why a manifest could not be read: what went wrong, where, and what to do about it.
///
/// The ``description`` is the message a user sees, in the form editors understand:
/// `path:line:column: error: reason` (`LocatedError`). Tests match on ``code``.
public struct ManifestError: LocatedError, Sendable, Equatable {
    /// The kinds of failure; the codes are static members (`.syntax`, `.duplicateKey`, …).
    public typealias Code = ErrorCode<ManifestError>

    /// What kind of failure this is.
    public let code: Code
    /// What is wrong and, where it helps, what to do; never contains a value from the input's data.
    public let reason: String
    /// The file the failure is about, with the line and column when known; nil when it is about no file.
    public let location: SourceLocation?

    /// Creates an error about a place in a file.
    ///
    /// - Parameters:
    ///   - code: the kind of failure.
    ///   - reason: what is wrong and what to do.
    ///   - path: the file, as the user gave it; nil when the failure is about no file.
    ///   - line: the 1-based line, when known.
    ///   - column: the 1-based column in Unicode scalars, when known.
    public init(_ code: Code, _ reason: String, path: String?, line: Int? = nil, column: Int? = nil) {
        self.code = code
        self.reason = reason
        self.location = path.map { SourceLocation(path: $0, line: line ?? 0, column: column ?? 0) }
    }

    /// Creates an error at a node's location.
    public init(_ code: Code, _ reason: String, at location: SourceLocation) {
        self.code = code
        self.reason = reason
        self.location = location
    }

    /// An input over the size limit (`size` is `nil` when it is a stream whose size is not known up front).
    public static func tooLarge(size: Int?, limit: Int, path: String) -> ManifestError {
        let what = size.map { "file is \($0) bytes, over" } ?? "input is over"
        return ManifestError(
            .fileTooLarge, "\(what) the \(limit)-byte limit; split it into smaller files", path: path)
    }
}

extension ErrorCode where Domain == ManifestError {
    /// The input is not well-formed YAML or JSON.
    public static var syntax: Self { Self("syntax") }
    /// A mapping has the same key twice.
    public static var duplicateKey: Self { Self("duplicate-key") }
    /// An alias names an anchor that was not defined before it.
    public static var unknownAlias: Self { Self("unknown-alias") }
    /// A merge key (`<<`) has a value that is not a mapping or a list of mappings.
    public static var invalidMerge: Self { Self("invalid-merge") }
    /// A mapping key is itself a list or a mapping.
    public static var complexKey: Self { Self("complex-key") }
    /// An explicit tag such as `!!int` does not fit its value.
    public static var invalidTag: Self { Self("invalid-tag") }
    /// The file is larger than ``LoaderLimits/maxFileSize``.
    public static var fileTooLarge: Self { Self("file-too-large") }
    /// Nesting is deeper than ``LoaderLimits/maxDepth``.
    public static var tooDeep: Self { Self("too-deep") }
    /// Aliases expand to more nodes than ``LoaderLimits/maxAliasExpansion``.
    public static var aliasBudget: Self { Self("alias-budget") }
    /// The file has more documents than ``LoaderLimits/maxDocuments``.
    public static var tooManyDocuments: Self { Self("too-many-documents") }
    /// The bytes are not valid UTF-8.
    public static var invalidUTF8: Self { Self("invalid-utf8") }
    /// The file holds binary data, not text.
    public static var binaryFile: Self { Self("binary-file") }
    /// The file does not parse and holds Go template actions (`{{ … }}`): a template to render, not a
    /// manifest with a syntax error.
    public static var goTemplate: Self { Self("go-template") }
    /// A renderer (helm, kustomize) that sealgate ran to produce manifests failed.
    public static var renderFailed: Self { Self("render-failed") }
    /// A path given to the loader does not exist.
    public static var notFound: Self { Self("not-found") }
    /// A path exists but cannot be read.
    public static var unreadable: Self { Self("unreadable") }
    /// A value cannot be written in the requested format (for example NaN in JSON).
    public static var unrepresentable: Self { Self("unrepresentable") }
}
