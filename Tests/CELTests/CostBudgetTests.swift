// sealgate · CEL tests

import Testing
@testable import CEL

/// Issue 9, item 4: the budget was charged after a result was built (`size(s.split('').join(s))` on
/// 100,000 characters reached 7 GB; `s.replace('a', s)` ran 287 s). Every call is now charged by the
/// size of its inputs and of the result it will build, before it runs. Each expression here is the
/// worst we could write against one function or operator; each must stop with the budget error, which
/// the charge raises before the work (the times and memory are measured by hand, see
/// docs/cel-limits.md, not asserted).
struct CostBudgetTests {
    /// 100,000 `a`s; 10,000 `a`s; a list of 10,000 copies of the short one; a map.
    static let variables: [String: CELValue] = {
        let s = String(repeating: "a", count: 100_000)
        let t = String(repeating: "a", count: 10_000)
        return [
            "s": .string(s), "t": .string(t),
            "l": .list(CELList([CELValue](repeating: .string(t), count: 10_000))),
            "n": .list(CELList((0..<10_000).map { .int(Int64($0)) })),
            "m": .map(CELMap([(CELMapKey(.string("k"))!, .int(1))])),
        ]
    }()

    static let bombs: [String] = [
        // The three.
        "size(s.split('').join(s))",
        "t.replace('a', t)",
        "n.all(i, !s.contains(s + 'b'))",
        // Results far larger than the inputs.
        "t.replace('', t)",
        "s.replace('a', 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb').size()",
        "l.join(t)",
        "n.all(i, size(s.split('')) > 0)",
        "n.all(i, size(s.findAll('a')) > 0)",
        "'%s%s%s%s%s%s%s%s%s%s'.format([l, l, l, l, l, l, l, l, l, l])",
        "cel.bind(a, s + s, cel.bind(b, a + a, cel.bind(c, b + b, cel.bind(d, c + c, cel.bind(e, d + d, cel.bind(f, e + e, cel.bind(g, f + f, size(g + g))))))))",
        "size(l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l + l)",
        // Values that share parts: cheap to build, exponential to walk.
        "cel.bind(a, [t, t, t, t, t, t, t, t, t, t], cel.bind(b, [a, a, a, a, a, a, a, a, a, a], cel.bind(c, [b, b, b, b, b, b, b, b, b, b], cel.bind(d, [c, c, c, c, c, c, c, c, c, c], d == [c, c, c, c, c, c, c, c, c, c]))))",
        "cel.bind(a, [l, l, l, l, l, l, l, l, l, l], cel.bind(b, [a, a, a, a, a, a, a, a, a, a], '%s'.format([b]).size()))",
        "cel.bind(a, [t, t, t, t, t, t, t, t, t, t], cel.bind(b, [a, a, a, a, a, a, a, a, a, a], cel.bind(c, [b, b, b, b, b, b, b, b, b, b], sets.contains([c], [c]))))",
        "cel.bind(a, n.map(i, s), 'b' in a)",
        // Quadratic work in loops.
        "n.all(i, n.all(j, i != j || true))",
        "n.map(i, n.map(j, i + j)).size()",
        "sets.intersects(n, n.map(i, -1 - i))",
        "n.all(i, s.indexOf(s.substring(1) + 'b') < 0)",
        "n.all(i, s.lastIndexOf('b' + s.substring(1)) < 0)",
        "n.all(i, s == s + '')",
        "n.all(i, m[s] == 1)",
        "n.all(i, s in l)",
        "n.all(i, l.indexOf(s) < 0)",
        "n.all(i, !s.matches('(a|b)*c'))",
        "n.all(i, !s.matches('(a|b)*' + 'c'))",
        "n.all(i, strings.quote(s).size() > 0)",
        "n.all(i, s.reverse().size() > 0)",
        "n.all(i, s.upperAscii().size() > 0)",
        "n.all(i, l.isSorted())",
        "n.all(i, size(s) > 0)",
        "n.all(i, {s: 1}.size() > 0)",
    ]

