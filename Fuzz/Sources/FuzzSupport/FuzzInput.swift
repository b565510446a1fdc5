// sealgate · fuzz support

/// Helpers to cut one fuzz input into the parts a target needs.
public enum FuzzInput {
    /// The bytes before the first NUL and, when there is one, the bytes after it.
    public static func splitAtNUL(_ bytes: UnsafeRawBufferPointer) -> (head: UnsafeRawBufferPointer, tail: UnsafeRawBufferPointer?) {
        guard let index = bytes.firstIndex(of: 0) else { return (bytes, nil) }
        return (
            UnsafeRawBufferPointer(rebasing: bytes[..<index]),
            UnsafeRawBufferPointer(rebasing: bytes[(index + 1)...])
        )
    }

    /// Every part between NULs, at most `limit` of them (the last keeps any further NULs).
    public static func parts(_ bytes: UnsafeRawBufferPointer, limit: Int) -> [[UInt8]] {
        var parts: [[UInt8]] = []
        var rest = bytes[...]
        while parts.count < limit - 1, let index = rest.firstIndex(of: 0) {
            parts.append(Array(rest[..<index]))
            rest = rest[(index + 1)...]
        }
        parts.append(Array(rest))
        return parts
    }
}
