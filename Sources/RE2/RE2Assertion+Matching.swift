// sealgate · RE2

extension RE2Assertion {
    /// Whether the assertion with raw value `kind` holds between scalars `before` and `after`
    /// (-1 for the ends of the text).
    static func holds(_ kind: Int32, before: Int32, after: Int32) -> Bool {
        switch RE2Assertion(rawValue: kind) {
        case .beginText: before < 0
        case .endText: after < 0
        case .beginLine: before < 0 || before == 0x0A
        case .endLine: after < 0 || after == 0x0A
        case .wordBoundary: isWordCharacter(before) != isWordCharacter(after)
        case .notWordBoundary: isWordCharacter(before) == isWordCharacter(after)
        case nil: false
        }
    }

    /// Whether `scalar` is an ASCII word character, `[0-9A-Za-z_]`, as `\b` understands words.
    static func isWordCharacter(_ scalar: Int32) -> Bool {
        switch scalar {
        case 0x30...0x39, 0x41...0x5A, 0x5F, 0x61...0x7A: true
        default: false
        }
    }
}
