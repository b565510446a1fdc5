// sealgate · CEL

/// Turns a parsed expression into a tree of closures, resolving every name and function once, so that
/// evaluation does no lookups by name.
struct Compiler {
    let environment: CELEnvironment
    let source: String
    /// Comprehension variables in scope, innermost last.
    private var scopes: [(name: String, slot: Int)] = []
    /// Slots handed out for comprehension and `cel.bind` variables.
    private(set) var localCount = 0
    /// The declared variables the expression reads.
    private(set) var readVariables: Set<String> = []
    /// Set while compiling the operand of a field selection on a declared variable.
    private var selectingDirectly = false
    /// For each declared variable, the fields the expression selects on it directly (`variables.ready`),
    /// or nil when it uses the variable some other way (passes it whole, indexes it).
    private(set) var selectedFields: [String: Set<String>?] = [:]

    init(environment: CELEnvironment, source: String) {
        self.environment = environment
        self.source = source
    }

    // MARK: - Errors

    func error(_ reason: String, at offset: Int) -> CELError {
        let (line, column) = Lexer(source).lineAndColumn(of: offset)
        return CELError(.check, reason, line: line, column: column)
    }

    // MARK: - Expressions

    mutating func compile(_ expression: Expr) throws(CELError) -> Evaluator {
        let offset = expression.offset
        switch expression.kind {
        case let .literal(literal):
            let value = CELValue(literal)
            return Evaluator { _ in value }
        case let .identifier(name):
            return try identifier(name, at: offset)
        case let .select(operand, field, optional):
            if !optional, let qualified = Self.qualifiedName(expression), let resolved = resolveQualified(qualified, at: offset) {
                return resolved
            }
            if case let .identifier(name) = operand.kind, environment.slots[name] != nil, !scopeContains(name) {
                if case let fields?? = selectedFields[name] {
                    selectedFields[name] = fields.union([field])
                } else if selectedFields[name] == nil {
                    selectedFields[name] = [field]
                }
                selectingDirectly = true
            }
            let target = try compile(operand)
            return Evaluator { (frame: inout Frame) throws(EvalFailure) -> CELValue in
                let value = try target(&frame)
                try frame.charge(1)
                do throws(EvalFailure) { return try Self.select(field, from: value, optional: optional) } catch { throw error.at(offset) }
            }
        case let .call(function, target, arguments):
            return try call(function, target: target, arguments: arguments, at: offset)
        case let .list(elements):
            return try list(elements, at: offset)
        case let .map(entries):
            return try map(entries, at: offset)
        case let .message(type, _):
            throw error(
                "message construction '\(type){…}' needs protocol buffer types, which sealgate does not have; use a map literal {\"key\": value}",
                at: offset)
        }
    }

    // MARK: - Names

    private mutating func identifier(_ name: String, at offset: Int) throws(CELError) -> Evaluator {
        let rooted = name.hasPrefix(".")
        let bare = rooted ? String(name.dropFirst()) : name
        if !rooted, let slot = scopes.last(where: { $0.name == bare })?.slot {
            return Evaluator { frame in frame.locals[slot] }
        }
        if let resolved = resolveQualified(bare, at: offset) { return resolved }
        var hint = ""
        if !environment.variables.isEmpty {
            hint = "; the variables here are " + environment.variables.map { "'\($0)'" }.joined(separator: ", ")
        } else {
            hint = "; no variables are declared here"
        }
        throw error("undeclared reference to '\(bare)'\(hint)", at: offset)
    }

    /// A declared variable or type named `name` (which may contain dots); comprehension variables are not
    /// looked up here.
    private mutating func resolveQualified(_ name: String, at offset: Int) -> Evaluator? {
        let rooted = name.hasPrefix(".")
        let bare = rooted ? String(name.dropFirst()) : name
        if !rooted, let first = bare.split(separator: ".").first, scopes.contains(where: { $0.name == first }) {
            return nil
        }
        if let slot = environment.slots[bare] {
            readVariables.insert(bare)
            if selectingDirectly {
                selectingDirectly = false
            } else {
                selectedFields[bare] = .some(nil)
            }
            return Evaluator { (frame: inout Frame) throws(EvalFailure) -> CELValue in
                guard let value = frame.variables[slot] else {
                    throw EvalFailure("no value is bound to the variable '\(bare)'", offset: offset)
                }
                return value
            }
        }
        if let type = CELType.builtins[bare] ?? Self.typeAliases[bare] {
            return Evaluator { _ in .type(type) }
        }
        return nil
    }

    /// Type names that are not the type's own name.
    private static let typeAliases: [String: CELType] = ["dyn": CELType(name: "dyn")]

    /// `a.b.c` for a chain of plain selections on a name; nil for anything else.
    static func qualifiedName(_ expression: Expr) -> String? {
        switch expression.kind {
        case let .identifier(name): name
        case let .select(operand, field, false): qualifiedName(operand).map { "\($0).\(field)" }
        default: nil
        }
    }

    /// Whether a comprehension variable called `name` is in scope.
    func scopeContains(_ name: String) -> Bool {
        scopes.contains { $0.name == name }
    }

    /// Reserves a slot for a comprehension variable, in scope while `body` compiles.
    mutating func withLocals<T>(_ names: [String], _ body: (inout Compiler, [Int]) throws(CELError) -> T) throws(CELError) -> T {
        let slots = names.map { _ in
            localCount += 1
            return localCount - 1
        }
        let saved = scopes.count
        for (name, slot) in zip(names, slots) { scopes.append((name, slot)) }
        defer { scopes.removeLast(scopes.count - saved) }
        return try body(&self, slots)
    }

