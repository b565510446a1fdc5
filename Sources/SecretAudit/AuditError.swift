// sealgate · SecretAudit

public import Diagnostics

/// Why an audit's own input is unusable: what is wrong, where, and what to do. (A Git failure is a
/// `GitError`, a policy that does not load a `PolicyError`.)
///
/// The ``description`` is the message a user sees (`LocatedError`): `path:line:column: error: reason`. Tests match on ``code``.
public struct AuditError: LocatedError, Sendable, Equatable {
    /// The kinds of failure; the codes are static members (`.invalidAcknowledgement`).
    public typealias Code = ErrorCode<AuditError>

    /// What kind of failure this is.
    public let code: Code
    /// What is wrong and what to do; never contains file content.
    public let reason: String
    /// The file the failure is about, with the line and column when known.
    public let location: SourceLocation?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The kind of failure.
    ///   - reason: What is wrong and what to do.
    ///   - path: The file.
    ///   - line: The 1-based line, 0 when unknown.
    ///   - column: The 1-based column, 0 when unknown.
    public init(_ code: Code, _ reason: String, path: String, line: Int = 0, column: Int = 0) {
        self.code = code
        self.reason = reason
        self.location = SourceLocation(path: path, line: line, column: column)
    }
}

extension ErrorCode where Domain == AuditError {
    /// The acknowledgements file cannot be read, or is not YAML or JSON.
    public static var unreadableAcknowledgements: Self { Self("unreadable-acknowledgements") }
    /// An entry of the acknowledgements file is malformed: a field missing or of the wrong type, a blob id
    /// that is not one, an unknown field, or no reason.
    public static var invalidAcknowledgement: Self { Self("invalid-acknowledgement") }
}
