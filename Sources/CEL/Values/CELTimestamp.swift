// sealgate · CEL

import Foundation
import Synchronization
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
            let carry = Self.floorDivide(nanos, Self.nanosPerSecond)
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

    public static func == (lhs: CELTimestamp, rhs: CELTimestamp) -> Bool {
        lhs.seconds == rhs.seconds && lhs.nanos == rhs.nanos
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(seconds)
        hasher.combine(nanos)
    }

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

    // MARK: - Accessors (zone: nil or "UTC" = UTC, an IANA name, or "±hh:mm")

    /// `getFullYear([zone])`.
    func fullYear(in zone: String? = nil) throws(TimeError) -> Int64 {
        try civil(in: zone).year
    }

    /// `getMonth([zone])`: 0 = January.
    func month(in zone: String? = nil) throws(TimeError) -> Int64 {
        try civil(in: zone).month - 1
    }

    /// `getDayOfYear([zone])`: 0 = January 1.
    func dayOfYear(in zone: String? = nil) throws(TimeError) -> Int64 {
        try civil(in: zone).dayOfYear
    }

    /// `getDayOfMonth([zone])`: 0-based.
    func dayOfMonth(in zone: String? = nil) throws(TimeError) -> Int64 {
        try civil(in: zone).day - 1
    }

    /// `getDate([zone])`: 1-based day of the month.
    func date(in zone: String? = nil) throws(TimeError) -> Int64 {
        try civil(in: zone).day
    }

    /// `getDayOfWeek([zone])`: 0 = Sunday.
    func dayOfWeek(in zone: String? = nil) throws(TimeError) -> Int64 {
        try civil(in: zone).weekday
    }

    /// `getHours([zone])`.
    func hours(in zone: String? = nil) throws(TimeError) -> Int64 {
        try civil(in: zone).hour
    }

    /// `getMinutes([zone])`.
    func minutes(in zone: String? = nil) throws(TimeError) -> Int64 {
        try civil(in: zone).minute
    }

    /// `getSeconds([zone])`.
    func seconds(in zone: String? = nil) throws(TimeError) -> Int64 {
        try civil(in: zone).second
    }

    /// `getMilliseconds([zone])`: the millisecond part of the second (the zone is still checked).
    func milliseconds(in zone: String? = nil) throws(TimeError) -> Int64 {
        _ = try CELTimeZone.resolve(zone)
        return Int64(nanos) / 1_000_000
    }

    /// The wall-clock fields of this instant in `zone`.
    func civil(in zone: String?) throws(TimeError) -> CivilTime {
        let rule = try CELTimeZone.resolve(zone)
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

    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let quotient = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
    }
}

// MARK: - Civil (proleptic Gregorian) calendar

/// Wall-clock fields of a count of local seconds since 1970-01-01T00:00:00, proleptic
/// Gregorian with a year 0 (as Go's `time` package), exact for any `Int64` input a
/// timestamp plus an offset can produce.
struct CivilTime: Sendable, Equatable {
    var year: Int64
    /// 1 ... 12.
    var month: Int64
    /// 1 ... 31.
    var day: Int64
    /// 0 ... 365.
    var dayOfYear: Int64
    /// 0 = Sunday ... 6 = Saturday.
    var weekday: Int64
    var hour: Int64
    var minute: Int64
    var second: Int64

