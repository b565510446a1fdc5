// sealgate · Diagnostics tests

import Testing
@testable import Diagnostics

struct TerminalTextTests {
    static let cases: [(String, String, String)] = [
        ("plain text", "plain text", "text without controls is unchanged"),
        ("caf\u{E9} \u{2603}", "caf\u{E9} \u{2603}", "printable text outside ASCII is unchanged"),
        ("\u{1B}]0;owned\u{07}", "\u{FFFD}]0;owned\u{FFFD}", "a window-title sequence loses its ESC and BEL"),
        ("\u{1B}[2J", "\u{FFFD}[2J", "a clear-screen sequence loses its ESC"),
        ("\u{9B}2J", "\u{FFFD}2J", "the one-byte C1 CSI"),
        ("a\u{7F}b\u{0}c", "a\u{FFFD}b\u{FFFD}c", "DEL and NUL"),
        ("a\r\n\nb", "a b", "a run of line breaks becomes one space"),
        ("a\u{2028}b\u{85}c", "a b c", "Unicode line separators and NEL break lines too"),
        ("a\tb", "a b", "a tab becomes a space"),
        ("a\u{202E}txt.exe", "a\u{FFFD}txt.exe", "a right-to-left override cannot reorder the rest of the line"),
        ("\u{2066}x\u{2069}\u{202A}y", "\u{FFFD}x\u{FFFD}\u{FFFD}y", "bidirectional isolates and embeddings"),
    ]

    @Test("oneLine keeps text on one line and lets no control character through", arguments: cases)
    func oneLine(text: String, expected: String, rule: String) {
        #expect(TerminalText.oneLine(text) == expected, "\(rule)")
    }

    @Test("lines keeps the line breaks between lines and makes each line safe")
    func lines() {
        #expect(TerminalText.lines("usage: a\n  b\u{1B}[2J\r\n") == "usage: a\n  b\u{FFFD}[2J \n")
        #expect(TerminalText.lines("one\ntwo\n") == "one\ntwo\n")
    }

    @Test(
        "counted puts the noun in the number of the count",
        arguments: [
            (0, "object", nil, "0 objects"), (1, "object", nil, "1 object"), (2, "object", nil, "2 objects"),
            (1, "policy", "policies", "1 policy"), (2, "policy", "policies", "2 policies"), (0, "policy", "policies", "0 policies"),
        ] as [(Int, String, String?, String)])
    func counted(count: Int, singular: String, plural: String?, expected: String) {
        #expect(TerminalText.counted(count, singular, plural) == expected)
    }
}
