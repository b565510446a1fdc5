// sealgate · SealedSecrets

/// The names Kubernetes allows as keys of a Secret's (or ConfigMap's) `data`.
///
/// The rule is apimachinery's `validation.IsConfigMapKey`, which the API server applies to every Secret:
/// one or more of `A–Z a–z 0–9 - _ .`, at most 253 bytes, and neither `.`, `..` nor anything starting
/// with `..`. A key outside it is refused by the API server, so the Bitnami controller cannot create the
/// Secret; and because a key becomes a file name when a Secret is mounted (and in the sidecar's output),
/// a key such as `../../etc/passwd` or `a/b` must never get as far as a file system.
public enum SecretKeyName {
    /// The longest key Kubernetes accepts, in bytes (`DNS1123SubdomainMaxLength`).
    public static let maxLength = 253

    /// What to do about an invalid key, for the end of a message.
    public static let remedy = "rename it to use only letters, digits, '-', '_' and '.'"

    /// Why `key` is not a valid Secret key, or `nil` when it is.
    ///
    /// The reason names the first offending character (as `U+XXXX` when it is not printable ASCII), so a
    /// message built from it is safe to print.
    public static func problem(_ key: String) -> String? {
        let bytes = key.utf8
        if bytes.isEmpty { return "it is empty" }
        if bytes.count > maxLength { return "it is \(bytes.count) bytes long, over Kubernetes' limit of \(maxLength)" }
        if let bad = key.unicodeScalars.first(where: { !isAllowed($0) }) {
            let shown = (0x21..<0x7F).contains(bad.value) ? "'\(bad)'" : bad.value == 0x20 ? "a space" : Self.codePoint(bad)
            return "it contains \(shown)"
        }
        if key == "." || key == ".." { return "it is '\(key)', which names a directory" }
        if key.hasPrefix("..") { return "it starts with '..'" }
        return nil
    }

    /// Whether `key` is a valid Secret key.
    public static func isValid(_ key: String) -> Bool {
        problem(key) == nil
    }

    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true  // 0-9 A-Z a-z
        case 0x2D, 0x2E, 0x5F: true  // - . _
        default: false
        }
    }

    private static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
