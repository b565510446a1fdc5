// sealgate · CLI tests

import Foundation
import Testing

/// Issue 9, the second look: what a pull request's own policies can make `check` do.
struct PolicyAttackTests {
    @Test("a messageExpression's result is used as Kubernetes uses it: trimmed, one line, at most 5120 bytes")
    func messageExpressionBounds() throws {
        let directory = try CLI.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let policy = directory.appendingPathComponent("messages.yaml")
        try """
        apiVersion: sealgate.dev/v1
        kind: Policy
        metadata: {name: messages}
        spec:
          severity: error
          match: {kinds: [ConfigMap]}
          validations:
            - expression: 'false'
              message: the first fallback
              messageExpression: object.data.s
            - expression: 'false'
              message: the second fallback
              messageExpression: object.data.s + 'b'
            - expression: 'false'
              message: the third fallback
              messageExpression: '"one line\\nand another"'
            - expression: 'false'
              message: the fourth fallback
              messageExpression: '"  padded  "'
            - expression: 'false'
              message: the fifth fallback
              messageExpression: '" "'
        """.write(to: policy, atomically: true, encoding: .utf8)
        let manifest = try CELSafetyTests.configMap(in: directory, data: String(repeating: "a", count: 5_120))
        let result = try CLI.run(["check", manifest.path, "--no-builtin", "--policies", policy.path])
        #expect(result.exitCode == 1)
        let lines = result.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let prefix = "\(manifest.path):1:1: error: "
        #expect(lines.contains(prefix + String(repeating: "a", count: 5_120) + " [messages]"))
        #expect(lines.contains(prefix + "the second fallback [messages]"))
        #expect(lines.contains(prefix + "the third fallback [messages]"))
        #expect(lines.contains(prefix + "padded [messages]"))
        #expect(lines.contains(prefix + "the fifth fallback [messages]"))
        #expect(result.stdout.utf8.count < 6_000)
    }

    @Test("a policy's expressions share a budget of 10,000,000 steps per object, and stop at the first that spends it")
    func sharedBudget() throws {
        let directory = try CLI.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let policy = directory.appendingPathComponent("twenty.yaml")
        // Each validation costs about 555,000 steps (eight '+' of 100,000-byte strings): within its own
        // limit, and the 19th passes ten million.
        let validation = "    - expression: cel.bind(s, object.data.s, (s + s + s + s + s + s + s + s + s).size() > 0)\n"
        try
            ("""
        apiVersion: sealgate.dev/v1
        kind: Policy
        metadata: {name: twenty}
        spec:
          match: {kinds: [ConfigMap]}
          validations:

        """ + String(repeating: validation, count: 20)).write(to: policy, atomically: true, encoding: .utf8)
        let manifest = try CELSafetyTests.configMap(in: directory, data: String(repeating: "a", count: 100_000))
        let result = try CLI.run(["check", manifest.path, "--no-builtin", "--policies", policy.path])
        #expect(result.exitCode == 1)
        #expect(
            result.stdout == """
                \(manifest.path)
                  \(manifest.path):1:1: error: the policy could not decide: the expressions evaluated together exceeded their shared cost budget of 10000000 steps; simplify them (expression at \(policy.path):25) [twenty]

                1 error, 0 warnings, 0 info in 1 file (1 object, 1 policy)

                """)
    }
}

/// `sealgate policy test` judges a case by its own object.
struct PolicyTestCaseObjectTests {
    @Test("a case is decided by its object alone, not by a test object of the same kind, name and namespace")
    func caseObjectOnly() throws {
        let directory = try CLI.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("test.yaml")
        try """
        apiVersion: sealgate.dev/v1
        kind: Policy
        metadata: {name: has-data}
        spec:
          match: {kinds: [ConfigMap]}
          validations: [{expression: has(object.data), message: no data}]
        ---
        apiVersion: sealgate.dev/v1
        kind: PolicyTest
        metadata: {name: has-data}
        spec:
          policy: has-data
          objects:
            - {apiVersion: v1, kind: ConfigMap, metadata: {name: x, namespace: d}}
          cases:
            - name: the case object has data
              expect: pass
              object: {apiVersion: v1, kind: ConfigMap, metadata: {name: x, namespace: d}, data: {a: b}}
        """.write(to: file, atomically: true, encoding: .utf8)
        let result = try CLI.run(["policy", "test", file.path])
        #expect(result.exitCode == 0)
        #expect(result.stdout == "1 of 1 case passed in 1 test\n", "\(result.stdout)")
    }
}

