// sealgate · UnsealSidecar

public import Diagnostics

/// Why the sidecar cannot do what it was asked: what is wrong, where, and what to do.
///
/// The ``description`` is the message a user sees (`LocatedError`): `path: error: reason`, or `error: reason`
/// when the failure is about no file. A reason names secrets, keys and paths, never a value: a message
/// about a payload of plaintext never contains the plaintext. Tests and callers match on ``code``.
public struct SidecarError: LocatedError, Sendable, Equatable {
    /// The kinds of failure; the codes are static members (`.invalidName`).
    public typealias Code = ErrorCode<SidecarError>

    /// What kind of failure this is.
    public let code: Code
    /// What is wrong and what to do; never a secret value.
    public let reason: String
    /// The path the failure is about (the output directory, or an entry in it); nil when there is none.
    public let location: SourceLocation?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The kind of failure.
    ///   - reason: What is wrong and what to do, for a person to read; never a secret value.
    ///   - path: The path at fault, if the failure is about one.
    public init(_ code: Code, _ reason: String, path: String? = nil) {
        self.code = code
        self.reason = reason
        self.location = path.map { SourceLocation(path: $0) }
    }
}

extension ErrorCode where Domain == SidecarError {
    /// A secret name is not a valid Kubernetes object name, or a key not a valid Secret key: the whole
    /// payload was refused and nothing was written.
    public static var invalidName: Self { Self("invalid-name") }
    /// A file or directory mode asked for cannot be used (bits beyond `0777`, or too few for the sidecar to
    /// read back and replace what it wrote).
    public static var invalidMode: Self { Self("invalid-mode") }
    /// The output directory holds something the sidecar did not create: it must be dedicated to the sidecar.
    public static var notOurDirectory: Self { Self("not-our-directory") }
    /// Reading or writing the file system failed: a missing directory, a permission, a full disk.
    public static var io: Self { Self("io") }
    /// A test stopped a write at one of its steps, leaving the file system as a crash there would
    /// (``SecretDirectoryWriter``'s step hook); never thrown outside tests.
    package static var interrupted: Self { Self("interrupted") }
}
