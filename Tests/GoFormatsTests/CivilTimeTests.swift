// sealgate · GoFormats tests

import GoFormats
import Testing

/// The proleptic Gregorian calendar behind Go's `time` fields, against a day-by-day walk.
struct CivilTimeTests {
    @Test func civilCalendarRoundTrips() {
        // Every 997th day across the CEL range and beyond: conversions invert and weekdays advance.
        var previous: (days: Int64, weekday: Int64)?
        var days = CivilTime.days(fromCivilYear: -300, month: 1, day: 1)
        let end = CivilTime.days(fromCivilYear: 10_300, month: 12, day: 31)
        while days <= end {
            let (year, month, day) = CivilTime.civil(fromDays: days)
            #expect(CivilTime.days(fromCivilYear: year, month: month, day: day) == days)
            #expect(day >= 1 && day <= CivilTime.daysIn(month: month, year: year))
            let fields = CivilTime(localSeconds: days * 86_400 + 43_200)
            if let previous {
                #expect((fields.weekday - previous.weekday - (days - previous.days)) % 7 == 0)
            }
            previous = (days, fields.weekday)
            days += 997
        }
        #expect(CivilTime.days(fromCivilYear: 1970, month: 1, day: 1) == 0)
        #expect(CivilTime.days(fromCivilYear: 2000, month: 3, day: 1) == 11_017)
        #expect(CivilTime.days(fromCivilYear: 1, month: 1, day: 1) == -719_162)
        #expect(CivilTime.days(fromCivilYear: 0, month: 2, day: 29) == -719_469)
    }
}
