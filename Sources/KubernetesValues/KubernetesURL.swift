// sealgate · KubernetesValues

import GoFormats

// Values for Kubernetes' CEL URL library: `url()`, `isURL()` and the `kubernetes.URL` getters.
//
// Kubernetes' `url(s)` first checks `s` with Go's `url.ParseRequestURI` (an absolute URI or an absolute
// path) and then keeps what Go's `url.Parse(s)` makes of it, because only `Parse` splits off a
// `#fragment`. `isURL(s)` runs `ParseRequestURI` alone. The getters are `url.URL`'s `Scheme`, `Host`,
// `Hostname()`, `Port()`, `EscapedPath()` and `Query()`; two URLs are equal when Go's `URL.String()`
// spells them the same. The net/url port is ``GoURL`` (in GoFormats); it works on UTF-8
// bytes, as Go's strings are bytes.

/// A URL as Kubernetes' CEL `url()` makes one (`kubernetes.URL`).
public struct KubernetesURL: Sendable, Hashable, CustomStringConvertible {
    /// Why a string is not a URL `url()` accepts, in Kubernetes' words.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        /// The error text, as Kubernetes' runtime error reads.
        public var message: String
        /// The message, as a user reads it.
        public var description: String { message }
    }

    private let parts: GoURL
    /// Go's `URL.String()` of `parts`: what Kubernetes compares for equality.
    private let serialized: [UInt8]

    /// Parses `text` as Kubernetes' CEL `url(text)` does.
    public init(parsing text: String) throws(ParseError) {
        let raw = Array(text.utf8)
        let lead = "URL parse error during conversion from string: "
        do {
            _ = try GoURL.parseRequestURI(raw)
            parts = try GoURL.parse(raw)
        } catch {
            throw ParseError(message: lead + error.message)
        }
        serialized = parts.serialized()
    }

    /// `isURL(text)`: whether Go's `url.ParseRequestURI` accepts `text`.
    ///
    /// This is all Kubernetes' `isURL` checks, so it is true for a few strings `url()` still refuses,
    /// where the second parse, Go's `url.Parse`, fails: a bad `%` escape in a fragment that follows a query
    /// (`/p?q#%zz`), or a bad authority in a scheme-less `//host/path` (`//a:b:c/`).
    public static func isValid(_ text: String) -> Bool {
        (try? GoURL.parseRequestURI(Array(text.utf8))) != nil
    }

    /// `getScheme()`: the scheme, lowercased; empty when absent.
    public var scheme: String { Self.text(parts.scheme) }

    /// `getHost()`: host and port as written, IPv6 addresses in brackets, zone unescaped; empty when absent.
    public var host: String { Self.text(parts.host) }

    /// `getHostname()`: the host without its port or IPv6 brackets; empty when absent.
    public var hostname: String { Self.text(parts.hostname()) }

    /// `getPort()`: the port digits; empty when absent.
    public var port: String { Self.text(parts.port()) }

    /// `getEscapedPath()`: the path, escaped (the original spelling when that is a valid escaping).
    public var escapedPath: String { Self.text(parts.escapedPath()) }

    /// The decoded fragment (after `#`); empty when absent.
    public var fragment: String { Self.text(parts.fragment) }

    /// `getQuery()`: each query key with all its values, keys and values unescaped (`+` is a space), keys
    /// in order of first appearance. Go's `url.Query()`: pairs split on `&`, a pair with a `;` or a bad
    /// escape is dropped, a pair without `=` has the empty value; more than 10,000 pairs give no pairs.
    public var query: [(key: String, values: [String])] {
        parts.query().map { (key: Self.text($0.key), values: $0.values.map { Self.text($0) }) }
    }

    /// Go's `URL.String()`: the URL reassembled, as Kubernetes compares it.
    public var description: String { Self.text(serialized) }

    /// Whether Go's `URL.String()` spells both the same, as Kubernetes' `Equal` asks.
    public static func == (lhs: KubernetesURL, rhs: KubernetesURL) -> Bool {
        lhs.serialized == rhs.serialized
    }

    /// Hashes the `URL.String()` spelling, which equality compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(serialized)
    }

    /// Bytes as a Swift string. Only decoding can make bytes that are not UTF-8 (`%ff`); those become
    /// U+FFFD, where Go would keep the raw byte.
    private static func text(_ bytes: some Collection<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}