    init(localSeconds: Int64) {
        let days = CELTimestamp.floorDivide(localSeconds, 86_400)
        let secondOfDay = localSeconds - days * 86_400
        (year, month, day) = Self.civil(fromDays: days)
        dayOfYear = days - Self.days(fromCivilYear: year, month: 1, day: 1)
        weekday = (days + 4) - CELTimestamp.floorDivide(days + 4, 7) * 7  // 1970-01-01 was a Thursday
        hour = secondOfDay / 3_600
        minute = secondOfDay % 3_600 / 60
        second = secondOfDay % 60
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date. Counts in 400-year eras that
    /// start on March 1, so the leap day falls at the end of each computed year.
    static func days(fromCivilYear year: Int64, month: Int64, day: Int64) -> Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = CELTimestamp.floorDivide(shiftedYear, 400)
        let yearOfEra = shiftedYear - era * 400  // 0 ... 399
        let monthFromMarch = (month + 9) % 12  // March = 0 ... February = 11
        let dayOfShiftedYear = (153 * monthFromMarch + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfShiftedYear
        return era * 146_097 + dayOfEra - 719_468  // 719,468 days from 0000-03-01 to 1970-01-01
    }

    /// The inverse of `days(fromCivilYear:month:day:)`.
    static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468
        let era = CELTimestamp.floorDivide(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097  // 0 ... 146,096
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfShiftedYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfShiftedYear + 2) / 153
        let day = dayOfShiftedYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    static func isLeap(_ year: Int64) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

// MARK: - Time zones

/// How a CEL time-zone argument maps instants to wall-clock offsets.
enum CELTimeZone: Sendable {
    /// A constant offset, seconds east of UTC.
    case fixed(Int64)
    /// An IANA zone.
    case named(TimeZone)

    /// Seconds east of UTC in effect at the instant.
    func offset(atUnixSeconds seconds: Int64) -> Int64 {
        switch self {
        case .fixed(let offset):
            offset
        case .named(let zone):
            Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds))))
        }
    }

    /// cel-go's reading of a zone argument (stdlib `inTimeZone`): text without `:` is a
    /// location name for Go's `time.LoadLocation` (`""`, `UTC` and `Local` are UTC); text
    /// with `:` is `hours:minutes`, each read by Go's `strconv.Atoi` (so a sign is optional and
    /// any digit count is accepted), the offset being `h*60 - m` minutes when the text starts
    /// with `-`, else `h*60 + m`. Errors carry Go's wording, which cel-go passes through.
    static func resolve(_ zone: String?) throws(TimeError) -> CELTimeZone {
        guard let zone else { return .fixed(0) }
        let bytes = Array(zone.utf8)
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else {
            return try named(zone)
        }
        let hours = try GoAtoi.parse(String(decoding: bytes[..<colon], as: UTF8.self))
        let minutes = try GoAtoi.parse(String(decoding: bytes[(colon + 1)...], as: UTF8.self))
        // Go int arithmetic wraps; so does time.Duration(offset) * time.Minute.
        let offsetMinutes = bytes[0] == UInt8(ascii: "-")
            ? hours &* 60 &- minutes
            : hours &* 60 &+ minutes
        let offset = CELDuration(nanoseconds: offsetMinutes &* CELDuration.nanosPerMinute)
        // int(duration.Seconds()): Go's float path, truncated.
        return .fixed(Int64(offset.secondsValue))
    }

    // MARK: Named zones

    private static let cache = Mutex<[String: Result<TimeZone?, TimeError>]>([:])
    private static let cacheLimit = 512

    private static func named(_ name: String) throws(TimeError) -> CELTimeZone {
        let cached = cache.withLock { $0[name] }
        let result = cached ?? load(name)
        if cached == nil {
            cache.withLock { entries in
                if entries.count < cacheLimit { entries[name] = result }
            }
        }
        switch result {
        case .success(let zone?): return .named(zone)
        case .success(nil): return .fixed(0)
        case .failure(let error): throw error
        }
    }

    /// Go's `time.LoadLocation`: the name must be a TZif file in the system zone database
    /// (the directory in `ZONEINFO`, then the usual Unix locations); its rules come from
    /// Foundation. `nil` means UTC.
    private static func load(_ name: String) -> Result<TimeZone?, TimeError> {
        // cel-go's servers run with UTC as the local zone, so "Local" is UTC too.
        if name.isEmpty || name == "UTC" || name == "Local" { return .success(nil) }
        if name.contains("..") || name.hasPrefix("/") || name.hasPrefix("\\") {
            return .failure(TimeError("time: invalid location name"))
        }
        let unknown = TimeError("unknown time zone " + name)
        let directories = zoneDirectories()
        if directories.isEmpty {
            // No zone database here; Go would fall back to its embedded copy of IANA's.
            guard looksLikeIANAName(name) else { return .failure(unknown) }
        } else {
            var firstError: TimeError?
            var found = false
            for directory in directories {
                switch zoneFile(directory + "/" + name) {
                case .missing: continue
                case .directory: firstError = firstError ?? TimeError("is a directory")
                case .notTZif: firstError = firstError ?? TimeError("malformed time zone information")
                case .tzif: found = true
                }
                if found { break }
            }
            if !found { return .failure(firstError ?? unknown) }
        }
        guard let zone = TimeZone(identifier: name) else { return .failure(unknown) }
        return .success(zone)
    }

    private enum ZoneFile { case missing, directory, notTZif, tzif }

    private static func zoneFile(_ path: String) -> ZoneFile {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return .missing }
        if isDirectory.boolValue { return .directory }
        guard let handle = FileHandle(forReadingAtPath: path) else { return .missing }
        defer { try? handle.close() }
        let magic = (try? handle.read(upToCount: 4)) ?? Data()
        return magic == Data("TZif".utf8) ? .tzif : .notTZif
    }

    /// The zone database directories Go searches on Unix, that exist here.
    private static func zoneDirectories() -> [String] {
        var candidates: [String] = []
        if let custom = ProcessInfo.processInfo.environment["ZONEINFO"], !custom.isEmpty {
            candidates.append(custom)
        }
        candidates += ["/usr/share/zoneinfo", "/usr/share/lib/zoneinfo", "/usr/lib/locale/TZ", "/etc/zoneinfo"]
        return candidates.filter { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
    }

    /// Without a zone database, keep to names IANA publishes, so Foundation's extra
    /// identifiers ("PST", "GMT+5", ...) are refused as Go refuses them.
    private static func looksLikeIANAName(_ name: String) -> Bool {
        if topLevelNames.contains(name) { return true }
        guard let slash = name.firstIndex(of: "/") else { return false }
        return areaNames.contains(String(name[..<slash]))
    }

    private static let areaNames: Set<String> = [
        "Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Brazil",
        "Canada", "Chile", "Etc", "Europe", "Indian", "Mexico", "Pacific", "US",
    ]

    private static let topLevelNames: Set<String> = [
        "CET", "CST6CDT", "Cuba", "EET", "EST", "EST5EDT", "Egypt", "Eire", "Factory", "GB", "GB-Eire",
        "GMT", "GMT+0", "GMT-0", "GMT0", "Greenwich", "HST", "Hongkong", "Iceland", "Iran", "Israel",
        "Jamaica", "Japan", "Kwajalein", "Libya", "MET", "MST", "MST7MDT", "NZ", "NZ-CHAT", "Navajo",
        "PRC", "PST8PDT", "Poland", "Portugal", "ROC", "ROK", "Singapore", "Turkey", "UCT", "UTC",
        "Universal", "W-SU", "WET", "Zulu",
    ]
}

