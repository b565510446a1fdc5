// sealgate · SealedSecrets

/// One `-----BEGIN LABEL----- … -----END LABEL-----` block of a PEM text.
///
/// Files in a key directory mix keys and certificates; routing each block by its label (instead of asking
/// OpenSSL to read a key out of whatever comes first) gives each the right reader and a clear message.
struct PEMBlock {
    /// The label, e.g. `RSA PRIVATE KEY`, `CERTIFICATE`.
    let label: String
    /// The whole block, header and footer included, as OpenSSL's PEM readers take it.
    let text: [UInt8]

    /// Whether the block holds a private key (PKCS#1, PKCS#8, or another algorithm's traditional form).
    var isPrivateKey: Bool { label.hasSuffix("PRIVATE KEY") }
    /// Whether the block holds a certificate.
    var isCertificate: Bool { label == "CERTIFICATE" || label == "X509 CERTIFICATE" }

    /// Every block of a text, in order; text outside blocks (comments, blank lines) is ignored.
    static func blocks(in bytes: [UInt8]) -> [PEMBlock] {
        let text = String(decoding: bytes, as: UTF8.self)
        var blocks: [PEMBlock] = []
        var rest = text[...]
        while let begin = rest.firstRange(of: "-----BEGIN ") {
            guard let labelEnd = rest[begin.upperBound...].firstRange(of: "-----") else { break }
            let label = String(rest[begin.upperBound..<labelEnd.lowerBound])
            let footer = "-----END \(label)-----"
            guard let end = rest[labelEnd.upperBound...].firstRange(of: footer) else { break }
            blocks.append(PEMBlock(label: label, text: Array((String(rest[begin.lowerBound..<end.upperBound]) + "\n").utf8)))
            rest = rest[end.upperBound...]
        }
        return blocks
    }
}
