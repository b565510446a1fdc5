// sealgate · SealedSecrets

public import Diagnostics

/// The values of the Secret an opened SealedSecret stands for (``Unsealer/contents(of:)``), and what
/// rendering its template found worth a warning.
public struct SecretContents: Sendable {
    /// Each key's plaintext, in order: the opened values, then the template's keys.
    public var data: [(key: String, value: [UInt8])]
    /// Keys a template reads that the SealedSecret has no value for.
    public var notices: [TemplateNotice]

    /// Sets `key` in place, or adds it at the end.
    mutating func put(_ key: String, _ value: [UInt8]) {
        if let index = data.firstIndex(where: { $0.key == key }) { data[index].value = value } else { data.append((key, value)) }
    }
}

/// A template of `spec.template.data` that reads a key `encryptedData` does not have. The controller does
/// not fail on it: `{{ .key }}` writes `<no value>` and `{{ index . "key" }}` nothing, and so does
/// sealgate, but it is most likely a typo.
public struct TemplateNotice: Sendable, Equatable, CustomStringConvertible {
    /// The `template.data` key whose template reads the missing key.
    public let key: String
    /// The key it reads.
    public let missingKey: String
    /// The template in its file.
    public let location: SourceLocation?

    /// What the template does and what to do, without the place.
    public var message: String {
        "'spec.template.data.\(key)' reads '\(missingKey)', which encryptedData does not have; like the controller, sealgate writes \(DataTemplate.noValue) there for {{ .key }} and nothing for {{ index . \"key\" }}; check the key's spelling"
    }

    /// `path:line:column: warning: …`, safe to print.
    public var description: String {
        TerminalText.oneLine((location.map { "\($0): " } ?? "") + "warning: " + message)
    }
}
