// sealgate · SealedSecrets

internal import Foundation

/// Standard base64 with padding, as Kubernetes writes `data` values.
enum Base64 {
    /// Decodes standard base64; line breaks are ignored (as Go's decoder ignores them), anything else
    /// that is not base64 makes the whole value invalid.
    static func decode(_ text: String) -> [UInt8]? {
        let compact = text.contains(where: { $0 == "\n" || $0 == "\r" }) ? text.filter { $0 != "\n" && $0 != "\r" } : text
        return Data(base64Encoded: compact).map(Array.init)
    }

    /// Encodes as standard base64 with padding and no line breaks.
    static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
    }
}
