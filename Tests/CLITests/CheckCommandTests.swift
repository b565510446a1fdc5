// sealgate · CLI tests

import Foundation
import Testing

/// `sealgate check`, `sealgate policies` and `sealgate policy test` on the example repository.
struct CheckCommandTests {
    private let repo = "testdata/example-repo"

    @Test("check finds the planted problems, with file and line, and exits 1")
    func examples() throws {
        let result = try CLI.run(["check", repo, "--today", "2026-11-25"])
        #expect(result.exitCode == 1)
        // Findings about an item point at it: the container, the env entry, the rule, the subject.
        let expected = [
            "testdata/example-repo/apps/payments/db-credentials.yaml:3:1: error: Secret db-credentials holds 5 values (username, password, port, host, dsn) in plain text; commit a SealedSecret made with sealgate seal instead [secrets-no-plaintext]",
            "testdata/example-repo/apps/shop/cart.yaml:26:11: error: container 'redis' uses the image 'redis:latest' with the tag 'latest'; pin a version or a digest [images-no-latest-tag]",
            "testdata/example-repo/apps/shop/cart.yaml:26:11: error: container 'redis' runs privileged, with full access to the node; remove securityContext.privileged [pss-no-privileged]",
            "testdata/example-repo/apps/shop/cart.yaml:26:11: error: container 'redis' sets no resources.limits.memory; declare requests for CPU and memory and a memory limit [resources-requests-limits]",
            "testdata/example-repo/apps/shop/cart.yaml:35:15: warning: env DB_PASSWORD of container 'redis' looks like a credential written in plain text; read it from a Secret (valueFrom.secretKeyRef) [secrets-no-literal-credentials]",
            "testdata/example-repo/namespaces.yaml:12:1: error: namespace payments runs workloads but has no default-deny NetworkPolicy (podSelector {} with policyTypes Ingress and Egress) [network-default-deny]",
            "testdata/example-repo/network/allow-frontend.yaml:15:7: error: spec.ingress[0] of NetworkPolicy allow-frontend allows ingress from everywhere (0.0.0.0/0); name the sources (pod or namespace selectors, or narrower ipBlocks) [network-no-ingress-from-everywhere]",
            "testdata/example-repo/rbac/roles.yaml:22:5: error: rules[0] of ClusterRole ops-wildcard grants '*' in verbs, resources, apiGroups; list what is needed instead [rbac-no-wildcards]",
            "testdata/example-repo/rbac/roles.yaml:22:5: error: rules[0] of ClusterRole ops-wildcard grants escalate, bind, impersonate, which let a subject raise its own permissions; grant only the verbs and resources it needs, without them [rbac-no-escalation-verbs]",
            "testdata/example-repo/rbac/roles.yaml:45:5: error: ClusterRoleBinding ops-wildcard-default binds ops-wildcard to the default ServiceAccount of shop, which every pod without its own ServiceAccount uses; bind a ServiceAccount of the workload that needs the role instead [rbac-no-default-serviceaccount]",
            "testdata/example-repo/apps/shop/anchors.yaml:45:11: warning: container 'image-resizer' has no readinessProbe or livenessProbe; add probes so traffic waits for the container to be ready and a hung container is restarted [workloads-probes]",
        ]
        let lines = result.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        for line in expected { #expect(lines.contains(line), "missing: \(line)") }
        // No error on the objects written to pass them: the frontend Deployment and the catalog (warnings
        // of the workload and RBAC hygiene policies are theirs).
        #expect(!lines.contains { ($0.contains("/frontend.yaml:") || $0.contains("/anchors.yaml:")) && $0.contains(": error: ") })
        #expect(result.stdout.hasSuffix("15 errors, 16 warnings, 0 info in 8 files (21 objects, 51 policies)\n"))
    }

    @Test("--fail-on, --enable and --disable choose what fails and what runs")
    func selection() throws {
        let warningsOnly = try CLI.run(["check", repo, "--enable", "secrets-no-literal-credentials"])
        #expect(warningsOnly.exitCode == 0)
        #expect(try CLI.run(["check", repo, "--enable", "secrets-no-literal-credentials", "--fail-on", "warning"]).exitCode == 1)
        let network = try CLI.run(["check", repo, "--enable", "network", "--disable", "network-workload-selected"])
        #expect(network.stdout.contains("[network-default-deny]") && !network.stdout.contains("[network-workload-selected]"))
        let unknown = try CLI.run(["check", repo, "--enable", "no-such-policy"])
        #expect(unknown.stderr == "error: no policy, category or tag is called 'no-such-policy'; `sealgate policies` lists them\n")
        #expect(unknown.exitCode == 2)
    }

    @Test("-o prints one format and each --report FORMAT=FILE writes another; a machine format on stdout puts the summary on stderr")
    func formats() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sealgate-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let sarif = directory.appendingPathComponent("report.sarif").path
        let junit = directory.appendingPathComponent("report.xml").path
        let result = try CLI.run(["check", repo, "--report", "sarif=" + sarif, "-o", "github", "--report", "junit=" + junit])
        #expect(result.exitCode == 1)
        #expect(result.stdout.split(separator: "\n").allSatisfy { $0.hasPrefix("::error ") || $0.hasPrefix("::warning ") })
        #expect(
            result.stdout.contains(
                "::error file=testdata/example-repo/apps/shop/cart.yaml,line=26,col=11,title=images-no-latest-tag::container 'redis' uses the image 'redis:latest'"
            ))
        #expect(result.stderr == "sealgate check: 15 errors, 16 warnings, 0 info in 21 objects\n")
        let document = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: sarif))) as? [String: Any]
        #expect(document?["version"] as? String == "2.1.0")
        #expect(
            try String(contentsOfFile: junit, encoding: .utf8).hasPrefix(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"sealgate check\""))

        // --output is the format too (it used to be a file), and --format, kube-linter's name, is read as -o.
        let json = try CLI.run(["check", repo, "--output", "json"])
        #expect(try CLI.run(["check", repo, "--format", "json"]).stdout == json.stdout)
        let parsed = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect((parsed?["summary"] as? [String: Any])?["errors"] as? Int == 15)
        // The JSON names the item's path.
        let findings = parsed?["findings"] as? [[String: Any]] ?? []
        let privileged = findings.first { $0["policy"] as? String == "pss-no-privileged" }
        #expect(privileged?["fieldPath"] as? String == "spec.template.spec.containers[0]")
        #expect(privileged?["line"] as? Int == 26 && privileged?["column"] as? Int == 11)
    }

    @Test("waiving rbac-no-wildcards leaves the escalation that a wildcard verb on roles grants")
    func wildcardEscalation() throws {
        let directory = try CLI.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let role = """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata:
              name: operator
              annotations:
                ignore.sealgate.dev/rbac-no-wildcards: "the operator manages every kind of its own CRDs"
            rules:
              - apiGroups: [rbac.authorization.k8s.io]
                resources: [clusterroles]
                verbs: ["*"]

            """
        try Data(role.utf8).write(to: directory.appendingPathComponent("role.yaml"))
        let result = try CLI.run([
            "check", "--enable", "rbac-no-wildcards", "--enable", "rbac-no-escalation-verbs", directory.path + "/role.yaml",
        ])
        #expect(result.exitCode == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("ClusterRole operator grants escalate, bind, which let a subject raise its own permissions"))
        #expect(!result.stdout.contains("[rbac-no-wildcards]"), "\(result.stdout)")
    }

    @Test("a parse error in the checked set is a finding, not a crash")
    func parseErrors() throws {
        let result = try CLI.run(["check", "Tests/Fixtures/invalid/unterminated-quote.yaml"])
        #expect(
            result.stdout.contains(
                "Tests/Fixtures/invalid/unterminated-quote.yaml:7:1: error: unterminated quoted string that starts at line 4, column 14; add the closing quote [parse-error]"
            ))
        #expect(result.exitCode == 1)
    }

    @Test("bad invocations and unusable policies exit 2 and say where")
    func unusable() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sealgate-policy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let policy = directory.appendingPathComponent("bad.yaml")
        try """
        apiVersion: sealgate.dev/v1
        kind: Policy
        metadata: {name: bad}
        spec:
          validations:
            - expression: object.spec.replicas >
        """.write(to: policy, atomically: true, encoding: .utf8)
        let bad = try CLI.run(["check", repo, "--policies", policy.path])
        #expect(bad.stderr.hasPrefix("\(policy.path):6:41: error: 'spec.validations[0].expression': unexpected end of expression"))
        #expect(bad.exitCode == 2)
        #expect(try CLI.run(["check", "--config", "no/such/.sealgate.yaml"]).exitCode == 2)
        #expect(try CLI.run(["check", "no/such/dir"]).exitCode == 2)
        #expect(try CLI.run(["check", repo, "--no-builtin"]).stderr.contains("--no-builtin leaves no policies; add --policies DIR"))
        // The README's old CI line wrote the annotations into the SARIF file: now it stops, saying what to write.
        let old = try CLI.run(["check", repo, "--format", "github", "--format", "sarif", "--output", "sealgate.sarif"])
        #expect(
            old.stderr
                == "error: --output takes a format now (text, json, sarif, junit or github), not a file; to write 'sealgate.sarif' use --report sarif=sealgate.sarif\nsee 'sealgate check --help'\n"
        )
        #expect(old.exitCode == 2)
        #expect(!FileManager.default.fileExists(atPath: CLI.repositoryRoot.appendingPathComponent("sealgate.sarif").path))
    }

    @Test("policies lists the active policies with their scope")
    func policies() throws {
        let result = try CLI.run(["policies"])
        #expect(result.exitCode == 0)
        #expect(result.stdout.hasPrefix("NAME"))
        #expect(result.stdout.contains("network-default-deny"))
        #expect(result.stdout.contains("repository"))
        #expect(
            result.stdout.hasSuffix(
                "51 policies; scope 'repository' policies read every object (sealgate's `objects`), 'object' ones also run as a ValidatingAdmissionPolicy\noff by default, run with --enable NAME: images-pinned-digest\n"
            ))
    }

    @Test("tags select policies; an off-by-default policy is listed apart and runs only when named")
    func tagsAndOffByDefault() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sealgate-tags-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try """
        apiVersion: sealgate.dev/v1
        kind: Policy
        metadata: {name: two-replicas}
        spec:
          category: resources
          tags: [availability]
          match: {kinds: [Deployment]}
          validations: [{expression: 'object.spec.?replicas.orValue(1) >= 2', message: runs one replica}]
        ---
        apiVersion: sealgate.dev/v1
        kind: Policy
        metadata: {name: named-owner}
        spec:
          category: resources
          severity: info
          enabledByDefault: false
          validations: [{expression: "has(object.metadata.labels) && 'owner' in object.metadata.labels", message: names no owner}]
        """.write(to: directory.appendingPathComponent("policies.yaml"), atomically: true, encoding: .utf8)
        let policies = directory.appendingPathComponent("policies.yaml").path
        let list = try CLI.run(["policies", "--no-builtin", "--policies", policies])
        let rows = list.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).prefix(5) }
        #expect(rows.first == ["NAME", "CATEGORY", "SEVERITY", "SCOPE", "TAGS"])
        #expect(rows.dropFirst().first == ["two-replicas", "resources", "error", "object", "availability"])
        #expect(list.stdout.hasSuffix("\noff by default, run with --enable NAME: named-owner\n"))
        let json = try CLI.run(["policies", "--no-builtin", "--policies", policies, "-o", "json"])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(document["offByDefault"] as? [String] == ["named-owner"])
        #expect((document["policies"] as? [[String: Any]])?.first?["tags"] as? [String] == ["availability"])

        let deployment = Array("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec: {replicas: 1}\n".utf8)
        let byDefault = try CLI.run(["check", "-", "--no-builtin", "--policies", policies], stdin: deployment)
        #expect(byDefault.stdout.contains("[two-replicas]") && !byDefault.stdout.contains("[named-owner]"))
        let byTag = try CLI.run(["check", "-", "--no-builtin", "--policies", policies, "--enable", "availability"], stdin: deployment)
        #expect(byTag.stdout.contains("[two-replicas]") && !byTag.stdout.contains("[named-owner]"))
        let byCategory = try CLI.run(["check", "-", "--no-builtin", "--policies", policies, "--enable", "resources"], stdin: deployment)
        #expect(byCategory.stdout.contains("[two-replicas]") && byCategory.stdout.contains("[named-owner]"))
        let disabled = try CLI.run(
            ["check", "-", "--no-builtin", "--policies", policies, "--enable", "named-owner", "--disable", "availability"],
            stdin: deployment)
        #expect(!disabled.stdout.contains("[two-replicas]") && disabled.stdout.contains("[named-owner]"))
    }

    @Test("policy test runs the pack's own tests, and reports a failing case")
    func policyTest() throws {
        let pack = try CLI.run(["policy", "test", "policies"])
        #expect(pack.stdout == "453 of 453 cases passed in 57 tests\n")
        #expect(pack.exitCode == 0)

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sealgate-ptest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try """
        apiVersion: sealgate.dev/v1
        kind: Policy
        metadata: {name: two-replicas}
        spec:
          match: {kinds: [Deployment]}
          validations: [{expression: "object.spec.replicas >= 2"}]
        ---
        apiVersion: sealgate.dev/v1
        kind: PolicyTest
        metadata: {name: two-replicas}
        spec:
          policy: two-replicas
          cases:
            - name: three replicas pass
              expect: pass
              object: {apiVersion: apps/v1, kind: Deployment, metadata: {name: a}, spec: {replicas: 3}}
            - name: one replica should fail but the test says pass
              expect: pass
              object: {apiVersion: apps/v1, kind: Deployment, metadata: {name: b}, spec: {replicas: 1}}
        """.write(to: directory.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        let failing = try CLI.run(["policy", "test", directory.path])
        #expect(
            failing.stdout.contains(
                "FAIL two-replicas: one replica should fail but the test says pass (\(directory.path)/p.yaml:17): expected pass, got fail"))
        #expect(failing.stdout.contains("     finding: failed expression: object.spec.replicas >= 2"))
        #expect(failing.stdout.hasSuffix("1 of 2 cases passed in 1 test; 1 failed\n"))
        #expect(failing.exitCode == 1)
    }
}
