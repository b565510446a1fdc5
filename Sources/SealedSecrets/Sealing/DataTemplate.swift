// sealgate · SealedSecrets

/// One value of a SealedSecret's `spec.template.data`: a Go `text/template` whose output becomes that key
/// of the Secret.
///
/// The Bitnami controller parses every such value with Go's `text/template` and executes it with the
/// SealedSecret's decrypted values as the dot: a map from each `encryptedData` key to its plaintext as a
/// Go string (so a value's bytes come out as they are). Only `encryptedData` is in the map, never another
/// key of `template.data`. sealgate renders the part of the language that SealedSecrets use, with the
/// controller's output byte for byte:
///
/// - literal text;
/// - `{{ .key }}`, a value by a key that is a Go identifier; a key not in the map prints `<no value>`, as
///   Go prints a missing map entry under its default `missingkey` option;
/// - `{{ index . "key" }}` (or a raw string, `` `key` ``), a value by any key; a key not in the map prints
///   nothing, since `index` gives the map's zero value;
/// - `{{ "text" }}`, a string constant (the way to write `{{` itself), and comments `{{/* … */}}`;
/// - the trim markers `{{- ` and ` -}}`, which remove the white space before or after the action.
///
/// Anything else (a pipeline, a function such as sprig's `b64enc`, a condition, a variable, `{{ . }}`,
/// which would print every value) is refused when the template is parsed, naming the action; sealgate
/// never guesses at what the controller would write.
public struct DataTemplate: Sendable, Equatable {
    /// One part of the template, in order.
    enum Piece: Sendable, Equatable {
        /// Text written as it is.
        case text([UInt8])
        /// `{{ .key }}`.
        case field(String)
        /// `{{ index . "key" }}`.
        case index(String)
    }

    let pieces: [Piece]

    /// What Go prints for `{{ .key }}` when the map has no such key.
    public static let noValue = "<no value>"

    /// Parses `text`.
    ///
    /// - Throws: ``Problem`` for an action outside the subset (``Problem/Kind-swift.enum/unsupported``), an
    ///   action, comment or string that is never closed (``Problem/Kind-swift.enum/unclosed``), with the
    ///   place in `text` where it starts.
    public init(parsing text: String) throws(Problem) {
        var parser = TemplateParser(Array(text.utf8), text: text)
        pieces = try parser.parse()
    }

    /// The keys the template reads, in order, each once.
    public var keys: [String] {
        var seen: Set<String> = []
        return pieces.compactMap { piece in
            switch piece {
            case .text: nil
            case let .field(key), let .index(key): seen.insert(key).inserted ? key : nil
            }
        }
    }

    /// What rendering wrote, and the keys it read that the values do not have.
    public struct Rendering: Sendable, Equatable {
        /// The bytes, as the controller writes them into the Secret.
        public var bytes: [UInt8]
        /// The keys read that have no value, in order, each once: `{{ .key }}` printed ``DataTemplate/noValue``
        /// for them, `index` nothing. Not an error, since the controller does not fail either, but most
        /// likely a typo worth a warning.
        public var missingKeys: [String]
    }

    /// Renders the template with `values` as the dot.
    ///
    /// - Parameters:
    ///   - values: each `encryptedData` key's plaintext.
    ///   - limit: the most bytes the output may have; rendering stops as soon as it would pass it, so a
    ///     template that repeats a large value cannot grow without bound.
    /// - Throws: ``Problem`` ``Problem/Kind-swift.enum/tooLarge`` when the output would pass `limit`.
    public func render(_ values: [String: [UInt8]], limit: Int) throws(Problem) -> Rendering {
        var output: [UInt8] = []
        var missing: [String] = []
        func append(_ bytes: some Collection<UInt8>) throws(Problem) {
            guard output.count + bytes.count <= limit else { throw Problem(.tooLarge, offset: 0) }
            output.append(contentsOf: bytes)
        }
        func lookUp(_ key: String) -> [UInt8]? {
            if let value = values[key] { return value }
            if !missing.contains(key) { missing.append(key) }
            return nil
        }
        for piece in pieces {
            switch piece {
            case let .text(bytes): try append(bytes)
            case let .field(key): try append(lookUp(key) ?? Array(Self.noValue.utf8))
            case let .index(key): try append(lookUp(key) ?? [])
            }
        }
        return Rendering(bytes: output, missingKeys: missing)
    }
}

// MARK: - Problems

extension DataTemplate {
    /// Why a template cannot be rendered, and where in its text; holds no value, only the template's own
    /// text (which is not secret: it is in the repository in the clear).
    public struct Problem: Error, Sendable, Equatable {
        /// The kinds of problem.
        public enum Kind: Sendable, Equatable {
            /// An action outside the subset sealgate renders; `action` is its text (shortened when long).
            case unsupported(action: String, why: String)
            /// An action, comment or string opened at the place and never closed.
            case unclosed(what: String)
            /// The output would pass the limit given to ``DataTemplate/render(_:limit:)``.
            case tooLarge
        }

