// sealgate · CEL

/// Bounds on what parsing one expression may cost.
public struct ParserLimits: Sendable, Equatable {
    /// The longest expression, in characters. Default 100,000 (cel-go's default).
    public var maxLength: Int
    /// The deepest nesting of parentheses, literals and call arguments, and the greatest height of the
    /// parsed tree (`a.b.c`, `x[0][0]` and `1 + 2 + 3` grow one level per link; runs of `&&` or `||`
    /// are balanced and grow by the logarithm of their length). Default 200; the language definition
    /// asks for at least 32.
    public var maxDepth: Int

    /// Creates limits.
    public init(maxLength: Int = 100_000, maxDepth: Int = 200) {
        self.maxLength = maxLength
        self.maxDepth = maxDepth
    }
}

/// Parses CEL source text into an ``Expr`` tree, following the grammar of the CEL language definition,
/// plus the optional-value syntax Kubernetes enables (`a.?b`, `a[?i]`, `[?x]`, `{?k: v}`).
///
/// Chains of operators, selections and indexes are parsed in loops; only genuine nesting (parentheses,
/// literals, call arguments) recurses. Both the nesting and the height of the tree built are bounded by
/// ``ParserLimits/maxDepth``, so every stage after the parser, which walks the tree recursively, has a
/// bounded stack too.
public struct Parser {
    private var lexer: Lexer
    private var token: Token
    private let limits: ParserLimits
    private var depth = 0

    /// Parses `source`.
    ///
    /// - Throws: ``CELError`` with the line and column of the first problem.
    public static func parse(_ source: String, limits: ParserLimits = ParserLimits()) throws(CELError) -> Expr {
        guard source.count <= limits.maxLength else {
            throw CELError(
                .tooComplex, "the expression is \(source.count) characters, over the \(limits.maxLength)-character limit", line: 1,
                column: 1)
        }
        var parser = try Parser(source, limits: limits)
        let expression = try parser.expression()
        guard parser.token.kind == .end else {
            throw parser.unexpected("an operator or the end of the expression")
        }
        return expression
    }

    private init(_ source: String, limits: ParserLimits) throws(CELError) {
        lexer = Lexer(source)
        self.limits = limits
        token = Token(kind: .end, offset: 0)
        token = try lexer.next()
    }

    // MARK: - Tokens

    private mutating func advance() throws(CELError) {
        token = try lexer.next()
    }

    private func isSymbol(_ symbol: String) -> Bool {
        token.kind == .symbol(symbol)
    }

    /// Consumes a `?` (Kubernetes' optional marker) if one is next.
    private mutating func optionalMark() throws(CELError) -> Bool {
        guard isSymbol("?") else { return false }
        try advance()
        return true
    }

    /// Reserved words cannot name a variable or a global function; after a `.` they are field names.
    private func refuseReserved(_ name: String, at offset: Int) throws(CELError) {
        if Lexer.reserved.contains(name) {
            throw lexer.error("'\(name)' is a reserved word and cannot be used as a name", at: offset)
        }
    }

    private mutating func expect(_ symbol: String, _ context: String) throws(CELError) {
        guard isSymbol(symbol) else { throw unexpected("'\(symbol)' \(context)") }
        try advance()
    }

    private func describe(_ kind: Token.Kind) -> String {
        switch kind {
        case .end: "end of expression"
        case let .symbol(s): "'\(s)'"
        case let .identifier(s), let .keyword(s): "'\(s)'"
        case .int, .uint, .double: "number"
        case .string: "string"
        case .bytes: "bytes"
        }
    }

    private func unexpected(_ expected: String) -> CELError {
        lexer.error("unexpected \(describe(token.kind)); expected \(expected)", at: token.offset)
    }

    private func tooDeep(at offset: Int) -> CELError {
        let (line, column) = lexer.lineAndColumn(of: offset)
        return CELError(
            .tooComplex, "the expression nests more than \(limits.maxDepth) levels deep; simplify it", line: line, column: column)
    }

