// sealgate · CEL

// Macros: calls whose arguments are not evaluated first. They are compiled to native loops rather
// than to cel-go's generic comprehension, with the same results, including how `all` and `exists`
// absorb errors (an error in one element does not matter when another element decides the result).

extension Compiler {
    /// The compiled macro, or nil when the call is not a macro.
    mutating func expandMacro(_ function: String, target: Expr?, arguments: [Expr], at offset: Int) throws(CELError) -> Evaluator? {
        switch (function, target, arguments.count) {
        case ("has", nil, 1):
            return try has(arguments[0], at: offset)
        case let ("all", range?, 2), let ("exists", range?, 2), let ("exists_one", range?, 2), let ("existsOne", range?, 2):
            return try quantifier(function, range: range, variables: [arguments[0]], predicate: arguments[1], at: offset)
        case let ("all", range?, 3), let ("exists", range?, 3), let ("exists_one", range?, 3), let ("existsOne", range?, 3):
            return try quantifier(function, range: range, variables: [arguments[0], arguments[1]], predicate: arguments[2], at: offset)
        case let ("map", range?, 2):
            return try transform(.list, range: range, variables: [arguments[0]], filter: nil, transform: arguments[1], at: offset)
        case let ("map", range?, 3):
            return try transform(.list, range: range, variables: [arguments[0]], filter: arguments[1], transform: arguments[2], at: offset)
        case let ("filter", range?, 2):
            return try transform(.list, range: range, variables: [arguments[0]], filter: arguments[1], transform: nil, at: offset)
        case let ("transformList", range?, 3), let ("transformMap", range?, 3), let ("transformMapEntry", range?, 3):
            return try transform(
                TransformResult(function), range: range, variables: [arguments[0], arguments[1]], filter: nil, transform: arguments[2],
                at: offset)
        case let ("transformList", range?, 4), let ("transformMap", range?, 4), let ("transformMapEntry", range?, 4):
            return try transform(
                TransformResult(function), range: range, variables: [arguments[0], arguments[1]], filter: arguments[2],
                transform: arguments[3], at: offset)
        case let ("optMap", receiver?, 2), let ("optFlatMap", receiver?, 2):
            return try optionalMap(receiver, variable: arguments[0], body: arguments[1], flat: function == "optFlatMap", at: offset)
        case let ("hasValue", receiver?, 0):
            // Not a macro: a chain of `.?` selections is asked for presence without building its optionals,
            // and any other receiver is an ordinary call.
            return try optionalPresence(receiver)
        case let ("or", receiver?, 1), let ("orValue", receiver?, 1):
            return try optionalOr(receiver, arguments[0], unwrap: function == "orValue", at: offset)
        case let ("bind", namespace?, 3) where Self.qualifiedName(namespace) == "cel" && environment.slots["cel"] == nil:
            return try bind(variable: arguments[0], initial: arguments[1], body: arguments[2], at: offset)
        default:
            return nil
        }
    }

    private func variableName(_ expression: Expr, macro: String) throws(CELError) -> String {
        guard case let .identifier(name) = expression.kind, !name.hasPrefix(".") else {
            throw error("\(macro)() needs a variable name here, such as 'x' in list.\(macro)(x, …)", at: expression.offset)
        }
        return name
    }

    // MARK: - has

    private mutating func has(_ argument: Expr, at offset: Int) throws(CELError) -> Evaluator {
        guard case let .select(operand, field, false) = argument.kind else {
            throw error("has() needs a field selection, such as has(object.spec.replicas)", at: argument.offset)
        }
        let target = try compile(operand)
        return Evaluator { (frame: inout Frame) throws(EvalFailure) -> CELValue in
            let value = try target(&frame)
            try frame.charge(1)
            // A value without fields has none of them: cel-go answers false, not an error.
            guard case let .map(map) = value else { return .bool(false) }
            return .bool(map.hasField(field))
        }
    }

    // MARK: - Iteration

