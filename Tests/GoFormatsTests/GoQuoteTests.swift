// sealgate · GoFormats tests

import GoFormats
import Testing

/// Go's `strconv.Quote`, which messages use to quote their input as Go's `%q` does.
struct GoQuoteTests {
    @Test func quotesBytesThatAreNotUTF8AsHex() {
        #expect(GoQuote.quote([0x25, 0x61, 0xC3]) == #""%a\xc3""#)
        #expect(GoQuote.quote([0xFF, 0x41]) == #""\xffA""#)
        #expect(GoQuote.quote([0xED, 0xA0, 0x80]) == #""\xed\xa0\x80""#)  // a surrogate
        #expect(GoQuote.quote([0xC0, 0xAF]) == #""\xc0\xaf""#)  // overlong
        #expect(GoQuote.quote([0xE0, 0x80, 0xAF]) == #""\xe0\x80\xaf""#)  // overlong, three bytes
        #expect(GoQuote.quote([0xF0, 0x8F, 0xBF, 0xBF]) == #""\xf0\x8f\xbf\xbf""#)  // overlong, four bytes
        #expect(GoQuote.quote([0xF4, 0x90, 0x80, 0x80]) == #""\xf4\x90\x80\x80""#)  // past U+10FFFF
        #expect(GoQuote.quote([0xE2, 0x82]) == #""\xe2\x82""#)  // cut short
        #expect(GoQuote.quote([0x80, 0x41]) == #""\x80A""#)  // a stray continuation byte
        #expect(GoQuote.quote([0xF0, 0x9F, 0x98, 0x80, 0xED, 0x9F, 0xBF]) == "\"😀\\ud7ff\"")  // valid: kept, or \u
    }
}
