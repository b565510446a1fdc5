// sealgate · CEL

/// What the checker knows of an expression's type before it runs. Variables are `dyn` (sealgate has no
/// schema for the objects it reads), and so is anything computed from them; literals, and what operators
/// and functions make of literals, have concrete types.
indirect enum StaticType: Sendable, Equatable, CustomStringConvertible {
    case dyn, null, bool, int, uint, double, string, bytes, type, timestamp, duration
    case list(StaticType)
    case map(StaticType, StaticType)
    case optional(StaticType)
    case opaque(String)
    /// The type parameter of a library signature (``StaticType/A``): compatible with anything, like `dyn`.
    /// The checker gives no expression this type; a signature's result has it replaced.
    case parameter

    var description: String {
        switch self {
        case .dyn: "dyn"
        case .null: "null_type"
        case .bool: "bool"
        case .int: "int"
        case .uint: "uint"
        case .double: "double"
        case .string: "string"
        case .bytes: "bytes"
        case .type: "type"
        case .timestamp: "google.protobuf.Timestamp"
        case .duration: "google.protobuf.Duration"
        case let .list(element): "list(\(element))"
        case let .map(key, value): "map(\(key), \(value))"
        case let .optional(wrapped): "optional_type(\(wrapped))"
        case let .opaque(name): name
        case .parameter: "A"
        }
    }

    /// Whether a value of one type may meet a value of the other where CEL wants one type: equal, or
    /// either side (or a part of it) is dyn.
    func isCompatible(with other: StaticType) -> Bool {
        switch (self, other) {
        case (.dyn, _), (_, .dyn), (.parameter, _), (_, .parameter): true
        case let (.list(a), .list(b)): a.isCompatible(with: b)
        case let (.map(k1, v1), .map(k2, v2)): k1.isCompatible(with: k2) && v1.isCompatible(with: v2)
        case let (.optional(a), .optional(b)): a.isCompatible(with: b)
        default: self == other
        }
    }

    /// The type that holds values of both compatible types: dyn when either is dyn (the values may then
    /// differ in type, as in `{'name': c.name, 'tags': ['a']}`).
    func joined(with other: StaticType) -> StaticType {
        switch (self, other) {
        case (.dyn, _), (_, .dyn), (.parameter, _), (_, .parameter): .dyn
        case let (.list(a), .list(b)): .list(a.joined(with: b))
        case let (.map(k1, v1), .map(k2, v2)): .map(k1.joined(with: k2), v1.joined(with: v2))
        case let (.optional(a), .optional(b)): .optional(a.joined(with: b))
        default: self
        }
    }

    /// int, uint or double, which Kubernetes lets `<` and friends compare across types.
    var isNumeric: Bool { self == .int || self == .uint || self == .double }
}

/// Checks the types that can be known before evaluation, as Kubernetes' CEL checker does, so that an
/// expression Kubernetes would refuse (`1 == 'a'`, `[1, 'a']`, `1 && true`) is refused here too,
/// with cel-go's wording. Anything involving a variable is `dyn` and is left to evaluation.
struct TypeChecker {
    let source: String
    /// The functions and their signatures.
    let library: FunctionLibrary
    private var scopes: [(name: String, type: StaticType)] = []
    /// Inside format()'s arguments, list and map literals may mix element types.
    private var mixedLiteralsAllowed = false

    init(source: String, library: FunctionLibrary) {
        self.source = source
        self.library = library
    }

    private func error(_ reason: String, at offset: Int) -> CELError {
        let (line, column) = Lexer(source).lineAndColumn(of: offset)
        return CELError(.check, reason, line: line, column: column)
    }

    private func noOverload(_ function: String, _ types: [StaticType], at offset: Int) -> CELError {
        error("found no matching overload for '\(function)' applied to '(\(types.map(\.description).joined(separator: ", ")))'", at: offset)
    }

    private func expectBool(_ type: StaticType, at offset: Int) throws(CELError) {
        guard type.isCompatible(with: .bool) else { throw error("expected type 'bool' but found '\(type)'", at: offset) }
    }

    // MARK: - Expressions

