// sealgate · CEL tests

import Testing
@testable import CEL

/// `google.protobuf.Timestamp` and `google.protobuf.Duration` as cel-go evaluates them
/// (values from the CEL language definition, its conformance suite, and Go's `time` package).
struct TimestampDurationTests {
    private static let durationConversion = "type conversion error from 'string' to 'google.protobuf.Duration'"
    private static let timestampConversion = "type conversion error from 'string' to 'google.protobuf.Timestamp'"
    private static let layout = "\"2006-01-02T15:04:05Z07:00\""

    private static let second: Int64 = 1_000_000_000
    private static let minute: Int64 = 60 * second
    private static let hour: Int64 = 60 * minute

    /// The error `body` throws, or nil.
    private func failure<T>(_ body: () throws(TimeError) -> T) -> TimeError? {
        do throws(TimeError) {
            _ = try body()
            return nil
        } catch {
            return error
        }
    }

    private func ts(_ text: String) throws -> CELTimestamp {
        try CELTimestamp(parsing: text)
    }

    private func dur(_ text: String) throws -> CELDuration {
        try CELDuration(parsing: text)
    }

    // MARK: - duration(string)

    static let durationsAccepted: [(String, Int64)] = [
        // Every unit, both micro signs.
        ("1ns", 1), ("1us", 1_000), ("1\u{00B5}s", 1_000), ("1\u{03BC}s", 1_000), ("1ms", 1_000_000),
        ("1s", second), ("1m", minute), ("1h", hour),
        // Zero, with and without sign or unit.
        ("0", 0), ("+0", 0), ("-0", 0), ("0s", 0), ("00s", 0), ("0.0h", 0),
        // Combinations, in any order, repeated.
        ("1h30m", 90 * minute), ("2h45m", 165 * minute), ("1m1h", 61 * minute), ("1s1s", 2 * second),
        ("1h1m1s1ms1us1ns", hour + minute + second + 1_001_001),
        // Signs apply to the whole string.
        ("-2m", -2 * minute), ("+5m", 5 * minute), ("-1h30m", -90 * minute),
        // Fractions.
        ("1.5s", 1_500_000_000), ("-1.5h", -90 * minute), (".5s", 500_000_000), ("1.s", second),
        ("0.5h", 30 * minute), ("1.5us", 1_500), ("300ms", 300_000_000), ("0.000000001s", 1),
        ("0.0000000001s", 0), ("1.123456789123s", 1_123_456_789),
        ("1000000s", 1_000_000 * second),
        // The int64 extremes.
        ("9223372036854775807ns", .max), ("-9223372036854775808ns", .min),
        ("2562047h47m16.854775807s", .max), ("-2562047h47m16.854775808s", .min),
    ]

    @Test(arguments: durationsAccepted)
    func durationParses(text: String, nanoseconds: Int64) throws {
        #expect(try dur(text).nanoseconds == nanoseconds)
    }

    static let durationsRejected: [(String, String)] = [
        ("", "time: invalid duration \"\""),
        ("-", "time: invalid duration \"-\""),
        ("+", "time: invalid duration \"+\""),
        ("1", "time: missing unit in duration \"1\""),
        ("1.", "time: missing unit in duration \"1.\""),
        ("1s1", "time: missing unit in duration \"1s1\""),
        ("1x", "time: unknown unit \"x\" in duration \"1x\""),
        ("1S", "time: unknown unit \"S\" in duration \"1S\""),
        ("1sec", "time: unknown unit \"sec\" in duration \"1sec\""),
        ("1 s", "time: unknown unit \" s\" in duration \"1 s\""),
        ("1e3s", "time: unknown unit \"e\" in duration \"1e3s\""),
        ("1\u{00B5}", "time: unknown unit \"\\xc2\\xb5\" in duration \"1\\xc2\\xb5\""),
        (".s", "time: invalid duration \".s\""),
        ("-.s", "time: invalid duration \"-.s\""),
        ("s", "time: invalid duration \"s\""),
        (" 1s", "time: invalid duration \" 1s\""),
        ("--1s", "time: invalid duration \"--1s\""),
        ("1..5s", "time: missing unit in duration \"1..5s\""),
        // Outside int64 nanoseconds (the conformance suite's out-of-range strings).
        ("9223372036854775808ns", "time: invalid duration \"9223372036854775808ns\""),
        ("-9223372036854775809ns", "time: invalid duration \"-9223372036854775809ns\""),
        ("2562048h", "time: invalid duration \"2562048h\""),
        ("320000000000s", "time: invalid duration \"320000000000s\""),
        ("-320000000000s", "time: invalid duration \"-320000000000s\""),
    ]

