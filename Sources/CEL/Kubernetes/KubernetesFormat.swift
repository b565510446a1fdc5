// sealgate · CEL

/// The named string formats of Kubernetes' CEL `format` library (`format.named(name)` and the
/// `format.<name>()` functions), each with the validator Kubernetes runs behind
/// `<Format>.validate(string)`. ``validate(_:)`` returns the same messages, in the same order;
/// an empty list means the value is valid (CEL's `optional.none`).
enum KubernetesFormat: String, CaseIterable, Sendable {
    case dns1123Label
    case dns1123Subdomain
    case dns1035Label
    case qualifiedName
    case dns1123LabelPrefix
    case dns1123SubdomainPrefix
    case dns1035LabelPrefix
    case labelValue
    case uri
    case uuid
    case byte
    case date
    case datetime

    /// The format `format.named(name)` returns, or nil (CEL's `optional.none`).
    static func named(_ name: String) -> KubernetesFormat? { KubernetesFormat(rawValue: name) }

    /// The `Name` Kubernetes gives the format value.
    var typeName: String {
        switch self {
        case .dns1123Label: "DNS1123Label"
        case .dns1123Subdomain: "DNS1123Subdomain"
        case .dns1035Label: "DNS1035Label"
        case .qualifiedName: "QualifiedName"
        case .dns1123LabelPrefix: "DNS1123LabelPrefix"
        case .dns1123SubdomainPrefix: "DNS1123SubdomainPrefix"
        case .dns1035LabelPrefix: "DNS1035LabelPrefix"
        case .labelValue: "LabelValue"
        case .uri: "URI"
        case .uuid: "uuid"
        case .byte: "byte"
        case .date: "date"
        case .datetime: "datetime"
        }
    }

    /// `MaxRegexSize`: the regex length Kubernetes' cost estimator charges `validate` with
    /// (cost = ⌈(1 + len) × 0.1⌉ × ⌈maxRegexSize × 0.25⌉).
    var maxRegexSize: Int {
        switch self {
        case .dns1123Label, .dns1035Label, .dns1123LabelPrefix, .dns1035LabelPrefix: 30
        case .dns1123Subdomain, .qualifiedName, .dns1123SubdomainPrefix: 60
        case .labelValue: 40
        case .uri: 1103  // len(govalidator.URL)
        case .uuid: 70  // len(strfmt.UUIDPattern)
        case .byte: 84  // len(govalidator.Base64)
        case .date, .datetime: 71  // len(strfmt.DateTimePattern)
        }
    }

    /// The validation errors Kubernetes reports for `value`; empty when it is valid.
    func validate(_ value: String) -> [String] {
        let bytes = Array(value.utf8)
        switch self {
        case .dns1123Label: return Self.dns1123LabelErrors(bytes[...])
        case .dns1123Subdomain: return Self.dns1123SubdomainErrors(bytes[...])
        case .dns1035Label: return Self.dns1035LabelErrors(bytes[...])
        case .qualifiedName: return Self.labelKeyErrors(bytes[...])
        case .dns1123LabelPrefix: return Self.dns1123LabelErrors(Self.maskTrailingDash(bytes))
        case .dns1123SubdomainPrefix: return Self.dns1123SubdomainErrors(Self.maskTrailingDash(bytes))
        case .dns1035LabelPrefix: return Self.dns1035LabelErrors(Self.maskTrailingDash(bytes))
        case .labelValue: return Self.labelValueErrors(bytes[...])
        case .uri:
            guard let error = RequestURI.parseError(bytes) else { return [] }
            return ["parse " + Self.goQuote(bytes[...]) + ": " + error]
        case .uuid: return Self.isUUID(bytes) ? [] : ["does not match the UUID format"]
        case .byte: return Self.isBase64(bytes) ? [] : ["invalid base64"]
        case .date: return Self.isDate(bytes[...]) ? [] : ["invalid date"]
        case .datetime: return Self.isDateTime(bytes) ? [] : ["invalid datetime"]
        }
    }

