// sealgate · CEL

extension Expr: CustomStringConvertible {
    /// A compact rendering of the structure with calls in prefix form, e.g. `_+_(a, _*_(b, 2))`; for
    /// debugging and tests, not a way back to CEL source.
    public var description: String {
        switch kind {
        case let .literal(literal): literal.description
        case let .identifier(name): name
        case let .select(operand, field, optional): "\(operand).\(optional ? "?" : "")\(field)"
        case let .call(function, target, arguments):
            (target.map { "\($0)." } ?? "") + function + "(" + arguments.map(\.description).joined(separator: ", ") + ")"
        case let .list(elements): "[" + elements.map { ($0.optional ? "?" : "") + $0.value.description }.joined(separator: ", ") + "]"
        case let .map(entries): "{" + entries.map { ($0.optional ? "?" : "") + "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
        case let .message(type, fields):
            type + "{" + fields.map { ($0.optional ? "?" : "") + "\($0.name): \($0.value)" }.joined(separator: ", ") + "}"
        }
    }
}

extension Expr.Literal: CustomStringConvertible {
    /// The literal as CEL source: strings and bytes quoted, with everything but printable ASCII escaped.
    public var description: String {
        switch self {
        case let .int(value): String(value)
        case let .uint(value): "\(value)u"
        case let .double(value): String(value)
        case let .string(value):
            "\""
                + value.unicodeScalars.map {
                    $0.isASCII && $0.value >= 0x20 && $0 != "\"" && $0 != "\\" ? String($0) : "\\u{\(String($0.value, radix: 16))}"
                }.joined() + "\""
        case let .bytes(value): "b\"" + value.map { String(format2: $0) }.joined() + "\""
        case let .bool(value): String(value)
        case .null: "null"
        }
    }
}

extension String {
    /// `\xNN` for one byte.
    fileprivate init(format2 byte: UInt8) {
        let digits = Array("0123456789abcdef")
        self = "\\x" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0xF)])
    }
}
