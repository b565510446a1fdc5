// sealgate · CLI tests

import Foundation
import Testing

/// The libraries' messages name no flag; the command line says which flag passed what. These pin the
/// command line's words for every library error about an argument, as they read before the libraries
/// dropped the flags.
struct ErrorHintTests {
    static let cert = "testdata/keys/current/tls.crt"
    static let key = "testdata/keys/current/tls.key"

    @Test("seal names --name, -n and --scope where the Secret and the flags disagree or fall short")
    func sealIdentity() throws {
        let named = "apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: shop}\nstringData: {password: hunter2}\n"
        let namespace = try CLI.run(["seal", "--cert", Self.cert, "-n", "other"], stdin: Array(named.utf8))
        #expect(namespace.exitCode == 2)
        #expect(namespace.stderr == "-:1: error: the Secret is in namespace 'shop' but -n says 'other'; drop -n or change the Secret\n")
        let name = try CLI.run(["seal", "--cert", Self.cert, "--name", "web"], stdin: Array(named.utf8))
        #expect(name.stderr == "-:1: error: the Secret is named 'db' but --name says 'web'; drop --name or change the Secret\n")

        let unnamed = "apiVersion: v1\nkind: Secret\nmetadata: {namespace: shop}\nstringData: {password: hunter2}\n"
        let noName = try CLI.run(["seal", "--cert", Self.cert], stdin: Array(unnamed.utf8))
        #expect(noName.stderr == "-:1: error: the Secret has no metadata.name; set one or pass --name\n")
        let bare = "apiVersion: v1\nkind: Secret\nmetadata: {name: db}\nstringData: {password: hunter2}\n"
        let noNamespace = try CLI.run(["seal", "--cert", Self.cert, "--scope", "namespace-wide"], stdin: Array(bare.utf8))
        #expect(
            noNamespace.stderr
                == "-:1: error: scope namespace-wide needs a namespace, and the Secret has none; set metadata.namespace, pass -n NAMESPACE, or use --scope cluster-wide\n"
        )
        let badName = try CLI.run(["seal", "--cert", Self.cert, "--name", "DB", "-n", "shop"], stdin: Array(unnamed.utf8))
        #expect(badName.stderr.hasPrefix("-:1: error: --name 'DB' is not a valid Kubernetes name: "))
    }

    @Test("seal --raw names --raw, --namespace and --name")
    func sealRaw() throws {
        let namespace = try CLI.run(["seal", "--cert", Self.cert, "--raw", "--scope", "namespace-wide"], stdin: Array("x".utf8))
        #expect(namespace.exitCode == 2)
        #expect(namespace.stderr == "error: --raw with scope namespace-wide needs --namespace\n")
    }

    @Test("the key options name --key")
    func keys() throws {
        let directory = try CLI.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let sealed =
            "apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata: {name: db, namespace: shop}\nspec: {encryptedData: {}}\n"
        let missing = try CLI.run(["verify", "--key", "no-such-key"], stdin: Array(sealed.utf8), in: directory)
        #expect(missing.stderr == "no-such-key: error: no such file or directory; check the --key path\n")
        let empty = try CLI.run(["verify", "--key", "."], stdin: Array(sealed.utf8), in: directory)
        #expect(
            empty.stderr
                == ".: error: no private key found; --key takes a PEM private key, a directory of keys, a key Secret manifest or the List that 'kubectl get secret -l sealedsecrets.bitnami.com/sealed-secrets-key -o yaml' writes\n"
        )
    }

    @Test("unseal advises --scope for a value sealed with another scope")
    func unsealScope() throws {
        let secret = "apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: shop}\nstringData: {password: hunter2}\n"
        let sealed = try CLI.run(["seal", "--cert", Self.cert, "--scope", "cluster-wide"], stdin: Array(secret.utf8))
        #expect(sealed.exitCode == 0)
        // Without its annotations, the SealedSecret declares strict scope.
        let stripped = sealed.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.contains("sealedsecrets.bitnami.com/cluster-wide") }.joined(separator: "\n")
        let result = try CLI.run(["unseal", "--key", Self.key], stdin: Array(stripped.utf8))
        #expect(result.exitCode == 1)
        #expect(
            result.stderr.contains(
                ": error: SealedSecret shop/db: 'password': was sealed with cluster-wide scope, but this SealedSecret declares strict scope as shop/db; add the annotation sealedsecrets.bitnami.com/cluster-wide: \"true\" or re-seal with --scope strict (key "
            ))
    }

    @Test("check names --policies for a binding whose policy is not loaded")
    func binding() throws {
        let directory = try CLI.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let binding = """
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicyBinding
            metadata: {name: b}
            spec: {policyName: elsewhere, validationActions: [Deny]}

            """
        try Data(binding.utf8).write(to: directory.appendingPathComponent("binding.yaml"))
        try Data("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n".utf8).write(to: directory.appendingPathComponent("m.yaml"))
        let result = try CLI.run(["check", "m.yaml", "--no-builtin", "--policies", "binding.yaml"], in: directory)
        #expect(result.exitCode == 2)
        #expect(
            result.stderr
                == "binding.yaml:1:1: error: ValidatingAdmissionPolicyBinding b binds the policy 'elsewhere', which is not among the policies given; add its file with --policies\n"
        )
    }

    @Test("keygen names --bits, --days and --cn")
    func keygen() throws {
        let directory = try CLI.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let bits = try CLI.run(["keygen", "--out", "keys", "--bits", "1024"], in: directory)
        #expect(bits.exitCode == 2)
        #expect(bits.stderr == "error: --bits must be between 2048 and 16384, not 1024\nsee 'sealgate keygen --help'\n")
        let days = try CLI.run(["keygen", "--out", "keys", "--days", "0"], in: directory)
        #expect(days.stderr == "error: --days must be at least 1, not 0\nsee 'sealgate keygen --help'\n")
    }
}
