// sealgate · KubeManifest

/// Decides what a YAML scalar means, the way `kubectl` reads YAML (go-yaml v2 under sigs.k8s.io/yaml):
/// YAML 1.1 rules for plain scalars; quoted scalars are always strings.
///
/// - `~`, `null`, `Null`, `NULL` and the empty scalar are null.
/// - `y`, `yes`, `true`, `on` and `n`, `no`, `false`, `off` (each in lower, capitalised and upper case)
///   are booleans.
/// - Integers: decimal with an optional sign, `0x` hex, `0o` or leading-`0` octal, `0b` binary; `_` between
///   digits is ignored. Integers beyond 64 bits become doubles, as JSON would read them.
/// - Doubles: `1.5`, `.5`, `1e3`, `1.`, `.inf`, `-.inf`, `.nan`.
/// - Everything else, timestamps included, is a string (kubectl keeps timestamps as strings).
public enum ScalarResolver {
    /// What a plain (unquoted, untagged) scalar means.
    public static func resolvePlain(_ text: String) -> Value {
        var copy = text
        return copy.withUTF8 { resolvePlain(bytes: $0) } ?? .string(text)
    }

    /// Whether `text`, written as a plain scalar, would read back as something other than this string.
    public static func isAmbiguousAsPlain(_ text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { resolvePlain(bytes: $0) != nil }
    }

