// sealgate · CEL

/// How a function computes its result from its evaluated arguments (a method's receiver first).
enum Implementation: Sendable {
    case nullary(@Sendable () throws(EvalFailure) -> CELValue)
    case unary(@Sendable (CELValue) throws(EvalFailure) -> CELValue)
    case binary(@Sendable (CELValue, CELValue) throws(EvalFailure) -> CELValue)
    case ternary(@Sendable (CELValue, CELValue, CELValue) throws(EvalFailure) -> CELValue)
    /// A fixed number of arguments above three, given as an array.
    case variadic(Int, @Sendable ([CELValue]) throws(EvalFailure) -> CELValue)
}

/// The functions an environment knows, by name and number of arguments. Overloads on argument types are
/// resolved inside each implementation as the program runs.
struct FunctionLibrary: Sendable {
    /// Global functions (`size(x)`, `optional.of(x)`): name → argument count → implementation.
    private(set) var global: [String: [Int: Implementation]] = [:]
    /// Methods (`s.startsWith(p)`): name → argument count including the receiver → implementation.
    private(set) var member: [String: [Int: Implementation]] = [:]

    /// Adds a global function.
    mutating func global(_ name: String, _ implementation: Implementation) {
        global[name, default: [:]][implementation.arity] = implementation
    }

    /// Adds a method; the receiver is the implementation's first argument.
    mutating func member(_ name: String, _ implementation: Implementation) {
        member[name, default: [:]][implementation.arity] = implementation
    }

    /// Adds a function callable both ways: `size(x)` and `x.size()`.
    mutating func both(_ name: String, _ implementation: Implementation) {
        global(name, implementation)
        member(name, implementation)
    }

    /// The standard library and the Kubernetes libraries.
    static let standard: FunctionLibrary = {
        var library = FunctionLibrary()
        library.addStandard()
        library.addConversions()
        library.addTime()
        library.addOptionals()
        library.addStrings()
        library.addLists()
        library.addSets()
        library.addRegex()
        library.addQuantity()
        library.addNetwork()
        library.addURL()
        library.addFormat()
        return library
    }()
}

extension Implementation {
    /// The number of arguments, with a method's receiver.
    var arity: Int {
        switch self {
        case .nullary: 0
        case .unary: 1
        case .binary: 2
        case .ternary: 3
        case let .variadic(count, _): count
        }
    }
}

// MARK: - Argument helpers

extension CELValue {
    /// The string, or a "no such overload" failure for `function`.
    func string(for function: String) throws(EvalFailure) -> String {
        guard case let .string(s) = self else { throw EvalFailure.noOverload(function, self) }
        return s
    }

    /// The int, or a "no such overload" failure for `function`.
    func int(for function: String) throws(EvalFailure) -> Int64 {
        guard case let .int(i) = self else { throw EvalFailure.noOverload(function, self) }
        return i
    }

    /// The list, or a "no such overload" failure for `function`.
    func list(for function: String) throws(EvalFailure) -> CELList {
        guard case let .list(l) = self else { throw EvalFailure.noOverload(function, self) }
        return l
    }
}
