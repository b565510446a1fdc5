// sealgate · CLI tests

import Foundation
import Testing

/// A loopback HTTPS server that plays the API server's service proxy (Tests/Fixtures/http/fake-apiserver.py),
/// and a kubeconfig whose context `fake` reaches it with a token; the default context `dead` reaches nothing.
/// The fixture key's certificate is both the server's TLS certificate and the controller's sealing one.
private final class FakeAPIServer {
    let process = Process()
    let lifeline = Pipe()  // the server exits when this closes
    let directory: URL
    let kubeconfig: String

    init() throws {
        directory = try CLI.scratchDirectory()
        let keys = CLI.repositoryRoot.appendingPathComponent("testdata/keys/current")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", CLI.repositoryRoot.appendingPathComponent("Tests/Fixtures/http/fake-apiserver.py").path,
            keys.appendingPathComponent("tls.crt").path, keys.appendingPathComponent("tls.key").path,
        ]
        let portPipe = Pipe()
        process.standardOutput = portPipe
        process.standardInput = lifeline
        try process.run()
        var portText = ""
        while !portText.hasSuffix("\n") {
            let byte = portPipe.fileHandleForReading.readData(ofLength: 1)
            guard !byte.isEmpty else { break }
            portText += String(decoding: byte, as: UTF8.self)
        }
        let port = portText.trimmingCharacters(in: .whitespacesAndNewlines)
        kubeconfig = directory.appendingPathComponent("kubeconfig").path
        try """
        apiVersion: v1
        kind: Config
        clusters:
        - name: fake
          cluster: {server: "https://127.0.0.1:\(port)", insecure-skip-tls-verify: true}
        - name: dead
          cluster: {server: "https://127.0.0.1:1", insecure-skip-tls-verify: true}
        users:
        - name: tester
          user: {token: test-token}
        contexts:
        - name: fake
          context: {cluster: fake, user: tester}
        - name: dead
          context: {cluster: dead, user: tester}
        current-context: dead
        """.write(toFile: kubeconfig, atomically: true, encoding: .utf8)
    }

    /// Runs `sealgate arguments…` with HOME in the scratch directory (kubectl reads and writes under it).
    func run(_ arguments: [String], stdin: String = "", environment: [String: String] = [:]) throws -> CLIResult {
        try CLI.run(arguments, stdin: Array(stdin.utf8), environment: ["HOME": directory.path].merging(environment) { $1 })
    }

    /// `cert` against the fake server's context, with `extra` flags.
    func cert(_ extra: [String]) throws -> CLIResult {
        try run(["cert", "--kubeconfig", kubeconfig, "--context", "fake"] + extra)
    }

    deinit {
        try? lifeline.fileHandleForWriting.close()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }
}

private let hasTools =
    ExternalTool.onPath("kubectl") && ExternalTool.onPath("python3")

/// Whether a program is on this machine's PATH.
private enum ExternalTool {
    static func onPath(_ name: String) -> Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/\(name)")
        }
    }
}

/// `cert --fetch` and `seal --fetch`: the controller's certificate through the real kubectl.
@Suite(.enabled(if: hasTools, "needs kubectl and python3 on PATH (scripts/install-test-deps.sh installs them)"))
struct ControllerCertificateTests {
    static let certificate = "testdata/keys/current/tls.crt"
    static let remedy =
        "check --controller-namespace and --controller-name (the controller's Service), and that kubectl reaches the cluster (--context, --kubeconfig)\n"

    @Test("cert --fetch prints the controller's certificate, asked for with the kubeconfig's token and the given context")
    func fetch() throws {
        let server = try FakeAPIServer()
        let result = try server.cert(["--fetch"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout == (try String(contentsOf: CLI.repositoryRoot.appendingPathComponent(Self.certificate), encoding: .utf8)))
        #expect(result.stderr.isEmpty)
        // kubeseal's environment variables name the controller when no flag does.
        let fromEnvironment = try server.run(
            ["cert", "--kubeconfig", server.kubeconfig, "--context", "fake"],
            environment: ["SEALED_SECRETS_CONTROLLER_NAMESPACE": "kube-system", "SEALED_SECRETS_CONTROLLER_NAME": "other"])
        #expect(fromEnvironment.stderr.contains(#"services "other" not found"#))
    }

    @Test("seal and reencrypt with --fetch seal to the controller's certificate; its key opens the result")
    func seal() throws {
        let server = try FakeAPIServer()
        let sealed = try server.run(
            ["seal", "--controller-namespace", "kube-system", "--kubeconfig", server.kubeconfig, "--context", "fake"],
            stdin: SealCommandTests.secret)
        #expect(sealed.exitCode == 0, "\(sealed.stderr)")
        let opened = try CLI.run(["unseal", "--key", SealCommandTests.key], stdin: Array(sealed.stdout.utf8))
        #expect(opened.stdout.contains("password: aHVudGVyMg=="))
        // reencrypt takes the same flags: values sealed to an old key move to the controller's.
        let old = try CLI.run(["seal", "--cert", "testdata/keys/old/tls.crt"], stdin: Array(SealCommandTests.secret.utf8))
        let moved = try server.run(
            ["reencrypt", "--key", "testdata/keys/old", "--fetch", "--kubeconfig", server.kubeconfig, "--context", "fake"],
            stdin: old.stdout)
        #expect(moved.exitCode == 0, "\(moved.stderr)")
        #expect(try CLI.run(["verify", "--key", SealCommandTests.key], stdin: Array(moved.stdout.utf8)).exitCode == 0)
    }

    @Test("kubectl's failure is summarized from its standard error: a missing Service, a cluster it cannot reach")
    func kubectlFails() throws {
        let server = try FakeAPIServer()
        let missing = try server.cert(["--controller-name", "other"])
        #expect(missing.exitCode == 2)
        #expect(
            missing.stderr
                == #"service kube-system/other: error: kubectl failed (exit 1): Error from server (NotFound): services "other" not found; "#
                + Self.remedy)
        // Without --context, the kubeconfig's current context points at a port where nothing listens.
        let unreachable = try server.run(["cert", "--fetch", "--kubeconfig", server.kubeconfig])
        #expect(unreachable.exitCode == 2)
        #expect(unreachable.stderr.hasPrefix("service kube-system/sealed-secrets-controller: error: kubectl failed (exit 1): "))
        #expect(unreachable.stderr.contains("127.0.0.1:1"))
    }

