// sealgate · CEL

/// An evaluation error while it travels through the interpreter: CEL errors are values, so `&&`, `||`,
/// `?:` and the `all`/`exists` macros may absorb one. It becomes a ``CELError`` with a line and column
/// only when it leaves the program.
struct EvalFailure: Error, Sendable {
    /// What went wrong, for the user.
    var message: String
    /// The source offset of the expression that failed; -1 until a node claims it.
    var offset: Int
    /// The failure is the cost budget running out; nothing may absorb it.
    var isCostLimit = false

    init(_ message: String, offset: Int = -1) {
        self.message = message
        self.offset = offset
    }

    /// The failure with `offset` unless it already has one.
    func at(_ offset: Int) -> EvalFailure {
        guard self.offset < 0 else { return self }
        var copy = self
        copy.offset = offset
        return copy
    }

    /// `no such overload: name(type, type)`, with the argument types that were given.
    static func noOverload(_ function: String, _ arguments: CELValue...) -> EvalFailure {
        EvalFailure("no such overload: \(function)(\(arguments.map { $0.type.name }.joined(separator: ", ")))")
    }

    static let overflow = EvalFailure("integer overflow")
}

/// The mutable state of one evaluation: bound variables, comprehension variables, and the cost so far.
struct Frame {
    /// The caller's variables, by the slot the compiler gave each name.
    let variables: [CELValue?]
    /// Comprehension and `cel.bind` variables, by slot.
    var locals: [CELValue]
    /// Steps taken so far.
    var cost: Int
    /// The most steps allowed.
    let costLimit: Int
    /// The total of a ``CELCostBudget`` when what is left of it, not the expression's own limit, set
    /// ``costLimit``: the message then names the shared budget.
    var sharedLimit: Int? = nil

    /// Counts `steps`, failing when the budget is spent.
    @inline(__always)
    mutating func charge(_ steps: Int) throws(EvalFailure) {
        cost &+= steps
        if cost > costLimit { throw overBudget() }
    }

    private func overBudget() -> EvalFailure {
        var failure =
            if let sharedLimit {
                EvalFailure("the expressions evaluated together exceeded their shared cost budget of \(sharedLimit) steps; simplify them")
            } else {
                EvalFailure("the expression exceeded its cost budget of \(costLimit) steps; simplify it")
            }
        failure.isCostLimit = true
        return failure
    }
}

/// A compiled expression node: a closure over its compiled operands.
///
/// A struct rather than a bare function type: a function stored where a generic type is expected (an array
/// of operands, a tuple returned by a generic helper, `Optional.map`) is kept in the generic calling
/// convention, and every call then went through a pair of reabstraction thunks that copied the value it
/// returned. Inside a struct the closure keeps its own convention wherever the struct is stored.
struct Evaluator: Sendable {
    let run: @Sendable (inout Frame) throws(EvalFailure) -> CELValue

    init(_ run: @escaping @Sendable (inout Frame) throws(EvalFailure) -> CELValue) { self.run = run }

    @inline(__always)
    func callAsFunction(_ frame: inout Frame) throws(EvalFailure) -> CELValue { try run(&frame) }
}
