// sealgate · RE2

// A regular-expression engine with the syntax and the match semantics of RE2 as Go's regexp package
// implements them, which is what Kubernetes' CEL uses for `matches`, `find` and `findAll`. Patterns are
// parsed (RE2Parser.swift) into a postfix syntax, compiled (RE2Compiler.swift) into a small instruction
// program (RE2Program.swift), and run by a Pike VM (RE2PikeVM.swift) or, for small programs on short texts,
// a backtracker (RE2Backtracker.swift): every search takes time linear in the text, whatever the pattern.
// Matching works on Unicode scalars, as Go's works on the runes of UTF-8 text.

/// A compiled RE2 regular expression: compile once, then match any number of texts, from any thread.
///
/// Matches are leftmost-first (Perl-like), exactly as Go's `regexp` package finds them: of the matches
/// starting at the leftmost possible position, the one the pattern prefers (earlier alternatives, greedy
/// or lazy repetition as written) wins, not the longest.
public struct RE2: Sendable {
    /// Why a pattern was rejected, worded as Go's `regexp.Compile` words it, without its
    /// "error parsing regexp: " prefix: "missing closing ): `(ab`".
    public struct SyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
        /// What is wrong, then the offending part of the pattern in backquotes.
        public var message: String

        /// The message.
        public var description: String { message }

        /// The kinds of syntax error, with Go's wording.
        enum Code: String, Sendable {
            case invalidCharRange = "invalid character class range"
            case invalidEscape = "invalid escape sequence"
            case invalidNamedCapture = "invalid named capture"
            case invalidPerlOp = "invalid or unsupported Perl syntax"
            case invalidRepeatOp = "invalid nested repetition operator"
            case invalidRepeatSize = "invalid repeat count"
            case missingBracket = "missing closing ]"
            case missingParen = "missing closing )"
            case missingRepeatArgument = "missing argument to repetition operator"
            case trailingBackslash = "trailing backslash at end of expression"
            case unexpectedParen = "unexpected )"
            case nestingDepth = "expression nests too deeply"
            case tooLarge = "expression too large"
            case internalError = "regexp/syntax: internal error"
        }
    }

    /// The pattern as written, for messages.
    public let pattern: String
    /// The compiled instructions the matcher runs.
    let program: RE2Program

    /// How many instructions the compiled program has: the most work one text position can cost, which a
    /// caller that budgets matching work (CEL's cost model) charges for.
    public var instructionCount: Int { program.instructions.count }

    /// Compiles `pattern`. Throws for anything Go's `regexp.Compile` rejects, and for patterns whose
    /// program would exceed 10,000 instructions ("expression too large"; `RE2Program.maxInstructions`).
    public init(_ pattern: String) throws(RE2.SyntaxError) {
        try self.init(pattern, possessiveRepetitions: true)
    }

    /// Compiles `pattern`; without `possessiveRepetitions` the matcher never takes the possessive fast path
    /// (the tests compare the two).
    init(_ pattern: String, possessiveRepetitions: Bool) throws(RE2.SyntaxError) {
        self.pattern = pattern
        let syntax = try RE2Parser.parse(pattern)
        program = try RE2Program(compiling: syntax, pattern: pattern, possessiveRepetitions: possessiveRepetitions)
    }

    // MARK: - Matching

    /// Unanchored search, as Go's `MatchString`: true if any substring of `text` matches.
    public func matches(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { program.search($0, from: 0, stopAtFirstMatch: true) != nil }
    }

    /// The leftmost-first match in `text`, as Go's `FindString`, or nil if there is none.
    /// An empty match is a match: `a*` finds "" in "bbb".
    public func firstMatch(in text: String) -> String? {
        var text = text
        return text.withUTF8 { bytes in
            program.search(bytes, from: 0, stopAtFirstMatch: false).map { Self.string(bytes, $0) }
        }
    }

    /// The successive non-overlapping matches in `text`, as Go's `FindAllString(text, limit)`: at most
    /// `limit` of them, all when `limit` is negative. As in Go, an empty match that abuts the previous
    /// match is not reported, so `a*` over "baaab" gives "", "aaa", "".
    public func allMatches(in text: String, limit: Int) -> [String] {
        var text = text
        return text.withUTF8 { bytes in
            var found: [String] = []
            let limit = limit < 0 ? bytes.count + 1 : limit
            var position = 0
            var previousEnd = -1
            while found.count < limit, position <= bytes.count {
                guard let match = program.search(bytes, from: position, stopAtFirstMatch: false) else { break }
                var accept = true
                if match.upperBound == position {
                    // An empty match here: skip it if it abuts the previous match, and move on one scalar.
                    accept = match.lowerBound != previousEnd
                    position += position < bytes.count ? RE2Program.scalarWidth(leadByte: bytes[position]) : 1
                } else {
                    position = match.upperBound
                }
                previousEnd = match.upperBound
                if accept { found.append(Self.string(bytes, match)) }
            }
            return found
        }
    }

    /// The text of `bytes` in `range`, which starts and ends on scalar boundaries.
    private static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }
}

extension RE2.SyntaxError {
    /// The error for `code`, naming `expression`, the part of the pattern at fault.
    init(_ code: Code, _ expression: String) {
        self.init(message: "\(code.rawValue): `\(expression)`")
    }
}
