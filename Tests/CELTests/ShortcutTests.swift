// sealgate · CEL tests

import Diagnostics
import KubeManifest
import Testing
@testable import CEL

/// The evaluator's shortcuts (a filter that skips elements by an index of a field, `.?` chains walked
/// without building optionals, concatenation with an empty list) give what the general path gives: each
/// case is evaluated once in the form the shortcut takes and once in a form it does not recognise.
struct ShortcutTests {
    /// A document with `items`, a list long enough to be indexed, mixing maps of several kinds with values
    /// the index cannot classify: a map without `kind`, a kind that is a number, a number, a string, null.
    static let repository: String = {
        var items: [String] = []
        for index in 0..<(CELList.indexThreshold * 2) {
            switch index % 5 {
            case 0: items.append("{kind: Secret, name: s\(index), size: \(index)}")
            case 1: items.append("{kind: ConfigMap, name: c\(index), size: \(index)}")
            case 2: items.append("{kind: Service, name: v\(index)}")
            case 3: items.append("{kind: Secret, name: t\(index), size: \(index)}")
            default: items.append("{kind: Deployment, name: d\(index), size: \(index)}")
            }
        }
        items.insert("{name: no-kind, size: 1}", at: 7)
        items.insert("{kind: 42, name: numeric-kind, size: 2}", at: 20)
        items.insert("7", at: 30)
        items.insert("plain", at: 40)
        items.insert("null", at: 50)
        return "items: [" + items.joined(separator: ", ") + "]\n"
    }()

    /// A condition the index applies to, and the same condition spelled so that it does not.
    static let filterCases: [(shortcut: String, general: String)] = [
        (
            "object.items.filter(o, type(o) == map && has(o.kind) && o.kind == 'Secret')",
            "object.items.filter(o, type(o) == map && has(o.kind) && (o.kind == 'Secret') == true)"
        ),
        (
            "object.items.filter(o, type(o) == map && has(o.kind) && 'ConfigMap' == o.kind).map(o, o.name)",
            "object.items.filter(o, type(o) == map && has(o.kind) && ('ConfigMap' == o.kind) == true).map(o, o.name)"
        ),
        (
            "object.items.filter(o, type(o) == map && has(o.kind) && (o.kind == 'Secret' || o.kind == 'Service')).map(o, o.name)",
            "object.items.filter(o, type(o) == map && has(o.kind) && ((o.kind == 'Secret') == true || o.kind == 'Service')).map(o, o.name)"
        ),
        (
            "object.items.map(o, type(o) == map && has(o.kind) && o.kind in ['Secret', 'Deployment'], o.name)",
            "object.items.map(o, type(o) == map && has(o.kind) && (o.kind in ['Secret', 'Deployment']) == true, o.name)"
        ),
        // An element without `kind` fails the selection; the other side decides whether that is an error.
        (
            "object.items.filter(o, o.kind == 'Secret' && o.size > 1000)",
            "object.items.filter(o, (o.kind == 'Secret') == true && o.size > 1000)"
        ),
        (
            "object.items.filter(o, o.kind == 'Secret' && o.size >= 0)",
            "object.items.filter(o, (o.kind == 'Secret') == true && o.size >= 0)"
        ),
        // The other side fails only on elements the index skips: false && error is false.
        (
            "object.items.filter(o, type(o) == map && has(o.kind) && o.kind == 'ConfigMap' && o.size >= 0)",
            "object.items.filter(o, type(o) == map && has(o.kind) && (o.kind == 'ConfigMap') == true && o.size >= 0)"
        ),
    ]

    @Test(arguments: filterCases)
    func filterByIndexedField(_ shortcut: String, _ general: String) throws {
        // One list for every evaluation, as `objects` is for a run: the first filter of a field scans it,
        // the next ones use the index. (A list read from a document is a new value at every read.)
        let documents = try ManifestParser.documents(in: Self.repository, file: SourceFile(path: "object.yaml"))
        let items = try #require(Self.items(of: CELValue(documents[0].root)))
        let expected = evaluateOnShared(general, items)
        #expect(!expected.isEmpty)
        for round in 0..<3 {
            #expect(evaluateOnShared(shortcut, items) == expected, "round \(round)")
        }
        #expect(items.positions(whereField: "kind", isOneOf: ["Secret"]) != nil, "the index is built by the second request")
    }

    /// The list under `items`.
    private static func items(of value: CELValue) -> CELList? {
        guard case let .map(map) = value, case let .list(items)? = map["items"] else { return nil }
        return items
    }

