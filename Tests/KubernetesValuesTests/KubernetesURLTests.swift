// Tables for the value behind Kubernetes' CEL `url()` library, written from Go's net/url behaviour
// (`ParseRequestURI` to accept, `Parse` to keep) and Kubernetes' documented getters and error wording.

import Testing
@testable import KubernetesValues

struct KubernetesURLTests {
    struct Accepted: Sendable, CustomTestStringConvertible {
        var input: String
        var scheme = ""
        var host = ""
        var hostname = ""
        var port = ""
        var escapedPath = ""
        /// Go's `URL.String()`; the input itself when nil.
        var string: String?
        var testDescription: String { input }
    }

    @Test(arguments: [
        // Kubernetes' documented examples.
        Accepted(
            input: "https://user:pass@example.com:80/path?query=val#fragment", scheme: "https",
            host: "example.com:80", hostname: "example.com", port: "80", escapedPath: "/path"),
        Accepted(input: "/absolute-path", escapedPath: "/absolute-path"),
        Accepted(input: "/path", escapedPath: "/path"),
        Accepted(input: "https://example.com/", scheme: "https", host: "example.com", hostname: "example.com", escapedPath: "/"),
        Accepted(
            input: "https://example.com:80/", scheme: "https", host: "example.com:80", hostname: "example.com",
            port: "80", escapedPath: "/"),
        Accepted(input: "https://[::1]:80/", scheme: "https", host: "[::1]:80", hostname: "::1", port: "80", escapedPath: "/"),
        Accepted(input: "https://[::1]/", scheme: "https", host: "[::1]", hostname: "::1", escapedPath: "/"),
        Accepted(
            input: "https://127.0.0.1:80/", scheme: "https", host: "127.0.0.1:80", hostname: "127.0.0.1", port: "80",
            escapedPath: "/"),
        Accepted(
            input: "https://example.com/path", scheme: "https", host: "example.com", hostname: "example.com",
            escapedPath: "/path"),
        Accepted(
            input: "https://example.com/path with spaces/", scheme: "https", host: "example.com",
            hostname: "example.com", escapedPath: "/path%20with%20spaces/",
            string: "https://example.com/path%20with%20spaces/"),
        Accepted(input: "https://example.com", scheme: "https", host: "example.com", hostname: "example.com"),
        // Schemes are lowercased; hosts are not.
        Accepted(
            input: "HTTPS://Example.COM/Path", scheme: "https", host: "Example.COM", hostname: "Example.COM",
            escapedPath: "/Path", string: "https://Example.COM/Path"),
        // IPv6 hosts, zones and ports.
        Accepted(input: "http://[2001:DB8::1]/", scheme: "http", host: "[2001:DB8::1]", hostname: "2001:DB8::1", escapedPath: "/"),
        Accepted(
            input: "http://[::ffff:1.2.3.4]/", scheme: "http", host: "[::ffff:1.2.3.4]", hostname: "::ffff:1.2.3.4",
            escapedPath: "/"),
        Accepted(
            input: "http://[fe80::1%25en0]:8080/", scheme: "http", host: "[fe80::1%en0]:8080",
            hostname: "fe80::1%en0", port: "8080", escapedPath: "/"),
        Accepted(
            input: "http://[fe80::1%25en0%20x]/", scheme: "http", host: "[fe80::1%en0 x]", hostname: "fe80::1%en0 x",
            escapedPath: "/"),
        Accepted(input: "http://[::1]:/", scheme: "http", host: "[::1]:", hostname: "::1", escapedPath: "/"),
        Accepted(
            input: "HTTP://[::1]:80", scheme: "http", host: "[::1]:80", hostname: "::1", port: "80",
            string: "http://[::1]:80"),
        Accepted(input: "http://[::1]:8080?x=1", scheme: "http", host: "[::1]:8080", hostname: "::1", port: "8080"),
        Accepted(input: "http://example.com:/", scheme: "http", host: "example.com:", hostname: "example.com", escapedPath: "/"),
        Accepted(input: "http://:80/", scheme: "http", host: ":80", port: "80", escapedPath: "/"),
        Accepted(input: "http://h:00080/", scheme: "http", host: "h:00080", hostname: "h", port: "00080", escapedPath: "/"),
        Accepted(input: "http://h:65536/", scheme: "http", host: "h:65536", hostname: "h", port: "65536", escapedPath: "/"),
        // Only http and https insist on a single colon in a bare host.
        Accepted(input: "foo://a:b:80/", scheme: "foo", host: "a:b:80", hostname: "a:b", port: "80", escapedPath: "/"),
        Accepted(input: "foo://::1/", scheme: "foo", host: "::1", hostname: ":", port: "1", escapedPath: "/"),
        // Hosts may %-encode bytes past ASCII only.
        Accepted(
            input: "http://a%c3%a9/", scheme: "http", host: "aé", hostname: "aé", escapedPath: "/",
            string: "http://a%C3%A9/"),
        // Userinfo is not a getter, but is part of the URL's identity.
        Accepted(input: "http://u%20ser:p%40ss@host/", scheme: "http", host: "host", hostname: "host", escapedPath: "/"),
        Accepted(
            input: "http://a@b@host/", scheme: "http", host: "host", hostname: "host", escapedPath: "/",
            string: "http://a%40b@host/"),
        Accepted(
            input: "http://a:b:c@host/", scheme: "http", host: "host", hostname: "host", escapedPath: "/",
            string: "http://a:b%3Ac@host/"),
        Accepted(input: "http://user@/", scheme: "http", escapedPath: "/"),
        // Escaped paths keep the spelling given when it is a valid escaping.
        Accepted(
            input: "https://example.com/p%41th", scheme: "https", host: "example.com", hostname: "example.com",
            escapedPath: "/p%41th"),
        Accepted(
            input: "https://example.com/a%2Fb", scheme: "https", host: "example.com", hostname: "example.com",
            escapedPath: "/a%2Fb"),
        Accepted(
            input: "https://example.com/a%2Fb%20c", scheme: "https", host: "example.com", hostname: "example.com",
            escapedPath: "/a%2Fb%20c"),
        Accepted(
            input: "https://example.com/%7Efoo", scheme: "https", host: "example.com", hostname: "example.com",
            escapedPath: "/%7Efoo"),
        Accepted(
            input: "https://example.com/%2e%2E/x", scheme: "https", host: "example.com", hostname: "example.com",
            escapedPath: "/%2e%2E/x"),
        Accepted(
            input: "https://example.com/é", scheme: "https", host: "example.com", hostname: "example.com",
            escapedPath: "/%C3%A9", string: "https://example.com/%C3%A9"),
        Accepted(input: "http://host/a/../b/./c", scheme: "http", host: "host", hostname: "host", escapedPath: "/a/../b/./c"),
        Accepted(input: "http://host//double", scheme: "http", host: "host", hostname: "host", escapedPath: "//double"),
        Accepted(
            input: "http://host/!$&'()*+,;=:@", scheme: "http", host: "host", hostname: "host",
            escapedPath: "/!$&'()*+,;=:@"),
        Accepted(input: "http://host/[a]", scheme: "http", host: "host", hostname: "host", escapedPath: "/[a]"),
        Accepted(
            input: "http://host/a\\b", scheme: "http", host: "host", hostname: "host", escapedPath: "/a%5Cb",
            string: "http://host/a%5Cb"),
        Accepted(
            input: "http://host/a{b}|c", scheme: "http", host: "host", hostname: "host", escapedPath: "/a%7Bb%7D%7Cc",
            string: "http://host/a%7Bb%7D%7Cc"),
        Accepted(
            input: "http://host/a<b>\"c", scheme: "http", host: "host", hostname: "host", escapedPath: "/a%3Cb%3E%22c",
            string: "http://host/a%3Cb%3E%22c"),
        Accepted(input: "/a:b", escapedPath: "/a:b"),
        // Fragments are split off (ParseRequestURI alone would keep them in the path or query).
        Accepted(
            input: "https://example.com/a#c?d", scheme: "https", host: "example.com", hostname: "example.com",
            escapedPath: "/a"),
        Accepted(
            input: "https://example.com/#", scheme: "https", host: "example.com", hostname: "example.com",
            escapedPath: "/", string: "https://example.com/"),
        Accepted(
            input: "http://host/a b#g h", scheme: "http", host: "host", hostname: "host", escapedPath: "/a%20b",
            string: "http://host/a%20b#g%20h"),
        // Opaque, empty-host and other absolute forms.
        Accepted(input: "mailto:someone@example.com", scheme: "mailto"),
        Accepted(input: "urn:isbn:0451450523", scheme: "urn"),
        Accepted(input: "foo:bar/baz", scheme: "foo"),
        Accepted(input: "http:", scheme: "http"),
        Accepted(input: "http:?", scheme: "http"),
        Accepted(input: "file:///etc/passwd", scheme: "file", escapedPath: "/etc/passwd"),
        Accepted(
            input: "ftp://ftp.example.com:21/pub/file.txt", scheme: "ftp", host: "ftp.example.com:21",
            hostname: "ftp.example.com", port: "21", escapedPath: "/pub/file.txt"),
        Accepted(input: "http://host:8080", scheme: "http", host: "host:8080", hostname: "host", port: "8080"),
        Accepted(input: "http://host?", scheme: "http", host: "host", hostname: "host"),
        // A leading `//` is a path to ParseRequestURI but an authority to Parse, whose reading is kept.
        Accepted(input: "//example.com/path", host: "example.com", hostname: "example.com", escapedPath: "/path"),
        Accepted(input: "//host:8080/p?x=1", host: "host:8080", hostname: "host", port: "8080", escapedPath: "/p"),
        Accepted(input: "///path", escapedPath: "///path"),
        Accepted(input: "*", escapedPath: "*"),
    ])
    func accepts(_ row: Accepted) throws {
        let url = try KubernetesURL(parsing: row.input)
        #expect(url.scheme == row.scheme)
        #expect(url.host == row.host)
        #expect(url.hostname == row.hostname)
        #expect(url.port == row.port)
        #expect(url.escapedPath == row.escapedPath)
        #expect(url.description == (row.string ?? row.input))
        #expect(KubernetesURL.isValid(row.input))
    }