    @Test(arguments: durationsRejected)
    func durationRejects(text: String, goReason: String) {
        let error = failure { () throws(TimeError) in try CELDuration(parsing: text) }
        #expect(error?.message == Self.durationConversion)
        #expect(error?.detail == goReason)
    }

    // MARK: - string(duration)

    static let durationStrings: [(Int64, String)] = [
        (0, "0s"), (1, "0.000000001s"), (-1, "-0.000000001s"), (1_500_000_000, "1.5s"),
        (hour, "3600s"), (90 * minute, "5400s"), (-90 * second, "-90s"), (1_000_000 * second, "1000000s"),
        (123_321_456_789, "123.321456789s"), (100_000, "0.0001s"), (10_000, "0.00001s"),
        (1_234_567, "0.001234567s"),
        // Go formats the float64 seconds: large values lose the last nanoseconds.
        (.max, "9223372036.854776s"), (.min, "-9223372036.854776s"),
        (9_223_372_035_999_999_999, "9223372036s"),
    ]

    @Test(arguments: durationStrings)
    func durationDescription(nanoseconds: Int64, text: String) {
        #expect(CELDuration(nanoseconds: nanoseconds).description == text)
    }

    @Test func durationStringRoundTrips() throws {
        for text in ["1h30m", "1.5s", "-2m", "300ms", "1us", "1ns", "0"] {
            let value = try dur(text)
            #expect(try dur(value.description) == value, "\(text)")
        }
    }

    // MARK: - Duration accessors: whole totals, truncated toward zero

    static let durationAccessors: [(Int64, hours: Int64, minutes: Int64, seconds: Int64, millis: Int64)] = [
        (10_000 * second, 2, 166, 10_000, 10_000_000),
        (3_730 * second, 1, 62, 3_730, 3_730_000),
        (-3_730 * second, -1, -62, -3_730, -3_730_000),
        (-90 * minute, -1, -90, -5_400, -5_400_000),
        (123_321_456_789, 0, 2, 123, 123_321),
        (-123_321_456_789, 0, -2, -123, -123_321),
        (-1, 0, 0, 0, 0),
        (-999_999, 0, 0, 0, 0),
        (-1_000_000, 0, 0, 0, -1),
        (-3_599_999_999_999, 0, -59, -3_599, -3_599_999),
        (.max, 2_562_047, 153_722_867, 9_223_372_036, 9_223_372_036_854),
        (.min, -2_562_047, -153_722_867, -9_223_372_036, -9_223_372_036_854),
        // Go's float64 Seconds() rounds this up before the int conversion.
        (9_223_372_035_999_999_999, 2_562_047, 153_722_867, 9_223_372_036, 9_223_372_035_999),
    ]

    @Test(arguments: durationAccessors)
    func durationAccessor(nanoseconds: Int64, hours: Int64, minutes: Int64, seconds: Int64, millis: Int64) {
        let value = CELDuration(nanoseconds: nanoseconds)
        #expect(value.hours == hours)
        #expect(value.minutes == minutes)
        #expect(value.seconds == seconds)
        #expect(value.milliseconds == millis)
    }

    // MARK: - Duration arithmetic and order

    @Test func durationArithmetic() throws {
        #expect(try dur("600s").adding(dur("50s")) == dur("650s"))
        #expect(try dur("1m").adding(dur("1s")) == dur("1m1s"))
        #expect(try dur("900s").subtracting(dur("42s")) == dur("858s"))
        #expect(try dur("1m").subtracting(dur("1s")) == dur("59s"))
        #expect(try dur("5s").negated() == dur("-5s"))
        #expect(try CELDuration(nanoseconds: .max).negated().nanoseconds == -.max)
        #expect(try dur("2h").adding(dur("1h1m")) >= dur("3h"))
        #expect(try dur("1h") == dur("60m"))
        #expect(try dur("200s") < dur("300s"))
        #expect(try !(dur("300s") <= dur("200s")))
    }

