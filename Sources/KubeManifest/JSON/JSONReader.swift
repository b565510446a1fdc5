// sealgate · KubeManifest

internal import Diagnostics

/// Reads JSON text into documents, one per top-level value, keeping every node's position.
///
/// The input is RFC 8259 JSON, except that it may hold several values one after another (separated by
/// whitespace or not), as `kubectl` accepts; each value becomes one ``Document``. Whitespace alone, or no
/// bytes at all, is a stream of zero documents.
///
/// The reader works on the raw bytes: it validates UTF-8 itself, copies runs of ordinary string bytes in one
/// go, and builds the tree with an explicit stack, so nesting costs heap bounded by
/// ``LoaderLimits/maxDepth``, never call stack.
enum JSONReader {
    /// Parses `bytes` (the whole file) into its documents.
    ///
    /// - Throws: ``ManifestError`` with the file, line and column of the first problem.
    static func documents(
        in bytes: UnsafeRawBufferPointer,
        file: SourceFile,
        limits: LoaderLimits
    ) throws(ManifestError) -> [Document] {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return [] }
        var parser = JSONParser(
            base: base.assumingMemoryBound(to: UInt8.self), count: bytes.count, file: file, limits: limits)
        return try parser.stream()
    }
}

// MARK: - Byte constants

// Named once here so that the scanning code reads as JSON's grammar rather than as hex.
private let quote = UInt8(ascii: "\"")
private let backslash = UInt8(ascii: "\\")
private let openBrace = UInt8(ascii: "{")
private let closeBrace = UInt8(ascii: "}")
private let openBracket = UInt8(ascii: "[")
private let closeBracket = UInt8(ascii: "]")
private let comma = UInt8(ascii: ",")
private let colon = UInt8(ascii: ":")
private let minus = UInt8(ascii: "-")
private let plus = UInt8(ascii: "+")
private let dot = UInt8(ascii: ".")
private let zero = UInt8(ascii: "0")
private let nine = UInt8(ascii: "9")
private let space = UInt8(ascii: " ")
private let tab = UInt8(ascii: "\t")
private let lineFeed = UInt8(ascii: "\n")
private let carriageReturn = UInt8(ascii: "\r")

/// Powers of ten that a `Double` holds exactly, for the fast path of number conversion.
private let exactPowersOfTen: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]

// MARK: - The parser

private struct JSONParser {
    /// An object or array that is still open.
    struct Frame {
        let isObject: Bool
        let location: SourceLocation
        var items: [Node] = []
        var mapping = Mapping()
        /// The member name whose value is being read (objects only).
        var key = ""
        var keyLocation: SourceLocation

        init(isObject: Bool, location: SourceLocation) {
            self.isObject = isObject
            self.location = location
            self.keyLocation = location
        }
    }

    let base: UnsafePointer<UInt8>
    let end: Int
    let file: SourceFile
    let limits: LoaderLimits

    var pos = 0
    var line = 1
    /// Byte offset where the current line starts.
    var lineStart = 0
    /// Bytes on the current line before `pos` that do not start a character (UTF-8 continuation bytes).
    ///
    /// Multi-byte characters can only occur inside strings, and strings never span lines, so counting them
    /// as the string scanner validates them keeps every column an O(1) computation even on a 30 MB line.
    var lineExtraBytes = 0
    /// Reused buffer for strings that contain escapes.
    var scratch: [UInt8] = []
    /// For the string ``string()`` read last: how many of its Unicode scalars come before its first escape
    /// other than `\"` and `\\` (nil when it has none), so a place in it can be found in the file.
    var stringExactPrefix: Int?
    var stack: [Frame] = []

    init(base: UnsafePointer<UInt8>, count: Int, file: SourceFile, limits: LoaderLimits) {
        self.base = base
        self.end = count
        self.file = file
        self.limits = limits
    }

    // MARK: Stream

