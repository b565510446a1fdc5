// sealgate · SealedSecrets tests

import KubeManifest
import Testing
@testable import SealedSecrets

/// Secret keys follow apimachinery's `IsConfigMapKey`, as the API server applies it to every Secret.
struct SecretKeyNameTests {
    static let validKeys = [
        "password", "tls.crt", "tls.key", ".dockerconfigjson", "A_b-9", "a..b", "a..", ".a", "-", "_", "9",
        String(repeating: "k", count: 253),
    ]

    @Test("keys Kubernetes accepts are valid", arguments: validKeys)
    func valid(key: String) {
        #expect(SecretKeyName.problem(key) == nil)
        #expect(SecretKeyName.isValid(key))
    }

    static let invalidKeys: [(String, String)] = [
        ("", "it is empty"),
        ("../../etc/passwd", "it contains '/'"),
        ("a/b", "it contains '/'"),
        ("with space", "it contains a space"),
        ("é", "it contains U+00E9"),
        ("tab\there", "it contains U+0009"),
        ("esc\u{1B}[2J", "it contains U+001B"),
        ("a:b", "it contains ':'"),
        ("snow\u{2603}", "it contains U+2603"),
        (".", "it is '.', which names a directory"),
        ("..", "it is '..', which names a directory"),
        ("..data", "it starts with '..'"),
        ("...", "it starts with '..'"),
        (String(repeating: "k", count: 254), "it is 254 bytes long, over Kubernetes' limit of 253"),
    ]

    @Test("keys Kubernetes refuses are invalid, and the reason names what is wrong", arguments: invalidKeys)
    func invalid(key: String, problem: String) {
        #expect(SecretKeyName.problem(key) == problem)
        #expect(!SecretKeyName.isValid(key))
    }

    @Test("seal refuses an invalid key in data or stringData, pointing at the key")
    func sealRefuses() throws {
        let inData = #expect(throws: SealedSecretsError.self) {
            try secret("apiVersion: v1\nkind: Secret\nmetadata: {name: a}\ndata:\n  ok: eA==\n  a/b: eA==\n")
        }
        #expect(inData?.code == .invalidInput)
        #expect(
            inData?.description
                == "input.yaml:6:3: error: secret key 'a/b' is not valid: it contains '/'; rename it to use only letters, digits, '-', '_' and '.'"
        )
        let inStringData = #expect(throws: SealedSecretsError.self) {
            try secret("apiVersion: v1\nkind: Secret\nmetadata: {name: a}\nstringData: {'': x}\n")
        }
        #expect(
            inStringData?.description
                == "input.yaml:4:14: error: secret key '' is not valid: it is empty; rename it to use only letters, digits, '-', '_' and '.'"
        )
    }

    @Test("the unsealer refuses to open a value under an invalid key; the other values still open")
    func unsealRefuses() throws {
        var sealed = try sealAndReload(
            "apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: shop}\nstringData: {password: hunter2, user: admin}\n")
        let index = try #require(sealed.encryptedData.firstIndex { $0.key == "password" })
        sealed.encryptedData[index].key = "../../etc/passwd"
        let outcome = try #require(Unsealer(ring: TestKeys.current).open([sealed]).first)
        #expect(outcome.failures.map(\.key) == ["../../etc/passwd"])
        #expect(outcome.failures.first?.code == .invalidInput)
        #expect(
            outcome.failures.first?.description
                == "'../../etc/passwd': is not a valid secret key: it contains '/'; rename it to use only letters, digits, '-', '_' and '.' (the value need not be re-sealed)"
        )
        #expect(outcome.values.filter { (try? $0.result.get()) != nil }.map(\.key) == ["user"])
    }

    @Test("a key Kubernetes refuses in the template's data stops unseal from building the Secret")
    func templateDataKey() throws {
        var sealed = try sealAndReload(
            "apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: shop}\nstringData: {password: hunter2}\n")
        var data = Mapping()
        data.put("a/b", .string("literal"))
        sealed.template.put("data", .map(data))
        let unsealer = Unsealer(ring: TestKeys.current)
        let outcome = try #require(unsealer.open([sealed]).first)
        let error = #expect(throws: SealedSecretsError.self) { try unsealer.secret(from: outcome) }
        #expect(error?.code == .invalidInput)
        #expect(
            error?.reason
                == "'spec.template.data' key 'a/b' is not valid: it contains '/'; rename it to use only letters, digits, '-', '_' and '.'")
    }
}