    private mutating func nested<T>(_ body: (inout Parser) throws(CELError) -> T) throws(CELError) -> T {
        guard depth < limits.maxDepth else { throw tooDeep(at: token.offset) }
        depth += 1
        defer { depth -= 1 }
        return try body(&self)
    }

    /// A node, refused when the tree under it would be higher than the depth limit. Chains
    /// (`a.b.c…`, `x[0][0]…`, `1 + 2 + …`) are parsed in loops but build one level per link, and the
    /// checker, compiler, evaluator and ``Expr/description`` all recurse once per level: bounding the
    /// height here is what keeps every later stage within a bounded stack.
    private func node(_ kind: Expr.Kind, at offset: Int) throws(CELError) -> Expr {
        let expression = Expr(kind, offset: offset)
        guard expression.height <= limits.maxDepth else { throw tooDeep(at: offset) }
        return expression
    }

    private func call(_ function: String, _ arguments: [Expr], at offset: Int) throws(CELError) -> Expr {
        try node(.call(function: function, target: nil, arguments: arguments), at: offset)
    }

    // MARK: - Grammar

    /// Expr = ConditionalOr ["?" ConditionalOr ":" Expr]
    private mutating func expression() throws(CELError) -> Expr {
        try nested { (p) throws(CELError) -> Expr in
            let condition = try p.binary(level: 0)
            guard p.isSymbol("?") else { return condition }
            let offset = p.token.offset
            try p.advance()
            let whenTrue = try p.binary(level: 0)
            try p.expect(":", "in a conditional (condition ? a : b)")
            let whenFalse = try p.expression()
            return try p.call("_?_:_", [condition, whenTrue, whenFalse], at: offset)
        }
    }

    /// The binary operators by precedence, loosest first.
    private static let levels: [[String: String]] = [
        ["||": "_||_"],
        ["&&": "_&&_"],
        ["<": "_<_", "<=": "_<=_", ">": "_>_", ">=": "_>=_", "==": "_==_", "!=": "_!=_", "in": "@in"],
        ["+": "_+_", "-": "_-_"],
        ["*": "_*_", "/": "_/_", "%": "_%_"],
    ]

    private mutating func binary(level: Int) throws(CELError) -> Expr {
        guard level < Self.levels.count else { return try unary() }
        if level < 2 { return try logicalChain(level: level) }
        var left = try binary(level: level + 1)
        while true {
            let name: String?
            switch token.kind {
            case let .symbol(s): name = Self.levels[level][s]
            case .keyword("in"): name = Self.levels[level]["in"]
            default: name = nil
            }
            guard let function = name else { return left }
            let offset = token.offset
            try advance()
            let right = try binary(level: level + 1)
            left = try call(function, [left, right], at: offset)
        }
    }

    /// A run of `||` (level 0) or `&&` (level 1) terms, built as a balanced tree as cel-go's parser
    /// builds it: `&&` and `||` are associative and commutative over errors, so the shape changes no
    /// result, and a policy may join hundreds of conditions while the tree stays a few levels high.
    private mutating func logicalChain(level: Int) throws(CELError) -> Expr {
        let symbol = level == 0 ? "||" : "&&"
        var terms = [try binary(level: level + 1)]
        var operators: [Int] = []
        while isSymbol(symbol) {
            operators.append(token.offset)
            try advance()
            terms.append(try binary(level: level + 1))
        }
        return try balanced(terms[...], operators: operators, function: "_\(symbol)_")
    }

    /// `terms` joined by `function` into a tree of the least height; `operators[i]` is the offset of the
    /// operator after `terms[i]`, and each node takes the offset of the operator it stands for. Three
    /// terms or fewer give the left-leaning tree a loop would build.
    private func balanced(_ terms: ArraySlice<Expr>, operators: [Int], function: String) throws(CELError) -> Expr {
        guard terms.count > 1 else { return terms[terms.startIndex] }
        let middle = terms.startIndex + terms.count / 2 + terms.count % 2
        let left = try balanced(terms[..<middle], operators: operators, function: function)
        let right = try balanced(terms[middle...], operators: operators, function: function)
        return try call(function, [left, right], at: operators[middle - 1])
    }

