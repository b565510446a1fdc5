// sealgate · UnsealSidecar

/// The names kubelet's `AtomicWriter` uses in a Secret volume, which the sidecar's output directory
/// reproduces so an application reads it as it reads a mounted Secret.
///
/// Every name the writer creates for itself starts with `..`; a secret name never does
/// (``SecretName``), so the two cannot meet.
enum SecretDirectoryLayout {
    /// The link to the current generation; renaming over it is the one atomic step of a write.
    static let dataLink = "..data"
    /// The link created beside ``dataLink`` and renamed over it.
    static let temporaryLink = "..data_tmp"

    /// Where the user-visible link of `secret` points: `..data/<secret>`, resolved through ``dataLink`` at
    /// every open, so it follows each new generation without being touched.
    static func visibleLinkTarget(of secret: String) -> String {
        dataLink + "/" + secret
    }

    /// A fresh generation name, as kubelet makes it: `..` and the time in UTC
    /// (`..2026_12_06_23_30_00.`) followed by a random decimal number, since several generations can be
    /// written within a second.
    static func newGenerationName() -> String {
        "..\(generationTimestamp()).\(UInt32.random(in: .min ... .max))"
    }

    /// Whether `name` has the shape of a generation directory: `..YYYY_MM_DD_HH_MM_SS.` and one or more
    /// digits. kubelet's names have it too, so a directory kubelet wrote is taken over rather than refused.
    static func isGenerationName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        let stamp = Array("..0000_00_00_00_00_00.".utf8)
        guard bytes.count > stamp.count, bytes.count <= 64 else { return false }
        for (byte, expected) in zip(bytes, stamp) {
            if expected == UInt8(ascii: "0") {
                guard isDigit(byte) else { return false }
            } else if byte != expected {
                return false
            }
        }
        return bytes[stamp.count...].allSatisfy(isDigit)
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
