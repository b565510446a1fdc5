// sealgate · CLI tests

import Diagnostics
import Foundation
import KubeManifest
import Testing

/// `sealgate policies export`: the pack as ValidatingAdmissionPolicies that Kubernetes accepts and that
/// find, loaded back, what the pack finds.
struct PolicyExportCommandTests {
    /// A finding of `sealgate check --format json`, as the comparison sees it.
    struct Seen: Hashable, Comparable {
        let policy: String
        let file: String
        /// `apiVersion kind namespace/name`.
        let object: String
        let severity: String
        let message: String
        let line: Int
        /// Whether the policy pointed the finding at a field (a v1 ValidatingAdmissionPolicy cannot).
        let hasFieldPath: Bool

        static func < (lhs: Seen, rhs: Seen) -> Bool {
            (lhs.policy, lhs.file, lhs.object, lhs.message, lhs.line) < (rhs.policy, rhs.file, rhs.object, rhs.message, rhs.line)
        }

        /// The part compared for every policy: which objects a policy finds something on, and how badly.
        var verdict: String { "\(policy) \(file) \(object) \(severity)" }
        /// The part compared where the pack's policy is plain ValidatingAdmissionPolicy CEL.
        var withMessage: String { "\(verdict): \(message)" }
    }

    /// The findings of a `check` run with `arguments`.
    static func findings(_ arguments: [String]) throws -> [Seen] {
        let result = try CLI.run(["check"] + arguments + ["-o", "json"])
        #expect(result.exitCode != 2, "\(result.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stderr)")
        let findings = try #require(document["findings"] as? [[String: Any]])
        return findings.map { finding in
            let object = finding["object"] as? [String: Any]
            let identity = ["apiVersion", "kind", "namespace", "name"].map { (object?[$0] as? String) ?? "-" }.joined(separator: " ")
            return Seen(
                policy: finding["policy"] as? String ?? "", file: finding["file"] as? String ?? "", object: identity,
                severity: finding["severity"] as? String ?? "", message: finding["message"] as? String ?? "",
                line: finding["line"] as? Int ?? 0, hasFieldPath: finding["fieldPath"] is String)
        }.sorted()
    }

    /// The policies of the pack whose documents use more than a ValidatingAdmissionPolicy can say (a
    /// sealgate-only field in a validation or in the spec, such as findings per item), read from
    /// `policies/`. Their exported form keeps only the plain validations, so only which objects they find
    /// something on is compared, not the messages.
    static func extendedPackPolicies() throws -> Set<String> {
        let plainSpec: Set<String> = [
            "category", "severity", "description", "remediation", "tags", "enabledByDefault", "match", "matchConditions", "variables",
            "validations", "params", "paramRef",
        ]
        let plainValidation: Set<String> = ["expression", "message", "messageExpression", "reason", "fieldPath"]
        var extended: Set<String> = []
        let root = CLI.repositoryRoot.appendingPathComponent("policies")
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        for file in files where file.pathExtension == "yaml" {
            let text = try String(contentsOf: file, encoding: .utf8)
            for document in try ManifestParser.documents(in: text, file: SourceFile(path: file.path)) {
                let root = document.root
                guard root["kind"]?.string == "Policy", let name = root["metadata"]?["name"]?.string, let spec = root["spec"]?.mapping
                else { continue }
                let validations = spec["validations"]?.list ?? []
                if !spec.keys.allSatisfy(plainSpec.contains)
                    || validations.contains(where: { !($0.mapping?.keys.allSatisfy(plainValidation.contains) ?? true) })
                {
                    extended.insert(name)
                }
            }
        }
        return extended
    }

    /// Whether `tool` is on PATH.
    static func installed(_ tool: String) throws -> Bool {
        try CLI.run(["sh", "-c", "command -v \(tool)"], executable: URL(fileURLWithPath: "/usr/bin/env")).exitCode == 0
    }

