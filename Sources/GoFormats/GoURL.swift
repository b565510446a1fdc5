// sealgate · GoFormats

// The parts of Go's net/url that Kubernetes' CEL libraries reach: `url.ParseRequestURI` (behind the
// `url()` / `isURL()` functions and the `uri` named format) and `url.Parse` (behind `url()`), the
// `url.URL` fields they fill, and the `URL` methods the `kubernetes.URL` getters call (`Hostname()`,
// `Port()`, `EscapedPath()`, `EscapedFragment()`, `Query()`, `String()`).
//
// Go 1.26 with its default GODEBUG: `urlstrictcolons=1`, `urlmaxqueryparams=10000`, and the 2025-2026
// security fixes for bracketed hosts. Everything works on UTF-8 bytes, as Go's strings are bytes, and
// every error reads as Go's `Error()` does. Foundation's URL parses differently and is not used.

/// Go's `url.URL`: its fields, as bytes, and the net/url functions that make and read one.
public struct GoURL: Sendable {
    /// A net/url error, worded as Go's `Error()` is. Errors of ``parseRequestURI(_:)`` and ``parse(_:)``
    /// are Go's `*url.Error`: `parse "<input>": <reason>`.
    public struct Failure: Error {
        /// The whole message, as Go prints it.
        public var message: String

        /// A failure with this message.
        init(_ message: String) { self.message = message }
    }

    /// Go's `url.Userinfo`: a user name and, when the URL had a `:`, a password; both unescaped.
    public struct UserInfo: Sendable {
        /// The user name, unescaped.
        public var username: [UInt8]
        /// The password, unescaped; empty when there is none.
        public var password: [UInt8]
        /// Whether the userinfo had a `:`, so a password (which may be empty).
        public var hasPassword: Bool
    }

    /// Which part of a URL a string is escaped for (Go's `encoding`).
    private enum Encoding {
        case path, pathSegment, host, zone, userPassword, queryComponent, fragment
    }

    /// `Scheme`: lowercased, without the `:`; empty when there is none.
    public private(set) var scheme: [UInt8] = []
    /// `Opaque`: what follows `scheme:` when that is not `/`-rooted (`mailto:x@y`), still escaped.
    public private(set) var opaque: [UInt8] = []
    /// `User`: the userinfo before `@` in the authority; nil when there is no `@`.
    public private(set) var user: UserInfo?
    /// `Host`: `host` or `host:port`, unescaped, an IPv6 address in brackets.
    public private(set) var host: [UInt8] = []
    /// `Path`: the path, unescaped.
    public private(set) var path: [UInt8] = []
    /// `RawPath`: the path as written, kept only when Go's escaping of ``path`` would differ.
    public private(set) var rawPath: [UInt8] = []
    /// `OmitHost`: a scheme was followed by a single `/` (no authority), so `String()` writes no `//`.
    public private(set) var omitHost = false
    /// `ForceQuery`: the URL ended with a lone `?` (an empty query that `String()` keeps).
    public private(set) var forceQuery = false
    /// `RawQuery`: the query after `?`, still escaped.
    public private(set) var rawQuery: [UInt8] = []
    /// `Fragment`: the fragment after `#`, unescaped (only ``parse(_:)`` splits one off).
    public private(set) var fragment: [UInt8] = []
    /// `RawFragment`: the fragment as written, kept only when Go's escaping of ``fragment`` would differ.
    public private(set) var rawFragment: [UInt8] = []

    // MARK: Entry points

    /// `url.ParseRequestURI`: the whole string as an absolute URI or an absolute path, as an HTTP request
    /// line carries one; `#` is not special (it stays in the path or query).
    public static func parseRequestURI(_ raw: [UInt8]) throws(Failure) -> GoURL {
        do {
            return try parse(raw, viaRequest: true)
        } catch {
            throw Failure("parse " + GoQuote.quote(raw) + ": " + error.message)
        }
    }

