// sealgate · FileIO

internal import Diagnostics

/// Why a file could not be written: what is wrong, what to do, and the path at fault.
///
/// The reason carries the system's own word for the failure (`strerror`), never the bytes being written,
/// so a message about a file of plaintext never contains the plaintext.
public struct FileIOError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure, stable so callers and tests can match on it.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's stable name, as a machine-readable report shows it.
        public let name: String
        private init(_ name: String) { self.name = name }
        /// The code's name.
        public var description: String { name }

        /// Reading or writing a file failed: the path is empty, a directory, a dangling or looping link,
        /// in a directory that does not exist, or the system refused (permissions, a full disk).
        public static let io = Code("io")
    }

    /// What kind of failure this is.
    public let code: Code
    /// What is wrong and what to do.
    public let reason: String
    /// The path the failure is about, as the caller gave it; nil when there is none (an empty path).
    public let path: String?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The kind of failure.
    ///   - reason: What is wrong and what to do, for a person to read.
    ///   - path: The path at fault, as the caller gave it.
    public init(_ code: Code, _ reason: String, path: String? = nil) {
        self.code = code
        self.reason = reason
        self.path = path
    }

    /// `path: error: reason`, or `error: reason`; on one line and safe to print (``TerminalText/oneLine(_:)``),
    /// since the path is the user's (a file name can hold a line break or a terminal escape).
    public var description: String {
        TerminalText.oneLine((path.map { "\($0): " } ?? "") + "error: \(reason)")
    }
}
