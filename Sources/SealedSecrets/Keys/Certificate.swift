// sealgate · SealedSecrets

internal import Diagnostics
#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// An X.509 certificate whose public key seals values (what `kubeseal --fetch-cert` prints).
public struct Certificate: Sendable {
    let handle: X509Handle
    /// The certificate's public key.
    public let publicKey: PublicKey
    /// The start of the validity period.
    public let notBefore: Date
    /// The end of the validity period.
    public let notAfter: Date
    /// The subject, e.g. `CN=sealed-secret, O=sealgate`.
    public let subject: String

    init(_ handle: X509Handle) throws(SealedSecretsError) {
        self.handle = handle
        self.publicKey = try PublicKey(handle.publicKey())
        self.notBefore = handle.notBefore
        self.notAfter = handle.notAfter
        self.subject = handle.subject
    }

    /// Reads the first certificate of a PEM text.
    ///
    /// - Parameters:
    ///   - pem: The PEM text; blocks other than certificates are skipped.
    ///   - source: The file or URL the text came from, for messages.
    public init(pem: [UInt8], source: String) throws(SealedSecretsError) {
        try self.init(pem: pem, at: SourceLocation(path: source))
    }

    /// Reads the first certificate of a PEM text that starts at `location` (a line of a key Secret manifest).
    init(pem: [UInt8], at location: SourceLocation) throws(SealedSecretsError) {
        let certificates: [X509Handle]
        do {
            certificates = try X509Handle.certificates(fromPEM: pem)
        } catch {
            throw SealedSecretsError(error.code, error.reason, at: location)
        }
        guard let first = certificates.first else {
            throw SealedSecretsError(
                .badCertificate,
                "no PEM certificate (-----BEGIN CERTIFICATE-----) found; pass the file that 'kubeseal --fetch-cert' or 'sealgate cert' writes",
                at: location)
        }
        try self.init(first)
    }

    /// The certificate as PEM.
    public func pem() throws(SealedSecretsError) -> [UInt8] {
        try handle.pem()
    }

    /// The smallest RSA key sealgate seals to.
    public static let minimumBits = 2048

    /// Checks that the certificate can seal at `now`: an RSA key of at least 2048 bits, inside its
    /// validity period.
    ///
    /// - Parameters:
    ///   - now: The moment the validity period is checked against.
    ///   - source: The file or URL, for messages.
    public func validateForSealing(now: Date = Date(), source: String) throws(SealedSecretsError) {
        guard publicKey.key.isRSA else {
            throw SealedSecretsError(
                .badCertificate, "the certificate's key is not RSA; sealed secrets need an RSA key", path: source)
        }
        guard publicKey.bits >= Self.minimumBits else {
            throw SealedSecretsError(
                .badCertificate,
                "the certificate's RSA key has \(publicKey.bits) bits, under the \(Self.minimumBits)-bit minimum; generate a new key with 'sealgate keygen'",
                path: source)
        }
        guard now <= notAfter else {
            throw SealedSecretsError(
                .badCertificate,
                "the certificate expired on \(Self.day(notAfter)); fetch the controller's current certificate or rotate the key",
                path: source)
        }
        guard now >= notBefore else {
            throw SealedSecretsError(
                .badCertificate, "the certificate is not valid until \(Self.day(notBefore)); check the clock", path: source)
        }
    }

    private static func day(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day())
    }
}
