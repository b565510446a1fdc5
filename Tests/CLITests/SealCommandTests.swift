// sealgate · CLI tests

import Foundation
import Testing

/// `keygen`, `cert`, `seal`, `unseal`, `reencrypt` and `verify`, through the built binary.
struct SealCommandTests {
    static let secret = """
        apiVersion: v1
        kind: Secret
        metadata:
          name: db
          namespace: shop
          annotations:
            kubectl.kubernetes.io/last-applied-configuration: '{"stringData":{"password":"hunter2"}}'
        type: Opaque
        stringData:
          password: hunter2
          user: admin
        """
    static let cert = "testdata/keys/current/tls.crt"
    static let key = "testdata/keys/current/tls.key"

    private func mode(_ path: String) throws -> Int {
        ((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1) & 0o777
    }

    @Test("seal then unseal gives the Secret back; the SealedSecret holds no plaintext", arguments: ["yaml", "json"])
    func roundTrip(format: String) throws {
        let sealed = try CLI.run(["seal", "--cert", Self.cert, "-o", format], stdin: Array(Self.secret.utf8))
        #expect(sealed.exitCode == 0, "\(sealed.stderr)")
        #expect(!sealed.stdout.contains("hunter2"))
        #expect(!sealed.stdout.contains("last-applied"))
        #expect(sealed.stdout.contains("SealedSecret"))
        let opened = try CLI.run(["unseal", "--key", Self.key], stdin: Array(sealed.stdout.utf8))
        #expect(opened.exitCode == 0, "\(opened.stderr)")
        #expect(opened.stdout.contains("password: aHVudGVyMg=="))  // base64 of hunter2
        #expect(opened.stdout.contains("user: YWRtaW4="))
    }

    @Test("every scope seals to a SealedSecret that verify opens", arguments: ["strict", "namespace-wide", "cluster-wide"])
    func scopes(scope: String) throws {
        let sealed = try CLI.run(["seal", "--cert", Self.cert, "--scope", scope], stdin: Array(Self.secret.utf8))
        #expect(sealed.exitCode == 0)
        if scope != "strict" { #expect(sealed.stdout.contains("sealedsecrets.bitnami.com/\(scope): \"true\"")) }
        let verified = try CLI.run(["verify", "--key", "testdata/keys/bitnami-key-backup-list.yaml"], stdin: Array(sealed.stdout.utf8))
        #expect(verified.exitCode == 0)
        #expect(verified.stdout == "ok: all 2 values in 1 SealedSecret decrypt with 2 keys\n")
    }

    @Test("the certificate comes from --cert, a file:// URL, or SEALGATE_CERT; without one it is a usage error")
    func certificateSources() throws {
        let fromEnvironment = try CLI.run(["seal"], stdin: Array(Self.secret.utf8), environment: ["SEALGATE_CERT": Self.cert])
        #expect(fromEnvironment.exitCode == 0)
        let url = "file://" + CLI.repositoryRoot.appendingPathComponent(Self.cert).path
        #expect(try CLI.run(["seal", "--cert", url], stdin: Array(Self.secret.utf8)).exitCode == 0)
        let none = try CLI.run(["seal"], stdin: Array(Self.secret.utf8))
        #expect(none.exitCode == 2)
        #expect(none.stderr.contains("no sealing certificate: pass --cert FILE|URL or set SEALGATE_CERT"))
    }

    static let badCertificates: [(String, String)] = [
        (
            "testdata/keys/ec-p256.crt",
            "testdata/keys/ec-p256.crt: error: the certificate's key is not RSA; sealed secrets need an RSA key\n"
        ),
        (
            "testdata/keys/rsa-1024.crt",
            "testdata/keys/rsa-1024.crt: error: the certificate's RSA key has 1024 bits, under the 2048-bit minimum; generate a new key with 'sealgate keygen'\n"
        ),
        (
            "testdata/keys/current/tls.key",
            "testdata/keys/current/tls.key: error: no PEM certificate (-----BEGIN CERTIFICATE-----) found; pass the file that 'kubeseal --fetch-cert' or 'sealgate cert' writes\n"
        ),
        ("testdata/keys/missing.crt", "testdata/keys/missing.crt: error: cannot read the certificate file; check the path\n"),
    ]

    @Test("a certificate that cannot seal is refused with exit 2 and nothing written", arguments: badCertificates)
    func badCertificate(cert: String, message: String) throws {
        let directory = try CLI.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("out.yaml").path
        let result = try CLI.run(["seal", "--cert", cert, "-w", out], stdin: Array(Self.secret.utf8))
        #expect(result.exitCode == 2)
        #expect(result.stderr == message)
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test("input that is not a Secret, or bad base64, is refused with its place; nothing is written")
    func badInput() throws {
        let deployment = try CLI.run(["seal", "--cert", Self.cert, "-f", "testdata/example-repo/apps/shop/cart.yaml"])
        #expect(deployment.exitCode == 2)
        #expect(deployment.stdout.isEmpty)
        #expect(
            deployment.stderr
                == "testdata/example-repo/apps/shop/cart.yaml:6: error: apps/v1 Deployment shop/cart is not a Secret (v1); only Secrets can be sealed\n"
        )
        let badData = try CLI.run(
            ["seal", "--cert", Self.cert],
            stdin: Array("apiVersion: v1\nkind: Secret\nmetadata: {name: a, namespace: b}\ndata:\n  key: '%%%'\n".utf8))
        #expect(badData.exitCode == 2)
        #expect(badData.stderr == "-:5:8: error: 'data.key' is not valid base64; use 'stringData' for plain text\n")
        let noNamespace = try CLI.run(
            ["seal", "--cert", Self.cert], stdin: Array("apiVersion: v1\nkind: Secret\nmetadata: {name: a}\nstringData: {k: v}\n".utf8))
        #expect(noNamespace.exitCode == 2)
        #expect(noNamespace.stderr.contains("scope strict needs a namespace"))
        #expect(
            try CLI.run(
                ["seal", "--cert", Self.cert, "-n", "given"],
                stdin: Array("apiVersion: v1\nkind: Secret\nmetadata: {name: a}\nstringData: {k: v}\n".utf8)
            ).exitCode == 0)
    }

    @Test("--raw prints only the base64 ciphertext, with no newline")
    func raw() throws {
        let result = try CLI.run(
            ["seal", "--cert", Self.cert, "--raw", "--name", "db", "--namespace", "shop"], stdin: Array("s3cret".utf8))
        #expect(result.exitCode == 0)
        #expect(!result.stdout.hasSuffix("\n"))
        let expectedLength = 2 + 256 + 6 + 16  // prefix, RSA-2048 block, "s3cret", GCM tag
        #expect(Data(base64Encoded: result.stdout)?.count == expectedLength)
        // Wrapped into a SealedSecret of the same identity, it opens.
        let wrapped =
            "apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata: {name: db, namespace: shop}\nspec:\n  encryptedData:\n    password: \(result.stdout)\n"
        #expect(try CLI.run(["verify", "--key", Self.key], stdin: Array(wrapped.utf8)).exitCode == 0)
        let missingName = try CLI.run(["seal", "--cert", Self.cert, "--raw", "--namespace", "shop"], stdin: Array("x".utf8))
        #expect(missingName.exitCode == 2)
        #expect(missingName.stderr == "error: --raw with scope strict needs --name\n")
    }

    @Test("--merge-into adds and replaces keys in place, keeping the others")
    func merge() throws {
        let directory = try CLI.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("db-sealed.yaml").path
        #expect(try CLI.run(["seal", "--cert", Self.cert, "-w", file], stdin: Array(Self.secret.utf8)).exitCode == 0)
        #expect(try mode(file) == 0o644)
        let before = try String(contentsOfFile: file, encoding: .utf8)
        let update = "apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: shop}\nstringData: {password: rotated, token: new}\n"
        let merged = try CLI.run(["seal", "--cert", Self.cert, "--merge-into", file], stdin: Array(update.utf8))
        #expect(merged.exitCode == 0, "\(merged.stderr)")
        let after = try String(contentsOfFile: file, encoding: .utf8)
        let userLine = { (text: String) in text.split(separator: "\n").first { $0.contains("user:") } }
        #expect(userLine(before) == userLine(after))
        #expect(after.contains("token:"))
        let opened = try CLI.run(["unseal", "--key", Self.key, "-f", file])
        #expect(opened.stdout.contains("password: cm90YXRlZA=="))  // base64 of rotated
        #expect(opened.stdout.contains("token: bmV3"))
    }

    @Test("unseal writes plaintext 0600; a value that does not open fails with exit 1 and nothing written")
    func unseal() throws {
        let directory = try CLI.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let sealedFile = directory.appendingPathComponent("sealed.yaml").path
        #expect(try CLI.run(["seal", "--cert", Self.cert, "-w", sealedFile], stdin: Array(Self.secret.utf8)).exitCode == 0)
        let out = directory.appendingPathComponent("plain.yaml").path
        #expect(try CLI.run(["unseal", "--key", Self.key, "-f", sealedFile, "-w", out]).exitCode == 0)
        #expect(try mode(out) == 0o600)
        let wrongKey = directory.appendingPathComponent("wrong.yaml").path
        let failed = try CLI.run(["unseal", "--key", "testdata/keys/old", "-f", sealedFile, "-w", wrongKey])
        #expect(failed.exitCode == 1)
        #expect(!FileManager.default.fileExists(atPath: wrongKey))
        #expect(failed.stderr.contains("error: SealedSecret shop/db: 'password': no key could decrypt it (tried 1 key: "))
        #expect(!failed.stderr.contains("hunter2"))
    }

    @Test("verify points at each failing value's line and exits 1")
    func verifyFailures() throws {
        let directory = try CLI.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("sealed.yaml").path
        #expect(
            try CLI.run(["seal", "--cert", Self.cert, "--scope", "cluster-wide", "-w", file], stdin: Array(Self.secret.utf8)).exitCode == 0)
        // Drop the scope annotation from the SealedSecret's own metadata (the first occurrence).
        var text = try String(contentsOfFile: file, encoding: .utf8)
        text = text.replacingOccurrences(
            of: "  annotations:\n    sealedsecrets.bitnami.com/cluster-wide: \"true\"\n", with: "", options: [],
            range: text.range(
                of: "metadata:\n  name: db\n  namespace: shop\n  annotations:\n    sealedsecrets.bitnami.com/cluster-wide: \"true\"\n"))
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let result = try CLI.run(["verify", "--key", Self.key, "-f", file])
        #expect(result.exitCode == 1)
        // A fresh clone has the fixture key at mode 0644 (git keeps no modes): its warning is not the point here.
        let lines = result.stderr.split(separator: "\n").map(String.init).filter { !$0.contains(": warning: ") }
        #expect(lines.count == 3)
        #expect(
            lines[0].hasPrefix(
                "\(file):8:15: error: SealedSecret shop/db: 'password': was sealed with cluster-wide scope, but this SealedSecret declares strict scope as shop/db"
            ))
        #expect(lines[2] == "2 of 2 values in 1 SealedSecret do not decrypt")
    }

    @Test("verify reports a malformed SealedSecret, checks the others, and exits 1")
    func verifyMalformed() throws {
        let sealed = try CLI.run(["seal", "--cert", Self.cert], stdin: Array(Self.secret.utf8))
        let broken = """
            apiVersion: bitnami.com/v1alpha1
            kind: SealedSecret
            metadata: {name: broken, namespace: shop}
            spec:
              encryptedData: {password: 42}
            """
        let result = try CLI.run(["verify", "--key", Self.key], stdin: Array((broken + "\n---\n" + sealed.stdout).utf8))
        let lines = result.stderr.split(separator: "\n").map(String.init).filter { !$0.contains(": warning: ") }
        #expect(lines == ["-:5:29: error: 'spec.encryptedData.password' is an int, not a base64 string", "1 SealedSecret is malformed"])
        #expect(result.exitCode == 1)
    }

    @Test("reencrypt moves every value to the new certificate without plaintext in its output")
    func reencrypt() throws {
        let sealed = try CLI.run(["seal", "--cert", "testdata/keys/old/tls.crt"], stdin: Array(Self.secret.utf8))
        let moved = try CLI.run(["reencrypt", "--key", "testdata/keys/old", "--cert", Self.cert], stdin: Array(sealed.stdout.utf8))
        #expect(moved.exitCode == 0, "\(moved.stderr)")
        #expect(!moved.stdout.contains("hunter2"))
        #expect(try CLI.run(["verify", "--key", Self.key], stdin: Array(moved.stdout.utf8)).exitCode == 0)
        #expect(try CLI.run(["verify", "--key", "testdata/keys/old"], stdin: Array(moved.stdout.utf8)).exitCode == 1)
    }

    @Test("keygen writes a 0600 key, its certificate and a Bitnami key Secret that the ring reads back")
    func keygen() throws {
        let directory = try CLI.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("keys").path
        let manifest = directory.appendingPathComponent("key-secret.yaml").path
        let result = try CLI.run([
            "keygen", "--out", out, "--bits", "2048", "--cn", "test", "--secret-manifest", manifest, "-n", "sealed-secrets",
        ])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(try mode(out + "/tls.key") == 0o600)
        #expect(try mode(out + "/tls.crt") == 0o644)
        #expect(try mode(manifest) == 0o600)
        let secretText = try String(contentsOfFile: manifest, encoding: .utf8)
        #expect(secretText.contains("type: kubernetes.io/tls"))
        #expect(secretText.contains("sealedsecrets.bitnami.com/sealed-secrets-key: active"))
        #expect(secretText.contains("namespace: sealed-secrets"))
        #expect(secretText.range(of: #"name: sealed-secrets-key[a-z0-9]{5}\n"#, options: .regularExpression) != nil)
        let certFromManifest = try CLI.run(["cert", "--key", manifest])
        let certFile = try String(contentsOfFile: out + "/tls.crt", encoding: .utf8)
        #expect(certFromManifest.stdout == certFile)
        let again = try CLI.run(["keygen", "--out", out, "--bits", "2048"])
        #expect(again.exitCode == 2)
        #expect(again.stderr.contains("already exists; pass --force"))
        let tooSmall = try CLI.run(["keygen", "--out", out, "--bits", "1024", "--force"])
        #expect(tooSmall.exitCode == 2)
    }

    @Test("cert prints the newest key's certificate")
    func cert() throws {
        let result = try CLI.run("cert", "--key", "testdata/keys/bitnami-key-backup-list.yaml")
        #expect(result.exitCode == 0)
        #expect(result.stdout == (try String(contentsOf: CLI.repositoryRoot.appendingPathComponent(Self.cert), encoding: .utf8)))
        #expect(result.stderr.contains("warning: this private key file can be read by group or others") || result.stderr.isEmpty)
    }
}