    static let durationOverflows: [(Int64, String, Int64)] = [
        (.max, "+", 1), (.min, "+", -1), (.min, "-", 1), (.max, "-", -1),
        (.max / 2 + 1, "+", .max / 2 + 1), (0, "-", .min),
    ]

    @Test(arguments: durationOverflows)
    func durationOverflow(lhs: Int64, operation: String, rhs: Int64) {
        let a = CELDuration(nanoseconds: lhs)
        let b = CELDuration(nanoseconds: rhs)
        let error = failure { () throws(TimeError) in
            try operation == "+" ? a.adding(b) : a.subtracting(b)
        }
        #expect(error?.message == "integer overflow")
    }

    @Test func durationNegationOverflow() {
        let error = failure { () throws(TimeError) in try CELDuration(nanoseconds: .min).negated() }
        #expect(error?.message == "integer overflow")
    }

    // MARK: - timestamp(string)

    static let timestampsAccepted: [(String, Int64, Int32, String)] = [
        ("2009-02-13T23:31:30Z", 1_234_567_890, 0, "2009-02-13T23:31:30Z"),
        ("2023-01-01T00:00:00Z", 1_672_531_200, 0, "2023-01-01T00:00:00Z"),
        ("1970-01-01T00:00:00Z", 0, 0, "1970-01-01T00:00:00Z"),
        ("0001-01-01T00:00:00Z", -62_135_596_800, 0, "0001-01-01T00:00:00Z"),
        ("9999-12-31T23:59:59.999999999Z", 253_402_300_799, 999_999_999, "9999-12-31T23:59:59.999999999Z"),
        ("1969-12-31T23:59:59.999999999Z", -1, 999_999_999, "1969-12-31T23:59:59.999999999Z"),
        ("2024-02-29T12:00:00Z", 1_709_208_000, 0, "2024-02-29T12:00:00Z"),
        ("2000-02-29T12:00:00Z", 951_825_600, 0, "2000-02-29T12:00:00Z"),
        // Fractions: trailing zeros trimmed, comma accepted, digits past nanoseconds dropped.
        ("2023-01-01T00:00:00.100Z", 1_672_531_200, 100_000_000, "2023-01-01T00:00:00.1Z"),
        ("2023-01-01T00:00:00.000000000Z", 1_672_531_200, 0, "2023-01-01T00:00:00Z"),
        ("2023-01-01T00:00:00.120300Z", 1_672_531_200, 120_300_000, "2023-01-01T00:00:00.1203Z"),
        ("2023-01-01T00:00:00,5Z", 1_672_531_200, 500_000_000, "2023-01-01T00:00:00.5Z"),
        ("2023-01-01T00:00:00.1234567891Z", 1_672_531_200, 123_456_789, "2023-01-01T00:00:00.123456789Z"),
        // Go accepts a one-digit hour.
        ("2023-01-01T1:02:03Z", 1_672_534_923, 0, "2023-01-01T01:02:03Z"),
        // Offsets: cel-go keeps the written offset for string(); a zero offset prints as Z.
        ("2023-01-01T05:30:00+05:30", 1_672_531_200, 0, "2023-01-01T05:30:00+05:30"),
        ("2022-12-31T16:00:00-08:00", 1_672_531_200, 0, "2022-12-31T16:00:00-08:00"),
        ("2023-01-01T00:00:00.5+05:45", 1_672_510_500, 500_000_000, "2023-01-01T00:00:00.5+05:45"),
        ("2023-01-01T00:00:00+00:00", 1_672_531_200, 0, "2023-01-01T00:00:00Z"),
        ("2023-01-01T00:00:00-00:00", 1_672_531_200, 0, "2023-01-01T00:00:00Z"),
        ("2023-01-01T00:00:00+24:00", 1_672_444_800, 0, "2023-01-01T00:00:00+24:00"),
        ("2023-01-01T00:00:00+23:60", 1_672_444_800, 0, "2023-01-01T00:00:00+24:00"),
        ("0001-01-01T00:00:00-01:00", -62_135_593_200, 0, "0001-01-01T00:00:00-01:00"),
    ]

