// Tables for the values behind Kubernetes' CEL `ip()` / `cidr()` libraries, written from Go's net/netip
// behaviour and Kubernetes' documented rules and error wording.

import GoFormats
import Testing
@testable import KubernetesValues

struct IPAddressTests {
    struct Accepted: Sendable, CustomTestStringConvertible {
        var input: String
        var canonical: String
        var family: Int
        var testDescription: String { input }
    }

    @Test(arguments: [
        Accepted(input: "127.0.0.1", canonical: "127.0.0.1", family: 4),
        Accepted(input: "0.0.0.0", canonical: "0.0.0.0", family: 4),
        Accepted(input: "255.255.255.255", canonical: "255.255.255.255", family: 4),
        Accepted(input: "192.168.0.1", canonical: "192.168.0.1", family: 4),
        Accepted(input: "1.2.3.0", canonical: "1.2.3.0", family: 4),
        Accepted(input: "::", canonical: "::", family: 6),
        Accepted(input: "::1", canonical: "::1", family: 6),
        Accepted(input: "2001:db8::68", canonical: "2001:db8::68", family: 6),
        Accepted(input: "2001:DB8::68", canonical: "2001:db8::68", family: 6),
        Accepted(input: "2001:db8:0:0:0:0:0:abcd", canonical: "2001:db8::abcd", family: 6),
        Accepted(input: "2001:db8::0:0:0:abcd", canonical: "2001:db8::abcd", family: 6),
        Accepted(input: "2001:0db8:0000:0000:0000:ff00:0042:8329", canonical: "2001:db8::ff00:42:8329", family: 6),
        // RFC 5952: the first of two equally long zero runs is the one compressed; one zero group is not.
        Accepted(input: "1:0:0:1:0:0:0:1", canonical: "1:0:0:1::1", family: 6),
        Accepted(input: "1:0:0:0:1:0:0:1", canonical: "1::1:0:0:1", family: 6),
        Accepted(input: "1:0:1:0:1:0:1:0", canonical: "1:0:1:0:1:0:1:0", family: 6),
        Accepted(input: "0:0:1:0:0:0:0:0", canonical: "0:0:1::", family: 6),
        Accepted(input: "1:2:3:4:5:6:7::", canonical: "1:2:3:4:5:6:7:0", family: 6),
        Accepted(input: "::1:2:3:4:5:6:7", canonical: "0:1:2:3:4:5:6:7", family: 6),
        Accepted(input: "1:2:3:4:5:6:7:8", canonical: "1:2:3:4:5:6:7:8", family: 6),
        // Embedded dotted quads are fine outside ::ffff:0:0/96, and print as hex.
        Accepted(input: "::1.2.3.4", canonical: "::102:304", family: 6),
        Accepted(input: "64:ff9b::1.2.3.4", canonical: "64:ff9b::102:304", family: 6),
        Accepted(input: "1:2:3:4:5:6:1.2.3.4", canonical: "1:2:3:4:5:6:102:304", family: 6),
        Accepted(input: "1:2:3:4:5::1.2.3.4", canonical: "1:2:3:4:5:0:102:304", family: 6),
    ])
    func accepts(_ row: Accepted) throws {
        let address = try IPAddress(parsing: row.input)
        #expect(address.description == row.canonical)
        #expect(address.family == row.family)
        #expect(address.isIPv4 == (row.family == 4))
        #expect(IPAddress.isValid(row.input))
        #expect(try IPAddress.isCanonical(row.input) == (row.input == row.canonical))
        #expect(try IPAddress(parsing: row.canonical) == address)
    }

    struct Rejected: Sendable, CustomTestStringConvertible {
        var input: String
        var message: String
        var testDescription: String { input }
    }

    private static func netip(_ input: String, _ detail: String) -> Rejected {
        Rejected(
            input: input,
            message: "IP Address \(goQuote(input)) parse error during conversion from string: ParseAddr(\(goQuote(input))): \(detail)")
    }

    /// The inputs in these tables need only `"` and `\` escaped when quoted.
    fileprivate static func goQuote(_ text: String) -> String {
        "\"" + text.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
    }

