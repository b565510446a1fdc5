// sealgate · CLI tests

import Foundation
import Testing

/// Keys scoped to one namespace: `keygen --namespace` writes the key as a Secret of that namespace, and
/// `seal --cert DIR` seals each Secret with `DIR/<its namespace>.crt`.
struct CertificateDirectoryTests {
    /// Two Secrets of `shop` and one of `billing`, in one input.
    static let secrets = """
        apiVersion: v1
        kind: Secret
        metadata: {name: db, namespace: shop}
        stringData: {password: hunter2}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: ledger, namespace: billing}
        stringData: {token: s3cret}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: cache, namespace: shop}
        stringData: {password: p}
        """
    /// The key whose certificate is `shop.crt`, and the one of `billing.crt` (absolute: some runs are in a
    /// scratch directory).
    static let keys = ["shop": "testdata/keys/current", "billing": "testdata/keys/old"].mapValues {
        CLI.repositoryRoot.appendingPathComponent($0).path
    }

    /// A new directory holding `shop.crt` and `billing.crt` (the two test keys' certificates).
    private func certificateDirectory() throws -> URL {
        let directory = try CLI.scratchDirectory()
        let certificates = directory.appendingPathComponent("certs")
        try FileManager.default.createDirectory(at: certificates, withIntermediateDirectories: true)
        for (namespace, key) in Self.keys {
            try FileManager.default.copyItem(
                at: URL(fileURLWithPath: key + "/tls.crt"), to: certificates.appendingPathComponent("\(namespace).crt"))
        }
        return directory
    }

