// sealgate · PolicyEngine tests

import Diagnostics
import Foundation
import KubeManifest
import Testing
@testable import PolicyEngine

/// Helm and hand-written YAML leave keys with no value (`initContainers:`); the API server drops such
/// nulls before any admission policy sees the object, and so does sealgate's object view. Every case of
/// every built-in policy's own tests, with present-but-null fields added everywhere, must reach the same
/// verdict, and none may become "the policy could not decide".
struct NullFieldTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Fields the pack reads that a template or an editor leaves empty.
    static let emptied = [
        "initContainers", "containers", "ephemeralContainers", "volumes", "ports", "env", "envFrom", "subjects", "rules",
        "policyTypes", "ingress", "egress", "from", "to", "data", "stringData", "binaryData", "securityContext", "resources",
        "limits", "requests", "capabilities", "add", "drop", "annotations", "labels", "verbs", "apiGroups", "hostPath", "items",
        "seccompProfile", "appArmorProfile", "encryptedData", "template", "metadata", "spec", "selector", "namespace",
    ]

    /// `node` with a null entry for each of ``emptied`` that a mapping at any depth does not have.
    static func withNulls(_ node: Node) -> Node {
        switch node.value {
        case let .map(mapping):
            var result = Mapping()
            for entry in mapping {
                _ = result.set(Mapping.Entry(key: entry.key, keyLocation: entry.keyLocation, value: withNulls(entry.value)))
            }
            for name in emptied where result[name] == nil {
                _ = result.set(Mapping.Entry(key: name, keyLocation: node.location, value: Node(.null, at: node.location)))
            }
            return Node(.map(result), at: node.location)
        case let .list(items):
            return Node(.list(items.map(withNulls)), at: node.location)
        default:
            return node
        }
    }

    /// The PolicyTest documents and policies of the pack in `policies/`, with every case object (and every
    /// object a test adds) given null fields.
    struct TestFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    static func pack(nulls: Bool) throws -> (objects: [KubeObject], policies: PolicySet) {
        let loaded = ManifestLoader(concurrency: 1).loadBlocking([.path(repositoryRoot.appendingPathComponent("policies").path)])
        guard loaded.inputErrors.isEmpty, loaded.files.allSatisfy({ $0.error == nil }) else {
            throw TestFailure("policies/ does not load: \(loaded.inputErrors) \(loaded.files.compactMap(\.error))")
        }
        let policies = try PolicyLoader.load(loaded.objects)
        guard nulls else { return (loaded.objects, policies) }
        let tests = loaded.objects.map { object -> KubeObject in
            guard object.kind == "PolicyTest", var spec = object.root["spec"]?.mapping, let cases = spec["cases"]?.list else {
                return object
            }
            let nulled = cases.map { item -> Node in
                guard var entry = item.mapping else { return item }
                for key in ["object", "objects"] {
                    if let value = entry[key] {
                        _ = entry.set(Mapping.Entry(key: key, keyLocation: value.location, value: withNulls(value)))
                    }
                }
                return Node(.map(entry), at: item.location)
            }
            _ = spec.set(
                Mapping.Entry(key: "cases", keyLocation: object.root.location, value: Node(.list(nulled), at: object.root.location)))
            var root = object.root.mapping ?? Mapping()
            _ = root.set(Mapping.Entry(key: "spec", keyLocation: object.root.location, value: Node(.map(spec), at: object.root.location)))
            return KubeObject(Node(.map(root), at: object.root.location), origin: object.origin) ?? object
        }
        return (tests, policies)
    }

    @Test("every case of every built-in policy reaches the same verdict with present-but-null fields")
    func packWithNulls() async throws {
        // Seconds of work: off the cooperative pool, which other tests (the FIFO one) need free.
        let (before, after) = try await BlockingWork.run { () throws -> ([PolicyTests.CaseResult], [PolicyTests.CaseResult]) in
            let plain = try Self.pack(nulls: false)
            let nulled = try Self.pack(nulls: true)
            return (
                try PolicyTests.run(plain.objects, policies: plain.policies, today: "2026-11-25"),
                try PolicyTests.run(nulled.objects, policies: nulled.policies, today: "2026-11-25")
            )
        }
        #expect(before.count == after.count && before.count > 200)
        #expect(before.allSatisfy { $0.problem == nil })
        for (original, withNulls) in zip(before, after) {
            #expect(withNulls.actual == original.actual, "\(original.test) / \(original.name): \(withNulls.messages)")
            #expect(withNulls.actual != .error, "\(original.test) / \(original.name): \(withNulls.messages)")
        }
    }

    @Test("a Deployment with empty initContainers, volumes and env gets real verdicts, not 'could not decide'")
    func helmStyleDeployment() throws {
        let yaml = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: shop}
            spec:
              template:
                spec:
                  initContainers:
                  volumes:
                  containers:
                    - name: web
                      image: ghcr.io/acme/web:latest
                      env:
                      ports:
                      securityContext:

            """
        let documents = try ManifestParser.documents(in: yaml, file: SourceFile(path: "web.yaml"))
        let objects = KubeObject.objects(in: documents[0]).objects
        let policies = try Self.pack(nulls: false).policies
        let report = Checker.check(objects, policies: policies, fileCount: 1, options: CheckOptions(today: "2026-11-25", concurrency: 1))
        #expect(!report.findings.contains { $0.message.hasPrefix(PreparedPolicy.undecidedPrefix) }, "\(report.findings.map(\.message))")
        #expect(report.findings.contains { $0.policy == "images-no-latest-tag" })
    }
}