    // MARK: - Messages (k8s.io/apimachinery validation)

    private static let dns1123LabelFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
    private static let dns1123LabelMessage =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character"
    private static let dns1123SubdomainFormat = dns1123LabelFormat + "(\\." + dns1123LabelFormat + ")*"
    private static let dns1123SubdomainMessage =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"
    private static let dns1035LabelFormat = "[a-z]([-a-z0-9]*[a-z0-9])?"
    private static let dns1035LabelMessage =
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character"
    private static let labelKeyFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
    private static let labelKeyMessage =
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
    private static let labelValueFormat = "(" + labelKeyFormat + ")?"
    private static let labelValueMessage =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"

    /// `validation.MaxLenError`.
    private static func maxLengthError(_ length: Int) -> String { "must be no more than \(length) characters" }

    /// `validation.RegexError`.
    private static func regexError(_ message: String, _ format: String, _ examples: [String]) -> String {
        if examples.isEmpty { return message + " (regex used for validation is '" + format + "')" }
        var text = message + " (e.g. "
        for (index, example) in examples.enumerated() {
            if index > 0 { text += " or " }
            text += "'" + example + "', "
        }
        return text + "regex used for validation is '" + format + "')"
    }

    // MARK: - DNS names and labels

    private static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        isLowerAlphanumeric(byte) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }

    /// `^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`
    private static func isDNS1123Label(_ s: ArraySlice<UInt8>) -> Bool {
        guard let first = s.first, let last = s.last, isLowerAlphanumeric(first), isLowerAlphanumeric(last)
        else { return false }
        return s.allSatisfy { isLowerAlphanumeric($0) || $0 == UInt8(ascii: "-") }
    }

    /// `^label(\.label)*$`
    private static func isDNS1123Subdomain(_ s: ArraySlice<UInt8>) -> Bool {
        s.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).allSatisfy(isDNS1123Label)
    }

    /// `^[a-z]([-a-z0-9]*[a-z0-9])?$`
    private static func isDNS1035Label(_ s: ArraySlice<UInt8>) -> Bool {
        guard let first = s.first, let last = s.last, first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z"),
            isLowerAlphanumeric(last)
        else { return false }
        return s.allSatisfy { isLowerAlphanumeric($0) || $0 == UInt8(ascii: "-") }
    }

    /// `validation.IsDNS1123Label`.
    private static func dns1123LabelErrors(_ s: ArraySlice<UInt8>) -> [String] {
        var errors: [String] = []
        if s.count > 63 { errors.append(maxLengthError(63)) }
        if !isDNS1123Label(s) {
            if isDNS1123Subdomain(s) {
                errors.append("must not contain dots")
            } else {
                errors.append(regexError(dns1123LabelMessage, dns1123LabelFormat, ["my-name", "123-abc"]))
            }
        }
        return errors
    }

    /// `validation.IsDNS1123Subdomain`.
    private static func dns1123SubdomainErrors(_ s: ArraySlice<UInt8>) -> [String] {
        var errors: [String] = []
        if s.count > 253 { errors.append(maxLengthError(253)) }
        if !isDNS1123Subdomain(s) {
            errors.append(regexError(dns1123SubdomainMessage, dns1123SubdomainFormat, ["example.com"]))
        }
        return errors
    }

    /// `validation.IsDNS1035Label`.
    private static func dns1035LabelErrors(_ s: ArraySlice<UInt8>) -> [String] {
        var errors: [String] = []
        if s.count > 63 { errors.append(maxLengthError(63)) }
        if !isDNS1035Label(s) {
            errors.append(regexError(dns1035LabelMessage, dns1035LabelFormat, ["my-name", "abc-123"]))
        }
        return errors
    }

    /// `maskTrailingDash` of apimachinery's name validation, used for `generateName` prefixes: a
    /// trailing `-` (on a name longer than one byte) stands for the random suffix to come. Kubernetes
    /// replaces the last *two* bytes with `a` (`foo-` is checked as `foa`), and so do we.
    private static func maskTrailingDash(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
        guard bytes.count > 1, bytes.last == UInt8(ascii: "-") else { return bytes[...] }
        return (Array(bytes[..<(bytes.count - 2)]) + [UInt8(ascii: "a")])[...]
    }

    // MARK: - Label keys and values

    /// `^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$`
    private static func isLabelKeyName(_ s: ArraySlice<UInt8>) -> Bool {
        guard let first = s.first, let last = s.last, isAlphanumeric(first), isAlphanumeric(last) else {
            return false
        }
        return s.allSatisfy {
            isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".")
        }
    }

    /// `validation.IsQualifiedName` (`content.IsLabelKey`): an optional DNS subdomain prefix and `/`,
    /// then a name.
    private static func labelKeyErrors(_ s: ArraySlice<UInt8>) -> [String] {
        var errors: [String] = []
        let name: ArraySlice<UInt8>
        if let slash = s.firstIndex(of: UInt8(ascii: "/")) {
            let prefix = s[..<slash]
            name = s[(slash + 1)...]
            if name.contains(UInt8(ascii: "/")) {
                return [
                    "a valid label key "
                        + regexError(labelKeyMessage, labelKeyFormat, ["MyName", "my.name", "123-abc"])
                        + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
                ]
            }
            if prefix.isEmpty {
                errors.append("prefix part must be non-empty")
            } else {
                errors += dns1123SubdomainErrors(prefix).map { "prefix part " + $0 }
            }
        } else {
            name = s
        }
        if name.isEmpty {
            errors.append("name part must be non-empty")
        } else if name.count > 63 {
            errors.append("name part " + maxLengthError(63))
        }
        if !isLabelKeyName(name) {
            errors.append("name part " + regexError(labelKeyMessage, labelKeyFormat, ["MyName", "my.name", "123-abc"]))
        }
        return errors
    }

    /// `validation.IsValidLabelValue`.
    private static func labelValueErrors(_ s: ArraySlice<UInt8>) -> [String] {
        var errors: [String] = []
        if s.count > 63 { errors.append(maxLengthError(63)) }
        if !s.isEmpty && !isLabelKeyName(s) {
            errors.append(regexError(labelValueMessage, labelValueFormat, ["MyValue", "my_value", "12345"]))
        }
        return errors
    }

    // MARK: - kube-openapi strfmt formats

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// `(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$`
    private static func isUUID(_ s: [UInt8]) -> Bool {
        var index = 0
        for (group, length) in [8, 4, 4, 4, 12].enumerated() {
            if group > 0 && index < s.count && s[index] == UInt8(ascii: "-") { index += 1 }
            for _ in 0..<length {
                guard index < s.count, hexValue(s[index]) != nil else { return false }
                index += 1
            }
        }
        return index == s.count
    }

    /// govalidator's `^(?:[A-Za-z0-9+\/]{4})*(?:[A-Za-z0-9+\/]{2}==|[A-Za-z0-9+\/]{3}=|[A-Za-z0-9+\/]{4})$`.
    private static func isBase64(_ s: [UInt8]) -> Bool {
        func inAlphabet(_ byte: UInt8) -> Bool {
            isAlphanumeric(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/")
        }
        let count = s.count
        guard count >= 4, count % 4 == 0, s[..<(count - 2)].allSatisfy(inAlphabet) else { return false }
        let penultimate = s[count - 2]
        let last = s[count - 1]
        if inAlphabet(penultimate) { return inAlphabet(last) || last == UInt8(ascii: "=") }
        return penultimate == UInt8(ascii: "=") && last == UInt8(ascii: "=")
    }

    /// `time.Parse("2006-01-02", s)` succeeds: four-digit year, month 01-12, a day of that month.
    private static func isDate(_ s: ArraySlice<UInt8>) -> Bool {
        let d = Array(s)
        guard d.count == 10, d[4] == UInt8(ascii: "-"), d[7] == UInt8(ascii: "-") else { return false }
        for index in [0, 1, 2, 3, 5, 6, 8, 9] where !isDigit(d[index]) { return false }
        func number(_ range: Range<Int>) -> Int { range.reduce(0) { $0 * 10 + Int(d[$1] - UInt8(ascii: "0")) } }
        let year = number(0..<4)
        let month = number(5..<7)
        let day = number(8..<10)
        guard (1...12).contains(month) else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return day >= 1 && day <= days
    }

    /// strfmt's `IsDateTime`: split the lower-cased text on `t`; the first piece must be a date, the
    /// second must match `^([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$` with
    /// hours ≤ 23, minutes and seconds ≤ 59. Pieces after a second `t` are not looked at.
    private static func isDateTime(_ s: [UInt8]) -> Bool {
        guard s.count >= 4 else { return false }
        let isT: (UInt8) -> Bool = { $0 == UInt8(ascii: "t") || $0 == UInt8(ascii: "T") }
        guard let firstT = s.firstIndex(where: isT) else { return false }
        let afterT = s[(firstT + 1)...]
        let time = Array(afterT[..<(afterT.firstIndex(where: isT) ?? afterT.endIndex)])
        guard isDate(s[..<firstT]), time.count >= 9 else { return false }
        for index in [0, 1, 3, 4, 6, 7] where !isDigit(time[index]) { return false }
        guard time[2] == UInt8(ascii: ":"), time[5] == UInt8(ascii: ":") else { return false }
        func number(_ at: Int) -> Int { Int(time[at] - UInt8(ascii: "0")) * 10 + Int(time[at + 1] - UInt8(ascii: "0")) }
        func isZone(_ rest: ArraySlice<UInt8>) -> Bool {
            if rest.count == 1 { return rest.first == UInt8(ascii: "z") || rest.first == UInt8(ascii: "Z") }
            let r = Array(rest)
            return r.count == 6 && (r[0] == UInt8(ascii: "+") || r[0] == UInt8(ascii: "-")) && isDigit(r[1])
                && isDigit(r[2]) && r[3] == UInt8(ascii: ":") && isDigit(r[4]) && isDigit(r[5])
        }
        let rest = time[8...]
        var matches = isZone(rest)
        if !matches, let lead = rest.first, lead != UInt8(ascii: "\n") {
            // `.` is one character (a whole UTF-8 sequence), then one or more digits.
            let width = lead < 0x80 ? 1 : (lead >= 0xF0 ? 4 : (lead >= 0xE0 ? 3 : 2))
            var index = min(rest.startIndex + width, rest.endIndex)
            let digitsStart = index
            while index < rest.endIndex && isDigit(rest[index]) { index += 1 }
            matches = index > digitsStart && isZone(rest[index...])
        }
        return matches && number(0) <= 23 && number(3) <= 59 && number(6) <= 59
    }
}

