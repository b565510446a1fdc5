// sealgate · SecretAudit

internal import KubeManifest

/// Why an audit's own input is unusable: what is wrong, where, and what to do. (A Git failure is a
/// `GitError`, a policy that does not load a `PolicyError`.)
///
/// The ``description`` is the message a user sees: `path:line:column: error: reason`. Tests match on ``code``.
public struct AuditError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure, stable across releases so callers and tests can match on it.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's stable name.
        public let name: String
        private init(_ name: String) { self.name = name }
        /// The code's name.
        public var description: String { name }

        /// The acknowledgements file cannot be read, or is not YAML or JSON.
        public static let unreadableAcknowledgements = Code("unreadable-acknowledgements")
        /// An entry of the acknowledgements file is malformed: a field missing or of the wrong type, a blob
        /// id that is not one, an unknown field, or no reason.
        public static let invalidAcknowledgement = Code("invalid-acknowledgement")
    }

    /// What kind of failure this is.
    public let code: Code
    /// What is wrong and what to do; never contains file content.
    public let reason: String
    /// The file the failure is about.
    public let path: String
    /// The 1-based line, 0 when unknown.
    public let line: Int
    /// The 1-based column, 0 when unknown.
    public let column: Int

    /// Creates an error.
    public init(_ code: Code, _ reason: String, path: String, line: Int = 0, column: Int = 0) {
        self.code = code
        self.reason = reason
        self.path = path
        self.line = line
        self.column = column
    }

    /// `path:line:column: error: reason` (without the line and column when unknown), on one line and safe
    /// to print (`TerminalText.oneLine(_:)`).
    public var description: String {
        let place = line > 0 ? "\(path):\(line):\(column)" : path
        return TerminalText.oneLine("\(place): error: \(reason)")
    }
}
