// sealgate · SealedSecrets tests

import Testing
@testable import SealedSecrets

struct HybridCipherTests {
    let key = TestKeys.current.keys[0].privateKey
    let publicKey = TestKeys.currentCertificate.publicKey

    @Test("sealed bytes are length prefix, RSA block, GCM ciphertext and 16-byte tag", arguments: [0, 1, 17, 1000, 65_536])
    func layout(length: Int) throws {
        let plaintext = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let sealed = try HybridCipher.seal(plaintext, label: Array("shop/db".utf8), to: publicKey)
        // RSA 2048 gives a 256-byte block; GCM adds nothing but the tag.
        #expect(sealed[0] == 0x01 && sealed[1] == 0x00)
        #expect(sealed.count == 2 + 256 + length + 16)
        #expect(try HybridCipher.open(sealed, label: Array("shop/db".utf8), with: key) == plaintext)
    }

    @Test("each seal uses a fresh session key: the same value never seals the same way twice")
    func fresh() throws {
        let a = try HybridCipher.seal(Array("same".utf8), label: [], to: publicKey)
        let b = try HybridCipher.seal(Array("same".utf8), label: [], to: publicKey)
        #expect(a != b)
        #expect(a[(2 + 256)...] != b[(2 + 256)...])
    }

    @Test("the label binds the value to its scope: another label does not open it")
    func labelBinding() throws {
        let sealed = try HybridCipher.seal(Array("v".utf8), label: Array("shop/db".utf8), to: publicKey)
        for wrong in ["shop/other", "shop", "", "other/db"] {
            #expect(throws: SealedSecretsError.self) { try HybridCipher.open(sealed, label: Array(wrong.utf8), with: key) }
        }
    }

    @Test("a key that did not seal the value cannot open it")
    func otherKey() throws {
        let sealed = try HybridCipher.seal(Array("v".utf8), label: [], to: publicKey)
        let error = #expect(throws: SealedSecretsError.self) {
            try HybridCipher.open(sealed, label: [], with: TestKeys.old.keys[0].privateKey)
        }
        #expect(error?.code == .decryptionFailed)
    }

    @Test("GCM rejects any changed byte of the ciphertext or tag")
    func tamper() throws {
        let sealed = try HybridCipher.seal(Array("top secret".utf8), label: [], to: publicKey)
        for index in [2 + 256, 2 + 256 + 5, sealed.count - 1] {
            var changed = sealed
            changed[index] ^= 0x01
            let error = #expect(throws: SealedSecretsError.self) { try HybridCipher.open(changed, label: [], with: key) }
            #expect(error?.code == .decryptionFailed)
            #expect(error?.reason.contains("GCM tag does not match") == true)
        }
    }

    @Test("values too short for the prefix, the RSA block or the tag are refused as truncated")
    func truncated() throws {
        let sealed = try HybridCipher.seal(Array("x".utf8), label: [], to: publicKey)
        for length in [0, 1, 2, 100, 2 + 256, 2 + 256 + 15] {
            let error = #expect(throws: SealedSecretsError.self) {
                try HybridCipher.open(Array(sealed.prefix(length)), label: [], with: key)
            }
            #expect(error?.code == .truncated, "length \(length)")
        }
    }
}