    /// The elements a comprehension visits: a list's (index, element) pairs or a map's (key, value) pairs.
    static func iterate(
        _ range: CELValue, _ macro: String, at offset: Int,
        _ body: (CELValue, CELValue) throws(EvalFailure) -> Bool
    ) throws(EvalFailure) {
        switch range {
        case let .list(list):
            for i in 0..<list.count where try !body(.int(Int64(i)), list[i]) { return }
        case let .map(map):
            for key in map.keys {
                let value = map[key] ?? .null
                if try !body(key.value, value) { return }
            }
        default:
            throw EvalFailure("\(macro)() needs a list or a map, not \(range.type.withArticle)", offset: offset)
        }
    }

    /// all, exists, exists_one, with one variable (a list's elements, a map's keys) or two (index or key,
    /// and value).
    private mutating func quantifier(
        _ macro: String, range: Expr, variables: [Expr], predicate: Expr, at offset: Int
    ) throws(CELError) -> Evaluator {
        var names: [String] = []
        for variable in variables { names.append(try variableName(variable, macro: macro)) }
        if names.count == 2, names[0] == names[1] {
            throw error("\(macro)() needs two different variable names", at: variables[1].offset)
        }
        let rangeEvaluator = try compile(range)
        let (slots, test) = try withLocals(names) { (compiler, slots) throws(CELError) in (slots, try compiler.compile(predicate)) }
        let twoVariables = names.count == 2
        let first = slots[0], second = slots.count > 1 ? slots[1] : 0

        switch macro {
        case "all", "exists":
            let decisive = macro == "exists"
            return Evaluator { (frame: inout Frame) throws(EvalFailure) -> CELValue in
                let rangeValue = try rangeEvaluator(&frame)
                var failure: EvalFailure?
                var decided = false
                try Self.iterate(rangeValue, macro, at: offset) { (key, value) throws(EvalFailure) -> Bool in
                    try frame.charge(1)
                    Self.bindIteration(&frame, key, value, first: first, second: twoVariables ? second : nil, map: rangeValue.isMap)
                    do throws(EvalFailure) {
                        switch try test(&frame) {
                        case let .bool(b):
                            if b == decisive {
                                decided = true
                                return false
                            }
                        case let other:
                            if failure == nil {
                                failure = EvalFailure(
                                    "\(macro)() needs a bool from its condition, not \(other.type.withArticle)", offset: predicate.offset)
                            }
                        }
                    } catch {
                        if error.isCostLimit { throw error }
                        if failure == nil { failure = error }
                    }
                    return true
                }
                if decided { return .bool(decisive) }
                if let failure { throw failure }
                return .bool(!decisive)
            }
        default:
            return Evaluator { (frame: inout Frame) throws(EvalFailure) -> CELValue in
                let rangeValue = try rangeEvaluator(&frame)
                var count = 0
                try Self.iterate(rangeValue, macro, at: offset) { (key, value) throws(EvalFailure) -> Bool in
                    try frame.charge(1)
                    Self.bindIteration(&frame, key, value, first: first, second: twoVariables ? second : nil, map: rangeValue.isMap)
                    switch try test(&frame) {
                    case .bool(true): count += 1
                    case .bool(false): break
                    case let other:
                        throw EvalFailure(
                            "\(macro)() needs a bool from its condition, not \(other.type.withArticle)", offset: predicate.offset)
                    }
                    return true
                }
                return .bool(count == 1)
            }
        }
    }

    /// Sets a comprehension's variables for one element: with two, the index (or key) and the value;
    /// with one, a list's element or a map's key.
    @inline(__always)
    static func bindIteration(_ frame: inout Frame, _ key: CELValue, _ value: CELValue, first: Int, second: Int?, map: Bool) {
        if let second {
            frame.locals[first] = key
            frame.locals[second] = value
        } else {
            frame.locals[first] = map ? key : value
        }
    }

    // MARK: - map, filter, transformList, transformMap, transformMapEntry

