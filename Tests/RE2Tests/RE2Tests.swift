// sealgate · RE2 tests

import Testing
@testable import RE2

/// The RE2 engine against the RE2 syntax page and the behaviour Go's regexp package documents and
/// tests: what is accepted and what it matches, leftmost-first match selection, FindAllString's rule
/// for empty matches, and every rejected construct with Go's error message.
struct RE2Tests {
    // MARK: - Helpers

    /// The error message compiling `pattern` gives, or nil if it compiles.
    private static func rejection(_ pattern: String) -> String? {
        do throws(RE2.SyntaxError) {
            _ = try RE2(pattern)
            return nil
        } catch {
            return error.message
        }
    }

    // MARK: - Accepted patterns

    /// Patterns with texts they match somewhere and texts they do not match anywhere.
    static let matchingCases: [(pattern: String, matches: [String], misses: [String])] = [
        // Literals, dot, anchors ($ is the very end without m: not before a final newline)
        ("abc", ["abc", "xabcx"], ["ab", "acb", ""]),
        (#"^abc$"#, ["abc"], ["abcd", "xabc", "abc\n"]),
        ("a.c", ["abc", "a c", "aéc", "a😀c"], ["a\nc", "ac", "abbc"]),
        (#"\Aab\z"#, ["ab"], ["ab\n", "cab"]),
        ("", ["", "anything"], []),
        // Classes
        ("[abc]+", ["cab", "xa"], ["xyz", ""]),
        ("[^a-z]", ["A", "1", "\n", "é"], ["abc", ""]),
        ("[a-]", ["-", "a"], ["b"]),
        ("[]a]", ["]", "a"], ["b"]),
        ("[^]a]", ["b"], ["]", "a", "]a"]),
        (#"[a\-z]"#, ["-", "z"], ["b"]),
        (#"[\d-z]"#, ["5", "-", "z"], ["y"]),
        (#"[\x{41}-\x{43}]"#, ["B"], ["D"]),
        ("[é-ë]", ["ê"], ["e", "ì"]),
        (#"[\n]"#, ["\n"], ["n"]),
        (#"[\\]"#, ["\\"], ["/"]),
        (#"[^\x00-\x{10FFFF}]"#, [], ["", "a", "\n"]),
        // POSIX classes
        ("[[:alpha:]]+", ["abc", "1a"], ["123", "é"]),
        ("[[:^digit:]]", ["a", " "], ["123"]),
        ("[[:space:]]", [" ", "\t", "\u{0B}"], ["x", "\u{A0}"]),
        ("[[:punct:]]", ["!", "~", "_"], ["a", "1"]),
        ("[[:xdigit:]]+$", ["00fF"], ["g"]),
        ("[[:word:]]", ["_"], ["-", "é"]),
        ("[[:upper:][:digit:]]", ["A", "7"], ["a"]),
        ("[[:alpha]", ["[", ":", "a"], ["b"]),
        // Perl classes (ASCII only; \s has no \v)
        (#"\d+"#, ["42", "a1"], ["abc", "٣"]),
        (#"\D"#, ["a", "٣"], ["123"]),
        (#"\s"#, [" ", "\t", "\n", "\r", "\u{0C}"], ["\u{0B}", "\u{A0}", "a"]),
        (#"^\S+$"#, ["abc"], ["a b"]),
        (#"^\w+$"#, ["snake_case9"], ["kebab-case", "héllo"]),
        (#"\W"#, ["-", "é"], ["abc_1"]),
        (#"[\s\d]"#, [" ", "1"], ["a"]),
        (#"[^\S\s]"#, [], ["abcd", " "]),
        // Word boundaries (ASCII words)
        (#"\bfoo\b"#, ["foo", "a foo b", "(foo)"], ["afoo", "foob", "foo_"]),
        (#"\Boo\B"#, ["foox"], ["oo", "x oo"]),
        (#"\bé"#, [], ["é"]),
        // Groups and alternation
        ("(ab)+c", ["ababc"], ["ac"]),
        ("(?:ab)+c", ["abc"], ["bc"]),
        ("(?P<word>x)y", ["xy"], ["x"]),
        ("(?<word>x)y", ["xy"], ["y"]),
        ("cat|dog", ["hotdog", "cats"], ["cow"]),
        ("^(a|b|)$", ["a", "b", ""], ["ab"]),
        ("(?:)", [""], []),
        // Repetition and counts
        ("^a{3}$", ["aaa"], ["aa", "aaaa"]),
        ("^a{2,}$", ["aa", "aaaaa"], ["a"]),
        ("^a{2,3}$", ["aa", "aaa"], ["a", "aaaa"]),
        ("^(ab){0}c$", ["c"], ["abc"]),
        ("^x{1000}$", [String(repeating: "x", count: 1000)], [String(repeating: "x", count: 999)]),
        ("a{", ["a{"], ["a"]),
        ("a{,2}", ["a{,2}"], ["aa"]),
        ("a{1, 2}", ["a{1, 2}"], ["a"]),
        ("a{01}", ["a{01}"], ["a"]),
        ("^a{0,1}b$", ["b", "ab"], ["aab"]),
        // Escapes
        (#"\t\n\r\f\v\a"#, ["\t\n\r\u{0C}\u{0B}\u{07}"], ["tnrfva"]),
        (#"\x41\x{42}\103\0"#, ["ABC\u{0}"], ["ABC0"]),
        (#"\x{1F600}"#, ["😀"], ["x"]),
        (#"\x{10FFFF}"#, ["\u{10FFFF}"], ["x"]),
        (#"\x{D800}"#, [], ["x", ""]),
        (#"\177"#, ["\u{7F}"], ["177"]),
        (#"\08"#, ["\u{0}8"], ["8"]),
        (#"\Qa.b*\E+"#, ["a.b**"], ["aab"]),
        (#"\Qa.b"#, ["a.b"], ["axb"]),
        (##"\.\*\+\?\(\)\[\]\{\}\|\^\$\\\/\-\_\ \#\~\`"##, [#".*+?()[]{}|^$\/-_ #~`"#], ["x"]),
        // Flags
        ("(?i)hello", ["HeLLo"], ["help"]),
        ("(?i:a)b", ["Ab"], ["AB"]),
        ("a(?i)b", ["aB"], ["AB"]),
        ("(?i)a(?-i)b", ["Ab"], ["AB"]),
        ("(?:(?i)a)b", ["Ab"], ["aB"]),
        ("(?s).", ["\n"], [""]),
        ("(?s-s).", ["a"], ["\n"]),
        ("(?)a", ["a"], ["b"]),
        // Kubernetes-style patterns
        (
            #"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"#, ["my-app", "a", "web-1", String(repeating: "x", count: 63)],
            ["-app", "app-", "My-App", "my_app", ""]
        ),
        (#"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"#, ["example.com", "a.b-c.d"], ["a..b", ".a", "a."]),
        (#"^(docker\.io|ghcr\.io)/"#, ["docker.io/library/nginx", "ghcr.io/org/app:1"], ["quay.io/x", "dockerxio/x", "my.docker.io/x"]),
        (":latest$", ["nginx:latest"], ["nginx:latest2", "nginx:1.25", "nginx"]),
        (#"^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$"#, ["1.2.3", "v10.0.1-rc.1"], ["1.2", "v1.2.3-", "1.2.3 "]),
        (#"^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$"#, ["first.last+tag@example.org"], ["no-at.example.org", "a@b.c"]),
        (#"^\d+(m|Mi|Gi)?$"#, ["500m", "2Gi", "3"], ["1.5", "2G"]),
    ]

    @Test(arguments: matchingCases)
    func matchesAndMisses(_ test: (pattern: String, matches: [String], misses: [String])) throws {
        let regex = try RE2(test.pattern)
        for text in test.matches {
            #expect(regex.matches(text), "\(test.pattern) should match \(text.debugDescription)")
        }
        for text in test.misses {
            #expect(!regex.matches(text), "\(test.pattern) should not match \(text.debugDescription)")
        }
    }

    // MARK: - firstMatch

    /// Go's FindString: the leftmost match, and of those starting there the one the pattern prefers.
    static let firstMatchCases: [(pattern: String, text: String, match: String?)] = [
        ("a+", "baaab", "aaa"),
        ("a*", "baaab", ""),  // an empty match at 0 is a match
        ("x", "y", nil),
        ("x*", "", ""),
        (".*", "abcdef", "abcdef"),
        ("^", "abc", ""),
        ("$", "abc", ""),
        ("/$", "/abc/", "/"),
        ("b", "abc", "b"),
        ("ab$", "abcab", "ab"),
        ("data", "daXY data", "data"),
        ("zx+", "zzx", "zx"),
        ("x*", "éxé", ""),
        ("[^a]", "\n", "\n"),
        (#"\Q.*\E"#, "a.*b", ".*"),
        ("日本語+", "日本語語語語", "日本語語語語"),
        ("[日本語]+", "x日本語y", "日本語"),
        (#"\bfoo\b"#, "afoo foo", "foo"),
        ("é+", "aééb", "éé"),
        // Leftmost-first, not leftmost-longest
        ("a|ab", "ab", "a"),
        ("ab|a", "ab", "ab"),
        ("sam|samwise", "samwise", "sam"),
        ("(a|ab)(c|bcd)", "abcd", "abcd"),
        ("(a+)(b+)?", "aab", "aab"),
        ("a(|b)", "ab", "a"),
        ("a(b|)", "ab", "ab"),
        ("(|a)*", "aa", ""),
        ("(|a)+", "aa", ""),
        ("(a|)+", "aa", "aa"),
        ("(a*)+", "b", ""),
        ("(a*|b)*", "ab", "ab"),
        // Lazy repetition
        ("a*?", "aaa", ""),
        ("a+?", "aaa", "a"),
        ("a??", "a", ""),
        ("a??b", "ab", "ab"),
        ("a{2,3}", "aaaa", "aaa"),
        ("a{2,3}?", "aaaa", "aa"),
        ("a{2,}?", "aaaa", "aa"),
        ("<.*>", "<a><b>", "<a><b>"),
        ("<.*?>", "<a><b>", "<a>"),
        ("(a+?)(b*)", "aabb", "a"),
        ("a.*?c", "abcbc", "abc"),
        // (?U) swaps greedy and lazy
        ("(?U)a+", "aaa", "a"),
        ("(?U)a+?", "aaa", "aaa"),
        ("(?U:a*)a*", "aa", "aa"),
    ]

    @Test(arguments: firstMatchCases)
    func firstMatch(_ test: (pattern: String, text: String, match: String?)) throws {
        #expect(try RE2(test.pattern).firstMatch(in: test.text) == test.match)
    }

    // MARK: - allMatches

    /// Go's FindAllString(text, limit): an empty match next to the previous match is not reported.
    static let allMatchCases: [(pattern: String, text: String, limit: Int, matches: [String])] = [
        ("a*", "baaab", -1, ["", "aaa", ""]),
        ("a", "bababaab", -1, ["a", "a", "a", "a"]),
        ("a", "bababaab", 0, []),
        ("a", "bababaab", 1, ["a"]),
        ("a", "bababaab", 3, ["a", "a", "a"]),
        ("a", "bababaab", 10, ["a", "a", "a", "a"]),
        ("a.", "paranormal", -1, ["ar", "an", "al"]),
        ("a.", "paranormal", 2, ["ar", "an"]),
        ("a.", "graal", -1, ["aa"]),
        ("a.", "none", -1, []),
        (".", "abc", -1, ["a", "b", "c"]),
        ("ab*", "abbaab", -1, ["abb", "a", "ab"]),
        ("a*", "", -1, [""]),
        ("x", "", -1, []),
        ("", "abc", -1, ["", "", "", ""]),
        ("", "日本", -1, ["", "", ""]),
        ("[a-c]*", "日", -1, ["", ""]),
        ("[^日]", "abc日def", -1, ["a", "b", "c", "d", "e", "f"]),
        (#"\b"#, "x", -1, ["", ""]),
        (#"\b"#, "xx yy", -1, ["", "", "", ""]),
        (#"\B"#, "xx", -1, [""]),
        (#"\B"#, "xx yy", -1, ["", ""]),
        (#"\B"#, "x y", -1, []),
        ("(|a)*", "aa", -1, ["", "", ""]),
        ("a*?", "aa", -1, ["", "", ""]),
        ("a|b", "abc", -1, ["a", "b"]),
        (#"\d+"#, "a1b22c333", -1, ["1", "22", "333"]),
        (#"\d+"#, "a1b22c333", 2, ["1", "22"]),
        ("é|x", "xéx", -1, ["x", "é", "x"]),
        ("(?m)^\\w+", "one\ntwo\nthree", -1, ["one", "two", "three"]),
        ("^\\w+", "one\ntwo", -1, ["one"]),
        ("(?m)^", "a\nb\n", -1, ["", "", ""]),
        ("(?m)$", "a\nb", -1, ["", ""]),
        ("(?m)^$", "a\n\nb", -1, [""]),
    ]

    @Test(arguments: allMatchCases)
    func allMatches(_ test: (pattern: String, text: String, limit: Int, matches: [String])) throws {
        #expect(try RE2(test.pattern).allMatches(in: test.text, limit: test.limit) == test.matches)
    }

    // MARK: - Case folding

    /// `(?i)`: simple case folding, so `k` also matches the Kelvin sign and `s` the long s, but not
    /// full folding (`ß` is not `ss`) and not Turkish dotted and dotless i.
    static let caseInsensitiveCases: [(pattern: String, matches: [String], misses: [String])] = [
        ("(?i)k", ["k", "K", "\u{212A}"], ["x"]),
        ("(?i)\u{212A}", ["k", "K"], ["x"]),
        ("(?i)s", ["S", "\u{17F}"], ["ß"]),
        ("(?i)σ", ["Σ", "ς"], ["s"]),
        ("(?i)ǆ", ["Ǆ", "ǅ"], ["dž"]),
        ("(?i)é", ["É"], ["e", "E"]),
        ("(?i)ß", ["ẞ"], ["ss", "SS"]),
        ("(?i)straße", ["STRAẞE"], ["STRASSE"]),
        ("(?i)i", ["I"], ["ı", "İ"]),
        ("(?i)ı", ["ı"], ["i", "I"]),
        ("(?i)[a-c]+x", ["ABCX"], ["DX"]),
        ("(?i)[k]", ["\u{212A}"], ["x"]),
        ("(?i)[^k]", ["x"], ["k", "K", "\u{212A}"]),
        (#"(?i)\W"#, ["-"], ["x", "k", "s", "\u{212A}", "\u{17F}"]),
        ("(?i)[[:upper:]]", ["a", "A", "\u{212A}"], ["1"]),
        (#"(?i)\p{Lu}"#, ["a", "A"], ["1"]),
        (#"(?i)\x{41}"#, ["a"], ["b"]),
        (#"(?i)\Qab\E"#, ["AB"], ["AC"]),
        ("(?i)Ⓐ", ["ⓐ"], ["A"]),
        ("(?i)𐐀", ["𐐨"], ["x"]),
    ]

    @Test(arguments: caseInsensitiveCases)
    func caseInsensitive(_ test: (pattern: String, matches: [String], misses: [String])) throws {
        let regex = try RE2(test.pattern)
        for text in test.matches {
            #expect(regex.matches(text), "\(test.pattern) should match \(text.debugDescription)")
        }
        for text in test.misses {
            #expect(!regex.matches(text), "\(test.pattern) should not match \(text.debugDescription)")
        }
    }

    // MARK: - Multiline and dot-all

    static let multilineCases: [(pattern: String, text: String, match: String?)] = [
        ("^b", "a\nb", nil),
        ("(?m)^b", "a\nb", "b"),
        ("a$", "a\nb", nil),
        ("(?m)a$", "a\nb", "a"),
        ("(?m)a$", "a\r\nb", nil),
        ("(?m)^$", "a\n\nb", ""),
        (#"(?m)\Ab"#, "a\nb", nil),
        (#"(?m)a\z"#, "a\nb", nil),
        ("(?m:^b)|^c", "a\nc\nb", "b"),
        (".+", "a\nb", "a"),
        ("(?s).+", "a\nb", "a\nb"),
        ("(?s:.)(?-s:.)", "\n\n", nil),
        ("(?ms)^.+$", "x\ny", "x\ny"),
        (#"[^a]+"#, "b\nc", "b\nc"),
        (#"\s+"#, "a\n\tb", "\n\t"),
    ]

    @Test(arguments: multilineCases)
    func multilineAndDotAll(_ test: (pattern: String, text: String, match: String?)) throws {
        #expect(try RE2(test.pattern).firstMatch(in: test.text) == test.match)
    }

    // MARK: - Unicode

    /// `\p` general categories (one- and two-letter names, and Go 1.25's long names), and matching by
    /// Unicode scalar: `.` is one code point, even in the middle of a grapheme cluster.
    static let unicodeCases: [(pattern: String, text: String, match: String?)] = [
        (#"\pL+"#, "héllo wörld", "héllo"),
        (#"\p{L}+"#, "42 ünïcode", "ünïcode"),
        (#"\p{Lu}+"#, "abcÉÀx", "ÉÀ"),
        (#"\p{Ll}"#, "ABC", nil),
        (#"\p{Nd}+"#, "x٣٤", "٣٤"),
        (#"\pN"#, "½", "½"),
        (#"\PL+"#, "ab12cd", "12"),
        (#"\p{^L}+"#, "ab12cd", "12"),
        (#"\P{^L}+"#, "12ab", "ab"),
        (#"[\p{Lu}\d]+"#, "xAB12cd", "AB12"),
        (#"[^\pL]"#, "abc!", "!"),
        (#"\p{Zs}"#, "a\u{A0}b", "\u{A0}"),
        (#"\p{Sc}+"#, "5€$", "€$"),
        (#"\pS"#, "a+b", "+"),
        (#"\pP+"#, "hi!?", "!?"),
        (#"\p{Cc}"#, "a\u{7}", "\u{7}"),
        (#"\p{Any}+"#, "a\nb", "a\nb"),
        (#"\p{Letter}+"#, "1ab", "ab"),
        (#"\p{lu}"#, "aB", "B"),
        (#"\pM"#, "e\u{301}", "\u{301}"),
        ("^.$", "😀", "😀"),
        ("^..$", "e\u{301}", "e\u{301}"),
        ("^.$", "e\u{301}", nil),
        ("é", "e\u{301}", nil),
        ("[😀-😂]+", "x😁😂", "😁😂"),
        (#"\x{65}\x{301}"#, "é", nil),
    ]

    @Test(arguments: unicodeCases)
    func unicodeClasses(_ test: (pattern: String, text: String, match: String?)) throws {
        #expect(try RE2(test.pattern).firstMatch(in: test.text) == test.match)
    }

    // MARK: - Rejected patterns

    /// Everything RE2 rejects, with Go's message (less its "error parsing regexp: " prefix).
    static let rejectedCases: [(pattern: String, message: String)] = [
        // Back-references and lookaround
        (#"\1"#, #"invalid escape sequence: `\1`"#),
        (#"(a)\1"#, #"invalid escape sequence: `\1`"#),
        (#"\8"#, #"invalid escape sequence: `\8`"#),
        ("(?=a)", "invalid or unsupported Perl syntax: `(?=`"),
        ("(?!a)", "invalid or unsupported Perl syntax: `(?!`"),
        ("(?<=a)b", "invalid named capture: `(?<=a)b`"),
        ("(?<!a)b", "invalid named capture: `(?<!a)b`"),
        ("(?#comment)", "invalid or unsupported Perl syntax: `(?#`"),
        ("(?P=name)", "invalid or unsupported Perl syntax: `(?P`"),
        // Nested (possessive) repetition and missing operands
        ("a**", "invalid nested repetition operator: `**`"),
        ("a++", "invalid nested repetition operator: `++`"),
        ("a*+", "invalid nested repetition operator: `*+`"),
        ("a?*", "invalid nested repetition operator: `?*`"),
        ("a*??", "invalid nested repetition operator: `*??`"),
        ("a{2}{3}", "invalid nested repetition operator: `{2}{3}`"),
        ("a{2}*", "invalid nested repetition operator: `{2}*`"),
        ("*", "missing argument to repetition operator: `*`"),
        ("+a", "missing argument to repetition operator: `+`"),
        ("(*)", "missing argument to repetition operator: `*`"),
        ("a|*", "missing argument to repetition operator: `*`"),
        ("a|??", "missing argument to repetition operator: `??`"),
        ("(??)", "invalid or unsupported Perl syntax: `(??`"),
        ("{2}", "missing argument to repetition operator: `{2}`"),
        // Counts
        ("x{1001}", "invalid repeat count: `{1001}`"),
        ("x{1001}?", "invalid repeat count: `{1001}`"),
        ("x{2,1}", "invalid repeat count: `{2,1}`"),
        ("x{0,1001}", "invalid repeat count: `{0,1001}`"),
        ("x{100000000}", "invalid repeat count: `{100000000}`"),
        ("(x{2}){501}", "invalid repeat count: `{501}`"),
        ("((a{10}){10}){11}", "invalid repeat count: `{11}`"),
        ("((a{1000}){1000}){1000}", "invalid repeat count: `{1000}`"),
        // Parentheses
        ("(ab", "missing closing ): `(ab`"),
        ("(a|b", "missing closing ): `(a|b`"),
        ("(()", "missing closing ): `(()`"),
        ("ab)", "unexpected ): `ab)`"),
        (")", "unexpected ): `)`"),
        ("())", "unexpected ): `())`"),
        // Classes
        ("[abc", "missing closing ]: `[abc`"),
        ("x[a-", "missing closing ]: `[a-`"),
        ("[]", "missing closing ]: `[]`"),
        ("[^]", "missing closing ]: `[^]`"),
        ("[z-a]", "invalid character class range: `z-a`"),
        (#"[a-\x{10}]"#, #"invalid character class range: `a-\x{10}`"#),
        ("[[:foo:]]", "invalid character class range: `[:foo:]`"),
        ("[[:^foo:]]", "invalid character class range: `[:^foo:]`"),
        (#"[\b]"#, #"invalid escape sequence: `\b`"#),
        (#"[a-\d]"#, #"invalid escape sequence: `\d`"#),
        (#"[\Q]"#, #"invalid escape sequence: `\Q`"#),
        // Unicode classes (scripts are not supported: see RE2NamedClasses)
        (#"\p{Foo}"#, #"invalid character class range: `\p{Foo}`"#),
        (#"\pX"#, #"invalid character class range: `\pX`"#),
        (#"\p"#, #"invalid character class range: `\p`"#),
        (#"\p{L"#, #"invalid character class range: `\p{L`"#),
        (#"[\p{Foo}]"#, #"invalid character class range: `\p{Foo}`"#),
        (#"\p{Greek}"#, #"invalid character class range: `\p{Greek}`"#),
        // Escapes
        (#"\y"#, #"invalid escape sequence: `\y`"#),
        (#"\é"#, #"invalid escape sequence: `\é`"#),
        (#"\C"#, #"invalid escape sequence: `\C`"#),
        (#"\x"#, #"invalid escape sequence: `\x`"#),
        (#"\xZ1"#, #"invalid escape sequence: `\xZ1`"#),
        (#"\x{}"#, #"invalid escape sequence: `\x{}`"#),
        (#"\x{110000}"#, #"invalid escape sequence: `\x{110000`"#),
        (#"\x{41"#, #"invalid escape sequence: `\x{41`"#),
        (#"\"#, "trailing backslash at end of expression: ``"),
        (#"ab\"#, "trailing backslash at end of expression: ``"),
        // Groups and flags
        ("(?P<n!>a)", "invalid named capture: `(?P<n!>`"),
        ("(?P<>a)", "invalid named capture: `(?P<>`"),
        ("(?P<name", "invalid named capture: `(?P<name`"),
        ("(?i-)", "invalid or unsupported Perl syntax: `(?i-)`"),
        ("(?-)", "invalid or unsupported Perl syntax: `(?-)`"),
        ("(?i--s)", "invalid or unsupported Perl syntax: `(?i--`"),
        ("(?z)", "invalid or unsupported Perl syntax: `(?z`"),
        ("(?", "invalid or unsupported Perl syntax: `(?`"),
        ("(?i", "invalid or unsupported Perl syntax: `(?i`"),
    ]

    @Test(arguments: rejectedCases)
    func rejects(_ test: (pattern: String, message: String)) {
        #expect(Self.rejection(test.pattern) == test.message)
    }

    // MARK: - Limits

    @Test(arguments: [
        "x{1000}", "x{1000,}", "x{0,1000}", #"\pL{1000}"#, "((a{10}){10}){10}", "(a{1000}){1}", "(a{1000}){0,1}",
        "(a{2}){500}", "[a-z0-9]{0,253}", "(a*){1000}", "(a{0}){1000}",
    ])
    func acceptsCountsWithinLimits(_ pattern: String) {
        #expect(Self.rejection(pattern) == nil)
    }

    @Test func rejectsProgramsOverTheInstructionLimit() {
        // Go accepts this one; this engine caps programs at RE2Program.maxInstructions.
        #expect(Self.rejection("(abcdefghijk){1000}") == "expression too large: `(abcdefghijk){1000}`")
        #expect(Self.rejection("(abcdefghi){1000}") == nil)
    }

    @Test func rejectsPatternsThatNestTooDeeply() throws {
        let deepest = String(repeating: "(", count: 999) + "a" + String(repeating: ")", count: 999)
        #expect(Self.rejection(deepest) == nil)
        let tooDeep = String(repeating: "(", count: 1001) + "a" + String(repeating: ")", count: 1001)
        #expect(Self.rejection(tooDeep) == "expression nests too deeply: `\(tooDeep)`")
        // Non-capturing groups add no level to Go's tree, so any number of them is fine.
        let flat = String(repeating: "(?:", count: 5000) + "a" + String(repeating: ")", count: 5000)
        #expect(try RE2(flat).firstMatch(in: "xa") == "a")
        // Unclosed groups are reported as such, however many.
        let unclosed = String(repeating: "(", count: 5000)
        #expect(Self.rejection(unclosed) == "missing closing ): `\(unclosed)`")
    }

    // MARK: - Both matchers

    /// The leftmost-first match by the chosen matcher (the automatic choice takes the backtracker for
    /// these small programs and short texts).
    private static func firstMatch(_ pattern: String, in text: String, engine: RE2Program.Engine) throws -> String? {
        let regex = try RE2(pattern)
        var text = text
        return text.withUTF8 { bytes in
            regex.program.search(bytes, from: 0, stopAtFirstMatch: false, engine: engine).map {
                String(decoding: UnsafeBufferPointer(rebasing: bytes[$0]), as: UTF8.self)
            }
        }
    }

    @Test(arguments: RE2Program.Engine.allCases)
    func bothMatchersAgree(_ engine: RE2Program.Engine) throws {
        for test in Self.firstMatchCases + Self.multilineCases + Self.unicodeCases {
            #expect(try Self.firstMatch(test.pattern, in: test.text, engine: engine) == test.match, "\(test.pattern)")
        }
        for test in Self.matchingCases + Self.caseInsensitiveCases {
            for text in test.matches {
                #expect(try Self.firstMatch(test.pattern, in: text, engine: engine) != nil, "\(test.pattern)")
            }
            for text in test.misses {
                #expect(try Self.firstMatch(test.pattern, in: text, engine: engine) == nil, "\(test.pattern)")
            }
        }
    }

    // MARK: - Linear time

    /// Patterns that take exponential time in a naive backtracking engine, on long texts: the answers
    /// must be right (there is no time limit here; both matchers are linear in the text by construction).
    @Test func pathologicalPatternsOnLongTexts() throws {
        let a = String(repeating: "a", count: 100_000)
        #expect(try !RE2("(a*)*b").matches(a))
        #expect(try RE2("(a*)*b").firstMatch(in: a + "b") == a + "b")
        #expect(try !RE2("(a|a)*c").matches(a))
        #expect(try RE2("(a|aa)+$").firstMatch(in: a) == a)
        #expect(try !RE2("(x+x+)+y").matches(String(repeating: "x", count: 20_000)))
        #expect(try RE2("^(a?){1000}a{1000}$").matches(String(repeating: "a", count: 1000)))
        #expect(try RE2(#"(\w+\s?)*$"#).firstMatch(in: String(repeating: "word ", count: 20_000) + "!") == "")
        // Short enough for the backtracker, whose marks keep it linear too.
        let short = String(repeating: "a", count: 2_000)
        #expect(try !RE2("(a*)*b").matches(short))
        #expect(try !RE2("(a|a)*c").matches(short))
        #expect(try RE2("(a|aa)+$").firstMatch(in: short) == short)
        #expect(try !RE2("(x+x+)+y").matches(String(repeating: "x", count: 2_000)))
        #expect(try RE2("(?:a+)+b").firstMatch(in: short + "b") == short + "b")
        let words = String(repeating: "lorem ipsum ", count: 10_000)
        #expect(try RE2(#"\b\w+\b"#).allMatches(in: words, limit: -1).count == 20_000)
        #expect(try RE2("a*").allMatches(in: a, limit: -1) == [a])
    }

    // MARK: - Concurrency

    @Test func oneRegexServesManyTasksAtOnce() async throws {
        let regex = try RE2(#"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"#)
        let results = await withTaskGroup(of: Bool.self, returning: [Bool].self) { group in
            for index in 0..<64 {
                group.addTask { regex.matches(index.isMultiple(of: 2) ? "web-\(index)" : "Web_\(index)") }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.filter { $0 }.count == 32)
    }

    // MARK: - Possessive repetitions

    @Test("the possessive fast path finds exactly what plain backtracking finds")
    func possessiveRepetitionsAreInvisible() throws {
        var state: UInt64 = 0x9E37_79B9
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        let atoms = ["a", "b", "=", "[ab]", "[^a]", "[a-c]", "[=]", ".", "\\d", "é", "[é=]", "(?:ab)", "x"]
        let suffixes = ["", "$", "=$", "={0,2}$", "b", "[^ab]", "a?$", "\\b", "(?:=|$)", "|a", "c*$"]
        let alphabet: [Character] = ["a", "b", "=", "c", "é", "x", "1", " "]
        var possessiveSeen = 0
        for _ in 0..<3_000 {
            let body = atoms[next(atoms.count)]
            let pattern = (next(2) == 0 ? "^" : "") + body + ["*", "+", "*?", "{2,}"][next(4)] + suffixes[next(suffixes.count)]
            let fast = try RE2(pattern), plain = try RE2(pattern, possessiveRepetitions: false)
            if fast.program.possessive.contains(true) { possessiveSeen += 1 }
            for _ in 0..<5 {
                let text = String((0..<next(12)).map { _ in alphabet[next(alphabet.count)] })
                #expect(fast.matches(text) == plain.matches(text), "\(pattern) on \(text)")
                #expect(fast.firstMatch(in: text) == plain.firstMatch(in: text), "\(pattern) on \(text)")
                #expect(fast.allMatches(in: text, limit: -1) == plain.allMatches(in: text, limit: -1), "\(pattern) on \(text)")
            }
        }
        // The generator reaches the fast path often, and the sealed-value pattern takes it.
        #expect(possessiveSeen > 300)
        #expect(try RE2("^[A-Za-z0-9+/]*={0,2}$").program.possessive.contains(true))
        #expect(try !RE2("^[ab]*b$").program.possessive.contains(true))
    }
}
