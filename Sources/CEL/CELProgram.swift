// sealgate · CEL

/// A compiled expression, ready to evaluate many times.
public struct CELProgram: Sendable {
    /// What a program holds, in one object: a program is copied wherever it is stored or passed (a policy's
    /// validations, for every object checked), and a copy of one reference costs one retain where a copy
    /// of the fields cost a dozen.
    private final class Storage: Sendable {
        let source: String
        let readVariables: Set<String>
        let root: Evaluator
        let environment: CELEnvironment
        let localCount: Int
        /// `localCount` nulls, copied into each evaluation's frame: copying shares the buffer until the first
        /// comprehension writes to it, where a fresh `Array(repeating:count:)` on every evaluation went through
        /// the runtime's generic metadata lookup (unspecialized in the standard library) each time.
        let emptyLocals: [CELValue]
        let selectedFields: [String: Set<String>?]

        init(
            source: String, root: Evaluator, environment: CELEnvironment, localCount: Int, readVariables: Set<String>,
            selectedFields: [String: Set<String>?]
        ) {
            self.source = source
            self.root = root
            self.environment = environment
            self.localCount = localCount
            emptyLocals = Array(repeating: .null, count: localCount)
            self.readVariables = readVariables
            self.selectedFields = selectedFields
        }
    }

    private let storage: Storage

    /// The expression's text.
    public var source: String { storage.source }
    /// The names the program may read, in positional order.
    public var variables: [String] { environment.variables }

    /// The declared variables the expression reads; a variable it does not read need not be bound.
    public var readVariables: Set<String> { storage.readVariables }

    private var root: Evaluator { storage.root }
    private var environment: CELEnvironment { storage.environment }
    private var localCount: Int { storage.localCount }
    private var selectedFields: [String: Set<String>?] { storage.selectedFields }

    init(
        source: String, root: Evaluator, environment: CELEnvironment, localCount: Int,
        readVariables: Set<String>, selectedFields: [String: Set<String>?]
    ) {
        storage = Storage(
            source: source, root: root, environment: environment, localCount: localCount, readVariables: readVariables,
            selectedFields: selectedFields)
    }

    /// The fields the expression selects directly on `variable` (`variables.ready` selects `ready`), or
    /// nil when it also uses the variable in some other way (then any field may be read). Empty when it
    /// does not read the variable at all.
    public func fields(selectedOn variable: String) -> Set<String>? {
        guard let entry = selectedFields[variable] else { return [] }
        return entry
    }

    /// Evaluates the program with variables bound by name. A declared variable left out has no value,
    /// and reading it is an evaluation error.
    ///
    /// - Throws: ``CELError`` with code `evaluation` (or `costLimit`) and
    ///   the line and column of the subexpression that failed.
    public func evaluate(_ bindings: [String: CELValue]) throws(CELError) -> CELValue {
        try evaluate(positional: environment.variables.map { bindings[$0] })
    }

    /// Evaluates the program with variables bound by name, and charges the result's deep size to the
    /// budget too: for a caller that will print or serialise the whole result. Lists can share their
    /// elements, so a result built cheaply (`cel.bind(a, [s, s, s], [a, a, a])`) can print as far more
    /// text than its evaluation cost; this bounds the printed size by the budget as well.
    ///
    /// - Throws: ``CELError`` as ``evaluate(_:)`` does, with code `costLimit` also when
    ///   the result is too large to print within the budget.
    public func evaluateForOutput(_ bindings: [String: CELValue]) throws(CELError) -> CELValue {
        try evaluate(positional: environment.variables.map { bindings[$0] }, chargingResult: true)
    }

    /// Evaluates the program with the variables' values in the environment's order (`nil` for none): the
    /// fastest way to run one program over many inputs.
    public func evaluate(positional values: [CELValue?]) throws(CELError) -> CELValue {
        try evaluate(positional: values, chargingResult: false)
    }

    /// Evaluates the program as ``evaluate(positional:)`` does, spending from `budget` too: the
    /// expression stops at its own cost limit or at what is left of `budget`, whichever is smaller,
    /// and what it spent is taken from `budget`, failed or not. Kubernetes bounds all the expressions
    /// of one policy on one object this way (`RuntimeCELCostBudget`), so a policy of a thousand
    /// validations cannot run a thousand full budgets.
    ///
    /// An expression that reads a field a ``CELFieldProvider`` computes by evaluating another program
    /// with the same budget (as a policy's `variables` are) starts with what was left before that field
    /// was computed, so the total can pass `budget.limit` by at most one expression's limit per level of
    /// such nesting.
    ///
    /// - Throws: ``CELError`` as ``evaluate(_:)`` does; code `costLimit` also when the
    ///   shared budget runs out, with a message that names it.
    public func evaluate(positional values: [CELValue?], sharing budget: CELCostBudget) throws(CELError) -> CELValue {
        let remaining = budget.remaining
        return try evaluate(
            positional: values, chargingResult: false, budget: budget, limit: min(environment.costLimit, remaining),
            sharedLimit: remaining < environment.costLimit ? budget.limit : nil)
    }

    private func evaluate(
        positional values: [CELValue?], chargingResult: Bool, budget: CELCostBudget? = nil, limit: Int? = nil, sharedLimit: Int? = nil
    ) throws(CELError) -> CELValue {
        precondition(values.count == environment.variables.count, "one value per declared variable")
        var frame = Frame(
            variables: values,
            locals: storage.emptyLocals,
            cost: 0,
            costLimit: limit ?? environment.costLimit,
            sharedLimit: sharedLimit
        )
        defer { budget?.spend(frame.cost) }
        do throws(EvalFailure) {
            let result = try root(&frame)
            if chargingResult { try frame.chargeDeepSize(of: result) }
            return result
        } catch {
            let offset = max(0, error.offset)
            let (line, column) = Lexer(source).lineAndColumn(of: offset)
            throw CELError(error.isCostLimit ? .costLimit : .evaluation, error.message, line: line, column: column)
        }
    }
}

/// A cost budget that several evaluations share (``CELProgram/evaluate(positional:sharing:)``), such as
/// every expression a policy evaluates for one object. Not for sharing across threads.
public final class CELCostBudget {
    /// The most steps all the evaluations together may take.
    public let limit: Int
    /// The steps taken so far.
    ///
    /// Unchecked for exclusivity: the budget belongs to one evaluation on one thread, every access is a plain
    /// read or an assignment, and the runtime check cost more than the rest of ``spend(_:)``.
    @exclusivity(unchecked) public private(set) var spent = 0

    /// A budget of `limit` steps, none spent.
    public init(limit: Int) { self.limit = limit }

    /// The steps left, never below zero.
    public var remaining: Int { max(0, limit - spent) }

    func spend(_ steps: Int) { spent = min(limit, spent &+ max(0, steps)) }
}