    enum TransformResult {
        case list, map, mapEntry

        init(_ macro: String) {
            self =
                switch macro {
                case "transformMap": .map
                case "transformMapEntry": .mapEntry
                default: .list
                }
        }
    }

    private mutating func transform(
        _ result: TransformResult, range: Expr, variables: [Expr], filter: Expr?, transform: Expr?, at offset: Int
    ) throws(CELError) -> Evaluator {
        let macro =
            switch (result, transform, variables.count) {
            case (.list, nil, _): "filter"
            case (.list, _, 1): "map"
            case (.list, _, _): "transformList"
            case (.map, _, _): "transformMap"
            case (.mapEntry, _, _): "transformMapEntry"
            }
        var names: [String] = []
        for variable in variables { names.append(try variableName(variable, macro: macro)) }
        if names.count == 2, names[0] == names[1] {
            throw error("\(macro)() needs two different variable names", at: variables[1].offset)
        }
        let rangeEvaluator = try compile(range)
        let (slots, keep, produce) = try withLocals(names) { (compiler, slots) throws(CELError) in
            (
                slots, try filter.map { (e) throws(CELError) in try compiler.compile(e) },
                try transform.map { (e) throws(CELError) in try compiler.compile(e) }
            )
        }
        let twoVariables = names.count == 2
        let first = slots[0], second = slots.count > 1 ? slots[1] : 0
        let filterOffset = filter?.offset ?? offset
        // A filter on one variable that requires a field to equal a constant skips, over a long list, the
        // elements whose field is another string (see CELList.positions(whereField:isOneOf:)).
        let prefilter = result == .list && names.count == 1 ? filter.flatMap { Self.fieldTest(in: $0, on: names[0]) } : nil

        return Evaluator { (frame: inout Frame) throws(EvalFailure) -> CELValue in
            let rangeValue = try rangeEvaluator(&frame)
            var list: [CELValue] = []
            var entries: [(CELMapKey, CELValue)] = []
            var seen = Set<CELMapKey>()
            // One element: bound, filtered, transformed and collected; true to go on.
            func visit(_ key: CELValue, _ value: CELValue) throws(EvalFailure) -> Bool {
                try frame.charge(1)
                Self.bindIteration(&frame, key, value, first: first, second: twoVariables ? second : nil, map: rangeValue.isMap)
                if let keep {
                    switch try keep(&frame) {
                    case .bool(true): break
                    case .bool(false): return true
                    case let other:
                        throw EvalFailure("\(macro)() needs a bool from its filter, not \(other.type.withArticle)", offset: filterOffset)
                    }
                }
                let element = try produce?(&frame) ?? (twoVariables ? value : frame.locals[first])
                switch result {
                case .list:
                    list.append(element)
                case .map:
                    guard let mapKey = CELMapKey(mapKey: key) else {
                        throw EvalFailure("\(macro)() cannot use \(key.type.withArticle) as a key", offset: offset)
                    }
                    entries.append((mapKey, element))
                case .mapEntry:
                    guard case let .map(entry) = element else {
                        throw EvalFailure(
                            "transformMapEntry() needs a map such as {key: value} from its transform, not \(element.type.withArticle)",
                            offset: offset)
                    }
                    for newKey in entry.keys {
                        guard seen.insert(newKey).inserted else {
                            throw EvalFailure("transformMapEntry() produced the key \(newKey) twice", offset: offset)
                        }
                        entries.append((newKey, entry[newKey] ?? .null))
                    }
                }
                return true
            }
            if let prefilter, case let .list(elements) = rangeValue,
                let positions = elements.positions(whereField: prefilter.field, isOneOf: prefilter.values)
            {
                // The elements skipped cost their step each, as if the filter had turned them down.
                try frame.charge(elements.count - positions.count)
                for position in positions { _ = try visit(.int(Int64(position)), elements[position]) }
            } else {
                try Self.iterate(rangeValue, macro, at: offset, visit)
            }
            switch result {
            case .list: return .list(CELList(list))
            case .map, .mapEntry: return .map(CELMap(entries))
            }
        }
    }

