// sealgate · CEL

/// How a function computes its result from its evaluated arguments (a method's receiver first).
enum Implementation: Sendable {
    case nullary(@Sendable () throws(EvalFailure) -> CELValue)
    case unary(@Sendable (CELValue) throws(EvalFailure) -> CELValue)
    case binary(@Sendable (CELValue, CELValue) throws(EvalFailure) -> CELValue)
    case ternary(@Sendable (CELValue, CELValue, CELValue) throws(EvalFailure) -> CELValue)
    /// A fixed number of arguments above three, given as an array.
    case variadic(Int, @Sendable ([CELValue]) throws(EvalFailure) -> CELValue)

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

/// The functions an environment knows, built from their ``FunctionDeclaration``s: what the compiler calls,
/// by name and number of arguments, and what the type checker accepts, by name. Overloads on argument
/// types are resolved inside each implementation as the program runs; the lookups here happen once, when
/// an expression is compiled.
struct FunctionLibrary: Sendable {
    /// What the compiler binds a call to: the implementation and the cost rule of its declaration.
    struct Entry: Sendable {
        let implementation: Implementation
        let cost: CallCost
    }

    /// The declarations, in the order they were given.
    let declarations: [FunctionDeclaration]
    /// Global functions (`size(x)`, `optional.of(x)`): name → argument count → entry.
    private(set) var global: [String: [Int: Entry]] = [:]
    /// Methods (`s.startsWith(p)`): name → argument count including the receiver → entry.
    private(set) var member: [String: [Int: Entry]] = [:]
    /// The signatures of the global functions, by name.
    private(set) var globalSignatures: [String: [Signature]] = [:]
    /// The signatures of the methods, by name.
    private(set) var memberSignatures: [String: [Signature]] = [:]
    /// The namespaces of the dotted global names (`optional`, `sets`, …): `sets.contains(a, b)` calls a
    /// function, not a method of a value called `sets`.
    private(set) var namespaces: Set<String> = []

    /// A library of `declarations`. Two declarations of one name, or two overloads of one declaration that
    /// both serve the same call (global or method, same number of arguments), are a programming error.
    init(_ declarations: [FunctionDeclaration]) {
        self.declarations = declarations
        var names: Set<String> = []
        for declaration in declarations {
            let name = declaration.name
            precondition(names.insert(name).inserted, "the function '\(name)' is declared twice")
            // Which overload serves each call shape: (is a method, arity).
            var servedBy: [[Int]: Int] = [:]
            for (index, overload) in declaration.overloads.enumerated() {
                precondition(!overload.signatures.isEmpty, "an overload of '\(name)' has no signature")
                for signature in overload.signatures {
                    let arity = signature.arity
                    precondition(
                        arity == overload.implementation.arity,
                        "'\(name)\(signature)' takes \(arity) arguments; its implementation \(overload.implementation.arity)")
                    let isMethod = signature.receiver != nil
                    let shape = [isMethod ? 1 : 0, arity]
                    precondition(servedBy[shape, default: index] == index, "two overloads of '\(name)' serve '\(name)\(signature)'")
                    servedBy[shape] = index
                    let entry = Entry(implementation: overload.implementation, cost: declaration.cost)
                    if isMethod {
                        member[name, default: [:]][arity] = entry
                        memberSignatures[name, default: []].append(signature)
                    } else {
                        global[name, default: [:]][arity] = entry
                        globalSignatures[name, default: []].append(signature)
                        if let dot = name.lastIndex(of: ".") { namespaces.insert(String(name[..<dot])) }
                    }
                }
            }
        }
    }

    /// The standard library and the Kubernetes libraries, with named time zones from `timeZones`.
    init(timeZones: CELTimeZoneDatabase) {
        self.init(
            Self.standardFunctions + Self.conversions + Self.timeFunctions(timeZones) + Self.optionalFunctions
                + Self.stringFunctions + Self.listFunctions + Self.setFunctions + Self.regexFunctions
                + Self.quantityFunctions + Self.networkFunctions + Self.urlFunctions + Self.formatFunctions)
    }

    /// The standard library and the Kubernetes libraries, with the system's time-zone database.
    static let standard = FunctionLibrary(timeZones: .system)
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