    /// `evaluate` with `object.items` bound to `shared`, the same list in every evaluation.
    private func evaluateOnShared(_ source: String, _ shared: CELList) -> String {
        evaluate("cel.bind(object, {'items': shared}, \(source))", variables: ["shared": .list(shared)])
    }

    @Test func aListFilteredOnceIsNotIndexed() throws {
        let documents = try ManifestParser.documents(in: Self.repository, file: SourceFile(path: "object.yaml"))
        let items = try #require(Self.items(of: CELValue(documents[0].root)))
        #expect(items.positions(whereField: "kind", isOneOf: ["Secret"]) == nil)
        let positions = try #require(items.positions(whereField: "kind", isOneOf: ["Secret"]))
        #expect(positions.count == 51 + 5, "the Secrets, and the five elements without a string kind")
        #expect(positions == positions.sorted())
    }

    @Test func theIndexSkipsOnlyWhatCannotMatch() {
        #expect(
            evaluate("object.items.filter(o, o.kind == 'Secret' && o.size >= 0)", object: Self.repository)
                .hasPrefix("error: evaluation: no such key: 'kind'"))
        #expect(
            evaluate("object.items.filter(o, type(o) == map && has(o.kind) && o.kind == 'Secret').size()", object: Self.repository)
                == "51")
        #expect(evaluate("object.items.filter(o, type(o) == map && has(o.kind) && o.kind == 'Job')", object: Self.repository) == "[]")
    }

    @Test func fieldTestRecognisesOnlyTestsOnTheVariable() throws {
        func test(_ source: String) throws -> (field: String, values: Set<String>)? {
            let expression = try Parser.parse(source)
            return Compiler.fieldTest(in: expression, on: "o")
        }
        #expect(try test("o.kind == 'A'")?.field == "kind")
        #expect(try test("'A' == o.kind")?.values == ["A"])
        #expect(try test("x && o.kind in ['A', 'B']")?.values == ["A", "B"])
        #expect(try test("o.kind == 'A' || x") == nil)
        #expect(try test("(o.kind == 'A' || 'B' == o.kind) && x")?.values == ["A", "B"])
        #expect(try test("o.kind == 'A' || o.name == 'B'") == nil)
        #expect(try test("p.kind == 'A'") == nil)
        #expect(try test("o.?kind == 'A'") == nil)
        #expect(try test("o.kind in ['A', ?x]") == nil)
        #expect(try test("o.kind in ['A', 1]") == nil)
        #expect(try test("o.kind != 'A'") == nil)
    }

    @Test func skippedElementsStillCostAStep() {
        let filter = "object.items.filter(o, type(o) == map && has(o.kind) && o.kind == 'Job')"
        #expect(evaluate(filter, object: Self.repository, costLimit: 100).hasPrefix("error: cost-limit"))
    }

    static let optionalCases: [(String, String)] = [
        ("object.?spec.?replicas.hasValue()", "true"),
        ("object.?spec.?missing.hasValue()", "false"),
        ("object.?missing.?replicas.hasValue()", "false"),
        ("object.?count.?x.hasValue()", "false"),
        ("object.?empty.?x.hasValue()", "false"),
        ("optional.of(object).?spec.hasValue()", "true"),
        ("optional.none().?spec.hasValue()", "false"),
        ("object.?spec.orValue({}).size()", "2"),
        ("object.?missing.orValue('default')", "\"default\""),
        ("object.?count.orValue(0)", "3"),
        ("object.?spec.?replicas.orValue(0)", "2"),
        ("object.?spec.?replicas.hasValue() == (object.?spec.?replicas).or(optional.none()).hasValue()", "true"),
    ]

    @Test(arguments: optionalCases)
    func optionalChains(_ source: String, _ expected: String) {
        let object = "spec: {replicas: 2, name: web}\ncount: 3\nempty:\n"
        #expect(evaluate(source, object: object) == expected)
    }

    @Test func concatenatingAnEmptyListGivesTheOther() {
        let object = "items: [a, b]\nnone: []\n"
        #expect(evaluate("object.none + object.items", object: object) == "[\"a\",\"b\"]")
        #expect(evaluate("object.items + object.none", object: object) == "[\"a\",\"b\"]")
        #expect(evaluate("object.none + object.none", object: object) == "[]")
        #expect(evaluate("[] + object.items + []", object: object) == "[\"a\",\"b\"]")
    }
}
