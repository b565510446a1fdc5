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
    private let compute: (Int) -> Result<CELValue, CELError>
    private var cache: [Result<CELValue, CELError>?]

    /// Variables named `names`; `compute` gives variable `i`'s value the first time it is read. `known`
    /// holds, by index, the values computed already (the run-constant variables), nil for the others.
    init(names: [String], known: [Result<CELValue, CELError>?] = [], compute: @escaping (Int) -> Result<CELValue, CELError>) {
        self.names = names
        self.compute = compute
        cache = known.count == names.count ? known : Array(repeating: nil, count: names.count)
    }

    /// The value of variable `index`, computed on first use.
    func value(at index: Int) -> Result<CELValue, CELError> {
        if let done = cache[index] { return done }
        let result = compute(index)
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