    /// Unary = Member | "!" {"!"} Member | "-" {"-"} Member. As in cel-go, an even run of the same
    /// operator cancels out, and a minus directly before a number literal negates the literal.
    private mutating func unary() throws(CELError) -> Expr {
        guard isSymbol("!") || isSymbol("-") else { return try member() }
        let symbol = isSymbol("!") ? "!" : "-"
        let offset = token.offset
        var count = 0
        while isSymbol(symbol) {
            count += 1
            try advance()
        }
        if symbol == "-", count % 2 == 1 {
            // A minus directly before a number literal is part of the literal (so -9223372036854775808 is
            // an int), unless a member suffix follows: -1.size() is -(1.size()), as the grammar says.
            let literalOffset = token.offset
            switch token.kind {
            case let .int(magnitude):
                try advance()
                if isSymbol(".") || isSymbol("[") {
                    guard magnitude <= UInt64(Int64.max) else {
                        throw lexer.error(
                            "integer literal \(magnitude) is out of the int range; write \(magnitude)u for a uint", at: literalOffset)
                    }
                    let operand = try memberSuffixes(try node(.literal(.int(Int64(magnitude))), at: literalOffset))
                    return try call("-_", [operand], at: offset)
                }
                guard magnitude <= UInt64(Int64.max) + 1 else {
                    throw lexer.error("integer literal -\(magnitude) is out of the int range", at: literalOffset)
                }
                return try node(.literal(.int(magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude))), at: offset)
            case let .double(value):
                try advance()
                if isSymbol(".") || isSymbol("[") {
                    let operand = try memberSuffixes(try node(.literal(.double(value)), at: literalOffset))
                    return try call("-_", [operand], at: offset)
                }
                return try node(.literal(.double(-value)), at: offset)
            default:
                break
            }
        }
        let operand = try member()
        guard count % 2 == 1 else { return operand }
        return try call(symbol == "!" ? "!_" : "-_", [operand], at: offset)
    }

    /// Member = Primary { "." ["?"] IDENT ["(" args ")"] | "[" ["?"] Expr "]" | "{" FieldInits "}" }
    private mutating func member() throws(CELError) -> Expr {
        try memberSuffixes(try primary())
    }

    private mutating func memberSuffixes(_ start: Expr) throws(CELError) -> Expr {
        var current = start
        while true {
            if isSymbol(".") {
                let offset = token.offset
                try advance()
                let optional = try optionalMark()
                guard case let .identifier(name) = token.kind else {
                    throw unexpected("a field or method name after '.'")
                }
                try advance()
                if isSymbol("("), !optional {
                    let arguments = try argumentList()
                    current = try node(.call(function: name, target: current, arguments: arguments), at: offset)
                } else {
                    current = try node(.select(operand: current, field: name, optional: optional), at: offset)
                }
            } else if isSymbol("[") {
                let offset = token.offset
                try advance()
                let optional = try optionalMark()
                let index = try expression()
                try expect("]", "to close the index")
                current = try call(optional ? "_[?_]" : "_[_]", [current, index], at: offset)
            } else if isSymbol("{"), let type = Self.qualifiedName(current) {
                current = try messageConstruction(type: type, at: current.offset)
            } else {
                return current
            }
        }
    }

    /// The dotted name an expression spells (`a.b.c`, `.a.b`), when it is only a name.
    private static func qualifiedName(_ expression: Expr) -> String? {
        switch expression.kind {
        case let .identifier(name): name
        case let .select(operand, field, false): qualifiedName(operand).map { "\($0).\(field)" }
        default: nil
        }
    }

    private mutating func primary() throws(CELError) -> Expr {
        let offset = token.offset
        switch token.kind {
        case let .int(magnitude):
            guard magnitude <= UInt64(Int64.max) else {
                throw lexer.error("integer literal \(magnitude) is out of the int range; write \(magnitude)u for a uint", at: offset)
            }
            try advance()
            return try node(.literal(.int(Int64(magnitude))), at: offset)
        case let .uint(value):
            try advance()
            return try node(.literal(.uint(value)), at: offset)
        case let .double(value):
            try advance()
            return try node(.literal(.double(value)), at: offset)
        case let .string(value):
            try advance()
            return try node(.literal(.string(value)), at: offset)
        case let .bytes(value):
            try advance()
            return try node(.literal(.bytes(value)), at: offset)
        case .keyword("true"), .keyword("false"):
            let value = token.kind == .keyword("true")
            try advance()
            return try node(.literal(.bool(value)), at: offset)
        case .keyword("null"):
            try advance()
            return try node(.literal(.null), at: offset)
        case let .identifier(name):
            try refuseReserved(name, at: offset)
            try advance()
            if isSymbol("(") {
                return try node(.call(function: name, target: nil, arguments: try argumentList()), at: offset)
            }
            return try node(.identifier(name), at: offset)
        case .symbol("."):
            try advance()
            guard case let .identifier(name) = token.kind else { throw unexpected("a name after a leading '.'") }
            try refuseReserved(name, at: token.offset)
            try advance()
            if isSymbol("(") {
                return try node(.call(function: "." + name, target: nil, arguments: try argumentList()), at: offset)
            }
            return try node(.identifier("." + name), at: offset)
        case .symbol("("):
            try advance()
            let inner = try expression()
            try expect(")", "to close '('")
            return inner
        case .symbol("["):
            return try listLiteral()
        case .symbol("{"):
            return try mapLiteral()
        default:
            throw unexpected("a value, a name, '(', '[' or '{'")
        }
    }

    private mutating func argumentList() throws(CELError) -> [Expr] {
        try nested { (p) throws(CELError) -> [Expr] in
            try p.expect("(", "to start the arguments")
            return try p.commaSeparated(until: ")", closing: "to close the arguments", optionalMarks: false) {
                (p, _) throws(CELError) in try p.expression()
            }
        }
    }

    private mutating func listLiteral() throws(CELError) -> Expr {
        try nested { (p) throws(CELError) -> Expr in
            let offset = p.token.offset
            try p.advance()
            let elements = try p.commaSeparated(until: "]", closing: "to close the list") { (p, optional) throws(CELError) in
                Expr.ListElement(value: try p.expression(), optional: optional)
            }
            return try p.node(.list(elements), at: offset)
        }
    }

    private mutating func mapLiteral() throws(CELError) -> Expr {
        try nested { (p) throws(CELError) -> Expr in
            let offset = p.token.offset
            try p.advance()
            let entries = try p.commaSeparated(until: "}", closing: "to close the map") { (p, optional) throws(CELError) in
                let key = try p.expression()
                try p.expect(":", "between a map key and its value")
                return Expr.MapEntry(key: key, value: try p.expression(), optional: optional)
            }
            return try p.node(.map(entries), at: offset)
        }
    }

    private mutating func messageConstruction(type: String, at offset: Int) throws(CELError) -> Expr {
        try nested { (p) throws(CELError) -> Expr in
            try p.advance()
            let fields = try p.commaSeparated(until: "}", closing: "to close the message") { (p, optional) throws(CELError) in
                guard case let .identifier(name) = p.token.kind else { throw p.unexpected("a field name") }
                try p.advance()
                try p.expect(":", "after the field name")
                return Expr.FieldInitializer(name: name, value: try p.expression(), optional: optional)
            }
            return try p.node(.message(type: type, fields: fields), at: offset)
        }
    }

    /// Items up to `closer`, separated by commas, a trailing comma allowed; with `optionalMarks`, each may
    /// start with `?` (Kubernetes' optional elements and entries), which `item` receives.
    private mutating func commaSeparated<Item>(
        until closer: String, closing: String, optionalMarks: Bool = true,
        _ item: (inout Parser, Bool) throws(CELError) -> Item
    ) throws(CELError) -> [Item] {
        var items: [Item] = []
        while !isSymbol(closer) {
            let optional = optionalMarks ? try optionalMark() : false
            items.append(try item(&self, optional))
            guard isSymbol(",") else { break }
            try advance()
        }
        try expect(closer, closing)
        return items
    }
}