    /// Resolves the bytes of a plain scalar.
    ///
    /// - Returns: the non-string value the scalar denotes, or `nil` when it is a string (so that the caller
    ///   builds the string only when it needs it).
    static func resolvePlain(bytes: UnsafeBufferPointer<UInt8>) -> Value? {
        guard let first = bytes.first else { return .null }
        switch first {
        case UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: "n"), UInt8(ascii: "N"),
            UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"),
            UInt8(ascii: "o"), UInt8(ascii: "O"), UInt8(ascii: "~"):
            return keyword(bytes)
        case UInt8(ascii: "."):
            if let special = keyword(bytes) { return special }
            return matchesFloatSyntax(bytes) ? parseDouble(bytes) : nil
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            if bytes.count > 1, bytes[1] == UInt8(ascii: "."), let special = keyword(bytes) { return special }
            return number(bytes)
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            return number(bytes)
        default:
            return nil
        }
    }

    /// What an explicitly tagged scalar means.
    enum TaggedResult: Equatable {
        /// The tag fixed the value.
        case value(Value)
        /// A core tag (`!!int`, `!!bool`, …) whose text is not of that type.
        case mismatch
        /// An application tag (`!Ref`, `!!set`); go-yaml keeps such a scalar's text as a string.
        case applicationTag
    }

    /// Resolves a scalar that carries an explicit tag (`!!int 5`, `!!str yes`, `!!int "5"`).
    static func resolve(tagged text: String, tag: String) -> TaggedResult {
        let short = tag.hasPrefix("tag:yaml.org,2002:") ? String(tag.dropFirst("tag:yaml.org,2002:".count)) : tag
        switch short {
        case "str", "binary", "timestamp", "!":
            return .value(.string(text))
        case "int":
            let resolved = resolvePlain(text)
            if case .int = resolved { return .value(resolved) }
            return .mismatch
        case "float":
            switch resolvePlain(text) {
            case let .int(i): return .value(.double(Double(i)))
            case let .double(d): return .value(.double(d))
            default: return .mismatch
            }
        case "bool":
            let resolved = resolvePlain(text)
            if case .bool = resolved { return .value(resolved) }
            return .mismatch
        case "null":
            let resolved = resolvePlain(text)
            if case .null = resolved { return .value(resolved) }
            return .mismatch
        default:
            return .applicationTag
        }
    }

    // MARK: - Keywords

    /// The keywords, keyed by their bytes packed into an integer, so the check on every plain scalar that
    /// starts like one (`name`, `namespace`, `template`, …) costs one hash lookup and no allocation.
    private static let keywords: [UInt64: Value] = {
        let spellings: [(Value, [String])] = [
            (.bool(true), ["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"]),
            (.bool(false), ["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"]),
            (.null, ["~", "null", "Null", "NULL"]),
            (.double(.nan), [".nan", ".NaN", ".NAN"]),
            (.double(.infinity), [".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"]),
            (.double(-.infinity), ["-.inf", "-.Inf", "-.INF"]),
        ]
        var table: [UInt64: Value] = [:]
        for (value, words) in spellings {
            for word in words {
                let bytes = Array(word.utf8)
                table[bytes.withUnsafeBufferPointer { pack($0)! }] = value
            }
        }
        return table
    }()

    /// Up to seven bytes and their count in one integer; `nil` for longer input (no keyword is that long).
    private static func pack(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64? {
        guard bytes.count <= 7 else { return nil }
        var packed = UInt64(bytes.count) << 56
        for (i, byte) in bytes.enumerated() { packed |= UInt64(byte) << (8 * UInt64(i)) }
        return packed
    }

    private static func keyword(_ bytes: UnsafeBufferPointer<UInt8>) -> Value? {
        guard let packed = pack(bytes) else { return nil }
        return keywords[packed]
    }

    // MARK: - Numbers

    /// Integers in any base, then doubles; `_` between digits is dropped first.
    private static func number(_ raw: UnsafeBufferPointer<UInt8>) -> Value? {
        // Scalars of Kubernetes manifests are short; a long digit string is at most a double.
        if raw.contains(UInt8(ascii: "_")) {
            let cleaned = raw.filter { $0 != UInt8(ascii: "_") }
            return cleaned.withUnsafeBufferPointer { numberWithoutUnderscores($0) }
        }
        return numberWithoutUnderscores(raw)
    }

    private static func numberWithoutUnderscores(_ bytes: UnsafeBufferPointer<UInt8>) -> Value? {
        if let integer = integer(bytes) { return integer }
        return matchesFloatSyntax(bytes) ? parseDouble(bytes) : nil
    }

    /// Parses Go's `strconv.ParseInt(s, 0, 64)` syntax, then `ParseUint`'s: a sign, then `0x`, `0o`, `0b`
    /// or a leading `0` for octal, else decimal.
    ///
    /// - Returns: an `.int`; a `.double` for a positive value that needs all 64 unsigned bits (go-yaml makes
    ///   it a `uint64`, which JSON, and so Kubernetes, reads as a double); `nil` when this is not an integer,
    ///   so the caller tries the double syntax next (as go-yaml does for `08` or a 30-digit number).
    private static func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> Value? {
        var i = 0
        var negative = false
        if bytes[0] == UInt8(ascii: "+") || bytes[0] == UInt8(ascii: "-") {
            negative = bytes[0] == UInt8(ascii: "-")
            i = 1
        }
        guard i < bytes.count else { return nil }
        var base: UInt64 = 10
        if bytes[i] == UInt8(ascii: "0"), i + 1 < bytes.count {
            switch bytes[i + 1] | 0x20 {
            case UInt8(ascii: "x"): base = 16; i += 2
            case UInt8(ascii: "o"): base = 8; i += 2
            case UInt8(ascii: "b"): base = 2; i += 2
            default: base = 8; i += 1
            }
            guard i < bytes.count else { return nil }
        }
        var magnitude: UInt64 = 0
        while i < bytes.count {
            let c = bytes[i]
            let digit: UInt64
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt64(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt64(c - UInt8(ascii: "A") + 10)
            default: return nil
            }
            guard digit < base else { return nil }
            let (shifted, o1) = magnitude.multipliedReportingOverflow(by: base)
            let (sum, o2) = shifted.addingReportingOverflow(digit)
            guard !o1, !o2 else { return nil }
            magnitude = sum
            i += 1
        }
        if negative {
            if magnitude <= UInt64(Int64.max) { return .int(-Int64(magnitude)) }
            return magnitude == UInt64(Int64.max) + 1 ? .int(.min) : nil
        }
        if magnitude <= UInt64(Int64.max) { return .int(Int64(magnitude)) }
        return .double(Double(magnitude))
    }

    /// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`, go-yaml's float syntax.
    private static func matchesFloatSyntax(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = bytes.count
        func digits() -> Int {
            let start = i
            while i < n, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") { i += 1 }
            return i - start
        }
        if i < n, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
        if i < n, bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard digits() > 0 else { return false }
        } else {
            guard digits() > 0 else { return false }
            if i < n, bytes[i] == UInt8(ascii: ".") {
                i += 1
                _ = digits()
            }
        }
        if i < n, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < n, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard digits() > 0 else { return false }
        }
        return i == n
    }

    private static func parseDouble(_ bytes: UnsafeBufferPointer<UInt8>) -> Value? {
        // Swift's parser wants a digit before the point; the YAML syntax allows ".5" and "1.".
        var text = String(decoding: bytes, as: UTF8.self)
        if let dot = text.firstIndex(of: "."), dot == text.startIndex || !text[text.index(before: dot)].isNumber {
            text.insert("0", at: dot)
        }
        return Double(text).map { .double($0) }
    }
}
