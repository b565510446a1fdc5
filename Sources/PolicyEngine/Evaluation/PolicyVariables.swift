// sealgate · PolicyEngine

import CEL

/// A policy's `variables`, as its expressions see them: a map whose fields are computed the first time
/// an expression reads them and then kept, as ValidatingAdmissionPolicy evaluates them (a variable no
/// expression reaches is never computed, so its failure cannot matter). A variable that fails makes
/// every selection of it fail with "variable 'name' failed: …".
///
/// An instance belongs to one evaluation on one thread (the engine makes one per object and policy);
/// that confinement is why it can be `@unchecked Sendable` with a mutable cache.
final class PolicyVariables: CELFieldProvider, @unchecked Sendable {
    /// The variable names, in the policy's order.
    let names: [String]
    /// The variables' programs, by index.
    private let programs: [CELProgram]
    /// The budget the programs spend from; nil to spend only each program's own limit.
    private let budget: CELCostBudget?
    /// What the programs evaluate with, in ``PolicyLoader/variableNames`` order: `variables` among them is
    /// this map, so the owner empties it (``release()``) when the evaluation is over, breaking the cycle.
    ///
    /// Unchecked for exclusivity, as the instance belongs to one evaluation on one thread and is assigned whole.
    @exclusivity(unchecked) var bindings: [CELValue?] = []
    /// Unchecked for exclusivity: no access to it spans a computation (``value(at:)`` reads, computes, then
    /// assigns). The runtime check was a tenth of the cost of reading a variable.
    @exclusivity(unchecked) private var cache: [Result<CELValue, CELError>?]

    /// Variables named `names`, computed by `programs` with ``bindings`` the first time they are read,
    /// spending from `budget` when there is one. `known` holds, by index, the values computed already (the
    /// run-constant variables), nil for the others.
    init(names: [String], programs: [CELProgram], budget: CELCostBudget?, known: [Result<CELValue, CELError>?] = []) {
        self.names = names
        self.programs = programs
        self.budget = budget
        cache = known.count == names.count ? known : Array(repeating: nil, count: names.count)
    }

    /// Drops the bindings, and with them the cycle through this map.
    func release() { bindings = [] }

    /// The value of variable `index`, computed on first use.
    func value(at index: Int) -> Result<CELValue, CELError> {
        if let done = cache[index] { return done }
        let program = programs[index]
        let result = Result { () throws(CELError) in
            if let budget { return try program.evaluate(positional: bindings, sharing: budget) }
            return try program.evaluate(positional: bindings)
        }
        cache[index] = result
        return result
    }

    var fieldNames: [String] { names }

    func value(ofField name: String) throws(CELError) -> CELValue? {
        guard let index = names.firstIndex(of: name) else { return nil }
        switch value(at: index) {
        case let .success(value): return value
        case let .failure(error):
            throw CELError(error.code, "variable '\(name)' failed: \(error.reason)", line: error.line, column: error.column)
        }
    }
}
