// sealgate · RE2

/// The empty-width conditions a pattern can assert.
enum RE2Assertion: Int32, Sendable {
    /// `\A`, and `^` without the `m` flag: the start of the text.
    case beginText
    /// `\z`, and `$` without the `m` flag: the end of the text.
    case endText
    /// `^` with the `m` flag: the start of the text or just after a newline.
    case beginLine
    /// `$` with the `m` flag: the end of the text or just before a newline.
    case endLine
    /// `\b`: between an ASCII word character and something else (a non-word character or an end).
    case wordBoundary
    /// `\B`: not at a word boundary.
    case notWordBoundary
}