    /// `url.Parse`: a URI reference, relative or absolute, with any `#fragment` split off first.
    public static func parse(_ raw: [UInt8]) throws(Failure) -> GoURL {
        let hash = raw.firstIndex(of: urlASCII("#"))
        let beforeFragment = hash.map { Array(raw[..<$0]) } ?? raw
        var url: GoURL
        do {
            url = try parse(beforeFragment, viaRequest: false)
        } catch {
            throw Failure("parse " + GoQuote.quote(beforeFragment) + ": " + error.message)
        }
        guard let hash, hash + 1 < raw.count else { return url }
        do {
            try url.setFragment(Array(raw[(hash + 1)...]))
        } catch {
            throw Failure("parse " + GoQuote.quote(raw) + ": " + error.message)
        }
        return url
    }

    // MARK: Parsing

    /// Go's unexported `parse`: everything but the fragment; the error is the bare reason.
    private static func parse(_ raw: [UInt8], viaRequest: Bool) throws(Failure) -> GoURL {
        if raw.contains(where: { $0 < 0x20 || $0 == 0x7F }) {
            throw Failure("net/url: invalid control character in URL")
        }
        if raw.isEmpty && viaRequest {
            throw Failure("empty url")
        }
        var url = GoURL()
        if raw == [urlASCII("*")] {
            url.path = raw
            return url
        }

        var rest: [UInt8]
        (url.scheme, rest) = try splitScheme(raw)
        url.scheme = url.scheme.map { (urlASCII("A")...urlASCII("Z")).contains($0) ? $0 + 32 : $0 }

        if rest.last == urlASCII("?") && rest.count(where: { $0 == urlASCII("?") }) == 1 {
            url.forceQuery = true
            rest.removeLast()
        } else if let question = rest.firstIndex(of: urlASCII("?")) {
            url.rawQuery = Array(rest[(question + 1)...])
            rest = Array(rest[..<question])
        }

        if rest.first != urlASCII("/") {
            if !url.scheme.isEmpty {
                // A rootless path after a scheme is opaque (RFC 3986).
                url.opaque = rest
                return url
            }
            if viaRequest {
                throw Failure("invalid URI for request")
            }
            let segment = rest.prefix { $0 != urlASCII("/") }
            if segment.contains(urlASCII(":")) {
                throw Failure("first path segment in URL cannot contain colon")
            }
        }

        let startsWithTwoSlashes = rest.starts(with: [urlASCII("/"), urlASCII("/")])
        let startsWithThreeSlashes = rest.starts(with: [urlASCII("/"), urlASCII("/"), urlASCII("/")])
        if (!url.scheme.isEmpty || (!viaRequest && !startsWithThreeSlashes)) && startsWithTwoSlashes {
            var authority = Array(rest.dropFirst(2))
            rest = []
            if let slash = authority.firstIndex(of: urlASCII("/")) {
                rest = Array(authority[slash...])
                authority = Array(authority[..<slash])
            }
            (url.user, url.host) = try parseAuthority(scheme: url.scheme, authority)
        } else if !url.scheme.isEmpty && rest.first == urlASCII("/") {
            url.omitHost = true
        }

        try url.setPath(rest)
        return url
    }

    /// Go's `getScheme`: a leading `scheme:` (a letter, then letters, digits, `+`, `-`, `.`), and what
    /// follows it; no scheme when the first byte outside that set is not a `:`.
    private static func splitScheme(_ raw: [UInt8]) throws(Failure) -> ([UInt8], [UInt8]) {
        for (index, byte) in raw.enumerated() {
            switch byte {
            case urlASCII("a")...urlASCII("z"), urlASCII("A")...urlASCII("Z"):
                continue
            case urlASCII("0")...urlASCII("9"), urlASCII("+"), urlASCII("-"), urlASCII("."):
                if index == 0 { return ([], raw) }
            case urlASCII(":"):
                if index == 0 { throw Failure("missing protocol scheme") }
                return (Array(raw[..<index]), Array(raw[(index + 1)...]))
            default:
                return ([], raw)
            }
        }
        return ([], raw)
    }

