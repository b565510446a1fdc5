// sealgate · Diagnostics

/// The kind of a failure: a stable name that callers and tests match on rather than on the wording of a
/// message.
///
/// Each error type has codes of its own: `Domain` is the error type (`ErrorCode<ManifestError>`), so a code
/// of one error type never compares equal to another's, and an error type declares its codes as static
/// members of its own `ErrorCode`:
///
/// ```swift
/// extension ErrorCode where Domain == ManifestError {
///     /// A mapping has the same key twice.
///     public static var duplicateKey: Self { Self("duplicate-key") }
/// }
/// ```
public struct ErrorCode<Domain>: Hashable, Sendable, CustomStringConvertible {
    /// The code's stable name (`duplicate-key`), as machine-readable output shows it; it never changes once
    /// released.
    public let name: String

    /// The code named `name`; only sealgate's own error types declare codes.
    package init(_ name: String) {
        self.name = name
    }

    /// The code's ``name``.
    public var description: String { name }
}
