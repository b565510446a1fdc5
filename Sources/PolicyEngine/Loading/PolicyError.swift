// sealgate · PolicyEngine

public import KubeManifest

/// A policy, exception or policy test that cannot be used, and where: the file, line and column of the
/// field at fault (for a CEL expression, of the character the CEL error points at).
public struct PolicyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure, stable so callers and tests can match on it.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        private init(_ name: String) { self.name = name }
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

    public let code: Code
    public let reason: String
    public let path: String
    public let line: Int
    public let column: Int

    /// Creates an error.
    public init(_ code: Code, _ reason: String, path: String, line: Int, column: Int) {
        self.code = code
        self.reason = reason
        self.path = path
        self.line = line
        self.column = column
    }

    /// Creates an error at a node's place.
    public init(_ code: Code, _ reason: String, at location: SourceLocation) {
        self.init(code, reason, path: location.file.path, line: location.line, column: location.column)
    }

    /// `path:line:column: error: reason`.
    public var description: String { "\(path):\(line):\(column): error: \(reason)" }
}
