// sealgate · CEL

import GoFormats

/// Why a timestamp or duration operation failed.
///
/// `message` is the text cel-go puts in the CEL error value, so policies and their
/// tests see the same words as in the cluster. cel-go swallows the underlying Go reason
/// for failed conversions; where there is one it is kept in `detail` for diagnostics.
struct TimeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The CEL error text, worded as cel-go words it.
    var message: String
    /// The Go-level reason behind `message`, when cel-go hides one (never part of the CEL error).
    var detail: String?

    init(_ message: String, detail: String? = nil) {
        self.message = message
        self.detail = detail
    }

    var description: String { message }

    /// Checked int64 arithmetic failed (duration ± duration, -duration, timestamp - timestamp).
    static let integerOverflow = TimeError("integer overflow")
    /// A timestamp fell outside 0001-01-01T00:00:00Z ... 9999-12-31T23:59:59.999999999Z.
    static let timestampOverflow = TimeError("timestamp overflow")

    /// `duration(string)` could not parse its argument.
    static func durationConversion(detail: String? = nil) -> TimeError {
        TimeError("type conversion error from 'string' to 'google.protobuf.Duration'", detail: detail)
    }

    /// `timestamp(string)` could not parse its argument.
    static func timestampConversion(detail: String? = nil) -> TimeError {
        TimeError("type conversion error from 'string' to 'google.protobuf.Timestamp'", detail: detail)
    }
}

/// A CEL `google.protobuf.Duration`: a signed count of nanoseconds held in an `Int64`,
/// exactly like cel-go's Go `time.Duration`, so the range is about ±292 years
/// (the language definition: "limited to a single int64 value").
public struct CELDuration: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The length in nanoseconds.
    public internal(set) var nanoseconds: Int64

    static let nanosPerMicrosecond: Int64 = 1_000
    static let nanosPerMillisecond: Int64 = 1_000_000
    static let nanosPerSecond: Int64 = 1_000_000_000
    static let nanosPerMinute: Int64 = 60_000_000_000
    static let nanosPerHour: Int64 = 3_600_000_000_000

    static let zero = CELDuration(nanoseconds: 0)

    /// A duration of `nanoseconds`.
    public init(nanoseconds: Int64) {
        self.nanoseconds = nanoseconds
    }

    /// `duration(string)`: Go's `time.ParseDuration` grammar, `[-+]?([0-9]*(\.[0-9]*)?unit)+` or a
    /// bare (signed) `0`, with units `ns`, `us`, `µs` (U+00B5), `μs` (U+03BC), `ms`, `s`, `m`, `h`.
    /// Any failure, including a value outside the int64 range, is cel-go's single conversion
    /// error; Go's own reason is in `detail`.
    init(parsing text: String) throws(TimeError) {
        switch GoDuration.parse(text) {
        case .success(let nanos): self.nanoseconds = nanos
        case .failure(let reason): throw TimeError.durationConversion(detail: reason.text)
        }
    }

    public static func < (lhs: CELDuration, rhs: CELDuration) -> Bool {
        lhs.nanoseconds < rhs.nanoseconds
    }

    // MARK: - Arithmetic (cel-go: checked int64, error "integer overflow")

    func adding(_ other: CELDuration) throws(TimeError) -> CELDuration {
        let (sum, overflow) = nanoseconds.addingReportingOverflow(other.nanoseconds)
        if overflow { throw TimeError.integerOverflow }
        return CELDuration(nanoseconds: sum)
    }

    func subtracting(_ other: CELDuration) throws(TimeError) -> CELDuration {
        let (difference, overflow) = nanoseconds.subtractingReportingOverflow(other.nanoseconds)
        if overflow { throw TimeError.integerOverflow }
        return CELDuration(nanoseconds: difference)
    }

    func negated() throws(TimeError) -> CELDuration {
        if nanoseconds == .min { throw TimeError.integerOverflow }
        return CELDuration(nanoseconds: -nanoseconds)
    }

    // MARK: - Accessors

    /// `getHours()`: the whole length in hours. cel-go converts Go's floating-point
    /// `Hours()` to int, so the same float steps are taken here (truncation toward zero).
    var hours: Int64 { Self.truncatedTotal(nanoseconds, unit: Self.nanosPerHour) }

    /// `getMinutes()`: the whole length in minutes, via Go's floating-point `Minutes()`.
    var minutes: Int64 { Self.truncatedTotal(nanoseconds, unit: Self.nanosPerMinute) }

    /// `getSeconds()`: the whole length in seconds, via Go's floating-point `Seconds()`.
    var seconds: Int64 { Self.truncatedTotal(nanoseconds, unit: Self.nanosPerSecond) }

    /// `getMilliseconds()`: cel-go returns the whole length in milliseconds (Go's
    /// `Milliseconds()`, integer division), not the millisecond component the language
    /// definition describes; cel-go skips that conformance test, and so do we.
    var milliseconds: Int64 { nanoseconds / Self.nanosPerMillisecond }

    /// Go's `float64(d / unit) + float64(d % unit) / unit`, then Go's float-to-int conversion.
    private static func truncatedTotal(_ nanos: Int64, unit: Int64) -> Int64 {
        let whole = nanos / unit
        let rest = nanos % unit
        let value = Double(whole) + Double(rest) / Double(unit)
        return Int64(value)
    }

    /// The length in seconds as Go's `Duration.Seconds()` computes it.
    var secondsValue: Double {
        let whole = nanoseconds / Self.nanosPerSecond
        let rest = nanoseconds % Self.nanosPerSecond
        return Double(whole) + Double(rest) / 1e9
    }

    // MARK: - string(duration)

    /// `string(duration)`: the seconds as the shortest decimal that reads back as the same
    /// float64, never in exponent form, then `s` (cel-go: `FormatFloat(d.Seconds(), 'f', -1, 64)`).
    /// So `3600s`, `1.5s`, `0.000000001s`, `-90s`, `0s`; large values show float rounding,
    /// e.g. the maximum is `9223372036.854776s`.
    public var description: String {
        ShortestDecimal.fixedNotation(secondsValue) + "s"
    }
}

