// sealgate · CEL

// Optional values, as Kubernetes enables them: `optional.of`, `optional.none`, `optional.ofNonZeroValue`,
// `hasValue`, `value`; `or` and `orValue` are compiled lazily (see Compiler+Macros).

extension FunctionLibrary {
    /// `optional.of`, `optional.none`, `optional.ofNonZeroValue`, `hasValue` and `value`.
    static var optionalFunctions: [FunctionDeclaration] {
        [
            FunctionDeclaration("optional.of") { _ in
                [Overload([.global(.A, returns: .optional(.A))], .unary { value in .optional(value) })]
            },
            FunctionDeclaration("optional.none") { _ in [Overload([.global(returns: .optional(.dyn))], .nullary { .optional(nil) })] },
            FunctionDeclaration("optional.ofNonZeroValue") { _ in
                [
                    Overload([.global(.A, returns: .optional(.A))], .unary { value in .optional(value.isZeroValue ? nil : value) })
                ]
            },
            FunctionDeclaration("hasValue") { name in
                [
                    Overload(
                        [.method(on: .optional(.A), returns: .bool)],
                        .unary { (value) throws(EvalFailure) in
                            guard case let .optional(wrapped) = value else { throw .noOverload(name, value) }
                            return .bool(wrapped != nil)
                        })
                ]
            },
            FunctionDeclaration("value") { name in
                [
                    Overload(
                        [.method(on: .optional(.A), returns: .A)],
                        .unary { (value) throws(EvalFailure) in
                            guard case let .optional(wrapped) = value else { throw .noOverload(name, value) }
                            guard let wrapped else {
                                throw EvalFailure("value() of optional.none(): test hasValue() first, or use orValue(default)")
                            }
                            return wrapped
                        })
                ]
            },
        ]
    }
}

extension CELValue {
    /// Whether the value is its type's zero value (false, 0, "", empty list or map, null, 0s), the values
    /// `optional.ofNonZeroValue` turns into none.
    var isZeroValue: Bool {
        switch self {
        case .null: true
        case let .bool(b): !b
        case let .int(i): i == 0
        case let .uint(u): u == 0
        case let .double(d): d == 0
        case let .string(s): s.isEmpty
        case let .bytes(b): b.isEmpty
        case let .list(l): l.isEmpty
        case let .map(m): m.count == 0
        case let .duration(d): d.nanoseconds == 0
        case let .timestamp(t): t.seconds == 0 && t.nanos == 0
        case let .optional(o): o == nil
        case .type, .opaque: false
        }
    }
}

extension Compiler {
    /// `a.or(b)` and `a.orValue(b)`: `b` is evaluated only when `a` has no value.
    mutating func optionalOr(_ receiver: Expr, _ alternative: Expr, unwrap: Bool, at offset: Int) throws(CELError) -> Evaluator {
        if unwrap, let fused = try optionalPath(receiver, default: alternative) { return fused }
        let name = unwrap ? "orValue" : "or"
        let first = try compile(receiver), second = try compile(alternative)
        return Evaluator { (frame: inout Frame) throws(EvalFailure) -> CELValue in
            let value = try first(&frame)
            guard case let .optional(wrapped) = value else { throw EvalFailure.noOverload(name, value).at(offset) }
            if let wrapped { return unwrap ? wrapped : value }
            let other = try second(&frame)
            if !unwrap, case .optional = other {
            } else if !unwrap {
                throw EvalFailure(
                    "or() needs an optional value as its argument, not \(other.type.withArticle); use orValue() for a plain default",
                    offset: offset)
            }
            return other
        }
    }

    /// `a.?b.?c.orValue(d)`, the commonest optional pattern in policies, walked field by field without
    /// building the intermediate optional values: the same result, less allocation (an optional's value is
    /// boxed on the heap).
    private mutating func optionalPath(_ receiver: Expr, default alternative: Expr) throws(CELError) -> Evaluator? {
        guard let (start, steps) = try optionalChain(receiver) else { return nil }
        let fallback = try compile(alternative)
        return Evaluator { (frame: inout Frame) throws(EvalFailure) -> CELValue in
            let base = try start(&frame)
            try frame.charge(steps.count)
            guard let found = try Self.follow(steps, from: base) else { return try fallback(&frame) }
            return found
        }
    }

    /// `a.?b.?c.hasValue()`, walked as ``optionalPath(_:default:)`` walks; nil for another receiver.
    mutating func optionalPresence(_ receiver: Expr) throws(CELError) -> Evaluator? {
        guard let (start, steps) = try optionalChain(receiver) else { return nil }
        return Evaluator { (frame: inout Frame) throws(EvalFailure) -> CELValue in
            let base = try start(&frame)
            // The selections, and the call.
            try frame.charge(steps.count &+ 1)
            return .bool(try Self.follow(steps, from: base) != nil)
        }
    }

    /// For `base.?f.?g…` (optional selections only, at least one), the compiled base and the fields in order.
    private mutating func optionalChain(_ receiver: Expr) throws(CELError) -> (Evaluator, [(name: String, offset: Int)])? {
        var fields: [(name: String, offset: Int)] = []
        var base = receiver
        while case let .select(operand, field, true) = base.kind {
            fields.insert((field, base.offset), at: 0)
            base = operand
        }
        guard !fields.isEmpty else { return nil }
        return (try compile(base), fields)
    }

    /// The value `steps` lead to from `value` (itself optional or not), or nil where one has none; as the
    /// chain of `.?` selections gives, without building its optionals.
    private static func follow(_ steps: [(name: String, offset: Int)], from value: CELValue) throws(EvalFailure) -> CELValue? {
        var current = value
        if case let .optional(wrapped) = current {
            guard let wrapped else { return nil }
            current = wrapped
        }
        for step in steps {
            if case let .map(map) = current {
                guard let next = map[step.name] else { return nil }
                current = next
                continue
            }
            // Not a map: whatever `.?` selection does on it (none for a value without fields).
            do throws(EvalFailure) {
                guard case let .optional(wrapped) = try select(step.name, from: current, optional: true), let wrapped else { return nil }
                current = wrapped
            } catch {
                throw error.at(step.offset)
            }
        }
        return current
    }
}