        /// What is wrong.
        public let kind: Kind
        /// The 1-based line in the template's text where the problem starts (0 when it is about no place).
        public let line: Int
        /// The 1-based column, in Unicode scalars, on that line (0 when it is about no place).
        public let column: Int

        init(_ kind: Kind, offset: Int, in text: String? = nil) {
            self.kind = kind
            guard let text else {
                (line, column) = (0, 0)
                return
            }
            // The byte offset as a line and a column of Unicode scalars, as every column is counted.
            var line = 1, column = 1, bytes = 0
            for scalar in text.unicodeScalars {
                if bytes >= offset { break }
                bytes += UTF8.width(scalar)
                if scalar == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            }
            (self.line, self.column) = (line, column)
        }

        /// What is wrong and what to do, naming the action.
        public var reason: String {
            switch kind {
            case let .unsupported(action, why):
                "\(action) \(why); sealgate renders text, {{ .key }}, {{ index . \"key\" }}, string constants and comments, as the Bitnami controller does, and leaves the rest of Go's templates to the controller: unseal this SealedSecret in the cluster, or write the value without it"
            case let .unclosed(what):
                "\(what) is opened here and never closed"
            case .tooLarge:
                "renders, with the templates before it, to more than \(SecretManifest.maxTotalSize) bytes (1 MiB), over Kubernetes' limit for one Secret, so the controller could not create it either"
            }
        }
    }
}

// MARK: - Parsing

/// Reads a template's bytes into pieces, with Go's lexical rules for the parts sealgate renders: `{{` and
/// `}}` delimit actions, quoted strings may hold `}}`, `{{- ` and ` -}}` trim the white space Go calls
/// space (space, tab, carriage return, line feed), and a comment sits right inside the delimiters.
private struct TemplateParser {
    let bytes: [UInt8]
    let text: String
    var position = 0
    var pieces: [DataTemplate.Piece] = []
    var pendingText: [UInt8] = []

    init(_ bytes: [UInt8], text: String) {
        self.bytes = bytes
        self.text = text
    }

    /// A token inside an action.
    enum Token: Equatable {
        case dot
        case field(String)
        case identifier(String)
        case string(String, escaped: Bool)
        case other
    }