    /// Go's `parseAuthority`: `[userinfo@]host[:port]`; the host is checked before the userinfo.
    private static func parseAuthority(scheme: [UInt8], _ authority: [UInt8]) throws(Failure) -> (UserInfo?, [UInt8]) {
        let at = authority.lastIndex(of: urlASCII("@"))
        let host = try parseHost(scheme: scheme, at.map { Array(authority[($0 + 1)...]) } ?? authority)
        guard let at else { return (nil, host) }
        let userinfo = Array(authority[..<at])
        if !userinfo.allSatisfy(isUserinfoByte) {
            throw Failure("net/url: invalid userinfo")
        }
        guard let colon = userinfo.firstIndex(of: urlASCII(":")) else {
            return (UserInfo(username: try unescape(userinfo, .userPassword), password: [], hasPassword: false), host)
        }
        let username = try unescape(Array(userinfo[..<colon]), .userPassword)
        let password = try unescape(Array(userinfo[(colon + 1)...]), .userPassword)
        return (UserInfo(username: username, password: password, hasPassword: true), host)
    }

    /// RFC 3986 userinfo bytes (unreserved, sub-delims, `:`, `%`), plus `@`, which Go tolerates.
    private static func isUserinfoByte(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || userinfoPunctuation.contains(byte)
    }

    private static let userinfoPunctuation = Array("-._:~!$&'()*+,;=%@".utf8)

    /// Go's `parseHost`: `host[:port]`, unescaped. A `[...]` IP-literal must open the host and hold an
    /// IPv6 address (checked with netip's `ParseAddr`, an IPv4-mapped one included; Go's 2025-2026
    /// security fixes); for `http` and `https` a bare host may hold only one colon, the one before the
    /// port (Go 1.26's default, `urlstrictcolons=1`, in force for a Kubernetes whose go.mod says
    /// `godebug default=go1.26`; older releases took the last colon). Other schemes take the last colon.
    private static func parseHost(scheme: [UInt8], _ host: [UInt8]) throws(Failure) -> [UInt8] {
        if let open = host.lastIndex(of: urlASCII("[")) {
            if open > 0 {
                throw Failure("invalid IP-literal")
            }
            guard let close = host.lastIndex(of: urlASCII("]")) else {
                throw Failure("missing ']' in host")
            }
            let colonPort = Array(host[(close + 1)...])
            if !isValidOptionalPort(colonPort) {
                throw Failure("invalid port \(GoQuote.quote(colonPort)) after host")
            }
            let unescapedColonPort = try unescape(colonPort, .host)
            let hostname = close >= 1 ? Array(host[1..<close]) : []
            let unescapedHostname: [UInt8]
            if let zone = firstIndex(of: Array("%25".utf8), in: hostname) {
                unescapedHostname =
                    try unescape(Array(hostname[..<zone]), .host)
                    + unescape(Array(hostname[zone...]), .zone)
            } else {
                unescapedHostname = try unescape(hostname, .host)
            }
            // Only an IPv6 address may be bracketed (an IPv4-mapped one included).
            let address: NetIPParser.Address
            do {
                address = try NetIPParser.parseAddress(unescapedHostname)
            } catch {
                throw Failure("invalid host: " + error.message)
            }
            if address.isIPv4 {
                throw Failure("invalid IP-literal")
            }
            return [urlASCII("[")] + unescapedHostname + [urlASCII("]")] + unescapedColonPort
        }
        if let firstColon = host.firstIndex(of: urlASCII(":")) {
            var portStart = firstColon
            let lastColon = host.lastIndex(of: urlASCII(":"))!
            let isHTTP = scheme == Array("http".utf8) || scheme == Array("https".utf8)
            if lastColon != firstColon && !isHTTP {
                // Other schemes keep Go's old reading: everything before the last colon is the host.
                portStart = lastColon
            }
            let colonPort = Array(host[portStart...])
            if !isValidOptionalPort(colonPort) {
                throw Failure("invalid port \(GoQuote.quote(colonPort)) after host")
            }
        }
        return try unescape(host, .host)
    }

