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
    }
}
