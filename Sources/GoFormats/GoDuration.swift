// sealgate · GoFormats

/// A faithful re-implementation of Go's `time.ParseDuration`, including its overflow rules
/// (accepts exactly -2^63 ... 2^63-1 ns) and its float64 handling of fractions.
public enum GoDuration {
    /// Why the text is not a duration, worded as Go's error is (`time: invalid duration "1x"`).
    public struct Failure: Error, Sendable, Equatable {
        /// Go's message.
        public var text: String
    }

    private static let maxMagnitude: UInt64 = 1 << 63

    /// The nanoseconds `original` spells, as Go's `time.ParseDuration(original)` reads it.
    ///
    /// - Returns: The signed count of nanoseconds, or the failure with Go's message.
    public static func parse(_ original: String) -> Result<Int64, Failure> {
        let bytes = Array(original.utf8)
        var index = 0
        var negative = false
        let invalid = Failure(text: "time: invalid duration " + GoQuote.timePackage(original))

        if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        // A lone "0" (after the sign) needs no unit.
        if bytes.count - index == 1, bytes[index] == UInt8(ascii: "0") {
            return .success(0)
        }
        if index == bytes.count {
            return .failure(invalid)
        }

        var total: UInt64 = 0
        while index < bytes.count {
            // The next character must be [0-9.].
            guard bytes[index] == UInt8(ascii: ".") || isDigit(bytes[index]) else { return .failure(invalid) }

            // Integer part.
            var whole: UInt64 = 0
            let wholeStart = index
            while index < bytes.count, isDigit(bytes[index]) {
                if whole > maxMagnitude / 10 { return .failure(invalid) }
                whole = whole * 10 + UInt64(bytes[index] - UInt8(ascii: "0"))
                if whole > maxMagnitude { return .failure(invalid) }
                index += 1
            }
            let sawWhole = index != wholeStart

            // Fraction: digits past int64 precision are read but ignored.
            var fraction: UInt64 = 0
            var scale = 1.0
            var sawFraction = false
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                let fractionStart = index
                var saturated = false
                while index < bytes.count, isDigit(bytes[index]) {
                    defer { index += 1 }
                    if saturated { continue }
                    if fraction > (maxMagnitude - 1) / 10 {
                        saturated = true
                        continue
                    }
                    let next = fraction * 10 + UInt64(bytes[index] - UInt8(ascii: "0"))
                    if next > maxMagnitude {
                        saturated = true
                        continue
                    }
                    fraction = next
                    scale *= 10
                }
                sawFraction = index != fractionStart
            }
            if !sawWhole && !sawFraction { return .failure(invalid) }

            // Unit: everything up to the next digit or dot.
            let unitStart = index
            while index < bytes.count, bytes[index] != UInt8(ascii: "."), !isDigit(bytes[index]) {
                index += 1
            }
            if index == unitStart {
                return .failure(Failure(text: "time: missing unit in duration " + GoQuote.timePackage(original)))
            }
            let unitBytes = Array(bytes[unitStart..<index])
            guard let unit = unitNanoseconds(unitBytes) else {
                let unitText = String(decoding: unitBytes, as: UTF8.self)
                return .failure(
                    Failure(
                        text: "time: unknown unit " + GoQuote.timePackage(unitText) + " in duration "
                            + GoQuote.timePackage(original)))
            }

            if whole > maxMagnitude / unit { return .failure(invalid) }
            var value = whole * unit
            if fraction > 0 {
                // Go scales the fraction in float64 and truncates.
                value += UInt64(Double(fraction) * (Double(unit) / scale))
                if value > maxMagnitude { return .failure(invalid) }
            }
            // Go adds in uint64 without a wrap check (only 2^63 + 2^63 can wrap).
            total = total &+ value
            if total > maxMagnitude { return .failure(invalid) }
        }

        if negative {
            return .success(Int64(bitPattern: 0 &- total))
        }
        if total > maxMagnitude - 1 { return .failure(invalid) }
        return .success(Int64(total))
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private static func unitNanoseconds(_ unit: [UInt8]) -> UInt64? {
        switch unit {
        case Array("ns".utf8): 1
        case Array("us".utf8), Array("\u{00B5}s".utf8), Array("\u{03BC}s".utf8): 1_000
        case Array("ms".utf8): 1_000_000
        case Array("s".utf8): 1_000_000_000
        case Array("m".utf8): 60_000_000_000
        case Array("h".utf8): 3_600_000_000_000
        default: nil
        }
    }
}