    @Test(arguments: timestampsAccepted)
    func timestampParses(text: String, seconds: Int64, nanos: Int32, printed: String) throws {
        let value = try ts(text)
        #expect(value.seconds == seconds)
        #expect(value.nanos == nanos)
        #expect(value.description == printed)
        #expect(try ts(printed) == value)
    }

    static let timestampsRejected: [(String, String)] = [
        ("", "cannot parse \"\" as \"2006\""),
        ("+2023-01-01T00:00:00Z", "cannot parse \"+2023-01-01T00:00:00Z\" as \"2006\""),
        ("10000-01-01T00:00:00Z", "cannot parse \"0-01-01T00:00:00Z\" as \"-\""),
        ("2023-1-01T00:00:00Z", "cannot parse \"1-01T00:00:00Z\" as \"01\""),
        ("2023-01-1T00:00:00Z", "cannot parse \"1T00:00:00Z\" as \"02\""),
        ("2023-01-01", "cannot parse \"\" as \"T\""),
        ("2023-01-01 00:00:00Z", "cannot parse \" 00:00:00Z\" as \"T\""),
        ("2023-01-01t00:00:00Z", "cannot parse \"t00:00:00Z\" as \"T\""),
        ("2023-01-01T00:00Z", "cannot parse \"Z\" as \":\""),
        ("2023-01-01T00:00:00", "cannot parse \"\" as \"Z07:00\""),
        ("2023-01-01T00:00:00z", "cannot parse \"z\" as \"Z07:00\""),
        ("2023-01-01T00:00:00.Z", "cannot parse \".Z\" as \"Z07:00\""),
        ("2023-01-01T00:00:00+0530", "cannot parse \"+0530\" as \"Z07:00\""),
        ("2023-01-01T00:00:00 05:30", "cannot parse \" 05:30\" as \"Z07:00\""),
        ("2023-01-01T00:00:00+05:-1", "cannot parse \"+05:-1\" as \"Z07:00\""),
    ]

    @Test(arguments: timestampsRejected)
    func timestampRejects(text: String, reason: String) {
        let error = failure { () throws(TimeError) in try CELTimestamp(parsing: text) }
        #expect(error?.message == Self.timestampConversion)
        #expect(error?.detail == "parsing time \"\(text)\" as \(Self.layout): \(reason)")
    }

    static let timestampsOutOfField: [(String, String)] = [
        ("2023-13-01T00:00:00Z", "month out of range"),
        ("2023-00-01T00:00:00Z", "month out of range"),
        ("2023-02-29T00:00:00Z", "day out of range"),
        ("1900-02-29T00:00:00Z", "day out of range"),
        ("2023-04-31T00:00:00Z", "day out of range"),
        ("2023-01-00T00:00:00Z", "day out of range"),
        ("2023-01-01T24:00:00Z", "hour out of range"),
        ("2023-01-01T23:60:00Z", "minute out of range"),
        ("2023-01-01T23:59:60Z", "second out of range"),
        ("2023-01-01T00:00:00+25:00", "time zone offset hour out of range"),
        ("2023-01-01T00:00:00+05:61", "time zone offset minute out of range"),
        ("2023-01-01T00:00:00Z ", "extra text: \" \""),
        ("2023-01-01T00:00:00+05:30:00", "extra text: \":00\""),
    ]

    @Test(arguments: timestampsOutOfField)
    func timestampFieldRange(text: String, reason: String) {
        let error = failure { () throws(TimeError) in try CELTimestamp(parsing: text) }
        #expect(error?.message == Self.timestampConversion)
        #expect(error?.detail == "parsing time \"\(text)\": \(reason)")
    }

    /// Parsed, but outside 0001-01-01T00:00:00Z ... 9999-12-31T23:59:59.999999999Z.
    @Test(arguments: [
        "0000-01-01T00:00:00Z", "0000-12-31T23:59:59.999999999Z", "0001-01-01T00:00:00+00:01",
        "9999-12-31T23:59:59-00:01", "9999-12-31T23:00:00-01:00",
    ])
    func timestampParsedOutOfRange(text: String) {
        let error = failure { () throws(TimeError) in try CELTimestamp(parsing: text) }
        #expect(error == TimeError.timestampOverflow)
    }

    // MARK: - timestamp(int) and (seconds, nanos)