extension KubernetesFormat {
    // MARK: - Go's url.ParseRequestURI

    /// The checks of Go's `net/url.ParseRequestURI` (Go 1.27, default GODEBUG), reporting the error text
    /// that follows `parse "<url>": `.
    fileprivate enum RequestURI {
        enum Mode { case path, host, zone, userPassword }

        static func parseError(_ raw: [UInt8]) -> String? {
            if raw.contains(where: { $0 < 0x20 || $0 == 0x7F }) { return "net/url: invalid control character in URL" }
            if raw.isEmpty { return "empty url" }
            if raw == [UInt8(ascii: "*")] { return nil }

            // getScheme: [a-zA-Z][a-zA-Z0-9+-.]* followed by ':'.
            var scheme: [UInt8] = []
            var rest = raw[...]
            for index in raw.indices {
                let c = raw[index]
                if (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z"))
                    || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
                {
                    continue
                }
                if (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || c == UInt8(ascii: "+")
                    || c == UInt8(ascii: "-")
                    || c == UInt8(ascii: ".")
                {
                    if index == 0 { break }
                    continue
                }
                if c == UInt8(ascii: ":") {
                    if index == 0 { return "missing protocol scheme" }
                    scheme = raw[..<index].map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 + 32 : $0 }
                    rest = raw[(index + 1)...]
                }
                break
            }

            let questionMarks = rest.reduce(0) { $0 + ($1 == UInt8(ascii: "?") ? 1 : 0) }
            if rest.last == UInt8(ascii: "?") && questionMarks == 1 {
                rest = rest.dropLast()
            } else if let question = rest.firstIndex(of: UInt8(ascii: "?")) {
                rest = rest[..<question]
            }

            if rest.first != UInt8(ascii: "/") {
                // A rootless path after a scheme is opaque; without a scheme it is no request URI.
                return scheme.isEmpty ? "invalid URI for request" : nil
            }
            if !scheme.isEmpty && rest.starts(with: [UInt8(ascii: "/"), UInt8(ascii: "/")]) {
                var authority = rest.dropFirst(2)
                if let slash = authority.firstIndex(of: UInt8(ascii: "/")) {
                    rest = authority[slash...]
                    authority = authority[..<slash]
                } else {
                    rest = []
                }
                if let error = authorityError(scheme: scheme, authority) { return error }
            }
            if case .failure(let error) = unescape(rest, .path) { return error.text }
            return nil
        }

        private static func authorityError(scheme: [UInt8], _ authority: ArraySlice<UInt8>) -> String? {
            let at = authority.lastIndex(of: UInt8(ascii: "@"))
            if let error = hostError(scheme: scheme, at.map { authority[($0 + 1)...] } ?? authority) { return error }
            guard let at else { return nil }
            let userinfo = authority[..<at]
            let allowed = Array("-._:~!$&'()*+,;=%@".utf8)
            let valid = userinfo.allSatisfy { byte in
                (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                    || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                    || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || allowed.contains(byte)
            }
            if !valid { return "net/url: invalid userinfo" }
            if let colon = userinfo.firstIndex(of: UInt8(ascii: ":")) {
                if case .failure(let error) = unescape(userinfo[..<colon], .userPassword) { return error.text }
                if case .failure(let error) = unescape(userinfo[(colon + 1)...], .userPassword) { return error.text }
            } else if case .failure(let error) = unescape(userinfo, .userPassword) {
                return error.text
            }
            return nil
        }

        private static func isValidOptionalPort(_ port: ArraySlice<UInt8>) -> Bool {
            guard let first = port.first else { return true }
            return first == UInt8(ascii: ":")
                && port.dropFirst().allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        }

        private static func hostError(scheme: [UInt8], _ host: ArraySlice<UInt8>) -> String? {
            if let open = host.lastIndex(of: UInt8(ascii: "[")), open > host.startIndex { return "invalid IP-literal" }
            if host.first == UInt8(ascii: "[") {
                guard let close = host.lastIndex(of: UInt8(ascii: "]")) else { return "missing ']' in host" }
                let colonPort = host[(close + 1)...]
                if !isValidOptionalPort(colonPort) { return "invalid port " + goQuote(colonPort) + " after host" }
                if case .failure(let error) = unescape(colonPort, .host) { return error.text }
                let hostname = host[(host.startIndex + 1)..<close]
                var unescaped: [UInt8]
                if let zone = firstIndex(of: Array("%25".utf8), in: hostname) {
                    switch (unescape(hostname[..<zone], .host), unescape(hostname[zone...], .zone)) {
                    case (.failure(let error), _), (_, .failure(let error)): return error.text
                    case (.success(let address), .success(let zoneText)): unescaped = address + zoneText
                    }
                } else {
                    switch unescape(hostname, .host) {
                    case .failure(let error): return error.text
                    case .success(let address): unescaped = address
                    }
                }
                switch NetIP.parseAddress(unescaped) {
                case .failure(let error): return "invalid host: " + error.text
                case .success(let isIPv4): return isIPv4 ? "invalid IP-literal" : nil
                }
            }
            if var colon = host.firstIndex(of: UInt8(ascii: ":")) {
                let lastColon = host.lastIndex(of: UInt8(ascii: ":"))!
                // Colons inside the host are rejected for http(s) only (Go's urlstrictcolons=1).
                if lastColon != colon && scheme != Array("http".utf8) && scheme != Array("https".utf8) {
                    colon = lastColon
                }
                let colonPort = host[colon...]
                if !isValidOptionalPort(colonPort) { return "invalid port " + goQuote(colonPort) + " after host" }
            }
            if case .failure(let error) = unescape(host, .host) { return error.text }
            return nil
        }

        private static func firstIndex(of needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Int? {
            guard haystack.count >= needle.count else { return nil }
            var index = haystack.startIndex
            while index + needle.count <= haystack.endIndex {
                if haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
                index += 1
            }
            return nil
        }

        struct Failure: Error {
            var text: String
        }

        /// Go's `shouldEscape(c, encodeHost)`: what may not appear raw in a host or zone.
        private static func hostNeedsEscape(_ c: UInt8) -> Bool {
            if (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
                || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9"))
            {
                return false
            }
            return !Array("!$&'()*+,;=:[]<>\"-_.~".utf8).contains(c)
        }

        private static func isHex(_ c: UInt8) -> Bool {
            (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "f"))
                || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "F"))
        }

        private static func unhex(_ c: UInt8) -> UInt8 {
            c <= UInt8(ascii: "9") ? c - UInt8(ascii: "0") : (c | 0x20) - UInt8(ascii: "a") + 10
        }

        /// Go's `unescape`: validates `%XX` escapes (and host characters) and decodes them.
        static func unescape(_ s: ArraySlice<UInt8>, _ mode: Mode) -> Result<[UInt8], Failure> {
            let bytes = Array(s)
            var index = 0
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count)
            while index < bytes.count {
                let c = bytes[index]
                if c == UInt8(ascii: "%") {
                    if index + 2 >= bytes.count || !isHex(bytes[index + 1]) || !isHex(bytes[index + 2]) {
                        let bad = bytes[index..<min(index + 3, bytes.count)]
                        return .failure(Failure(text: "invalid URL escape " + goQuote(bad)))
                    }
                    let escape = bytes[index..<(index + 3)]
                    let isPercent = escape.elementsEqual(Array("%25".utf8))
                    let decoded = unhex(bytes[index + 1]) << 4 | unhex(bytes[index + 2])
                    if mode == .host && unhex(bytes[index + 1]) < 8 && !isPercent {
                        return .failure(Failure(text: "invalid URL escape " + goQuote(escape)))
                    }
                    if mode == .zone && !isPercent && decoded != UInt8(ascii: " ") && hostNeedsEscape(decoded) {
                        return .failure(Failure(text: "invalid URL escape " + goQuote(escape)))
                    }
                    output.append(decoded)
                    index += 3
                } else {
                    if (mode == .host || mode == .zone) && c < 0x80 && hostNeedsEscape(c) {
                        return .failure(
                            Failure(text: "invalid character " + goQuote(bytes[index...index]) + " in host name"))
                    }
                    output.append(c)
                    index += 1
                }
            }
            return .success(output)
        }
    }

