// sealgate · SealedSecrets

#if canImport(FoundationEssentials)
internal import FoundationEssentials
#else
internal import Foundation
#endif

/// Standard base64 with padding, as Kubernetes writes `data` values.
///
/// Decoding follows Go's `base64.StdEncoding`, because every Go program on the other side uses it: the API
/// server for a Secret's `data`, and the Bitnami controller for `encryptedData`. A value sealgate accepts
/// is therefore one the cluster accepts, and the other way round:
/// - `\r` and `\n` are ignored wherever they are;
/// - the rest is the standard alphabet (`A–Z a–z 0–9 + /`) in groups of four, the last of which may end in
///   `=` or `==`; a group of one character, a missing `=`, a third `=`, anything after the padding, or any
///   other character (space, tab, `-`, `_`) makes the whole value invalid;
/// - bits left over in the last character are ignored (Go's decoder is not `Strict()`).
enum Base64 {
    /// Decodes `text` as Go's `base64.StdEncoding.DecodeString` does.
    ///
    /// - Returns: the bytes, or `nil` when Go would report `illegal base64 data`.
    static func decode(_ text: String) -> [UInt8]? {
        var text = text
        return text.withUTF8 { decode(utf8: $0) }
    }

    /// Decodes UTF-8 base64 text; see ``decode(_:)``.
    static func decode(utf8 input: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var valid = true
        // Written in place, the table read through a pointer: appending byte by byte through the lazily
        // initialised global took 4.3 µs for a 940-character value, this 1.7 µs (release build), small
        // beside the RSA private-key operation every sealed value needs.
        let output = [UInt8](unsafeUninitializedCapacity: input.count / 4 * 3 + 3) { out, written in
            valid = digitValues.withUnsafeBufferPointer { table in
                var count = 0
                var group: UInt32 = 0  // the 6-bit digits of the group being read
                var digits = 0  // how many digits the group holds
                var padding = 0  // how many '=' have been read; after the first, only '=' and line breaks may follow
                for byte in input {
                    if byte == 0x0A || byte == 0x0D { continue }
                    if byte == UInt8(ascii: "=") {
                        // '=' may only complete a group of two digits (with "==") or of three (with "=").
                        guard digits >= 2, digits + padding < 4 else { return false }
                        padding += 1
                        continue
                    }
                    let value = table[Int(byte)]
                    guard value != 0xFF, padding == 0 else { return false }
                    group = group << 6 | UInt32(value)
                    digits += 1
                    if digits == 4 {
                        out[count] = UInt8(truncatingIfNeeded: group >> 16)
                        out[count + 1] = UInt8(truncatingIfNeeded: group >> 8)
                        out[count + 2] = UInt8(truncatingIfNeeded: group)
                        count += 3
                        group = 0
                        digits = 0
                    }
                }
                defer { written = count }
                switch (digits, padding) {
                case (0, 0):
                    return true
                case (2, 2):
                    out[count] = UInt8(truncatingIfNeeded: group >> 4)
                    count += 1
                    return true
                case (3, 1):
                    out[count] = UInt8(truncatingIfNeeded: group >> 10)
                    out[count + 1] = UInt8(truncatingIfNeeded: group >> 2)
                    count += 2
                    return true
                default:
                    // A group cut short: unpadded, one digit alone, or "xx=" without its second '='.
                    return false
                }
            }
        }
        return valid ? output : nil
    }

    /// Encodes as standard base64 with padding and no line breaks.
    static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
    }

    /// Each byte's digit value in the standard alphabet, `0xFF` for bytes outside it.
    private static let digitValues: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        for (value, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(value) }
        return table
    }()
}
