// sealgate · SealedSecrets

/// An RSA public key that values are sealed to.
public struct PublicKey: Sendable {
    let key: EVPKey
    /// SHA-256 of the DER public key, in hex (the fingerprint `kubeseal` shows).
    public let fingerprint: String
    /// The key size in bits.
    public var bits: Int { key.bits }

    init(_ key: EVPKey) throws(SealedSecretsError) {
        self.key = key
        self.fingerprint = try key.fingerprint()
    }
}

/// An RSA private key that opens sealed values, and where it was read from.
public struct PrivateKey: Sendable {
    let key: EVPKey
    /// The fingerprint of its public half; names the key in messages, never the key itself.
    public let fingerprint: String
    /// The file (and entry) it was read from, for messages.
    public let source: String

    init(_ key: EVPKey, source: String) throws(SealedSecretsError) {
        self.key = key
        self.fingerprint = try key.fingerprint()
        self.source = source
    }

    /// The first 16 hex digits of the fingerprint: enough to tell keys apart in a message.
    public var shortFingerprint: String { String(fingerprint.prefix(16)) }

    /// The public half.
    public var publicKey: PublicKey {
        get throws(SealedSecretsError) {
            // The public half of an EVP_PKEY is the key itself for every public operation.
            try PublicKey(key)
        }
    }

    /// The key as PKCS#1 PEM (`RSA PRIVATE KEY`), the form Bitnami's controller stores in `tls.key`.
    public func pkcs1PEM() throws(SealedSecretsError) -> [UInt8] {
        try key.pkcs1PEM()
    }
}
