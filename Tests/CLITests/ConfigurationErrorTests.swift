// sealgate · CLI tests

import Foundation
import Testing

/// Configurations that used to pass silently, and the smaller invocation problems: each gets the
/// behaviour a careful user expects and a message, pinned here with its exit code.
struct ConfigurationErrorTests {
    private let repo = "testdata/example-repo"

    /// A fresh directory holding `files` (name -> text).
    private func directory(_ files: [String: String] = [:]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sealgate-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, text) in files {
            let file = url.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
        return url
    }

    static let plaintextSecret = """
        apiVersion: v1
        kind: Secret
        metadata: {name: db, namespace: shop}
        stringData: {password: hunter2}
        """

    static func policy(_ name: String) -> String {
        """
        apiVersion: sealgate.dev/v1
        kind: Policy
        metadata:
          name: \(name)
        spec:
          validations:
            - expression: "true"
        """
    }

    static func exception(expires: String) -> String {
        """
        apiVersion: sealgate.dev/v1
        kind: PolicyException
        metadata:
          name: db-fixture
        spec:
          policies: [secrets-no-plaintext]
          match: {kinds: [Secret], names: [db]}
          reason: a test fixture, not a real password
          expires: \(expires)
        """
    }

    // MARK: - Invocation

    @Test("sealgate or sealgate policy alone prints the usage to stderr and exits 2", arguments: [["policy"], []])
    func commandGroupWithoutSubcommand(arguments: [String]) throws {
        let result = try CLI.run(arguments)
        #expect(result.exitCode == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("OVERVIEW: "))
        #expect(result.stderr.contains("USAGE: sealgate \((arguments + ["<subcommand>"]).joined(separator: " "))\n"))
    }

