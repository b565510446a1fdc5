// sealgate · CEL

/// One token of a CEL expression.
struct Token: Equatable {
    enum Kind: Equatable {
        /// An integer literal's magnitude; the parser applies the sign and the range check (so that
        /// `-9223372036854775808` is an int).
        case int(UInt64)
        case uint(UInt64)
        case double(Double)
        case string(String)
        case bytes([UInt8])
        case identifier(String)
        /// `true`, `false`, `null`, `in`.
        case keyword(String)
        /// Operators and punctuation: `==`, `&&`, `.`, `?`, `(`, …
        case symbol(String)
        case end
    }

    var kind: Kind
    /// The 0-based character offset where the token starts.
    var offset: Int
}

/// Turns an expression's text into tokens, following the lexis of the CEL language definition.
struct Lexer {
    /// Words that cannot name a variable or a global function (the parser refuses them there); after a
    /// `.` they are ordinary field names (`object.metadata.namespace`), as in cel-go.
    static let reserved: Set<String> = [
        "as", "break", "const", "continue", "else", "for", "function", "if", "import", "let", "loop", "package",
        "namespace", "return", "var", "void", "while",
    ]
    static let keywords: Set<String> = ["true", "false", "null", "in"]
    private static let symbols3: Set<String> = []
    private static let symbols2: Set<String> = ["==", "!=", "<=", ">=", "&&", "||"]
    private static let symbols1: Set<Character> = [
        "<", ">", "+", "-", "*", "/", "%", "!", "?", ":", ".", ",", "(", ")", "[", "]", "{", "}",
    ]

    let source: [Character]
    private(set) var position = 0

    init(_ text: String) {
        source = Array(text)
    }

