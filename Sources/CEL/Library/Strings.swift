// sealgate · CEL

// The extended string functions Kubernetes enables (cel-go's strings extension). Indexes count Unicode
// code points, as CEL's size() does.

extension FunctionLibrary {
    /// The strings extension, with the list forms of `indexOf`, `lastIndexOf` and `reverse`.
    static var stringFunctions: [FunctionDeclaration] {
        [false, true].map { last in
            FunctionDeclaration(last ? "lastIndexOf" : "indexOf", cost: CostModel.comparingElements) { name in
                [
                    Overload(
                        [.method(on: .string, .string, returns: .int), .method(on: .list(.A), .A, returns: .int)],
                        .binary { (s, part) throws(EvalFailure) in
                            if case let .list(list) = s {
                                let found = last ? list.lastIndex { $0.celEquals(part) } : list.firstIndex { $0.celEquals(part) }
                                return .int(found.map { Int64($0) } ?? -1)
                            }
                            return .int(try Self.indexOf(name, s, part, from: nil, last: last))
                        }),
                    Overload(
                        [.method(on: .string, .string, .int, returns: .int)],
                        .ternary { (s, part, from) throws(EvalFailure) in
                            .int(try Self.indexOf(name, s, part, from: try from.int(for: name), last: last))
                        }),
                ]
            }
        } + [
            FunctionDeclaration("charAt", cost: CostModel.copying) { name in
                [
                    Overload(
                        [.method(on: .string, .int, returns: .string)],
                        .binary { (s, index) throws(EvalFailure) in
                            let scalars = Array(try s.string(for: name).unicodeScalars)
                            let i = try index.int(for: name)
                            guard i >= 0, i <= scalars.count else { throw EvalFailure("\(name)(): index out of range: \(i)") }
                            return .string(i == scalars.count ? "" : String(scalars[Int(i)]))
                        })
                ]
            },
            FunctionDeclaration("lowerAscii", cost: CostModel.copying) { name in
                [
                    Overload(
                        [.method(on: .string, returns: .string)],
                        .unary { (s) throws(EvalFailure) in
                            .string(Self.mapASCII(try s.string(for: name)) { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 })
                        })
                ]
            },
            FunctionDeclaration("upperAscii", cost: CostModel.copying) { name in
                [
                    Overload(
                        [.method(on: .string, returns: .string)],
                        .unary { (s) throws(EvalFailure) in
                            .string(Self.mapASCII(try s.string(for: name)) { $0 >= 0x61 && $0 <= 0x7A ? $0 - 32 : $0 })
                        })
                ]
            },
            FunctionDeclaration("replace", cost: CostModel.replacing) { name in
                [
                    Overload(
                        [.method(on: .string, .string, .string, returns: .string)],
                        .ternary { (s, old, new) throws(EvalFailure) in
                            .string(Self.replace(try s.string(for: name), try old.string(for: name), try new.string(for: name), limit: -1))
                        }),
                    Overload(
                        [.method(on: .string, .string, .string, .int, returns: .string)],
                        .variadic(4) { (values) throws(EvalFailure) in
                            .string(
                                Self.replace(
                                    try values[0].string(for: name), try values[1].string(for: name), try values[2].string(for: name),
                                    limit: try values[3].int(for: name)))
                        }),
                ]
            },
            FunctionDeclaration("split", cost: CostModel.splitting) { name in
                [
                    Overload(
                        [.method(on: .string, .string, returns: .list(.string))],
                        .binary { (s, separator) throws(EvalFailure) in
                            .list(
                                CELList(
                                    Self.split(try s.string(for: name), try separator.string(for: name), limit: -1).map(CELValue.string)))
                        }),
                    Overload(
                        [.method(on: .string, .string, .int, returns: .list(.string))],
                        .ternary { (s, separator, limit) throws(EvalFailure) in
                            .list(
                                CELList(
                                    Self.split(try s.string(for: name), try separator.string(for: name), limit: try limit.int(for: name))
                                        .map(CELValue.string)))
                        }),
                ]
            },
            FunctionDeclaration("substring", cost: CostModel.copying) { name in
                [
                    Overload(
                        [.method(on: .string, .int, returns: .string)],
                        .binary { (s, start) throws(EvalFailure) in
                            let scalars = Array(try s.string(for: name).unicodeScalars)
                            let from = try start.int(for: name)
                            guard from >= 0, from <= scalars.count else { throw EvalFailure("\(name)(): index out of range: \(from)") }
                            return .string(try Self.substring(scalars, from, Int64(scalars.count)))
                        }),
                    Overload(
                        [.method(on: .string, .int, .int, returns: .string)],
                        .ternary { (s, start, end) throws(EvalFailure) in
                            .string(
                                try Self.substring(
                                    Array(try s.string(for: name).unicodeScalars), try start.int(for: name), try end.int(for: name)))
                        }),
                ]
            },
            FunctionDeclaration("trim", cost: CostModel.copying) { name in
                [
                    Overload(
                        [.method(on: .string, returns: .string)],
                        .unary { (s) throws(EvalFailure) in
                            let scalars = try s.string(for: name).unicodeScalars
                            guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
                                let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
                            else { return .string("") }
                            return .string(String(scalars[first...last]))
                        })
                ]
            },
            FunctionDeclaration("join", cost: CostModel.joining) { name in
                [
                    Overload(
                        [.method(on: .list(.string), returns: .string)],
                        .unary { (list) throws(EvalFailure) in
                            .string(try Self.join(name, list, separator: ""))
                        }),
                    Overload(
                        [.method(on: .list(.string), .string, returns: .string)],
                        .binary { (list, separator) throws(EvalFailure) in
                            .string(try Self.join(name, list, separator: try separator.string(for: name)))
                        }),
                ]
            },
            FunctionDeclaration("strings.quote", cost: CostModel.copying) { name in
                [
                    Overload(
                        [.global(.string, returns: .string)],
                        .unary { (s) throws(EvalFailure) in .string(Self.quote(try s.string(for: name))) })
                ]
            },
            FunctionDeclaration("reverse", cost: CostModel.copying) { name in
                [
                    Overload(
                        [.method(on: .string, returns: .string), .method(on: .list(.A), returns: .list(.A))],
                        .unary { (s) throws(EvalFailure) in
                            if case let .list(list) = s { return .list(CELList(list.values.reversed())) }
                            var out = String.UnicodeScalarView()
                            out.append(contentsOf: try s.string(for: name).unicodeScalars.reversed())
                            return .string(String(out))
                        })
                ]
            },
            FunctionDeclaration("format", cost: CostModel.formatting) { name in
                let formatter = StringFormatter(function: name)
                return [
                    Overload(
                        [.method(on: .string, .list(.A), returns: .string)],
                        .binary { (s, arguments) throws(EvalFailure) in
                            .string(try formatter.format(try s.string(for: name), arguments: try arguments.list(for: name).values))
                        })
                ]
            },
        ]
    }

