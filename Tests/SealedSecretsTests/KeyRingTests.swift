// sealgate · SealedSecrets tests

import Foundation
import KubeManifest
import Testing
@testable import SealedSecrets

struct KeyRingTests {
    @Test("a key directory, a PEM key file, Bitnami's key Secret and its List backup all load the same key")
    func forms() throws {
        let fingerprint = TestKeys.current.keys[0].privateKey.fingerprint
        for source in ["keys/current", "keys/current/tls.key", "keys/bitnami-key-secret.yaml"] {
            let ring = try KeyRing.load(from: [testdata(source)])
            #expect(ring.keys.count == 1, "\(source)")
            #expect(ring.keys[0].privateKey.fingerprint == fingerprint, "\(source)")
        }
        #expect(try KeyRing.load(from: [testdata("keys/current")]).keys[0].certificate != nil)
        #expect(try KeyRing.load(from: [testdata("keys/bitnami-key-secret.yaml")]).keys[0].certificate != nil)
    }

    @Test("the List backup holds both keys, and the newest certificate seals now")
    func backupList() throws {
        let ring = try KeyRing.load(from: [testdata("keys/bitnami-key-backup-list.yaml")])
        #expect(ring.keys.count == 2)
        #expect(ring.current?.privateKey.fingerprint == TestKeys.current.keys[0].privateKey.fingerprint)
        #expect(ring.current?.certificate?.subject.contains("CN=sealgate-test-current") == true)
        #expect(ring.keys[1].privateKey.fingerprint == TestKeys.old.keys[0].privateKey.fingerprint)
    }

    /// The labels block of a key Secret: Bitnami's, sealgate's, both, a compromised Bitnami key, or none.
    static let labelBlocks = [
        "  labels:\n    sealedsecrets.bitnami.com/sealed-secrets-key: active\n",
        "  labels:\n    sealgate.dev/sealing-key: active\n",
        "  labels:\n    sealedsecrets.bitnami.com/sealed-secrets-key: active\n    sealgate.dev/sealing-key: active\n",
        "  labels:\n    sealedsecrets.bitnami.com/sealed-secrets-key: compromised\n",
        "",
    ]