    mutating func stream() throws(ManifestError) -> [Document] {
        // Editors on Windows write a BOM; it is not a character the user sees, so it takes no column.
        if end >= 3, base[0] == 0xEF, base[1] == 0xBB, base[2] == 0xBF {
            pos = 3
            lineStart = 3
        }
        var documents: [Document] = []
        while true {
            skipWhitespace()
            guard pos < end else { return documents }
            guard documents.count < limits.maxDocuments else {
                throw error(
                    .tooManyDocuments,
                    "more than \(limits.maxDocuments) JSON values in one file; split the file",
                    at: pos)
            }
            let expecting =
                documents.isEmpty
                ? "a JSON value" : "another JSON value or the end of the input after the previous value"
            let root = try value(topLevelExpectation: expecting)
            documents.append(Document(root: root, index: documents.count))
        }
    }

    // MARK: Values

    /// Reads one complete top-level value, opening and closing containers on `stack`.
    mutating func value(topLevelExpectation: String) throws(ManifestError) -> Node {
        var node: Node
        descend: while true {
            skipWhitespace()
            guard pos < end else { throw unexpectedEnd(expecting: "a value") }
            let location = location(at: pos)
            switch base[pos] {
            case openBrace:
                try checkDepth(location)
                pos += 1
                skipWhitespace()
                if pos < end, base[pos] == closeBrace {
                    pos += 1
                    node = Node(.map(Mapping()), at: location)
                } else {
                    stack.append(Frame(isObject: true, location: location))
                    try memberName(afterComma: false)
                    continue descend
                }
            case openBracket:
                try checkDepth(location)
                pos += 1
                skipWhitespace()
                if pos < end, base[pos] == closeBracket {
                    pos += 1
                    node = Node(.list([]), at: location)
                } else {
                    stack.append(Frame(isObject: false, location: location))
                    continue descend
                }
            case quote:
                let text = try string()
                node = Node(.string(text), at: location, layout: ScalarLayout(style: .doubleQuoted, exactPrefix: stringExactPrefix))
            case minus, zero...nine:
                node = Node(try number(), at: location)
            case UInt8(ascii: "t"):
                try literal("true")
                node = Node(.bool(true), at: location)
            case UInt8(ascii: "f"):
                try literal("false")
                node = Node(.bool(false), at: location)
            case UInt8(ascii: "n"):
                try literal("null")
                node = Node(.null, at: location)
            default:
                try rejectNonFiniteWord()
                throw unexpected(expecting: stack.isEmpty ? topLevelExpectation : "a value")
            }

            // Containers close here, in a loop, rather than by returning from recursive calls: that keeps
            // nesting on the heap, bounded by the depth limit, however deep the input goes.
            while let top = stack.indices.last {
                if stack[top].isObject {
                    let entry = Mapping.Entry(key: stack[top].key, keyLocation: stack[top].keyLocation, value: node)
                    stack[top].mapping.set(entry)
                    skipWhitespace()
                    guard pos < end else { throw unexpectedEnd(expecting: "',' or '}' after an object member") }
                    if base[pos] == comma {
                        pos += 1
                        try memberName(afterComma: true)
                        continue descend
                    }
                    guard base[pos] == closeBrace else {
                        throw unexpected(expecting: "',' or '}' after an object member")
                    }
                    pos += 1
                    let frame = stack.removeLast()
                    node = Node(.map(frame.mapping), at: frame.location)
                } else {
                    stack[top].items.append(node)
                    skipWhitespace()
                    guard pos < end else { throw unexpectedEnd(expecting: "',' or ']' after an array element") }
                    if base[pos] == comma {
                        pos += 1
                        skipWhitespace()
                        if pos < end, base[pos] == closeBracket {
                            throw error(
                                .syntax, "unexpected ']' after ','; JSON does not allow a trailing comma, so remove it",
                                at: pos)
                        }
                        continue descend
                    }
                    guard base[pos] == closeBracket else {
                        throw unexpected(expecting: "',' or ']' after an array element")
                    }
                    pos += 1
                    let frame = stack.removeLast()
                    node = Node(.list(frame.items), at: frame.location)
                }
            }
            return node
        }
    }

    mutating func checkDepth(_ location: SourceLocation) throws(ManifestError) {
        guard stack.count < limits.maxDepth else {
            throw ManifestError(
                .tooDeep,
                "nesting is deeper than \(limits.maxDepth) levels; flatten the document",
                at: location)
        }
    }