/// Text a reviewer reads cannot be reordered by a policy's message.
struct BidiControlTests {
    @Test("bidirectional overrides and isolates in a message become U+FFFD in the text and GitHub reports", arguments: ["text", "github"])
    func bidiControls(format: String) throws {
        let directory = try CLI.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let policy = directory.appendingPathComponent("bidi.yaml")
        try """
        apiVersion: sealgate.dev/v1
        kind: Policy
        metadata: {name: bidi}
        spec:
          match: {kinds: [ConfigMap]}
          validations:
            - expression: 'false'
              messageExpression: '"ok \\u202e]ssap[ \\u2066x\\u2069 \\u202a\\u202b\\u202c\\u202d \\u2067\\u2068 é"'
        """.write(to: policy, atomically: true, encoding: .utf8)
        let manifest = try CELSafetyTests.configMap(in: directory, data: "x")
        let result = try CLI.run(["check", manifest.path, "--no-builtin", "--policies", policy.path, "-o", format])
        #expect(result.exitCode == 1)
        let f = "\u{FFFD}"
        let message = "ok \(f)]ssap[ \(f)x\(f) \(f)\(f)\(f)\(f) \(f)\(f) é"
        let expected =
            format == "text"
            ? "  \(manifest.path):1:1: error: \(message) [bidi]"
            : "::error file=\(manifest.path),line=1,col=1,title=bidi::\(message)"
        #expect(result.stdout.split(separator: "\n").map(String.init).contains(expected), "\(result.stdout)")
    }
}

/// `check --report` never replaces what the check reads.
struct CheckOutputPathTests {
    @Test("--report onto a checked manifest, a policy file or another --report is refused before anything is written")
    func outputOverInput() throws {
        let directory = try CLI.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let manifest = try CELSafetyTests.configMap(in: directory, data: "x")
        let policy = directory.appendingPathComponent("policy.yaml")
        let policyText = """
            apiVersion: sealgate.dev/v1
            kind: Policy
            metadata: {name: never}
            spec:
              match: {kinds: [ConfigMap]}
              validations: [{expression: 'false', message: always fails}]
            """
        try policyText.write(to: policy, atomically: true, encoding: .utf8)
        let manifestText = try String(contentsOf: manifest, encoding: .utf8)
        let link = directory.appendingPathComponent("link.yaml")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: manifest)
        let base = ["check", manifest.path, "--no-builtin", "--policies", policy.path, "--report"]

        let ontoManifest = try CLI.run(base + ["json=" + manifest.path])
        #expect(ontoManifest.exitCode == 2)
        #expect(
            ontoManifest.stderr
                == "\(manifest.path): error: --report json=\(manifest.path) names a manifest this check reads, which the report would replace; write the report to another file\n"
        )
        let throughLink = try CLI.run(base + ["json=" + link.path])
        #expect(throughLink.exitCode == 2)
        #expect(
            throughLink.stderr
                == "\(link.path): error: --report json=\(link.path) names a manifest this check reads, which the report would replace; write the report to another file\n"
        )
        let ontoPolicy = try CLI.run(base + ["json=" + policy.path])
        #expect(ontoPolicy.exitCode == 2)
        #expect(
            ontoPolicy.stderr
                == "\(policy.path): error: --report json=\(policy.path) names a policy file this check reads, which the report would replace; write the report to another file\n"
        )
        #expect(try String(contentsOf: manifest, encoding: .utf8) == manifestText)
        #expect(try String(contentsOf: policy, encoding: .utf8) == policyText)

        let report = directory.appendingPathComponent("report.json").path
        // Two names of one file: the same path, and a hard link.
        let twice = try CLI.run(base + ["json=" + report, "--report", "sarif=" + report])
        #expect(twice.exitCode == 2)
        #expect(
            twice.stderr
                == "error: --report json=\(report) and --report sarif=\(report) name one file, so one report would replace the other; give each report its own file\nsee 'sealgate check --help'\n"
        )
        #expect(!FileManager.default.fileExists(atPath: report))
        let existing = directory.appendingPathComponent("existing.json")
        try Data().write(to: existing)
        let alias = directory.appendingPathComponent("alias.json")
        try FileManager.default.linkItem(at: existing, to: alias)
        let linked = try CLI.run(base + ["json=" + existing.path, "--report", "sarif=" + alias.path])
        #expect(linked.exitCode == 2)
        #expect(
            linked.stderr
                == "\(alias.path): error: --report sarif=\(alias.path) names the same file as --report json=\(existing.path), so one report would replace the other; give each report its own file\n"
        )

        let elsewhere = try CLI.run(base + ["json=" + report])
        #expect(elsewhere.exitCode == 1)
        #expect(try String(contentsOf: URL(fileURLWithPath: report), encoding: .utf8).contains("\"policy\": \"never\""))
    }
}
