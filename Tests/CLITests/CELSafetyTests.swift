// sealgate · CLI tests

import Foundation
import Testing

/// Issue 9, items 3 and 4, end to end: expressions that used to kill the process with SIGSEGV, or to
/// run for minutes, from `sealgate cel` and from a policy in `check`, `policies` and `policy test`.
struct CELSafetyTests {
    static let tooDeep = "the expression nests more than 200 levels deep; simplify it"

    @Test("sealgate cel refuses long chains with a located error, and evaluates long && runs")
    func celChains() throws {
        let selects = try CLI.run(["cel", "object" + String(repeating: ".a", count: 5_000)])
        #expect(selects.exitCode == 2)
        // 'object' is level 1 and each '.a' one more: the 200th '.' (column 405) crosses the limit.
        #expect(selects.stderr.hasPrefix("expression:1:405: error: \(Self.tooDeep)\n | object.a.a"))
        #expect(selects.stdout.isEmpty)

        let indexes = try CLI.run(["cel", "object" + String(repeating: "[0]", count: 1_000)])
        #expect(indexes.exitCode == 2)
        #expect(indexes.stderr.hasPrefix("expression:1:604: error: \(Self.tooDeep)"))

        let sums = try CLI.run(["cel", (0..<700).map { _ in "1" }.joined(separator: " + ")])
        #expect(sums.exitCode == 2)
        #expect(sums.stderr.hasPrefix("expression:1:799: error: \(Self.tooDeep)"))

        let conjunction = try CLI.run(["cel", (0..<1_000).map { "\($0) >= 0" }.joined(separator: " && ")])
        #expect(conjunction.exitCode == 0)
        #expect(conjunction.stdout == "true\n")
        #expect(conjunction.stderr.isEmpty)
    }

    @Test("sealgate cel stops a result bomb with the budget error")
    func celBomb() throws {
        let directory = try CLI.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let value = directory.appendingPathComponent("s.json")
        try "\"\(String(repeating: "a", count: 100_000))\"".write(to: value, atomically: true, encoding: .utf8)
        let result = try CLI.run(["cel", "size(s.split('').join(s))", "--var", "s=\(value.path)"])
        #expect(result.exitCode == 1)
        #expect(result.stderr.hasPrefix("expression:1:"))
        #expect(
            result.stderr.contains(
                "error: the expression exceeded its cost budget of 1000000 steps; simplify it or pass a larger --cost-limit"))
    }

    @Test("sealgate cel charges the value it prints: shared parts cannot describe a huge output cheaply")
    func celOutputBomb() throws {
        let s = "'" + String(repeating: "x", count: 1_000) + "'"
        func ten(_ item: String) -> String { "[" + Array(repeating: item, count: 10).joined(separator: ", ") + "]" }
        // 10,000 copies of a 1,000-character string: ten megabytes to print, a few dozen steps to evaluate.
        let expression = "cel.bind(a, \(ten(s)), cel.bind(b, \(ten("a")), cel.bind(c, \(ten("b")), \(ten("c")))))"
        let result = try CLI.run(["cel", expression])
        #expect(result.exitCode == 1)
        #expect(result.stdout.isEmpty)
        #expect(
            result.stderr.hasPrefix(
                "expression:1:1: error: the expression exceeded its cost budget of 1000000 steps; simplify it or pass a larger --cost-limit\n"
            ))
    }

    @Test("a policy with a chain past the limit is unusable in check, policies and policy test, at file:line:col")
    func policyChains() throws {
        let directory = try CLI.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let policy = directory.appendingPathComponent("deep.yaml")
        try """
        apiVersion: sealgate.dev/v1
        kind: Policy
        metadata: {name: deep}
        spec:
          validations:
            - expression: object\(String(repeating: ".a", count: 5_000)) == 1
        """.write(to: policy, atomically: true, encoding: .utf8)
        let manifest = try Self.configMap(in: directory, data: "x")
        // The expression starts at column 19; its 200th '.' is its 405th character.
        let expected = "\(policy.path):6:423: error: 'spec.validations[0].expression': \(Self.tooDeep)\n | object.a.a"
        for arguments in [
            ["check", manifest.path, "--no-builtin", "--policies", policy.path],
            ["policies", "--no-builtin", "--policies", policy.path],
            ["policy", "test", policy.path],
        ] {
            let result = try CLI.run(arguments)
            #expect(result.exitCode == 2, "\(arguments[0])")
            #expect(result.stderr.hasPrefix(expected), "\(arguments[0]): \(result.stderr.prefix(200))")
        }
    }

    @Test("check finishes a policy that would build gigabytes with a could-not-decide finding")
    func policyBomb() throws {
        let directory = try CLI.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let policy = directory.appendingPathComponent("bomb.yaml")
        try """
        apiVersion: sealgate.dev/v1
        kind: Policy
        metadata: {name: bomb}
        spec:
          severity: error
          match: {kinds: [ConfigMap]}
          validations:
            - expression: object.data.s.replace('a', object.data.s).size() > 0
              message: never shown
        """.write(to: policy, atomically: true, encoding: .utf8)
        let manifest = try Self.configMap(in: directory, data: String(repeating: "a", count: 10_000))
        let result = try CLI.run(["check", manifest.path, "--no-builtin", "--policies", policy.path])
        #expect(result.exitCode == 1)
        #expect(
            result.stdout.contains(
                "cm.yaml:1:1: error: the policy could not decide: the expression exceeded its cost budget of 1000000 steps; simplify it (expression at \(policy.path):8) [bomb]"
            ))
    }

    // MARK: - Inputs

    static func configMap(in directory: URL, data: String) throws -> URL {
        let manifest = directory.appendingPathComponent("cm.yaml")
        try """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: big, namespace: default}
        data:
          s: \(data)
        """.write(to: manifest, atomically: true, encoding: .utf8)
        return manifest
    }
}
