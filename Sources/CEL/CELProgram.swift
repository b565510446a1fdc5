// sealgate · CEL

/// A compiled expression, ready to evaluate many times.
public struct CELProgram: Sendable {
    /// The expression's text.
    public let source: String
    /// The names the program may read, in positional order.
    public var variables: [String] { environment.variables }

    private let root: Evaluator
    private let environment: CELEnvironment
    private let localCount: Int

    init(source: String, root: @escaping Evaluator, environment: CELEnvironment, localCount: Int) {
        self.source = source
        self.root = root
        self.environment = environment
        self.localCount = localCount
    }

    /// Evaluates the program with variables bound by name. A declared variable left out has no value,
    /// and reading it is an evaluation error.
    ///
    /// - Throws: ``CELError`` with code ``CELError/Code/evaluation`` (or ``CELError/Code/costLimit``) and
    ///   the line and column of the subexpression that failed.
    public func evaluate(_ bindings: [String: CELValue]) throws(CELError) -> CELValue {
        try evaluate(positional: environment.variables.map { bindings[$0] })
    }

    /// Evaluates the program with the variables' values in the environment's order (`nil` for none): the
    /// fastest way to run one program over many inputs.
    public func evaluate(positional values: [CELValue?]) throws(CELError) -> CELValue {
        precondition(values.count == environment.variables.count, "one value per declared variable")
        var frame = Frame(
            variables: values,
            locals: Array(repeating: .null, count: localCount),
            cost: 0,
            costLimit: environment.costLimit
        )
        do throws(EvalFailure) {
            return try root(&frame)
        } catch {
            let offset = max(0, error.offset)
            let (line, column) = Lexer(source).lineAndColumn(of: offset)
            throw CELError(error.isCostLimit ? .costLimit : .evaluation, error.message, line: line, column: column)
        }
    }
}
