// sealgate · GitChanges

internal import CLibGit2

/// The SHA-1 name of a Git object (a commit, tree or blob): 20 bytes, written as 40 lowercase hex digits.
///
/// Two blobs with the same id have the same content, so a caller that has judged one blob can skip every
/// other path and revision that holds it.
public struct GitObjectID: Sendable, Hashable, Comparable, CustomStringConvertible {
    // The 20 bytes, big-endian, in three words: hashing and comparing cost three machine operations.
    private let high: UInt64
    private let middle: UInt64
    private let low: UInt32

    /// Reads 40 hex digits (either case); `nil` for anything else, abbreviated ids included.
    public init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count == 40 else { return nil }
        var bytes = [UInt8](repeating: 0, count: 20)
        for index in 0..<20 {
            guard let high = Self.nibble(digits[2 * index]), let low = Self.nibble(digits[2 * index + 1]) else { return nil }
            bytes[index] = high << 4 | low
        }
        self.init(bytes: bytes)
    }

    init(_ oid: git_oid) {
        self.init(bytes: withUnsafeBytes(of: oid.id) { Array($0) })
    }

    private init(bytes: [UInt8]) {
        func word(_ range: Range<Int>) -> UInt64 { bytes[range].reduce(0) { $0 << 8 | UInt64($1) } }
        high = word(0..<8)
        middle = word(8..<16)
        low = UInt32(word(16..<20))
    }

    /// The 20 bytes.
    public var bytes: [UInt8] {
        (0..<8).reversed().map { UInt8(truncatingIfNeeded: high >> (8 * $0)) }
            + (0..<8).reversed().map { UInt8(truncatingIfNeeded: middle >> (8 * $0)) }
            + (0..<4).reversed().map { UInt8(truncatingIfNeeded: low >> (8 * $0)) }
    }

    /// libgit2's form of the id.
    var oid: git_oid {
        var oid = git_oid()
        let bytes = self.bytes
        withUnsafeMutableBytes(of: &oid.id) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        return oid
    }

    /// The 40 lowercase hex digits.
    public var description: String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(40)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The first `length` hex digits (12 by default), as in messages meant for people.
    public func abbreviated(_ length: Int = 12) -> String {
        String(description.prefix(max(4, min(40, length))))
    }

    /// Orders ids as their hex digits sort.
    public static func < (lhs: GitObjectID, rhs: GitObjectID) -> Bool {
        (lhs.high, lhs.middle, lhs.low) < (rhs.high, rhs.middle, rhs.low)
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