    @Test(arguments: [
        netip("127.0.0.256", "IPv4 field has value >255"),
        netip("192.168.0.1.0", "IPv4 address too long"),
        netip("192.168.0", "IPv4 address too short"),
        netip("192.168.00.1", "IPv4 field has octet with leading zero"),
        netip("01.2.3.4", "IPv4 field has octet with leading zero"),
        netip("1.2.3.04", "IPv4 field has octet with leading zero"),
        netip("1..2.3", "IPv4 field must have at least one digit (at \".2.3\")"),
        netip(".1.2.3", "IPv4 field must have at least one digit (at \".1.2.3\")"),
        netip("1.2.3.", "IPv4 field must have at least one digit (at \".\")"),
        netip("1.2.3.4a", "unexpected character (at \"a\")"),
        netip("1.2.3.4:80", "unexpected character (at \":80\")"),
        netip("1.2.3.4/24", "unexpected character (at \"/24\")"),
        netip("1.2.3.4%eth0", "unexpected character (at \"%eth0\")"),
        netip(" 1.2.3.4", "unexpected character (at \" 1.2.3.4\")"),
        netip("", "unable to parse IP"),
        netip("abc", "unable to parse IP"),
        netip("%eth0", "missing IPv6 address"),
        netip(":::1", "each colon-separated field must have at least one digit (at \":1\")"),
        netip("2001:db8:::68", "each colon-separated field must have at least one digit (at \":68\")"),
        netip("[::1]", "each colon-separated field must have at least one digit (at \"[::1]\")"),
        netip("1:2:3:g", "each colon-separated field must have at least one digit (at \"g\")"),
        netip("1:2:3:", "colon must be followed by more characters (at \":\")"),
        netip("1:2:3:4:5:6:7", "address string too short"),
        netip("1:2", "address string too short"),
        netip("1:2:3:4:5:6:7:8:9", "trailing garbage after address (at \"9\")"),
        netip("1:2:3:4:5:6:7:8::", "the :: must expand to at least one field of zeros"),
        netip("1::2::3", "multiple :: in address (at \":3\")"),
        netip("12345::", "each group must have 4 or less digits (at \"12345::\")"),
        netip("00001::", "each group must have 4 or less digits (at \"00001::\")"),
        netip("fe80::1%", "zone must be a non-empty string"),
        netip(
            "1:2:3:4:5:6:7:1.2.3.4",
            "embedded IPv4 address must replace the final 2 fields of the address (at \"1.2.3.4\")"),
        netip(
            "1:2:3:4:5:6:7::1.2.3.4",
            "too many hex fields to fit an embedded IPv4 at the end of the address (at \"1.2.3.4\")"),
        netip("::01.2.3.4", "IPv4 field has octet with leading zero"),
        netip("::1.2.3", "IPv4 address too short"),
        netip("::1.2.3.4.5", "IPv4 address too long"),
        Rejected(input: "fe80::1%eth0", message: "IP address \"fe80::1%eth0\" with zone value is not allowed"),
        Rejected(input: "::1%1", message: "IP address \"::1%1\" with zone value is not allowed"),
        Rejected(input: "::ffff:1.2.3.4", message: "IPv4-mapped IPv6 address \"::ffff:1.2.3.4\" is not allowed"),
        Rejected(input: "::ffff:0102:0304", message: "IPv4-mapped IPv6 address \"::ffff:0102:0304\" is not allowed"),
        Rejected(input: "0:0:0:0:0:ffff:7f00:1", message: "IPv4-mapped IPv6 address \"0:0:0:0:0:ffff:7f00:1\" is not allowed"),
        // The zone is refused before the mapping is looked at.
        Rejected(input: "::ffff:1.2.3.4%eth0", message: "IP address \"::ffff:1.2.3.4%eth0\" with zone value is not allowed"),
    ])
    func rejects(_ row: Rejected) {
        #expect(throws: IPAddress.ParseError(message: row.message)) {
            try IPAddress(parsing: row.input)
        }
        #expect(!IPAddress.isValid(row.input))
        #expect(throws: IPAddress.ParseError(message: row.message)) {
            try IPAddress.isCanonical(row.input)
        }
    }

    struct Quoted: Sendable, CustomTestStringConvertible {
        var input: String
        var quoted: String
        var testDescription: String { quoted }
    }

    /// Messages quote their input as Go's `%q` does.
    @Test(arguments: [
        Quoted(input: "1.2.3.\t", quoted: #""1.2.3.\t""#),
        Quoted(input: "1.2.3.\u{1}", quoted: #""1.2.3.\x01""#),
        Quoted(input: "1.2.3.\u{7F}", quoted: #""1.2.3.\x7f""#),
        Quoted(input: "1.2.3.\"", quoted: #""1.2.3.\"""#),
        Quoted(input: "1.2.3.\\", quoted: #""1.2.3.\\""#),
        Quoted(input: "1.2.3.é", quoted: #""1.2.3.é""#),
        Quoted(input: "1.2.3.\u{A0}", quoted: #""1.2.3.\u00a0""#),
        Quoted(input: "1.2.3.\u{200B}", quoted: #""1.2.3.\u200b""#),
        Quoted(input: "1.2.3.\u{E0001}", quoted: #""1.2.3.\U000e0001""#),
        Quoted(input: "1.2.3.😀", quoted: #""1.2.3.😀""#),
    ])
    func quotesLikeGo(_ row: Quoted) {
        #expect(GoQuote.quote(row.input) == row.quoted)
        let tail = String(row.quoted.dropFirst(7))  // `"1.2.3.` off, the closing quote kept
        #expect(
            throws: IPAddress.ParseError(
                message:
                    "IP Address \(row.quoted) parse error during conversion from string: ParseAddr(\(row.quoted)): unexpected character (at \"\(tail))"
            )
        ) {
            try IPAddress(parsing: row.input)
        }
    }

    struct Predicates: Sendable, CustomTestStringConvertible {
        var input: String
        var unspecified = false
        var loopback = false
        var linkLocalMulticast = false
        var linkLocalUnicast = false
        var globalUnicast = false
        var testDescription: String { input }
    }

    @Test(arguments: [
        Predicates(input: "0.0.0.0", unspecified: true),
        Predicates(input: "127.0.0.1", loopback: true),
        Predicates(input: "127.255.0.9", loopback: true),
        Predicates(input: "255.255.255.255"),
        Predicates(input: "192.168.0.1", globalUnicast: true),
        Predicates(input: "10.0.0.1", globalUnicast: true),
        Predicates(input: "1.2.3.4", globalUnicast: true),
        Predicates(input: "169.254.169.254", linkLocalUnicast: true),
        Predicates(input: "169.255.0.1", globalUnicast: true),
        Predicates(input: "224.0.0.1", linkLocalMulticast: true),
        Predicates(input: "224.0.0.255", linkLocalMulticast: true),
        Predicates(input: "224.0.1.1"),
        Predicates(input: "239.255.255.250"),
        Predicates(input: "240.0.0.1", globalUnicast: true),
        Predicates(input: "::", unspecified: true),
        Predicates(input: "::1", loopback: true),
        Predicates(input: "::2", globalUnicast: true),
        Predicates(input: "2001:db8::abcd", globalUnicast: true),
        Predicates(input: "fd00::1", globalUnicast: true),
        Predicates(input: "fd80::1", globalUnicast: true),
        Predicates(input: "fe80::1", linkLocalUnicast: true),
        Predicates(input: "febf::1", linkLocalUnicast: true),
        Predicates(input: "fec0::1", globalUnicast: true),
        Predicates(input: "ff02::1", linkLocalMulticast: true),
        Predicates(input: "ff12::1", linkLocalMulticast: true),
        Predicates(input: "ff32::1", linkLocalMulticast: true),
        Predicates(input: "ff05::2"),
        Predicates(input: "ff00::1"),
        Predicates(input: "::1.2.3.4", globalUnicast: true),
        Predicates(input: "::127.0.0.1", globalUnicast: true),
    ])
    func predicates(_ row: Predicates) throws {
        let address = try IPAddress(parsing: row.input)
        #expect(address.isUnspecified == row.unspecified)
        #expect(address.isLoopback == row.loopback)
        #expect(address.isLinkLocalMulticast == row.linkLocalMulticast)
        #expect(address.isLinkLocalUnicast == row.linkLocalUnicast)
        #expect(address.isGlobalUnicast == row.globalUnicast)
    }

    @Test func equalityIsFamilyAndBits() throws {
        #expect(try IPAddress(parsing: "2001:DB8::1") == IPAddress(parsing: "2001:db8:0::1"))
        #expect(try IPAddress(parsing: "1.2.3.4") != IPAddress(parsing: "::1.2.3.4"))
        #expect(try IPAddress(parsing: "0.0.0.0") != IPAddress(parsing: "::"))
        let set: Set = [try IPAddress(parsing: "::1"), try IPAddress(parsing: "0:0::1"), try IPAddress(parsing: "127.0.0.1")]
        #expect(set.count == 2)
    }

    @Test func buildsFromBits() throws {
        #expect(IPAddress(ipv4: 0x7F00_0001) == (try IPAddress(parsing: "127.0.0.1")))
        #expect(IPAddress(ipv6: 1) == (try IPAddress(parsing: "::1")))
        #expect(IPAddress(ipv6: UInt128(0x2001_0db8) << 96 | 0x68).description == "2001:db8::68")
        // Kubernetes never parses one, but a mapped address built from bits behaves as in netip.
        let mapped = IPAddress(ipv6: 0xFFFF_7F00_0001)
        #expect(mapped.isIPv4MappedIPv6)
        #expect(mapped.description == "::ffff:127.0.0.1")
        #expect(mapped.family == 6)
        #expect(mapped.isLoopback && !mapped.isGlobalUnicast && !mapped.isUnspecified)
        #expect(mapped != IPAddress(ipv4: 0x7F00_0001))
        #expect(IPAddress(ipv6: 0xFFFF_A9FE_0001).isLinkLocalUnicast)
        #expect(!(try IPAddress(parsing: "::1.2.3.4")).isIPv4MappedIPv6)
    }
}

struct CIDRTests {
    struct Accepted: Sendable, CustomTestStringConvertible {
        var input: String
        var description: String
        var address: String
        var prefixLength: Int
        var masked: String
        var testDescription: String { input }
    }

    @Test(arguments: [
        Accepted(
            input: "192.168.0.0/24", description: "192.168.0.0/24", address: "192.168.0.0", prefixLength: 24, masked: "192.168.0.0/24"),
        Accepted(
            input: "192.168.0.1/24", description: "192.168.0.1/24", address: "192.168.0.1", prefixLength: 24, masked: "192.168.0.0/24"),
        Accepted(
            input: "192.168.0.0/16", description: "192.168.0.0/16", address: "192.168.0.0", prefixLength: 16, masked: "192.168.0.0/16"),
        Accepted(input: "0.0.0.0/0", description: "0.0.0.0/0", address: "0.0.0.0", prefixLength: 0, masked: "0.0.0.0/0"),
        Accepted(input: "1.2.3.4/0", description: "1.2.3.4/0", address: "1.2.3.4", prefixLength: 0, masked: "0.0.0.0/0"),
        Accepted(input: "1.2.3.4/32", description: "1.2.3.4/32", address: "1.2.3.4", prefixLength: 32, masked: "1.2.3.4/32"),
        Accepted(
            input: "255.255.255.255/1", description: "255.255.255.255/1", address: "255.255.255.255", prefixLength: 1, masked: "128.0.0.0/1"
        ),
        Accepted(input: "::1/128", description: "::1/128", address: "::1", prefixLength: 128, masked: "::1/128"),
        Accepted(input: "::/0", description: "::/0", address: "::", prefixLength: 0, masked: "::/0"),
        Accepted(input: "2001:db8::/32", description: "2001:db8::/32", address: "2001:db8::", prefixLength: 32, masked: "2001:db8::/32"),
        Accepted(
            input: "2001:DB8:1::/32", description: "2001:db8:1::/32", address: "2001:db8:1::", prefixLength: 32, masked: "2001:db8::/32"),
        Accepted(input: "2001:db8::1/64", description: "2001:db8::1/64", address: "2001:db8::1", prefixLength: 64, masked: "2001:db8::/64"),
        Accepted(input: "::1.2.3.4/96", description: "::102:304/96", address: "::102:304", prefixLength: 96, masked: "::/96"),
        Accepted(
            input: "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/65",
            description: "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/65",
            address: "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", prefixLength: 65, masked: "ffff:ffff:ffff:ffff:8000::/65"),
    ])
    func accepts(_ row: Accepted) throws {
        let network = try CIDR(parsing: row.input)
        #expect(network.description == row.description)
        #expect(network.address.description == row.address)
        #expect(network.prefixLength == row.prefixLength)
        #expect(network.masked.description == row.masked)
        #expect(network.masked.masked == network.masked)
        #expect((network == network.masked) == (row.description == row.masked))
        #expect(CIDR.isValid(row.input))
    }

    struct Rejected: Sendable, CustomTestStringConvertible {
        var input: String
        var message: String
        var testDescription: String { input }
    }

    private static func netip(_ input: String, _ detail: String) -> Rejected {
        let lead = "network address parse error during conversion from string: "
        return Rejected(input: input, message: lead + lead + "netip.ParsePrefix(\"\(input)\"): " + detail)
    }

    @Test(arguments: [
        netip("192.168.0.0/", "bad bits after slash: \"\""),
        netip("2001:db8::/", "bad bits after slash: \"\""),
        netip("192.168.0.0", "no '/'"),
        netip("1.2.3.4/33", "prefix length out of range"),
        netip("::1/129", "prefix length out of range"),
        netip("192.168.0.0/9999999999", "prefix length out of range"),
        netip("192.168.0.0/99999999999999999999", "bad bits after slash: \"99999999999999999999\""),
        netip("192.168.0.0/024", "bad bits after slash: \"024\""),
        netip("1.2.3.4/00", "bad bits after slash: \"00\""),
        netip("192.168.0.0/+24", "bad bits after slash: \"+24\""),
        netip("192.168.0.0/-1", "bad bits after slash: \"-1\""),
        netip("1.2.3.4/-0", "bad bits after slash: \"-0\""),
        netip("1.2.3.4/+", "bad bits after slash: \"+\""),
        netip("::/a", "bad bits after slash: \"a\""),
        netip("192.168.0.0/0x10", "bad bits after slash: \"0x10\""),
        netip("192.168.0.0/ 24", "bad bits after slash: \" 24\""),
        netip("192.168.0.0/24/24", "ParseAddr(\"192.168.0.0/24\"): unexpected character (at \"/24\")"),
        netip("192.168.0.01/24", "ParseAddr(\"192.168.0.01\"): IPv4 field has octet with leading zero"),
        netip("/24", "ParseAddr(\"\"): unable to parse IP"),
        netip("2001:db8:::/32", "ParseAddr(\"2001:db8:::\"): each colon-separated field must have at least one digit (at \":\")"),
        netip("fe80::1%eth0/64", "IPv6 zones cannot be present in a prefix"),
        // The length is checked before the mapping.
        netip("::ffff:1.2.3.4/129", "prefix length out of range"),
        Rejected(
            input: "::ffff:1.2.3.4/120",
            message:
                "network address parse error during conversion from string: IPv4-mapped IPv6 address \"::ffff:1.2.3.4/120\" is not allowed"),
        Rejected(
            input: "::ffff:0:0/96",
            message: "network address parse error during conversion from string: IPv4-mapped IPv6 address \"::ffff:0:0/96\" is not allowed"),
    ])
    func rejects(_ row: Rejected) {
        #expect(throws: CIDR.ParseError(message: row.message)) {
            try CIDR(parsing: row.input)
        }
        #expect(!CIDR.isValid(row.input))
    }

    struct Containment: Sendable, CustomTestStringConvertible {
        var network: String
        var member: String
        var contained: Bool
        var testDescription: String { "\(network) ∋ \(member)" }
    }

    @Test(arguments: [
        Containment(network: "192.168.0.0/24", member: "192.168.0.1", contained: true),
        Containment(network: "192.168.0.0/24", member: "192.168.0.255", contained: true),
        Containment(network: "192.168.0.0/24", member: "192.168.1.1", contained: false),
        Containment(network: "192.168.0.1/24", member: "192.168.0.200", contained: true),
        Containment(network: "1.2.3.4/32", member: "1.2.3.4", contained: true),
        Containment(network: "1.2.3.4/32", member: "1.2.3.5", contained: false),
        Containment(network: "1.2.3.4/31", member: "1.2.3.5", contained: true),
        Containment(network: "0.0.0.0/0", member: "203.0.113.9", contained: true),
        Containment(network: "128.0.0.0/1", member: "127.255.255.255", contained: false),
        Containment(network: "2001:db8::/32", member: "2001:db8::1", contained: true),
        Containment(network: "2001:db8::/32", member: "2001:db8:ffff:ffff::1", contained: true),
        Containment(network: "2001:db8::/32", member: "2001:dc8::1", contained: false),
        Containment(network: "::1/128", member: "::1", contained: true),
        Containment(network: "::/0", member: "ff02::1", contained: true),
        Containment(network: "fe80::/10", member: "febf::1", contained: true),
        Containment(network: "fe80::/10", member: "fec0::1", contained: false),
        Containment(network: "ffff:ffff:ffff:ffff:8000::/65", member: "ffff:ffff:ffff:ffff:ffff::", contained: true),
        Containment(network: "ffff:ffff:ffff:ffff:8000::/65", member: "ffff:ffff:ffff:ffff:7fff::", contained: false),
        // Families never mix, even where the bits agree.
        Containment(network: "0.0.0.0/0", member: "::1", contained: false),
        Containment(network: "::/0", member: "1.2.3.4", contained: false),
        Containment(network: "::/96", member: "1.2.3.4", contained: false),
        Containment(network: "::/96", member: "::1.2.3.4", contained: true),
    ])
    func containsIP(_ row: Containment) throws {
        let network = try CIDR(parsing: row.network)
        #expect(network.contains(try IPAddress(parsing: row.member)) == row.contained)
    }

    @Test(arguments: [
        Containment(network: "192.168.0.0/24", member: "192.168.0.0/25", contained: true),
        Containment(network: "192.168.0.0/24", member: "192.168.0.0/23", contained: false),
        Containment(network: "192.168.0.0/24", member: "192.168.0.0/24", contained: true),
        Containment(network: "192.168.0.0/16", member: "192.168.10.0/24", contained: true),
        Containment(network: "192.168.1.0/24", member: "192.168.2.0/24", contained: false),
        Containment(network: "192.168.0.0/16", member: "192.168.0.1/32", contained: true),
        Containment(network: "10.0.0.0/8", member: "10.1.2.3/16", contained: true),
        Containment(network: "10.0.0.1/8", member: "10.200.0.0/16", contained: true),
        Containment(network: "10.0.0.0/8", member: "11.0.0.0/16", contained: false),
        Containment(network: "0.0.0.0/0", member: "255.255.255.255/32", contained: true),
        Containment(network: "1.2.3.4/32", member: "1.2.3.4/32", contained: true),
        Containment(network: "1.2.3.4/32", member: "1.2.3.4/31", contained: false),
        Containment(network: "2001:db8::/32", member: "2001:db8::/33", contained: true),
        Containment(network: "2001:db8::/32", member: "2001:db8::/31", contained: false),
        Containment(network: "2001:db8::/32", member: "2001:db8:abcd::/48", contained: true),
        Containment(network: "2001:db8::/32", member: "2001:db9::/48", contained: false),
        Containment(network: "::/0", member: "::1/128", contained: true),
        Containment(network: "::/0", member: "1.2.3.4/32", contained: false),
        Containment(network: "0.0.0.0/0", member: "::/0", contained: false),
        Containment(network: "::/96", member: "1.2.3.0/24", contained: false),
    ])
    func containsCIDR(_ row: Containment) throws {
        let network = try CIDR(parsing: row.network)
        #expect(network.contains(try CIDR(parsing: row.member)) == row.contained)
    }

    @Test func equalityKeepsHostBits() throws {
        let unmasked = try CIDR(parsing: "192.168.0.1/24")
        #expect(unmasked != unmasked.masked)
        #expect(try CIDR(parsing: "192.168.0.0/24") == unmasked.masked)
        #expect(try CIDR(parsing: "192.168.0.0/24") != CIDR(parsing: "192.168.0.0/25"))
        #expect(try CIDR(parsing: "2001:DB8::/32") == CIDR(parsing: "2001:db8:0::/32"))
        #expect(unmasked.address == (try IPAddress(parsing: "192.168.0.1")))
    }

    @Test func buildsFromParts() throws {
        let address = try IPAddress(parsing: "10.1.2.3")
        #expect(CIDR(address: address, prefixLength: 8)?.description == "10.1.2.3/8")
        #expect(CIDR(address: address, prefixLength: 33) == nil)
        #expect(CIDR(address: address, prefixLength: -1) == nil)
        #expect(CIDR(address: try IPAddress(parsing: "::"), prefixLength: 128) != nil)
    }
}
