// sealgate · CEL

import GoFormats

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

    /// The shorter (or more negative) duration first.
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
