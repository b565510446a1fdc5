// sealgate · GoFormats

/// Go's `strconv.Atoi` on a 64-bit platform, with its error wording.
public enum GoAtoi {
    /// Why `strconv.Atoi` refused its text: Go's `*strconv.NumError`, worded as its `Error()` is.
    public struct Failure: Error, Sendable, Equatable {
        /// `strconv.Atoi: parsing "<text>": invalid syntax` or `...: value out of range`.
        public var message: String
    }

    /// The integer `text` spells: an optional `+` or `-`, then one or more ASCII digits, within
    /// `Int64`'s range.
    ///
    /// - Throws: ``Failure`` with Go's "invalid syntax" or "value out of range" message.
    public static func parse(_ text: String) throws(Failure) -> Int64 {
        let bytes = Array(text.utf8)
        let syntax = Failure(message: "strconv.Atoi: parsing " + GoQuote.quote(text) + ": invalid syntax")
        let range = Failure(message: "strconv.Atoi: parsing " + GoQuote.quote(text) + ": value out of range")
        var digits = bytes[...]
        var negative = false
        if let first = digits.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            digits = digits.dropFirst()
        }
        if digits.isEmpty { throw syntax }
        // Shorter than 19 bytes cannot overflow (Go's fast path); longer inputs go through
        // ParseUint, which stops with a range error as soon as uint64 overflows.
        var magnitude: UInt64 = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { throw syntax }
            if magnitude >= UInt64.max / 10 + 1 { throw range }
            let (next, overflow) = (magnitude * 10).addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
            if overflow { throw range }
            magnitude = next
        }
        let limit: UInt64 = 1 << 63
        if negative {
            if magnitude > limit { throw range }
            return Int64(bitPattern: 0 &- magnitude)
        }
        if magnitude >= limit { throw range }
        return Int64(magnitude)
    }
}
