// sealgate · PolicyEngine

/// A day of the proleptic Gregorian calendar, as `spec.expires` of a PolicyException and `--today` give it.
///
/// A string compared as text would accept `2027-13-45` and order it after every real date, so an
/// exception with a mistyped date would waive forever; this type only holds days that exist.
public struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// 1 to 9999, the years `YYYY` can write.
    public let year: Int
    /// 1 to 12.
    public let month: Int
    /// 1 to the length of the month (29 for February of a leap year).
    public let day: Int

    /// The date, or nil when the day does not exist (month 13, 30 February, 29 February 2027).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), (1...Self.days(inMonth: month, of: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Reads `YYYY-MM-DD`, or an RFC 3339 timestamp (`2026-12-31T18:00:00Z`, `…+02:00`), which counts as the
    /// day it falls on in UTC.
    ///
    /// - Returns: nil when the text is neither, or names a day or time that does not exist.
    public init?(parsing text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let year = Self.number(bytes[0..<4]), let month = Self.number(bytes[5..<7]), let day = Self.number(bytes[8..<10]),
            let date = CalendarDate(year: year, month: month, day: day)
        else { return nil }
        if bytes.count == 10 {
            self = date
            return
        }
        guard let shifted = date.parsingTime(bytes[10...]) else { return nil }
        self = shifted
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// Whether `lhs` is an earlier day than `rhs`.
    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    // MARK: - Parsing

    /// The UTC day of `self` at the RFC 3339 time `rest` (`THH:MM:SS[.frac](Z|±HH:MM)`), or nil.
    private func parsingTime(_ rest: ArraySlice<UInt8>) -> CalendarDate? {
        let time = Array(rest)
        guard time.count >= 10, time[0] == UInt8(ascii: "T") || time[0] == UInt8(ascii: "t") || time[0] == UInt8(ascii: " "),
            time[3] == UInt8(ascii: ":"), time[6] == UInt8(ascii: ":"),
            let hour = Self.number(time[1..<3]), let minute = Self.number(time[4..<6]), let second = Self.number(time[7..<9]),
            hour < 24, minute < 60, second <= 60  // 60: a leap second
        else { return nil }
        var index = 9
        if time[index] == UInt8(ascii: ".") {
            index += 1
            let start = index
            while index < time.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(time[index]) { index += 1 }
            guard index > start, index < time.count else { return nil }
        }
        var offsetMinutes = 0
        switch time[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard index + 1 == time.count else { return nil }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard index + 6 == time.count, time[index + 3] == UInt8(ascii: ":"),
                let hours = Self.number(time[(index + 1)..<(index + 3)]), let minutes = Self.number(time[(index + 4)..<(index + 6)]),
                hours < 24, minutes < 60
            else { return nil }
            offsetMinutes = (hours * 60 + minutes) * (time[index] == UInt8(ascii: "-") ? -1 : 1)
        default:
            return nil
        }
        // Local time minus the offset is UTC; it can fall on the day before or after.
        let utcMinutes = hour * 60 + minute - offsetMinutes
        if utcMinutes < 0 { return adding(days: -1) }
        if utcMinutes >= 24 * 60 { return adding(days: 1) }
        return self
    }

    /// The day before (-1) or after (+1).
    private func adding(days: Int) -> CalendarDate? {
        if days < 0 {
            if day > 1 { return CalendarDate(year: year, month: month, day: day - 1) }
            if month > 1 { return CalendarDate(year: year, month: month - 1, day: Self.days(inMonth: month - 1, of: year)) }
            return CalendarDate(year: year - 1, month: 12, day: 31)
        }
        if day < Self.days(inMonth: month, of: year) { return CalendarDate(year: year, month: month, day: day + 1) }
        if month < 12 { return CalendarDate(year: year, month: month + 1, day: 1) }
        return CalendarDate(year: year + 1, month: 1, day: 1)
    }

    /// The decimal value of ASCII digits; nil if any byte is not a digit.
    private static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in digits {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    static func days(inMonth month: Int, of year: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

extension CalendarDate: ExpressibleByStringLiteral {
    /// A date written in code (tests, benchmarks); a literal that is not a date is a programming error.
    public init(stringLiteral text: String) {
        guard let date = CalendarDate(parsing: text) else { preconditionFailure("'\(text)' is not a YYYY-MM-DD date") }
        self = date
    }
}
