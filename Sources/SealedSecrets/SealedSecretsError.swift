// sealgate · SealedSecrets

public import Diagnostics

/// Why sealing, unsealing or a key operation failed: what, where, and what to do.
///
/// The ``description`` is `path:line:column: error: reason` (``LocatedError``), leaving out what is unknown.
/// Messages never contain a secret value, a plaintext or key material: at most a key name, a fingerprint
/// or a file path.
public struct SealedSecretsError: LocatedError, Sendable, Equatable {
    /// The kinds of failure; the codes are static members (``ErrorCode/badCertificate``, …).
    public typealias Code = ErrorCode<SealedSecretsError>

    /// What kind of failure this is.
    public let code: Code
    /// What is wrong and what to do.
    public let reason: String
    /// The file the failure is about, with the line (and column) when known; nil when there is none.
    public let location: SourceLocation?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: the kind of failure.
    ///   - reason: what is wrong and what to do.
    ///   - location: the file, line and column at fault, when there is one.
    public init(_ code: Code, _ reason: String, at location: SourceLocation? = nil) {
        self.code = code
        self.reason = reason
        self.location = location
    }

    /// Creates an error about a file, or about what stands in for one in messages (a URL, `-`).
    ///
    /// - Parameters:
    ///   - code: the kind of failure.
    ///   - reason: what is wrong and what to do.
    ///   - path: the file, as the user gave it.
    public init(_ code: Code, _ reason: String, path: String) {
        self.init(code, reason, at: SourceLocation(path: path))
    }
}

extension ErrorCode where Domain == SealedSecretsError {
    /// A certificate that cannot seal: expired, not RSA, too small, or not a certificate.
    public static var badCertificate: Self { Self("bad-certificate") }
    /// A private key that cannot be read or used.
    public static var badKey: Self { Self("bad-key") }
    /// A key and a certificate that do not belong together.
    public static var keyMismatch: Self { Self("key-mismatch") }
    /// No private key was found where keys were expected.
    public static var noKeys: Self { Self("no-keys") }
    /// The input is not a Secret (for sealing) or not a SealedSecret (for unsealing).
    public static var wrongKind: Self { Self("wrong-kind") }
    /// A Secret or SealedSecret that is malformed: bad base64, a missing name or namespace, …
    public static var invalidInput: Self { Self("invalid-input") }
    /// A sealed value that no key of the ring could decrypt.
    public static var decryptionFailed: Self { Self("decryption-failed") }
    /// A sealed value too short to hold its own length prefix or RSA block.
    public static var truncated: Self { Self("truncated") }
    /// An OpenSSL call failed for a reason outside the input (out of memory, no randomness).
    public static var crypto: Self { Self("crypto") }
    /// Reading or writing a file failed.
    public static var io: Self { Self("io") }
}