    // MARK: - Helpers

    /// indexOf and lastIndexOf (`name`) with cel-go's rules: a negative offset is an error, an offset at or past
    /// the end finds nothing, and the empty string is found at the offset (clamped to the end).
    static func indexOf(_ name: String, _ s: CELValue, _ part: CELValue, from: Int64?, last: Bool) throws(EvalFailure) -> Int64 {
        let text = Array(try s.string(for: name).unicodeScalars)
        let needle = Array(try part.string(for: name).unicodeScalars)
        let start = from ?? (last ? Int64(text.count) : 0)
        guard start >= 0 else { throw EvalFailure("\(name)(): index out of range: \(start)") }
        if needle.isEmpty { return min(start, Int64(text.count)) }
        if from == nil, last, needle.count <= text.count {
            // Without an offset, lastIndexOf searches the whole string.
        } else if start >= text.count {
            return -1
        }
        guard needle.count <= text.count else { return -1 }
        if last {
            // The latest start allowed, then the first match of the reversed needle in the reversed text.
            let latest = min(Int(min(start, Int64(text.count))), text.count - needle.count)
            let window = Array(text[0..<(latest + needle.count)].reversed())
            if let found = SubstringSearch(Array(needle.reversed())).firstIndex(in: window) {
                return Int64(window.count - found - needle.count)
            }
        } else if let found = SubstringSearch(needle).firstIndex(in: text, from: Int(start)) {
            return Int64(found)
        }
        return -1
    }

