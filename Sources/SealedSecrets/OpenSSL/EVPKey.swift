// sealgate · SealedSecrets

internal import COpenSSL

/// Owns an OpenSSL `EVP_PKEY` (public, or public and private) and frees it on deinit.
///
/// `@unchecked Sendable`: OpenSSL 3 allows one `EVP_PKEY` to be used from several threads at once for
/// read-only operations, and every operation here makes its own `EVP_PKEY_CTX`.
final class EVPKey: @unchecked Sendable {
    let pointer: OpaquePointer

    /// Takes ownership of `pointer`.
    init(owning pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        EVP_PKEY_free(pointer)
    }

    /// Whether this is an RSA key.
    var isRSA: Bool { EVP_PKEY_get_base_id(pointer) == EVP_PKEY_RSA }

    /// The key size in bits.
    var bits: Int { Int(EVP_PKEY_get_bits(pointer)) }

    /// The DER SubjectPublicKeyInfo of the public part.
    func publicKeyDER() throws(SealedSecretsError) -> [UInt8] {
        var buffer: UnsafeMutablePointer<UInt8>?
        let length = i2d_PUBKEY(pointer, &buffer)
        guard length > 0, let buffer else { throw OpenSSL.failure("encoding a public key") }
        defer { sealgate_openssl_free(buffer) }
        return Array(UnsafeBufferPointer(start: buffer, count: Int(length)))
    }

    /// SHA-256 of the DER public key in hex, as Bitnami's `kubeseal` computes key fingerprints.
    func fingerprint() throws(SealedSecretsError) -> String {
        try OpenSSL.sha256(publicKeyDER()).hexString
    }

    /// Whether `other` has the same public key.
    func hasSamePublicKey(as other: EVPKey) -> Bool {
        EVP_PKEY_eq(pointer, other.pointer) == 1
    }

    /// Reads every private key in a PEM text (PKCS#1 `RSA PRIVATE KEY` or PKCS#8 `PRIVATE KEY` blocks);
    /// other blocks (certificates) are left to their own reader.
    static func privateKeys(fromPEM pem: [UInt8]) throws(SealedSecretsError) -> [EVPKey] {
        var keys: [EVPKey] = []
        for block in PEMBlock.blocks(in: pem) where block.isPrivateKey {
            // PKCS#8 says so in its label, traditional PEM in a `Proc-Type: 4,ENCRYPTED` header.
            guard block.label != "ENCRYPTED PRIVATE KEY", !String(decoding: block.text, as: UTF8.self).contains("Proc-Type: 4,ENCRYPTED")
            else {
                throw SealedSecretsError(
                    .badKey, "the private key is encrypted with a passphrase; decrypt it first (openssl pkey -in KEY -out KEY.plain)")
            }
            let key = try OpenSSL.withReadBIO(block.text) { (bio) throws(SealedSecretsError) -> EVPKey in
                // A callback that refuses: with none, OpenSSL would prompt for a passphrase on the terminal.
                guard let key = PEM_read_bio_PrivateKey(bio, nil, { _, _, _, _ in -1 }, nil) else {
                    // OpenSSL's queue says "DECODER routines::unsupported" or "bad base64 decode": its words
                    // for a damaged block, which tell a user nothing about what to fix.
                    _ = OpenSSL.drainErrors()
                    throw SealedSecretsError(
                        .badKey,
                        "the '\(block.label)' block is not a PEM private key sealgate can read (damaged base64 or content); expected an unencrypted RSA key as PKCS#1 'BEGIN RSA PRIVATE KEY' or PKCS#8 'BEGIN PRIVATE KEY'"
                    )
                }
                return EVPKey(owning: key)
            }
            guard key.isRSA else {
                throw SealedSecretsError(.badKey, "the private key is not an RSA key; sealed secrets use RSA keys")
            }
            keys.append(key)
        }
        return keys
    }

    /// Generates an RSA key of `bits` bits.
    static func generateRSA(bits: Int) throws(SealedSecretsError) -> EVPKey {
        guard let context = EVP_PKEY_CTX_new_id(EVP_PKEY_RSA, nil) else { throw OpenSSL.failure("creating a key context") }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_keygen_init(context) == 1,
            EVP_PKEY_CTX_set_rsa_keygen_bits(context, Int32(bits)) == 1
        else { throw OpenSSL.failure("preparing RSA key generation") }
        var key: OpaquePointer?
        guard EVP_PKEY_keygen(context, &key) == 1, let key else { throw OpenSSL.failure("generating an RSA key") }
        return EVPKey(owning: key)
    }

    /// The private key as PKCS#1 PEM (`-----BEGIN RSA PRIVATE KEY-----`), the form Bitnami's controller stores.
    func pkcs1PEM() throws(SealedSecretsError) -> [UInt8] {
        try OpenSSL.writtenBytes("writing the private key as PEM") { bio in
            PEM_write_bio_PrivateKey_traditional(bio, pointer, nil, nil, 0, nil, nil)
        }
    }
}
