// sealgate · SealedSecrets tests

import Diagnostics
import Foundation
import KubeManifest
@testable import SealedSecrets

/// The repository's top folder.
let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func testdata(_ path: String) -> String {
    repositoryRoot.appendingPathComponent("testdata").appendingPathComponent(path).path
}

/// The test-only keys under testdata/keys (RSA 2048: fast enough for many tests).
enum TestKeys {
    static let current: KeyRing = try! KeyRing.load(from: [testdata("keys/current")])
    static let old: KeyRing = try! KeyRing.load(from: [testdata("keys/old")])
    static let both: KeyRing = KeyRing(keys: current.keys + old.keys)
    static var currentCertificate: Certificate { current.keys[0].certificate! }
    static var oldCertificate: Certificate { old.keys[0].certificate! }
}

/// The objects of a YAML text.
func objects(_ yaml: String, name: String = "input.yaml") throws -> [KubeObject] {
    try ManifestParser.documents(in: yaml, file: SourceFile(path: name)).flatMap { KubeObject.objects(in: $0).objects }
}

func secret(_ yaml: String) throws -> SecretManifest {
    try SecretManifest(objects(yaml)[0])
}

/// Seals `yaml`'s Secret to the current test key and reads the result back, as a file round trip would.
func sealAndReload(_ yaml: String, options: Sealer.Options = .init()) throws -> SealedSecretManifest {
    let sealed = try Sealer(certificate: TestKeys.currentCertificate).seal(secret(yaml), options: options)
    return try SealedSecretManifest(objects(YAMLEmitter.emit(sealed.node()), name: "sealed.yaml")[0])
}

func makeTemporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("sealgate-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

let sampleSecret = """
    apiVersion: v1
    kind: Secret
    metadata:
      name: db
      namespace: shop
      labels: {app: shop}
      annotations:
        team: payments
        kubectl.kubernetes.io/last-applied-configuration: '{"data":{"password":"c2VjcmV0"}}'
      uid: 5f1c
      resourceVersion: "42"
    type: kubernetes.io/basic-auth
    immutable: true
    data:
      username: YWRtaW4=
      password: b2xk
    stringData:
      password: new-password
      note: plain text
    """