    @Test("an answer that is not a certificate, or larger than 1 MiB, is refused")
    func badAnswers() throws {
        let server = try FakeAPIServer()
        let garbage = try server.cert(["--controller-namespace", "garbage"])
        #expect(garbage.exitCode == 2)
        #expect(
            garbage.stderr
                == "service garbage/sealed-secrets-controller: error: the controller answered 31 bytes that hold no PEM certificate; check that --controller-namespace and --controller-name name the sealed-secrets controller's Service\n"
        )
        #expect(garbage.stdout.isEmpty)
        let huge = try server.cert(["--controller-namespace", "huge"])
        #expect(huge.exitCode == 2)
        #expect(
            huge.stderr == "service huge/sealed-secrets-controller: error: the answer is larger than 1 MiB, which no certificate is; "
                + Self.remedy)
    }

    @Test("a controller that never answers is given up at --request-timeout")
    func timeout() throws {
        let server = try FakeAPIServer()
        let started = Date()
        let slow = try server.cert(["--controller-namespace", "slow", "--request-timeout", "1s"])
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(slow.exitCode == 2)
        #expect(
            slow.stderr
                == "service slow/sealed-secrets-controller: error: kubectl did not finish within 1s; check that kubectl reaches the cluster ('kubectl get --raw /readyz'), or raise --request-timeout\n"
        )
    }

    @Test("without kubectl on PATH, the error names it and the way around it")
    func noKubectl() throws {
        let empty = try CLI.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: empty) }
        let result = try CLI.run(["cert", "--fetch"], environment: ["PATH": empty.path])
        #expect(result.exitCode == 2)
        #expect(
            result.stderr
                == "service kube-system/sealed-secrets-controller: error: --fetch needs kubectl, and it is not on PATH; install kubectl (sealgate reaches the cluster through it, with your kubeconfig), or pass the certificate with --cert FILE\n"
        )
    }

}

/// The cluster flags are checked before kubectl runs.
struct ControllerFlagTests {
    @Test(
        "a missing or doubled certificate source, a name that is no Kubernetes name, an empty flag: usage errors",
        arguments: [
            (["cert"], "error: pass --key with the private key(s), or --fetch to get the certificate from the cluster's controller"),
            (["cert", "--fetch", "--key", "k"], "error: --key and --fetch are two sources of the certificate; pass one"),
            (["seal", "--cert", "c", "--context", "x"], "error: --cert and --context are two sources of the certificate; pass one"),
            (
                ["cert", "--controller-name", "../nodes"],
                "error: --controller-name '../nodes' is not a Kubernetes name: it contains '.'; Kubernetes allows only lower-case letters, digits and '-' (and '.' in names)"
            ),
            (["cert", "--fetch", "--kubeconfig", ""], "error: --kubeconfig is empty; name a file or leave the flag out"),
        ])
    func usage(arguments: [String], message: String) throws {
        let result = try CLI.run(arguments)
        #expect(result.exitCode == 2)
        #expect(result.stderr.hasPrefix(message + "\n"), "\(result.stderr)")
    }
}

/// A stand-in kubectl (a shell script first on PATH) that misbehaves as a stuck auth plugin or a wedged
/// process can: the run still ends, bounded by --request-timeout and a few seconds of grace.
struct StuckKubectlTests {
    private func run(kubectl script: String, timeout: String) throws -> (CLIResult, TimeInterval) {
        let directory = try CLI.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let kubectl = directory.appendingPathComponent("kubectl")
        try ("#!/bin/sh\n" + script + "\n").write(to: kubectl, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: kubectl.path)
        let started = Date()
        let result = try CLI.run(
            ["cert", "--fetch", "--request-timeout", timeout], environment: ["PATH": "\(directory.path):/usr/bin:/bin"])
        return (result, Date().timeIntervalSince(started))
    }

    @Test("a kubectl that ignores SIGTERM is killed, and its child holding the pipes open does not hold the run")
    func ignoresTerm() throws {
        let (result, seconds) = try run(kubectl: "trap '' TERM; sleep 15", timeout: "1s")
        #expect(result.exitCode == 2)
        #expect(result.stderr.contains("kubectl did not finish within 1s"))
        #expect(seconds < 10, "took \(seconds) s")  // 1 s, 2 s of grace after SIGTERM, then the pipes' 1 s each
    }

    @Test("a kubectl that fails while a child it started keeps standard error open reports at once")
    func straggler() throws {
        let (result, seconds) = try run(kubectl: "echo 'error: exec plugin: token expired' >&2; sleep 15 & exit 1", timeout: "30s")
        #expect(result.exitCode == 2)
        #expect(result.stderr.contains("kubectl failed (exit 1): error: exec plugin: token expired; "))
        #expect(seconds < 8, "took \(seconds) s")  // about 2 s: the pipes' grace
    }
}
