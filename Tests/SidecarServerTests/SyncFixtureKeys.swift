// sealgate · SidecarServer tests

import Diagnostics
import Foundation
import KubeManifest
import SealedSecrets

/// The repository's test keys, and a SealedSecret sealed with the current one.
enum SyncFixtureKeys {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    /// The key that seals (testdata/keys/current), and one that opens nothing sealed here.
    static let current = repositoryRoot.appendingPathComponent("testdata/keys/current").path
    static let other = repositoryRoot.appendingPathComponent("testdata/keys/old").path

    /// `shop/db` with `password: hunter2`, sealed with the current key.
    static let sealedDB: String = {
        let text = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: shop\nstringData:\n  password: hunter2\n"
        do {
            let documents = try ManifestParser.documents(in: text, file: SourceFile(path: "secret.yaml"))
            guard let object = KubeObject.objects(in: documents[0]).objects.first else { return "" }
            let pem = try Data(contentsOf: URL(fileURLWithPath: current + "/tls.crt"))
            let sealer = Sealer(certificate: try Certificate(pem: Array(pem), source: "tls.crt"))
            return YAMLEmitter.emit(try sealer.seal(try SecretManifest(object)).node())
        } catch {
            return "sealing failed: \(error)"
        }
    }()
}
