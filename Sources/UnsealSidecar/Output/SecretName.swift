// sealgate · UnsealSidecar

/// The names Kubernetes allows for a Secret, which the sidecar uses as directory and link names.
///
/// The rule is apimachinery's `IsDNS1123Subdomain`, applied by the API server to every object name: at most
/// 253 bytes of dot-separated labels, each one or more of `a–z 0–9 -` that starts and ends with a letter
/// or digit. Such a name never starts with `..` (the writer's own names), holds no `/`, and is never `.`
/// or `..`, so it cannot reach outside the output directory.
enum SecretName {
    /// The longest name Kubernetes accepts, in bytes.
    static let maxLength = 253

    /// What to do about an invalid name, for the end of a message.
    static let remedy = "use lowercase letters, digits, '-' and '.', starting and ending with a letter or digit"

    /// Why `name` is not a valid Secret name, or `nil` when it is.
    static func problem(_ name: String) -> String? {
        let bytes = Array(name.utf8)
        if bytes.isEmpty { return "it is empty" }
        if bytes.count > maxLength { return "it is \(bytes.count) bytes long, over Kubernetes' limit of \(maxLength)" }
        if let bad = name.unicodeScalars.first(where: { !isAllowed($0) }) {
            return "it contains \(shown(bad))"
        }
        for label in bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
            guard let first = label.first, let last = label.last else {
                return name.hasPrefix(".") || name.hasSuffix(".")
                    ? "it starts or ends with '.'" : "it has an empty part between two '.'"
            }
            if !isAlphanumeric(first) || !isAlphanumeric(last) {
                return "a part between dots starts or ends with '-'"
            }
        }
        return nil
    }

    /// `'name'`, or the first 64 characters of a longer name followed by `…`, for a message.
    static func quoted(_ name: String) -> String {
        name.count > 64 ? "'\(name.prefix(64))…'" : "'\(name)'"
    }

    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x30...0x39, 0x61...0x7A, 0x2D, 0x2E: true  // 0-9 a-z - .
        default: false
        }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x61...0x7A).contains(byte)
    }

    /// A character for a message: quoted when printable ASCII, `U+XXXX` otherwise.
    private static func shown(_ scalar: Unicode.Scalar) -> String {
        if (0x21..<0x7F).contains(scalar.value) { return "'\(scalar)'" }
        if scalar.value == 0x20 { return "a space" }
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
