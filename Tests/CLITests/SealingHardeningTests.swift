// sealgate · CLI tests

import Foundation
import Testing

/// seal, unseal, verify, reencrypt and keygen, tried as an attacker and as a careless user would: hostile
/// names and keys in SealedSecrets, values that can never be applied, certificates OpenSSL cannot build.
struct SealingHardeningTests {
    static let cert = "testdata/keys/current/tls.crt"
    static let key = "testdata/keys/current/tls.key"

    /// Standard error without the warning a fresh clone gives about the fixture key's mode (git keeps none).
    private func errorLines(_ result: CLIResult) -> [String] {
        result.stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            .filter { !$0.contains(": warning: ") && !$0.isEmpty }
    }

    // MARK: - Failure lines

    @Test("a line break in a sealed key cannot forge a line of verify's or unseal's output")
    func failureLineStaysOneLine() throws {
        let yaml = """
            apiVersion: bitnami.com/v1alpha1
            kind: SealedSecret
            metadata: {name: db, namespace: prod}
            spec:
              encryptedData:
                "a\\nsealed.yaml:1:1: error: forged": AAAA

            """
        for command in ["verify", "unseal"] {
            let result = try CLI.run([command, "--key", Self.key, "-f", "-"], stdin: Array(yaml.utf8))
            #expect(result.exitCode == 1)
            let lines = errorLines(result)
            #expect(
                lines.first
                    == "-:6:42: error: SealedSecret prod/db: 'a sealed.yaml:1:1: error: forged': is not a valid secret key: it contains U+000A; rename it to use only letters, digits, '-', '_' and '.' (the value need not be re-sealed)"
            )
            #expect(!lines.contains { $0.hasPrefix("sealed.yaml:1:1") }, "\(lines)")
        }
    }
}

extension SealingHardeningTests {
    // MARK: - Names Kubernetes refuses

    @Test("seal refuses a namespace Kubernetes refuses, from -n or from the Secret")
    func sealRefusesInvalidNamespace() throws {
        let secret = "apiVersion: v1\nkind: Secret\nmetadata: {name: db}\nstringData: {password: hunter2}\n"
        let result = try CLI.run(["seal", "--cert", Self.cert, "-n", "Prod"], stdin: Array(secret.utf8))
        #expect(result.exitCode == 2)
        #expect(result.stdout.isEmpty)
        #expect(
            result.stderr
                == "-:1: error: -n 'Prod' is not a valid Kubernetes namespace: it contains the upper-case letter 'P'; Kubernetes allows only lower-case letters, digits and '-' (and '.' in names)\n"
        )
        let raw = try CLI.run(["seal", "--cert", Self.cert, "--raw", "--name", "db", "-n", "my namespace"], stdin: Array("x".utf8))
        #expect(raw.exitCode == 2)
        #expect(raw.stdout.isEmpty)
        #expect(
            raw.stderr
                == "error: --namespace 'my namespace' is not a valid Kubernetes namespace: it contains a space; Kubernetes allows only lower-case letters, digits and '-' (and '.' in names)\n"
        )
    }

    @Test("verify reports a SealedSecret with a hostile name as malformed, without printing the name")
    func verifyRefusesHostileName() throws {
        let yaml = """
            apiVersion: bitnami.com/v1alpha1
            kind: SealedSecret
            metadata:
              name: "db\\nsealed.yaml:1:1: error: forged"
              namespace: prod
            spec:
              encryptedData: {password: AAAA}

            """
        let result = try CLI.run(["verify", "--key", Self.key, "-f", "-"], stdin: Array(yaml.utf8))
        #expect(result.exitCode == 1)
        #expect(
            errorLines(result) == [
                "-:1: error: the SealedSecret's metadata.name is not a valid Kubernetes name: it contains U+000A; Kubernetes allows only lower-case letters, digits and '-' (and '.' in names)",
                "1 SealedSecret is malformed",
            ])
    }
}

extension SealingHardeningTests {
    // MARK: - Plaintext in messages

    @Test("an unquoted password that starts with '*' is not printed in the alias error", arguments: ["seal", "check"])
    func aliasErrorHoldsNoPlaintext(command: String) throws {
        let secret = "apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: prod}\nstringData:\n  password: *Tr0ub4dor3\n"
        let arguments = command == "seal" ? ["seal", "--cert", Self.cert, "-f", "-"] : ["check", "-"]
        let result = try CLI.run(arguments, stdin: Array(secret.utf8))
        #expect(result.exitCode != 0)
        #expect(!result.stderr.contains("Tr0ub4dor3") && !result.stdout.contains("Tr0ub4dor3"), "\(result.stderr)\(result.stdout)")
        // check reports it as a finding on standard output; seal as an error on standard error.
        #expect((result.stderr + result.stdout).contains("-:5:13: error: this '*' starts an alias"), "\(result.stderr)")
    }
}

extension SealingHardeningTests {
    // MARK: - keygen

