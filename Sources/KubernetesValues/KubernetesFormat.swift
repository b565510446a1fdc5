// sealgate · KubernetesValues

import GoFormats

/// The named string formats of Kubernetes' CEL `format` library (`format.named(name)` and the
/// `format.<name>()` functions), each with the validator Kubernetes runs behind
/// `<Format>.validate(string)`. ``validate(_:)`` returns the same messages, in the same order;
/// an empty list means the value is valid (CEL's `optional.none`).
public enum KubernetesFormat: String, CaseIterable, Sendable {
    /// `dns1123Label`: a DNS label (RFC 1123), at most 63 characters, as names of most objects.
    case dns1123Label
    /// `dns1123Subdomain`: a DNS subdomain (RFC 1123), at most 253 characters.
    case dns1123Subdomain
    /// `dns1035Label`: a DNS label (RFC 1035), starting with a letter, as Service names.
    case dns1035Label
    /// `qualifiedName`: a label or annotation key, with an optional DNS-subdomain prefix and `/`.
    case qualifiedName
    /// `dns1123LabelPrefix`: a ``dns1123Label`` that may end in `-` (a `generateName` prefix).
    case dns1123LabelPrefix
    /// `dns1123SubdomainPrefix`: a ``dns1123Subdomain`` that may end in `-`.
    case dns1123SubdomainPrefix
    /// `dns1035LabelPrefix`: a ``dns1035Label`` that may end in `-`.
    case dns1035LabelPrefix
    /// `labelValue`: a label value, empty or at most 63 characters.
    case labelValue
    /// `uri`: what Go's `url.ParseRequestURI` accepts.
    case uri
    /// `uuid`: a UUID in its 8-4-4-4-12 hex form.
    case uuid
    /// `byte`: standard base64.
    case byte
    /// `date`: an RFC 3339 full date, `YYYY-MM-DD`.
    case date
    /// `datetime`: an RFC 3339 date-time.
    case datetime

    /// The format `format.named(name)` returns, or nil (CEL's `optional.none`).
    public static func named(_ name: String) -> KubernetesFormat? { KubernetesFormat(rawValue: name) }

    /// The `Name` Kubernetes gives the format value.
    public var typeName: String {
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
    public var maxRegexSize: Int {
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
    public func validate(_ value: String) -> [String] {
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
            // Go's `url.ParseRequestURI`; its error reads `parse "<value>": <reason>`.
            do {
                _ = try GoURL.parseRequestURI(bytes)
                return []
            } catch {
                return [error.message]
            }
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
