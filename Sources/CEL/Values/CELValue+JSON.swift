// sealgate · CEL

import Foundation
import KubeManifest

extension CELValue {
    /// The value as one line of JSON, as `sealgate cel` prints results: numbers as numbers (a double always
    /// with a point or an exponent, `2.0`), bytes as base64,
    /// timestamps in RFC 3339, durations like `"1.5s"`, types by name, library values (quantities, IP
    /// addresses, URLs) as their strings, an optional as its value or `null`. Map keys become strings.
    /// JSON has no NaN or infinity: those doubles are written as the strings `"NaN"`, `"Infinity"` and
    /// `"-Infinity"`, as protocol buffers' JSON mapping does.
    public var jsonText: String {
        var out = ""
        writeJSON(to: &out)
        return out
    }

    private func writeJSON(to out: inout String) {
        switch self {
        case .null: out += "null"
        case let .bool(b): out += b ? "true" : "false"
        case let .int(i): out += String(i)
        case let .uint(u): out += String(u)
        case let .double(d):
            if d.isNaN {
                out += "\"NaN\""
            } else if d.isInfinite {
                out += d < 0 ? "\"-Infinity\"" : "\"Infinity\""
            } else {
                out += (try? JSONEmitter.emit(Node(.double(d)), pretty: false)) ?? GoFloat.format(d)
            }
        case let .string(s): out += JSONEmitter.quote(s)
        case let .bytes(b): out += "\"" + Data(b).base64EncodedString() + "\""
        case let .list(list):
            out += "["
            for (i, element) in list.enumerated() {
                if i > 0 { out += "," }
                element.writeJSON(to: &out)
            }
            out += "]"
        case let .map(map):
            out += "{"
            for (i, key) in map.keys.enumerated() {
                if i > 0 { out += "," }
                switch key {
                case let .string(s): out += JSONEmitter.quote(s)
                case let .int(n): out += "\"\(n)\""
                case let .uint(n): out += "\"\(n)\""
                case let .bool(b): out += b ? "\"true\"" : "\"false\""
                }
                out += ":"
                (map[key] ?? .null).writeJSON(to: &out)
            }
            out += "}"
        case let .type(t): out += JSONEmitter.quote(t.name)
        case let .timestamp(t): out += JSONEmitter.quote(t.description)
        case let .duration(d): out += JSONEmitter.quote(d.description)
        case let .optional(o): if let o { o.writeJSON(to: &out) } else { out += "null" }
        case let .opaque(o): out += JSONEmitter.quote(o.description)
        }
    }
}
