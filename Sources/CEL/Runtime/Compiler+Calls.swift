// sealgate · CEL

// Calls: the operators with their own evaluation rules (logic absorbs errors, `?:` is lazy), macros,
// and functions from the library.

extension Compiler {
    mutating func call(_ function: String, target: Expr?, arguments: [Expr], at offset: Int) throws(CELError) -> Evaluator {
        if let macro = try expandMacro(function, target: target, arguments: arguments, at: offset) {
            return macro
        }
        if target == nil, let special = try compileOperator(function, arguments, at: offset) {
            return special
        }
        if let regex = try precompiledRegex(function, target: target, arguments: arguments, at: offset) {
            return regex
        }
        // `optional.of(x)`, `sets.contains(a, b)`: a namespaced global function, unless the namespace is
        // a variable.
        if let target, let namespace = Self.qualifiedName(target), !isName(namespace),
            let entry = environment.library.global["\(namespace).\(function)"]?[arguments.count]
        {
            return try invoke(entry, name: "\(namespace).\(function)", arguments, at: offset)
        }
        if let target {
            guard let overloads = environment.library.member[function] else {
                if environment.library.global[function] != nil {
                    throw error(
                        "'\(function)' is a global function, not a method: write \(function)(…) with the receiver as the first argument",
                        at: offset)
                }
                throw error("undeclared reference to '\(function)': there is no such method", at: offset)
            }
            guard let entry = overloads[arguments.count + 1] else {
                throw error("'\(function)' takes \(Self.counts(overloads.keys.map { $0 - 1 })) here, not \(arguments.count)", at: offset)
            }
            return try invoke(entry, name: function, [target] + arguments, at: offset)
        }
        guard let overloads = environment.library.global[function] else {
            if environment.library.member[function] != nil {
                throw error("'\(function)' is a method: write value.\(function)(…)", at: offset)
            }
            throw error("undeclared reference to '\(function)': there is no such function", at: offset)
        }
        guard let entry = overloads[arguments.count] else {
            throw error("'\(function)' takes \(Self.counts(Array(overloads.keys))), not \(arguments.count)", at: offset)
        }
        return try invoke(entry, name: function, arguments, at: offset)
    }

    /// Whether `name` (possibly dotted) starts with a comprehension variable or is a declared variable.
    private func isName(_ name: String) -> Bool {
        let first = name.split(separator: ".").first.map(String.init) ?? name
        if scopeContains(first) { return true }
        return environment.slots.keys.contains { $0 == name || $0 == first || name.hasPrefix($0 + ".") }
    }

    /// "1 argument", "1 or 2 arguments".
    private static func counts(_ counts: [Int]) -> String {
        let sorted = counts.sorted().map(String.init)
        let list = sorted.count <= 1 ? sorted.joined() : sorted.dropLast().joined(separator: ", ") + " or " + sorted.last!
        return list + (sorted == ["1"] ? " argument" : " arguments")
    }

    /// A call of a library function, bound now to its implementation and cost rule.
    private mutating func invoke(
        _ entry: FunctionLibrary.Entry, name: String, _ arguments: [Expr], at offset: Int
    ) throws(CELError) -> Evaluator {
        var compiled: [Evaluator] = []
        for argument in arguments { compiled.append(try compile(argument)) }
        let cost = entry.cost
        switch (entry.implementation, compiled.count) {
        case let (.nullary(body), 0):
            return Evaluator { (frame: inout Frame) throws(EvalFailure) -> CELValue in
                try frame.charge(1)
                do throws(EvalFailure) { return try body() } catch { throw error.at(offset) }
            }
        case let (.unary(body), 1):
            let a = compiled[0]
            return Evaluator { (frame: inout Frame) throws(EvalFailure) -> CELValue in
                let x = try a(&frame)
                do throws(EvalFailure) {
                    try frame.charge(1 &+ cost(x, .null, .null, .null, frame.remaining))
                    return try body(x)
                } catch { throw error.at(offset) }
            }
        case let (.binary(body), 2):
            let a = compiled[0], b = compiled[1]
            return Evaluator { (frame: inout Frame) throws(EvalFailure) -> CELValue in
                let x = try a(&frame)
                let y = try b(&frame)
                do throws(EvalFailure) {
                    try frame.charge(1 &+ cost(x, y, .null, .null, frame.remaining))
                    return try body(x, y)
                } catch { throw error.at(offset) }
            }
        case let (.ternary(body), 3):
            let a = compiled[0], b = compiled[1], c = compiled[2]
            return Evaluator { (frame: inout Frame) throws(EvalFailure) -> CELValue in
                let x = try a(&frame)
                let y = try b(&frame)
                let z = try c(&frame)
                do throws(EvalFailure) {
                    try frame.charge(1 &+ cost(x, y, z, .null, frame.remaining))
                    return try body(x, y, z)
                } catch { throw error.at(offset) }
            }
        case let (.variadic(_, body), _):
            let all = compiled
            return Evaluator { (frame: inout Frame) throws(EvalFailure) -> CELValue in
                var values: [CELValue] = []
                values.reserveCapacity(all.count)
                for evaluate in all { values.append(try evaluate(&frame)) }
                let padded = values + [CELValue](repeating: .null, count: max(0, 4 - values.count))
                do throws(EvalFailure) {
                    try frame.charge(1 &+ cost(padded[0], padded[1], padded[2], padded[3], frame.remaining))
                    return try body(values)
                } catch { throw error.at(offset) }
            }
        default:
            throw error("internal: '\(name)' is registered with the wrong number of arguments", at: offset)
        }
    }

