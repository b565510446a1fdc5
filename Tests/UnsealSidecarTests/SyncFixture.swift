// sealgate · UnsealSidecar tests

import Diagnostics
import Foundation
import KubeManifest
import SealedSecrets
@testable import UnsealSidecar

/// A temporary directory with the repository's test keys and SealedSecrets sealed with them, for syncs.
final class SyncFixture {
    /// The repository's top folder, found from this file's path.
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    /// The test key that seals (testdata/keys/current), and one that opens nothing sealed here.
    static let currentKeys = repositoryRoot.appendingPathComponent("testdata/keys/current").path
    static let otherKeys = repositoryRoot.appendingPathComponent("testdata/keys/old").path

    let root: URL
    var inputs: String { root.appendingPathComponent("inputs").path }
    var output: String { root.appendingPathComponent("out").path }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("sealgate-sync-\(UUID().uuidString)").resolvingSymlinksInPath()
        try FileManager.default.createDirectory(atPath: root.appendingPathComponent("inputs").path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
    }

    /// The configuration for namespace `shop` reading ``inputs`` with the current key.
    func configuration(keys: String = SyncFixture.currentKeys, namespace: String = "shop") -> SidecarConfiguration {
        SidecarConfiguration(inputs: [inputs], keys: [keys], output: output, namespace: namespace)
    }

    /// The YAML of a SealedSecret sealed with the current key.
    static func sealed(_ name: String, namespace: String? = "shop", values: [String: String], scope: SealingScope? = nil) throws -> String {
        let data = values.sorted { $0.key < $1.key }.map { "  \($0.key): '\($0.value)'" }.joined(separator: "\n")
        let annotations =
            scope == .clusterWide ? "\n  annotations:\n    sealedsecrets.bitnami.com/cluster-wide: \"true\"" : ""
        let text =
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: \(name)\n  namespace: \(namespace ?? "shop")\(annotations)\nstringData:\n\(data)\n"
        let object = try require(
            KubeObject.objects(in: try ManifestParser.documents(in: text, file: SourceFile(path: "secret.yaml"))[0]).objects.first,
            "the Secret")
        let pem = try Data(contentsOf: URL(fileURLWithPath: currentKeys + "/tls.crt"))
        let sealer = Sealer(certificate: try Certificate(pem: Array(pem), source: "tls.crt"))
        var sealed = try sealer.seal(try SecretManifest(object), options: Sealer.Options(scope: scope))
        if namespace == nil { sealed.namespace = nil }
        return YAMLEmitter.emit(sealed.node())
    }

    /// Writes `text` to `name` under ``inputs``.
    func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: inputs).appendingPathComponent(name))
    }
}

/// `#require` outside a test, for the fixture's own steps.
func require<T>(_ value: T?, _ what: String = "a value") throws -> T {
    guard let value else { throw FixtureError("missing \(what)") }
    return value
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
