// sealgate · CEL

/// A library function's type signature: `name(parameters) -> result`, or with a receiver
/// `receiver.name(parameters) -> result`. The checker refuses a call no signature of its function takes
/// (`size(1)`, `'a'.startsWith(1)`), as Kubernetes refuses it. ``StaticType/A`` stands for any type: it
/// matches anything, and a result that names it has the type it matched (`list(A).min() -> A`).
/// Evaluation still checks the values themselves.
struct Signature: Sendable, Equatable, CustomStringConvertible {
    /// The receiver's type for a method; nil for a global function.
    let receiver: StaticType?
    /// The argument types, after the receiver.
    let parameters: [StaticType]
    /// The result type.
    let result: StaticType

    /// `name(parameters) -> result`.
    static func global(_ parameters: StaticType..., returns result: StaticType) -> Signature {
        Signature(receiver: nil, parameters: parameters, result: result)
    }

    /// `receiver.name(parameters) -> result`.
    static func method(on receiver: StaticType, _ parameters: StaticType..., returns result: StaticType) -> Signature {
        Signature(receiver: receiver, parameters: parameters, result: result)
    }

    /// The number of arguments, the receiver counted.
    var arity: Int { parameters.count + (receiver == nil ? 0 : 1) }

    /// `(string, int) -> bool`, with `receiver.` first for a method.
    var description: String {
        (receiver.map { "\($0)." } ?? "") + "(" + parameters.map(\.description).joined(separator: ", ") + ") -> \(result)"
    }

    /// Whether a call with these argument types matches.
    func accepts(receiver actual: StaticType?, _ arguments: [StaticType]) -> Bool {
        guard parameters.count == arguments.count else { return false }
        if let actual, let receiver, !actual.isCompatible(with: receiver) { return false }
        return zip(parameters, arguments).allSatisfy { $0.isCompatible(with: $1) }
    }

    /// The result type for a call with these argument types: ``StaticType/A`` becomes the type it matched
    /// first, or `dyn`.
    func resultType(receiver actual: StaticType?, _ arguments: [StaticType]) -> StaticType {
        var binding: StaticType?
        if let receiver, let actual { receiver.bind(actual, to: &binding) }
        for (parameter, argument) in zip(parameters, arguments) { parameter.bind(argument, to: &binding) }
        return result.substituting(binding ?? .dyn)
    }
}

extension StaticType {
    /// The type parameter of library signatures: any type.
    static let A = StaticType.parameter

    /// Library types (``CELOpaqueValue``s) as the checker names them.
    static let quantity = StaticType.opaque("kubernetes.Quantity")
    static let ip = StaticType.opaque("net.IP")
    static let cidr = StaticType.opaque("net.CIDR")
    static let url = StaticType.opaque("kubernetes.URL")
    static let namedFormat = StaticType.opaque("kubernetes.NamedFormat")

    /// Records in `binding` what ``A`` stands for where this declared type meets `actual`, unless
    /// something already is.
    fileprivate func bind(_ actual: StaticType, to binding: inout StaticType?) {
        switch (self, actual) {
        case (.parameter, _): if binding == nil { binding = actual }
        case let (.list(a), .list(b)), let (.optional(a), .optional(b)): a.bind(b, to: &binding)
        case let (.map(k1, v1), .map(k2, v2)):
            k1.bind(k2, to: &binding)
            v1.bind(v2, to: &binding)
        default: break
        }
    }

    /// The type with ``A`` replaced by `type`.
    fileprivate func substituting(_ type: StaticType) -> StaticType {
        switch self {
        case .parameter: type
        case let .list(element): .list(element.substituting(type))
        case let .map(key, value): .map(key.substituting(type), value.substituting(type))
        case let .optional(wrapped): .optional(wrapped.substituting(type))
        default: self
        }
    }
}

extension FunctionLibrary {
    /// Whether some signature of `name` takes these argument types; nil when the function has no
    /// signatures of that kind (global, or method when there is a receiver), and then nothing is checked.
    func accepts(_ name: String, receiver: StaticType?, arguments: [StaticType]) -> Bool? {
        guard let signatures = receiver == nil ? globalSignatures[name] : memberSignatures[name] else { return nil }
        return signatures.contains { $0.accepts(receiver: receiver, arguments) }
    }

    /// The result type of a call: what every signature that takes the arguments agrees on, else `dyn`.
    func resultType(_ name: String, receiver: StaticType?, arguments: [StaticType]) -> StaticType {
        let signatures = (receiver == nil ? globalSignatures[name] : memberSignatures[name]) ?? []
        var result: StaticType?
        for signature in signatures where signature.accepts(receiver: receiver, arguments) {
            let type = signature.resultType(receiver: receiver, arguments)
            if let known = result, known != type { return .dyn }
            result = type
        }
        return result ?? .dyn
    }
}