    // MARK: - Go's net/netip.ParseAddr

    fileprivate enum NetIP {
        struct Failure: Error {
            var text: String
        }

        private static func failure(_ input: [UInt8], _ message: String, at: ArraySlice<UInt8> = []) -> Failure {
            var text = "ParseAddr(" + goQuote(input[...]) + "): " + message
            if !at.isEmpty { text += " (at " + goQuote(at) + ")" }
            return Failure(text: text)
        }

        /// Parses an IPv4 or IPv6 address; success tells whether it is IPv4.
        static func parseAddress(_ s: [UInt8]) -> Result<Bool, Failure> {
            for byte in s {
                switch byte {
                case UInt8(ascii: "."):
                    if let error = ipv4FieldsError(s, 0, s.count) { return .failure(error) }
                    return .success(true)
                case UInt8(ascii: ":"):
                    if let error = ipv6Error(s) { return .failure(error) }
                    return .success(false)
                case UInt8(ascii: "%"):
                    return .failure(failure(s, "missing IPv6 address"))
                default:
                    continue
                }
            }
            return .failure(failure(s, "unable to parse IP"))
        }

        private static func ipv4FieldsError(_ input: [UInt8], _ start: Int, _ end: Int) -> Failure? {
            let s = input[start..<end]
            var value = 0
            var position = 0
            var digits = 0
            for index in s.indices {
                let c = s[index]
                if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") {
                    if digits == 1 && value == 0 { return failure(input, "IPv4 field has octet with leading zero") }
                    value = value * 10 + Int(c - UInt8(ascii: "0"))
                    digits += 1
                    if value > 255 { return failure(input, "IPv4 field has value >255") }
                } else if c == UInt8(ascii: ".") {
                    if index == s.startIndex || index == s.endIndex - 1 || s[index - 1] == UInt8(ascii: ".") {
                        return failure(input, "IPv4 field must have at least one digit", at: s[index...])
                    }
                    if position == 3 { return failure(input, "IPv4 address too long") }
                    position += 1
                    value = 0
                    digits = 0
                } else {
                    return failure(input, "unexpected character", at: s[index...])
                }
            }
            if position < 3 { return failure(input, "IPv4 address too short") }
            return nil
        }