    /// Standard error without the warnings about the fixture keys' modes (git keeps none).
    private func errors(_ result: CLIResult) -> String {
        result.stderr.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains(": warning: ") }
            .joined(separator: "\n")
    }

    @Test("keygen --namespace writes the key as a Secret of that namespace, with the controller's label and sealgate's")
    func keygenLabels() throws {
        let directory = try CLI.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let manifest = directory.appendingPathComponent("shop-key.yaml").path
        let result = try CLI.run([
            "keygen", "--out", directory.appendingPathComponent("keys").path, "--bits", "2048", "--namespace", "shop",
            "--secret-manifest", manifest,
        ])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let text = try String(contentsOfFile: manifest, encoding: .utf8)
        #expect(
            text.contains(
                "  namespace: shop\n  labels:\n    sealedsecrets.bitnami.com/sealed-secrets-key: active\n    sealgate.dev/sealing-key: active\n"
            ))
        #expect(text.contains("type: kubernetes.io/tls\n"))
        // unseal's key ring reads it back.
        #expect(try CLI.run(["cert", "--key", manifest]).stdout.hasPrefix("-----BEGIN CERTIFICATE-----\n"))
        let help = try CLI.run(["keygen", "--help"])
        #expect(help.stdout.contains("The namespace the key belongs to"))
    }

    @Test("one input with two namespaces: each value opens with its namespace's key and not with the other's")
    func twoNamespaces() throws {
        let directory = try certificateDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let sealed = try CLI.run(["seal", "--cert", "certs", "-f", "-"], stdin: Array(Self.secrets.utf8), in: directory)
        #expect(sealed.exitCode == 0, "\(sealed.stderr)")
        #expect(sealed.stderr.isEmpty)
        let documents = sealed.stdout.components(separatedBy: "\n---\n")
        try #require(documents.count == 3)
        let expected = [("shop", "password: aHVudGVyMg=="), ("billing", "token: czNjcmV0"), ("shop", "password: cA==")]
        for (document, (namespace, plaintext)) in zip(documents, expected) {
            #expect(document.contains("  namespace: \(namespace)\n"))
            let own = try CLI.run(["unseal", "--key", Self.keys[namespace]!], stdin: Array(document.utf8))
            #expect(own.exitCode == 0, "\(own.stderr)")
            #expect(own.stdout.contains(plaintext))
            let other = namespace == "shop" ? "billing" : "shop"
            let foreign = try CLI.run(["unseal", "--key", Self.keys[other]!], stdin: Array(document.utf8))
            #expect(foreign.exitCode == 1)
            #expect(foreign.stdout.isEmpty)
            #expect(errors(foreign).contains("no key could decrypt it"))
        }
        // The same through SEALGATE_CERT and a file:// URL.
        for environment in [["SEALGATE_CERT": "certs"], ["SEALGATE_CERT": "file://" + directory.appendingPathComponent("certs").path]] {
            let result = try CLI.run(["seal"], stdin: Array(Self.secrets.utf8), in: directory, environment: environment)
            #expect(result.exitCode == 0, "\(result.stderr)")
            #expect(
                try CLI.run(["verify", "--key", Self.keys["shop"]!, "--key", Self.keys["billing"]!], stdin: Array(result.stdout.utf8))
                    .exitCode == 0)
        }
    }

    @Test("a namespace without a certificate is named with the file expected and how to make it; nothing is written")
    func missingCertificate() throws {
        let directory = try certificateDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = Self.secrets + "\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: web, namespace: blog}\nstringData: {k: v}\n"
        let result = try CLI.run(["seal", "--cert", "certs", "-w", "out.yaml"], stdin: Array(input.utf8), in: directory)
        #expect(result.exitCode == 2)
        #expect(
            result.stderr
                == "-:16: error: Secret blog/web is in namespace blog, and certs/blog.crt does not exist; create the namespace's key with 'sealgate keygen --namespace blog --out DIR --secret-manifest FILE' and copy DIR/tls.crt to certs/blog.crt, or write the certificate of a key it has with 'sealgate cert --key KEYS > certs/blog.crt'\n"
        )
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("out.yaml").path))
        // A certificate that is there but cannot seal is refused as a single one is, at its path.
        try FileManager.default.copyItem(
            at: CLI.repositoryRoot.appendingPathComponent("testdata/keys/rsa-1024.crt"),
            to: directory.appendingPathComponent("certs/blog.crt"))
        let weak = try CLI.run(["seal", "--cert", "certs"], stdin: Array(input.utf8), in: directory)
        #expect(weak.exitCode == 2)
        #expect(
            weak.stderr
                == "certs/blog.crt: error: the certificate's RSA key has 1024 bits, under the 2048-bit minimum; generate a new key with 'sealgate keygen'\n"
        )
    }

    @Test("a Secret without a namespace is refused unless --namespace gives one")
    func noNamespace() throws {
        let directory = try certificateDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let bare = "apiVersion: v1\nkind: Secret\nmetadata: {name: web}\nstringData: {k: v}\n"
        let result = try CLI.run(["seal", "--cert", "certs"], stdin: Array(bare.utf8), in: directory)
        #expect(result.exitCode == 2)
        #expect(
            result.stderr
                == "-:1: error: Secret web has no namespace, and --cert certs seals each Secret with its namespace's certificate (certs/<namespace>.crt); set metadata.namespace or pass --namespace\n"
        )
        let given = try CLI.run(["seal", "--cert", "certs", "--namespace", "billing"], stdin: Array(bare.utf8), in: directory)
        #expect(given.exitCode == 0, "\(given.stderr)")
        #expect(try CLI.run(["verify", "--key", Self.keys["billing"]!], stdin: Array(given.stdout.utf8)).exitCode == 0)
        #expect(try CLI.run(["verify", "--key", Self.keys["shop"]!], stdin: Array(given.stdout.utf8)).exitCode == 1)
        // A namespace that contradicts the Secret's is the usual error, not a certificate lookup.
        let conflict = try CLI.run(["seal", "--cert", "certs", "-n", "blog"], stdin: Array(Self.secrets.utf8), in: directory)
        #expect(conflict.stderr == "-:1: error: the Secret is in namespace 'shop' but -n says 'blog'; drop -n or change the Secret\n")
    }

    @Test("cluster-wide scope needs one certificate every namespace shares: a directory is refused")
    func clusterWide() throws {
        let directory = try certificateDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let flag = try CLI.run(["seal", "--cert", "certs", "--scope", "cluster-wide"], stdin: Array(Self.secrets.utf8), in: directory)
        #expect(flag.exitCode == 2)
        #expect(
            flag.stderr
                == "error: --scope cluster-wide: a cluster-wide value must be sealed with one certificate that every namespace shares, not with one namespace's from --cert certs; pass that certificate as a file\nsee 'sealgate seal --help'\n"
        )
        let fromEnvironment = try CLI.run(
            ["seal", "--scope", "cluster-wide"], stdin: Array(Self.secrets.utf8), in: directory, environment: ["SEALGATE_CERT": "certs"])
        #expect(fromEnvironment.stderr.contains("not with one namespace's from SEALGATE_CERT=certs; pass that certificate as a file\n"))
        // kubeseal's variable is named as the place the directory came from too.
        let fromKubeseal = try CLI.run(
            ["seal", "--scope", "cluster-wide"], stdin: Array(Self.secrets.utf8), in: directory,
            environment: ["SEALED_SECRETS_CERT": "certs"])
        #expect(fromKubeseal.stderr.contains("not with one namespace's from SEALED_SECRETS_CERT=certs; pass that certificate as a file\n"))
        let annotated = """
            apiVersion: v1
            kind: Secret
            metadata: {name: web, namespace: shop, annotations: {sealedsecrets.bitnami.com/cluster-wide: "true"}}
            stringData: {k: v}
            """
        let annotation = try CLI.run(["seal", "--cert", "certs"], stdin: Array(annotated.utf8), in: directory)
        #expect(annotation.exitCode == 2)
        #expect(
            annotation.stderr
                == "-:1: error: Secret shop/web has cluster-wide scope, and a cluster-wide value must be sealed with one certificate that every namespace shares, not with one namespace's from --cert certs; pass that certificate as a file, or seal with --scope strict or namespace-wide\n"
        )
        // --scope namespace-wide overrides the annotation and seals with the namespace's certificate.
        let overridden = try CLI.run(["seal", "--cert", "certs", "--scope", "namespace-wide"], stdin: Array(annotated.utf8), in: directory)
        #expect(overridden.exitCode == 0, "\(overridden.stderr)")
    }

    @Test("--raw with a directory needs --namespace, and seals with that namespace's certificate")
    func raw() throws {
        let directory = try certificateDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let none = try CLI.run(["seal", "--cert", "certs", "--raw", "--name", "db"], stdin: Array("x".utf8), in: directory)
        #expect(none.exitCode == 2)
        #expect(
            none.stderr
                == "error: --raw with --cert certs, a directory of per-namespace certificates, needs --namespace to pick certs/<namespace>.crt\nsee 'sealgate seal --help'\n"
        )
        let outside = try CLI.run(
            ["seal", "--cert", "certs", "--raw", "--name", "db", "-n", "../certs/shop"], stdin: Array("x".utf8), in: directory)
        #expect(outside.exitCode == 2)
        #expect(outside.stderr.hasPrefix("error: --namespace '../certs/shop' is not a valid Kubernetes namespace: "))
        let missing = try CLI.run(
            ["seal", "--cert", "certs", "--raw", "--name", "db", "-n", "blog"], stdin: Array("x".utf8), in: directory)
        #expect(missing.stderr.hasPrefix("error: the value is for namespace blog (--namespace), and certs/blog.crt does not exist; "))
        let sealed = try CLI.run(
            ["seal", "--cert", "certs", "--raw", "--name", "db", "-n", "billing"], stdin: Array("x".utf8), in: directory)
        #expect(sealed.exitCode == 0, "\(sealed.stderr)")
        let wrapped =
            "apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata: {name: db, namespace: billing}\nspec:\n  encryptedData:\n    password: \(sealed.stdout)\n"
        #expect(try CLI.run(["verify", "--key", Self.keys["billing"]!], stdin: Array(wrapped.utf8)).exitCode == 0)
        #expect(try CLI.run(["verify", "--key", Self.keys["shop"]!], stdin: Array(wrapped.utf8)).exitCode == 1)
    }

    @Test("--merge-into with a directory seals with the certificate of the SealedSecret's namespace")
    func merge() throws {
        let directory = try certificateDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = "apiVersion: v1\nkind: Secret\nmetadata: {name: ledger, namespace: billing}\nstringData: {token: s3cret}\n"
        #expect(try CLI.run(["seal", "--cert", "certs", "-w", "ledger.yaml"], stdin: Array(ledger.utf8), in: directory).exitCode == 0)
        // The update names no namespace: the SealedSecret's decides, as kubeseal's --merge-into does.
        let update = "apiVersion: v1\nkind: Secret\nmetadata: {name: ledger}\nstringData: {rotated: new}\n"
        let merged = try CLI.run(["seal", "--cert", "certs", "--merge-into", "ledger.yaml"], stdin: Array(update.utf8), in: directory)
        #expect(merged.exitCode == 0, "\(merged.stderr)")
        let opened = try CLI.run(["unseal", "--key", Self.keys["billing"]!, "-f", "ledger.yaml"], in: directory)
        #expect(opened.exitCode == 0, "\(opened.stderr)")
        #expect(opened.stdout.contains("rotated: bmV3"))
        try FileManager.default.removeItem(at: directory.appendingPathComponent("certs/billing.crt"))
        let missing = try CLI.run(["seal", "--cert", "certs", "--merge-into", "ledger.yaml"], stdin: Array(update.utf8), in: directory)
        #expect(missing.exitCode == 2)
        #expect(
            missing.stderr.hasPrefix(
                "ledger.yaml:1: error: SealedSecret billing/ledger is in namespace billing, and certs/billing.crt does not exist; "))
    }

    @Test("reencrypt takes one certificate: a directory is refused by name")
    func reencryptRefusesDirectory() throws {
        let directory = try certificateDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try CLI.run(["reencrypt", "--key", Self.keys["shop"]!, "--cert", "certs"], in: directory)
        #expect(result.exitCode == 2)
        #expect(
            errors(result)
                == "certs: error: is a directory; this command takes one certificate file (only 'seal' takes a directory of <namespace>.crt files)\n"
        )
    }
}