    // MARK: - Field selection

    /// `value.field`, or `value.?field` when `optional`.
    static func select(_ field: String, from value: CELValue, optional: Bool) throws(EvalFailure) -> CELValue {
        switch value {
        case let .map(map):
            if let provider = map.fieldProvider {
                do throws(CELError) {
                    if let found = try provider.value(ofField: field) { return optional ? .optional(found) : found }
                } catch {
                    throw EvalFailure(error.reason)
                }
            }
            if optional { return .optional(map[field]) }
            guard let found = map[field] else { throw EvalFailure("no such key: '\(field)'") }
            return found
        case let .optional(wrapped):
            // Selecting on an optional stays optional: a missing field, or a value without fields, is none.
            guard let wrapped, case let .map(map) = wrapped else { return .optional(nil) }
            return .optional(map[field])
        case _ where optional:
            // As cel-go: an optional selection on a value without fields is none, not an error.
            return .optional(nil)
        case .null:
            throw EvalFailure("cannot select '\(field)' from null; test it first, or write '.?\(field)'")
        default:
            throw EvalFailure("cannot select '\(field)' from \(value.type.withArticle); only maps and objects have fields")
        }
    }

    // MARK: - Literals

    private mutating func list(_ elements: [Expr.ListElement], at offset: Int) throws(CELError) -> Evaluator {
        // A list of literals (`o.kind in ['Pod', 'Deployment']`) is built once, not on every evaluation.
        if !elements.isEmpty, elements.allSatisfy({ !$0.optional && $0.value.isLiteral }) {
            let constant = CELValue.list(
                CELList(
                    elements.compactMap { element -> CELValue? in
                        guard case let .literal(literal) = element.value.kind else { return nil }
                        return CELValue(literal)
                    }))
            return Evaluator { (frame: inout Frame) throws(EvalFailure) -> CELValue in
                try frame.charge(1)
                return constant
            }
        }
        var parts: [(Evaluator, Bool)] = []
        for element in elements { parts.append((try compile(element.value), element.optional)) }
        let compiled = parts
        return Evaluator { (frame: inout Frame) throws(EvalFailure) -> CELValue in
            try frame.charge(1 &+ compiled.count)
            var values: [CELValue] = []
            values.reserveCapacity(compiled.count)
            for (evaluate, optional) in compiled {
                let value = try evaluate(&frame)
                if optional {
                    guard case let .optional(wrapped) = value else {
                        throw EvalFailure("an element marked '?' must be an optional value, not \(value.type.withArticle)", offset: offset)
                    }
                    if let wrapped { values.append(wrapped) }
                } else {
                    values.append(value)
                }
            }
            return .list(CELList(values))
        }
    }

    private mutating func map(_ entries: [Expr.MapEntry], at offset: Int) throws(CELError) -> Evaluator {
        var parts: [(Evaluator, Evaluator, Bool, Int)] = []
        for entry in entries { parts.append((try compile(entry.key), try compile(entry.value), entry.optional, entry.key.offset)) }
        let compiled = parts
        return Evaluator { (frame: inout Frame) throws(EvalFailure) -> CELValue in
            try frame.charge(1 &+ compiled.count)
            var pairs: [(CELMapKey, CELValue)] = []
            pairs.reserveCapacity(compiled.count)
            var seen = Set<CELMapKey>()
            for (keyEvaluator, valueEvaluator, optional, keyOffset) in compiled {
                let keyValue = try keyEvaluator(&frame)
                // Hashing a string key reads all of it.
                try frame.charge(CostModel.top(keyValue))
                guard let key = CELMapKey(mapKey: keyValue) else {
                    throw EvalFailure("a map key must be an int, uint, bool or string, not \(keyValue.type.withArticle)", offset: keyOffset)
                }
                guard seen.insert(key).inserted else {
                    throw EvalFailure("the map literal repeats the key \(key)", offset: keyOffset)
                }
                var value = try valueEvaluator(&frame)
                if optional {
                    guard case let .optional(wrapped) = value else {
                        throw EvalFailure(
                            "an entry marked '?' must have an optional value, not \(value.type.withArticle)", offset: keyOffset)
                    }
                    guard let wrapped else { continue }
                    value = wrapped
                }
                pairs.append((key, value))
            }
            return .map(CELMap(pairs))
        }
    }
}

extension CELValue {
    /// The value of a literal.
    init(_ literal: Expr.Literal) {
        switch literal {
        case let .int(i): self = .int(i)
        case let .uint(u): self = .uint(u)
        case let .double(d): self = .double(d)
        case let .string(s): self = .string(s)
        case let .bytes(b): self = .bytes(b)
        case let .bool(b): self = .bool(b)
        case .null: self = .null
        }
    }
}

extension CELMapKey {
    /// The key a value makes in a map literal: ints, uints, bools and strings only (no doubles).
    init?(mapKey value: CELValue) {
        switch value {
        case .int, .uint, .bool, .string: self.init(value)
        default: return nil
        }
    }
}

extension CELType {
    /// The type's name with an article, for messages: "an int", "a string", "a map".
    var withArticle: String {
        if name == "null_type" { return "null" }
        if name == "uint" { return "a uint" }
        let vowels: Set<Character> = ["a", "e", "i", "o", "u"]
        return (vowels.contains(name.first ?? "x") ? "an " : "a ") + name
    }
}

extension Expr {
    /// Whether the node is a literal.
    var isLiteral: Bool {
        if case .literal = kind { return true }
        return false
    }
}