    /// Reads `"name":` into the innermost (object) frame, rejecting a name the object already has.
    mutating func memberName(afterComma: Bool) throws(ManifestError) {
        skipWhitespace()
        guard pos < end else { throw unexpectedEnd(expecting: "a member name in double quotes") }
        guard base[pos] == quote else {
            if afterComma, base[pos] == closeBrace {
                throw error(
                    .syntax, "unexpected '}' after ','; JSON does not allow a trailing comma, so remove it", at: pos)
            }
            throw unexpected(expecting: "a member name in double quotes")
        }
        let keyLocation = location(at: pos)
        let key = try string()
        let top = stack.count - 1
        if let first = stack[top].mapping.entry(for: key) {
            throw ManifestError(
                .duplicateKey,
                "duplicate key \(Self.quotedForMessage(key)) (first defined at line \(first.keyLocation.line), "
                    + "column \(first.keyLocation.column)); remove one of them",
                at: keyLocation)
        }
        skipWhitespace()
        guard pos < end else { throw unexpectedEnd(expecting: "':' after the member name") }
        guard base[pos] == colon else { throw unexpected(expecting: "':' after the member name") }
        pos += 1
        stack[top].key = key
        stack[top].keyLocation = keyLocation
    }

    mutating func literal(_ word: StaticString) throws(ManifestError) {
        let bytes = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        for (i, expected) in bytes.enumerated() {
            guard pos + i < end else { throw unexpectedEnd(expecting: "the rest of '\(word)'") }
            guard base[pos + i] == expected else {
                pos += i
                throw unexpected(expecting: "'\(word)' (strings need double quotes)")
            }
        }
        pos += bytes.count
    }

    /// Names `NaN` and `Infinity` for what they are, since JavaScript writes them but JSON has no such numbers.
    func rejectNonFiniteWord() throws(ManifestError) {
        var i = pos
        if i < end, base[i] == minus || base[i] == plus { i += 1 }
        for word: StaticString in ["NaN", "Infinity"] {
            let bytes = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
            guard end - i >= bytes.count else { continue }
            if bytes.indices.allSatisfy({ base[i + $0] == bytes[$0] }) {
                throw error(
                    .syntax,
                    "'\(word)' is not a JSON number; quote it to make a string, or write a finite number",
                    at: pos)
            }
        }
    }

    // MARK: Whitespace

    @inline(__always)
    mutating func skipWhitespace() {
        while pos < end {
            let byte = base[pos]
            if byte > space { return }
            if byte == space || byte == tab || byte == carriageReturn {
                pos += 1
            } else if byte == lineFeed {
                pos += 1
                line += 1
                lineStart = pos
                lineExtraBytes = 0
            } else {
                return
            }
        }
    }

    // MARK: Strings