    static let open: [UInt8] = Array("{{".utf8)
    static let close: [UInt8] = Array("}}".utf8)
    static let longestQuoted = 60
    static let escapeAdvice = "holds an escape sequence, which no Secret key needs; write the key as it is"

    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }

    static func isIdentifier(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x5F
    }

    func starts(with prefix: [UInt8], at index: Int) -> Bool {
        index + prefix.count <= bytes.count && bytes[index..<(index + prefix.count)].elementsEqual(prefix)
    }

    func firstIndex(of needle: [UInt8], from start: Int) -> Int? {
        guard needle.count <= bytes.count else { return nil }
        var index = start
        while index + needle.count <= bytes.count {
            if bytes[index] == needle[0], starts(with: needle, at: index) { return index }
            index += 1
        }
        return nil
    }

    /// ` -}}` at `index`: a trim marker and the closing delimiter.
    func atTrimmedClose(_ index: Int) -> Bool {
        index + 1 < bytes.count && Self.isSpace(bytes[index]) && bytes[index + 1] == UInt8(ascii: "-")
            && starts(with: Self.close, at: index + 2)
    }

    func problem(_ kind: DataTemplate.Problem.Kind, at offset: Int) -> DataTemplate.Problem {
        DataTemplate.Problem(kind, offset: offset, in: text)
    }

    /// The action's text from `start` to `end` for a message: on one line, shortened when long.
    func quoted(_ start: Int, _ end: Int) -> String {
        var action = String(decoding: bytes[start..<min(end, bytes.count)], as: UTF8.self)
        action = String(action.map { $0.isNewline ? " " : $0 })
        if action.count > Self.longestQuoted { action = String(action.prefix(Self.longestQuoted)) + "…" }
        return action
    }

    mutating func flushText() {
        if !pendingText.isEmpty { pieces.append(.text(pendingText)) }
        pendingText = []
    }

    mutating func parse() throws(DataTemplate.Problem) -> [DataTemplate.Piece] {
        while position < bytes.count {
            guard let start = firstIndex(of: Self.open, from: position) else {
                pendingText.append(contentsOf: bytes[position...])
                break
            }
            pendingText.append(contentsOf: bytes[position..<start])
            try action(at: start)
        }
        flushText()
        return pieces
    }

    /// Reads the action that starts with `{{` at `start`, and moves past it and any white space its
    /// closing trim marker removes.
    mutating func action(at start: Int) throws(DataTemplate.Problem) {
        var index = start + 2
        if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "-"), Self.isSpace(bytes[index + 1]) {
            while let last = pendingText.last, Self.isSpace(last) { pendingText.removeLast() }
            index += 2
        }
        flushText()
        let end: Int
        let trimsAfter: Bool
        if starts(with: Array("/*".utf8), at: index) {
            guard let commentEnd = firstIndex(of: Array("*/".utf8), from: index + 2) else {
                throw problem(.unclosed(what: "the comment /*"), at: index)
            }
            let after = commentEnd + 2
            if starts(with: Self.close, at: after) {
                (end, trimsAfter) = (after + 2, false)
            } else if atTrimmedClose(after) {
                (end, trimsAfter) = (after + 4, true)
            } else {
                throw problem(
                    .unsupported(action: quoted(start, after), why: "is a comment that does not end right before }}"), at: start)
            }
        } else {
            let (tokens, close, trimmed) = try tokens(from: index, actionStart: start)
            (end, trimsAfter) = (close + (trimmed ? 4 : 2), trimmed)
            pieces.append(try piece(tokens, action: quoted(start, end), at: start))
        }
        position = end
        if trimsAfter {
            while position < bytes.count, Self.isSpace(bytes[position]) { position += 1 }
        }
    }

    /// The tokens from `index` to the action's closing delimiter, where it is, and whether a trim marker
    /// comes before it.
    func tokens(from start: Int, actionStart: Int) throws(DataTemplate.Problem) -> (tokens: [Token], close: Int, trimmed: Bool) {
        var tokens: [Token] = []
        var index = start
        while index < bytes.count {
            if atTrimmedClose(index) { return (tokens, index, true) }
            if starts(with: Self.close, at: index) { return (tokens, index, false) }
            let byte = bytes[index]
            if Self.isSpace(byte) {
                index += 1
            } else if byte == UInt8(ascii: ".") {
                var next = index + 1
                while next < bytes.count, Self.isIdentifier(bytes[next]) { next += 1 }
                tokens.append(next == index + 1 ? .dot : .field(String(decoding: bytes[(index + 1)..<next], as: UTF8.self)))
                index = next
            } else if Self.isIdentifier(byte) {
                var next = index + 1
                while next < bytes.count, Self.isIdentifier(bytes[next]) { next += 1 }
                tokens.append(.identifier(String(decoding: bytes[index..<next], as: UTF8.self)))
                index = next
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "`") {
                let (token, next) = try string(at: index)
                tokens.append(token)
                index = next
            } else {
                tokens.append(.other)
                index += 1
            }
        }
        throw problem(.unclosed(what: "the action {{"), at: actionStart)
    }

    /// The quoted string at `start` (`"…"`, on one line, or `` `…` ``) and the index after it. Escapes are
    /// kept as they are and marked: no Secret key needs one, so a key with one is refused.
    func string(at start: Int) throws(DataTemplate.Problem) -> (Token, Int) {
        let quote = bytes[start]
        var index = start + 1
        var escaped = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == quote {
                return (.string(String(decoding: bytes[(start + 1)..<index], as: UTF8.self), escaped: escaped), index + 1)
            }
            if quote == UInt8(ascii: "\"") {
                if byte == 0x0A { break }
                if byte == UInt8(ascii: "\\") {
                    escaped = true
                    index += 1
                }
            }
            index += 1
        }
        throw problem(.unclosed(what: quote == UInt8(ascii: "`") ? "the raw string `" : "the string \""), at: start)
    }

    /// The piece an action's tokens stand for, or the reason it is refused.
    func piece(_ tokens: [Token], action: String, at start: Int) throws(DataTemplate.Problem) -> DataTemplate.Piece {
        func refuse(_ why: String) -> DataTemplate.Problem { problem(.unsupported(action: action, why: why), at: start) }
        switch (tokens.first, tokens.count) {
        case let (.field(key)?, 1):
            return .field(key)
        case (.identifier("index")?, 3) where tokens[1] == .dot:
            guard case let .string(key, escaped) = tokens[2] else { break }
            if escaped { throw refuse(Self.escapeAdvice) }
            return .index(key)
        case let (.string(text, escaped)?, 1):
            if escaped { throw refuse(Self.escapeAdvice) }
            return .text(Array(text.utf8))
        case (nil, _):
            throw refuse("is empty, which Go's parser refuses too")
        case (.dot?, 1):
            throw refuse("would print every value of the SealedSecret at once")
        default:
            break
        }
        if tokens.count > 1, tokens.allSatisfy({ if case .field = $0 { true } else { false } }) {
            throw refuse("reads a field of a value, which is a string; for a key with a dot write {{ index . \"key\" }}")
        }
        throw refuse("is not one of the actions sealgate renders")
    }
}
