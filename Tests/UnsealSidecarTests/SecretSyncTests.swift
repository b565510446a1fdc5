// sealgate · UnsealSidecar tests

import Foundation
import SealedSecrets
import Testing
@testable import UnsealSidecar

/// One sync's reading and deciding: what may be decrypted here, and every reason a sync writes nothing.
struct SecretSyncTests {
    @Test("the SealedSecrets of the pod's namespace are decrypted, with their template's literal data")
    func decrypts() async throws {
        let fixture = try SyncFixture()
        try fixture.write("db.yaml", try SyncFixture.sealed("db", values: ["password": "hunter2", "user": "app"]))
        var withTemplate = try SyncFixture.sealed("api", values: ["token": "t0k3n"])
        withTemplate = withTemplate.replacingOccurrences(
            of: "  template:\n", with: "  template:\n    immutable: true\n    data:\n      mode: literal\n")
        try fixture.write("api.yaml", withTemplate)
        let result = await SecretSync.run(fixture.configuration(), previous: [])
        #expect(result.problems.isEmpty, "\(result.problems)")
        #expect(result.secrets.map(\.name) == ["api", "db"])
        #expect(result.secrets[0].values == ["token": Array("t0k3n".utf8), "mode": Array("literal".utf8)])
        #expect(result.secrets[0].immutable)
        #expect(result.secrets[1].values == ["password": Array("hunter2".utf8), "user": Array("app".utf8)])
        #expect(!result.secrets[1].immutable)
        // A description names keys and sizes, never a value.
        #expect(!"\(result.secrets)".contains("hunter2") && "\(result.secrets[1])" == "db: password (7 bytes), user (3 bytes)")
    }

    @Test("the sidecar renders template data as unseal does: the subset is written, a missing key is a notice, the rest a problem")
    func templates() async throws {
        let fixture = try SyncFixture()
        let sealed = try SyncFixture.sealed("api", values: ["token": "t0k3n"])
        try fixture.write(
            "api.yaml",
            sealed.replacingOccurrences(
                of: "  template:\n",
                with: "  template:\n    data:\n      header: \"Bearer {{ .token }}\"\n      typo: \"{{ .tokne }}\"\n"))
        let result = await SecretSync.run(fixture.configuration(), previous: [])
        #expect(result.problems.isEmpty, "\(result.problems)")
        #expect(result.secrets.first?.values["header"] == Array("Bearer t0k3n".utf8))
        #expect(result.secrets.first?.values["typo"] == Array("<no value>".utf8))
        #expect(result.notices.map(\.reason) == [.template] && result.notices.first?.secret == "shop/api")
        #expect(
            result.notices.first?.message.hasPrefix("'spec.template.data.typo' reads 'tokne', which encryptedData does not have") == true)