    /// The field and constants a filter's condition requires, when it has the shape `v.f == 'text'`,
    /// `'text' == v.f` or `v.f in ['a', 'b']` on the iteration variable `v`, alone, as one side of an `&&`,
    /// or on both sides of an `||` (the two sets together): an element whose `f` is another string fails
    /// that test without an error, and with it the whole condition (false && anything is false in CEL,
    /// whatever the other side does).
    static func fieldTest(in condition: Expr, on variable: String) -> (field: String, values: Set<String>)? {
        guard case let .call(function, nil, arguments) = condition.kind, arguments.count == 2 else { return nil }
        func field(_ expression: Expr) -> String? {
            guard case let .select(operand, name, false) = expression.kind, case .identifier(variable) = operand.kind else { return nil }
            return name
        }
        func text(_ expression: Expr) -> String? {
            guard case let .literal(.string(value)) = expression.kind else { return nil }
            return value
        }
        switch function {
        case "_&&_":
            return fieldTest(in: arguments[0], on: variable) ?? fieldTest(in: arguments[1], on: variable)
        case "_||_":
            // Either side may pass: an element fails both only when its field is outside both sets.
            guard let left = fieldTest(in: arguments[0], on: variable), let right = fieldTest(in: arguments[1], on: variable),
                left.field == right.field
            else { return nil }
            return (left.field, left.values.union(right.values))
        case "_==_":
            if let name = field(arguments[0]), let value = text(arguments[1]) { return (name, [value]) }
            if let name = field(arguments[1]), let value = text(arguments[0]) { return (name, [value]) }
            return nil
        case "@in":
            guard let name = field(arguments[0]), case let .list(elements) = arguments[1].kind else { return nil }
            var values: Set<String> = []
            for element in elements {
                guard !element.optional, let value = text(element.value) else { return nil }
                values.insert(value)
            }
            return (name, values)
        default:
            return nil
        }
    }

    // MARK: - optMap, optFlatMap, cel.bind

    private mutating func optionalMap(
        _ receiver: Expr, variable: Expr, body: Expr, flat: Bool, at offset: Int
    ) throws(CELError) -> Evaluator {
        let macro = flat ? "optFlatMap" : "optMap"
        let name = try variableName(variable, macro: macro)
        let target = try compile(receiver)
        let (slot, compiled) = try withLocals([name]) { (compiler, slots) throws(CELError) in (slots[0], try compiler.compile(body)) }
        return Evaluator { (frame: inout Frame) throws(EvalFailure) -> CELValue in
            let value = try target(&frame)
            guard case let .optional(wrapped) = value else {
                throw EvalFailure("\(macro)() needs an optional value, not \(value.type.withArticle)", offset: offset)
            }
            guard let wrapped else { return .optional(nil) }
            frame.locals[slot] = wrapped
            let result = try compiled(&frame)
            if !flat { return .optional(result) }
            guard case .optional = result else {
                throw EvalFailure(
                    "optFlatMap() needs an optional value from its expression, not \(result.type.withArticle)", offset: body.offset)
            }
            return result
        }
    }

    private mutating func bind(variable: Expr, initial: Expr, body: Expr, at offset: Int) throws(CELError) -> Evaluator {
        let name = try variableName(variable, macro: "cel.bind")
        let initialEvaluator = try compile(initial)
        let (slot, compiled) = try withLocals([name]) { (compiler, slots) throws(CELError) in (slots[0], try compiler.compile(body)) }
        return Evaluator { (frame: inout Frame) throws(EvalFailure) -> CELValue in
            frame.locals[slot] = try initialEvaluator(&frame)
            return try compiled(&frame)
        }
    }
}

extension CELValue {
    var isMap: Bool {
        if case .map = self { return true }
        return false
    }
}