/// Go's `strconv.Atoi` on a 64-bit platform, with its error wording.
enum GoAtoi {
    static func parse(_ text: String) throws(TimeError) -> Int64 {
        let bytes = Array(text.utf8)
        let syntax = TimeError("strconv.Atoi: parsing " + GoQuote.quote(text) + ": invalid syntax")
        let range = TimeError("strconv.Atoi: parsing " + GoQuote.quote(text) + ": value out of range")
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

// MARK: - Go's time.Parse(time.RFC3339, s)

/// Go's general layout parser specialised to `2006-01-02T15:04:05Z07:00` (its RFC 3339 fast
/// path accepts a subset of this and gives the same result), with Go's error texts.
enum RFC3339 {
    struct Parsed {
        var seconds: Int64
        var nanos: Int32
        var utcOffset: Int32
    }

    struct Failure: Error {
        var text: String
    }

    static let layout = "2006-01-02T15:04:05Z07:00"

    static func parse(_ text: String) -> Result<Parsed, Failure> {
        let value = Array(text.utf8)
        var position = 0

        func rest(_ from: Int) -> String { String(decoding: value[min(from, value.count)...], as: UTF8.self) }
        func cannot(_ element: String, at start: Int) -> Failure {
            Failure(text: "parsing time " + GoQuote.timePackage(text) + " as " + GoQuote.timePackage(layout)
                + ": cannot parse " + GoQuote.timePackage(rest(start)) + " as " + GoQuote.timePackage(element))
        }
        func outOfRange(_ what: String) -> Failure {
            Failure(text: "parsing time " + GoQuote.timePackage(text) + ": " + what + " out of range")
        }
        func isDigit(_ index: Int) -> Bool {
            index < value.count && value[index] >= UInt8(ascii: "0") && value[index] <= UInt8(ascii: "9")
        }
        func digit(_ index: Int) -> Int64 { Int64(value[index] - UInt8(ascii: "0")) }
        func twoDigits(_ index: Int) -> Int64? {
            isDigit(index) && isDigit(index + 1) ? digit(index) * 10 + digit(index + 1) : nil
        }
        func literal(_ character: Character) -> Failure? {
            guard position < value.count, value[position] == character.asciiValue else {
                return cannot(String(character), at: position)
            }
            position += 1
            return nil
        }

        // "2006": four bytes, all digits.
        guard value.count - position >= 4, (0..<4).allSatisfy({ isDigit(position + $0) }) else {
            return .failure(cannot("2006", at: position))
        }
        let year = (0..<4).reduce(Int64(0)) { $0 * 10 + digit(position + $1) }
        position += 4
        if let failure = literal("-") { return .failure(failure) }

        // "01": two digits, 1 ... 12.
        guard let month = twoDigits(position) else { return .failure(cannot("01", at: position)) }
        position += 2
        if month < 1 || month > 12 { return .failure(outOfRange("month")) }
        if let failure = literal("-") { return .failure(failure) }

        // "02": two digits; checked against the month at the end.
        guard let day = twoDigits(position) else { return .failure(cannot("02", at: position)) }
        position += 2
        if let failure = literal("T") { return .failure(failure) }

        // "15": one or two digits, 0 ... 23.
        guard isDigit(position) else { return .failure(cannot("15", at: position)) }
        var hour = digit(position)
        position += 1
        if isDigit(position) {
            hour = hour * 10 + digit(position)
            position += 1
        }
        if hour >= 24 { return .failure(outOfRange("hour")) }
        if let failure = literal(":") { return .failure(failure) }

        // "04": two digits, 0 ... 59.
        guard let minute = twoDigits(position) else { return .failure(cannot("04", at: position)) }
        position += 2
        if minute >= 60 { return .failure(outOfRange("minute")) }
        if let failure = literal(":") { return .failure(failure) }

        // "05": two digits, 0 ... 59, then an optional fraction the layout does not name.
        guard let second = twoDigits(position) else { return .failure(cannot("05", at: position)) }
        position += 2
        if second >= 60 { return .failure(outOfRange("second")) }
        var nanos: Int64 = 0
        if value.count - position >= 2,
           value[position] == UInt8(ascii: ".") || value[position] == UInt8(ascii: ","),
           isDigit(position + 1) {
            var end = position + 1
            while isDigit(end) { end += 1 }
            let kept = min(end - position - 1, 9)  // digits past nanoseconds are dropped
            for index in 0..<kept { nanos = nanos * 10 + digit(position + 1 + index) }
            for _ in kept..<9 { nanos *= 10 }
            position = end
        }

        // "Z07:00": "Z", or sign, two digits, ':', two digits (Go allows up to 24 and 60).
        var offset: Int64 = 0
        let zoneStart = position
        if position < value.count, value[position] == UInt8(ascii: "Z") {
            position += 1
        } else {
            guard value.count - position >= 6, value[position + 3] == UInt8(ascii: ":") else {
                return .failure(cannot("Z07:00", at: zoneStart))
            }
            let sign = value[position]
            let hours = twoDigits(position + 1)
            let minutes = hours == nil ? nil : twoDigits(position + 4)
            position += 6
            var rangeName: String?
            if let hours, hours > 24 { rangeName = "time zone offset hour" }
            if let minutes, minutes > 60 { rangeName = "time zone offset minute" }
            if let rangeName { return .failure(outOfRange(rangeName)) }
            guard let hours, let minutes, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else {
                return .failure(cannot("Z07:00", at: zoneStart))
            }
            offset = (hours * 60 + minutes) * 60
            if sign == UInt8(ascii: "-") { offset = -offset }
        }

        if position != value.count {
            return .failure(Failure(
                text: "parsing time " + GoQuote.timePackage(text) + ": extra text: "
                    + GoQuote.timePackage(rest(position))))
        }
        if day < 1 || day > CivilTime.daysIn(month: month, year: year) {
            return .failure(Failure(text: "parsing time " + GoQuote.timePackage(text) + ": day out of range"))
        }

        let days = CivilTime.days(fromCivilYear: year, month: month, day: day)
        let local = days * 86_400 + hour * 3_600 + minute * 60 + second
        return .success(Parsed(seconds: local - offset, nanos: Int32(nanos), utcOffset: Int32(offset)))
    }
}
