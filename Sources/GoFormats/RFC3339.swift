// sealgate · GoFormats

/// Go's general layout parser specialised to `2006-01-02T15:04:05Z07:00` (its RFC 3339 fast
/// path accepts a subset of this and gives the same result), with Go's error texts.
public enum RFC3339 {
    /// A parsed instant.
    public struct Parsed: Sendable, Equatable {
        /// Seconds since 1970-01-01T00:00:00Z (the offset already applied); any `Int64` a four-digit
        /// year can reach.
        public var seconds: Int64
        /// Nanoseconds past `seconds`, 0 ... 999,999,999 (digits past the ninth are dropped).
        public var nanos: Int32
        /// The offset the text was written with, in seconds east of UTC (0 for `Z`).
        public var utcOffset: Int32
    }

    /// Why the text is not RFC 3339, worded as Go's `*time.ParseError` is.
    public struct Failure: Error, Sendable, Equatable {
        /// `parsing time "<text>" as "<layout>": cannot parse ...`, or `...: <field> out of range`.
        public var text: String
    }

    /// Go's `time.RFC3339` layout, which error messages name.
    public static let layout = "2006-01-02T15:04:05Z07:00"

    /// Parses `text` as Go's `time.Parse(time.RFC3339, text)` does.
    ///
    /// - Returns: The instant, or the failure with Go's message.
    public static func parse(_ text: String) -> Result<Parsed, Failure> {
        let value = Array(text.utf8)
        var position = 0

        func rest(_ from: Int) -> String { String(decoding: value[min(from, value.count)...], as: UTF8.self) }
        func cannot(_ element: String, at start: Int) -> Failure {
            Failure(
                text: "parsing time " + GoQuote.timePackage(text) + " as " + GoQuote.timePackage(layout)
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
            isDigit(position + 1)
        {
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
            return .failure(
                Failure(
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
