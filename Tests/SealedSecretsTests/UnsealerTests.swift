// sealgate · SealedSecrets tests

import Diagnostics
import KubeManifest
import Testing
@testable import SealedSecrets

struct UnsealerTests {
    private func failure(_ sealed: SealedSecretManifest, ring: KeyRing = TestKeys.current) throws -> String {
        let outcome = try #require(Unsealer(ring: ring).open([sealed]).first)
        return try #require(outcome.failures.first).reason
    }

    /// A SealedSecret text with one field of its own metadata changed, the template left as it was.
    private func edited(_ sealed: SealedSecretManifest, _ change: (inout Mapping) -> Void) throws -> SealedSecretManifest {
        var metadata = sealed.metadata
        change(&metadata)
        var copy = sealed
        copy.metadata = metadata
        copy.name = metadata["name"]?.string ?? copy.name
        copy.namespace = metadata["namespace"]?.string
        return copy
    }

    @Test("every key of the ring is tried: a value sealed to the older key opens with the ring of both")
    func ring() throws {
        let sealed = try Sealer(certificate: TestKeys.oldCertificate).seal(secret(sampleSecret))
        let outcome = try #require(Unsealer(ring: TestKeys.both).open([sealed]).first)
        #expect(outcome.failures.isEmpty)
    }

