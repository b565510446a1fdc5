// sealgate · PolicyEngine tests

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
        let report = Checker.check(loaded, policies: try policies(policy), fileCount: files.count, options: CheckOptions(today: "2026-12-01"))
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
        let moved = other + "\n---\n" + """
            {apiVersion: apps/v1, kind: Deployment, metadata: {namespace: shop, name: web},
             spec: {template: {spec: {containers: [{name: sidecar, image: 'envoy:1.30'}, {name: app, image: 'nginx:latest'}]}}}}
            """
        let comparison = try Self.compare(base: [("apps/web.yaml", Self.web)], head: [("deploy/all.yaml", moved)])
        #expect(comparison.findings.count == 1)
        #expect(comparison.findings.map(\.state) == [.unchanged])
        #expect(comparison.findings[0].file == "deploy/all.yaml")
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
            base: [("overlays/a/web.yaml", Self.web)],
            head: [("overlays/a/web.yaml", Self.web), ("overlays/b/web.yaml", Self.web)])
        #expect(comparison.findings.compactMap(\.state).sorted { $0.rawValue < $1.rawValue } == [.new, .unchanged])
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
        #expect(FindingIdentity.canonicalField("spec.template.spec.containers[1].image", in: before.root) == "spec.template.spec.containers[name=app].image")
        #expect(FindingIdentity.canonicalField("spec.template.spec.containers[0].image", in: after.root) == "spec.template.spec.containers[name=app].image")
        // Items without a name, and parts the object lacks, stay as written.
        #expect(FindingIdentity.canonicalField("spec.template.spec.containers[5]", in: after.root) == "spec.template.spec.containers[5]")
        #expect(FindingIdentity.canonicalField("metadata.labels['app.kubernetes.io/name']", in: after.root) == "metadata.labels['app.kubernetes.io/name']")
    }

    @Test func aFindingAboutNoObjectIsPlacedByItsFile() {
        let broken = Finding(.parseError, message: "did not find expected key", file: "a.yaml", line: 3, column: 1)
        let elsewhere = Finding(.parseError, message: "did not find expected key", file: "b.yaml", line: 3, column: 1)
        let moved = Finding(.parseError, message: "did not find expected key", file: "a.yaml", line: 9, column: 4)
        #expect(FindingIdentity(broken, object: nil) != FindingIdentity(elsewhere, object: nil))
        #expect(FindingIdentity(broken, object: nil) == FindingIdentity(moved, object: nil))
        let comparison = Baseline.compare(head: [moved], headObjects: [], base: [broken], baseObjects: [])
        #expect(comparison.findings.map(\.state) == [.unchanged])
    }
}
