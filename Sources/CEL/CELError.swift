// sealgate · CEL

public import Diagnostics

/// Why an expression could not be parsed, checked or evaluated, and where in the expression.
///
/// An expression is text of its own, usually without a file: its ``line`` and ``column`` count from the
/// expression's first character (1-based, columns in Unicode scalars, as every sealgate column). The
/// ``location`` names the expression as a pseudo-file, ``expressionFile``, so the error prints as
/// `expression:line:column: error: reason` with `LocatedError.description(reason:)`; a caller that read
/// the expression from a file (a policy) translates ``line`` and ``column`` into a place in that file.
public struct CELError: LocatedError, Sendable, Equatable {
    /// The kinds of failure; the codes are static members (`.syntax`, `.check`, …).
    public typealias Code = ErrorCode<CELError>

    /// What kind of failure this is.
    public let code: Code
    /// What is wrong and, where it helps, what to do.
    public let reason: String
    /// The 1-based line in the expression.
    public let line: Int
    /// The 1-based column in the expression's line, in Unicode scalars.
    public let column: Int

    /// The pseudo-file an expression's ``location`` names: `expression`.
    public static let expressionFile = SourceFile(path: "expression")

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: the kind of failure.
    ///   - reason: what is wrong and what to do.
    ///   - line: the 1-based line in the expression.
    ///   - column: the 1-based column in the expression's line, in Unicode scalars.
    public init(_ code: Code, _ reason: String, line: Int, column: Int) {
        self.code = code
        self.reason = reason
        self.line = line
        self.column = column
    }

    /// The place in the expression: ``line`` and ``column`` of ``expressionFile``.
    public var location: SourceLocation? { SourceLocation(file: Self.expressionFile, line: line, column: column) }

    /// `line:column: reason`, the place in the expression and the reason.
    public var description: String { "\(line):\(column): \(reason)" }

    /// The expression's line at fault with a caret under the column, as cel-go prints it:
    ///
    ///      | object.spec.replicas >=
    ///      | .......................^
    ///
    /// The caret stands under the character the column counts to: one dot per character (grapheme) before
    /// it, so a letter with a combining accent takes one dot, as a terminal shows it.
    public func caretDiagram(in source: String) -> String {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        guard line >= 1, line <= lines.count else { return "" }
        let text = lines[line - 1]
        let scalars = text.unicodeScalars
        let end = scalars.index(scalars.startIndex, offsetBy: max(0, column - 1), limitedBy: scalars.endIndex) ?? scalars.endIndex
        let before = text[..<end].count + (column - 1 > scalars.count ? column - 1 - scalars.count : 0)
        return " | \(text)\n | " + String(repeating: ".", count: before) + "^"
    }
}

extension ErrorCode where Domain == CELError {
    /// The text is not a CEL expression.
    public static var syntax: Self { Self("syntax") }
    /// The expression nests deeper, or is longer, than the parser's limits.
    public static var tooComplex: Self { Self("too-complex") }
    /// The expression names a variable or function that is not declared, or uses a macro wrongly.
    public static var check: Self { Self("check") }
    /// Evaluation failed: a missing key, a type with no such operation, an overflow.
    public static var evaluation: Self { Self("evaluation") }
    /// Evaluation took more steps than the environment's cost limit allows.
    public static var costLimit: Self { Self("cost-limit") }
}