/// `--cert http://…`, against a server on loopback that this test starts and stops.
struct CertificateURLTests {
    @Test(
        "the certificate can be fetched over HTTP; an HTTP error is reported with its status",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"), "needs /usr/bin/python3 for a loopback HTTP server"))
    func http() throws {
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        server.arguments = [
            "-c",
            """
            import http.server, sys, functools
            handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[1])
            httpd = http.server.HTTPServer(("127.0.0.1", 0), handler)
            print(httpd.server_address[1], flush=True)
            httpd.timeout = 30
            for _ in range(4): httpd.handle_request()
            """, CLI.repositoryRoot.appendingPathComponent("testdata/keys/current").path,
        ]
        let portPipe = Pipe()
        server.standardOutput = portPipe
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { server.terminate() }
        let line = String(decoding: portPipe.fileHandleForReading.availableData, as: UTF8.self)
        let port = try #require(Int(line.trimmingCharacters(in: .whitespacesAndNewlines)))
        let secret = Array(SealCommandTests.secret.utf8)
        let fetched = try CLI.run(["seal", "--cert", "http://127.0.0.1:\(port)/tls.crt"], stdin: secret)
        #expect(fetched.exitCode == 0, "\(fetched.stderr)")
        #expect(fetched.stdout.contains("kind: SealedSecret"))
        let missing = try CLI.run(["seal", "--cert", "http://127.0.0.1:\(port)/nothing.crt"], stdin: secret)
        #expect(missing.exitCode == 2)
        #expect(missing.stderr == "http://127.0.0.1:\(port)/nothing.crt: error: fetching the certificate answered HTTP 404\n")
    }
}