    @Test("a key Secret is read whichever label it carries, or none", arguments: labelBlocks)
    func keySecretLabels(labels: String) throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let fixture = try String(contentsOfFile: testdata("keys/bitnami-key-secret.yaml"), encoding: .utf8)
        let bitnamiLabels = "  labels:\n    sealedsecrets.bitnami.com/sealed-secrets-key: active\n"
        try #require(fixture.contains(bitnamiLabels))
        let path = directory.appendingPathComponent("key.yaml").path
        try Data(fixture.replacingOccurrences(of: bitnamiLabels, with: labels).utf8).write(to: URL(fileURLWithPath: path))
        let ring = try KeyRing.load(from: [path])
        #expect(ring.keys.map(\.privateKey.fingerprint) == [TestKeys.current.keys[0].privateKey.fingerprint])
        #expect(ring.current?.certificate != nil)
    }

    @Test("the List that 'kubectl get secret -l sealgate.dev/sealing-key' writes holds every namespace's key")
    func sidecarKeyList() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let items = try [("shop", TestKeys.current), ("billing", TestKeys.old)].map { namespace, ring in
            try KeySecret(key: ring.keys[0], namespace: namespace).manifest()
        }
        let list = Node(.object([("apiVersion", .string("v1")), ("kind", .string("List")), ("items", .list(items))]))
        let path = directory.appendingPathComponent("sidecar-keys.yaml").path
        try Data(YAMLEmitter.emit(list).utf8).write(to: URL(fileURLWithPath: path))
        let ring = try KeyRing.load(from: [path])
        #expect(
            Set(ring.keys.map(\.privateKey.fingerprint))
                == [TestKeys.current.keys[0].privateKey.fingerprint, TestKeys.old.keys[0].privateKey.fingerprint])
    }

    @Test("the same key found twice is kept once")
    func deduplicate() throws {
        let ring = try KeyRing.load(from: [
            testdata("keys/current"), testdata("keys/bitnami-key-secret.yaml"), testdata("keys/current/tls.key"),
        ])
        #expect(ring.keys.count == 1)
    }

    @Test("a certificate of another key beside a private key is refused")
    func mismatch() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.copyItem(atPath: testdata("keys/current/tls.key"), toPath: directory.appendingPathComponent("tls.key").path)
        try FileManager.default.copyItem(atPath: testdata("keys/old/tls.crt"), toPath: directory.appendingPathComponent("tls.crt").path)
        let error = #expect(throws: SealedSecretsError.self) { try KeyRing.load(from: [directory.path]) }
        #expect(error?.code == .keyMismatch)
    }

    @Test("a path with no private key, or no path at all, is a clear error")
    func noKeys() throws {
        let empty = #expect(throws: SealedSecretsError.self) { try KeyRing.load(from: [testdata("keys/ec-p256.crt")]) }
        #expect(empty?.code == .noKeys)
        let missing = #expect(throws: SealedSecretsError.self) { try KeyRing.load(from: [testdata("keys/nothing-here")]) }
        #expect(missing?.reason == "no such file or directory; check the path")
    }

    @Test("a passphrase-protected key is refused with the fix, never prompted for")
    func encryptedKeys() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // Traditional PEM marks encryption in a header; PKCS#8 in its label. Either would make OpenSSL ask for
        // a passphrase on the terminal, which hangs CI.
        let traditional = """
            -----BEGIN RSA PRIVATE KEY-----
            Proc-Type: 4,ENCRYPTED
            DEK-Info: AES-256-CBC,9F0E7C1D2B3A4958A6B7C8D9E0F1A2B3

            q3vZ0n8Yb5m2Hc9rT1xW4eK7uJ6pL0sD3fG5hJ8kM2nB4vC6xZ9aQ1wE3rT5yU7i
            -----END RSA PRIVATE KEY-----

            """
        let pkcs8 =
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIBvTBXBgkqhkiG9w0BBQ0wSjApBgkqhkiG9w0BBQwwHAQI\n-----END ENCRYPTED PRIVATE KEY-----\n"
        for (name, pem) in [("traditional.key", traditional), ("pkcs8.key", pkcs8)] {
            let path = directory.appendingPathComponent(name).path
            try Data(pem.utf8).write(to: URL(fileURLWithPath: path))
            let error = #expect(throws: SealedSecretsError.self) { try KeyRing.load(from: [path]) }
            #expect(error?.code == .badKey)
            #expect(error?.location?.description == path)
            #expect(error?.reason.hasPrefix("the private key is encrypted with a passphrase; decrypt it first") == true)
        }
    }

    @Test("a key manifest that does not parse is refused at its line")
    func unparsableManifest() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("keys.yaml").path
        try Data("apiVersion: v1\nkind: Secret\ndata:\n  tls.key: a\n  tls.key: b\n".utf8).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: SealedSecretsError.self) { try KeyRing.load(from: [path]) }
        #expect(error?.description == "\(path):5:3: error: duplicate key 'tls.key' (first defined at line 4); remove one of them")
    }

    @Test("a private key file others can read gets a warning; a 0600 one does not")
    func permissions() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("tls.key").path
        try FileManager.default.copyItem(atPath: testdata("keys/current/tls.key"), toPath: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        let open = try KeyRing.load(from: [path])
        #expect(
            open.warnings == ["\(path): warning: this private key file can be read by group or others (mode 644); run 'chmod 600 \(path)'"])
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        #expect(try KeyRing.load(from: [path]).warnings.isEmpty)
    }

    @Test("generated keys are RSA with a self-signed certificate for the requested days, written as PKCS#1 PEM")
    func generate() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let key = try SealingKey.generate(bits: 2048, days: 30, commonName: "unit-test", now: now)
        let certificate = try #require(key.certificate)
        #expect(certificate.publicKey.bits == 2048)
        #expect(certificate.subject == "CN=unit-test, O=sealgate")
        #expect(certificate.notBefore == now)
        #expect(certificate.notAfter == now.addingTimeInterval(30 * 86_400))
        let pem = String(decoding: try key.privateKey.pkcs1PEM(), as: UTF8.self)
        #expect(pem.hasPrefix("-----BEGIN RSA PRIVATE KEY-----"))
        #expect(throws: SealedSecretsError.self) { try SealingKey.generate(bits: 1024) }
    }

    @Test("a certificate that is expired, not yet valid, not RSA or under 2048 bits cannot seal")
    func certificateChecks() throws {
        let expired = try #require(SealingKey.generate(bits: 2048, days: 1, now: Date(timeIntervalSinceNow: -10 * 86_400)).certificate)
        let expiredError = #expect(throws: SealedSecretsError.self) { try expired.validateForSealing(source: "old.crt") }
        #expect(expiredError?.reason.hasPrefix("the certificate expired on ") == true)
        let future = try #require(SealingKey.generate(bits: 2048, days: 10, now: Date(timeIntervalSinceNow: 5 * 86_400)).certificate)
        #expect(throws: SealedSecretsError.self) { try future.validateForSealing(source: "future.crt") }
        for (file, message) in [
            ("keys/ec-p256.crt", "the certificate's key is not RSA; sealed secrets need an RSA key"),
            (
                "keys/rsa-1024.crt",
                "the certificate's RSA key has 1024 bits, under the 2048-bit minimum; generate a new key with 'sealgate keygen'"
            ),
        ] {
            let certificate = try Certificate(pem: Array(try Data(contentsOf: URL(fileURLWithPath: testdata(file)))), source: file)
            let error = #expect(throws: SealedSecretsError.self) { try certificate.validateForSealing(source: file) }
            #expect(error?.reason == message)
        }
        #expect(throws: SealedSecretsError.self) { try Certificate(pem: Array("not a certificate".utf8), source: "x") }
        try TestKeys.currentCertificate.validateForSealing(source: "current")
    }

    @Test("a key file finds its certificate beside it by name: tls.key -> tls.crt, prod.pem -> prod.crt")
    func certificateBesideKey() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let key = directory.appendingPathComponent("prod.pem").path
        try FileManager.default.copyItem(atPath: testdata("keys/current/tls.key"), toPath: key)
        #expect(try KeyRing.load(from: [key]).current == nil)
        try FileManager.default.copyItem(
            atPath: testdata("keys/current/tls.crt"), toPath: directory.appendingPathComponent("prod.crt").path)
        #expect(try KeyRing.load(from: [key]).current?.certificate?.subject.contains("CN=sealgate-test-current") == true)
        #expect(KeyRing.certificatePath(besideKey: "keys/tls.key") == "keys/tls.crt")
        #expect(KeyRing.certificatePath(besideKey: "tls.key") == "tls.crt")
        #expect(KeyRing.certificatePath(besideKey: "keys/key-secret.yaml") == nil)
        #expect(KeyRing.certificatePath(besideKey: directory.path) == nil)
    }

    @Test("a device is not read as a key file")
    func device() {
        #expect(throws: SealedSecretsError.self) { try KeyRing.load(from: ["/dev/zero"]) }
    }
}