    @Test(
        "the whole pack exports, passes kubernetes-validate --strict, and loaded back finds what the pack finds on the example repository and deploy/example"
    )
    func packRoundTrip() throws {
        let scratch = try CLI.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let exported = scratch.appendingPathComponent("exported.yaml").path
        let result = try CLI.run(["policies", "export", "-w", exported])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        let text = try String(contentsOfFile: exported, encoding: .utf8)
        #expect(text.hasPrefix("# Generated by sealgate \(sealgateVersion): sealgate policies export -w \(exported)\n"))

        // Every policy the pack runs is exported or named on standard error with the reason.
        let documents = try ManifestParser.documents(in: text, file: SourceFile(path: exported)).map(\.root)
        let policies = documents.filter { $0["kind"]?.string == "ValidatingAdmissionPolicy" }.compactMap { $0["metadata"]?["name"]?.string }
        let bindings = documents.filter { $0["kind"]?.string == "ValidatingAdmissionPolicyBinding" }.compactMap {
            $0["spec"]?["policyName"]?.string
        }
        #expect(policies == bindings && !policies.isEmpty)
        let skipped = result.stderr.split(separator: "\n").filter { $0.hasPrefix("skipped ") }.map { line in
            String(line.dropFirst("skipped ".count).prefix { $0 != ":" })
        }
        let listed = try CLI.run(["policies", "-o", "json"])
        let active = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any])
        let names = (active["policies"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(Set(policies + skipped) == Set(names) && policies.count + skipped.count == names.count, "\(result.stderr)")
        // The policies that read the whole repository are the ones left out.
        let repositoryScope = (active["policies"] as? [[String: Any]] ?? []).filter { $0["usesObjects"] as? Bool == true }
        #expect(Set(repositoryScope.compactMap { $0["name"] as? String }).isSubset(of: Set(skipped)))
        #expect(result.stderr.contains("skipped network-default-deny: reads objects (every object of the repository)"))

        if try Self.installed("kubernetes-validate") {
            let validated = try CLI.run(["kubernetes-validate", "--strict", exported], executable: URL(fileURLWithPath: "/usr/bin/env"))
            #expect(validated.exitCode == 0, "\(validated.stdout)\(validated.stderr)")
        }

        var targets = ["testdata/example-repo"]
        if let rendered = try DeployTests.rendered() {
            let file = scratch.appendingPathComponent("example.yaml")
            try Data(rendered.utf8).write(to: file)
            targets.append(file.path)
        }
        let extended = try Self.extendedPackPolicies()
        let enable = policies.flatMap { ["--enable", $0] }
        for target in targets {
            let original = try Self.findings([target] + enable)
            let reloaded = try Self.findings([target, "--no-builtin", "--policies", exported])
            if target == targets[0] { #expect(original.count > 10, "the comparison must see findings") }
            // Which objects each policy finds something on, at which severity: for every policy.
            #expect(Set(original.map(\.verdict)) == Set(reloaded.map(\.verdict)), "\(target)")
            // The messages, one for one, for the policies written in plain ValidatingAdmissionPolicy CEL.
            let plainOriginal = original.filter { !extended.contains($0.policy) }
            let plainReloaded = reloaded.filter { !extended.contains($0.policy) }
            #expect(plainOriginal.map(\.withMessage) == plainReloaded.map(\.withMessage), "\(target)")
            // And the line, where the policy did not point at a field (a v1 validation has no fieldPath, so
            // an exported policy's findings point at the object).
            let atObject = Set(plainOriginal.filter { !$0.hasFieldPath }.map { "\($0.withMessage) @\($0.line)" })
            #expect(atObject.isSubset(of: Set(plainReloaded.map { "\($0.withMessage) @\($0.line)" })), "\(target)")
        }
    }

    @Test("a policy that reads objects is named on standard error with the reason and not exported; with nothing left, exit 2")
    func objectsPolicyIsNotExported() throws {
        let scratch = try CLI.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let policies = scratch.appendingPathComponent("policies.yaml")
        try Data(
            """
            apiVersion: sealgate.dev/v1
            kind: Policy
            metadata: {name: one-per-namespace}
            spec:
              severity: warning
              match: {kinds: [Deployment]}
              validations:
                - expression: "objects.filter(o, o.kind == 'Deployment' && o.metadata.?namespace == object.metadata.?namespace).size() <= 1"
            ---
            apiVersion: sealgate.dev/v1
            kind: Policy
            metadata: {name: two-replicas}
            spec:
              severity: info
              match: {kinds: [Deployment]}
              validations:
                - expression: object.spec.?replicas.orValue(1) >= 2
                  message: runs one replica
            """.utf8
        ).write(to: policies)

        let result = try CLI.run(["policies", "export", "--no-builtin", "--policies", policies.path])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(
            result.stderr
                == """
                skipped one-per-namespace: reads objects (every object of the repository), which the API server does not have
                exported 1 policy as ValidatingAdmissionPolicies with their bindings; 1 cannot run in the API server

                """)
        #expect(result.stdout.contains("name: two-replicas") && !result.stdout.contains("one-per-namespace"))
        #expect(result.stdout.contains("validationActions:\n  - Audit\n"))

        // --action decides every binding's actions.
        let denied = try CLI.run(["policies", "export", "--no-builtin", "--policies", policies.path, "--action", "Deny"])
        #expect(denied.stdout.contains("validationActions:\n  - Deny\n"), "\(denied.stdout)")

        let nothing = try CLI.run(["policies", "export", "--no-builtin", "--policies", policies.path, "--enable", "one-per-namespace"])
        #expect(nothing.exitCode == 2)
        #expect(nothing.stdout.isEmpty)
        #expect(
            nothing.stderr.hasSuffix("error: nothing to export: the selected policy cannot run in the API server (the reason is above)\n"),
            "\(nothing.stderr)")
    }

    @Test("`sealgate policies` still lists, as `sealgate policies list` does")
    func listIsTheDefault() throws {
        let listed = try CLI.run(["policies", "--enable", "network"])
        let explicit = try CLI.run(["policies", "list", "--enable", "network"])
        #expect(listed.exitCode == 0 && listed.stdout.hasPrefix("NAME "))
        #expect(listed.stdout == explicit.stdout)
    }
}
