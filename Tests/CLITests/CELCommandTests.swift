// sealgate · CLI tests

import Foundation
import Testing

/// `sealgate cel`: results as one line of JSON, evaluation errors exit 1, parse and check errors exit 2.
struct CELCommandTests {
    private let cart = "testdata/example-repo/apps/shop/cart.yaml"

    @Test(arguments: [
        ("1 + 2", "3"),
        ("object.spec.replicas >= 2", "false"),
        ("object.spec.template.spec.containers.map(c, c.image)", "[\"redis:latest\"]"),
        ("object.spec.template.spec.containers.all(c, c.image.endsWith(':latest'))", "true"),
        ("object.metadata.?annotations.orValue({})", "{}"),
        ("b'hi'", "\"aGk=\""),
        ("duration('1m30s')", "\"90s\""),
        ("timestamp('2026-01-02T03:04:05+01:00')", "\"2026-01-02T03:04:05+01:00\""),
        ("timestamp('2026-01-02T03:04:05+01:00').getHours()", "2"),
        ("type(1)", "\"int\""),
        ("quantity('1Gi').isGreaterThan(quantity('512Mi'))", "true"),
        ("2.0", "2.0"),
        ("oldObject == null && params == null", "true"),
    ])
    func printsTheResultAsJSON(_ expression: String, _ expected: String) throws {
        let result = try CLI.run(["cel", expression, "--object", cart])
        #expect(result.stdout == expected + "\n")
        #expect(result.stderr == "")
        #expect(result.exitCode == 0)
    }

    @Test func bindsVariablesFromFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sealgate-cel-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "maxReplicas: 5\nregistries: [ghcr.io]\n".write(
            to: directory.appendingPathComponent("params.yaml"), atomically: true, encoding: .utf8)
        try "[1, 2, 3]".write(to: directory.appendingPathComponent("list.json"), atomically: true, encoding: .utf8)
        let result = try CLI.run([
            "cel", "params.maxReplicas > object.spec.replicas && numbers.sum() == 6",
            "--object", cart, "--var", "params=\(directory.path)/params.yaml", "--var", "numbers=\(directory.path)/list.json",
        ])
        #expect(result.stdout == "true\n")
        #expect(result.exitCode == 0)

        let piped = try CLI.run(
            ["cel", "object.kind", "--object", "-"], stdin: Array("{apiVersion: v1, kind: ConfigMap, metadata: {name: x}}".utf8))
        #expect(piped.stdout == "\"ConfigMap\"\n")
    }

    @Test func anEvaluationErrorExitsOneWithTheCaret() throws {
        let result = try CLI.run(["cel", "object.spec.replica > 1", "--object", cart])
        #expect(result.stdout == "")
        #expect(
            result.stderr == """
                expression:1:12: error: no such key: 'replica'
                 | object.spec.replica > 1
                 | ...........^

                """)
        #expect(result.exitCode == 1)
    }

    @Test func aParseOrCheckErrorExitsTwoWithTheCaret() throws {
        let parse = try CLI.run(["cel", "object.spec.replicas >="])
        #expect(parse.stderr.hasPrefix("expression:1:24: error: "))
        #expect(parse.stderr.hasSuffix(" | object.spec.replicas >=\n | .......................^\n"))
        #expect(parse.exitCode == 2)

        let check = try CLI.run(["cel", "objects.size() > 0"])
        #expect(
            check.stderr.hasPrefix(
                "expression:1:1: error: undeclared reference to 'objects'; the variables here are 'object', 'oldObject', 'params', 'namespaceObject', 'request'\n"
            ))
        #expect(check.exitCode == 2)

        let regex = try CLI.run(["cel", "'a'.matches('a(b')"])
        #expect(regex.stderr.hasPrefix("expression:1:13: error: invalid regular expression \"a(b\": "))
        #expect(regex.exitCode == 2)
    }

    @Test func anUnboundObjectSaysWhichFlagBindsIt() throws {
        let result = try CLI.run(["cel", "object.kind"])
        #expect(result.stderr.hasPrefix("expression:1:1: error: no value is bound to the variable 'object'; pass --object FILE\n"))
        #expect(result.exitCode == 1)
    }

    @Test func theCostBudgetStopsARunawayExpression() throws {
        let result = try CLI.run(["cel", "[1,2,3,4,5,6,7,8,9,10].all(x, [1,2,3,4,5,6,7,8,9,10].all(y, x + y > 0))", "--cost-limit", "50"])
        #expect(result.stderr.hasPrefix("expression:1:"))
        #expect(
            result.stderr.contains(
                "error: the expression exceeded its cost budget of 50 steps; simplify it or pass a larger --cost-limit\n"))
        #expect(result.exitCode == 1)
    }

    @Test(arguments: [
        (["cel", "1", "--var", "params"], "--var 'params' must be NAME=FILE"),
        (["cel", "1", "--var", "1x=f.yaml"], "'1x' is not a CEL name"),
        (["cel", "1", "--var", "a=x.yaml", "--var", "a=y.yaml"], "'a' is bound twice"),
        (["cel", "1", "--cost-limit", "0"], "--cost-limit must be a positive number"),
    ])
    func badFlagsExitTwo(_ arguments: [String], _ message: String) throws {
        let result = try CLI.run(arguments)
        #expect(result.stderr.contains(message))
        #expect(result.exitCode == 2)
    }

    @Test func badInputFilesExitTwoNamingTheFile() throws {
        let missing = try CLI.run(["cel", "object", "--object", "no/such.yaml"])
        #expect(missing.stderr.hasPrefix("no/such.yaml"))
        #expect(missing.exitCode == 2)

        let notAnObject = try CLI.run(["cel", "object", "--object", "testdata/example-repo/helm/values.yaml"])
        #expect(notAnObject.stderr.contains("no Kubernetes object found"))
        #expect(notAnObject.exitCode == 2)

        let badVar = try CLI.run(["cel", "v", "--var", "v=Tests/Fixtures/invalid/tab-indent.yaml"])
        #expect(badVar.stderr.hasPrefix("Tests/Fixtures/invalid/tab-indent.yaml:"))
        #expect(badVar.exitCode == 2)
    }
}