    // MARK: - Operators

    private mutating func compileOperator(_ function: String, _ arguments: [Expr], at offset: Int) throws(CELError) -> Evaluator? {
        switch (function, arguments.count) {
        case ("_&&_", 2): return try logic(arguments, at: offset, and: true)
        case ("_||_", 2): return try logic(arguments, at: offset, and: false)
        case ("_?_:_", 3):
            let condition = try compile(arguments[0]), yes = try compile(arguments[1]), no = try compile(arguments[2])
            return Evaluator { (frame: inout Frame) throws(EvalFailure) -> CELValue in
                switch try condition(&frame) {
                case .bool(true): return try yes(&frame)
                case .bool(false): return try no(&frame)
                case let other: throw EvalFailure.noOverload("_?_:_", other).at(offset)
                }
            }
        case ("!_", 1):
            let operand = try compile(arguments[0])
            return Evaluator { (frame: inout Frame) throws(EvalFailure) -> CELValue in
                let value = try operand(&frame)
                guard case let .bool(b) = value else { throw EvalFailure.noOverload("!_", value).at(offset) }
                return .bool(!b)
            }
        case ("_==_", 2), ("_!=_", 2):
            let a = try compile(arguments[0]), b = try compile(arguments[1])
            let equal = function == "_==_"
            return Evaluator { (frame: inout Frame) throws(EvalFailure) -> CELValue in
                let x = try a(&frame)
                let y = try b(&frame)
                do throws(EvalFailure) { try frame.chargeComparison(x, y) } catch { throw error.at(offset) }
                return .bool(x.celEquals(y) == equal)
            }
        case ("_<_", 2), ("_<=_", 2), ("_>_", 2), ("_>=_", 2):
            let a = try compile(arguments[0]), b = try compile(arguments[1])
            let test: @Sendable (Int) -> Bool =
                switch function {
                case "_<_": { $0 < 0 }
                case "_<=_": { $0 <= 0 }
                case "_>_": { $0 > 0 }
                default: { $0 >= 0 }
                }
            return Evaluator { (frame: inout Frame) throws(EvalFailure) -> CELValue in
                let x = try a(&frame)
                let y = try b(&frame)
                do throws(EvalFailure) {
                    try frame.chargeComparison(x, y)
                    return .bool(test(try x.celCompare(y, operator: function)))
                } catch {
                    throw Self.explainMismatch(error, function, x, y).at(offset)
                }
            }
        case ("_+_", 2): return try arithmetic(function, arguments, at: offset, CELValue.add)
        case ("_-_", 2): return try arithmetic(function, arguments, at: offset, CELValue.subtract)
        case ("_*_", 2): return try arithmetic(function, arguments, at: offset, CELValue.multiply)
        case ("_/_", 2): return try arithmetic(function, arguments, at: offset, CELValue.divide)
        case ("_%_", 2): return try arithmetic(function, arguments, at: offset, CELValue.remainder)
        case ("-_", 1):
            let operand = try compile(arguments[0])
            return Evaluator { (frame: inout Frame) throws(EvalFailure) -> CELValue in
                let x = try operand(&frame)
                do throws(EvalFailure) { return try CELValue.negate(x) } catch { throw error.at(offset) }
            }
        case ("_[_]", 2), ("_[?_]", 2):
            let container = try compile(arguments[0]), key = try compile(arguments[1])
            let optional = function == "_[?_]"
            return Evaluator { (frame: inout Frame) throws(EvalFailure) -> CELValue in
                let c = try container(&frame)
                let k = try key(&frame)
                // A map looks a string key up by hashing all of it.
                do throws(EvalFailure) {
                    try frame.charge(1 &+ CostModel.top(k))
                    return try Self.index(c, k, optional: optional)
                } catch { throw error.at(offset) }
            }
        case ("@in", 2):
            let element = try compile(arguments[0]), container = try compile(arguments[1])
            return Evaluator { (frame: inout Frame) throws(EvalFailure) -> CELValue in
                let x = try element(&frame)
                let c = try container(&frame)
                do throws(EvalFailure) { try Self.chargeMembership(x, in: c, &frame) } catch { throw error.at(offset) }
                switch c {
                case let .list(list):
                    return .bool(list.containsElement(x))
                case let .map(map):
                    guard let key = CELMapKey(x) else { return .bool(false) }
                    return .bool(map[key] != nil)
                default:
                    throw EvalFailure.noOverload("@in", x, c).at(offset)
                }
            }
        default:
            return nil
        }
    }