    mutating func check(_ expression: Expr) throws(CELError) -> StaticType {
        let offset = expression.offset
        switch expression.kind {
        case let .literal(literal):
            switch literal {
            case .int: return .int
            case .uint: return .uint
            case .double: return .double
            case .string: return .string
            case .bytes: return .bytes
            case .bool: return .bool
            case .null: return .null
            }
        case let .identifier(name):
            if let local = scopes.last(where: { $0.name == name }) { return local.type }
            return CELType.builtins[name.hasPrefix(".") ? String(name.dropFirst()) : name] != nil ? .type : .dyn
        case let .select(operand, field, optional):
            if !optional, let name = Compiler.qualifiedName(expression), CELType.builtins[name] != nil { return .type }
            let type = try check(operand)
            let fieldType = try select(field, from: type, at: offset)
            if optional {
                if case .optional = fieldType { return fieldType }
                return .optional(fieldType)
            }
            return fieldType
        case let .list(elements):
            var elementType: StaticType = .dyn
            var first = true
            for element in elements {
                var type = try check(element.value)
                if element.optional {
                    guard case let .optional(wrapped) = type else {
                        if type == .dyn { continue }
                        throw error("expected type 'optional_type' but found '\(type)'", at: element.value.offset)
                    }
                    type = wrapped
                }
                if mixedLiteralsAllowed, !type.isCompatible(with: elementType) {
                    elementType = .dyn
                    continue
                }
                if !first, !type.isCompatible(with: elementType) {
                    throw error("expected type '\(elementType)' but found '\(type)'", at: element.value.offset)
                }
                elementType = first ? type : elementType.joined(with: type)
                first = false
            }
            return .list(elementType)
        case let .map(entries):
            var keyType: StaticType = .dyn, valueType: StaticType = .dyn
            var first = true
            for entry in entries {
                let key = try check(entry.key)
                var value = try check(entry.value)
                switch key {
                case .dyn, .int, .uint, .bool, .string: break
                default: throw error("unsupported map key type: '\(key)'", at: entry.key.offset)
                }
                if entry.optional, case let .optional(wrapped) = value { value = wrapped }
                if mixedLiteralsAllowed {
                    if !key.isCompatible(with: keyType) { keyType = .dyn }
                    if !value.isCompatible(with: valueType) { valueType = .dyn }
                } else if !first {
                    guard key.isCompatible(with: keyType) else {
                        throw error("expected type '\(keyType)' but found '\(key)'", at: entry.key.offset)
                    }
                    guard value.isCompatible(with: valueType) else {
                        throw error("expected type '\(valueType)' but found '\(value)'", at: entry.value.offset)
                    }
                }
                keyType = first ? key : keyType.joined(with: key)
                valueType = first ? value : valueType.joined(with: value)
                first = false
            }
            return .map(keyType, valueType)
        case .message:
            return .dyn
        case let .call(function, target, arguments):
            return try call(function, target: target, arguments: arguments, at: offset)
        }
    }

    private func select(_ field: String, from type: StaticType, at offset: Int) throws(CELError) -> StaticType {
        switch type {
        case .dyn: return .dyn
        case let .map(key, value):
            guard key.isCompatible(with: .string) else { throw error("type '\(type)' does not support field selection", at: offset) }
            return value
        case let .optional(wrapped): return .optional(try select(field, from: wrapped, at: offset))
        case .opaque: return .dyn
        default: throw error("type '\(type)' does not support field selection", at: offset)
        }
    }

    // MARK: - Calls

    private mutating func call(_ function: String, target: Expr?, arguments: [Expr], at offset: Int) throws(CELError) -> StaticType {
        if let target, let macro = try comprehension(function, range: target, arguments: arguments, at: offset) {
            return macro
        }
        switch (function, target, arguments.count) {
        case ("has", nil, 1):
            if case let .select(operand, field, false) = arguments[0].kind {
                _ = try select(field, from: try check(operand), at: arguments[0].offset)
            }
            return .bool
        case let ("bind", namespace?, 3) where Compiler.qualifiedName(namespace) == "cel":
            guard case let .identifier(name) = arguments[0].kind else { return .dyn }
            let initial = try check(arguments[1])
            scopes.append((name, initial))
            defer { scopes.removeLast() }
            return try check(arguments[2])
        default:
            break
        }
        var name = function
        var receiver: StaticType?
        if let target {
            if let namespace = Compiler.qualifiedName(target),
                library.namespaces.contains(namespace) || Self.macroNamespaces.contains(namespace)
            {
                name = "\(namespace).\(function)"
            } else {
                receiver = try check(target)
            }
        }
        var types: [StaticType] = []
        // Like cel-go's strings extension, the literals in format()'s arguments may mix types.
        let exempt = mixedLiteralsAllowed
        if function == "format" { mixedLiteralsAllowed = true }
        defer { mixedLiteralsAllowed = exempt }
        for argument in arguments { types.append(try check(argument)) }
        if target == nil, function.hasPrefix("_") || function.hasPrefix("!") || function.hasPrefix("-") || function == "@in" {
            return try operatorType(function, types, arguments, at: offset)
        }
        if function == "or" || function == "orValue", let receiver {
            // Compiled lazily (the alternative is evaluated only when needed), so not library functions.
            var fine = false
            if case .optional = receiver { fine = true }
            guard fine || receiver == .dyn else {
                throw error(
                    "found no matching overload for '\(function)' applied to '\(receiver).(\(types.map(\.description).joined(separator: ", ")))'",
                    at: offset)
            }
            if function == "or" { return receiver }
            if case let .optional(wrapped) = receiver { return wrapped }
            return .dyn
        }
        if library.accepts(name, receiver: receiver, arguments: types) == false {
            let list = types.map(\.description).joined(separator: ", ")
            let applied = receiver.map { "\($0).(\(list))" } ?? "(\(list))"
            throw error("found no matching overload for '\(name)' applied to '\(applied)'", at: offset)
        }
        return library.resultType(name, receiver: receiver, arguments: types)
    }