    @Test("a value sealed cluster-wide in a SealedSecret that says strict is explained")
    func scopeMismatch() throws {
        let sealed = try sealAndReload(sampleSecret, options: .init(scope: .clusterWide))
        let stripped = try edited(sealed) { $0.remove("annotations") }
        let reason = try failure(stripped)
        #expect(
            reason.hasPrefix(
                "was sealed with cluster-wide scope, but this SealedSecret declares strict scope as shop/db; add the annotation sealedsecrets.bitnami.com/cluster-wide: \"true\""
            ))
        #expect(reason.contains(TestKeys.current.keys[0].privateKey.shortFingerprint))
    }

    @Test("a SealedSecret whose namespace kustomize adds later opens with the template's namespace")
    func namespaceFromTemplate() throws {
        let sealed = try sealAndReload(sampleSecret)
        var tree = sealed.node()
        guard case var .map(root) = tree.value, case var .map(metadata)? = root["metadata"]?.value else {
            Issue.record("unexpected layout")
            return
        }
        metadata.remove("namespace")
        root.put("metadata", .map(metadata))
        tree = Node(.map(root))
        let reloaded = try SealedSecretManifest(objects(YAMLEmitter.emit(tree), name: "kustomized.yaml")[0])
        #expect(reloaded.namespace == "shop")
        #expect(try #require(Unsealer(ring: TestKeys.current).open([reloaded]).first).failures.isEmpty)
    }

    @Test("a renamed SealedSecret is explained with the name it was sealed for")
    func renamed() throws {
        let sealed = try sealAndReload(sampleSecret)
        let renamed = try edited(sealed) { $0.put("name", .string("db-v2")) }
        #expect(
            try failure(renamed).hasPrefix(
                "was sealed for the name 'db', but this SealedSecret is named 'db-v2'; rename it back or re-seal it"))
    }

    @Test("a SealedSecret moved to another namespace is explained with the namespace it was sealed for")
    func moved() throws {
        let sealed = try sealAndReload(sampleSecret)
        let moved = try edited(sealed) { $0.put("namespace", .string("billing")) }
        #expect(try failure(moved).hasPrefix("was sealed for namespace 'shop' (as shop/db), not 'billing'"))
        let nsWide = try sealAndReload(sampleSecret, options: .init(scope: .namespaceWide))
        let movedWide = try edited(nsWide) { $0.put("namespace", .string("billing")) }
        #expect(try failure(movedWide).hasPrefix("was sealed with namespace-wide scope for namespace 'shop', not 'billing'"))
    }

    @Test("a value no key of the ring sealed says which keys were tried")
    func unknownKey() throws {
        let sealed = try sealAndReload(sampleSecret)
        let reason = try failure(sealed, ring: TestKeys.old)
        let tried = TestKeys.old.keys[0].privateKey.shortFingerprint
        #expect(reason.hasPrefix("no key could decrypt it (tried 1 key: \(tried)); it was sealed with another key"))
        #expect(!reason.contains("admin"))
    }

    @Test("unsealing gives back the Secret: template metadata, type, immutable, data; template data literals apply")
    func secretOutput() throws {
        var sealed = try sealAndReload(sampleSecret)
        sealed.template.set(
            Mapping.Entry(
                key: "data", keyLocation: .generated,
                value: Node(
                    .object([
                        ("note", .null), ("static", .string("fixed")),
                    ]))))
        let unsealer = Unsealer(ring: TestKeys.current)
        let node = try unsealer.secret(from: try #require(unsealer.open([sealed]).first))
        #expect(node["kind"]?.string == "Secret")
        #expect(node["metadata"]?["name"]?.string == "db")
        #expect(node["metadata"]?["namespace"]?.string == "shop")
        #expect(node["type"]?.string == "kubernetes.io/basic-auth")
        #expect(node["immutable"]?.value == .bool(true))
        let data = try #require(node["data"]?.mapping)
        #expect(data.keys == ["password", "username", "static"])
        #expect(data["username"]?.string == "YWRtaW4=")
        #expect(data["static"]?.string == "Zml4ZWQ=")
    }

    @Test("a Go template in spec.template.data renders the subset, and the rest is refused, not run")
    func goTemplate() throws {
        var sealed = try sealAndReload(sampleSecret)
        sealed.template.set(
            Mapping.Entry(
                key: "data", keyLocation: .generated,
                value: Node(
                    .object([
                        ("url", .string("postgres://{{ .username }}@db"))
                    ]))))
        let unsealer = Unsealer(ring: TestKeys.current)
        let outcome = try #require(unsealer.open([sealed]).first)
        #expect(try unsealer.secret(from: outcome)["data"]?["url"]?.string == Base64.encode(Array("postgres://admin@db".utf8)))
        sealed.template.set(
            Mapping.Entry(
                key: "data", keyLocation: .generated, value: Node(.object([("url", .string("{{ .username | upper }}"))]))))
        let refused = try #require(unsealer.open([sealed]).first)
        let error = #expect(throws: SealedSecretsError.self) { try unsealer.secret(from: refused) }
        #expect(error?.code == .template)
        #expect(
            error?.reason.hasPrefix("'spec.template.data.url': {{ .username | upper }} is not one of the actions sealgate renders") == true)
    }

    @Test("many values open in order across threads")
    func ordering() throws {
        var yaml = "apiVersion: v1\nkind: Secret\nmetadata: {name: many, namespace: ns}\nstringData:\n"
        for i in 0..<40 { yaml += "  k\(i): value-\(i)\n" }
        let sealed = try sealAndReload(yaml)
        let outcomes = Unsealer(ring: TestKeys.both).open([sealed, sealed])
        for outcome in outcomes {
            // The file holds the keys sorted (k0, k1, k10, …); each value comes back in the file's order.
            #expect(outcome.values.map(\.key) == sealed.encryptedData.map(\.key))
            for (key, result) in outcome.values {
                #expect(String(decoding: try result.get(), as: UTF8.self) == "value-" + key.dropFirst())
            }
        }
    }

    @Test("a SealedSecret in the deprecated single-blob format, or of another kind, is refused clearly")
    func badSealedInput() throws {
        let legacy = #expect(throws: SealedSecretsError.self) {
            try SealedSecretManifest(
                objects("apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata: {name: a}\nspec:\n  data: AgBx\n")[0])
        }
        #expect(legacy?.reason.contains("deprecated single-blob 'spec.data'") == true)
        let wrong = #expect(throws: SealedSecretsError.self) {
            try SealedSecretManifest(objects("apiVersion: v1\nkind: Secret\nmetadata: {name: a}\n")[0])
        }
        #expect(wrong?.code == .wrongKind)
    }
}
