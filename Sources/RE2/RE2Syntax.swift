// sealgate · RE2

/// A parsed pattern: its nodes in postfix order (operands before their operator) and the character
/// classes they refer to. The last node is the root.
struct RE2Syntax: Sendable {
    /// The nodes, each subtree contiguous and ending with its root.
    var nodes: [RE2Node]
    /// The character classes `RE2Node.runeSet` refers to, by index.
    var sets: [RE2RuneSet]
}