    static let fromUnix: [(Int64, Int32, String?)] = [
        (0, 0, "1970-01-01T00:00:00Z"),
        (1, 0, "1970-01-01T00:00:01Z"),
        (1_234_567_890, 0, "2009-02-13T23:31:30Z"),
        (-62_135_596_800, 0, "0001-01-01T00:00:00Z"),
        (253_402_300_799, 999_999_999, "9999-12-31T23:59:59.999999999Z"),
        (0, -1, "1969-12-31T23:59:59.999999999Z"),
        (1, 1_500_000_000, "1970-01-01T00:00:02.5Z"),
        (-62_135_596_801, 0, nil),
        (253_402_300_800, 0, nil),
        (-62_135_596_800, -1, nil),
        (253_402_300_799, 1_000_000_000, nil),
        (.max, 0, nil),
        (.min, 0, nil),
        (.max, .max, nil),
    ]

    @Test(arguments: fromUnix)
    func timestampFromUnix(seconds: Int64, nanos: Int32, printed: String?) {
        do throws(TimeError) {
            let value = try CELTimestamp(seconds: seconds, nanos: nanos)
            #expect(value.description == printed)
        } catch {
            #expect(printed == nil)
            #expect(error == TimeError.timestampOverflow)
        }
    }

    // MARK: - Equality, hashing, order: the instant, not the written offset

    @Test func timestampIdentity() throws {
        let utc = try ts("2023-01-01T00:00:00Z")
        let india = try ts("2023-01-01T05:30:00+05:30")
        #expect(utc == india)
        #expect(utc.hashValue == india.hashValue)
        #expect(Set([utc, india]).count == 1)
        #expect(india.description == "2023-01-01T05:30:00+05:30")
        #expect(india.utcDescription == "2023-01-01T00:00:00Z")
        #expect(try ts("2022-12-31T16:00:00.25-08:00").utcDescription == "2023-01-01T00:00:00.25Z")
        #expect(try ts("2009-02-13T23:00:00Z") <= ts("2009-02-13T23:00:00Z"))
        #expect(try ts("2009-02-13T23:00:00Z") < ts("2009-03-13T23:00:00Z"))
        #expect(try ts("1969-12-31T23:59:59.9Z") < ts("1970-01-01T00:00:00Z"))
        #expect(try ts("2009-02-13T23:59:00Z") > ts("2009-02-13T23:00:00Z"))
        #expect(try ts("2009-02-13T23:31:29Z") != ts("2009-02-13T23:31:30Z"))
        #expect(try ts("2023-01-01T00:00:00.5Z") > ts("2023-01-01T05:30:00+05:30"))
    }

    // MARK: - Timestamp arithmetic

    static let timestampPlusDuration: [(String, String, String)] = [
        ("2009-02-13T23:00:00Z", "240s", "2009-02-13T23:04:00Z"),
        ("2009-02-13T23:01:00Z", "120s", "2009-02-13T23:03:00Z"),
        ("2023-01-01T00:00:00Z", "24h", "2023-01-02T00:00:00Z"),
        ("0001-01-01T00:00:01.000000001Z", "-999999999ns", "0001-01-01T00:00:00.000000002Z"),
        ("0001-01-01T00:00:01.999999999Z", "999999999ns", "0001-01-01T00:00:02.999999998Z"),
        ("1970-01-01T00:00:00.5Z", "-1s", "1969-12-31T23:59:59.5Z"),
        ("1970-01-01T00:00:00Z", "9223372036854775807ns", "2262-04-11T23:47:16.854775807Z"),
        ("1970-01-01T00:00:00Z", "-9223372036854775808ns", "1677-09-21T00:12:43.145224192Z"),
        ("9999-12-31T23:59:59Z", "0.999999999s", "9999-12-31T23:59:59.999999999Z"),
        ("0001-01-01T00:00:00.000000001Z", "-1ns", "0001-01-01T00:00:00Z"),
        // The written offset travels with the result.
        ("2023-01-01T05:30:00+05:30", "1h", "2023-01-01T06:30:00+05:30"),
        ("0001-01-01T00:00:00-01:00", "-30m", "0000-12-31T23:30:00-01:00"),
        ("9999-12-31T23:00:00+01:00", "90m", "10000-01-01T00:30:00+01:00"),
    ]