    /// Reads the string whose opening quote is at `pos`, leaving `pos` after the closing quote.
    mutating func string() throws(ManifestError) -> String {
        let opening = pos
        let openingExtraBytes = lineExtraBytes
        pos += 1
        var runStart = pos
        var escaped = false
        stringExactPrefix = nil
        while true {
            // Plain ASCII is by far the common case; stay in this tight loop for it.
            while pos < end {
                let byte = base[pos]
                guard byte >= space, byte < 0x80, byte != quote, byte != backslash else { break }
                pos += 1
            }
            guard pos < end else {
                throw ManifestError(
                    .syntax, "string is never closed; add the closing '\"'",
                    at: location(at: opening, extraBytes: openingExtraBytes))
            }
            let byte = base[pos]
            if byte == quote {
                let run = UnsafeBufferPointer(start: base + runStart, count: pos - runStart)
                pos += 1
                guard escaped else { return String(decoding: run, as: UTF8.self) }
                scratch.append(contentsOf: run)
                defer { scratch.removeAll(keepingCapacity: true) }
                return String(decoding: scratch, as: UTF8.self)
            } else if byte == backslash {
                scratch.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: pos - runStart))
                if stringExactPrefix == nil, pos + 1 < end, base[pos + 1] != quote, base[pos + 1] != backslash {
                    stringExactPrefix = scratch.count { $0 & 0xC0 != 0x80 }
                }
                escaped = true
                try escape(opening: opening, openingExtraBytes: openingExtraBytes)
                runStart = pos
            } else if byte < space {
                throw error(.syntax, Self.controlCharacterReason(byte), at: pos)
            } else {
                try skipUTF8Sequence()
            }
        }
    }

    /// Decodes the escape at `pos` (a backslash) into `scratch`.
    mutating func escape(opening: Int, openingExtraBytes: Int) throws(ManifestError) {
        let start = pos
        guard pos + 1 < end else {
            throw ManifestError(
                .syntax, "string is never closed; add the closing '\"'",
                at: location(at: opening, extraBytes: openingExtraBytes))
        }
        let replacement: UInt8
        switch base[pos + 1] {
        case quote: replacement = quote
        case backslash: replacement = backslash
        case UInt8(ascii: "/"): replacement = UInt8(ascii: "/")
        case UInt8(ascii: "b"): replacement = 0x08
        case UInt8(ascii: "f"): replacement = 0x0C
        case UInt8(ascii: "n"): replacement = lineFeed
        case UInt8(ascii: "r"): replacement = carriageReturn
        case UInt8(ascii: "t"): replacement = tab
        case UInt8(ascii: "u"):
            try unicodeEscape()
            return
        default:
            throw error(
                .syntax,
                "invalid escape in a string; JSON knows \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\u followed by four hex digits "
                    + "(write a literal backslash as \\\\)",
                at: start)
        }
        scratch.append(replacement)
        pos += 2
    }

    /// Decodes `\uXXXX`, or a `\uXXXX\uXXXX` surrogate pair, at `pos`.
    mutating func unicodeEscape() throws(ManifestError) {
        let start = pos
        let unit = try hexQuad(at: pos + 2, escapeStart: start)
        pos += 6
        var scalarValue = UInt32(unit)
        switch unit {
        case 0xD800...0xDBFF:
            guard pos + 1 < end, base[pos] == backslash, base[pos + 1] == UInt8(ascii: "u") else {
                throw error(
                    .syntax,
                    "\\u escape of a high surrogate without the low surrogate escape that must follow it; "
                        + "write the character as a \\uD8xx\\uDCxx pair or as UTF-8",
                    at: start)
            }
            let low = try hexQuad(at: pos + 2, escapeStart: pos)
            guard (0xDC00...0xDFFF).contains(low) else {
                throw error(
                    .syntax,
                    "\\u escape of a high surrogate followed by an escape that is not a low surrogate; "
                        + "write the character as a \\uD8xx\\uDCxx pair or as UTF-8",
                    at: start)
            }
            pos += 6
            scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
        case 0xDC00...0xDFFF:
            throw error(
                .syntax,
                "\\u escape of a low surrogate without a high surrogate before it; "
                    + "write the character as a \\uD8xx\\uDCxx pair or as UTF-8",
                at: start)
        default:
            break
        }
        appendUTF8(scalarValue)
    }

    /// Appends the UTF-8 form of a scalar value (never a surrogate; those were paired or rejected).
    mutating func appendUTF8(_ value: UInt32) {
        switch value {
        case ..<0x80:
            scratch.append(UInt8(value))
        case ..<0x800:
            scratch.append(UInt8(0xC0 | value >> 6))
            scratch.append(UInt8(0x80 | value & 0x3F))
        case ..<0x10000:
            scratch.append(UInt8(0xE0 | value >> 12))
            scratch.append(UInt8(0x80 | value >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | value & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | value >> 18))
            scratch.append(UInt8(0x80 | value >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | value >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | value & 0x3F))
        }
    }

    func hexQuad(at offset: Int, escapeStart: Int) throws(ManifestError) -> UInt16 {
        guard offset + 4 <= end else {
            throw error(.syntax, "\\u in a string must be followed by four hex digits", at: escapeStart)
        }
        var value: UInt16 = 0
        for i in 0..<4 {
            let byte = base[offset + i]
            let digit: UInt8
            switch byte {
            case zero...nine: digit = byte - zero
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default:
                throw error(.syntax, "\\u in a string must be followed by four hex digits", at: escapeStart)
            }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    /// Steps over one well-formed multi-byte UTF-8 character at `pos`, or throws at its first byte.
    @inline(__always)
    mutating func skipUTF8Sequence() throws(ManifestError) {
        let length = Self.utf8SequenceLength(base: base, at: pos, end: end)
        guard length > 0 else {
            throw error(.invalidUTF8, "the file is not valid UTF-8 (a malformed byte sequence); save it as UTF-8", at: pos)
        }
        pos += length
        lineExtraBytes += length - 1
    }

    /// The length of the well-formed UTF-8 sequence (RFC 3629: no overlongs, surrogates or values past
    /// U+10FFFF) starting at `offset`, or 0 when the bytes there are not one.
    static func utf8SequenceLength(base: UnsafePointer<UInt8>, at offset: Int, end: Int) -> Int {
        let lead = base[offset]
        if lead < 0x80 { return 1 }
        var continuations: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: continuations = 1
        case 0xE0: continuations = 2; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: continuations = 2
        case 0xED: continuations = 2; high = 0x9F
        case 0xF0: continuations = 3; low = 0x90
        case 0xF1...0xF3: continuations = 3
        case 0xF4: continuations = 3; high = 0x8F
        default: return 0
        }
        guard offset + continuations < end else { return 0 }
        let second = base[offset + 1]
        guard second >= low, second <= high else { return 0 }
        var i = 2
        while i <= continuations {
            guard base[offset + i] & 0xC0 == 0x80 else { return 0 }
            i += 1
        }
        return continuations + 1
    }

    static func controlCharacterReason(_ byte: UInt8) -> String {
        switch byte {
        case lineFeed:
            return "line break inside a string; close the string on this line, or write the line break as \\n"
        case carriageReturn:
            return "carriage return inside a string; close the string on this line, or write it as \\r"
        case tab:
            return "tab character inside a string; JSON requires it to be written as \\t"
        default:
            return "control character \(unicodeName(UInt32(byte))) inside a string; write it as a \\u escape"
        }
    }

    // MARK: Numbers

    /// Reads the number at `pos`: `.int` for an integer literal that fits 64 bits, else `.double`.
    mutating func number() throws(ManifestError) -> Value {
        let start = pos
        let negative = base[pos] == minus
        if negative {
            pos += 1
            guard pos < end else { throw unexpectedEnd(expecting: "a digit after '-'") }
            guard Self.isDigit(base[pos]) else {
                pos = start
                try rejectNonFiniteWord()
                pos = start + 1
                throw unexpected(expecting: "a digit after '-'")
            }
        }
        var mantissa: UInt64 = 0
        var exact = true
        var fractionDigits = 0
        if base[pos] == zero {
            pos += 1
            if pos < end, Self.isDigit(base[pos]) {
                throw error(
                    .syntax,
                    "number with a leading zero; JSON has no octal numbers, so remove the zero or quote the value",
                    at: pos - 1)
            }
        } else {
            while pos < end, Self.isDigit(base[pos]) {
                Self.accumulate(base[pos], into: &mantissa, exact: &exact)
                pos += 1
            }
        }
        var isInteger = true
        if pos < end, base[pos] == dot {
            isInteger = false
            pos += 1
            guard pos < end else { throw unexpectedEnd(expecting: "a digit after the decimal point") }
            guard Self.isDigit(base[pos]) else { throw unexpected(expecting: "a digit after the decimal point") }
            while pos < end, Self.isDigit(base[pos]) {
                if exact {
                    Self.accumulate(base[pos], into: &mantissa, exact: &exact)
                    fractionDigits += 1
                }
                pos += 1
            }
        }
        var exponent = 0
        if pos < end, base[pos] | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            pos += 1
            var negativeExponent = false
            if pos < end, base[pos] == minus || base[pos] == plus {
                negativeExponent = base[pos] == minus
                pos += 1
            }
            guard pos < end else { throw unexpectedEnd(expecting: "a digit in the exponent") }
            guard Self.isDigit(base[pos]) else { throw unexpected(expecting: "a digit in the exponent") }
            while pos < end, Self.isDigit(base[pos]) {
                // Past this the value is 0 or infinite anyway; capping keeps the arithmetic from overflowing.
                if exponent < 100_000 { exponent = exponent * 10 + Int(base[pos] - zero) }
                pos += 1
            }
            if negativeExponent { exponent = -exponent }
        }

        if isInteger, exact {
            if !negative, mantissa <= UInt64(Int64.max) { return .int(Int64(mantissa)) }
            if negative, mantissa <= UInt64(Int64.max) { return .int(-Int64(mantissa)) }
            if negative, mantissa == UInt64(Int64.max) + 1 { return .int(.min) }
        }

        var result: Double
        let scale = exponent - fractionDigits
        if exact, mantissa <= 1 << 53, (-22...22).contains(scale) {
            // Both operands are exact, so one IEEE operation rounds correctly (Clinger's fast path).
            result = Double(mantissa)
            if scale < 0 { result /= exactPowersOfTen[-scale] } else { result *= exactPowersOfTen[scale] }
            if negative { result = -result }
        } else {
            let text = String(decoding: UnsafeBufferPointer(start: base + start, count: pos - start), as: UTF8.self)
            result = Double(text) ?? .infinity
        }
        guard result.isFinite else {
            throw error(
                .syntax, "number is too large for a 64-bit floating-point value; quote it to keep it as a string",
                at: start)
        }
        return .double(result)
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte &- zero < 10 }

    @inline(__always)
    static func accumulate(_ digit: UInt8, into mantissa: inout UInt64, exact: inout Bool) {
        guard exact else { return }
        let (shifted, overflow1) = mantissa.multipliedReportingOverflow(by: 10)
        let (sum, overflow2) = shifted.addingReportingOverflow(UInt64(digit - zero))
        if overflow1 || overflow2 {
            exact = false
        } else {
            mantissa = sum
        }
    }

    // MARK: Positions and errors

    @inline(__always)
    func location(at offset: Int) -> SourceLocation {
        location(at: offset, extraBytes: lineExtraBytes)
    }

    @inline(__always)
    func location(at offset: Int, extraBytes: Int) -> SourceLocation {
        SourceLocation(file: file, line: line, column: offset - lineStart - extraBytes + 1)
    }

    func error(_ code: ManifestError.Code, _ reason: String, at offset: Int) -> ManifestError {
        ManifestError(code, reason, at: location(at: offset))
    }

    func unexpectedEnd(expecting expectation: String) -> ManifestError {
        error(.syntax, "unexpected end of input; expected \(expectation)", at: end)
    }

    /// The error for the byte at `pos`, which is not what the grammar allows there.
    func unexpected(expecting expectation: String) -> ManifestError {
        let byte = base[pos]
        let what: String
        if byte >= 0x80 {
            let length = Self.utf8SequenceLength(base: base, at: pos, end: end)
            guard length > 0 else {
                return error(
                    .invalidUTF8, "the file is not valid UTF-8 (a malformed byte sequence); save it as UTF-8", at: pos)
            }
            var decoder = UTF8()
            var iterator = UnsafeBufferPointer(start: base + pos, count: length).makeIterator()
            guard case let .scalarValue(scalar) = decoder.decode(&iterator) else {
                return error(
                    .invalidUTF8, "the file is not valid UTF-8 (a malformed byte sequence); save it as UTF-8", at: pos)
            }
            what = "character \(Self.unicodeName(scalar.value))"
        } else if byte < space || byte == 0x7F {
            what = "control character \(Self.unicodeName(UInt32(byte)))"
        } else {
            what = "'\(Character(Unicode.Scalar(byte)))'"
        }
        return error(.syntax, "unexpected \(what); expected \(expectation)", at: pos)
    }

    static func unicodeName(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// A key as a message shows it: quoted, and shortened when it is long enough to drown the message.
    static func quotedForMessage(_ key: String) -> String {
        let limit = 60
        guard key.count > limit else { return "'\(key)'" }
        return "'\(key.prefix(limit - 1))…'"
    }
}