// MARK: - Go's time.ParseDuration

/// A faithful re-implementation of Go's `time.ParseDuration`, including its overflow rules
/// (accepts exactly -2^63 ... 2^63-1 ns) and its float64 handling of fractions.
enum GoDuration {
    struct Failure: Error {
        var text: String
    }

    private static let maxMagnitude: UInt64 = 1 << 63

    static func parse(_ original: String) -> Result<Int64, Failure> {
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
                return .failure(Failure(
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

// MARK: - Shortest round-trip decimal, fixed notation

enum ShortestDecimal {
    /// Go's `strconv.FormatFloat(x, 'f', -1, 64)` for finite values: the shortest digit string
    /// that reads back as `x` (Swift's `description` finds the same digits), laid out without
    /// an exponent.
    static func fixedNotation(_ value: Double) -> String {
        precondition(value.isFinite, "durations are always finite")
        if value == 0 { return "0" }
        var text = value.magnitude.description  // e.g. "1.5", "3600.0", "1e-09", "1.5e+16"
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = String(text[..<e])
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let integerDigits = String(parts[0])
        let fractionDigits = parts.count > 1 ? String(parts[1]) : ""
        var digits = Array(integerDigits + fractionDigits)
        var point = integerDigits.count + exponent  // digits before the decimal point

        // Normalise: drop leading zeros (moving the point) and trailing zeros.
        while digits.count > 1, digits.first == "0" {
            digits.removeFirst()
            point -= 1
        }
        while digits.count > 1, digits.last == "0" {
            digits.removeLast()
        }

        var out = value < 0 ? "-" : ""
        if point <= 0 {
            out += "0." + String(repeating: "0", count: -point) + String(digits)
        } else if point >= digits.count {
            out += String(digits) + String(repeating: "0", count: point - digits.count)
        } else {
            out += String(digits[..<point]) + "." + String(digits[point...])
        }
        return out
    }
}
