// sealgate · RE2

/// One node of a pattern's syntax tree.
enum RE2Node: Equatable, Sendable {
    /// One code point.
    case rune(UInt32)
    /// Any code point of `sets[index]`, a character class; an empty class never matches.
    case runeSet(Int)
    /// Any code point (`.` with the `s` flag).
    case anyRune
    /// Any code point but a newline (`.`).
    case anyRuneExceptNewline
    /// An empty-width condition on the text around a position.
    case assertion(RE2Assertion)
    /// The empty string.
    case empty
    /// The concatenation of the previous `count` subtrees.
    case concatenation(count: Int)
    /// The alternation of the previous `count` subtrees, earlier ones preferred.
    case alternation(count: Int)
    /// The previous subtree, repeated.
    case repetition(RE2Repetition)
}

/// How often a repetition node repeats its operand, and where the operand's subtree starts.
struct RE2Repetition: Equatable, Sendable {
    /// The fewest repetitions.
    var min: Int
    /// The most repetitions, nil for no limit.
    var max: Int?
    /// Whether more repetitions are preferred to fewer.
    var greedy: Bool
    /// The index of the first node of the operand's subtree, which ends just before this node.
    var operandStart: Int
}