    /// `x in c`: hashing `x`; for a list, building its hash set the first time (long lists) or comparing
    /// `x` with every element (short lists, and values that are not keys).
    private static func chargeMembership(_ x: CELValue, in c: CELValue, _ frame: inout Frame) throws(EvalFailure) {
        try frame.charge(1 &+ CostModel.top(x))
        guard case let .list(list) = c else { return }
        if list.count >= CELList.indexThreshold, CELMapKey(x) != nil {
            if !list.hasMembershipIndex { try frame.chargeDeepSize(of: c) }
            if case .double = x { try frame.charge(list.count) }
        } else {
            try frame.charge(list.count &+ (CostModel.top(x) == 0 && !x.isContainer ? 0 : c.deepSize(limit: frame.remaining)))
        }
    }

    private mutating func arithmetic(
        _ name: String, _ arguments: [Expr], at offset: Int,
        _ operation: @escaping @Sendable (CELValue, CELValue) throws(EvalFailure) -> CELValue
    ) throws(CELError) -> Evaluator {
        let a = try compile(arguments[0]), b = try compile(arguments[1])
        return Evaluator { (frame: inout Frame) throws(EvalFailure) -> CELValue in
            let x = try a(&frame)
            let y = try b(&frame)
            // Concatenation builds a string, bytes or list as long as both sides together.
            do throws(EvalFailure) {
                try frame.charge(1 &+ CostModel.top(x) &+ CostModel.top(y))
                return try operation(x, y)
            } catch {
                throw Self.explainMismatch(error, name, x, y).at(offset)
            }
        }
    }

    /// Adds to a "no such overload" failure of a binary operator what the user can do about it.
    static func explainMismatch(_ failure: EvalFailure, _ function: String, _ x: CELValue, _ y: CELValue) -> EvalFailure {
        guard failure.message.hasPrefix("no such overload") else { return failure }
        let symbol = function.filter { $0 != "_" }
        var explained = failure
        if x.type != y.type {
            explained.message +=
                ": '\(symbol)' cannot combine \(x.type.withArticle) with \(y.type.withArticle); convert one side with int(), double() or string()"
        } else {
            explained.message += ": '\(symbol)' does not apply to \(x.type.name) values"
        }
        return explained
    }

    /// `&&` and `||` are commutative over errors: `false && error` and `error && false` are both false.
    private mutating func logic(_ arguments: [Expr], at offset: Int, and: Bool) throws(CELError) -> Evaluator {
        let a = try compile(arguments[0]), b = try compile(arguments[1])
        let name = and ? "_&&_" : "_||_"
        // The value that decides the result on its own: false for &&, true for ||.
        let decisive = !and
        return Evaluator { (frame: inout Frame) throws(EvalFailure) -> CELValue in
            var failure: EvalFailure?
            do throws(EvalFailure) {
                switch try a(&frame) {
                case let .bool(x): if x == decisive { return .bool(decisive) }
                case let other: failure = EvalFailure.noOverload(name, other).at(offset)
                }
            } catch {
                if error.isCostLimit { throw error }
                failure = error
            }
            // When both sides fail, the left failure is reported, as cel-go does.
            let right: CELValue
            do throws(EvalFailure) {
                right = try b(&frame)
            } catch {
                if error.isCostLimit { throw error }
                throw failure ?? error
            }
            switch right {
            case let .bool(y):
                if y == decisive { return .bool(decisive) }
                if let failure { throw failure }
                return .bool(!decisive)
            case let other:
                throw failure ?? EvalFailure.noOverload(name, .bool(!decisive), other).at(offset)
            }
        }
    }

    // MARK: - Indexing

    /// `container[key]`, or `container[?key]` when `optional`.
    static func index(_ container: CELValue, _ key: CELValue, optional: Bool) throws(EvalFailure) -> CELValue {
        switch container {
        case let .list(list):
            let position: Int64
            switch key {
            case let .int(i): position = i
            case let .uint(u): position = u > UInt64(Int64.max) ? -1 : Int64(u)
            case let .double(d):
                guard let i = Int64(exactly: d) else { throw EvalFailure("a list index must be a whole number, not \(d)") }
                position = i
            default: throw EvalFailure.noOverload(optional ? "_[?_]" : "_[_]", container, key)
            }
            guard position >= 0, position < list.count else {
                if optional { return .optional(nil) }
                throw EvalFailure("index \(position) is out of range for a list of \(list.count) element\(list.count == 1 ? "" : "s")")
            }
            let element = list[Int(position)]
            return optional ? .optional(element) : element
        case let .map(map):
            guard let mapKey = CELMapKey(key) else {
                if case .double = key, optional { return .optional(nil) }
                throw EvalFailure("\(key.type.withArticle) cannot be a map key; keys are ints, uints, bools and strings")
            }
            if optional { return .optional(map[mapKey]) }
            guard let value = map[mapKey] else { throw EvalFailure("no such key: \(mapKey)") }
            return value
        case let .optional(wrapped):
            guard let wrapped else { return .optional(nil) }
            return try index(wrapped, key, optional: true)
        default:
            // cel-go answers none when an optional index meets a value that has no elements.
            if optional { return .optional(nil) }
            throw EvalFailure.noOverload("_[_]", container, key)
        }
    }
}
