// sealgate · CEL tests

import Diagnostics
import KubeManifest
import Testing
@testable import CEL

/// Evaluates `source` with `object` bound (when given) and renders the result as `sealgate cel` prints it,
/// or `error: <code>: <reason>`.
func evaluate(
    _ source: String, object: String? = nil, variables: [String: CELValue] = [:], costLimit: Int = CELEnvironment.defaultCostLimit
) -> String {
    var bindings = variables
    if let object {
        let documents = try! ManifestParser.documents(in: object, file: SourceFile(path: "object.yaml"))
        bindings["object"] = CELValue(documents[0].root)
    }
    let environment = CELEnvironment(variables: ["object"] + variables.keys.sorted(), costLimit: costLimit)
    do {
        return try environment.compile(source).evaluate(bindings).jsonText
    } catch {
        return "error: \(error.code): \(error.reason)"
    }
}

/// Cases from the language definition, section by section: `expression` → the result as JSON, or the
/// start of `error: code: reason`.
struct EvaluatorTests {
    static let literalsCases: [(String, String)] = [
        ("1", "1"), ("-1", "-1"), ("0x1F", "31"), ("-0x10", "-16"), ("1u", "1"), ("0xFFu", "255"),
        ("9223372036854775807", "9223372036854775807"), ("-9223372036854775808", "-9223372036854775808"),
        ("18446744073709551615u", "18446744073709551615"),
        ("1.5", "1.5"), ("1e3", "1000.0"), ("2.5e-3", "0.0025"), (".5", "0.5"), ("1.0", "1.0"),
        ("'a'", "\"a\""), ("\"b\"", "\"b\""), ("'''x\ny'''", "\"x\\ny\""), ("r'\\d'", "\"\\\\d\""),
        ("'\\u00e9'", "\"é\""), ("'\\x41\\101'", "\"AA\""), ("b'ab'", "\"YWI=\""), ("b'\\xff'", "\"/w==\""),
        ("true", "true"), ("false", "false"), ("null", "null"),
        ("[1, dyn('a'), dyn(true)]", "[1,\"a\",true]"), ("{'a': 1, 'b': dyn([2])}", "{\"a\":1,\"b\":[2]}"),
        ("{1: 'x', dyn(true): 'y'}", "{\"1\":\"x\",\"true\":\"y\"}"), ("[]", "[]"), ("{}", "{}"),
    ]

    @Test(arguments: literalsCases)
    func literal(_ source: String, _ expected: String) {
        #expect(evaluate(source) == expected)
    }

    static let arithmeticCases: [(String, String)] = [
        ("1 + 2 * 3", "7"), ("(1 + 2) * 3", "9"), ("7 / 2", "3"), ("-7 / 2", "-3"), ("7 % 3", "1"), ("-7 % 3", "-1"),
        ("7u / 2u", "3"), ("1.0 / 2.0", "0.5"), ("1.0 / 0.0", "\"Infinity\""), ("-1.0 / 0.0", "\"-Infinity\""),
        ("9223372036854775807 + 1", "error: evaluation: integer overflow"),
        ("-9223372036854775808 - 1", "error: evaluation: integer overflow"),
        ("9223372036854775807 * 2", "error: evaluation: integer overflow"),
        ("-9223372036854775808 / -1", "error: evaluation: integer overflow"),
        ("-(-9223372036854775808)", "error: evaluation: integer overflow"),
        ("0u - 1u", "error: evaluation: integer overflow"),
        ("18446744073709551615u + 1u", "error: evaluation: integer overflow"),
        ("1 / 0", "error: evaluation: division by zero"), ("1 % 0", "error: evaluation: modulus by zero"),
        ("1u / 0u", "error: evaluation: division by zero"),
        ("1 + dyn(1u)", "error: evaluation: no such overload: _+_(int, uint)"),
        ("1 + 1.0", "error: check: found no matching overload for '_+_' applied to '(int, double)'"),
        ("'a' + 'b'", "\"ab\""), ("b'a' + b'b'", "\"YWI=\""), ("[1] + [2, 3]", "[1,2,3]"),
        ("'a' + dyn(1)", "error: evaluation: no such overload: _+_(string, int)"),
        ("1.5 % 1.0", "error: check: found no matching overload for '_%_' applied to '(double, double)'"),
    ]

    @Test(arguments: arithmeticCases)
    func arithmetic(_ source: String, _ expected: String) {
        #expect(evaluate(source).hasPrefix(expected))
    }

