// sealgate · GoFormats

/// Wall-clock fields of a count of local seconds since 1970-01-01T00:00:00, proleptic
/// Gregorian with a year 0 (as Go's `time` package), exact for any `Int64` input a
/// timestamp plus an offset can produce.
public struct CivilTime: Sendable, Equatable {
    /// The year; 0 is 1 BC, as in Go.
    public var year: Int64
    /// 1 ... 12.
    public var month: Int64
    /// 1 ... 31.
    public var day: Int64
    /// 0 ... 365.
    public var dayOfYear: Int64
    /// 0 = Sunday ... 6 = Saturday.
    public var weekday: Int64
    /// 0 ... 23.
    public var hour: Int64
    /// 0 ... 59.
    public var minute: Int64
    /// 0 ... 59 (Go has no leap seconds).
    public var second: Int64

    /// The fields of `localSeconds`, a count of seconds since 1970-01-01T00:00:00 in the wall clock
    /// of some offset (add the offset to Unix seconds first).
    public init(localSeconds: Int64) {
        let days = Self.floorDivide(localSeconds, 86_400)
        let secondOfDay = localSeconds - days * 86_400
        (year, month, day) = Self.civil(fromDays: days)
        dayOfYear = days - Self.days(fromCivilYear: year, month: 1, day: 1)
        weekday = (days + 4) - Self.floorDivide(days + 4, 7) * 7  // 1970-01-01 was a Thursday
        hour = secondOfDay / 3_600
        minute = secondOfDay % 3_600 / 60
        second = secondOfDay % 60
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date. Counts in 400-year eras that
    /// start on March 1, so the leap day falls at the end of each computed year.
    public static func days(fromCivilYear year: Int64, month: Int64, day: Int64) -> Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = Self.floorDivide(shiftedYear, 400)
        let yearOfEra = shiftedYear - era * 400  // 0 ... 399
        let monthFromMarch = (month + 9) % 12  // March = 0 ... February = 11
        let dayOfShiftedYear = (153 * monthFromMarch + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfShiftedYear
        return era * 146_097 + dayOfEra - 719_468  // 719,468 days from 0000-03-01 to 1970-01-01
    }

    /// The inverse of `days(fromCivilYear:month:day:)`.
    public static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468
        let era = Self.floorDivide(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097  // 0 ... 146,096
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfShiftedYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfShiftedYear + 2) / 153
        let day = dayOfShiftedYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    /// Whether `year` has a February 29.
    public static func isLeap(_ year: Int64) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// The number of days of `month` (1 ... 12) in `year`.
    public static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// `a / b` rounded toward negative infinity (Swift's `/` truncates toward zero), for `b > 0`.
    package static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let quotient = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
    }
}