        try fixture.write(
            "api.yaml",
            sealed.replacingOccurrences(of: "  template:\n", with: "  template:\n    data:\n      header: \"{{ .token | b64enc }}\"\n"))
        let refused = await SecretSync.run(fixture.configuration(), previous: [])
        #expect(refused.secrets.isEmpty && refused.problems.map(\.reason) == [.template])
        #expect(
            refused.problems.first?.message.hasPrefix("'spec.template.data.header': {{ .token | b64enc }} is not one of the actions")
                == true)
        #expect(!"\(refused.problems)".contains("t0k3n"))
    }

    @Test("another namespace's SealedSecret is refused, and nothing of the sync is kept")
    func otherNamespace() async throws {
        let fixture = try SyncFixture()
        try fixture.write("db.yaml", try SyncFixture.sealed("db", values: ["password": "x"]))
        try fixture.write("billing.yaml", try SyncFixture.sealed("ledger", namespace: "billing", values: ["key": "y"]))
        let result = await SecretSync.run(fixture.configuration(), previous: [])
        #expect(result.secrets.isEmpty)
        #expect(result.problems.map(\.reason) == [.namespace])
        #expect(result.problems.first?.secret == "billing/ledger")
        #expect(result.problems.first?.description.contains("--select") == true)
        // --select leaves it out, and the rest is written.
        var configuration = fixture.configuration()
        configuration.selection = ["db"]
        #expect(await SecretSync.run(configuration, previous: []).secrets.map(\.name) == ["db"])
    }

    @Test("a SealedSecret without a namespace is the pod's")
    func noNamespace() async throws {
        let fixture = try SyncFixture()
        try fixture.write("db.yaml", try SyncFixture.sealed("db", namespace: nil, values: ["password": "x"]))
        let result = await SecretSync.run(fixture.configuration(), previous: [])
        #expect(result.problems.isEmpty, "\(result.problems)")
        #expect(result.secrets.map(\.name) == ["db"])
    }

    @Test("a cluster-wide SealedSecret is refused unless allowed")
    func clusterWide() async throws {
        let fixture = try SyncFixture()
        try fixture.write("db.yaml", try SyncFixture.sealed("db", values: ["password": "x"], scope: .clusterWide))
        #expect(await SecretSync.run(fixture.configuration(), previous: []).problems.map(\.reason) == [.clusterWide])
        var configuration = fixture.configuration()
        configuration.allowClusterWide = true
        #expect(await SecretSync.run(configuration, previous: []).secrets.map(\.name) == ["db"])
    }

    @Test("a wrong key is a decryption problem per value, naming the key and never the value")
    func wrongKey() async throws {
        let fixture = try SyncFixture()
        try fixture.write("db.yaml", try SyncFixture.sealed("db", values: ["password": "hunter2"]))
        let result = await SecretSync.run(fixture.configuration(keys: SyncFixture.otherKeys), previous: [])
        #expect(result.secrets.isEmpty)
        #expect(result.problems.map(\.reason) == [.decrypt] && result.problems.allSatisfy(\.isDecryption))
        #expect(result.problems.first?.key == "password" && result.problems.first?.location?.line ?? 0 > 0)
        #expect(!"\(result.problems)".contains("hunter2"))
    }

    @Test("an input that does not parse, a missing selection, a name twice and missing keys are problems")
    func inputProblems() async throws {
        let fixture = try SyncFixture()
        try fixture.write("db.yaml", try SyncFixture.sealed("db", values: ["password": "x"]))
        try fixture.write("copy.yaml", try SyncFixture.sealed("db", values: ["password": "y"]))
        try fixture.write("broken.yaml", "a: [unclosed\n")
        var configuration = fixture.configuration()
        configuration.selection = ["db", "absent"]
        let result = await SecretSync.run(configuration, previous: [])
        #expect(Set(result.problems.map(\.reason)) == [.input, .duplicate, .selection])
        #expect(result.problems.first { $0.reason == .input }?.location?.file.path.hasSuffix("broken.yaml") == true)
        let noKeys = await SecretSync.run(fixture.configuration(keys: fixture.root.appendingPathComponent("none").path), previous: [])
        #expect(noKeys.problems.map(\.reason) == [.keys] && noKeys.keys == nil)
    }

    @Test("an immutable secret whose values changed is refused; unchanged, it passes")
    func immutable() async throws {
        let fixture = try SyncFixture()
        try fixture.write("db.yaml", try SyncFixture.sealed("db", values: ["password": "new"]))
        let before = UnsealedSecret(name: "db", values: ["password": Array("old".utf8)], immutable: true)
        #expect(await SecretSync.run(fixture.configuration(), previous: [before]).problems.map(\.reason) == [.immutable])
        let same = UnsealedSecret(name: "db", values: ["password": Array("new".utf8)], immutable: false)
        #expect(await SecretSync.run(fixture.configuration(), previous: [same]).problems.isEmpty)
    }

    @Test("inputs and keys are read through kubelet's ..data as one version")
    func throughData() throws {
        let fixture = try SyncFixture()
        let volume = fixture.root.appendingPathComponent("volume")
        let version = volume.appendingPathComponent("..2026_12_06_10_00_00.1")
        try FileManager.default.createDirectory(at: version, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: volume.appendingPathComponent("..data").path, withDestinationPath: version.lastPathComponent)
        #expect(MountedDirectory.consistentView(of: volume.path) == version.path)
        #expect(MountedDirectory.consistentView(of: fixture.inputs) == fixture.inputs)
    }

    @Test("the watcher watches each directory below a path, and the directory of each link on the way")
    func watchedDirectories() throws {
        let fixture = try SyncFixture()
        let nested = fixture.root.appendingPathComponent("inputs/team/apps")
        try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            at: fixture.root.appendingPathComponent("inputs/..2026_x"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: fixture.root.appendingPathComponent("link").path,
            withDestinationPath: fixture.root.appendingPathComponent("inputs").path)
        let directories = ChangeWatcher.directories(for: [fixture.root.appendingPathComponent("link/team/apps").path, fixture.inputs])
        #expect(directories.contains(fixture.root.path))  // where `link` is
        #expect(directories.contains(fixture.inputs) && directories.contains(nested.path))
        #expect(!directories.contains { $0.hasSuffix("..2026_x") })
    }

    @Test("verify answers per value and refuses another namespace, without a value")
    func verify() throws {
        let fixture = try SyncFixture()
        let keys = try SidecarKeys(ring: KeyRing.load(from: [SyncFixture.currentKeys]))
        let good = Array(try SyncFixture.sealed("db", values: ["password": "hunter2"]).utf8)
        let report = SealedSecretVerification.verify(good, keys: keys, configuration: fixture.configuration())
        #expect(report.opens && report.values == [.init(secret: "shop/db", key: "password", problem: nil)])
        let other = Array(try SyncFixture.sealed("db", namespace: "billing", values: ["password": "hunter2"]).utf8)
        let refused = SealedSecretVerification.verify(other, keys: keys, configuration: fixture.configuration())
        #expect(!refused.opens && refused.problems.count == 1 && refused.values.isEmpty)
        let wrong = SealedSecretVerification.verify(
            good, keys: try SidecarKeys(ring: KeyRing.load(from: [SyncFixture.otherKeys])), configuration: fixture.configuration())
        #expect(!wrong.opens && wrong.values.first?.problem != nil && !"\(wrong)".contains("hunter2"))
        #expect(!SealedSecretVerification.verify(Array("a: [".utf8), keys: keys, configuration: fixture.configuration()).opens)
    }
}