    static let comparisonsCases: [(String, String)] = [
        ("dyn(1) == 1.0", "true"), ("dyn(1) == 1u", "true"), ("dyn(1u) == 1.0", "true"), ("dyn(-1) == 18446744073709551615u", "false"),
        ("1 == 1.0", "error: check: found no matching overload for '_==_' applied to '(int, double)'"),
        ("1 < 1.5", "true"), ("2u > 1", "true"), ("-1 < 0u", "true"), ("1.5 >= 1", "true"),
        ("9223372036854775807 < 9223372036854775808.0", "false"), ("dyn(9007199254740993) == 9007199254740992.0", "true"),
        ("0.0/0.0 == 0.0/0.0", "false"),
        ("0.0/0.0 < 1.0", "error: evaluation: NaN values cannot be ordered"), ("dyn(1) == 0.0/0.0", "false"),
        ("'a' < 'b'", "true"), ("'abc' < 'abd'", "true"), ("'Z' < 'a'", "true"), ("b'a' < b'b'", "true"),
        ("false < true", "true"), ("dyn(1) == 'a'", "false"), ("null == null", "true"), ("dyn(null) == 0", "false"),
        ("1 == 'a'", "error: check: found no matching overload for '_==_' applied to '(int, string)'"),
        ("dyn([1, 2]) == [1.0, 2.0]", "true"), ("[1, 2] == [2, 1]", "false"), ("dyn({'a': 1}) == {'a': 1u}", "true"),
        ("[1, 2] == [1, 2.0]", "error: check: expected type 'int' but found 'double'"),
        ("{'a': 1, 'b': 2} == {'b': 2, 'a': 1}", "true"), ("{'a': 1} != {'a': 2}", "true"),
        ("dyn(1) < 'a'", "error: evaluation: no such overload: _<_(int, string)"),
        ("1 < 'a'", "error: check: found no matching overload for '_<_' applied to '(int, string)'"),
        ("[1] < [2]", "error: check: found no matching overload for '_<_' applied to '(list(int), list(int))'"),
        ("type(1) == int", "true"), ("type('a') == string", "true"), ("type(type(1)) == type", "true"),
        ("type(null) == null_type", "true"), ("type([]) == list && type({}) == map", "true"),
        ("1 in [1, 2]", "true"), ("3 in [1, 2]", "false"), ("dyn(1.0) in [1]", "true"), ("'a' in {'a': 1}", "true"),
        ("1.0 in [1]", "error: check: found no matching overload for '@in' applied to '(double, list(int))'"),
        ("dyn(1u) in {1: 'x'}", "true"), ("'b' in {'a': 1}", "false"),
        ("dyn(1) in dyn(1)", "error: evaluation: no such overload: @in(int, int)"),
        // Strings are equal when their code points are: a precomposed é is not an e and a combining accent
        // (Swift's == would equate them), and neither orders before itself.
        ("'\\u00e9' == 'e\\u0301'", "false"), ("'\\u00e9' < 'e\\u0301'", "false"), ("'e\\u0301' < '\\u00e9'", "true"),
        ("'\\u00e9' == '\\u00e9'", "true"), ("'' == ''", "true"), ("'ab' == 'abc'", "false"), ("'a' <= 'a'", "true"),
        ("'\\u00e9' in ['e\\u0301']", "false"),
        ("'a longer string of forty-four bytes, not small' == 'a longer string of forty-four bytes, not small'", "true"),
    ]

    @Test(arguments: comparisonsCases)
    func comparison(_ source: String, _ expected: String) {
        #expect(evaluate(source).hasPrefix(expected))
    }

