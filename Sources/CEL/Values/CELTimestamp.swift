// sealgate · CEL

import GoFormats

/// A CEL `google.protobuf.Timestamp`: an instant as whole seconds since the Unix epoch plus
/// 0 ... 999,999,999 nanoseconds, always within 0001-01-01T00:00:00Z ... 9999-12-31T23:59:59.999999999Z.
///
/// cel-go keeps a Go `time.Time`, which also remembers the UTC offset the text was written
/// with: `string(timestamp('2023-01-01T05:30:00+05:30'))` is `2023-01-01T05:30:00+05:30`
/// there, not `...Z`. `utcOffset` carries that offset for `description` only; equality,
/// hashing, ordering, arithmetic and every accessor use the instant (accessors default to UTC).
public struct CELTimestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Whole seconds since 1970-01-01T00:00:00Z (floor, so `nanos` is never negative).
    public private(set) var seconds: Int64
    /// Nanoseconds past `seconds`, 0 ... 999,999,999.
    public private(set) var nanos: Int32
    /// Seconds east of UTC of the offset the value was written with (0 unless parsed from
    /// text with a non-zero offset, or computed from such a value). Display only.
    private(set) var utcOffset: Int32

    /// 0001-01-01T00:00:00Z.
    static let minSeconds: Int64 = -62_135_596_800
    /// 9999-12-31T23:59:59Z.
    static let maxSeconds: Int64 = 253_402_300_799

    private static let secondsPerDay: Int64 = 86_400
    private static let nanosPerSecond: Int64 = 1_000_000_000

    private init(unchecked seconds: Int64, nanos: Int32, utcOffset: Int32) {
        self.seconds = seconds
        self.nanos = nanos
        self.utcOffset = utcOffset
    }

    /// An instant from Unix seconds and nanoseconds, in UTC. Nanoseconds outside
    /// 0 ... 999,999,999 carry into the seconds, as Go's `time.Unix` does. Also `timestamp(int)`.
    /// Throws "timestamp overflow" outside the CEL range.
    init(seconds: Int64, nanos: Int32 = 0) throws(TimeError) {
        var seconds = seconds
        var nanos = Int64(nanos)
        if nanos < 0 || nanos >= Self.nanosPerSecond {
            let carry = CivilTime.floorDivide(nanos, Self.nanosPerSecond)
            let (sum, overflow) = seconds.addingReportingOverflow(carry)
            if overflow { throw TimeError.timestampOverflow }
            seconds = sum
            nanos -= carry * Self.nanosPerSecond
        }
        guard seconds >= Self.minSeconds, seconds <= Self.maxSeconds else { throw TimeError.timestampOverflow }
        self.init(unchecked: seconds, nanos: Int32(nanos), utcOffset: 0)
    }

    /// `timestamp(string)`: RFC 3339 exactly as cel-go reads it (Go's `time.Parse(time.RFC3339, s)`):
    /// `YYYY-MM-DDTHH:MM:SS`, an optional fraction after `.` or `,` (any number of digits,
    /// truncated to nanoseconds), then `Z` or `±hh:mm`. Go is lenient in places: a one-digit
    /// hour, offsets up to `±24:60`. Unparseable text is cel-go's conversion error (Go's
    /// reason in `detail`); a parsed instant outside the CEL range is "timestamp overflow".
    init(parsing text: String) throws(TimeError) {
        let parsed: RFC3339.Parsed
        switch RFC3339.parse(text) {
        case .success(let value): parsed = value
        case .failure(let failure): throw TimeError.timestampConversion(detail: failure.text)
        }
        guard parsed.seconds >= Self.minSeconds, parsed.seconds <= Self.maxSeconds else {
            throw TimeError.timestampOverflow
        }
        self.init(unchecked: parsed.seconds, nanos: parsed.nanos, utcOffset: parsed.utcOffset)
    }

    // MARK: - Identity and order: the instant only

    /// The same instant, whatever offset either was written with.
    public static func == (lhs: CELTimestamp, rhs: CELTimestamp) -> Bool {
        lhs.seconds == rhs.seconds && lhs.nanos == rhs.nanos
    }

    /// Hashes the instant, as equality compares it.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(seconds)
        hasher.combine(nanos)
    }

    /// The earlier instant first.
    public static func < (lhs: CELTimestamp, rhs: CELTimestamp) -> Bool {
        (lhs.seconds, lhs.nanos) < (rhs.seconds, rhs.nanos)
    }

    // MARK: - Arithmetic (cel-go's overflow.go)

    /// `timestamp + duration` (and `duration + timestamp`). The result keeps this value's offset.
    /// "timestamp overflow" when the result leaves the CEL range.
    func adding(_ duration: CELDuration) throws(TimeError) -> CELTimestamp {
        // Split the duration into seconds and a same-signed nanosecond remainder.
        let durationSeconds = duration.nanoseconds / Self.nanosPerSecond
        let durationNanos = duration.nanoseconds % Self.nanosPerSecond

        var (total, overflow) = seconds.addingReportingOverflow(durationSeconds)
        if overflow { throw TimeError.integerOverflow }
        var nanos = Int64(self.nanos) + durationNanos
        if nanos < 0 || nanos >= Self.nanosPerSecond {
            (total, overflow) = total.addingReportingOverflow(nanos / Self.nanosPerSecond)
            if overflow { throw TimeError.integerOverflow }
            nanos -= (nanos / Self.nanosPerSecond) * Self.nanosPerSecond
            if nanos < 0 {
                (total, overflow) = total.addingReportingOverflow(-1)
                if overflow { throw TimeError.integerOverflow }
                nanos += Self.nanosPerSecond
            }
        }
        guard total >= Self.minSeconds, total <= Self.maxSeconds else { throw TimeError.timestampOverflow }
        return CELTimestamp(unchecked: total, nanos: Int32(nanos), utcOffset: utcOffset)
    }

    /// `timestamp - duration`: cel-go negates the duration first, so subtracting the most
    /// negative duration is "integer overflow"; otherwise as `adding`.
    func subtracting(_ duration: CELDuration) throws(TimeError) -> CELTimestamp {
        try adding(duration.negated())
    }

    /// `self - other`. "integer overflow" when the difference is outside the duration range
    /// (cel-go scales the whole seconds to nanoseconds before adding the nanosecond part,
    /// and each step is checked).
    func difference(_ other: CELTimestamp) throws(TimeError) -> CELDuration {
        let wholeSeconds = seconds - other.seconds  // both in range: cannot overflow
        let nanoDelta = Int64(nanos) - Int64(other.nanos)
        let (scaled, overflow) = wholeSeconds.multipliedReportingOverflow(by: Self.nanosPerSecond)
        if overflow { throw TimeError.integerOverflow }
        let (total, overflow2) = scaled.addingReportingOverflow(nanoDelta)
        if overflow2 { throw TimeError.integerOverflow }
        return CELDuration(nanoseconds: total)
    }

    // MARK: - Accessors (zone: nil or "UTC" = UTC, an IANA name in `database`, or "±hh:mm")

    /// `getFullYear([zone])`.
    func fullYear(in zone: String? = nil, database: CELTimeZoneDatabase = .system) throws(TimeError) -> Int64 {
        try civil(in: zone, database: database).year
    }

    /// `getMonth([zone])`: 0 = January.
    func month(in zone: String? = nil, database: CELTimeZoneDatabase = .system) throws(TimeError) -> Int64 {
        try civil(in: zone, database: database).month - 1
    }

    /// `getDayOfYear([zone])`: 0 = January 1.
    func dayOfYear(in zone: String? = nil, database: CELTimeZoneDatabase = .system) throws(TimeError) -> Int64 {
        try civil(in: zone, database: database).dayOfYear
    }

    /// `getDayOfMonth([zone])`: 0-based.
    func dayOfMonth(in zone: String? = nil, database: CELTimeZoneDatabase = .system) throws(TimeError) -> Int64 {
        try civil(in: zone, database: database).day - 1
    }

    /// `getDate([zone])`: 1-based day of the month.
    func date(in zone: String? = nil, database: CELTimeZoneDatabase = .system) throws(TimeError) -> Int64 {
        try civil(in: zone, database: database).day
    }

    /// `getDayOfWeek([zone])`: 0 = Sunday.
    func dayOfWeek(in zone: String? = nil, database: CELTimeZoneDatabase = .system) throws(TimeError) -> Int64 {
        try civil(in: zone, database: database).weekday
    }

    /// `getHours([zone])`.
    func hours(in zone: String? = nil, database: CELTimeZoneDatabase = .system) throws(TimeError) -> Int64 {
        try civil(in: zone, database: database).hour
    }

    /// `getMinutes([zone])`.
    func minutes(in zone: String? = nil, database: CELTimeZoneDatabase = .system) throws(TimeError) -> Int64 {
        try civil(in: zone, database: database).minute
    }

    /// `getSeconds([zone])`.
    func seconds(in zone: String? = nil, database: CELTimeZoneDatabase = .system) throws(TimeError) -> Int64 {
        try civil(in: zone, database: database).second
    }

    /// `getMilliseconds([zone])`: the millisecond part of the second (the zone is still checked).
    func milliseconds(in zone: String? = nil, database: CELTimeZoneDatabase = .system) throws(TimeError) -> Int64 {
        _ = try CELTimeZone.resolve(zone, in: database)
        return Int64(nanos) / 1_000_000
    }

    /// The wall-clock fields of this instant in `zone`, a name looked up in `database` or an offset.
    func civil(in zone: String?, database: CELTimeZoneDatabase = .system) throws(TimeError) -> CivilTime {
        let rule = try CELTimeZone.resolve(zone, in: database)
        return CivilTime(localSeconds: seconds + rule.offset(atUnixSeconds: seconds))
    }

    // MARK: - string(timestamp)

    /// `string(timestamp)`: Go's RFC 3339 with nanoseconds (`time.RFC3339Nano`): trailing zeros
    /// of the fraction dropped (no fraction at all when zero), `Z` for a zero offset, else the
    /// remembered `±hh:mm` with the wall clock in that offset.
    public var description: String { rfc3339(offset: utcOffset) }

    /// The same text with the instant in UTC (cel-go's debug form and `string.format`'s `%s`).
    var utcDescription: String { rfc3339(offset: 0) }

    private func rfc3339(offset utcOffset: Int32) -> String {
        let local = CivilTime(localSeconds: seconds + Int64(utcOffset))
        var out = Self.padded(local.year, width: 4)
        out += "-" + Self.padded(local.month, width: 2)
        out += "-" + Self.padded(local.day, width: 2)
        out += "T" + Self.padded(local.hour, width: 2)
        out += ":" + Self.padded(local.minute, width: 2)
        out += ":" + Self.padded(local.second, width: 2)
        if nanos != 0 {
            var fraction = Self.padded(Int64(nanos), width: 9)
            while fraction.last == "0" { fraction.removeLast() }
            out += "." + fraction
        }
        if utcOffset == 0 { return out + "Z" }
        var zoneMinutes = Int64(utcOffset) / 60
        if zoneMinutes < 0 {
            out += "-"
            zoneMinutes = -zoneMinutes
        } else {
            out += "+"
        }
        return out + Self.padded(zoneMinutes / 60, width: 2) + ":" + Self.padded(zoneMinutes % 60, width: 2)
    }

    /// Go's `appendInt`: a leading `-` for negatives, then the magnitude zero-padded to `width`.
    private static func padded(_ value: Int64, width: Int) -> String {
        let digits = String(value.magnitude)
        let padding = String(repeating: "0", count: max(0, width - digits.count))
        return (value < 0 ? "-" : "") + padding + digits
    }
}