    @Test("keygen refuses a validity past 9999 at once, before making the directory or a key")
    func keygenRefusesValidityPast9999() throws {
        let root = try CLI.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try CLI.run(["keygen", "--out", "keys", "--days", "3000000"], in: root)
        #expect(result.exitCode == 2)
        #expect(
            result.stderr.hasPrefix(
                "error: --days 3000000 would end the certificate after 9999-12-31, the last date X.509 can hold; use at most "),
            "\(result.stderr)")
        #expect(result.stderr.hasSuffix("\nsee 'sealgate keygen --help'\n"))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("keys").path))
        let cn = try CLI.run(["keygen", "--out", "keys", "--cn", ""], in: root)
        #expect(cn.exitCode == 2)
        #expect(cn.stderr == "error: --cn must be 1 to 64 characters (X.509's limit), not 0\nsee 'sealgate keygen --help'\n")
        #expect(!cn.stderr.contains("asn1"))
    }
}

extension SealingHardeningTests {
    // MARK: - Sizes Kubernetes refuses

    @Test("seal refuses a Secret over Kubernetes' 1 MiB; exactly 1 MiB is sealed")
    func sealRefusesSecretOverOneMiB() throws {
        func secret(_ size: Int) -> [UInt8] {
            Array(
                "apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: prod}\nstringData:\n  a: \(String(repeating: "x", count: size - 1))\n  b: z\n"
                    .utf8)
        }
        let over = try CLI.run(["seal", "--cert", Self.cert, "-f", "-"], stdin: secret((1 << 20) + 1))
        #expect(over.exitCode == 2)
        #expect(over.stdout.isEmpty)
        #expect(
            over.stderr
                == "-:1: error: the Secret's values total 1048577 bytes, over Kubernetes' limit of 1048576 bytes (1 MiB) for one Secret, which the API server would refuse; split the values over several Secrets, or mount large files another way\n"
        )
        let exact = try CLI.run(["seal", "--cert", Self.cert, "-f", "-"], stdin: secret(1 << 20))
        #expect(exact.exitCode == 0, "\(exact.stderr)")
    }

    @Test("seal --raw --from-file reads no more than it may seal, and names a directory as one")
    func rawFromFileIsBounded() throws {
        let root = try CLI.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try Data(count: (1 << 20) + 1).write(to: root.appendingPathComponent("big.bin"))
        let cert = CLI.repositoryRoot.appendingPathComponent(Self.cert).path
        let big = try CLI.run(["seal", "--cert", cert, "--raw", "--from-file", "big.bin", "--name", "db", "-n", "prod"], in: root)
        #expect(big.exitCode == 2)
        #expect(big.stdout.isEmpty)
        #expect(
            big.stderr
                == "error: the value is over Kubernetes' limit of 1048576 bytes (1 MiB) for one Secret, which the API server would refuse; split the values over several Secrets, or mount large files another way\n"
        )
        let directory = try CLI.run(["seal", "--cert", cert, "--raw", "--from-file", ".", "--name", "db", "-n", "prod"], in: root)
        #expect(directory.exitCode == 2)
        #expect(directory.stderr == ".: error: is a directory; --from-file takes one file\n")
    }
}

extension SealingHardeningTests {
    @Test("seal refuses an unquoted scope annotation instead of sealing with strict scope")
    func sealRefusesBoolScopeAnnotation() throws {
        let secret = """
            apiVersion: v1
            kind: Secret
            metadata:
              name: db
              namespace: prod
              annotations: {sealedsecrets.bitnami.com/cluster-wide: true}
            stringData: {password: hunter2}

            """
        let result = try CLI.run(["seal", "--cert", Self.cert, "-f", "-"], stdin: Array(secret.utf8))
        #expect(result.exitCode == 2)
        #expect(result.stdout.isEmpty)
        #expect(
            result.stderr
                == "-:6:57: error: 'metadata.annotations.sealedsecrets.bitnami.com/cluster-wide' is a bool, not a string; quote it\n")
    }

    @Test("a namespace that YAML reads as a number is refused, not taken for none (or for -n's)", arguments: ["seal", "verify"])
    func refusesNumericNamespace(command: String) throws {
        let yaml =
            command == "seal"
            ? "apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: 0777}\nstringData: {password: hunter2}\n"
            : "apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata: {name: db, namespace: 0777}\nspec: {encryptedData: {a: AAAA}}\n"
        let arguments =
            command == "seal" ? ["seal", "--cert", Self.cert, "-n", "other", "-f", "-"] : ["verify", "--key", Self.key, "-f", "-"]
        let result = try CLI.run(arguments, stdin: Array(yaml.utf8))
        #expect(result.exitCode == (command == "seal" ? 2 : 1))
        #expect(result.stdout.isEmpty)
        #expect(errorLines(result).first == "-:3:33: error: 'metadata.namespace' is an int, not a string; quote it")
    }
}
