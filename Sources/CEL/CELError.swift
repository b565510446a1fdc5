// sealgate · CEL

/// Why an expression could not be parsed, checked or evaluated, and where.
public struct CELError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure, stable so callers and tests can match on it.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The text is not a CEL expression.
        public static let syntax = Code("syntax")
        /// The expression nests deeper, or is longer, than the parser's limits.
        public static let tooComplex = Code("too-complex")
        /// The expression names a variable or function that is not declared, or uses a macro wrongly.
        public static let check = Code("check")
        /// Evaluation failed: a missing key, a type with no such operation, an overflow.
        public static let evaluation = Code("evaluation")
        /// Evaluation took more steps than the environment's cost limit allows.
        public static let costLimit = Code("cost-limit")
    }

    /// What kind of failure this is.
    public let code: Code
    /// What is wrong and, where it helps, what to do.
    public let reason: String
    /// The 1-based line in the expression.
    public let line: Int
    /// The 1-based column in the expression, in characters.
    public let column: Int

    /// Creates an error.
    public init(_ code: Code, _ reason: String, line: Int, column: Int) {
        self.code = code
        self.reason = reason
        self.line = line
        self.column = column
    }

    /// `line:column: reason`.
    public var description: String { "\(line):\(column): \(reason)" }

    /// The expression's line at fault with a caret under the column, as cel-go prints it:
    ///
    ///      | object.spec.replicas >=
    ///      | .......................^
    public func caretDiagram(in source: String) -> String {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        guard line >= 1, line <= lines.count else { return "" }
        let text = lines[line - 1]
        return " | \(text)\n | " + String(repeating: ".", count: max(0, column - 1)) + "^"
    }
}