    /// The string with each byte mapped by `transform` (which changes only ASCII letters).
    static func mapASCII(_ s: String, _ transform: (UInt8) -> UInt8) -> String {
        String(decoding: s.utf8.map(transform), as: UTF8.self)
    }

    /// Go's strings.Replace: `limit` < 0 replaces every occurrence; an empty `old` matches before each
    /// code point and at the end.
    static func replace(_ s: String, _ old: String, _ new: String, limit: Int64) -> String {
        if limit == 0 { return s }
        var i = 0
        if old.isEmpty {
            var out = String.UnicodeScalarView()
            var replaced: Int64 = 0
            for scalar in s.unicodeScalars {
                if limit < 0 || replaced < limit {
                    out.append(contentsOf: new.unicodeScalars)
                    replaced += 1
                }
                out.append(scalar)
            }
            if limit < 0 || replaced < limit { out.append(contentsOf: new.unicodeScalars) }
            return String(out)
        }
        // UTF-8 is self-synchronising: a whole encoded pattern found in whole encoded text starts and
        // ends on character boundaries, so the bytes can be searched and copied directly.
        let bytes = Array(s.utf8), replacement = Array(new.utf8)
        var result: [UInt8] = []
        for found in SubstringSearch(Array(old.utf8)).occurrences(in: bytes, limit: limit < 0 ? -1 : Int(clamping: limit)) {
            result.append(contentsOf: bytes[i..<found])
            result.append(contentsOf: replacement)
            i = found + old.utf8.count
        }
        result.append(contentsOf: bytes[i...])
        return String(decoding: result, as: UTF8.self)
    }

    /// Go's strings.SplitN: `limit` < 0 splits everywhere, 0 gives no parts, n gives at most n parts; an
    /// empty separator splits between code points.
    static func split(_ s: String, _ separator: String, limit: Int64) -> [String] {
        if limit == 0 { return [] }
        var parts: [String] = []
        if separator.isEmpty {
            let text = Array(s.unicodeScalars)
            func piece(_ range: Range<Int>) -> String {
                var view = String.UnicodeScalarView()
                view.append(contentsOf: text[range])
                return String(view)
            }
            for (n, scalar) in text.enumerated() {
                if limit > 0, parts.count == limit - 1 { parts.append(piece(n..<text.count)); return parts }
                parts.append(String(scalar))
            }
            return parts
        }
        // On the UTF-8 bytes, as replace does.
        let bytes = Array(s.utf8)
        var start = 0
        for found in SubstringSearch(Array(separator.utf8)).occurrences(in: bytes, limit: limit > 0 ? Int(clamping: limit - 1) : -1) {
            parts.append(String(decoding: bytes[start..<found], as: UTF8.self))
            start = found + separator.utf8.count
        }
        parts.append(String(decoding: bytes[start...], as: UTF8.self))
        return parts
    }

    /// The code points from `start` up to `end`, with cel-go's messages for a range that does not fit.
    static func substring(_ scalars: [Unicode.Scalar], _ start: Int64, _ end: Int64) throws(EvalFailure) -> String {
        guard start <= end else { throw EvalFailure("substring(): invalid substring range. start: \(start), end: \(end)") }
        guard start >= 0, start <= scalars.count else { throw EvalFailure("substring(): index out of range: \(start)") }
        guard end >= 0, end <= scalars.count else { throw EvalFailure("substring(): index out of range: \(end)") }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[Int(start)..<Int(end)])
        return String(view)
    }

    /// The strings of a list with `separator` between them; anything but a string in the list is an error.
    static func join(_ name: String, _ list: CELValue, separator: String) throws(EvalFailure) -> String {
        var parts: [String] = []
        for element in try list.list(for: name) {
            guard case let .string(s) = element else {
                throw EvalFailure("\(name)() needs a list of strings; it holds \(element.type.withArticle)")
            }
            parts.append(s)
        }
        return parts.joined(separator: separator)
    }

    /// strings.quote: double quotes around the text, with backslash escapes for quotes, backslashes and
    /// control characters.
    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\u{07}": out += "\\a"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{0B}": out += "\\v"
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