    @Test(arguments: timestampPlusDuration)
    func timestampAdds(start: String, duration: String, expected: String) throws {
        let delta = try dur(duration)
        let sum = try ts(start).adding(delta)
        #expect(sum.description == expected)
        if delta.nanoseconds != .min {
            #expect(try sum.subtracting(delta) == ts(start))
        }
    }

    static let timestampOverflows: [(String, String, String)] = [
        ("0001-01-01T00:00:00Z", "+", "-1s"),
        ("0001-01-01T00:00:00Z", "+", "-1ns"),
        ("9999-12-31T23:59:59Z", "+", "1s"),
        ("9999-12-31T23:59:59.999999999Z", "+", "1ns"),
        ("0001-01-01T00:00:00Z", "-", "1ns"),
        ("9999-12-31T23:59:59.999999999Z", "-", "-1ns"),
        ("0001-01-01T00:00:00Z", "+", "-9223372036854775808ns"),
    ]

    @Test(arguments: timestampOverflows)
    func timestampOverflow(start: String, operation: String, duration: String) throws {
        let value = try ts(start)
        let delta = try dur(duration)
        let error = failure { () throws(TimeError) in
            try operation == "+" ? value.adding(delta) : value.subtracting(delta)
        }
        #expect(error == TimeError.timestampOverflow)
    }

    @Test func subtractingMostNegativeDurationOverflowsInteger() throws {
        // cel-go negates the duration first.
        let epoch = try ts("1970-01-01T00:00:00Z")
        let error = failure { () throws(TimeError) in
            try epoch.subtracting(CELDuration(nanoseconds: .min))
        }
        #expect(error == TimeError.integerOverflow)
    }

    static let timestampDifferences: [(String, String, Int64?)] = [
        ("2009-02-13T23:31:00Z", "2009-02-13T23:29:00Z", 120 * second),
        ("2023-01-10T12:00:00Z", "2023-01-10T00:00:00Z", 12 * hour),
        ("2023-01-10T00:00:00Z", "2023-01-10T12:00:00Z", -12 * hour),
        ("1970-01-01T00:00:00Z", "1970-01-01T00:00:00.5Z", -500_000_000),
        ("2023-01-01T05:30:00+05:30", "2023-01-01T00:00:00Z", 0),
        ("2262-04-11T23:47:16.854775807Z", "1970-01-01T00:00:00Z", .max),
        ("2262-04-11T23:47:16.854775808Z", "1970-01-01T00:00:00Z", nil),
        ("9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", nil),
        ("0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", nil),
        // cel-go scales whole seconds before adding nanoseconds, so these fail although
        // the exact difference (9223372036.2 s; -2^63 ns) would fit.
        ("2262-04-11T23:47:17.1Z", "1970-01-01T00:00:00.9Z", nil),
        ("1677-09-21T00:12:43.145224192Z", "1970-01-01T00:00:00Z", nil),
    ]

    @Test(arguments: timestampDifferences)
    func timestampDifference(lhs: String, rhs: String, nanoseconds: Int64?) throws {
        let a = try ts(lhs)
        let b = try ts(rhs)
        do throws(TimeError) {
            let difference = try a.difference(b)
            #expect(difference.nanoseconds == nanoseconds)
        } catch {
            #expect(nanoseconds == nil)
            #expect(error == TimeError.integerOverflow)
        }
    }

    // MARK: - Accessors

    struct Fields: Sendable, Equatable, CustomStringConvertible {
        var year, month, dayOfYear, date, dayOfWeek, hours, minutes, seconds, millis: Int64
        var description: String {
            "\(year)/\(month)/\(date) doy \(dayOfYear) dow \(dayOfWeek) \(hours):\(minutes):\(seconds).\(millis)"
        }
    }

    private func fields(_ value: CELTimestamp, _ zone: String?) throws -> Fields {
        let fields = Fields(
            year: try value.fullYear(in: zone), month: try value.month(in: zone),
            dayOfYear: try value.dayOfYear(in: zone), date: try value.date(in: zone),
            dayOfWeek: try value.dayOfWeek(in: zone), hours: try value.hours(in: zone),
            minutes: try value.minutes(in: zone), seconds: try value.seconds(in: zone),
            millis: try value.milliseconds(in: zone))
        #expect(try value.dayOfMonth(in: zone) == fields.date - 1)
        return fields
    }