    /// Go's `validOptionalPort`: empty, or `:` and ASCII digits only.
    private static func isValidOptionalPort(_ port: some Collection<UInt8>) -> Bool {
        guard let first = port.first else { return true }
        return first == urlASCII(":") && port.dropFirst().allSatisfy { (urlASCII("0")...urlASCII("9")).contains($0) }
    }

    /// Go's `setPath`: ``path`` unescaped, ``rawPath`` only when the spelling is not Go's own.
    private mutating func setPath(_ escaped: [UInt8]) throws(Failure) {
        path = try Self.unescape(escaped, .path)
        rawPath = Self.escape(path, .path) == escaped ? [] : escaped
    }

    /// Go's `setFragment`, likewise for the fragment.
    private mutating func setFragment(_ escaped: [UInt8]) throws(Failure) {
        fragment = try Self.unescape(escaped, .fragment)
        rawFragment = Self.escape(fragment, .fragment) == escaped ? [] : escaped
    }

    // MARK: Reading back

    /// `EscapedPath()`: the path as written when that is a valid escaping of it, else Go's escaping.
    public func escapedPath() -> [UInt8] {
        if !rawPath.isEmpty && Self.isValidEncoded(rawPath, .path),
            let decoded = try? Self.unescape(rawPath, .path), decoded == path
        {
            return rawPath
        }
        if path == [urlASCII("*")] { return path }
        return Self.escape(path, .path)
    }

    /// `EscapedFragment()`: the fragment as written when that is a valid escaping of it, else Go's
    /// escaping.
    public func escapedFragment() -> [UInt8] {
        if !rawFragment.isEmpty && Self.isValidEncoded(rawFragment, .fragment),
            let decoded = try? Self.unescape(rawFragment, .fragment), decoded == fragment
        {
            return rawFragment
        }
        return Self.escape(fragment, .fragment)
    }

    /// Go's `validEncoded`: whether `text` needs no escaping beyond the `%XX` it has (sub-delims, `:`,
    /// `@`, `[`, `]` allowed).
    private static func isValidEncoded(_ text: [UInt8], _ mode: Encoding) -> Bool {
        text.allSatisfy { encodedPathPunctuation.contains($0) || !shouldEscape($0, mode) }
    }

    private static let encodedPathPunctuation = Array("!$&'()*+,;=:@[]%".utf8)

    /// `Hostname()`: ``host`` without its port or IPv6 brackets.
    public func hostname() -> ArraySlice<UInt8> {
        Self.splitHostPort(host).host
    }

    /// `Port()`: the digits after a trailing `:` of ``host``; empty when there is no port.
    public func port() -> ArraySlice<UInt8> {
        Self.splitHostPort(host).port
    }

    /// Go's `splitHostPort`: a trailing `:digits` is the port; surrounding brackets are dropped.
    private static func splitHostPort(_ hostPort: [UInt8]) -> (host: ArraySlice<UInt8>, port: ArraySlice<UInt8>) {
        var host = hostPort[...]
        var port: ArraySlice<UInt8> = []
        if let colon = host.lastIndex(of: urlASCII(":")), isValidOptionalPort(host[colon...]) {
            port = host[(colon + 1)...]
            host = host[..<colon]
        }
        if host.first == urlASCII("["), host.last == urlASCII("]"), host.count >= 2 {
            host = host.dropFirst().dropLast()
        }
        return (host, port)
    }

