// sealgate · SealedSecrets tests

import KubeManifest
import Testing
@testable import SealedSecrets

struct SealerTests {
    let sealer = Sealer(certificate: TestKeys.currentCertificate)
    let unsealer = Unsealer(ring: TestKeys.current)

    private func plaintexts(_ sealed: SealedSecretManifest, ring: KeyRing = TestKeys.current) throws -> [String: String] {
        let outcome = try #require(Unsealer(ring: ring).open([sealed]).first)
        var values: [String: String] = [:]
        for (key, result) in outcome.values { values[key] = String(decoding: try result.get(), as: UTF8.self) }
        return values
    }

    @Test("every scope round-trips through a file and records Bitnami's annotations", arguments: SealingScope.allCases)
    func scopes(scope: SealingScope) throws {
        let sealed = try sealAndReload(sampleSecret, options: .init(scope: scope))
        #expect(sealed.scope == scope)
        #expect(try plaintexts(sealed) == ["username": "admin", "password": "new-password", "note": "plain text"])
        let annotations = sealed.metadata["annotations"]?.mapping?.stringValues ?? [:]
        let templateAnnotations = sealed.template["metadata"]?["annotations"]?.mapping?.stringValues ?? [:]
        for (key, value) in scope.annotations {
            #expect(annotations[key] == value)
            #expect(templateAnnotations[key] == value)
        }
        #expect(annotations.count == scope.annotations.count)
    }

    @Test("each value is sealed under its scope's label")
    func labels() throws {
        let expected: [SealingScope: String] = [.strict: "shop/db", .namespaceWide: "shop", .clusterWide: ""]
        for scope in SealingScope.allCases {
            let sealed = try sealer.seal(secret(sampleSecret), options: .init(scope: scope))
            let bytes = try #require(Base64.decode(sealed.encryptedData[0].value))
            let key = TestKeys.current.keys[0].privateKey
            #expect(try HybridCipher.open(bytes, label: Array(expected[scope]!.utf8), with: key) == Array("admin".utf8))
        }
    }

    @Test("the template keeps type, immutable, labels and annotations, and drops what leaks or what servers set")
    func template() throws {
        let sealed = try sealer.seal(secret(sampleSecret))
        #expect(sealed.template["type"]?.string == "kubernetes.io/basic-auth")
        #expect(sealed.template["immutable"]?.value == .bool(true))
        let metadata = try #require(sealed.template["metadata"]?.mapping)
        #expect(metadata.keys == ["name", "namespace", "labels", "annotations"])
        #expect(metadata["annotations"]?.mapping?.stringValues == ["team": "payments"])
        #expect(metadata["labels"]?.mapping?.stringValues == ["app": "shop"])
        #expect(sealed.metadata.keys == ["name", "namespace"])
        let text = YAMLEmitter.emit(sealed.node())
        #expect(!text.contains("c2VjcmV0"))
        #expect(!text.contains("new-password"))
        #expect(!text.contains("5f1c"))
    }

    @Test("stringData wins over data for the same key; every value is sealed")
    func stringDataWins() throws {
        let values = try secret(sampleSecret).values
        #expect(values.map(\.key) == ["username", "password", "note"])
        #expect(values[1].bytes == Array("new-password".utf8))
        #expect(try sealer.seal(secret(sampleSecret)).encryptedData.count == 3)
    }

    @Test("encrypted keys are written sorted, as kubeseal writes them")
    func sortedOutput() throws {
        let text = YAMLEmitter.emit(try sealer.seal(secret(sampleSecret)).node())
        let keys = text.split(separator: "\n").filter {
            $0.hasPrefix("    ") && !$0.hasPrefix("     ") && $0.contains(": Ag") || $0.contains(": AQ")
        }
        #expect(keys.map { $0.trimmingCharacters(in: .whitespaces).split(separator: ":")[0] } == ["note", "password", "username"])
    }