    /// Namespaces that are not those of library functions: `cel.bind` is a macro, and `math` is
    /// cel-go's namespace of the math extension, whose calls are left to the compiler to refuse.
    private static let macroNamespaces: Set<String> = ["math", "cel"]

    private func operatorType(_ function: String, _ types: [StaticType], _ arguments: [Expr], at offset: Int) throws(CELError) -> StaticType
    {
        switch (function, types.count) {
        case ("_&&_", 2), ("_||_", 2):
            try expectBool(types[0], at: arguments[0].offset)
            try expectBool(types[1], at: arguments[1].offset)
            return .bool
        case ("!_", 1):
            guard types[0].isCompatible(with: .bool) else { throw noOverload("!_", types, at: offset) }
            return .bool
        case ("_?_:_", 3):
            guard types[0].isCompatible(with: .bool), types[1].isCompatible(with: types[2]) else {
                throw noOverload("_?_:_", types, at: offset)
            }
            return types[1].joined(with: types[2])
        case ("_==_", 2), ("_!=_", 2):
            guard types[0].isCompatible(with: types[1]) else { throw noOverload(function, types, at: offset) }
            return .bool
        case ("_<_", 2), ("_<=_", 2), ("_>_", 2), ("_>=_", 2):
            let (a, b) = (types[0], types[1])
            let ordered: Set<String> = [
                "int", "uint", "double", "string", "bytes", "bool", "google.protobuf.Timestamp", "google.protobuf.Duration",
            ]
            let fine =
                (a == .dyn && (b == .dyn || ordered.contains(b.description)))
                || (b == .dyn && ordered.contains(a.description))
                || (a.isNumeric && b.isNumeric) || (a == b && ordered.contains(a.description))
            guard fine else { throw noOverload(function, types, at: offset) }
            return .bool
        case ("_+_", 2), ("_-_", 2), ("_*_", 2), ("_/_", 2), ("_%_", 2):
            return try arithmeticType(function, types[0], types[1], at: offset)
        case ("-_", 1):
            guard [.dyn, .int, .double].contains(types[0]) else { throw noOverload("-_", types, at: offset) }
            return types[0]
        case ("@in", 2):
            switch types[1] {
            case .dyn: return .bool
            case let .list(element): if element.isCompatible(with: types[0]) { return .bool }
            case let .map(key, _): if key.isCompatible(with: types[0]) { return .bool }
            default: break
            }
            throw noOverload("@in", types, at: offset)
        case ("_[_]", 2), ("_[?_]", 2):
            let optional = function == "_[?_]"
            let element: StaticType
            switch (types[0], types[1]) {
            case (.dyn, _): element = .dyn
            case let (.list(e), index) where index == .int || index == .dyn: element = e
            case let (.map(key, value), index) where key.isCompatible(with: index): element = value
            case let (.optional(.list(e)), index) where index == .int || index == .dyn: return .optional(e)
            case let (.optional(.map(key, value)), index) where key.isCompatible(with: index): return .optional(value)
            case (.optional(.dyn), _): return .optional(.dyn)
            default: throw noOverload(function, types, at: offset)
            }
            return optional ? .optional(element) : element
        default:
            return .dyn
        }
    }