        private static func ipv6Error(_ input: [UInt8]) -> Failure? {
            var s = input[...]
            var zoneLength = 0
            if let percent = s.firstIndex(of: UInt8(ascii: "%")) {
                zoneLength = s.endIndex - percent - 1
                s = s[..<percent]
                if zoneLength == 0 { return failure(input, "zone must be a non-empty string") }
            }
            var ellipsis = -1
            if s.count >= 2 && s[s.startIndex] == UInt8(ascii: ":") && s[s.startIndex + 1] == UInt8(ascii: ":") {
                ellipsis = 0
                s = s.dropFirst(2)
                if s.isEmpty { return nil }
            }
            var filled = 0
            while filled < 16 {
                var offset = 0
                while offset < s.count {
                    let c = s[s.startIndex + offset]
                    let isHexDigit =
                        (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9"))
                        || (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "f"))
                        || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "F"))
                    if !isHexDigit { break }
                    if offset > 3 { return failure(input, "each group must have 4 or less digits", at: s) }
                    offset += 1
                }
                if offset == 0 {
                    return failure(input, "each colon-separated field must have at least one digit", at: s)
                }
                if offset < s.count && s[s.startIndex + offset] == UInt8(ascii: ".") {
                    if ellipsis < 0 && filled != 12 {
                        return failure(
                            input, "embedded IPv4 address must replace the final 2 fields of the address", at: s)
                    }
                    if filled + 4 > 16 {
                        return failure(
                            input, "too many hex fields to fit an embedded IPv4 at the end of the address", at: s)
                    }
                    let end = input.count - (zoneLength > 0 ? zoneLength + 1 : 0)
                    if let error = ipv4FieldsError(input, end - s.count, end) { return error }
                    s = []
                    filled += 4
                    break
                }
                filled += 2
                s = s.dropFirst(offset)
                if s.isEmpty { break }
                if s.first != UInt8(ascii: ":") {
                    return failure(input, "unexpected character, want colon", at: s)
                } else if s.count == 1 {
                    return failure(input, "colon must be followed by more characters", at: s)
                }
                s = s.dropFirst()
                if s.first == UInt8(ascii: ":") {
                    if ellipsis >= 0 { return failure(input, "multiple :: in address", at: s) }
                    ellipsis = filled
                    s = s.dropFirst()
                    if s.isEmpty { break }
                }
            }
            if !s.isEmpty { return failure(input, "trailing garbage after address", at: s) }
            if filled < 16 {
                if ellipsis < 0 { return failure(input, "address string too short") }
            } else if ellipsis >= 0 {
                return failure(input, "the :: must expand to at least one field of zeros")
            }
            return nil
        }
    }

    // MARK: - Go's strconv.Quote

    /// `strconv.Quote` of raw bytes: a double-quoted Go string literal, printable characters kept,
    /// others escaped (`\n`, `\x01`, `\u00a0`), bytes that are not UTF-8 as `\xNN`.
    fileprivate static func goQuote(_ bytes: ArraySlice<UInt8>) -> String {
        let b = Array(bytes)
        var out = "\""
        var index = 0
        let hex = Array("0123456789abcdef")
        func escape(_ value: UInt32, digits: Int, prefix: String) {
            out += prefix
            for shift in stride(from: (digits - 1) * 4, through: 0, by: -4) {
                out.append(hex[Int((value >> UInt32(shift)) & 0xF)])
            }
        }
        while index < b.count {
            let (scalar, width) = decodeUTF8(b, index)
            guard let scalar else {
                escape(UInt32(b[index]), digits: 2, prefix: "\\x")
                index += 1
                continue
            }
            index += width
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where isGoPrintable(scalar): out.unicodeScalars.append(scalar)
            case "\u{07}": out += "\\a"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{0B}": out += "\\v"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: escape(scalar.value, digits: 2, prefix: "\\x")
            case _ where scalar.value < 0x10000: escape(scalar.value, digits: 4, prefix: "\\u")
            default: escape(scalar.value, digits: 8, prefix: "\\U")
            }
        }
        return out + "\""
    }

    /// Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space.
    fileprivate static func isGoPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == " " { return true }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .nonspacingMark, .spacingMark, .enclosingMark,
            .decimalNumber, .letterNumber, .otherNumber,
            .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
            .finalPunctuation, .otherPunctuation,
            .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }

    /// Go's `utf8.DecodeRune`: the scalar at `index` and its width, or nil for a byte that does not
    /// start a valid sequence (Go's `RuneError` of width 1).
    fileprivate static func decodeUTF8(_ b: [UInt8], _ index: Int) -> (Unicode.Scalar?, Int) {
        let lead = b[index]
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        func continuation(_ offset: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF) -> UInt32? {
            guard index + offset < b.count, b[index + offset] >= low, b[index + offset] <= high else { return nil }
            return UInt32(b[index + offset] & 0x3F)
        }
        switch lead {
        case 0xC2...0xDF:
            guard let c1 = continuation(1) else { return (nil, 1) }
            return (Unicode.Scalar(UInt32(lead & 0x1F) << 6 | c1), 2)
        case 0xE0...0xEF:
            let low: UInt8 = lead == 0xE0 ? 0xA0 : 0x80
            let high: UInt8 = lead == 0xED ? 0x9F : 0xBF
            guard let c1 = continuation(1, low, high), let c2 = continuation(2) else { return (nil, 1) }
            return (Unicode.Scalar(UInt32(lead & 0x0F) << 12 | c1 << 6 | c2), 3)
        case 0xF0...0xF4:
            let low: UInt8 = lead == 0xF0 ? 0x90 : 0x80
            let high: UInt8 = lead == 0xF4 ? 0x8F : 0xBF
            guard let c1 = continuation(1, low, high), let c2 = continuation(2), let c3 = continuation(3) else {
                return (nil, 1)
            }
            return (Unicode.Scalar(UInt32(lead & 0x07) << 18 | c1 << 12 | c2 << 6 | c3), 4)
        default:
            return (nil, 1)
        }
    }
}
