// sealgate · FileIO

public import Diagnostics

/// Why a file could not be written: what is wrong, what to do, and the path at fault.
///
/// The ``description`` is `path: error: reason`, or `error: reason` without a path (`LocatedError`). The
/// reason carries the system's own word for the failure (`strerror`), never the bytes being written, so a
/// message about a file of plaintext never contains the plaintext.
public struct FileIOError: LocatedError, Sendable, Equatable {
    /// The kinds of failure; the codes are static members (`.io`).
    public typealias Code = ErrorCode<FileIOError>

    /// What kind of failure this is.
    public let code: Code
    /// What is wrong and what to do.
    public let reason: String
    /// The path the failure is about, as the caller gave it (no line: the file is written, not read); nil
    /// when there is none (an empty path).
    public let location: SourceLocation?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The kind of failure.
    ///   - reason: What is wrong and what to do, for a person to read.
    ///   - path: The path at fault, as the caller gave it.
    public init(_ code: Code, _ reason: String, path: String? = nil) {
        self.code = code
        self.reason = reason
        self.location = path.map { SourceLocation(path: $0) }
    }
}

extension ErrorCode where Domain == FileIOError {
    /// Reading or writing a file failed: the path is empty, a directory, a dangling or looping link, in a
    /// directory that does not exist, or the system refused (permissions, a full disk).
    public static var io: Self { Self("io") }
}