    @Test("a usage error is the message and a pointer to --help, not the usage text")
    func usageErrors() throws {
        // `check` without a path checks the settings' paths or the working directory: no usage error.
        let contradicting = try CLI.run("check", "--config", "x.yaml", "--no-config")
        #expect(contradicting.stderr == "error: --config and --no-config contradict each other; give one\nsee 'sealgate check --help'\n")
        #expect(contradicting.exitCode == 2)
        let nested = try CLI.run("policy", "test")
        #expect(
            nested.stderr == "error: give the directory of the policies to test, such as policies/\nsee 'sealgate policy test --help'\n")
        // Thrown from run(), where argument-parser would show the root's usage.
        let noCert = try CLI.run("seal")
        #expect(noCert.stderr == "error: no sealing certificate: pass --cert FILE|URL or set SEALGATE_CERT\nsee 'sealgate seal --help'\n")
        #expect(noCert.exitCode == 2)
        let value = try CLI.run("check", "--fail-on", "bad", repo)
        #expect(
            value.stderr
                == "error: The value 'bad' is invalid for '--fail-on <fail-on>'. Please provide one of 'info', 'warning' or 'error'.\nsee 'sealgate check --help'\n"
        )
    }

    @Test("help and behaviour agree: in check, a manifest that does not parse is a finding, exit 1")
    func parseErrorExitCode() throws {
        func words(_ text: String) -> String { text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        #expect(
            words(try CLI.run("check", "--help").stdout).contains(
                "Exits 1 when a finding at or above --fail-on is not waived (a manifest that does not parse is a parse-error finding), 2 when an input or a policy is unusable."
            ))
        #expect(
            words(try CLI.run("--help").stdout).contains(
                "check reports a manifest that does not parse as a parse-error finding instead, exit 1"))
        let result = try CLI.run("check", "Tests/Fixtures/invalid/duplicate-key.yaml")
        #expect(
            result.stdout.contains(
                "  Tests/Fixtures/invalid/duplicate-key.yaml:8:3: error: duplicate key 'LOG_LEVEL' (first defined at line 6); remove one of them [parse-error]\n"
            ))
        #expect(result.exitCode == 1)
    }

    // MARK: - Policies

    @Test("a user policy with a built-in's name replaces it with a notice; two user policies with one name exit 2")
    func builtinNameClash() throws {
        let dir = try directory([
            "policies/latest.yaml": Self.policy("images-no-latest-tag"),
            "ok.yaml": "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n",
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let replaced = try CLI.run(["check", "ok.yaml", "--policies", "policies"], in: dir)
        #expect(
            replaced.stderr
                == "policies/latest.yaml:4:9: notice: policy 'images-no-latest-tag' replaces the built-in policy of the same name (builtin:images/images-no-latest-tag.yaml); rename it to run both\n"
        )
        #expect(replaced.exitCode == 0)

        try Self.policy("images-no-latest-tag").write(
            to: dir.appendingPathComponent("policies/same.yaml"), atomically: true, encoding: .utf8)
        let twice = try CLI.run(["check", "ok.yaml", "--policies", "policies"], in: dir)
        #expect(
            twice.stderr.hasSuffix(
                "policies/same.yaml:1:1: error: a second policy named 'images-no-latest-tag' (the first is at policies/latest.yaml:1:1); rename one\n"
            ))
        #expect(twice.exitCode == 2)
    }

    @Test("a malformed fieldPath stops check and policies with exit 2 at the fieldPath, naming the accepted forms")
    func malformedFieldPath() throws {
        let policy = Self.policy("bad-path") + "\n      fieldPath: data[\n"
        let dir = try directory(["policies/bad.yaml": policy, "ok.yaml": "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let expected =
            "policies/bad.yaml:8:18: error: 'spec.validations[0].fieldPath' is not a field path: 'data[' at character 5: the '[' is not closed; write names joined by '.', each optionally followed by [index] or ['key'], such as spec.containers[0].image or metadata.labels['app.kubernetes.io/name']\n"
        let check = try CLI.run(["check", "ok.yaml", "--policies", "policies"], in: dir)
        #expect(check.stderr == expected)
        #expect(check.stdout == "")
        #expect(check.exitCode == 2)
        let listed = try CLI.run(["policies", "--policies", "policies"], in: dir)
        #expect(listed.stderr == expected)
        #expect(listed.exitCode == 2)
    }

    @Test("a check with no policies to run exits 2 instead of finding no problems")
    func noPolicies() throws {
        let dir = try directory(["empty/README.md": "no policies here\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let none = try CLI.run(
            ["check", CLI.repositoryRoot.appendingPathComponent(repo).path, "--no-builtin", "--policies", "empty"], in: dir)
        #expect(
            none.stderr
                == "error: no policies to check against: --policies empty holds no Policy or ValidatingAdmissionPolicy; pass --policies DIR with policies or drop --no-builtin\n"
        )
        #expect(none.stdout.isEmpty)
        #expect(none.exitCode == 2)
        let filtered = try CLI.run(["check", repo, "--enable", "rbac", "--disable", "rbac"])
        #expect(filtered.stderr == "error: --enable and --disable leave no policies to check against; `sealgate policies` lists them\n")
        #expect(filtered.exitCode == 2)
    }

    @Test(
        "an expires date that does not exist is a policy error at its place",
        arguments: ["2027-13-45", "2027-02-29", "2026-04-31", "'2026-12-31T25:00:00Z'"])
    func impossibleExpiry(date: String) throws {
        let dir = try directory(["secret.yaml": Self.plaintextSecret, "exceptions/db.yaml": Self.exception(expires: date)])
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = date.trimmingCharacters(in: CharacterSet(charactersIn: "'"))
        // Passed with --policies, or found in the checked tree: the same error either way.
        for (arguments, file) in [
            (["check", "secret.yaml", "--policies", "exceptions"], "exceptions/db.yaml"), (["check", "."], "./exceptions/db.yaml"),
        ] {
            let result = try CLI.run(arguments, in: dir)
            #expect(
                result.stderr
                    == "\(file):9:12: error: 'spec.expires' of PolicyException 'db-fixture' is not a date that exists: '\(text)'; write YYYY-MM-DD (such as 2026-12-31) or an RFC 3339 time\n"
            )
            #expect(result.exitCode == 2)
        }
    }

    @Test("an exception's expiry is a real date: 29 February of a leap year waives until that day")
    func leapDayExpiry() throws {
        let dir = try directory(["secret.yaml": Self.plaintextSecret, "exceptions/db.yaml": Self.exception(expires: "2028-02-29")])
        defer { try? FileManager.default.removeItem(at: dir) }
        let live = try CLI.run(["check", "secret.yaml", "--policies", "exceptions", "--today", "2028-02-29"], in: dir)
        #expect(live.stdout == "no problems found in 1 object (51 policies); 1 waived\n")
        #expect(live.exitCode == 0)
        let expired = try CLI.run(["check", "secret.yaml", "--policies", "exceptions", "--today", "2028-03-01"], in: dir)
        #expect(
            expired.stdout.contains(
                "exceptions/db.yaml:1:1: warning: PolicyException 'db-fixture' expired on 2028-02-29 and no longer waives secrets-no-plaintext; fix the findings or extend spec.expires [exception-expired]"
            ))
        #expect(expired.exitCode == 1)
    }

    // MARK: - Checked trees

    @Test("empty standard input is an error; a directory without manifests is a notice")
    func nothingToCheck() throws {
        for input in ["", " \n\n"] {
            let result = try CLI.run(["check", "-"], stdin: Array(input.utf8))
            #expect(result.stderr == "-: error: standard input is empty; pipe manifests into sealgate check -\n")
            #expect(result.stdout.isEmpty)
            #expect(result.exitCode == 2)
        }
        let dir = try directory(["chart/README.md": "not a manifest\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let empty = try CLI.run(["check", "chart"], in: dir)
        #expect(empty.stderr == "notice: no .yaml, .yml or .json files in chart; nothing was checked\n")
        #expect(empty.exitCode == 0)
    }

    @Test("a List inside a List is expanded, so a plaintext Secret in it is found")
    func nestedList() throws {
        let nested = """
            apiVersion: v1
            kind: List
            items:
              - apiVersion: v1
                kind: List
                items:
                  - apiVersion: v1
                    kind: Secret
                    metadata: {name: db, namespace: shop}
                    stringData: {password: hunter2}
            """
        let result = try CLI.run(["check", "-", "--enable", "secrets-no-plaintext"], stdin: Array(nested.utf8))
        #expect(
            result.stdout == """
                -
                  -:7:9: error: Secret db holds 1 value (password) in plain text; commit a SealedSecret made with sealgate seal instead [secrets-no-plaintext]

                1 error, 0 warnings, 0 info in 1 file (1 object, 1 policy)

                """)
        #expect(result.exitCode == 1)
    }

    @Test("a PolicyException in the checked tree is applied, not checked; a Policy there is ignored with a notice")
    func sealgateDocumentsInTree() throws {
        let dir = try directory([
            "secret.yaml": Self.plaintextSecret, "exceptions/db.yaml": Self.exception(expires: "2027-01-31"),
            "policies/mine.yaml": Self.policy("mine"),
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try CLI.run(["check", ".", "-v", "--today", "2026-11-25"], in: dir)
        #expect(
            result.stderr == """
                ./exceptions/db.yaml:1:1: notice: PolicyException 'db-fixture' is among the checked manifests: it is applied, not checked as an object
                ./policies/mine.yaml:1:1: notice: Policy 'mine' is among the checked manifests and does not run; pass its file or directory with --policies

                """)
        #expect(result.stdout.hasSuffix("no problems found in 1 object (51 policies); 1 waived\n"))
        #expect(result.stdout.contains("waived by PolicyException db-fixture: a test fixture, not a real password"))
        #expect(result.exitCode == 0)

        // Passed with --policies as well: loaded once, and no notice about the documents in the tree.
        let both = try CLI.run(["check", ".", "--policies", "exceptions", "--policies", "./policies", "--today", "2026-11-25"], in: dir)
        #expect(both.stderr.isEmpty)
        #expect(both.stdout == "no problems found in 1 object (52 policies); 1 waived\n")
    }

    // MARK: - Inputs

    @Test("over the size limit, standard input and a file are the same problem: a finding in check, exit 2 elsewhere")
    func oversizedInputs() throws {
        let dir = try directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let big = [UInt8](repeating: UInt8(ascii: "a"), count: (32 << 20) + 1)
        try Data(big).write(to: dir.appendingPathComponent("big.yaml"))
        let stdin = try CLI.run(["check", "-"], stdin: big)
        #expect(stdin.stdout.contains("  -: error: input is over the 33554432-byte limit; split it into smaller files [parse-error]\n"))
        #expect(stdin.exitCode == 1)
        let file = try CLI.run(["check", "big.yaml"], in: dir)
        #expect(
            file.stdout.contains(
                "  big.yaml: error: file is 33554433 bytes, over the 33554432-byte limit; split it into smaller files [parse-error]\n"))
        #expect(file.exitCode == 1)
        let objects = try CLI.run(["objects", "-"], stdin: big)
        #expect(objects.stderr == "-: error: input is over the 33554432-byte limit; split it into smaller files\n")
        #expect(objects.exitCode == 2)
    }

    @Test("a named character device is read to the limit like standard input")
    func characterDevice() throws {
        let result = try CLI.run("objects", "/dev/zero")
        #expect(result.stderr == "/dev/zero: error: input is over the 33554432-byte limit; split it into smaller files\n")
        #expect(result.exitCode == 2)
        // cel --var reads its file the same way, instead of "cannot read the file; check the path".
        let variable = try CLI.run("cel", "x", "--var", "x=/dev/zero")
        #expect(variable.stderr == "/dev/zero: error: input is over the 33554432-byte limit; split it into smaller files\n")
        #expect(variable.exitCode == 2)
        let missing = try CLI.run("cel", "x", "--var", "x=no/such.yaml")
        #expect(missing.stderr == "no/such.yaml: error: cannot open: No such file or directory\n")
    }

    @Test("a key longer than libyaml's 1024 characters is named as the cause")
    func overlongKey() throws {
        let key = String(repeating: "k", count: 1_000_000)
        let result = try CLI.run(["objects", "-"], stdin: Array("apiVersion: v1\nkind: ConfigMap\ndata:\n  \(key): v\n".utf8))
        #expect(
            result.stderr
                == "-:4:3: error: a key longer than 1024 characters must be written as an explicit key ('? ' before it, ': ' before its value on the next line) or shortened\n"
        )
        #expect(result.exitCode == 2)
    }

    // MARK: - Keys and certificates

    @Test("cert --key tls.key reads tls.crt beside it; without one it names the file it expected")
    func certBesideKey() throws {
        let dir = try directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let key = CLI.repositoryRoot.appendingPathComponent("testdata/keys/current/tls.key")
        let beside = try CLI.run("cert", "--key", key.path)
        #expect(
            beside.stdout
                == (try String(contentsOf: CLI.repositoryRoot.appendingPathComponent("testdata/keys/current/tls.crt"), encoding: .utf8)))
        #expect(beside.exitCode == 0)

        try FileManager.default.copyItem(at: key, to: dir.appendingPathComponent("prod.key"))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: dir.appendingPathComponent("prod.key").path)
        let alone = try CLI.run(["cert", "--key", "prod.key"], in: dir)
        #expect(
            alone.stderr
                == "prod.key: error: no certificate found for the key (expected prod.crt); put the key's certificate there, since a private key alone does not hold one\n"
        )
        #expect(alone.exitCode == 2)
    }

    @Test("a damaged PEM or a device as a key is explained without OpenSSL's or Foundation's wording")
    func unreadableKeys() throws {
        let dir = try directory([
            "bad.key": "-----BEGIN PRIVATE KEY-----\nnot base64 at all\n-----END PRIVATE KEY-----\n",
            "bad.crt": "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n",
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let key = try CLI.run(["cert", "--key", "bad.key"], in: dir)
        #expect(
            key.stderr
                == "bad.key: error: the 'PRIVATE KEY' block is not a PEM private key sealgate can read (damaged base64 or content); expected an unencrypted RSA key as PKCS#1 'BEGIN RSA PRIVATE KEY' or PKCS#8 'BEGIN PRIVATE KEY'\n"
        )
        #expect(key.exitCode == 2)
        let cert = try CLI.run(["seal", "--cert", "bad.crt"], in: dir)
        #expect(
            cert.stderr
                == "bad.crt: error: the 'BEGIN CERTIFICATE' block is not a PEM certificate sealgate can read (damaged base64 or content); expected an X.509 certificate such as 'sealgate cert' or 'kubeseal --fetch-cert' writes\n"
        )
        #expect(cert.exitCode == 2)
        let device = try CLI.run("cert", "--key", "/dev/zero")
        #expect(
            device.stderr
                == "/dev/zero: error: is a character device, not a key file; --key takes a PEM private key, a directory of keys, a key Secret manifest or a kubectl List backup\n"
        )
        #expect(device.exitCode == 2)
    }

    // MARK: - Counts

    @Test("counts agree with their nouns in every summary: 1 policy, 2 policies, 1 object, 1 test, 1 file", arguments: [1, 2])
    func pluralisation(count: Int) throws {
        // `count` policies, each failing on one Namespace of its own file and tested by one case.
        var files: [String: String] = [:]
        for index in 1...count {
            files["policies/p\(index).yaml"] = """
                apiVersion: sealgate.dev/v1
                kind: Policy
                metadata: {name: p\(index)}
                spec:
                  match: {kinds: [Namespace], names: [ns-\(index)]}
                  validations: [{expression: "false", message: refused}]
                ---
                apiVersion: sealgate.dev/v1
                kind: PolicyTest
                metadata: {name: p\(index)}
                spec:
                  policy: p\(index)
                  cases:
                    - {name: fails, expect: fail, object: {apiVersion: v1, kind: Namespace, metadata: {name: ns-\(index)}}}
                """
            files["repo/ns-\(index).yaml"] = "apiVersion: v1\nkind: Namespace\nmetadata: {name: ns-\(index)}\n"
        }
        let dir = try directory(files)
        defer { try? FileManager.default.removeItem(at: dir) }
        let (policies, objects, errors) = count == 1 ? ("1 policy", "1 object", "1 error") : ("2 policies", "2 objects", "2 errors")
        let list = try CLI.run(["policies", "--no-builtin", "--policies", "policies"], in: dir)
        #expect(
            list.stdout.hasSuffix(
                "\n\(policies); scope 'repository' policies read every object (sealgate's `objects`), 'object' ones also run as a ValidatingAdmissionPolicy\n"
            ))
        let test = try CLI.run(["policy", "test", "policies"], in: dir)
        #expect(test.stdout == (count == 1 ? "1 of 1 case passed in 1 test\n" : "2 of 2 cases passed in 2 tests\n"))
        let check = try CLI.run(
            ["check", "repo", "--no-builtin", "--policies", "policies", "-o", "json", "--report", "text=report.txt"], in: dir)
        #expect(check.stderr == "sealgate check: \(errors), 0 warnings, 0 info in \(objects)\n")
        let text = try String(contentsOf: dir.appendingPathComponent("report.txt"), encoding: .utf8)
        #expect(
            text.hasSuffix("\n\(errors), 0 warnings, 0 info in \(count == 1 ? "1 file" : "2 files") (\(objects), \(policies))\n"), "\(text)"
        )
        let export = try CLI.run(["policies", "export", "--no-builtin", "--policies", "policies", "-w", "vap.yaml"], in: dir)
        #expect(export.stderr == "exported \(policies) as ValidatingAdmissionPolicies with their bindings to vap.yaml\n")
    }
}
