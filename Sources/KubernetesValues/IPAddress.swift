// sealgate · KubernetesValues

import GoFormats

// Values for Kubernetes' CEL network libraries: `ip()` / `isIP()` / `ip.isCanonical()` (`net.IP`) and
// `cidr()` / `isCIDR()` (`net.CIDR`).
//
// Kubernetes builds these on Go's net/netip (`ParseAddr`, `ParsePrefix`, `Addr.String`, the `Addr.Is*`
// predicates, `Prefix.Contains`, `Prefix.Masked`) and adds rules of its own: zones and IPv4-mapped IPv6
// addresses are refused. Parsing here follows netip byte for byte, and every error message is worded as
// Kubernetes' runtime error is, netip's own message included.

/// An IPv4 or IPv6 address, as Kubernetes' CEL `ip()` makes one (`net.IP`).
///
/// Never zoned and never an IPv4-mapped IPv6 address: `ip()` refuses both. An IPv4 address and the IPv6
/// address that embeds the same 32 bits (`1.2.3.4` and `::1.2.3.4`) are different values, as in netip.
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// Why a string is not an address `ip()` accepts, in Kubernetes' words.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        /// The error text, as Kubernetes' runtime error reads.
        public var message: String
        /// The message, as a user reads it.
        public var description: String { message }
    }

    /// The address bits: all 128 for IPv6; for IPv4, the 32 address bits in the low end.
    public let value: UInt128
    /// Whether this is an IPv4 address.
    public let isIPv4: Bool

    /// The IPv4 address with these 32 bits (`0x7F000001` is 127.0.0.1).
    public init(ipv4 bits: UInt32) {
        value = UInt128(bits)
        isIPv4 = true
    }

    /// The IPv6 address with these 128 bits.
    ///
    /// Kubernetes never makes an IPv4-mapped address (`::ffff:a.b.c.d`); one built here from raw bits
    /// prints and answers the predicates as netip would (see ``isIPv4MappedIPv6``).
    public init(ipv6 bits: UInt128) {
        value = bits
        isIPv4 = false
    }

    /// Parses `text` as Kubernetes' CEL `ip(text)` does: netip's `ParseAddr`, then refusing a zone and an
    /// IPv4-mapped IPv6 address.
    public init(parsing text: String) throws(ParseError) {
        let bytes = Array(text.utf8)
        let parsed: NetIPParser.Address
        do {
            parsed = try NetIPParser.parseAddress(bytes)
        } catch {
            throw ParseError(
                message: "IP Address \(GoQuote.quote(bytes)) parse error during conversion from string: \(error.message)")
        }
        if !parsed.zone.isEmpty {
            throw ParseError(message: "IP address \(GoQuote.quote(bytes)) with zone value is not allowed")
        }
        if parsed.isIPv4MappedIPv6 {
            throw ParseError(message: "IPv4-mapped IPv6 address \(GoQuote.quote(bytes)) is not allowed")
        }
        self.init(bits: parsed.value, isIPv4: parsed.isIPv4)
    }

    private init(bits: UInt128, isIPv4: Bool) {
        value = bits
        self.isIPv4 = isIPv4
    }

    /// `isIP(text)`: whether `ip(text)` would succeed.
    public static func isValid(_ text: String) -> Bool {
        (try? IPAddress(parsing: text)) != nil
    }

    /// `ip.isCanonical(text)`: whether `text` is already the address's canonical spelling. Throws what
    /// `ip(text)` throws when `text` is no address.
    public static func isCanonical(_ text: String) throws(ParseError) -> Bool {
        try IPAddress(parsing: text).description == text
    }

    /// `family()`: 4 or 6.
    public var family: Int { isIPv4 ? 4 : 6 }

    /// The number of bits in an address of this family: 32 or 128.
    public var bitWidth: Int { isIPv4 ? 32 : 128 }

    /// The first 16-bit group of the IPv6 address (meaningless for IPv4).
    private var firstGroup: UInt16 { UInt16(truncatingIfNeeded: value >> 112) }

    /// The `index`th octet of an IPv4 address, 0 being the leftmost.
    private func octet(_ index: Int) -> UInt8 {
        UInt8(truncatingIfNeeded: value >> UInt128(8 * (3 - index)))
    }

    /// Whether this is an IPv6 address in `::ffff:0:0/96`. Always false for a parsed address.
    public var isIPv4MappedIPv6: Bool {
        !isIPv4 && value >> 32 == 0xFFFF
    }

    /// The address the predicates judge: an IPv4-mapped address as its IPv4 address, as netip does.
    private var unmapped: IPAddress {
        isIPv4MappedIPv6 ? IPAddress(ipv4: UInt32(truncatingIfNeeded: value)) : self
    }

    /// `isUnspecified()`: `0.0.0.0` or `::`.
    public var isUnspecified: Bool { value == 0 }

    /// `isLoopback()`: `127.0.0.0/8` or `::1`.
    public var isLoopback: Bool {
        let ip = unmapped
        return ip.isIPv4 ? ip.octet(0) == 127 : ip.value == 1
    }

    /// netip's `IsMulticast`: `224.0.0.0/4` or `ff00::/8`.
    public var isMulticast: Bool {
        let ip = unmapped
        return ip.isIPv4 ? ip.octet(0) & 0xF0 == 0xE0 : ip.value >> 120 == 0xFF
    }

    /// `isLinkLocalMulticast()`: `224.0.0.0/24`, or an IPv6 multicast address of link-local scope
    /// (`ffX2::/16`, any flags X).
    public var isLinkLocalMulticast: Bool {
        let ip = unmapped
        return ip.isIPv4 ? ip.value >> 8 == 0xE0_0000 : ip.firstGroup & 0xFF0F == 0xFF02
    }

    /// `isLinkLocalUnicast()`: `169.254.0.0/16` or `fe80::/10`.
    public var isLinkLocalUnicast: Bool {
        let ip = unmapped
        return ip.isIPv4 ? ip.value >> 16 == 0xA9FE : ip.firstGroup & 0xFFC0 == 0xFE80
    }

    /// `isGlobalUnicast()`, netip's definition: not unspecified, not IPv4 broadcast, not loopback, not
    /// multicast and not link-local unicast. Private and unique-local addresses count as global.
    public var isGlobalUnicast: Bool {
        let ip = unmapped
        if ip.isUnspecified { return false }
        if ip.isIPv4 && ip.value == 0xFFFF_FFFF { return false }
        return !ip.isLoopback && !ip.isMulticast && !ip.isLinkLocalUnicast
    }

    /// `string(ip)`: netip's canonical form. IPv4 in dotted decimal; IPv6 in lowercase hex without leading
    /// zeros, the first longest run of two or more zero groups written `::` (RFC 5952).
    public var description: String {
        if isIPv4 {
            return "\(octet(0)).\(octet(1)).\(octet(2)).\(octet(3))"
        }
        if isIPv4MappedIPv6 {
            return "::ffff:" + unmapped.description
        }
        let groups = (0..<8).map { UInt16(truncatingIfNeeded: value >> UInt128(16 * (7 - $0))) }
        var runStart = -1
        var runLength = 0
        var index = 0
        while index < 8 {
            var end = index
            while end < 8 && groups[end] == 0 { end += 1 }
            if end - index >= 2 && end - index > runLength {
                runStart = index
                runLength = end - index
            }
            index = end == index ? index + 1 : end
        }
        var text = ""
        index = 0
        while index < 8 {
            if index == runStart {
                text += "::"
                index += runLength
                if index >= 8 { break }
            } else if index > 0 {
                text += ":"
            }
            text += String(groups[index], radix: 16)
            index += 1
        }
        return text
    }
}
