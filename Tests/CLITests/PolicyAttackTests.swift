// sealgate · CLI tests

import Foundation
import Testing

/// Issue 9, the second look: what a pull request's own policies can make `check` do.
struct PolicyAttackTests {
    @Test("a messageExpression's result is used as Kubernetes uses it: trimmed, one line, at most 5120 bytes")
    func messageExpressionBounds() throws {
        let directory = try CELSafetyTests.scratch()
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
}
