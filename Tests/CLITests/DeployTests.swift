// sealgate · CLI tests

import Foundation
import Testing

/// deploy/: the sidecar's kustomize Component and the example that uses it, rendered as kubectl renders
/// them, valid against Kubernetes' own schemas, and clean under sealgate's whole built-in pack.
struct DeployTests {
    static let example = CLI.repositoryRoot.appendingPathComponent("deploy/example").path

    /// `kubectl kustomize deploy/example`, or nil where kubectl is not installed.
    static func rendered() throws -> String? {
        let which = try CLI.run(["sh", "-c", "command -v kubectl"], executable: URL(fileURLWithPath: "/usr/bin/env"))
        guard which.exitCode == 0 else { return nil }
        let result = try CLI.run(["kubectl", "kustomize", example], executable: URL(fileURLWithPath: "/usr/bin/env"))
        guard result.exitCode == 0 else { throw CLIRunnerError("kubectl kustomize failed: \(result.stderr)") }
        return result.stdout
    }

    @Test("the rendered example passes kubernetes-validate --strict and sealgate check with the whole pack")
    func renderedExample() throws {
        guard let yaml = try Self.rendered() else { return }
        let file = try CLI.scratchDirectory().appendingPathComponent("example.yaml")
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        try Data(yaml.utf8).write(to: file)

        let validated = try CLI.run(["kubernetes-validate", "--strict", file.path], executable: URL(fileURLWithPath: "/usr/bin/env"))
        #expect(validated.exitCode == 0, "\(validated.stdout)\(validated.stderr)")
        let checked = try CLI.run(["check", file.path])
        #expect(checked.exitCode == 0 && checked.stdout.hasPrefix("no problems found"), "\(checked.stdout)\(checked.stderr)")

        // The Component made the Deployment's pod what the docs say: a native sidecar with a startup probe,
        // hardened, the memory volume, and the application reading it.
        #expect(yaml.contains("restartPolicy: Always") && yaml.contains("startupProbe:") && yaml.contains("path: /readyz"))
        #expect(yaml.contains("medium: Memory") && yaml.contains("automountServiceAccountToken: false"))
        #expect(yaml.contains("readOnlyRootFilesystem: true") && yaml.contains("- --namespace=$(POD_NAMESPACE)"))
        // The image's sidecar binary, which the Containerfile installs.
        #expect(yaml.contains("- /usr/local/bin/sealgate-sidecar"))
        let containerfile = try String(contentsOf: CLI.repositoryRoot.appendingPathComponent("Containerfile"), encoding: .utf8)
        #expect(containerfile.contains("/usr/local/bin/sealgate-sidecar"))
    }

    @Test("the example's sealed files open with the test key as the sidecar opens them")
    func exampleSealedFilesOpen() throws {
        let root = try CLI.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try CLI.run([
            "sidecar", "--input", Self.example + "/sealed", "--keys", "testdata/keys/current", "--output", root.path, "--namespace", "shop",
            "--once",
        ])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { !$0.hasPrefix("..") }.sorted()
        #expect(names == ["api-token", "db-credentials"])
    }

    @Test("the Containerfile's runtime stage installs every shared library the binary needs (ldd)")
    func runtimeLibraries() throws {
        let script = CLI.repositoryRoot.appendingPathComponent("scripts/check-runtime-libraries.sh").path
        let result = try CLI.run([script, CLI.binary.path], executable: URL(fileURLWithPath: "/bin/bash"))
        #expect(result.exitCode == 0, "\(result.stdout)\(result.stderr)")
        // It looked at the libraries sealgate links against directly.
        for library in ["libssl.so.3: libssl3", "libyaml-0.so.2: libyaml-0-2", "libgit2.so.1.5: libgit2-1.5"] {
            #expect(result.stdout.contains(library), "\(result.stdout)")
        }
    }
}
