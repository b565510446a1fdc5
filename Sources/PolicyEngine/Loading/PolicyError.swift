// sealgate · PolicyEngine

public import Diagnostics

/// A policy, exception or policy test that cannot be used, and where: the file, line and column of the
/// field at fault (for a CEL expression, of the character the CEL error points at).
public struct PolicyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure, stable so callers and tests can match on it.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's stable spelling (`invalid-policy`), which never changes once released.
        public let name: String
        private init(_ name: String) { self.name = name }
        /// The code's ``name``.
        public var description: String { name }

        /// A field is missing, has the wrong type or an unknown value.
        public static let invalid = Code("invalid-policy")
        /// A CEL expression does not parse or check.
        public static let expression = Code("invalid-expression")
        /// Two policies have the same name.
        public static let duplicate = Code("duplicate-policy")
        /// A file could not be read or parsed.
        public static let unreadable = Code("unreadable")
    }

    /// What kind of failure it is; match on this rather than on the wording of ``reason``.
    public let code: Code
    /// What is wrong and what to do, for the user; never a secret value.
    public let reason: String
    /// The file of the document at fault (`builtin:<path>` for the built-in pack).
    public let path: String
    /// The 1-based line of the field at fault; 0 when unknown.
    public let line: Int
    /// The 1-based column of the field at fault; 0 when unknown.
    public let column: Int

    /// Creates an error at a place given by hand, for a position that is not a node's (a character inside
    /// a CEL expression).
    ///
    /// - Parameters:
    ///   - code: the kind of failure.
    ///   - reason: what is wrong and what to do.
    ///   - path: the file.
    ///   - line: the 1-based line.
    ///   - column: the 1-based column.
    public init(_ code: Code, _ reason: String, path: String, line: Int, column: Int) {
        self.code = code
        self.reason = reason
        self.path = path
        self.line = line
        self.column = column
    }

    /// Creates an error at a node's place.
    ///
    /// - Parameters:
    ///   - code: the kind of failure.
    ///   - reason: what is wrong and what to do.
    ///   - location: the place of the node at fault.
    public init(_ code: Code, _ reason: String, at location: SourceLocation) {
        self.init(code, reason, path: location.file.path, line: location.line, column: location.column)
    }

    /// `path:line:column: error: reason`.
    public var description: String { "\(path):\(line):\(column): error: \(reason)" }
}
