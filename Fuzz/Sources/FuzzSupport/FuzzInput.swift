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

    /// The text with parts repeated: each `\u{1} part \u{1} count` becomes `part` repeated `count × 40`
    /// times (count is the byte after the second marker), so `\u{1}(\u{1}\u{3}1\u{1})\u{1}\u{3}` is 120
    /// nested parentheses; a marker without its pair stays as it is. At most `limit` bytes come out.
    ///
    /// Coverage guidance cannot see depth: a chain of 5,000 selects runs the same code as one of 150, so the
    /// fuzzer never keeps the longer one, and a stack that overflows only past a few thousand levels is
    /// never reached by mutating bytes. One byte that multiplies a part lets it get there.
    public static func amplified(_ bytes: [UInt8], limit: Int) -> [UInt8] {
        var out: [UInt8] = []
        var rest = bytes[...]
        while out.count < limit, let first = rest.firstIndex(of: 1) {
            guard let second = rest[(first + 1)...].firstIndex(of: 1), second + 1 < rest.endIndex else { break }
            out += rest[..<first]
            let part = rest[(first + 1)..<second]
            if !part.isEmpty {
                let count = min(Int(rest[second + 1]) * 40, max(0, limit - out.count) / part.count)
                for _ in 0..<count { out += part }
            }
            rest = rest[(second + 2)...]
        }
        out += rest
        return Array(out.prefix(limit))
    }
}
