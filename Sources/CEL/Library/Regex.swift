// sealgate · CEL

// matches (standard) and Kubernetes' find and findAll, on RE2 syntax. A pattern that is a literal in the
// expression is compiled once, when the expression is (see Compiler+Regex); others on each call.

import RE2

extension FunctionLibrary {
    /// `matches`, `find` and `findAll`.
    static var regexFunctions: [FunctionDeclaration] {
        [
            FunctionDeclaration("matches", cost: CostModel.regex(all: false)) { name in
                [
                    Overload(
                        [.global(.string, .string, returns: .bool), .method(on: .string, .string, returns: .bool)],
                        .binary { (s, pattern) throws(EvalFailure) in
                            .bool(try Self.regex(pattern, name).matches(try s.string(for: name)))
                        })
                ]
            },
            FunctionDeclaration("find", cost: CostModel.regex(all: false)) { name in
                [
                    Overload(
                        [.method(on: .string, .string, returns: .string)],
                        .binary { (s, pattern) throws(EvalFailure) in
                            .string(try Self.regex(pattern, name).firstMatch(in: try s.string(for: name)) ?? "")
                        })
                ]
            },
            FunctionDeclaration("findAll", cost: CostModel.regex(all: true)) { name in
                [
                    Overload(
                        [.method(on: .string, .string, returns: .list(.string))],
                        .binary { (s, pattern) throws(EvalFailure) in
                            .list(
                                CELList(
                                    try Self.regex(pattern, name).allMatches(in: try s.string(for: name), limit: -1).map(CELValue.string)))
                        }),
                    Overload(
                        [.method(on: .string, .string, .int, returns: .list(.string))],
                        .ternary { (s, pattern, limit) throws(EvalFailure) in
                            let n = try limit.int(for: name)
                            return .list(
                                CELList(
                                    try Self.regex(pattern, name).allMatches(in: try s.string(for: name), limit: Int(clamping: n)).map(
                                        CELValue.string)))
                        }),
                ]
            },
        ]
    }

    /// The pattern compiled, or the failure `function` reports for a pattern that is not RE2 syntax.
    static func regex(_ pattern: CELValue, _ function: String) throws(EvalFailure) -> RE2 {
        let text = try pattern.string(for: function)
        do throws(RE2.SyntaxError) { return try RE2(text) } catch {
            throw EvalFailure("\(function)(): invalid regular expression \(text.celQuoted): \(error.message)")
        }
    }
}

extension Compiler {
    /// `matches`, `find`, `findAll` with a literal pattern: compiled (and checked) once, now.
    mutating func precompiledRegex(_ function: String, target: Expr?, arguments: [Expr], at offset: Int) throws(CELError) -> Evaluator? {
        let patternIndex = target == nil ? 1 : 0
        guard ["matches", "find", "findAll"].contains(function), patternIndex < arguments.count,
            case let .literal(.string(pattern)) = arguments[patternIndex].kind,
            function == "matches" ? arguments.count == (target == nil ? 2 : 1) : target != nil
        else { return nil }
        let regex: RE2
        do throws(RE2.SyntaxError) { regex = try RE2(pattern) } catch {
            throw self.error("invalid regular expression \(pattern.celQuoted): \(error.message)", at: arguments[patternIndex].offset)
        }
        let instructions = regex.instructionCount
        let subject = try compile(target ?? arguments[0])
        let limit = try arguments.count > 1 && target != nil ? compile(arguments[1]) : nil
        return Evaluator { (frame: inout Frame) throws(EvalFailure) -> CELValue in
            let value = try subject(&frame)
            try frame.charge(1)
            guard case let .string(s) = value else { throw EvalFailure.noOverload(function, value, .string(pattern)).at(offset) }
            try frame.charge(CostModel.regexCost(value, instructions: instructions, all: function == "findAll", limit: .null))
            switch function {
            case "matches": return .bool(regex.matches(s))
            case "find": return .string(regex.firstMatch(in: s) ?? "")
            default:
                var n = -1
                if let limit {
                    let l = try limit(&frame)
                    guard case let .int(i) = l else { throw EvalFailure.noOverload(function, value, .string(pattern), l).at(offset) }
                    n = Int(clamping: i)
                }
                return .list(CELList(regex.allMatches(in: s, limit: n).map(CELValue.string)))
            }
        }
    }
}
