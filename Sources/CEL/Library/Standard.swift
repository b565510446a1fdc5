// sealgate · CEL

import KubeManifest
import KubernetesValues

// The standard definitions of the language definition: size, string tests, type and the conversions.

extension FunctionLibrary {
    /// size, the string tests, type and dyn.
    static var standardFunctions: [FunctionDeclaration] {
        [
            FunctionDeclaration("size") { name in
                [
                    Overload(
                        [StaticType.string, .bytes, .list(.A), .map(.A, .A)].flatMap {
                            [.global($0, returns: .int), .method(on: $0, returns: .int)]
                        },
                        .unary { (value) throws(EvalFailure) in
                            switch value {
                            case let .string(s): .int(Int64(s.scalarCount))
                            case let .bytes(b): .int(Int64(b.count))
                            case let .list(l): .int(Int64(l.count))
                            case let .map(m): .int(Int64(m.count))
                            default: throw .noOverload(name, value)
                            }
                        })
                ]
            },
            FunctionDeclaration("contains") { name in
                [
                    Overload(
                        [.method(on: .string, .string, returns: .bool)],
                        .binary { (s, part) throws(EvalFailure) in
                            let text = try s.string(for: name), needle = try part.string(for: name)
                            guard needle.utf8.count <= text.utf8.count else { return .bool(false) }
                            return .bool(SubstringSearch(Array(needle.utf8)).firstIndex(in: Array(text.utf8)) != nil)
                        })
                ]
            },
            FunctionDeclaration("startsWith") { name in
                [
                    Overload(
                        [.method(on: .string, .string, returns: .bool)],
                        .binary { (s, prefix) throws(EvalFailure) in
                            .bool(try s.string(for: name).utf8.starts(with: try prefix.string(for: name).utf8))
                        })
                ]
            },
            FunctionDeclaration("endsWith") { name in
                [
                    Overload(
                        [.method(on: .string, .string, returns: .bool)],
                        .binary { (s, suffix) throws(EvalFailure) in
                            .bool(try s.string(for: name).utf8.reversed().starts(with: try suffix.string(for: name).utf8.reversed()))
                        })
                ]
            },
            FunctionDeclaration("type") { _ in [Overload([.global(.A, returns: .type)], .unary { value in .type(value.type) })] },
            FunctionDeclaration("dyn") { _ in [Overload([.global(.A, returns: .dyn)], .unary { value in value })] },
        ]
    }