    private func arithmeticType(_ function: String, _ a: StaticType, _ b: StaticType, at offset: Int) throws(CELError) -> StaticType {
        if a == .dyn || b == .dyn {
            // One side is known: it must be a type some overload of the operator takes.
            let known = a == .dyn ? b : a
            let takes: Bool
            switch (function, known) {
            case (_, .dyn): takes = true
            case ("_+_", .list): takes = true
            case ("_+_", _): takes = [.int, .uint, .double, .string, .bytes, .duration, .timestamp].contains(known)
            case ("_-_", _): takes = [.int, .uint, .double, .duration, .timestamp].contains(known)
            case ("_%_", _): takes = [.int, .uint].contains(known)
            default: takes = known.isNumeric
            }
            guard takes else { throw noOverload(function, [a, b], at: offset) }
            return .dyn
        }
        let allowed: [StaticType]
        switch function {
        case "_+_":
            switch (a, b) {
            case (.timestamp, .duration), (.duration, .timestamp): return .timestamp
            case let (.list(x), .list(y)) where x.isCompatible(with: y): return .list(x.joined(with: y))
            default: allowed = [.int, .uint, .double, .string, .bytes, .duration]
            }
        case "_-_":
            switch (a, b) {
            case (.timestamp, .timestamp): return .duration
            case (.timestamp, .duration): return .timestamp
            default: allowed = [.int, .uint, .double, .duration]
            }
        case "_%_": allowed = [.int, .uint]
        default: allowed = [.int, .uint, .double]
        }
        guard a == b, allowed.contains(a) else { throw noOverload(function, [a, b], at: offset) }
        return a
    }

    // MARK: - Comprehensions

    private mutating func comprehension(_ macro: String, range: Expr, arguments: [Expr], at offset: Int) throws(CELError) -> StaticType? {
        let quantifiers: Set<String> = ["all", "exists", "exists_one", "existsOne"]
        let twoVariable: Set<String> = ["transformList", "transformMap", "transformMapEntry"]
        let names = arguments.prefix(2).compactMap { (argument) -> String? in
            if case let .identifier(name) = argument.kind { return name }
            return nil
        }
        let variableCount: Int
        switch (macro, arguments.count) {
        case _ where quantifiers.contains(macro) && arguments.count == 2: variableCount = 1
        case _ where quantifiers.contains(macro) && arguments.count == 3: variableCount = 2
        case ("map", 2), ("map", 3), ("filter", 2): variableCount = 1
        case _ where twoVariable.contains(macro) && (arguments.count == 3 || arguments.count == 4): variableCount = 2
        case ("optMap", 2), ("optFlatMap", 2):
            let receiver = try check(range)
            guard names.count >= 1 else { return .dyn }
            var wrapped: StaticType = .dyn
            if case let .optional(inner) = receiver { wrapped = inner }
            scopes.append((names[0], wrapped))
            defer { scopes.removeLast() }
            let result = try check(arguments[1])
            return macro == "optMap" ? .optional(result) : result
        default: return nil
        }
        guard names.count >= variableCount else { return nil }
        if variableCount == 2, names[0] == names[1] {
            throw error("\(macro)() needs two different variable names", at: arguments[1].offset)
        }
        let rangeType = try check(range)
        let first: StaticType, second: StaticType
        switch rangeType {
        case .dyn: (first, second) = (.dyn, .dyn)
        case let .list(element): (first, second) = variableCount == 1 ? (element, .dyn) : (.int, element)
        case let .map(key, value): (first, second) = (key, value)
        default:
            throw error(
                "expression of type '\(rangeType)' cannot be range of a comprehension (must be list, map, or dynamic)", at: range.offset)
        }
        scopes.append((names[0], first))
        if variableCount == 2 { scopes.append((names[1], second)) }
        defer { scopes.removeLast(variableCount) }
        let bodies = Array(arguments.dropFirst(variableCount))
        var bodyTypes: [StaticType] = []
        for body in bodies { bodyTypes.append(try check(body)) }
        if quantifiers.contains(macro) || bodies.count == 2 || macro == "filter" {
            try expectBool(bodyTypes[0], at: bodies[0].offset)
        }
        switch macro {
        case _ where quantifiers.contains(macro): return .bool
        case "filter": return .list(first)
        case "map", "transformList": return .list(bodyTypes.last ?? .dyn)
        case "transformMap": return .map(first, bodyTypes.last ?? .dyn)
        default: return .map(.dyn, .dyn)
        }
    }
}