    /// The 1-based line and column of a character offset; the column counts Unicode scalars, as every
    /// sealgate column does (and libyaml's), so `é` written as `e` and a combining accent is two columns.
    func lineAndColumn(of offset: Int) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for character in source.prefix(min(offset, source.count)) {
            if character == "\n" || character == "\r\n" {
                line += 1
                column = 1
            } else {
                column += character.unicodeScalars.count
            }
        }
        return (line, column)
    }

    func error(_ reason: String, at offset: Int) -> CELError {
        let (line, column) = lineAndColumn(of: offset)
        return CELError(.syntax, reason, line: line, column: column)
    }

    private func peek(_ ahead: Int = 0) -> Character? {
        position + ahead < source.count ? source[position + ahead] : nil
    }

    /// The next token.
    mutating func next() throws(CELError) -> Token {
        skipWhitespaceAndComments()
        let start = position
        guard let c = peek() else { return Token(kind: .end, offset: start) }

        if c.isASCII, c.isNumber || (c == "." && (peek(1)?.isASCII ?? false) && (peek(1)?.isNumber ?? false)) {
            return Token(kind: try number(), offset: start)
        }
        if c == "\"" || c == "'" {
            return Token(kind: .string(try quoted(raw: false, bytes: false).text), offset: start)
        }
        if c.isASCII, c.isLetter || c == "_" {
            // String prefixes: r, b, and both in either order and case.
            let lower = String(c).lowercased()
            if lower == "r" || lower == "b", let next = peek(1) {
                if next == "\"" || next == "'" {
                    position += 1
                    return Token(kind: try literal(raw: lower == "r", bytes: lower == "b"), offset: start)
                }
                let nextLower = String(next).lowercased()
                if (nextLower == "r" || nextLower == "b"), nextLower != lower, let third = peek(2), third == "\"" || third == "'" {
                    position += 2
                    return Token(kind: try literal(raw: true, bytes: true), offset: start)
                }
            }
            var word = ""
            while let d = peek(), d.isASCII, d.isLetter || d.isNumber || d == "_" {
                word.append(d)
                position += 1
            }
            if Self.keywords.contains(word) { return Token(kind: .keyword(word), offset: start) }
            return Token(kind: .identifier(word), offset: start)
        }
        if let d = peek(1), Self.symbols2.contains(String(c) + String(d)) {
            position += 2
            return Token(kind: .symbol(String(c) + String(d)), offset: start)
        }
        if Self.symbols1.contains(c) {
            position += 1
            return Token(kind: .symbol(String(c)), offset: start)
        }
        if c == "=" { throw error("unexpected '='; compare with '==' (CEL has no assignment)", at: start) }
        if c == "&" || c == "|" { throw error("unexpected '\(c)'; CEL's logical operators are '&&' and '||'", at: start) }
        throw error("unexpected character '\(c)'", at: start)
    }

    private mutating func skipWhitespaceAndComments() {
        while let c = peek() {
            if c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\r\n" || c == "\u{0C}" {
                position += 1
            } else if c == "/", peek(1) == "/" {
                while let d = peek(), d != "\n", d != "\r\n", d != "\r" { position += 1 }
            } else {
                return
            }
        }
    }

    // MARK: - Numbers

    private mutating func number() throws(CELError) -> Token.Kind {
        let start = position
        if peek() == "0", let x = peek(1), x == "x" || x == "X" {
            position += 2
            var digits = ""
            while let d = peek(), d.isHexDigit { digits.append(d); position += 1 }
            guard !digits.isEmpty else { throw error("'0x' must be followed by hexadecimal digits", at: start) }
            guard let value = UInt64(digits, radix: 16) else {
                throw error("integer literal \(String(source[start..<position])) is too large", at: start)
            }
            return try integerSuffix(value, start: start)
        }
        var text = ""
        while let d = peek(), d.isASCII, d.isNumber { text.append(d); position += 1 }
        var isDouble = false
        if peek() == ".", let d = peek(1), d.isASCII, d.isNumber {
            isDouble = true
            text.append(".")
            position += 1
            while let d = peek(), d.isASCII, d.isNumber { text.append(d); position += 1 }
        }
        if let e = peek(), e == "e" || e == "E" {
            var lookahead = 1
            if let sign = peek(1), sign == "+" || sign == "-" { lookahead = 2 }
            if let d = peek(lookahead), d.isASCII, d.isNumber {
                isDouble = true
                text.append("e")
                if lookahead == 2 { text.append(peek(1)!) }
                position += lookahead
                while let d = peek(), d.isASCII, d.isNumber { text.append(d); position += 1 }
            }
        }
        if isDouble {
            guard let value = Double(text.hasPrefix(".") ? "0" + text : text) else {
                throw error("invalid number \(text)", at: start)
            }
            return .double(value)
        }
        guard let value = UInt64(text) else { throw error("integer literal \(text) is too large", at: start) }
        return try integerSuffix(value, start: start)
    }

    private mutating func integerSuffix(_ value: UInt64, start: Int) throws(CELError) -> Token.Kind {
        if let u = peek(), u == "u" || u == "U" {
            position += 1
            return .uint(value)
        }
        return .int(value)
    }

    // MARK: - Strings and bytes

    private mutating func literal(raw: Bool, bytes: Bool) throws(CELError) -> Token.Kind {
        let result = try quoted(raw: raw, bytes: bytes)
        return bytes ? .bytes(result.bytes) : .string(result.text)
    }

    /// Reads a quoted literal at the current position (after any prefix).
    private mutating func quoted(raw: Bool, bytes: Bool) throws(CELError) -> (text: String, bytes: [UInt8]) {
        let start = position
        let quote = peek()!
        let triple = peek(1) == quote && peek(2) == quote
        position += triple ? 3 : 1
        var text = ""
        var output: [UInt8] = []
        func append(_ scalar: Unicode.Scalar) {
            if bytes { output += Array(String(scalar).utf8) } else { text.unicodeScalars.append(scalar) }
        }
        while true {
            guard let c = peek() else {
                throw error(
                    "unterminated \(bytes ? "bytes" : "string") literal; close it with \(triple ? String(repeating: quote, count: 3) : String(quote))",
                    at: start)
            }
            if triple {
                if c == quote, peek(1) == quote, peek(2) == quote {
                    position += 3
                    break
                }
            } else {
                if c == quote {
                    position += 1
                    break
                }
                if c == "\n" || c == "\r" || c == "\r\n" {
                    throw error(
                        "a line break in a quoted literal; use \\n, or a triple-quoted literal for text over several lines", at: position)
                }
            }
            if c == "\\", !raw {
                try escape(bytes: bytes, text: &text, output: &output)
                continue
            }
            for scalar in c.unicodeScalars { append(scalar) }
            position += 1
        }
        return (text, output)
    }

    private mutating func escape(bytes: Bool, text: inout String, output: inout [UInt8]) throws(CELError) {
        let start = position
        position += 1
        guard let c = peek() else { throw error("a backslash at the end of the expression", at: start) }
        position += 1
        func scalar(_ value: UInt32) throws(CELError) {
            guard let s = Unicode.Scalar(value) else {
                throw error(
                    "\\\(c) escape names U+\(String(value, radix: 16, uppercase: true)), which is not a Unicode scalar value", at: start)
            }
            if bytes { output += Array(String(s).utf8) } else { text.unicodeScalars.append(s) }
        }
        func hex(_ count: Int) throws(CELError) -> UInt32 {
            var digits = ""
            for _ in 0..<count {
                guard let d = peek(), d.isHexDigit else {
                    throw error("\\\(c) escape needs \(count) hexadecimal digits", at: start)
                }
                digits.append(d)
                position += 1
            }
            return UInt32(digits, radix: 16)!
        }
        switch c {
        case "a": try scalar(0x07)
        case "b": try scalar(0x08)
        case "f": try scalar(0x0C)
        case "n": try scalar(0x0A)
        case "r": try scalar(0x0D)
        case "t": try scalar(0x09)
        case "v": try scalar(0x0B)
        case "\\", "?", "\"", "'", "`": try scalar(c.unicodeScalars.first!.value)
        case "x", "X":
            let value = try hex(2)
            if bytes { output.append(UInt8(value)) } else { try scalar(value) }
        case "u", "U":
            guard !bytes else { throw error("\\\(c) escapes are not allowed in bytes literals; use \\x or octal escapes", at: start) }
            try scalar(try hex(c == "u" ? 4 : 8))
        case "0"..."3":
            var value = UInt32(c.wholeNumberValue!)
            for _ in 0..<2 {
                guard let d = peek(), let digit = d.wholeNumberValue, digit < 8, d.isASCII else {
                    throw error("an octal escape needs three digits from \\000 to \\377", at: start)
                }
                value = value * 8 + UInt32(digit)
                position += 1
            }
            if bytes { output.append(UInt8(value)) } else { try scalar(value) }
        default:
            throw error("invalid escape '\\\(c)'", at: start)
        }
    }
}
