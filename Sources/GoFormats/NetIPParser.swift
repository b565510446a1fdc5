// sealgate · GoFormats

/// Go's net/netip `ParseAddr`, over the string's UTF-8 bytes, with netip's error messages.
public enum NetIPParser {
    /// A parsed address: its bits (IPv4 in the low 32), its family, and its zone (bytes after `%`).
    public struct Address {
        /// The address bits: all 128 for IPv6; for IPv4, the 32 address bits in the low end.
        public var value: UInt128
        /// Whether the text was dotted-decimal IPv4.
        public var isIPv4: Bool
        /// The zone after `%` (IPv6 only); empty when there is none.
        public var zone: ArraySlice<UInt8>

        /// Whether this is an IPv6 address of the form `::ffff:a.b.c.d`.
        public var isIPv4MappedIPv6: Bool { !isIPv4 && value >> 32 == 0xFFFF }
    }

    /// A netip parse error, already worded as Go's `Error()` is.
    public struct Failure: Error {
        /// The whole message: `ParseAddr("<input>"): <detail>`, then ` (at "<rest>")` when there is a rest.
        public var message: String

        /// netip's `parseAddrError{in: input, msg: detail, at: rest}`, worded.
        init(_ input: ArraySlice<UInt8>, _ detail: String, at rest: ArraySlice<UInt8>? = nil) {
            var text = "ParseAddr(" + GoQuote.quote(input) + "): " + detail
            if let rest, !rest.isEmpty {
                text += " (at " + GoQuote.quote(rest) + ")"
            }
            message = text
        }
    }

    private static let dot = UInt8(ascii: ".")
    private static let colon = UInt8(ascii: ":")
    private static let percent = UInt8(ascii: "%")

    /// Dispatches on the first `.`, `:` or `%`, as netip does.
    public static func parseAddress(_ input: some Collection<UInt8>) throws(Failure) -> Address {
        let bytes = ArraySlice(input)
        for byte in bytes {
            switch byte {
            case dot:
                return Address(value: UInt128(try ipv4(bytes, bytes)), isIPv4: true, zone: [])
            case colon:
                return try ipv6(bytes)
            case percent:
                throw Failure(bytes, "missing IPv6 address")
            default:
                continue
            }
        }
        throw Failure(bytes, "unable to parse IP")
    }

    /// Dotted decimal `part`, errors naming the whole `input` it came from.
    private static func ipv4(_ part: ArraySlice<UInt8>, _ input: ArraySlice<UInt8>) throws(Failure) -> UInt32 {
        var fields: UInt32 = 0
        var value = 0
        var position = 0
        var digitCount = 0
        for index in part.indices {
            let byte = part[index]
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                if digitCount == 1 && value == 0 {
                    throw Failure(input, "IPv4 field has octet with leading zero")
                }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                digitCount += 1
                if value > 255 {
                    throw Failure(input, "IPv4 field has value >255")
                }
            } else if byte == dot {
                if index == part.startIndex || index == part.endIndex - 1 || part[index - 1] == dot {
                    throw Failure(input, "IPv4 field must have at least one digit", at: part[index...])
                }
                if position == 3 {
                    throw Failure(input, "IPv4 address too long")
                }
                fields = fields << 8 | UInt32(value)
                position += 1
                value = 0
                digitCount = 0
            } else {
                throw Failure(input, "unexpected character", at: part[index...])
            }
        }
        if position < 3 {
            throw Failure(input, "IPv4 address too short")
        }
        return fields << 8 | UInt32(value)
    }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    private static func ipv6(_ input: ArraySlice<UInt8>) throws(Failure) -> Address {
        var rest = input
        var zone: ArraySlice<UInt8> = []
        if let split = input.firstIndex(of: percent) {
            rest = input[..<split]
            zone = input[(split + 1)...]
            if zone.isEmpty {
                throw Failure(input, "zone must be a non-empty string")
            }
        }

        var address = [UInt8](repeating: 0, count: 16)
        var ellipsis = -1
        if rest.count >= 2 && rest[rest.startIndex] == colon && rest[rest.startIndex + 1] == colon {
            ellipsis = 0
            rest = rest.dropFirst(2)
            if rest.isEmpty {
                return Address(value: 0, isIPv4: false, zone: zone)
            }
        }

        var filled = 0
        while filled < 16 {
            var length = 0
            var group: UInt32 = 0
            while length < rest.count, let digit = hexValue(rest[rest.startIndex + length]) {
                group = group << 4 + digit
                if length > 3 {
                    throw Failure(input, "each group must have 4 or less digits", at: rest)
                }
                if group > 0xFFFF {
                    throw Failure(input, "IPv6 field has value >=2^16", at: rest)
                }
                length += 1
            }
            if length == 0 {
                throw Failure(input, "each colon-separated field must have at least one digit", at: rest)
            }

            if length < rest.count && rest[rest.startIndex + length] == dot {
                if ellipsis < 0 && filled != 12 {
                    throw Failure(input, "embedded IPv4 address must replace the final 2 fields of the address", at: rest)
                }
                if filled + 4 > 16 {
                    throw Failure(input, "too many hex fields to fit an embedded IPv4 at the end of the address", at: rest)
                }
                let embedded = try ipv4(rest, input)
                for offset in 0..<4 {
                    address[filled + offset] = UInt8(truncatingIfNeeded: embedded >> UInt32(8 * (3 - offset)))
                }
                rest = []
                filled += 4
                break
            }

            address[filled] = UInt8(group >> 8)
            address[filled + 1] = UInt8(truncatingIfNeeded: group)
            filled += 2

            rest = rest.dropFirst(length)
            if rest.isEmpty { break }
            if rest.first != colon {
                throw Failure(input, "unexpected character, want colon", at: rest)
            }
            if rest.count == 1 {
                throw Failure(input, "colon must be followed by more characters", at: rest)
            }
            rest = rest.dropFirst()
            if rest.first == colon {
                if ellipsis >= 0 {
                    throw Failure(input, "multiple :: in address", at: rest)
                }
                ellipsis = filled
                rest = rest.dropFirst()
                if rest.isEmpty { break }
            }
        }

        if !rest.isEmpty {
            throw Failure(input, "trailing garbage after address", at: rest)
        }
        if filled < 16 {
            if ellipsis < 0 {
                throw Failure(input, "address string too short")
            }
            let gap = 16 - filled
            for index in stride(from: filled - 1, through: ellipsis, by: -1) {
                address[index + gap] = address[index]
            }
            for index in ellipsis..<(ellipsis + gap) {
                address[index] = 0
            }
        } else if ellipsis >= 0 {
            throw Failure(input, "the :: must expand to at least one field of zeros")
        }
        let value = address.reduce(UInt128(0)) { $0 << 8 | UInt128($1) }
        return Address(value: value, isIPv4: false, zone: zone)
    }
}