    struct Rejected: Sendable, CustomTestStringConvertible {
        var input: String
        /// Go's error, after Kubernetes' `URL parse error during conversion from string: `.
        var goError: String
        var testDescription: String { input }
    }

    private static func parse(_ input: String, _ detail: String) -> Rejected {
        Rejected(input: input, goError: "parse \"\(input)\": " + detail)
    }

    @Test(arguments: [
        // Kubernetes' documented examples.
        parse("https://a:b:c/", "invalid port \":b:c\" after host"),
        parse("../relative-path", "invalid URI for request"),
        // Not absolute.
        parse("relative/path", "invalid URI for request"),
        parse("./a:b", "invalid URI for request"),
        parse("1http://x/", "invalid URI for request"),
        parse("", "empty url"),
        parse(":foo", "missing protocol scheme"),
        // Escapes.
        parse("https://example.com/a%zzb", "invalid URL escape \"%zz\""),
        parse("http://host/%", "invalid URL escape \"%\""),
        parse("http://host/%4", "invalid URL escape \"%4\""),
        parse("https://example.com/#%zz", "invalid URL escape \"%zz\""),
        // Hosts.
        parse("http://a b/", "invalid character \" \" in host name"),
        parse("http://host#f", "invalid character \"#\" in host name"),
        parse("http://a%20b/", "invalid URL escape \"%20\""),
        parse("http://%41/", "invalid URL escape \"%41\""),
        parse("http://ex%2Ample.com/", "invalid URL escape \"%2A\""),
        parse("http://example.com:port/", "invalid port \":port\" after host"),
        parse("http://localhost:80:80/", "invalid port \":80:80\" after host"),
        parse("http://::1/", "invalid port \"::1\" after host"),
        parse("http://a]b[c/", "invalid IP-literal"),
        // IP-literals.
        parse("http://[::1", "missing ']' in host"),
        parse("http://[::1]x/", "invalid port \"x\" after host"),
        parse("http://[::1]:x/", "invalid port \":x\" after host"),
        parse("http://x[::1]/", "invalid IP-literal"),
        parse("http://[1.2.3.4]/", "invalid IP-literal"),
        parse("http://[example.com]/", "invalid host: ParseAddr(\"example.com\"): unexpected character (at \"example.com\")"),
        parse("http://[::1]]/", "invalid host: ParseAddr(\"::1]\"): unexpected character, want colon (at \"]\")"),
        parse("http://[]/", "invalid host: ParseAddr(\"\"): unable to parse IP"),
        parse("http://[fe80::1%en0]/", "invalid URL escape \"%en\""),
        parse("http://[fe80::1%25]/", "invalid host: ParseAddr(\"fe80::1%\"): zone must be a non-empty string"),
        parse("http://[fe80::1%25en0%0a]/", "invalid URL escape \"%0a\""),
        // Userinfo.
        parse("http://us{er@host/", "net/url: invalid userinfo"),
        parse("http://us[er@host/", "net/url: invalid userinfo"),
        parse("http://us%zz@host/", "invalid URL escape \"%zz\""),
        // Control characters anywhere.
        Rejected(
            input: "https://example.com/path\twith",
            goError: "parse \"https://example.com/path\\twith\": net/url: invalid control character in URL"),
        Rejected(input: "/a\u{7F}", goError: "parse \"/a\\x7f\": net/url: invalid control character in URL"),
    ])
    func rejects(_ row: Rejected) {
        #expect(throws: KubernetesURL.ParseError(message: "URL parse error during conversion from string: " + row.goError)) {
            try KubernetesURL(parsing: row.input)
        }
        #expect(!KubernetesURL.isValid(row.input))
    }

    /// `isURL` runs only Go's `ParseRequestURI`; `url()` also runs `Parse`, which can still fail.
    @Test(arguments: [
        parse("/p?q#%zz", "invalid URL escape \"%zz\""),
        parse("//a:b:c/", "invalid port \":c\" after host"),
        parse("//a b/", "invalid character \" \" in host name"),
    ])
    func isURLCanAcceptWhatURLRefuses(_ row: Rejected) {
        #expect(KubernetesURL.isValid(row.input))
        #expect(throws: KubernetesURL.ParseError(message: "URL parse error during conversion from string: " + row.goError)) {
            try KubernetesURL(parsing: row.input)
        }
    }

    struct Query: Sendable, CustomTestStringConvertible {
        var input: String
        var pairs: [Pair]
        var testDescription: String { input }
    }

    struct Pair: Sendable, Equatable, CustomStringConvertible {
        var key: String
        var values: [String]
        var description: String { "\(key)=\(values)" }
    }

    private static func query(_ input: String, _ pairs: (String, [String])...) -> Query {
        Query(input: input, pairs: pairs.map { Pair(key: $0.0, values: $0.1) })
    }

    @Test(arguments: [
        // Kubernetes' documented examples.
        query("https://example.com/path?k1=a&k2=b&k2=c", ("k1", ["a"]), ("k2", ["b", "c"])),
        query("https://example.com/path?key with spaces=value with spaces", ("key with spaces", ["value with spaces"])),
        query("https://example.com/path?"),
        query("https://example.com/path"),
        // Repeated keys, first-seen order.
        query("http://h/p?a=1&a=2&b=3&a=4", ("a", ["1", "2", "4"]), ("b", ["3"])),
        query("http://h/p?b=1&a=2&b=3", ("b", ["1", "3"]), ("a", ["2"])),
        // Decoding: %XX and `+`.
        query("http://h/p?a=%41%42&a=+&%3D=%26", ("a", ["AB", " "]), ("=", ["&"])),
        query("http://h/p?a=1+2&b=%20x&c=%2B", ("a", ["1 2"]), ("b", [" x"]), ("c", ["+"])),
        query("http://h/p?q=caf%C3%A9", ("q", ["café"])),
        query("http://host/a%20b?c%20d=e%20f#g%20h", ("c d", ["e f"])),
        // Missing `=`, empty key or value, `=` in a value.
        query("http://h/p?d&e=&=f&g=h=i", ("d", [""]), ("e", [""]), ("", ["f"]), ("g", ["h=i"])),
        query("https://example.com/a?b#c", ("b", [""])),
        // Empty pairs skipped; pairs with `;` or a bad escape dropped.
        query("http://h/p?a=1&&b=2&", ("a", ["1"]), ("b", ["2"])),
        query("https://example.com/path?a=1;b=2&c=3", ("c", ["3"])),
        query("http://h/p?;"),
        query("https://example.com/path?a=%zz&b=2", ("b", ["2"])),
        query("http://host/a?%"),
        // A `?` after a `#` belongs to the fragment.
        query("https://example.com/a#c?d"),
        query("http://h/p?x=1?y=2", ("x", ["1?y=2"])),
    ])
    func decodesQueries(_ row: Query) throws {
        let url = try KubernetesURL(parsing: row.input)
        #expect(url.query.map { Pair(key: $0.key, values: $0.values) } == row.pairs)
    }

    @Test func queriesPastTenThousandPairsAreDropped() throws {
        let many = "http://h/?" + Array(repeating: "a=1", count: 10_001).joined(separator: "&")
        #expect(try KubernetesURL(parsing: many).query.isEmpty)
        let enough = "http://h/?" + Array(repeating: "a=1", count: 10_000).joined(separator: "&")
        #expect(try KubernetesURL(parsing: enough).query.first?.values.count == 10_000)
    }

    @Test func keepsTheFragment() throws {
        #expect(try KubernetesURL(parsing: "https://example.com/a?b#frag%20x").fragment == "frag x")
        #expect(try KubernetesURL(parsing: "https://example.com/a").fragment == "")
    }

    struct Equality: Sendable, CustomTestStringConvertible {
        var left: String
        var right: String
        var equal: Bool
        var testDescription: String { "\(left) \(equal ? "==" : "!=") \(right)" }
    }

    /// Kubernetes compares URLs by Go's `URL.String()`.
    @Test(arguments: [
        Equality(left: "https://example.com/", right: "https://example.com/", equal: true),
        Equality(left: "HTTPS://example.com/", right: "https://example.com/", equal: true),
        Equality(left: "http://host/a b", right: "http://host/a%20b", equal: true),
        Equality(left: "http://a@b@host/", right: "http://a%40b@host/", equal: true),
        Equality(left: "http://host/#", right: "http://host/", equal: true),
        Equality(left: "https://example.com/é", right: "https://example.com/%C3%A9", equal: true),
        Equality(left: "https://example.com/%7Efoo", right: "https://example.com/~foo", equal: false),
        Equality(left: "https://Example.com/", right: "https://example.com/", equal: false),
        Equality(left: "https://example.com", right: "https://example.com/", equal: false),
        Equality(left: "http://host?", right: "http://host", equal: false),
        Equality(left: "http://[::1]/", right: "http://[0::1]/", equal: false),
        Equality(left: "http://host/#a", right: "http://host/#b", equal: false),
    ])
    func equality(_ row: Equality) throws {
        let left = try KubernetesURL(parsing: row.left)
        let right = try KubernetesURL(parsing: row.right)
        #expect((left == right) == row.equal)
        if row.equal {
            #expect(left.hashValue == right.hashValue)
            #expect(Set([left, right]).count == 1)
        }
    }
}