    @Test("the worst expressions we can write stop with the budget error", arguments: bombs)
    func bombStops(_ source: String) throws {
        let environment = CELEnvironment(variables: Self.variables.keys.sorted())
        let program = try environment.compile(source)
        let error = try #require(throws: CELError.self) { try program.evaluate(Self.variables) }
        #expect(error.code == .costLimit, "\(error)")
    }

    static let fine: [(String, String)] = [
        ("s.contains(s + 'b')", "false"),
        ("s.contains('aab')", "false"),
        ("t.replace('a', 'bb').size()", "20000"),
        ("size(t.split(''))", "10000"),
        ("size(s.split(''))", "100000"),
        ("size(s.findAll('a'))", "100000"),
        ("n.map(i, 'x').join(',').size()", "19999"),
        ("s.indexOf('b')", "-1"),
        ("s.lastIndexOf('aa')", "99998"),
        ("'b' in n.map(i, string(i))", "false"),
        ("n.all(i, i in n)", "true"),
        ("size(s) + size(t)", "110000"),
        ("t.matches('^a+$')", "true"),
        ("'%s-%d'.format(['x', size(l)])", "\"x-10000\""),
    ]

    @Test("ordinary work on the same inputs stays within the budget", arguments: fine)
    func ordinaryWork(_ source: String, _ expected: String) throws {
        let environment = CELEnvironment(variables: Self.variables.keys.sorted())
        #expect(try environment.compile(source).evaluate(Self.variables).jsonText == expected)
    }

    @Test("a result that shares parts is charged by the size it prints as, for output")
    func outputSize() throws {
        let environment = CELEnvironment(variables: Self.variables.keys.sorted())
        let program = try environment.compile(
            "cel.bind(a, [t, t, t, t, t, t, t, t, t, t], cel.bind(b, [a, a, a, a, a, a, a, a, a, a], [b, b, b, b, b, b, b, b, b, b]))")
        // Built for a few dozen steps; printed, 1,000 copies of 10,000 characters.
        #expect(throws: Never.self) { try program.evaluate(Self.variables) }
        let error = try #require(throws: CELError.self) { try program.evaluateForOutput(Self.variables) }
        #expect(error.code == .costLimit)
        #expect(try environment.compile("[t, t].size()").evaluateForOutput(Self.variables).jsonText == "2")
    }

    @Test("the deep size counts every part once, scalars inside lists and maps included, and stops past its limit")
    func deepSize() {
        let long = String(repeating: "x", count: 25)
        let value = CELValue.list(
            CELList([
                .string(long), .int(1), .list(CELList([.string("ab"), .null])),
                .map(CELMap([(.string("k"), .string(long)), (.string("n"), .list(CELList([])))])),
                .optional(.string("a")), .optional(nil),
            ]))
        // One step per value, key and element, plus a step per ten bytes of each string: the list 1, the long
        // string 1 + 3, the int 1, the inner list 1 + 2 + 1, the map 1 + (2 + 4) + (2 + 1), the optionals
        // 1 + 2 and 1.
        #expect(value.deepSize(limit: 1_000) == 24)
        #expect(value.deepSize(limit: 24) == 24)
        for limit in 0..<24 { #expect(value.deepSize(limit: limit) == limit + 1, "limit \(limit)") }
        #expect(CELValue.string(long).deepSize(limit: 10) == 4)
        #expect(CELValue.list(CELList([])).deepSize(limit: 10) == 1)
    }

    @Test("substring search finds what the naive scan found, in linear time")
    func search() {
        let cases: [(String, String, Int?)] = [
            ("abcabd", "abd", 3), ("aaaaab", "aab", 3), ("abc", "", 0), ("", "a", nil), ("ababab", "bab", 1),
            ("aaaa", "aaaaa", nil), ("xyz", "z", 2), ("abacabab", "abab", 4),
        ]
        for (text, needle, expected) in cases {
            #expect(SubstringSearch(Array(needle.utf8)).firstIndex(in: Array(text.utf8)) == expected, "\(needle) in \(text)")
        }
        #expect(SubstringSearch(Array("aa".utf8)).occurrences(in: Array("aaaaa".utf8)) == [0, 2])
        #expect(SubstringSearch(Array("aa".utf8)).count(in: Array("aaaaa".utf8), limit: 1) == 1)
    }
}
