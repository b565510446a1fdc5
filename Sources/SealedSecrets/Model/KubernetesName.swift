// sealgate · SealedSecrets

/// The names Kubernetes allows for a Secret or SealedSecret and for its namespace.
///
/// The API server validates `metadata.name` of a Secret and of a custom resource such as a SealedSecret as an
/// RFC 1123 subdomain (apimachinery's `IsDNS1123Subdomain`), and a namespace as an RFC 1123 label
/// (`IsDNS1123Label`). The name and namespace are sealed into every value's label, so a value sealed for a
/// name Kubernetes refuses (`Prod`, `db `, a line break) can never be unsealed by anyone: sealgate refuses
/// such a name before sealing, and refuses a SealedSecret carrying one instead of printing it.
public enum KubernetesName {
    /// The longest object name, in bytes (`DNS1123SubdomainMaxLength`).
    public static let maxNameLength = 253
    /// The longest namespace, in bytes (`DNS1123LabelMaxLength`).
    public static let maxNamespaceLength = 63

    /// Why `name` is not a valid object name, or `nil` when it is.
    ///
    /// The reason names the first offending character (as `U+XXXX` when it is not printable ASCII), never
    /// the name itself, so a message built from it is safe to print.
    public static func nameProblem(_ name: String) -> String? {
        if name.utf8.count > maxNameLength {
            return "it is \(name.utf8.count) bytes long, over Kubernetes' limit of \(maxNameLength)"
        }
        if let problem = characterProblem(name, allowingDots: true) { return problem }
        for label in name.split(separator: ".", omittingEmptySubsequences: false) {
            if label.isEmpty { return "it has an empty part between dots" }
            if label.first == "-" || label.last == "-" { return "a part between dots starts or ends with '-'" }
        }
        return nil
    }

    /// Why `namespace` is not a valid namespace, or `nil` when it is.
    public static func namespaceProblem(_ namespace: String) -> String? {
        if namespace.utf8.count > maxNamespaceLength {
            return "it is \(namespace.utf8.count) bytes long, over Kubernetes' limit of \(maxNamespaceLength)"
        }
        if let problem = characterProblem(namespace, allowingDots: false) { return problem }
        if namespace.first == "-" || namespace.last == "-" { return "it starts or ends with '-'" }
        return nil
    }

    /// What to do about an invalid name or namespace, for the end of a message.
    public static let remedy = "Kubernetes allows only lower-case letters, digits and '-' (and '.' in names)"

    private static func characterProblem(_ text: String, allowingDots: Bool) -> String? {
        if text.isEmpty { return "it is empty" }
        guard let bad = text.unicodeScalars.first(where: { !isAllowed($0, allowingDots: allowingDots) }) else { return nil }
        switch bad.value {
        case 0x41...0x5A: return "it contains the upper-case letter '\(bad)'"
        case 0x20: return "it contains a space"
        case 0x21..<0x7F: return "it contains '\(bad)'"
        default:
            let hex = String(bad.value, radix: 16, uppercase: true)
            return "it contains U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }
    }

    private static func isAllowed(_ scalar: Unicode.Scalar, allowingDots: Bool) -> Bool {
        switch scalar.value {
        case 0x30...0x39, 0x61...0x7A, 0x2D: true  // 0-9 a-z -
        case 0x2E: allowingDots
        default: false
        }
    }
}
