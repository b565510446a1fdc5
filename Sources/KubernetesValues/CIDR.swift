// sealgate · KubernetesValues

import GoFormats

/// An IP network as Kubernetes' CEL `cidr()` makes one (`net.CIDR`): an address and a prefix length.
///
/// As netip's `ParsePrefix` leaves them, the address's bits past the prefix are kept (`192.168.0.1/24`
/// stays so; ``masked`` clears them), and two networks are equal only if both address and length are.
public struct CIDR: Sendable, Hashable, CustomStringConvertible {
    /// Why a string is not a network `cidr()` accepts, in Kubernetes' words.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        /// The error text, as Kubernetes' runtime error reads.
        public var message: String
        /// The message, as a user reads it.
        public var description: String { message }
    }

    /// `ip()`: the address as written, host bits included.
    public let address: IPAddress
    private let bits: UInt8

    /// `prefixLength()`: the number of leading bits that name the network.
    public var prefixLength: Int { Int(bits) }

    /// The network of `address` and `prefixLength`; nil when the length is out of `0...address.bitWidth`.
    public init?(address: IPAddress, prefixLength: Int) {
        guard prefixLength >= 0 && prefixLength <= address.bitWidth else { return nil }
        self.address = address
        bits = UInt8(prefixLength)
    }

    /// Parses `text` as Kubernetes' CEL `cidr(text)` does: netip's `ParsePrefix` (which refuses zones),
    /// then refusing an IPv4-mapped IPv6 address. Host bits past the prefix are allowed and kept.
    public init(parsing text: String) throws(ParseError) {
        let bytes = Array(text.utf8)
        let quoted = GoQuote.quote(bytes)
        // Kubernetes wraps netip's error in the same sentence twice (once in its parser, once in `cidr()`).
        let lead = "network address parse error during conversion from string: "
        func prefixError(_ message: String) -> ParseError {
            ParseError(message: lead + lead + "netip.ParsePrefix(\(quoted)): " + message)
        }
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else {
            throw prefixError("no '/'")
        }
        let parsed: NetIPParser.Address
        do {
            parsed = try NetIPParser.parseAddress(bytes[..<slash])
        } catch {
            throw prefixError(error.message)
        }
        if !parsed.zone.isEmpty {
            throw prefixError("IPv6 zones cannot be present in a prefix")
        }
        let digits = bytes[(slash + 1)...]
        let badBits = prefixError("bad bits after slash: " + GoQuote.quote(digits))
        guard let length = Self.decimal(digits) else { throw badBits }
        if length > (parsed.isIPv4 ? 32 : 128) {
            throw prefixError("prefix length out of range")
        }
        if parsed.isIPv4MappedIPv6 {
            throw ParseError(message: lead + "IPv4-mapped IPv6 address \(quoted) is not allowed")
        }
        address = parsed.isIPv4 ? IPAddress(ipv4: UInt32(truncatingIfNeeded: parsed.value)) : IPAddress(ipv6: parsed.value)
        bits = UInt8(length)
    }

    /// The prefix length as netip reads it: ASCII digits, no sign, no leading zero (but "0" itself), and
    /// small enough for a 64-bit int; nil otherwise.
    private static func decimal(_ digits: ArraySlice<UInt8>) -> Int64? {
        guard let first = digits.first else { return nil }
        if digits.count > 1 && !(UInt8(ascii: "1")...UInt8(ascii: "9")).contains(first) { return nil }
        var total: Int64 = 0
        for byte in digits {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            let (times, overflowTimes) = total.multipliedReportingOverflow(by: 10)
            let (sum, overflowSum) = times.addingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
            if overflowTimes || overflowSum { return nil }
            total = sum
        }
        return total
    }

    /// `isCIDR(text)`: whether `cidr(text)` would succeed.
    public static func isValid(_ text: String) -> Bool {
        (try? CIDR(parsing: text)) != nil
    }

    /// The mask of this network's prefix, in the address's own width.
    private var mask: UInt128 { Self.mask(bits: Int(bits), isIPv4: address.isIPv4) }

    private static func mask(bits: Int, isIPv4: Bool) -> UInt128 {
        if bits == 0 { return 0 }
        if isIPv4 { return (UInt128(UInt32.max) << UInt128(32 - bits)) & UInt128(UInt32.max) }
        return UInt128.max << UInt128(128 - bits)
    }

    /// `masked()`: the same network with the host bits of its address cleared (the canonical form).
    public var masked: CIDR {
        let bitsKept = address.value & mask
        let maskedAddress = address.isIPv4 ? IPAddress(ipv4: UInt32(truncatingIfNeeded: bitsKept)) : IPAddress(ipv6: bitsKept)
        return CIDR(address: maskedAddress, prefixLength: prefixLength)!
    }

    /// `containsIP(ip)`: whether `ip` lies in this network. An address of the other family never does.
    public func contains(_ ip: IPAddress) -> Bool {
        ip.isIPv4 == address.isIPv4 && (ip.value ^ address.value) & mask == 0
    }

    /// `containsCIDR(other)`: whether every address of `other` lies in this network: same family, a prefix
    /// at least as long, and the same network bits. Host bits on either side do not matter.
    public func contains(_ other: CIDR) -> Bool {
        other.address.isIPv4 == address.isIPv4 && bits <= other.bits
            && (other.address.value ^ address.value) & mask == 0
    }

    /// `string(cidr)`: the address as `string(ip)` writes it, `/`, and the prefix length.
    public var description: String { "\(address)/\(bits)" }
}
