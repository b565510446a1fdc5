// sealgate · SealedSecrets tests

import Diagnostics
import Foundation
import KubeManifest
import SealedSecrets
import Testing

struct KeySecretTests {
    private var key: SealingKey { TestKeys.current.keys[0] }

    @Test("a key Secret written as YAML or JSON reads back through the key ring as the same key and certificate")
    func roundTrip() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let manifest = try KeySecret(key: key, namespace: "sealed-secrets").manifest()
        let written = [
            ("key-secret.yaml", YAMLEmitter.emit(manifest)),
            ("key-secret.json", try JSONEmitter.emit(manifest, pretty: true)),
        ]
        for (name, text) in written {
            let path = directory.appendingPathComponent(name).path
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            let ring = try KeyRing.load(from: [path])
            #expect(ring.keys.count == 1, "\(name)")
            #expect(ring.keys.first?.privateKey.fingerprint == key.privateKey.fingerprint, "\(name)")
            #expect(try ring.keys.first?.certificate?.pem() == key.certificate?.pem(), "\(name)")
        }
    }

    @Test("the Secret has the controller's type, label and data keys, as in a key Secret the controller wrote")
    func controllerFormat() throws {
        let written = try KeySecret(key: key, namespace: "kube-system", name: "sealed-secrets-key7rp8h").manifest()
        let fixture = try ManifestParser.documents(
            in: try String(contentsOfFile: testdata("keys/bitnami-key-secret.yaml"), encoding: .utf8),
            file: SourceFile(path: "bitnami-key-secret.yaml"))[0].root
        for path: [PathComponent] in [
            ["apiVersion"], ["kind"], ["type"], ["metadata", "name"], ["metadata", "namespace"],
            ["metadata", "labels", "sealedsecrets.bitnami.com/sealed-secrets-key"],
        ] {
            #expect(written.node(at: path)?.string == fixture.node(at: path)?.string, "\(path)")
        }
        #expect(written["type"]?.string == "kubernetes.io/tls")
        #expect(written["metadata"]?["labels"]?["sealedsecrets.bitnami.com/sealed-secrets-key"]?.string == "active")
        #expect(written["data"]?.mapping?.keys == fixture["data"]?.mapping?.keys)
        #expect(written["data"]?.mapping?.keys.sorted() == ["tls.crt", "tls.key"])
        // The key as the controller writes it: PKCS #1 PEM ("RSA PRIVATE KEY"), base64 in `data`.
        let keyPEM = try #require(written["data"]?["tls.key"]?.string.flatMap { Data(base64Encoded: $0) })
        #expect(String(decoding: keyPEM, as: UTF8.self).hasPrefix("-----BEGIN RSA PRIVATE KEY-----\n"))
        let certificatePEM = try #require(written["data"]?["tls.crt"]?.string.flatMap { Data(base64Encoded: $0) })
        #expect(Array(certificatePEM) == (try key.certificate?.pem()))
    }

    @Test("the Secret carries the controller's label and sealgate's, both active, and nothing else")
    func labels() throws {
        let written = try KeySecret(key: key, namespace: "shop").manifest()
        let labels = try #require(written["metadata"]?["labels"]?.mapping)
        #expect(labels.keys == ["sealedsecrets.bitnami.com/sealed-secrets-key", "sealgate.dev/sealing-key"])
        #expect(labels[KeySecret.label]?.string == "active")
        #expect(labels[KeySecret.sealgateLabel]?.string == "active")
        #expect(written["metadata"]?["namespace"]?.string == "shop")
    }

    @Test("the default name is the controller's prefix and five characters of Kubernetes' generateName alphabet")
    func generatedName() throws {
        let names = (0..<20).map { _ in KeySecret.generatedName() }
        for name in names {
            #expect(name.hasPrefix("sealed-secrets-key"))
            let suffix = name.dropFirst("sealed-secrets-key".count)
            #expect(suffix.count == 5)
            #expect(suffix.allSatisfy { "bcdfghjklmnpqrstvwxz2456789".contains($0) }, "\(name)")
        }
        #expect(Set(names).count > 1)
        #expect(try KeySecret(key: key, namespace: "kube-system").name.hasPrefix("sealed-secrets-key"))
    }

    @Test("a key without its certificate cannot become a key Secret: the controller reads both from it")
    func needsCertificate() throws {
        let bare = try SealingKey(privateKey: key.privateKey, certificate: nil)
        let error = #expect(throws: SealedSecretsError.self) { try KeySecret(key: bare, namespace: "kube-system") }
        #expect(error?.code == .badKey)
    }
}