    /// `Query()`: `url.ParseQuery(RawQuery)`, keeping what it keeps when it also reports an error. Pairs
    /// split on `&`; a pair with a `;` or a bad escape is dropped; a pair without `=` has the empty
    /// value; keys and values are unescaped, `+` as a space; more than 10,000 pairs give none. Each key
    /// comes with all its values, keys in order of first appearance (Go's map has no order).
    public func query() -> [(key: [UInt8], values: [[UInt8]])] {
        if rawQuery.count(where: { $0 == urlASCII("&") }) + 1 > 10_000 {
            return []
        }
        var result: [(key: [UInt8], values: [[UInt8]])] = []
        var positions: [[UInt8]: Int] = [:]
        for pair in rawQuery.split(separator: urlASCII("&"), omittingEmptySubsequences: true) {
            if pair.contains(urlASCII(";")) { continue }
            let equals = pair.firstIndex(of: urlASCII("="))
            let rawKey = Array(pair[..<(equals ?? pair.endIndex)])
            let rawValue = equals.map { Array(pair[($0 + 1)...]) } ?? []
            guard let key = try? Self.unescape(rawKey, .queryComponent),
                let value = try? Self.unescape(rawValue, .queryComponent)
            else { continue }
            if let position = positions[key] {
                result[position].values.append(value)
            } else {
                positions[key] = result.count
                result.append((key: key, values: [value]))
            }
        }
        return result
    }

    /// `String()`: the URL reassembled from its fields, as Go spells it.
    public func serialized() -> [UInt8] {
        var out: [UInt8] = []
        if !scheme.isEmpty {
            out += scheme + [urlASCII(":")]
        }
        if !opaque.isEmpty {
            out += opaque
        } else {
            if !scheme.isEmpty || !host.isEmpty || user != nil {
                if !(omitHost && host.isEmpty && user == nil) {
                    if !host.isEmpty || !path.isEmpty || user != nil {
                        out += Array("//".utf8)
                    }
                    if let user {
                        out += Self.escape(user.username, .userPassword)
                        if user.hasPassword {
                            out += [urlASCII(":")] + Self.escape(user.password, .userPassword)
                        }
                        out.append(urlASCII("@"))
                    }
                    if !host.isEmpty {
                        out += Self.escape(host, .host)
                    }
                }
            }
            let escaped = escapedPath()
            if let first = escaped.first, first != urlASCII("/"), !host.isEmpty {
                out.append(urlASCII("/"))
            }
            if out.isEmpty && escaped.prefix(while: { $0 != urlASCII("/") }).contains(urlASCII(":")) {
                // A first segment with a colon would read as a scheme (RFC 3986 §4.2).
                out += Array("./".utf8)
            }
            out += escaped
        }
        if forceQuery || !rawQuery.isEmpty {
            out += [urlASCII("?")] + rawQuery
        }
        if !fragment.isEmpty {
            out += [urlASCII("#")] + escapedFragment()
        }
        return out
    }

