// sealgate · GoFormats

// Go's string quoting, for error messages that must read exactly as Go's do. Kubernetes and cel-go
// build their messages with `fmt`'s `%q` (which is `strconv.Quote`), and Go's `time` package quotes with
// a smaller function of its own; both are here, over Swift strings and over raw bytes (Go strings are
// bytes and may hold invalid UTF-8).

/// Go's string quoting: `strconv.Quote` (and so `fmt`'s `%q`), and the `time` package's own `quote`.
public enum GoQuote {
    /// Go's `strconv.Quote(text)`, over the string's UTF-8 bytes (see the byte version).
    public static func quote(_ text: String) -> String {
        quote(text.utf8)
    }

    /// Go's `strconv.Quote` over a byte string, as Go 1.26 writes it:
    ///
    /// - double quotes around; `"` and `\` backslashed;
    /// - printable runes (Go's `strconv.IsPrint`) as they are;
    /// - `\a \b \f \n \r \t \v` for those controls;
    /// - `\xNN` for other ASCII controls (and DEL), and for each byte that does not start a valid UTF-8
    ///   sequence (overlong forms, surrogates, values past U+10FFFF, truncated sequences);
    /// - `\uNNNN` or `\UNNNNNNNN` for the other unprintable runes.
    ///
    /// Hex digits are lowercase, as in Go.
    public static func quote(_ input: some Collection<UInt8>) -> String {
        let bytes = Array(input)
        var out = "\""
        var index = 0
        while index < bytes.count {
            guard let (scalar, width) = decodeRune(bytes, at: index) else {
                out += "\\x" + hex(UInt32(bytes[index]), digits: 2)
                index += 1
                continue
            }
            index += width
            switch scalar.value {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case _ where isPrint(scalar): out.unicodeScalars.append(scalar)
            case 0x07: out += "\\a"
            case 0x08: out += "\\b"
            case 0x0C: out += "\\f"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x0B: out += "\\v"
            case let value where value < 0x20 || value == 0x7F: out += "\\x" + hex(value, digits: 2)
            case let value where value < 0x10000: out += "\\u" + hex(value, digits: 4)
            case let value: out += "\\U" + hex(value, digits: 8)
            }
        }
        return out + "\""
    }

    /// The `time` package's private `quote`, which `time.ParseDuration` and `time.Parse` errors use:
    /// double quotes around; `"` and `\` backslashed; every byte of a non-ASCII or control (below
    /// U+0020) character written as `\xNN`; everything else, DEL included, as it is.
    public static func timePackage(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            if scalar.value >= 0x80 || scalar.value < 0x20 {
                for byte in String(scalar).utf8 {
                    out += "\\x" + hex(UInt32(byte), digits: 2)
                }
            } else {
                if scalar == "\"" || scalar == "\\" { out += "\\" }
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// Go's `strconv.IsPrint`: Latin-1 by Go's own table (U+0020 through U+007E, U+00A1 through U+00FF
    /// but the soft hyphen U+00AD); above that, letters, marks, numbers, punctuation and symbols (Unicode
    /// categories L, M, N, P and S). Spaces other than U+0020 and format characters are not printable.
    private static func isPrint(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x100 {
            return (0x20...0x7E).contains(value) || ((0xA1...0xFF).contains(value) && value != 0xAD)
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .nonspacingMark, .spacingMark, .enclosingMark,
            .decimalNumber, .letterNumber, .otherNumber,
            .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation,
            .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }

    /// Go's `utf8.DecodeRune` at `index`: the rune and its length in bytes, or nil where the byte starts
    /// no valid sequence (Go's `RuneError` of width 1): a stray continuation byte, `C0`, `C1`, `F5`–`FF`,
    /// an overlong form, a surrogate, a value past U+10FFFF, or a sequence cut short.
    private static func decodeRune(_ bytes: [UInt8], at index: Int) -> (Unicode.Scalar, Int)? {
        // The standard library's parser accepts exactly Unicode's well-formed sequences (Table 3-7), the
        // set Go's DecodeRune accepts; on anything else Go reports one byte, which the caller escapes.
        var iterator = bytes[index...].makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        switch parser.parseScalar(from: &iterator) {
        case .valid(let encoded): return (Unicode.UTF8.decode(encoded), encoded.count)
        case .error, .emptyInput: return nil
        }
    }

    /// `value` in lowercase hex, zero-padded to `digits`.
    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
