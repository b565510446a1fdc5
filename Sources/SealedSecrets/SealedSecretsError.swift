// sealgate · SealedSecrets

internal import Diagnostics

/// Why sealing, unsealing or a key operation failed: what, where, and what to do.
///
/// Messages never contain a secret value, a plaintext or key material: at most a key name, a fingerprint
/// or a file path.
public struct SealedSecretsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure, stable so callers and tests can match on it.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// A certificate that cannot seal: expired, not RSA, too small, or not a certificate.
        public static let badCertificate = Code("bad-certificate")
        /// A private key that cannot be read or used.
        public static let badKey = Code("bad-key")
        /// A key and a certificate that do not belong together.
        public static let keyMismatch = Code("key-mismatch")
        /// No private key was found where keys were expected.
        public static let noKeys = Code("no-keys")
        /// The input is not a Secret (for sealing) or not a SealedSecret (for unsealing).
        public static let wrongKind = Code("wrong-kind")
        /// A Secret or SealedSecret that is malformed: bad base64, a missing name or namespace, …
        public static let invalidInput = Code("invalid-input")
        /// A sealed value that no key of the ring could decrypt.
        public static let decryptionFailed = Code("decryption-failed")
        /// A sealed value too short to hold its own length prefix or RSA block.
        public static let truncated = Code("truncated")
        /// An OpenSSL call failed for a reason outside the input (out of memory, no randomness).
        public static let crypto = Code("crypto")
        /// Reading or writing a file failed.
        public static let io = Code("io")
    }

    /// What kind of failure this is.
    public let code: Code
    /// What is wrong and what to do.
    public let reason: String
    /// The file, or `file:line`, the failure is about, when there is one.
    public let place: String?

    /// Creates an error.
    public init(_ code: Code, _ reason: String, place: String? = nil) {
        self.code = code
        self.reason = reason
        self.place = place
    }

    /// `place: error: reason`, or `error: reason`; on one line and safe to print
    /// (`TerminalText.oneLine`), since the place and the reason can quote the input (a key, a name).
    public var description: String {
        TerminalText.oneLine((place.map { "\($0): " } ?? "") + "error: \(reason)")
    }
}