    /// (timestamp, year, month 0-based, day of year 0-based, date 1-based, weekday, h, m, s, ms), UTC.
    static let utcFields: [(String, [Int64])] = [
        ("2009-02-13T23:31:30Z", [2009, 1, 43, 13, 5, 23, 31, 30, 0]),
        ("2009-02-13T23:31:20.123456789Z", [2009, 1, 43, 13, 5, 23, 31, 20, 123]),
        ("2023-12-25T12:00:00.500Z", [2023, 11, 358, 25, 1, 12, 0, 0, 500]),
        ("2023-07-14T10:30:45.123Z", [2023, 6, 194, 14, 5, 10, 30, 45, 123]),
        ("2000-02-29T12:00:00Z", [2000, 1, 59, 29, 2, 12, 0, 0, 0]),
        ("2024-12-31T23:59:59Z", [2024, 11, 365, 31, 2, 23, 59, 59, 0]),
        ("1970-01-01T00:00:00Z", [1970, 0, 0, 1, 4, 0, 0, 0, 0]),
        ("1969-12-31T23:59:59.999Z", [1969, 11, 364, 31, 3, 23, 59, 59, 999]),
        ("0001-01-01T00:00:00Z", [1, 0, 0, 1, 1, 0, 0, 0, 0]),
        ("9999-12-31T23:59:59.999999999Z", [9999, 11, 364, 31, 5, 23, 59, 59, 999]),
        // Accessors read the instant in UTC, whatever offset the text was written with.
        ("2023-01-01T05:30:00+05:30", [2023, 0, 0, 1, 0, 0, 0, 0, 0]),
    ]

    @Test(arguments: utcFields)
    func accessorsInUTC(text: String, expected: [Int64]) throws {
        let value = try ts(text)
        let want = Fields(
            year: expected[0], month: expected[1], dayOfYear: expected[2], date: expected[3],
            dayOfWeek: expected[4], hours: expected[5], minutes: expected[6], seconds: expected[7],
            millis: expected[8])
        #expect(try fields(value, nil) == want)
        #expect(try fields(value, "UTC") == want)
        #expect(try fields(value, "") == want)
        #expect(try fields(value, "+00:00") == want)
    }

    /// One accessor in a named or fixed zone (conformance cases, the language definition,
    /// cel-go's lenient offset reading, and a DST change in Los Angeles).
    static let zoned: [(String, String, String, Int64)] = [
        ("2009-02-13T23:31:30Z", "date", "Australia/Sydney", 14),
        ("2009-02-13T23:31:30Z", "dayOfMonth", "US/Central", 12),
        ("2009-02-13T23:31:30Z", "dayOfMonth", "+11:00", 13),
        ("2009-02-13T02:00:00Z", "dayOfMonth", "-02:30", 11),
        ("2009-02-13T02:00:00Z", "dayOfMonth", "America/St_Johns", 11),
        ("2009-02-13T23:31:30Z", "dayOfWeek", "UTC", 5),
        ("2009-02-13T23:31:30Z", "dayOfYear", "US/Central", 43),
        ("2009-02-13T23:31:30Z", "fullYear", "-09:30", 2009),
        ("2009-02-13T23:31:30Z", "hours", "02:00", 1),
        ("2009-02-13T23:31:30Z", "minutes", "Asia/Kathmandu", 16),
        ("2009-02-13T23:31:30Z", "month", "UTC", 1),
        ("2009-02-13T23:31:30Z", "seconds", "-00:00", 30),
        ("2023-12-25T00:00:00Z", "date", "America/Los_Angeles", 24),
        ("2023-12-25T00:00:00Z", "dayOfMonth", "America/Los_Angeles", 23),
        ("2023-07-16T05:00:00Z", "dayOfWeek", "America/Los_Angeles", 6),
        ("2023-01-01T05:30:00Z", "fullYear", "-08:00", 2022),
        ("2023-07-14T10:30:45.123Z", "hours", "America/Los_Angeles", 3),
        ("2023-07-14T10:30:45.123Z", "milliseconds", "America/Los_Angeles", 123),
        // Spring forward: 01:59:59 PST, then 03:00:00 PDT.
        ("2023-03-12T09:59:59Z", "hours", "America/Los_Angeles", 1),
        ("2023-03-12T10:00:00Z", "hours", "America/Los_Angeles", 3),
        ("2023-03-12T10:00:00Z", "minutes", "America/Los_Angeles", 0),
        // Fall back: 01:59:59 PDT, then 01:00:00 PST.
        ("2023-11-05T08:59:59Z", "hours", "America/Los_Angeles", 1),
        ("2023-11-05T08:59:59Z", "minutes", "America/Los_Angeles", 59),
        ("2023-11-05T09:00:00Z", "hours", "America/Los_Angeles", 1),
        ("2023-11-05T09:00:00Z", "minutes", "America/Los_Angeles", 0),
        ("2023-07-01T12:00:00Z", "hours", "Europe/London", 13),
        ("2009-02-13T23:31:30Z", "hours", "Europe/London", 23),
        // Fixed offsets as cel-go reads them: h*60 ± m minutes, each part any integer.
        ("2009-02-13T23:31:30Z", "hours", "+05:30", 5),
        ("2009-02-13T23:31:30Z", "minutes", "+05:30", 1),
        ("2009-02-13T23:31:30Z", "hours", "-08:00", 15),
        ("2009-02-13T23:31:30Z", "minutes", "+5:3", 34),
        ("2009-02-13T23:31:30Z", "minutes", "05:75", 46),
        ("2009-02-13T23:31:30Z", "minutes", "+05:-30", 1),
        ("2009-02-13T23:31:30Z", "hours", "+05:-30", 4),
        ("2009-02-13T23:31:30Z", "minutes", "-00:30", 1),
        ("2009-02-13T23:31:30Z", "date", "+100:00", 18),
        ("2009-02-13T23:31:30Z", "hours", "9223372036854775807:00", 22),
        // "Local" is the server's zone, UTC in cel-go's deployments.
        ("2009-02-13T23:31:30Z", "hours", "Local", 23),
    ]

