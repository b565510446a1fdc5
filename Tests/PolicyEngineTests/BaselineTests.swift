// sealgate · PolicyEngine tests

import Diagnostics
import KubeManifest
import Testing
@testable import PolicyEngine

/// Findings of a change's head against its base: identities that survive moves, renames and reordering,
/// and states that say what the change did.
struct BaselineTests {
    static let web = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec:
          template:
            spec:
              containers:
                - {name: sidecar, image: 'envoy:1.30'}
                - {name: app, image: 'nginx:latest'}
        """

    static let policy = """
        apiVersion: sealgate.dev/v1
        kind: Policy
        metadata: {name: no-latest}
        spec:
          severity: error
          match: {kinds: [Deployment]}
          validations:
            - expression: "object.spec.template.spec.containers.all(c, !c.image.endsWith(':latest'))"
              messageExpression: "'container ' + object.spec.template.spec.containers.filter(c, c.image.endsWith(':latest'))[0].name + ' uses latest'"
        """

    /// The findings of `yaml` (one file per entry) checked against ``policy``.
    private static func run(_ files: [(String, String)]) throws -> (findings: [Finding], objects: [KubeObject]) {
        let loaded = try files.flatMap { try objects($0.1, name: $0.0) }
        let report = Checker.check(
            loaded, policies: try policies(policy), fileCount: files.count, options: CheckOptions(today: "2026-12-01"))
        return (report.findings, loaded)
    }

    private static func compare(base: [(String, String)], head: [(String, String)]) throws -> Baseline.Comparison {
        let (baseFindings, baseObjects) = try run(base)
        let (headFindings, headObjects) = try run(head)
        return Baseline.compare(head: headFindings, headObjects: headObjects, base: baseFindings, baseObjects: baseObjects)
    }

    @Test func aMovedReformattedRenamedFileBringsNothingNew() throws {
        let other = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings, namespace: shop}
            """
        // The Deployment moves to another file, after another object, in flow style on other lines.
        let moved =
            other + "\n---\n" + """
                {apiVersion: apps/v1, kind: Deployment, metadata: {namespace: shop, name: web},
                 spec: {template: {spec: {containers: [{name: sidecar, image: 'envoy:1.30'}, {name: app, image: 'nginx:latest'}]}}}}
                """
        let comparison = try Self.compare(base: [("apps/web.yaml", Self.web)], head: [("deploy/all.yaml", moved)])
        #expect(comparison.findings.count == 1)
        #expect(comparison.findings.map(\.state) == [.unchanged])
        #expect(comparison.findings[0].location.file.path == "deploy/all.yaml")
        #expect(comparison.fixed.isEmpty)
    }

    @Test func aNewViolationIsNewAndAFixIsFixed() throws {
        let api = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: api, namespace: shop}
            spec: {template: {spec: {containers: [{name: api, image: 'api:latest'}]}}}
            """
        let fixedWeb = Self.web.replacingOccurrences(of: "nginx:latest", with: "nginx:1.27")
        let comparison = try Self.compare(
            base: [("web.yaml", Self.web), ("api.yaml", api.replacingOccurrences(of: "api:latest", with: "api:2.0"))],
            head: [("web.yaml", fixedWeb), ("api.yaml", api)])
        #expect(comparison.findings.map(\.state) == [.new])
        #expect(comparison.findings.first?.object?.name == "api")
        #expect(comparison.fixed.map(\.state) == [.fixed])
        #expect(comparison.fixed.first?.object?.name == "web")
    }

    @Test func anotherMessageForTheSameObjectIsUpdated() throws {
        let renamed = Self.web.replacingOccurrences(of: "name: app", with: "name: frontend")
        let comparison = try Self.compare(base: [("web.yaml", Self.web)], head: [("web.yaml", renamed)])
        #expect(comparison.findings.map(\.state) == [.updated])
        #expect(comparison.findings.first?.message == "container frontend uses latest")
        #expect(comparison.fixed.isEmpty)
    }

    @Test func findingsAreComparedAsMultisets() throws {
        // One object rendered in two overlays is two findings; the base had one of them.
        let comparison = try Self.compare(
            base: [("overlays/b/web.yaml", Self.web)],
            head: [("overlays/a/web.yaml", Self.web), ("overlays/b/web.yaml", Self.web)])
        // The copy in the file the change did not touch keeps its state; the added one is new.
        #expect(
            comparison.findings.map { "\($0.location.file.path) \($0.state?.rawValue ?? "")" } == [
                "overlays/a/web.yaml new", "overlays/b/web.yaml unchanged",
            ])
        #expect(comparison.fixed.isEmpty)

        let back = try Self.compare(
            base: [("overlays/a/web.yaml", Self.web), ("overlays/b/web.yaml", Self.web)],
            head: [("overlays/a/web.yaml", Self.web)])
        #expect(back.findings.map(\.state) == [.unchanged])
        #expect(back.fixed.count == 1)
    }

    @Test func theVersionOfAnObjectIsNotPartOfItsIdentity() throws {
        let beta = Self.web.replacingOccurrences(of: "apps/v1", with: "apps/v1beta2")
        let comparison = try Self.compare(base: [("web.yaml", beta)], head: [("web.yaml", Self.web)])
        #expect(comparison.findings.map(\.state) == [.unchanged])
    }

    @Test func listItemsInAFieldPathAreNamedNotCounted() throws {
        let before = try #require(try objects(Self.web).first)
        let reordered = Self.web.replacingOccurrences(
            of: "- {name: sidecar, image: 'envoy:1.30'}\n        - {name: app, image: 'nginx:latest'}",
            with: "- {name: app, image: 'nginx:latest'}\n        - {name: sidecar, image: 'envoy:1.30'}")
        #expect(reordered != Self.web)
        let after = try #require(try objects(reordered).first)
        #expect(
            FindingIdentity.canonicalField("spec.template.spec.containers[1].image", in: before.root)
                == "spec.template.spec.containers[name=app].image")
        #expect(
            FindingIdentity.canonicalField("spec.template.spec.containers[0].image", in: after.root)
                == "spec.template.spec.containers[name=app].image")
        // Items without a name, and parts the object lacks, stay as written.
        #expect(FindingIdentity.canonicalField("spec.template.spec.containers[5]", in: after.root) == "spec.template.spec.containers[5]")
        #expect(
            FindingIdentity.canonicalField("metadata.labels['app.kubernetes.io/name']", in: after.root)
                == "metadata.labels['app.kubernetes.io/name']")
    }

    @Test func aFindingAboutNoObjectIsPlacedByItsFile() {
        let broken = Finding(.parseError, message: "did not find expected key", at: SourceLocation(path: "a.yaml", line: 3, column: 1))
        let elsewhere = Finding(.parseError, message: "did not find expected key", at: SourceLocation(path: "b.yaml", line: 3, column: 1))
        let moved = Finding(.parseError, message: "did not find expected key", at: SourceLocation(path: "a.yaml", line: 9, column: 4))
        #expect(FindingIdentity(broken, object: nil) != FindingIdentity(elsewhere, object: nil))
        #expect(FindingIdentity(broken, object: nil) == FindingIdentity(moved, object: nil))
        let comparison = Baseline.compare(head: [moved], headObjects: [], base: [broken], baseObjects: [])
        #expect(comparison.findings.map(\.state) == [.unchanged])
    }

    // MARK: - Checking a change

    /// Checks `head` against `base` (file name → YAML) as `check --base` does: files with the same text at
    /// both revisions are unchanged, and their objects at the base are the head's.
    private static func checkChange(base: [String: String], head: [String: String], policy: String) throws -> CheckReport {
        let headObjects = try head.keys.sorted().flatMap { try objects(head[$0]!, name: $0) }
        let unchanged = Set(head.keys.filter { base[$0] == head[$0] })
        let baseObjects = try base.keys.sorted().flatMap { name in
            unchanged.contains(name) ? headObjects.filter { $0.origin.location.file.path == name } : try objects(base[name]!, name: name)
        }
        return Checker.check(
            headObjects, against: ChangeBase(objects: baseObjects, fileCount: base.count, unchangedFiles: unchanged),
            policies: try policies(policy), fileCount: head.count, options: CheckOptions(today: "2026-12-01"))
    }

    @Test func oldObjectIsTheSameObjectAtTheBase() throws {
        let noShrinking = """
            apiVersion: sealgate.dev/v1
            kind: Policy
            metadata: {name: no-shrinking}
            spec:
              severity: error
              match: {kinds: [Deployment]}
              validations:
                - expression: "oldObject == null || object.spec.replicas >= oldObject.spec.replicas"
                  messageExpression: "'replicas went from ' + string(oldObject.spec.replicas) + ' to ' + string(object.spec.replicas)"
                - expression: "request.operation == (oldObject == null ? 'CREATE' : 'UPDATE')"
                  message: request.operation does not say whether the object is new
            """
        func deployment(_ name: String, replicas: Int) -> String {
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: \(name), namespace: shop}\nspec: {replicas: \(replicas)}\n"
        }
        let report = try Self.checkChange(
            base: ["web.yaml": deployment("web", replicas: 3)],
            head: ["web.yaml": deployment("web", replicas: 2), "api.yaml": deployment("api", replicas: 1)],
            policy: noShrinking)
        #expect(report.findings.map(\.message) == ["replicas went from 3 to 2"])
        #expect(report.findings.map(\.state) == [.new])
        #expect(report.fixed.isEmpty)
    }

    @Test func deletingAnObjectMakesAFindingOnAnUntouchedOneNew() throws {
        let defaultDeny = """
            apiVersion: sealgate.dev/v1
            kind: Policy
            metadata: {name: namespace-default-deny}
            spec:
              severity: error
              match: {kinds: [Namespace]}
              validations:
                - expression: "objects.exists(o, o.kind == 'NetworkPolicy' && o.metadata.namespace == object.metadata.name)"
                  message: the namespace has no NetworkPolicy
            """
        let namespace = "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n"
        let deny =
            "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: shop}\nspec: {podSelector: {}}\n"
        let report = try Self.checkChange(
            base: ["ns.yaml": namespace, "deny.yaml": deny], head: ["ns.yaml": namespace], policy: defaultDeny)
        #expect(report.findings.map(\.state) == [.new])
        #expect(report.findings.first?.location.file.path == "ns.yaml")

        let restored = try Self.checkChange(
            base: ["ns.yaml": namespace], head: ["ns.yaml": namespace, "deny.yaml": deny], policy: defaultDeny)
        #expect(restored.findings.isEmpty)
        #expect(restored.fixed.map(\.state) == [.fixed])
    }

    @Test func anUntouchedFileKeepsItsFindingsUnchanged() throws {
        // Its findings at the base are taken from the head, not evaluated again: they must come out
        // unchanged, neither new nor fixed, beside a changed file's new finding.
        let api =
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec: {template: {spec: {containers: [{name: api, image: 'api:latest'}]}}}\n"
        let report = try Self.checkChange(
            base: ["web.yaml": Self.web, "api.yaml": api.replacingOccurrences(of: "api:latest", with: "api:1")],
            head: ["web.yaml": Self.web, "api.yaml": api], policy: Self.policy)
        #expect(report.findings.map { "\($0.object?.name ?? "") \($0.state?.rawValue ?? "")" }.sorted() == ["api new", "web unchanged"])
        #expect(report.fixed.isEmpty)
    }
}
