// sealgate · SealedSecrets

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

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
                path: privateKey.source)
        }
        self.privateKey = privateKey
        self.certificate = certificate
    }

    /// The last moment an X.509 certificate can hold: 9999-12-31T23:59:59Z, the end of GeneralizedTime
    /// (RFC 5280 4.1.2.5 uses it for a certificate with no real end).
    public static let latestNotAfter = Date(timeIntervalSince1970: 253_402_300_799)
    /// The longest common name X.509 allows, in characters (RFC 5280's `ub-common-name`).
    public static let maxCommonNameLength = 64

    /// A parameter of ``generate(bits:days:commonName:now:)`` that it would refuse, and why.
    public struct ParameterProblem: Sendable, Equatable, CustomStringConvertible {
        /// The parameters, named as ``generate(bits:days:commonName:now:)`` names them.
        public enum Parameter: String, Sendable {
            /// The RSA key size.
            case bits
            /// How many days the certificate is valid.
            case days
            /// The certificate's common name.
            case commonName
        }

        /// The parameter at fault.
        public let parameter: Parameter
        /// What is wrong with it, to follow its name: `must be at least 1, not 0`.
        public let detail: String

        /// The parameter's name and what is wrong with it: `days must be at least 1, not 0`.
        public var description: String { "\(parameter.rawValue) \(detail)" }
    }

    /// Why ``generate(bits:days:commonName:now:)`` would refuse these parameters, or `nil` when it would not.
    ///
    /// Checked before the (slow) key generation, so a certificate OpenSSL cannot build fails at once and
    /// with a reason, not after seconds with OpenSSL's own words.
    public static func parameterProblem(bits: Int, days: Int, commonName: String, now: Date = Date()) -> ParameterProblem? {
        guard bits >= Certificate.minimumBits, bits <= 16384 else {
            return ParameterProblem(parameter: .bits, detail: "must be between \(Certificate.minimumBits) and 16384, not \(bits)")
        }
        guard days >= 1 else { return ParameterProblem(parameter: .days, detail: "must be at least 1, not \(days)") }
        let maxDays = Int(latestNotAfter.timeIntervalSince(now) / 86_400)
        guard days <= maxDays else {
            return ParameterProblem(
                parameter: .days,
                detail: "\(days) would end the certificate after 9999-12-31, the last date X.509 can hold; use at most \(maxDays)")
        }
        let length = commonName.unicodeScalars.count
        guard (1...maxCommonNameLength).contains(length) else {
            return ParameterProblem(
                parameter: .commonName, detail: "must be 1 to \(maxCommonNameLength) characters (X.509's limit), not \(length)")
        }
        if let control = commonName.unicodeScalars.first(where: { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) }) {
            let hex = String(control.value, radix: 16, uppercase: true)
            return ParameterProblem(
                parameter: .commonName,
                detail: "contains the control character U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                    + "; use printable text")
        }
        return nil
    }

    /// Generates a new RSA key and a self-signed certificate for it.
    ///
    /// - Parameters:
    ///   - bits: the RSA key size; at least 2048.
    ///   - days: how long the certificate is valid.
    ///   - commonName: the certificate's CN.
    ///   - now: the start of the validity period.
    /// - Throws: ``SealedSecretsError`` `badKey` for the parameters ``parameterProblem(bits:days:commonName:now:)``
    ///   refuses, `crypto` when OpenSSL fails.
    public static func generate(
        bits: Int = 4096, days: Int = 3650, commonName: String = "sealed-secret", now: Date = Date()
    )
        throws(SealedSecretsError) -> SealingKey
    {
        if let problem = parameterProblem(bits: bits, days: days, commonName: commonName, now: now) {
            throw SealedSecretsError(.badKey, problem.description)
        }
        let key = try EVPKey.generateRSA(bits: bits)
        let certificate = try X509Handle.selfSigned(key: key, commonName: commonName, days: days, now: now)
        return try SealingKey(privateKey: PrivateKey(key, source: "generated"), certificate: Certificate(certificate))
    }
}