    @Test(arguments: zoned)
    func accessorInZone(text: String, accessor: String, zone: String, expected: Int64) throws {
        let value = try ts(text)
        let got: Int64 =
            switch accessor {
            case "fullYear": try value.fullYear(in: zone)
            case "month": try value.month(in: zone)
            case "dayOfYear": try value.dayOfYear(in: zone)
            case "dayOfMonth": try value.dayOfMonth(in: zone)
            case "date": try value.date(in: zone)
            case "dayOfWeek": try value.dayOfWeek(in: zone)
            case "hours": try value.hours(in: zone)
            case "minutes": try value.minutes(in: zone)
            case "seconds": try value.seconds(in: zone)
            case "milliseconds": try value.milliseconds(in: zone)
            default: -1
            }
        #expect(got == expected)
    }

    static let badZones: [(String, String)] = [
        ("America/Nope", "unknown time zone America/Nope"),
        ("america/los_angeles", "unknown time zone america/los_angeles"),
        ("PST", "unknown time zone PST"),
        ("GMT+5", "unknown time zone GMT+5"),
        ("UTC+1", "unknown time zone UTC+1"),
        ("../etc/passwd", "time: invalid location name"),
        ("/etc/localtime", "time: invalid location name"),
        ("x:00", "strconv.Atoi: parsing \"x\": invalid syntax"),
        (":30", "strconv.Atoi: parsing \"\": invalid syntax"),
        ("+05:", "strconv.Atoi: parsing \"\": invalid syntax"),
        ("+:30", "strconv.Atoi: parsing \"+\": invalid syntax"),
        ("+05:30:00", "strconv.Atoi: parsing \"30:00\": invalid syntax"),
        ("++05:00", "strconv.Atoi: parsing \"++05\": invalid syntax"),
        ("\t5:00", "strconv.Atoi: parsing \"\\t5\": invalid syntax"),
        ("9223372036854775808:00", "strconv.Atoi: parsing \"9223372036854775808\": value out of range"),
    ]

    @Test(arguments: badZones)
    func accessorRejectsZone(zone: String, message: String) throws {
        let value = try ts("2009-02-13T23:31:30Z")
        #expect(failure { () throws(TimeError) in try value.hours(in: zone) }?.message == message)
        #expect(failure { () throws(TimeError) in try value.milliseconds(in: zone) }?.message == message)
    }
}
