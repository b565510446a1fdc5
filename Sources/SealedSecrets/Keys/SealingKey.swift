// sealgate · SealedSecrets

public import Foundation

/// A private key of the key ring, with its certificate when one was found beside it.
public struct SealingKey: Sendable {
    /// The private key.
    public let privateKey: PrivateKey
    /// Its certificate, when the source had one (a `tls.crt`, a PEM certificate beside the key).
    public let certificate: Certificate?

    /// Pairs a key with its certificate, refusing a certificate of another key.
    public init(privateKey: PrivateKey, certificate: Certificate?) throws(SealedSecretsError) {
        if let certificate, !certificate.publicKey.key.hasSamePublicKey(as: privateKey.key) {
            throw SealedSecretsError(
                .keyMismatch,
                "the certificate (key \(certificate.publicKey.fingerprint.prefix(16))) does not belong to the private key (key \(privateKey.shortFingerprint)); pair each tls.key with its own tls.crt",
                place: privateKey.source)
        }
        self.privateKey = privateKey
        self.certificate = certificate
    }

    /// Generates a new RSA key and a self-signed certificate for it.
    ///
    /// - Parameters:
    ///   - bits: the RSA key size; at least 2048.
    ///   - days: how long the certificate is valid.
    ///   - commonName: the certificate's CN.
    ///   - now: the start of the validity period.
    public static func generate(bits: Int = 4096, days: Int = 3650, commonName: String = "sealed-secret", now: Date = Date())
        throws(SealedSecretsError) -> SealingKey
    {
        guard bits >= Certificate.minimumBits, bits <= 16384 else {
            throw SealedSecretsError(.badKey, "--bits must be between \(Certificate.minimumBits) and 16384, not \(bits)")
        }
        guard days >= 1 else { throw SealedSecretsError(.badKey, "--days must be at least 1, not \(days)") }
        let key = try EVPKey.generateRSA(bits: bits)
        let certificate = try X509Handle.selfSigned(key: key, commonName: commonName, days: days, now: now)
        return try SealingKey(privateKey: PrivateKey(key, source: "generated"), certificate: Certificate(certificate))
    }
}