    // MARK: Escaping

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (urlASCII("a")...urlASCII("z")).contains(byte) || (urlASCII("A")...urlASCII("Z")).contains(byte)
            || (urlASCII("0")...urlASCII("9")).contains(byte)
    }

    /// Go's `shouldEscape`: whether net/url escapes `byte` in this part of a URL.
    private static func shouldEscape(_ byte: UInt8, _ mode: Encoding) -> Bool {
        if isAlphanumeric(byte) { return false }
        if mode == .host || mode == .zone {
            // Host sub-delims, `:` for the port, `[` `]` for IPv6, and `<` `>` `"`, which Parse refuses
            // to see escaped in a host.
            if hostPunctuation.contains(byte) { return false }
        }
        switch byte {
        case urlASCII("-"), urlASCII("_"), urlASCII("."), urlASCII("~"):
            return false
        case urlASCII("$"), urlASCII("&"), urlASCII("+"), urlASCII(","), urlASCII("/"), urlASCII(":"), urlASCII(";"), urlASCII("="),
            urlASCII("?"), urlASCII("@"):
            switch mode {
            case .path: return byte == urlASCII("?")
            case .pathSegment: return byte == urlASCII("/") || byte == urlASCII(";") || byte == urlASCII(",") || byte == urlASCII("?")
            case .userPassword: return byte == urlASCII("@") || byte == urlASCII("/") || byte == urlASCII("?") || byte == urlASCII(":")
            case .queryComponent: return true
            case .fragment: return false
            case .host, .zone: break
            }
        default:
            break
        }
        if mode == .fragment && [urlASCII("!"), urlASCII("("), urlASCII(")"), urlASCII("*")].contains(byte) {
            return false
        }
        return true
    }

    private static let hostPunctuation = Array("!$&'()*+,;=:[]<>\"".utf8)
    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// Go's `escape`: `%XX` (uppercase hex) for each byte ``shouldEscape(_:_:)`` names; a space is `+` in
    /// a query component.
    private static func escape(_ text: [UInt8], _ mode: Encoding) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        for byte in text {
            if byte == urlASCII(" ") && mode == .queryComponent {
                out.append(urlASCII("+"))
            } else if shouldEscape(byte, mode) {
                out += [urlASCII("%"), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]]
            } else {
                out.append(byte)
            }
        }
        return out
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case urlASCII("0")...urlASCII("9"): byte - urlASCII("0")
        case urlASCII("a")...urlASCII("f"): byte - urlASCII("a") + 10
        case urlASCII("A")...urlASCII("F"): byte - urlASCII("A") + 10
        default: nil
        }
    }

    /// Go's `EscapeError`.
    private static func escapeError(_ text: ArraySlice<UInt8>) -> Failure {
        Failure("invalid URL escape " + GoQuote.quote(text))
    }

    /// Go's `unescape`: decodes `%XX` (and `+` in a query component), refusing what net/url refuses: a
    /// malformed escape (`EscapeError`, quoting at most three bytes from the `%`); in a host, an escaped
    /// ASCII byte other than `%25`; in a zone, an escaped byte that a host could not hold (space and `%25`
    /// excepted); in a host or zone, a raw ASCII byte that needs escaping (`InvalidHostError`).
    private static func unescape(_ text: [UInt8], _ mode: Encoding) throws(Failure) -> [UInt8] {
        var index = 0
        var sawEscape = false
        var sawPlus = false
        while index < text.count {
            switch text[index] {
            case urlASCII("%"):
                sawEscape = true
                guard index + 2 < text.count, let high = hexValue(text[index + 1]), let low = hexValue(text[index + 2])
                else {
                    throw escapeError(text[index..<min(index + 3, text.count)])
                }
                let escape = text[index..<(index + 3)]
                let isPercent = escape.elementsEqual("%25".utf8)
                if mode == .host && high < 8 && !isPercent {
                    throw escapeError(escape)
                }
                if mode == .zone {
                    let byte = high << 4 | low
                    if !isPercent && byte != urlASCII(" ") && shouldEscape(byte, .host) {
                        throw escapeError(escape)
                    }
                }
                index += 3
            case urlASCII("+"):
                sawPlus = mode == .queryComponent
                index += 1
            default:
                let byte = text[index]
                if (mode == .host || mode == .zone) && byte < 0x80 && shouldEscape(byte, mode) {
                    throw Failure("invalid character " + GoQuote.quote(text[index...index]) + " in host name")
                }
                index += 1
            }
        }
        if !sawEscape && !sawPlus {
            return text
        }
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        index = 0
        while index < text.count {
            switch text[index] {
            case urlASCII("%"):
                out.append(hexValue(text[index + 1])! << 4 | hexValue(text[index + 2])!)
                index += 3
            case urlASCII("+"):
                out.append(mode == .queryComponent ? urlASCII(" ") : urlASCII("+"))
                index += 1
            default:
                out.append(text[index])
                index += 1
            }
        }
        return out
    }

    /// The first position of `pattern` in `text` (Go's `strings.Index`).
    private static func firstIndex(of pattern: [UInt8], in text: [UInt8]) -> Int? {
        guard pattern.count <= text.count else { return nil }
        for start in 0...(text.count - pattern.count) where text[start..<(start + pattern.count)].elementsEqual(pattern) {
            return start
        }
        return nil
    }
}

/// The byte of an ASCII character.
private func urlASCII(_ character: Unicode.Scalar) -> UInt8 {
    UInt8(ascii: character)
}
