// sealgate · PolicyEngine tests

import Testing
@testable import PolicyEngine

struct CalendarDateTests {
    @Test(
        "days that exist parse, leap years included",
        arguments: [
            ("2026-12-31", "2026-12-31"), ("2028-02-29", "2028-02-29"), ("2000-02-29", "2000-02-29"), ("2026-04-30", "2026-04-30"),
            // RFC 3339 times count as their UTC day.
            ("2026-12-31T18:00:00Z", "2026-12-31"), ("2026-12-31T23:30:00-02:00", "2027-01-01"),
            ("2027-01-01T01:00:00.5+02:00", "2026-12-31"), ("2028-02-28T23:00:00-01:00", "2028-02-29"),
        ])
    func valid(text: String, expected: String) throws {
        let date = try #require(CalendarDate(parsing: text))
        #expect(date.description == expected)
    }

    @Test(
        "days and times that do not exist are refused",
        arguments: [
            "2027-13-45", "2027-00-10", "2027-01-00", "2027-02-29", "1900-02-29", "2026-04-31", "2026-6-1", "20261231",
            "2026-12-31T24:00:00Z", "2026-12-31T12:60:00Z", "2026-12-31T12:00:00", "2026-12-31T12:00:00+25:00",
            "2026-12-31X", "", "0000-01-01", "2026-12-31T12:00:00.Z",
        ])
    func invalid(text: String) {
        #expect(CalendarDate(parsing: text) == nil)
    }

    @Test("dates order by day, not as text")
    func order() {
        let dates: [CalendarDate] = ["2027-01-01", "2026-12-31", "2026-02-01", "2026-10-01"]
        #expect(dates.sorted().map(\.description) == ["2026-02-01", "2026-10-01", "2026-12-31", "2027-01-01"])
    }
}