    @Test("strict and namespace-wide scopes need a namespace; -n supplies one, and a contradiction is refused")
    func namespaces() throws {
        let bare = "apiVersion: v1\nkind: Secret\nmetadata: {name: x}\nstringData: {a: b}\n"
        for scope in [SealingScope.strict, .namespaceWide] {
            let error = #expect(throws: SealedSecretsError.self) { try sealer.seal(secret(bare), options: .init(scope: scope)) }
            #expect(error?.reason.contains("needs a namespace") == true)
        }
        #expect(try sealer.seal(secret(bare), options: .init(scope: .clusterWide)).namespace == nil)
        #expect(try sealer.seal(secret(bare), options: .init(namespace: "given")).namespace == "given")
        let conflict = #expect(throws: SealedSecretsError.self) {
            try sealer.seal(secret(sampleSecret), options: .init(namespace: "other"))
        }
        #expect(conflict?.reason == "the Secret is in namespace 'shop' but the namespace given is 'other'; give none or change the Secret")
        let unnamed = "apiVersion: v1\nkind: Secret\nmetadata: {namespace: x}\nstringData: {a: b}\n"
        #expect(throws: SealedSecretsError.self) { try sealer.seal(secret(unnamed)) }
        #expect(try sealer.seal(secret(unnamed), options: .init(name: "named")).name == "named")
    }

    @Test("a scope annotation on the input Secret is honoured when no --scope is given")
    func scopeFromAnnotations() throws {
        let annotated = """
            apiVersion: v1
            kind: Secret
            metadata: {name: x, namespace: ns-x, annotations: {sealedsecrets.bitnami.com/namespace-wide: "true"}}
            stringData: {a: b}
            """
        #expect(try sealer.seal(secret(annotated)).scope == .namespaceWide)
        #expect(try sealer.seal(secret(annotated), options: .init(scope: .strict)).scope == .strict)
    }

    @Test("the target is what seal seals for: scope from the option or the annotations, namespace from the Secret or the option")
    func target() throws {
        let annotated = """
            apiVersion: v1
            kind: Secret
            metadata: {name: x, namespace: ns-x, annotations: {sealedsecrets.bitnami.com/cluster-wide: "true"}}
            stringData: {a: b}
            """
        #expect(try Sealer.target(of: secret(annotated)) == Sealer.Target(name: "x", namespace: "ns-x", scope: .clusterWide))
        #expect(try Sealer.target(of: secret(annotated), options: .init(scope: .strict)).scope == .strict)
        let bare = "apiVersion: v1\nkind: Secret\nmetadata: {name: x}\nstringData: {a: b}\n"
        #expect(try Sealer.target(of: secret(bare), options: .init(namespace: "given")).namespace == "given")
        #expect(try Sealer.target(of: secret(bare), options: .init(scope: .clusterWide)).namespace == nil)
        let missing = #expect(throws: SealedSecretsError.self) { try Sealer.target(of: secret(bare)) }
        #expect(missing?.argument == .missing(.namespace, scope: .strict, singleValue: false))
        // A caller builds a file name from the namespace: one Kubernetes refuses never comes back.
        let escaping = #expect(throws: SealedSecretsError.self) {
            try Sealer.target(of: secret(bare), options: .init(namespace: "../etc"))
        }
        #expect(escaping?.code == .invalidInput)
        for options in [Sealer.Options(), .init(scope: .namespaceWide), .init(name: "db", namespace: "shop")] {
            let sealed = try sealer.seal(secret(sampleSecret), options: options)
            let target = try Sealer.target(of: secret(sampleSecret), options: options)
            #expect(target == Sealer.Target(name: sealed.name, namespace: sealed.namespace, scope: sealed.scope))
        }
    }

    @Test("input that is not a Secret, or a malformed Secret, is refused with its place")
    func badInput() throws {
        let deployment = #expect(throws: SealedSecretsError.self) {
            try secret("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n")
        }
        #expect(deployment?.code == .wrongKind)
        #expect(deployment?.description == "input.yaml:1: error: apps/v1 Deployment web is not a Secret (v1); only Secrets can be sealed")
        let badBase64 = #expect(throws: SealedSecretsError.self) {
            try secret("apiVersion: v1\nkind: Secret\nmetadata: {name: a}\ndata:\n  password: not base64!\n")
        }
        #expect(badBase64?.description == "input.yaml:5:13: error: 'data.password' is not valid base64; use 'stringData' for plain text")
        let number = #expect(throws: SealedSecretsError.self) {
            try secret("apiVersion: v1\nkind: Secret\nmetadata: {name: a}\nstringData:\n  port: 5432\n")
        }
        #expect(number?.reason == "'stringData.port' is an int, not a string; quote it")
    }

    @Test("merging adds and replaces keys under the existing SealedSecret's identity and scope")
    func merge() throws {
        let existing = try sealAndReload(sampleSecret, options: .init(scope: .namespaceWide))
        let update = try secret("apiVersion: v1\nkind: Secret\nmetadata: {name: ignored}\nstringData: {password: rotated, extra: added}\n")
        let merged = try sealer.merge(update, into: existing)
        #expect(merged.encryptedData.map(\.key) == ["note", "password", "username", "extra"])
        #expect(merged.encryptedData.first { $0.key == "username" }?.value == existing.encryptedData.first { $0.key == "username" }?.value)
        #expect(merged.scope == .namespaceWide)
        #expect(merged.name == "db")
        #expect(try plaintexts(merged) == ["username": "admin", "password": "rotated", "note": "plain text", "extra": "added"])
    }

    @Test("raw sealing gives one value that opens under the scope's label, and checks what the scope needs")
    func raw() throws {
        let text = try sealer.sealRaw(Array("raw value".utf8), scope: .strict, name: "db", namespace: "shop")
        let bytes = try #require(Base64.decode(text))
        #expect(
            try HybridCipher.open(bytes, label: Array("shop/db".utf8), with: TestKeys.current.keys[0].privateKey) == Array("raw value".utf8)
        )
        #expect(throws: SealedSecretsError.self) { try sealer.sealRaw([1], scope: .strict, name: nil, namespace: "shop") }
        #expect(throws: SealedSecretsError.self) { try sealer.sealRaw([1], scope: .namespaceWide, name: nil, namespace: nil) }
        #expect(try sealer.sealRaw([1], scope: .clusterWide, name: nil, namespace: nil).isEmpty == false)
    }

    @Test("a Secret with no values, or an empty raw value, is refused unless allowed, as kubeseal refuses it")
    func emptyData() throws {
        for yaml in ["metadata: {name: db, namespace: shop}\n", "metadata: {name: db, namespace: shop}\ndata: {}\nstringData: {}\n"] {
            let empty = try secret("apiVersion: v1\nkind: Secret\n" + yaml)
            let error = #expect(throws: SealedSecretsError.self) { try sealer.seal(empty) }
            #expect(error?.code == .emptySecret)
            #expect(
                error?.description
                    == "input.yaml:1: error: Secret shop/db has no values in data or stringData, which is most often a mistake; seal it with allowEmptyData if it is meant to be empty"
            )
            let sealed = try sealer.seal(empty, options: .init(allowEmptyData: true))
            #expect(sealed.encryptedData.isEmpty && sealed.name == "db")
            let existing = try sealAndReload(sampleSecret)
            #expect(throws: SealedSecretsError.self) { try sealer.merge(empty, into: existing) }
            #expect(
                try sealer.merge(empty, into: existing, allowEmptyData: true).encryptedData.map(\.key) == existing.encryptedData.map(\.key))
        }
        // A key with an empty value is a value: kubeseal counts keys, not bytes.
        let emptyValue = try secret("apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: shop}\nstringData: {flag: \"\"}\n")
        #expect(try sealer.seal(emptyValue).encryptedData.map(\.key) == ["flag"])
        let raw = #expect(throws: SealedSecretsError.self) { try sealer.sealRaw([], scope: .strict, name: "db", namespace: "shop") }
        #expect(raw?.code == .emptySecret)
        #expect(try sealer.sealRaw([], scope: .strict, name: "db", namespace: "shop", allowEmpty: true).isEmpty == false)
    }

    @Test("re-sealing to a new certificate keeps identity and scope, and only the new key opens the result")
    func reseal() throws {
        let sealed = try sealAndReload(sampleSecret, options: .init(scope: .namespaceWide))
        let outcome = try #require(Unsealer(ring: TestKeys.current).open([sealed]).first)
        let resealed = try Sealer(certificate: TestKeys.oldCertificate).reseal(outcome)
        #expect(resealed.scope == .namespaceWide)
        #expect(try plaintexts(resealed, ring: TestKeys.old) == ["username": "admin", "password": "new-password", "note": "plain text"])
        #expect(Unsealer(ring: TestKeys.current).open([resealed])[0].failures.count == 3)
    }

    @Test("a name or namespace Kubernetes refuses is not sealed: no SealedSecret could ever carry that label")
    func refusesInvalidIdentity() throws {
        let bare = "apiVersion: v1\nkind: Secret\nmetadata: {name: db}\nstringData: {a: b}\n"
        let upper = #expect(throws: SealedSecretsError.self) { try sealer.seal(secret(bare), options: .init(namespace: "Prod")) }
        #expect(upper?.code == .invalidInput)
        #expect(
            upper?.reason
                == "the namespace given, 'Prod', is not a valid Kubernetes namespace: it contains the upper-case letter 'P'; Kubernetes allows only lower-case letters, digits and '-' (and '.' in names)"
        )
        let own = "apiVersion: v1\nkind: Secret\nmetadata: {name: \"db \", namespace: prod}\nstringData: {a: b}\n"
        let space = #expect(throws: SealedSecretsError.self) { try sealer.seal(secret(own)) }
        #expect(
            space?.reason
                == "metadata.name 'db ' is not a valid Kubernetes name: it contains a space; Kubernetes allows only lower-case letters, digits and '-' (and '.' in names)"
        )
        let raw = #expect(throws: SealedSecretsError.self) {
            try sealer.sealRaw([1], scope: .strict, name: "db\nx", namespace: "prod")
        }
        #expect(raw?.code == .invalidInput)
    }

    @Test(
        "a SealedSecret whose name or namespace Kubernetes refuses is malformed",
        arguments: [
            "{name: \"db\\nx\", namespace: prod}", "{name: db, namespace: Prod}", "{name: DB, namespace: prod}",
        ])
    func refusesInvalidSealedIdentity(metadata: String) throws {
        let yaml = "apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata: \(metadata)\nspec:\n  encryptedData: {a: AAAA}\n"
        let object = try #require(try objects(yaml).first)
        let error = #expect(throws: SealedSecretsError.self) { try SealedSecretManifest(object) }
        #expect(error?.code == .invalidInput)
    }

    @Test("an unquoted scope annotation is a bool, which Kubernetes refuses; it is not read as strict scope")
    func refusesNonStringAnnotation() throws {
        let plain =
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: prod\n  annotations: {sealedsecrets.bitnami.com/cluster-wide: true}\nstringData: {a: b}\n"
        let error = #expect(throws: SealedSecretsError.self) { try secret(plain) }
        #expect(error?.code == .invalidInput)
        #expect(error?.reason == "'metadata.annotations.sealedsecrets.bitnami.com/cluster-wide' is a bool, not a string; quote it")
        #expect(error?.location?.description == "input.yaml:6:57")
        let sealed =
            "apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: db\n  namespace: prod\n  labels: {tier: 1}\nspec:\n  encryptedData: {a: AAAA}\n"
        let object = try #require(try objects(sealed).first)
        let sealedError = #expect(throws: SealedSecretsError.self) { try SealedSecretManifest(object) }
        #expect(sealedError?.reason == "'metadata.labels.tier' is an int, not a string; quote it")
    }
}
