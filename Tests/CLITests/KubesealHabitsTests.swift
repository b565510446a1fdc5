// sealgate · CLI tests

import Foundation
import Testing

/// What people coming from `kubeseal` type: its certificate variable, `--allow-empty-data`, its flag names,
/// and SealedSecrets whose `template.data` uses Go templates.
struct KubesealHabitsTests {
    static let cert = "testdata/keys/current/tls.crt"
    static let key = "testdata/keys/current/tls.key"
    static let secret =
        "apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: shop}\nstringData: {password: hunter2, user: admin}\n"
    static let empty = "apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: shop}\ndata: {}\n"
    static let emptyAdvice =
        "-:1: error: Secret shop/db has no values in data or stringData, which is most often a mistake; pass --allow-empty-data if it is meant to be empty\n"

    // MARK: The certificate from the environment

    @Test("SEALED_SECRETS_CERT names the certificate as SEALGATE_CERT does; SEALGATE_CERT wins, and errors say which was read")
    func certificateVariable() throws {
        let kubeseal = try CLI.run(["seal"], stdin: Array(Self.secret.utf8), environment: ["SEALED_SECRETS_CERT": Self.cert])
        #expect(kubeseal.exitCode == 0, "\(kubeseal.stderr)")
        #expect(kubeseal.stdout.contains("kind: SealedSecret"))
        let both = try CLI.run(
            ["seal"], stdin: Array(Self.secret.utf8), environment: ["SEALGATE_CERT": Self.cert, "SEALED_SECRETS_CERT": "missing.crt"])
        #expect(both.exitCode == 0, "\(both.stderr)")
        let missing = try CLI.run(["seal"], stdin: Array(Self.secret.utf8), environment: ["SEALED_SECRETS_CERT": "missing.crt"])
        #expect(missing.exitCode == 2)
        #expect(
            missing.stderr
                == "missing.crt: error: cannot read the certificate file; check the path (the certificate SEALED_SECRETS_CERT names)\n")
        // An empty variable counts as unset.
        let empty = try CLI.run(
            ["seal"], stdin: Array(Self.secret.utf8), environment: ["SEALGATE_CERT": "", "SEALED_SECRETS_CERT": Self.cert])
        #expect(empty.exitCode == 0, "\(empty.stderr)")
    }

    // MARK: --allow-empty-data

    @Test("a Secret with no values is refused without --allow-empty-data, naming the Secret and the flag; with it, it seals")
    func emptySecret() throws {
        let refused = try CLI.run(["seal", "--cert", Self.cert], stdin: Array(Self.empty.utf8))
        #expect(refused.exitCode == 2)
        #expect(refused.stdout.isEmpty)
        #expect(refused.stderr == Self.emptyAdvice)
        let allowed = try CLI.run(["seal", "--cert", Self.cert, "--allow-empty-data"], stdin: Array(Self.empty.utf8))
        #expect(allowed.exitCode == 0, "\(allowed.stderr)")
        #expect(allowed.stdout.contains("  encryptedData: {}\n"))
        let opened = try CLI.run(["unseal", "--key", Self.key], stdin: Array(allowed.stdout.utf8))
        #expect(opened.exitCode == 0 && opened.stdout.contains("data: {}"), "\(opened.stderr)")
    }

    @Test("--merge-into and --raw refuse an empty input without --allow-empty-data too, and change nothing")
    func emptyMergeAndRaw() throws {
        let directory = try CLI.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let target = directory.appendingPathComponent("sealed.yaml")
        let sealed = try CLI.run(["seal", "--cert", Self.cert], stdin: Array(Self.secret.utf8))
        try Data(sealed.stdout.utf8).write(to: target)
        let merge = try CLI.run(["seal", "--cert", Self.cert, "--merge-into", target.path], stdin: Array(Self.empty.utf8))
        #expect(merge.exitCode == 2)
        #expect(merge.stderr == Self.emptyAdvice)
        #expect(try String(contentsOf: target, encoding: .utf8) == sealed.stdout)
        let merged = try CLI.run(
            ["seal", "--cert", Self.cert, "--merge-into", target.path, "--allow-empty-data"], stdin: Array(Self.empty.utf8))
        #expect(merged.exitCode == 0 && merged.stderr == "merged 0 keys into \(target.path)\n", "\(merged.stderr)")

        let raw = try CLI.run(["seal", "--cert", Self.cert, "--raw", "--name", "db", "-n", "shop"])
        #expect(raw.exitCode == 2 && raw.stdout.isEmpty)
        #expect(
            raw.stderr
                == "-: error: the value is empty, which is most often a mistake; pass --allow-empty-data if it is meant to be empty\n")
        let rawAllowed = try CLI.run(["seal", "--cert", Self.cert, "--raw", "--name", "db", "-n", "shop", "--allow-empty-data"])
        #expect(rawAllowed.exitCode == 0 && rawAllowed.stdout.hasPrefix("AQ"), "\(rawAllowed.stderr)")
    }

    // MARK: kubeseal's flag names

    @Test("--format is -o on the commands that write manifests, and --recovery-private-key is --key (comma-separated too)")
    func acceptedAliases() throws {
        let json = try CLI.run(["seal", "--cert", Self.cert, "--format", "json"], stdin: Array(Self.secret.utf8))
        #expect(json.exitCode == 0 && json.stdout.hasPrefix("{\n  \"apiVersion\": \"bitnami.com/v1alpha1\""), "\(json.stderr)")
        let disagree = try CLI.run(["seal", "--cert", Self.cert, "--format", "json", "-o", "yaml"], stdin: Array(Self.secret.utf8))
        #expect(disagree.exitCode == 2)
        #expect(
            disagree.stderr
                == "error: -o yaml and --format json disagree; --format is kubeseal's name for -o, so give one of them\nsee 'sealgate seal --help'\n"
        )
        let opened = try CLI.run(
            ["unseal", "--recovery-private-key", "testdata/keys/old/tls.key,\(Self.key)", "--format", "json"],
            stdin: Array(json.stdout.utf8))
        #expect(opened.exitCode == 0, "\(opened.stderr)")
        #expect(opened.stdout.contains("\"password\": \"aHVudGVyMg==\""))
        // Hidden: the help teaches sealgate's names.
        let help = try CLI.run(["unseal", "--help"])
        #expect(!help.stdout.contains("--format") && !help.stdout.contains("--recovery-private-key"))
    }

    @Test(
        "a kubeseal flag that is a command in sealgate is answered with that command, at exit 2",
        arguments: [
            (
                ["seal", "--re-encrypt"],
                "--re-encrypt is kubeseal's flag; sealgate re-encrypts with a command of its own, and with the private keys rather than through the controller: sealgate reencrypt --key KEYS --cert CERT -f FILE",
                "reencrypt"
            ),
            (
                ["seal", "--rotate"],
                "--rotate is kubeseal's flag; sealgate re-encrypts with a command of its own, and with the private keys rather than through the controller: sealgate reencrypt --key KEYS --cert CERT -f FILE",
                "reencrypt"
            ),
            (
                ["--recovery-unseal", "--recovery-private-key", "k.pem"],
                "--recovery-unseal is kubeseal's flag; sealgate unseals with a command of its own: sealgate unseal --key KEYS -f FILE",
                "unseal"
            ),
            (
                ["seal", "--recovery-private-key=k.pem"],
                "--recovery-private-key is kubeseal's flag; it is --key of the commands that open sealed values: sealgate unseal --key KEYS -f FILE",
                "unseal"
            ),
            (
                ["--validate"],
                "--validate is kubeseal's flag; sealgate checks that every value decrypts with a command of its own, with the private keys rather than through the controller: sealgate verify --key KEYS -f FILE",
                "verify"
            ),
            (
                ["--fetch-cert"],
                "--fetch-cert is kubeseal's flag; sealgate prints the controller's certificate with a command of its own: sealgate cert --fetch",
                "cert"
            ),
            (
                ["cert", "--fetch-cert"],
                "--fetch-cert is kubeseal's flag for what 'sealgate cert' does; write --fetch: sealgate cert --fetch", "cert"
            ),
            (
                ["unseal", "--recovery-unseal", "--key", "k.pem"],
                "--recovery-unseal is kubeseal's flag for what 'sealgate unseal' does; drop it", "unseal"
            ),
            (["verify", "--validate"], "--validate is kubeseal's flag for what 'sealgate verify' does; drop it", "verify"),
            (
                ["--cert", "tls.crt", "--format", "yaml"],
                "--cert is kubeseal's flag, and sealgate has a command for each job: kubeseal --cert CERT < secret.yaml is sealgate seal --cert CERT -f secret.yaml",
                "seal"
            ),
        ])
    func answered(arguments: [String], message: String, command: String) throws {
        let result = try CLI.run(arguments)
        #expect(result.exitCode == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "error: \(message)\nsee 'sealgate \(command) --help'\n")
    }

    @Test("a misspelt flag gets argument-parser's nearest name; a value or what follows -- is not taken for a kubeseal flag")
    func misspelt() throws {
        let misspelt = try CLI.run(["seal", "--namspace", "shop"])
        #expect(misspelt.stderr == "error: Unknown option '--namspace'. Did you mean '--namespace'?\nsee 'sealgate seal --help'\n")
        let unknown = try CLI.run(["seal", "--cert", Self.cert, "--bogus", "--format", "json"])
        #expect(unknown.stderr == "error: Unknown option '--bogus'\nsee 'sealgate seal --help'\n")
        // The key options are checked after the flags are, so a misspelt --key is named as such.
        let key = try CLI.run(["unseal", "--kye", Self.key])
        #expect(key.stderr == "error: Unknown option '--kye'. Did you mean '--key'?\nsee 'sealgate unseal --help'\n")
        let noKey = try CLI.run(["verify"])
        #expect(
            noKey.exitCode == 2
                && noKey.stderr == "error: pass --key with the private key(s) to unseal with\nsee 'sealgate verify --help'\n")
        let afterTerminator = try CLI.run(["seal", "--bogus", "--", "--re-encrypt"])
        #expect(afterTerminator.stderr.hasPrefix("error: Unknown option '--bogus'"))
    }

    // MARK: template.data

    /// Standard error without the warning about the test key's mode, which depends on the checkout.
    private func messages(_ result: CLIResult) -> String {
        result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.contains("warning: this private key file can be read") }.joined(separator: "\n")
    }

    /// The sealed Secret with `data` lines added to its template.
    private func sealed(templateData: String) throws -> String {
        let sealed = try CLI.run(["seal", "--cert", Self.cert], stdin: Array(Self.secret.utf8))
        #expect(sealed.exitCode == 0, "\(sealed.stderr)")
        return sealed.stdout + "    data:\n" + templateData
    }

    @Test("unseal renders template.data as the controller does, warning of a key the SealedSecret does not have")
    func templateData() throws {
        let text = try sealed(
            templateData: "      url: \"postgres://{{ .user }}:{{ index . \\\"password\\\" }}@db\"\n      typo: \"{{ .usr }}\"\n")
        let result = try CLI.run(["unseal", "--key", Self.key], stdin: Array(text.utf8))
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.contains("  url: \(Data("postgres://admin:hunter2@db".utf8).base64EncodedString())\n"))
        #expect(result.stdout.contains("  typo: \(Data("<no value>".utf8).base64EncodedString())\n"))
        let line =
            text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("      typo:") }.map { $0 + 1 } ?? 0
        #expect(
            messages(result)
                == "-:\(line):13: warning: 'spec.template.data.typo' reads 'usr', which encryptedData does not have; like the controller, sealgate writes <no value> there for {{ .key }} and nothing for {{ index . \"key\" }}; check the key's spelling\n"
        )
    }

    @Test("a template outside the subset is refused at exit 2, pointing at its action, and nothing is written")
    func templateRefused() throws {
        let directory = try CLI.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = try sealed(templateData: "      url: \"{{ .user }}:{{ .password | b64enc }}\"\n")
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).count - 1
        let key = CLI.repositoryRoot.appendingPathComponent(Self.key).path
        let result = try CLI.run(["unseal", "--key", key, "-w", "out.yaml"], stdin: Array(text.utf8), in: directory)
        #expect(result.exitCode == 2)
        #expect(
            messages(result)
                == "-:\(line):25: error: 'spec.template.data.url': {{ .password | b64enc }} is not one of the actions sealgate renders; sealgate renders text, {{ .key }}, {{ index . \"key\" }}, string constants and comments, as the Bitnami controller does, and leaves the rest of Go's templates to the controller: unseal this SealedSecret in the cluster, or write the value without it\n"
        )
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("out.yaml").path))
        #expect(!result.stderr.contains("hunter2"))
    }
}