    /// The conversions int, uint, double, string, bytes and bool (timestamp and duration are with the
    /// time functions).
    static var conversions: [FunctionDeclaration] {
        [
            FunctionDeclaration("int") { name in
                [
                    Overload(
                        [StaticType.int, .uint, .double, .string, .timestamp, .duration].map { .global($0, returns: .int) },
                        .unary { (value) throws(EvalFailure) in
                            switch value {
                            case .int: return value
                            case let .uint(u):
                                guard u <= UInt64(Int64.max) else { throw EvalFailure("int(\(u)u) is out of the int range") }
                                return .int(Int64(u))
                            case let .double(d):
                                // cel-go refuses the doubles at the ends of the range, whose conversion is not exact.
                                guard d.isFinite, d > -9.223372036854775e18, d < 9.223372036854775e18 else {
                                    throw EvalFailure("int(\(GoFloat.format(d))) is out of the int range")
                                }
                                return .int(Int64(d.rounded(.towardZero)))
                            case let .string(s):
                                guard let i = Int64(s, radix: 10) else { throw EvalFailure("int(\(s.celQuoted)): not a base-10 integer") }
                                return .int(i)
                            case let .timestamp(t): return .int(t.seconds)
                            case let .duration(d): return .int(d.nanoseconds)
                            default: throw .noOverload(name, value)
                            }
                        })
                ]
            },
            FunctionDeclaration("uint") { name in
                [
                    Overload(
                        [StaticType.int, .uint, .double, .string].map { .global($0, returns: .uint) },
                        .unary { (value) throws(EvalFailure) in
                            switch value {
                            case .uint: return value
                            case let .int(i):
                                guard i >= 0 else { throw EvalFailure("uint(\(i)) is out of the uint range") }
                                return .uint(UInt64(i))
                            case let .double(d):
                                guard d.isFinite, d > -1, d < 1.8446744073709552e19 else {
                                    throw EvalFailure("uint(\(GoFloat.format(d))) is out of the uint range")
                                }
                                return .uint(UInt64(d.rounded(.towardZero)))
                            case let .string(s):
                                guard let u = UInt64(s, radix: 10) else {
                                    throw EvalFailure("uint(\(s.celQuoted)): not a base-10 unsigned integer")
                                }
                                return .uint(u)
                            default: throw .noOverload(name, value)
                            }
                        })
                ]
            },
            FunctionDeclaration("double") { name in
                [
                    Overload(
                        [StaticType.int, .uint, .double, .string].map { .global($0, returns: .double) },
                        .unary { (value) throws(EvalFailure) in
                            switch value {
                            case .double: return value
                            case let .int(i): return .double(Double(i))
                            case let .uint(u): return .double(Double(u))
                            case let .string(s):
                                guard let d = Self.parseDouble(s) else { throw EvalFailure("double(\(s.celQuoted)): not a number") }
                                return .double(d)
                            default: throw .noOverload(name, value)
                            }
                        })
                ]
            },
            FunctionDeclaration("string") { name in
                [
                    Overload(
                        [StaticType.int, .uint, .double, .bool, .bytes, .string, .timestamp, .duration, .ip, .cidr].map {
                            .global($0, returns: .string)
                        },
                        .unary { (value) throws(EvalFailure) in
                            switch value {
                            case .string: return value
                            case let .int(i): return .string(String(i))
                            case let .uint(u): return .string(String(u))
                            case let .double(d): return .string(GoFloat.format(d))
                            case let .bool(b): return .string(b ? "true" : "false")
                            case let .bytes(b):
                                guard let s = String(validating: b, as: UTF8.self) else {
                                    throw EvalFailure("string(bytes): the bytes are not valid UTF-8")
                                }
                                return .string(s)
                            case let .timestamp(t): return .string(t.description)
                            case let .duration(d): return .string(d.description)
                            case let .opaque(o) where o is IPAddress || o is CIDR: return .string(o.description)
                            default: throw .noOverload(name, value)
                            }
                        })
                ]
            },
            FunctionDeclaration("bytes") { name in
                [
                    Overload(
                        [StaticType.bytes, .string].map { .global($0, returns: .bytes) },
                        .unary { (value) throws(EvalFailure) in
                            switch value {
                            case .bytes: value
                            case let .string(s): .bytes(Array(s.utf8))
                            default: throw .noOverload(name, value)
                            }
                        })
                ]
            },
            FunctionDeclaration("bool") { name in
                [
                    Overload(
                        [StaticType.bool, .string].map { .global($0, returns: .bool) },
                        .unary { (value) throws(EvalFailure) in
                            switch value {
                            case .bool: return value
                            case let .string(s):
                                // Go's strconv.ParseBool, as cel-go uses it.
                                switch s {
                                case "1", "t", "T", "true", "TRUE", "True": return .bool(true)
                                case "0", "f", "F", "false", "FALSE", "False": return .bool(false)
                                default: throw EvalFailure("bool(\(s.celQuoted)): not a boolean; use \"true\" or \"false\"")
                                }
                            default: throw .noOverload(name, value)
                            }
                        })
                ]
            },
        ]
    }

    /// A double as Go's strconv.ParseFloat reads one: decimal or exponent notation, `Inf`, `NaN`.
    static func parseDouble(_ s: String) -> Double? {
        guard !s.isEmpty, !s.contains(where: { $0 == " " || $0 == "_" }) else { return nil }
        if s.lowercased().hasPrefix("0x") || s.lowercased().hasPrefix("-0x") || s.lowercased().hasPrefix("+0x") { return nil }
        return Double(s)
    }
}

extension String {
    /// The number of Unicode scalars (CEL's string size): the UTF-8 bytes that do not continue a
    /// sequence, counted eight at a time. Policies take the size of long values (sealed secrets).
    var scalarCount: Int {
        var copy = self
        return copy.withUTF8 { bytes in
            var count = 0
            var index = 0
            bytes.withUnsafeBytes { raw in
                while index + 8 <= bytes.count {
                    let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                    // A continuation byte is 10xxxxxx: bit 7 set and bit 6 clear.
                    let continuation = word & ~(word << 1) & 0x8080_8080_8080_8080
                    count += 8 - continuation.nonzeroBitCount
                    index += 8
                }
            }
            while index < bytes.count {
                if bytes[index] & 0xC0 != 0x80 { count += 1 }
                index += 1
            }
            return count
        }
    }
}