    @Test func aTypeMismatchSaysWhatToDo() {
        #expect(
            evaluate("object.spec.replicas >= '2'", object: Self.object)
                == "error: evaluation: no such overload: _>=_(int, string): '>=' cannot combine an int with a string; convert one side with int(), double() or string()"
        )
        #expect(
            evaluate("dyn([1]) * dyn([2])") == "error: evaluation: no such overload: _*_(list, list): '*' does not apply to list values")
    }

    static let logicCases: [(String, String)] = [
        ("true && false", "false"), ("true || false", "true"), ("!true", "false"), ("!!true", "true"),
        ("false && (1 / 0 > 0)", "false"), ("(1 / 0 > 0) && false", "false"),
        ("true || (1 / 0 > 0)", "true"), ("(1 / 0 > 0) || true", "true"),
        ("true && (1 / 0 > 0)", "error: evaluation: division by zero"),
        ("(1 / 0 > 0) || false", "error: evaluation: division by zero"),
        ("(1 / 0 > 0) && ({}.a > 0)", "error: evaluation: division by zero"),
        ("dyn(1) && false", "false"), ("dyn(1) && true", "error: evaluation: no such overload: _&&_(int)"),
        ("1 && true", "error: check: expected type 'bool' but found 'int'"),
        ("true ? 1 : 1 / 0", "1"), ("false ? 1 / 0 : 2", "2"), ("(1 / 0 > 0) ? 1 : 2", "error: evaluation: division by zero"),
        ("dyn(1) ? 2 : 3", "error: evaluation: no such overload: _?_:_(int)"), ("!dyn(1)", "error: evaluation: no such overload: !_(int)"),
        ("!1", "error: check: found no matching overload for '!_' applied to '(int)'"),
        ("true ? 1 : 'a'", "error: check: found no matching overload for '_?_:_'"),
    ]

    @Test(arguments: logicCases)
    func logic(_ source: String, _ expected: String) {
        #expect(evaluate(source).hasPrefix(expected))
    }

    static let object = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, labels: {app: web}}
        spec:
          replicas: 3
          template:
            spec:
              containers:
                - {name: a, image: 'nginx:1.25', resources: {limits: {memory: 128Mi}}}
                - {name: b, image: 'busybox:latest', securityContext: {privileged: true}}
        """

    static let fieldsCases: [(String, String)] = [
        ("object.spec.replicas", "3"), ("object.spec.replicas >= 2", "true"), ("object.metadata.labels.app", "\"web\""),
        ("object.metadata.labels['app']", "\"web\""), ("object['kind']", "\"Deployment\""),
        ("object.spec.replica", "error: evaluation: no such key: 'replica'"),
        ("object.spec.template.spec.containers[1].name", "\"b\""),
        ("object.spec.template.spec.containers[2]", "error: evaluation: index 2 is out of range for a list of 2 elements"),
        ("object.spec.template.spec.containers[-1]", "error: evaluation: index -1 is out of range"),
        ("object.spec.template.spec.containers[1u].name", "\"b\""), ("object.spec.template.spec.containers[1.0].name", "\"b\""),
        ("has(object.spec.replicas)", "true"), ("has(object.spec.paused)", "false"),
        ("has(object.spec.missing.field)", "error: evaluation: no such key: 'missing'"),
        ("has(object.spec.replicas.x)", "false"), ("has(dyn({'a': null}).a.b)", "false"),
        ("has({'a': null}.a.b)", "error: check: type 'null_type' does not support field selection"),
        ("object.spec.replicas.x", "error: evaluation: cannot select 'x' from an int"),
        ("dyn({'a': null}).a.b", "error: evaluation: cannot select 'b' from null"),
        ("{'a': 1}.a.b", "error: check: type 'int' does not support field selection"),
        ("size(object.spec.template.spec.containers)", "2"), ("object.metadata.labels.size()", "1"),
        ("{'a': 1}['b']", "error: evaluation: no such key: \"b\""), ("{1: 'x'}[dyn(1.0)]", "\"x\""), ("{1u: 'x'}[dyn(1)]", "\"x\""),
        ("{1: 'x'}[1.0]", "error: check: found no matching overload for '_[_]' applied to '(map(int, string), double)'"),
        ("{'namespace': 'x'}.namespace", "\"x\""), ("object.metadata.?namespace.orValue('default')", "\"default\""),
        ("[1, 2][0]", "1"), ("dyn({'a': 1})[1]", "error: evaluation: no such key: 1"),
    ]

    @Test(arguments: fieldsCases)
    func field(_ source: String, _ expected: String) {
        #expect(evaluate(source, object: Self.object).hasPrefix(expected))
    }

    static let macrosCases: [(String, String)] = [
        ("[1, 2, 3].all(x, x > 0)", "true"), ("[1, 2, 3].all(x, x > 1)", "false"), ("[].all(x, false)", "true"),
        ("[1, 2, 3].exists(x, x == 2)", "true"), ("[].exists(x, true)", "false"),
        ("[1, 2, 3].exists_one(x, x > 2)", "true"), ("[1, 2, 3].exists_one(x, x > 1)", "false"),
        ("[1, 2, 3].map(x, x * 2)", "[2,4,6]"), ("[1, 2, 3].map(x, x > 1, x * 10)", "[20,30]"),
        ("[1, 2, 3].filter(x, x % 2 == 1)", "[1,3]"), ("{'a': 1, 'b': 2}.map(k, k)", "[\"a\",\"b\"]"),
        ("{'a': 1, 'b': 2}.all(k, k != 'c')", "true"), ("{'a': 1, 'b': 2}.filter(k, k == 'b')", "[\"b\"]"),
        // all and exists absorb errors when another element decides the result.
        ("[0, 1].all(x, 1 / x > 1)", "false"), ("[1, 0].exists(x, 1 / x == 1)", "true"),
        ("[0, 2].all(x, 1 / x >= 0)", "error: evaluation: division by zero"),
        ("[0, 2].exists_one(x, 1 / x == 0)", "error: evaluation: division by zero"),
        ("[1, dyn('a')].all(x, x > 0)", "error: evaluation: no such overload: _>_(string, int)"),
        ("[1, 2].all(x, dyn(x))", "error: evaluation: all() needs a bool from its condition, not an int"),
        ("[1, 2].all(x, x)", "error: check: expected type 'bool' but found 'int'"),
        ("[[1, 2], [3]].map(l, l.map(x, x + 1))", "[[2,3],[4]]"),
        ("[1, 2].all(x, [3, 4].all(y, x < y))", "true"),
        // Two-variable comprehensions (Kubernetes 1.32).
        ("[10, 20].all(i, v, v == (i + 1) * 10)", "true"), ("{'a': 1, 'b': 2}.exists(k, v, k == 'b' && v == 2)", "true"),
        ("[1, 2, 3].existsOne(i, v, v > 2)", "true"), ("[5, 6].transformList(i, v, i + v)", "[5,7]"),
        ("[5, 6, 7].transformList(i, v, v > 5, i)", "[1,2]"), ("{'a': 1, 'b': 2}.transformMap(k, v, v * 2)", "{\"a\":2,\"b\":4}"),
        ("{'a': 1, 'b': 2}.transformMap(k, v, v > 1, k + 'x')", "{\"b\":\"bx\"}"),
        ("{'a': 1}.transformMapEntry(k, v, {v: k})", "{\"1\":\"a\"}"),
        ("{'a': 1, 'b': 1}.transformMapEntry(k, v, {v: k})", "error: evaluation: transformMapEntry() produced the key 1 twice"),
        ("[1].all(x, x, x)", "error: check: all() needs two different variable names"),
        ("cel.bind(x, 2, x * x)", "4"), ("cel.bind(a, [1, 2], a.map(x, x + a.size()))", "[3,4]"),
        ("dyn(1).all(x, true)", "error: evaluation: all() needs a list or a map, not an int"),
        ("1.all(x, true)", "error: check: expression of type 'int' cannot be range of a comprehension"),
        ("[1].all(1, true)", "error: check: all() needs a variable name here"),
        ("has(x)", "error: check: has() needs a field selection"),
    ]

    @Test(arguments: macrosCases)
    func macro(_ source: String, _ expected: String) {
        #expect(evaluate(source).hasPrefix(expected))
    }

    static let optionalsCases: [(String, String)] = [
        ("object.spec.?replicas", "3"), ("object.spec.?paused", "null"), ("object.spec.?paused.hasValue()", "false"),
        ("object.spec.?paused.orValue(false)", "false"), ("object.spec.?replicas.orValue(1)", "3"),
        ("object.spec.?template.?spec.?containers[?0].?name.orValue('')", "\"a\""),
        ("object.spec.?template.spec.containers[0].name.value()", "\"a\""),
        ("object.spec.?missing.deeper.value", "null"), ("object.spec.?replicas.x", "null"), ("dyn(null).?x.orValue(1)", "1"),
        ("dyn(1).?x.hasValue()", "false"),
        ("object.spec.template.spec.containers[?5].hasValue()", "false"),
        ("object.metadata.labels[?'app'].value()", "\"web\""), ("object.metadata.labels[?'x'].orValue('none')", "\"none\""),
        ("optional.of(1).value()", "1"), ("optional.none().hasValue()", "false"),
        ("optional.none().value()", "error: evaluation: value() of optional.none()"),
        ("optional.ofNonZeroValue(0).hasValue()", "false"), ("optional.ofNonZeroValue('x').value()", "\"x\""),
        ("optional.ofNonZeroValue([]).hasValue()", "false"),
        ("optional.none().or(optional.of(2)).value()", "2"), ("optional.of(1).or(optional.of(2)).value()", "1"),
        ("optional.of(1).orValue(1 / 0)", "1"), ("optional.none().orValue(1 / 0)", "error: evaluation: division by zero"),
        ("optional.of(2).optMap(x, x * 3).value()", "6"), ("optional.none().optMap(x, x * 3).hasValue()", "false"),
        ("optional.of(2).optFlatMap(x, optional.none()).hasValue()", "false"),
        ("[1, ?optional.of(2), ?optional.none()]", "[1,2]"), ("{'a': 1, ?'b': optional.none(), ?'c': optional.of(3)}", "{\"a\":1,\"c\":3}"),
        ("[?dyn(1)]", "error: evaluation: an element marked '?' must be an optional value, not an int"),
        ("[?1]", "error: check: expected type 'optional_type' but found 'int'"),
        ("object.spec.template.spec.containers.all(c, !c.?securityContext.?privileged.orValue(false))", "false"),
    ]

    @Test(arguments: optionalsCases)
    func optional(_ source: String, _ expected: String) {
        #expect(evaluate(source, object: Self.object).hasPrefix(expected))
    }

    static let checksCases: [(String, String)] = [
        ("objec.spec", "error: check: undeclared reference to 'objec'; the variables here are 'object'"),
        ("size(1, 2)", "error: check: found no matching overload for 'size' applied to '(int, int)'"),
        ("size(1)", "error: check: found no matching overload for 'size' applied to '(int)'"),
        ("'a'.startsWith(1)", "error: check: found no matching overload for 'startsWith' applied to 'string.(int)'"),
        ("'a'.indexOf('a', 1, 2)", "error: check: found no matching overload for 'indexOf' applied to 'string.(string, int, int)'"),
        ("'a'.nope()", "error: check: undeclared reference to 'nope'"),
        ("nope(1)", "error: check: undeclared reference to 'nope'"),
        ("'a'.optional.of(1)", "error: check: type 'string' does not support field selection"),
        ("Foo{a: 1}", "error: check: message construction 'Foo{…}' needs protocol buffer types"),
        ("'a'.matches('(')", "error: check: invalid regular expression \"(\""),
        ("1 +", "error: syntax: "),
    ]

    @Test(arguments: checksCases)
    func check(_ source: String, _ expected: String) {
        #expect(evaluate(source).hasPrefix(expected))
    }

    @Test func errorsPointAtTheFailingSubexpression() throws {
        let environment = CELEnvironment(variables: ["object"])
        let program = try environment.compile("object.a > 0 &&\n  object.b.c > 0")
        let object = CELValue(.object([("a", .int(1)), ("b", .object([]))]))
        #expect(throws: CELError(.evaluation, "no such key: 'c'", line: 2, column: 11)) {
            try program.evaluate(["object": object])
        }
        #expect(throws: CELError(.evaluation, "no value is bound to the variable 'object'", line: 1, column: 1)) {
            try program.evaluate([:])
        }
    }

    @Test func costBudgetStopsRunawayExpressions() {
        let quadratic =
            "[" + Array(repeating: "1", count: 200).joined(separator: ",") + "].all(x, ["
            + Array(repeating: "1", count: 200).joined(separator: ",")
            + "].all(y, [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26].all(z, x + y + z > 0)))"
        #expect(
            evaluate(quadratic, costLimit: 100_000).hasPrefix("error: cost-limit: the expression exceeded its cost budget of 100000 steps"))
        #expect(evaluate(quadratic).hasPrefix("error: cost-limit"))
        // The budget cannot be absorbed by && or all().
        #expect(evaluate("false || " + quadratic, costLimit: 1_000).hasPrefix("error: cost-limit"))
        // Doubling a string runs out of budget, not out of memory.
        let doubling = (1...40).reduce("'abcdefghijklmnop'") { s, _ in "cel.bind(s, \(s), s + s)" }
        #expect(evaluate(doubling).hasPrefix("error: cost-limit"))
        #expect(evaluate("[1, 2, 3].all(x, x > 0)", costLimit: 100) == "true")
    }

    @Test func evaluatesConcurrently() async throws {
        let program = try CELEnvironment(variables: ["n"]).compile("[1, 2, 3].map(x, x * n).all(y, y % n == 0)")
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for n in 1...50 {
                group.addTask { try program.evaluate(["n": .int(Int64(n))]).jsonText == "true" }
            }
            for try await ok in group { #expect(ok) }
        }
    }
}
