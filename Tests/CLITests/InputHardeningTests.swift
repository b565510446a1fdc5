// sealgate · CLI tests

import Foundation
import Testing

/// Hostile input through the built binary: links out of a tree, unlistable directories, base64 the
/// cluster refuses, key names Kubernetes refuses, and control characters meant for the terminal.
struct InputHardeningTests {
    static let cert = "testdata/keys/current/tls.crt"
    static let key = "testdata/keys/current/tls.key"

    private func write(_ text: String, to path: String, in root: URL) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// Standard error without the warning a fresh clone gives about the fixture key's mode (git keeps none).
    private func errorLines(_ result: CLIResult) -> [String] {
        result.stderr.split(separator: "\n").map(String.init).filter { !$0.contains(": warning: ") }
    }

    // MARK: - Symbolic links and unlistable directories

    @Test("a link out of the tree is skipped with a notice; a loop is reported only with -v")
    func linksOutOfTheTree() throws {
        let root = try CLI.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try write("apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n", to: "repo/apps/ns.yaml", in: root)
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("repo/root").path, withDestinationPath: "/")
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("repo/apps/up").path, withDestinationPath: "..")

        let check = try CLI.run(["check", "repo"], in: root)
        #expect(check.stderr == "repo/root: notice: symbolic link leads outside repo (to /); skipped\n")
        #expect(check.stdout.contains(" 1 object"), "\(check.stdout)")

        let objects = try CLI.run(["objects", "-v", "repo"], in: root)
        #expect(objects.exitCode == 0)
        #expect(objects.stdout == "KIND       NAME  LOCATION\nNamespace  shop  repo/apps/ns.yaml:1\n")
        #expect(
            objects.stderr == """
                repo/root: notice: symbolic link leads outside repo (to /); skipped
                repo/apps/up: notice: symbolic link loops back to repo; skipped

                """)
    }

    @Test("a path named on the command line is read even when it is a link out of the tree")
    func namedLinkIsRead() throws {
        let root = try CLI.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try write("apiVersion: v1\nkind: Namespace\nmetadata: {name: outside}\n", to: "elsewhere/ns.yaml", in: root)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("repo"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: root.appendingPathComponent("repo/link").path, withDestinationPath: root.appendingPathComponent("elsewhere").path)
        let named = try CLI.run(["objects", "repo/link"], in: root)
        #expect(named.stdout == "KIND       NAME     LOCATION\nNamespace  outside  repo/link/ns.yaml:1\n")
        #expect(named.stderr.isEmpty)
        let walked = try CLI.run(["objects", "repo"], in: root)
        #expect(walked.stderr.hasPrefix("repo/link: notice: symbolic link leads outside repo (to /"))
    }

    /// Runs the binary as root without the capabilities that let root list any directory, so `chmod 000`
    /// means what it means for everyone else (the tests run as root).
    private func runWithoutDACOverride(_ arguments: [String], in directory: URL) throws -> CLIResult {
        let scratch = try CLI.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let out = scratch.appendingPathComponent("stdout")
        let err = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        process.arguments = ["--bounding-set=-dac_override,-dac_read_search", CLI.binary.path] + arguments
        process.currentDirectoryURL = directory
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        process.waitUntilExit()
        return CLIResult(
            stdout: String(decoding: try Data(contentsOf: out), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self),
            exitCode: process.terminationStatus)
    }

    @Test(
        "an unlistable directory is a finding, and check still writes its report",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")))
    func unlistableDirectory() throws {
        let root = try CLI.scratchDirectory()
        defer {
            chmod(root.appendingPathComponent("repo/locked").path, 0o755)
            try? FileManager.default.removeItem(at: root)
        }
        try write("apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n", to: "repo/locked/ns.yaml", in: root)
        try write("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app, namespace: shop}\n", to: "repo/open/cm.yaml", in: root)
        #expect(chmod(root.appendingPathComponent("repo/locked").path, 0) == 0)

        let check = try runWithoutDACOverride(["check", "repo", "--report", "json=report.json"], in: root)
        #expect(check.exitCode == 1, "\(check.stderr)")
        let report = try Data(contentsOf: root.appendingPathComponent("report.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: report) as? [String: Any])
        let findings = try #require(json["findings"] as? [[String: Any]])
        let finding = try #require(findings.first { $0["policy"] as? String == "parse-error" })
        #expect(finding["file"] as? String == "repo/locked")
        #expect(finding["message"] as? String == "cannot list this directory: Permission denied; check its permissions")

        let objects = try runWithoutDACOverride(["objects", "repo"], in: root)
        #expect(objects.exitCode == 2)
        #expect(objects.stdout.contains("repo/open/cm.yaml:1"))
        #expect(objects.stderr == "repo/locked: error: cannot list this directory: Permission denied; check its permissions\n")
    }

    // MARK: - Base64 as Go decodes it

    @Test("verify and unseal refuse a sealed value with padding Go's decoder refuses")
    func extraPadding() throws {
        let sealed = try CLI.run(
            ["seal", "--cert", Self.cert],
            stdin: Array("apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: shop}\nstringData: {password: hunter2}\n".utf8))
        #expect(sealed.exitCode == 0)
        // One '=' more: a full group gets a stray '=', a padded group one too many; Go refuses both.
        let padded = sealed.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("    password: ") ? $0 + "=" : $0 }.joined(separator: "\n")
        #expect(padded != sealed.stdout)
        for command in ["verify", "unseal"] {
            let result = try CLI.run([command, "--key", Self.key], stdin: Array(padded.utf8))
            #expect(result.exitCode == 1, "\(command)")
            #expect(
                errorLines(result).first
                    == "-:8:15: error: SealedSecret shop/db: 'password': is not valid base64; it was damaged after sealing, re-seal it",
                "\(command)")
            #expect(!result.stdout.contains("hunter2"))
        }
    }

    // MARK: - Key names

    @Test(
        "seal refuses a key Kubernetes refuses, pointing at the key",
        arguments: [
            ("../../etc/passwd", "it contains '/'"),
            ("a/b", "it contains '/'"),
            ("''", "it is empty"),
            ("with space", "it contains a space"),
            ("é", "it contains U+00E9"),
            ("..", "it is '..', which names a directory"),
            ("..data", "it starts with '..'"),
        ])
    func sealRefusesKeys(key: String, problem: String) throws {
        let secret = "apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: shop}\nstringData:\n  ok: x\n  \(key): hunter2\n"
        let result = try CLI.run(["seal", "--cert", Self.cert], stdin: Array(secret.utf8))
        let shown = key == "''" ? "" : key
        #expect(
            result.stderr
                == "-:6:3: error: secret key '\(shown)' is not valid: \(problem); rename it to use only letters, digits, '-', '_' and '.'\n"
        )
        #expect(result.stdout.isEmpty)
        #expect(result.exitCode == 2)
    }

    @Test("verify and unseal report a SealedSecret key Kubernetes refuses, and exit 1")
    func sealedKeyNames() throws {
        let sealed = try CLI.run(
            ["seal", "--cert", Self.cert],
            stdin: Array("apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: shop}\nstringData: {password: hunter2}\n".utf8))
        let renamed = sealed.stdout.replacingOccurrences(of: "    password: ", with: "    ../x: ")
        #expect(renamed != sealed.stdout)
        for command in ["verify", "unseal"] {
            let result = try CLI.run([command, "--key", Self.key], stdin: Array(renamed.utf8))
            #expect(result.exitCode == 1, "\(command)")
            #expect(
                errorLines(result).first
                    == "-:8:11: error: SealedSecret shop/db: '../x': is not a valid secret key: it contains '/'; rename it to use only letters, digits, '-', '_' and '.' (the value need not be re-sealed)",
                "\(command)")
            #expect(result.stdout.isEmpty, "\(command)")
        }
    }

    @Test("check reports invalid keys of Secrets, SealedSecrets and ConfigMaps")
    func checkReportsKeys() throws {
        let manifest = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: app, namespace: shop}
            data: {"a/b": x, ok: y}
            """
        let result = try CLI.run(["check", "--enable", "secrets-valid-key-names", "-"], stdin: Array(manifest.utf8))
        #expect(
            result.stdout.contains("-:4:1: error: ConfigMap app: data has key(s) Kubernetes refuses: 'a/b'; rename them"),
            "\(result.stdout)")
        #expect(result.exitCode == 1)
    }

    // MARK: - Control characters

    static let hostile = """
        apiVersion: v1
        kind: "Config\\e]0;owned\\aMap"
        metadata:
          name: "web\\e[2J"
          namespace: shop
          labels: {app: "\\e[2J"}
        """

    @Test("objects shows control characters from a manifest as U+FFFD, in the table and with -v")
    func objectsEscapes() throws {
        let table = try CLI.run(["objects", "-"], stdin: Array((Self.hostile + "\n---\n\"\\e[2J\": 1\n").utf8))
        #expect(table.exitCode == 0)
        #expect(!table.stdout.contains("\u{1B}") && !table.stdout.contains("\u{07}"))
        #expect(
            table.stdout == """
                KIND                 NAME          LOCATION
                Config\u{FFFD}]0;owned\u{FFFD}Map  shop/web\u{FFFD}[2J  -:1

                """)
        // A List item that is not an object is skipped with a reason that names the List's kind.
        let verbose = try CLI.run(["objects", "-v", "-"], stdin: Array("apiVersion: v1\nkind: \"Evil\\e[2JList\"\nitems: [1]\n".utf8))
        #expect(verbose.stdout == "skipped -:3: item 0 of Evil\u{FFFD}[2JList is not a Kubernetes object (an int at the top level)\n")
    }

    @Test("error messages that quote the input show its control characters as U+FFFD")
    func errorsEscape() throws {
        // A duplicate key: the YAML error names it.
        let duplicate = try CLI.run(["objects", "-"], stdin: Array("\"a\\e]0;x\\a\": 1\n\"a\\e]0;x\\a\": 2\n".utf8))
        #expect(duplicate.exitCode == 2)
        #expect(!duplicate.stderr.contains("\u{1B}") && !duplicate.stderr.contains("\u{07}"))
        #expect(duplicate.stderr.contains("\u{FFFD}]0;x\u{FFFD}"), "\(duplicate.stderr)")

        // seal quotes the key it refuses.
        let secret = "apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: shop}\nstringData:\n  \"k\\e[2J\": v\n"
        let sealed = try CLI.run(["seal", "--cert", Self.cert], stdin: Array(secret.utf8))
        #expect(
            sealed.stderr
                == "-:5:3: error: secret key 'k\u{FFFD}[2J' is not valid: it contains U+001B; rename it to use only letters, digits, '-', '_' and '.'\n"
        )

        // A kind that is not a Secret is named in seal's error.
        let wrongKind = try CLI.run(["seal", "--cert", Self.cert], stdin: Array(Self.hostile.utf8))
        #expect(wrongKind.exitCode == 2)
        #expect(
            wrongKind.stderr
                == "-:1: error: v1 Config\u{FFFD}]0;owned\u{FFFD}Map shop/web\u{FFFD}[2J is not a Secret (v1); only Secrets can be sealed\n"
        )
    }

    @Test("check's findings show a hostile name as U+FFFD")
    func checkEscapes() throws {
        let manifest = """
            apiVersion: v1
            kind: Secret
            metadata: {name: "db\\e]0;x\\a", namespace: shop}
            stringData: {password: x}
            """
        let result = try CLI.run(["check", "--enable", "secrets-no-plaintext", "-"], stdin: Array(manifest.utf8))
        #expect(result.exitCode == 1)
        #expect(!result.stdout.contains("\u{1B}") && !result.stdout.contains("\u{07}"))
        #expect(result.stdout.contains("Secret db\u{FFFD}]0;x\u{FFFD} holds 1 value"), "\(result.stdout)")
    }
}
