// sealgate · CEL

import Foundation
import KubeManifest

/// `"…".format([args])`, the formatting of cel-go's strings extension: `%s`, `%d`, `%f`/`%.Nf`, `%e`,
/// `%b`, `%o`, `%x`, `%X` and `%%`, with cel-go's output (`%e` is `1.234500 × 10⁰³`).
struct StringFormatter {
    /// The function's name, as its messages spell it.
    let function: String

    /// The template with each clause replaced by the next argument, formatted.
    func format(_ template: String, arguments: [CELValue]) throws(EvalFailure) -> String {
        var out = ""
        var next = 0
        var scalars = template.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            guard scalar == "%" else {
                out.unicodeScalars.append(scalar)
                continue
            }
            var precision: Int?
            guard var verb = scalars.next() else { throw EvalFailure("\(function)(): the text ends in the middle of a '%' clause") }
            if verb == "%" {
                out += "%"
                continue
            }
            if verb == "." {
                var digits = ""
                while let d = scalars.next() {
                    if d.properties.numericType == .decimal, d.isASCII { digits.unicodeScalars.append(d) } else { verb = d; break }
                }
                guard let p = Int(digits), p <= 100 else {
                    throw EvalFailure("\(function)(): a precision after '%.' must be a number up to 100")
                }
                precision = p
            }
            guard next < arguments.count else {
                throw EvalFailure(
                    "\(function)(): clause %\(verb) has no argument: the list has \(arguments.count) value\(arguments.count == 1 ? "" : "s")"
                )
            }
            let argument = arguments[next]
            next += 1
            out += try clause(verb, precision: precision, argument)
        }
        return out
    }

    private func clause(_ verb: Unicode.Scalar, precision: Int?, _ value: CELValue) throws(EvalFailure) -> String {
        switch verb {
        case "s": return try text(value, nested: false)
        case "d":
            switch value {
            case let .int(i): return String(i)
            case let .uint(u): return String(u)
            case let .double(d) where !d.isFinite: return special(d)
            default: throw EvalFailure("\(function)(): %d needs an integer, not \(value.type.withArticle)")
            }
        case "f", "e":
            let digits = precision ?? 6
            guard case let .double(d) = value else {
                throw EvalFailure("\(function)(): %\(verb) needs a double, not \(value.type.withArticle); convert it with double()")
            }
            if !d.isFinite { return special(d) }
            // cel-go ignores the precision of %e and always writes six digits.
            return verb == "f" ? fixed(d, digits) : scientific(d, 6)
        case "b", "o", "x", "X":
            let radix = verb == "b" ? 2 : (verb == "o" ? 8 : 16)
            switch value {
            case let .int(i): return cased(String(i, radix: radix), verb)
            case let .uint(u): return cased(String(u, radix: radix), verb)
            case let .bool(b) where verb == "b": return b ? "1" : "0"
            case let .string(s) where radix == 16: return cased(s.utf8.map { hex($0) }.joined(), verb)
            case let .bytes(b) where radix == 16: return cased(b.map { hex($0) }.joined(), verb)
            default: throw EvalFailure("\(function)(): %\(verb) cannot format \(value.type.withArticle)")
            }
        default:
            throw EvalFailure("\(function)(): unknown clause %\(verb); use %s, %d, %f, %e, %b, %o, %x, %X or %%")
        }
    }

    private func cased(_ s: String, _ verb: Unicode.Scalar) -> String { verb == "X" ? s.uppercased() : s }

    private func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0xF)])
    }

    private func special(_ d: Double) -> String { d.isNaN ? "NaN" : (d < 0 ? "-Infinity" : "Infinity") }

    /// `%s` of a value; inside a list or map, strings are quoted.
    private func text(_ value: CELValue, nested: Bool) throws(EvalFailure) -> String {
        switch value {
        case let .string(s): return nested ? s.celQuoted : s
        case let .int(i): return String(i)
        case let .uint(u): return String(u)
        case let .double(d):
            // At the top level a double prints as Go's %g; inside a list or map, as %f (cel-go's choice).
            if !d.isFinite { return special(d) }
            return nested ? fixed(d, 6) : GoFloat.format(d)
        case let .bool(b): return b ? "true" : "false"
        case .null: return "null"
        case let .bytes(b): return String(decoding: b, as: UTF8.self)
        case let .type(t): return t.name
        case let .timestamp(t): return t.description
        case let .duration(d): return d.description
        case let .opaque(o): return o.description
        case let .list(l):
            var parts: [String] = []
            for element in l { parts.append(try text(element, nested: true)) }
            return "[" + parts.joined(separator: ", ") + "]"
        case let .map(m):
            // cel-go sorts the entries by their formatted keys and writes `key:value`.
            var parts: [(String, String)] = []
            for key in m.keys { parts.append((try text(key.value, nested: true), try text(m[key] ?? .null, nested: true))) }
            return "{" + parts.sorted { $0.0 < $1.0 }.map { "\($0.0):\($0.1)" }.joined(separator: ", ") + "}"
        case let .optional(o):
            guard let o else { return "optional.none()" }
            return "optional.of(\(try text(o, nested: true)))"
        }
    }

    /// `%.Nf` and `%.Ne`: C's printf, like Go's, rounds the exact binary value correctly and writes at
    /// least two exponent digits.
    private func fixed(_ d: Double, _ digits: Int) -> String {
        String(format: "%.\(digits)f", d)
    }

    /// cel-go writes scientific notation with a times sign and a superscript exponent of at least two
    /// digits, between narrow no-break spaces: `1.234500 × 10⁰³`.
    private func scientific(_ d: Double, _ digits: Int) -> String {
        let text = String(format: "%.\(digits)e", d == 0 ? 0 : d)
        guard let e = text.firstIndex(of: "e") else { return text }
        let superscripts: [Character: String] = [
            "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹", "-": "⁻", "+": "",
        ]
        return String(text[..<e]) + "\u{202F}×\u{202F}10" + text[text.index(after: e)...].map { superscripts[$0] ?? String($0) }.joined()
    }
}
