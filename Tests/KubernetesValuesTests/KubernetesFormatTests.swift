// sealgate · KubernetesValues tests

import Testing

@testable import KubernetesValues

/// The CEL `format` library's validators, with Kubernetes' exact messages.
struct KubernetesFormatTests {
    // The messages as apimachinery words them (RegexError puts two spaces before " or ").
    static let label =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
    static let subdomain =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
    static let dns1035 =
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"
    static let namePart =
        "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
    static let labelKey =
        "a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
    static let labelValue =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
    static let tooLong63 = "must be no more than 63 characters"
    static let tooLong253 = "must be no more than 253 characters"

    static let a63 = String(repeating: "a", count: 63)
    static let a64 = String(repeating: "a", count: 64)

    @Test func namesAreTheLibrarys() {
        #expect(
            KubernetesFormat.allCases.map(\.rawValue) == [
                "dns1123Label", "dns1123Subdomain", "dns1035Label", "qualifiedName", "dns1123LabelPrefix",
                "dns1123SubdomainPrefix", "dns1035LabelPrefix", "labelValue", "uri", "uuid", "byte", "date", "datetime",
            ])
        #expect(KubernetesFormat.named("dns1123Label") == .dns1123Label)
        #expect(KubernetesFormat.named("datetime") == .datetime)
        #expect(KubernetesFormat.named("DNS1123Label") == nil)
        #expect(KubernetesFormat.named("email") == nil)
        #expect(KubernetesFormat.uri.maxRegexSize == 1103)
        #expect(KubernetesFormat.dns1123Subdomain.maxRegexSize == 60)
        #expect(KubernetesFormat.uuid.typeName == "uuid")
        #expect(KubernetesFormat.qualifiedName.typeName == "QualifiedName")
    }

    static let cases: [(KubernetesFormat, String, [String])] = [
        // dns1123Label
        (.dns1123Label, "a", []), (.dns1123Label, "my-name", []), (.dns1123Label, "123-abc", []),
        (.dns1123Label, "0", []), (.dns1123Label, "a--1--2--b", []), (.dns1123Label, a63, []),
        (.dns1123Label, "", [label]), (.dns1123Label, "A", [label]), (.dns1123Label, "My-Name", [label]),
        (.dns1123Label, "-a", [label]), (.dns1123Label, "a-", [label]), (.dns1123Label, "a_b", [label]),
        (.dns1123Label, "é", [label]), (.dns1123Label, "a b", [label]),
        (.dns1123Label, "a.b", ["must not contain dots"]), (.dns1123Label, "1.2.3.4", ["must not contain dots"]),
        (.dns1123Label, a64, [tooLong63]),
        (
            .dns1123Label, String(repeating: "a", count: 32) + "." + String(repeating: "a", count: 31),
            [tooLong63, "must not contain dots"]
        ),
        (.dns1123Label, a64 + "-", [tooLong63, label]),
        // dns1123Subdomain
        (.dns1123Subdomain, "example.com", []), (.dns1123Subdomain, "a", []), (.dns1123Subdomain, "a-b.c-d.e", []),
        (.dns1123Subdomain, "0.0.0.0", []), (.dns1123Subdomain, "apiextensions.k8s.io", []),
        (.dns1123Subdomain, "", [subdomain]), (.dns1123Subdomain, "Example.com", [subdomain]),
        (.dns1123Subdomain, "a..b", [subdomain]), (.dns1123Subdomain, ".a", [subdomain]),
        (.dns1123Subdomain, "a.", [subdomain]), (.dns1123Subdomain, "a_b.com", [subdomain]),
        (.dns1123Subdomain, "a.-b", [subdomain]),
        (.dns1123Subdomain, String(repeating: "a", count: 253), []),
        (.dns1123Subdomain, String(repeating: "a", count: 254), [tooLong253]),
        (.dns1123Subdomain, String(repeating: "a", count: 254) + "-", [tooLong253, subdomain]),
        // dns1035Label
        (.dns1035Label, "my-name", []), (.dns1035Label, "abc-123", []), (.dns1035Label, "a", []),
        (.dns1035Label, "123-abc", [dns1035]), (.dns1035Label, "a.b", [dns1035]), (.dns1035Label, "", [dns1035]),
        (.dns1035Label, "a-", [dns1035]), (.dns1035Label, "Abc", [dns1035]), (.dns1035Label, a64, [tooLong63]),
        // Prefixes for generateName: Kubernetes masks "x-" by replacing the last two bytes with "a".
        (.dns1123LabelPrefix, "my-name-", []), (.dns1123LabelPrefix, "my-name", []), (.dns1123LabelPrefix, "a-", []),
        (.dns1123LabelPrefix, "ab--", []), (.dns1123LabelPrefix, "a.-", []), (.dns1123LabelPrefix, a63 + "-", []),
        (.dns1123LabelPrefix, "-", [label]), (.dns1123LabelPrefix, "Foo-", [label]),
        (.dns1123LabelPrefix, "a?-", []), (.dns1123LabelPrefix, "a.b-", ["must not contain dots"]),
        (.dns1123LabelPrefix, a64 + "a-", [tooLong63]), (.dns1123LabelPrefix, "", [label]),
        (.dns1123SubdomainPrefix, "example.com-", []), (.dns1123SubdomainPrefix, "foo.-", []),
        (.dns1123SubdomainPrefix, "foo...-", [subdomain]), (.dns1123SubdomainPrefix, "foo..-", []),
        (.dns1123SubdomainPrefix, "-", [subdomain]),
        (.dns1123SubdomainPrefix, "Foo-", [subdomain]),
        (.dns1035LabelPrefix, "my-name-", []), (.dns1035LabelPrefix, "a-", []), (.dns1035LabelPrefix, "1a-", [dns1035]),
        (.dns1035LabelPrefix, "-", [dns1035]),
        // qualifiedName (a label key)
        (.qualifiedName, "MyName", []), (.qualifiedName, "my.name", []), (.qualifiedName, "123-abc", []),
        (.qualifiedName, "example.com/MyName", []), (.qualifiedName, "apiextensions.k8s.io/v1beta1", []),
        (.qualifiedName, "a/b", []), (.qualifiedName, "a_b", []),
        (.qualifiedName, "", ["name part must be non-empty", namePart]),
        (.qualifiedName, "/a", ["prefix part must be non-empty"]),
        (.qualifiedName, "a/", ["name part must be non-empty", namePart]),
        (.qualifiedName, "/", ["prefix part must be non-empty", "name part must be non-empty", namePart]),
        (.qualifiedName, "a/b/c", [labelKey]), (.qualifiedName, "Example.com/a", ["prefix part " + subdomain]),
        (.qualifiedName, "-a", [namePart]), (.qualifiedName, "a.", [namePart]),
        (.qualifiedName, a64, ["name part " + tooLong63]),
        (.qualifiedName, "Bad_/" + a64 + "-", ["prefix part " + subdomain, "name part " + tooLong63, namePart]),
        // labelValue
        (.labelValue, "", []), (.labelValue, "MyValue", []), (.labelValue, "my_value", []), (.labelValue, "12345", []),
        (.labelValue, "a.b-c_d", []), (.labelValue, a63, []),
        (.labelValue, "-a", [labelValue]), (.labelValue, "a-", [labelValue]), (.labelValue, "a b", [labelValue]),
        (.labelValue, "a/b", [labelValue]), (.labelValue, a64, [tooLong63]),
        (.labelValue, a64 + "_", [tooLong63, labelValue]),
        // uri: Go's url.ParseRequestURI
        (.uri, "http://example.com", []), (.uri, "https://example.com/path?q=1", []), (.uri, "/absolute/path", []),
        (.uri, "mailto:user@example.com", []), (.uri, "*", []), (.uri, "http://[::1]:8080/", []),
        (.uri, "http://user:pass@host/", []), (.uri, "urn:isbn:0451450523", []), (.uri, "http://[fe80::1%25en0]/", []),
        (.uri, "http://[::ffff:1.2.3.4]/", []), (.uri, "ftp://localhost:1:2", []), (.uri, "http://héllo.example/", []),
        (.uri, "http://ex%C3%A9.com/", []), (.uri, "http://a/b?", []), (.uri, "//not-a-host/path", []),
        (.uri, "http://host/p%20q", []), (.uri, "HTTP://host:/", []),
        (.uri, "", [#"parse "": empty url"#]),
        (.uri, "example.com", [#"parse "example.com": invalid URI for request"#]),
        (.uri, "relative/path", [#"parse "relative/path": invalid URI for request"#]),
        (.uri, ":foo", [#"parse ":foo": missing protocol scheme"#]),
        (.uri, "http://example.com/%zz", [#"parse "http://example.com/%zz": invalid URL escape "%zz""#]),
        (.uri, "http://example.com/%4", [#"parse "http://example.com/%4": invalid URL escape "%4""#]),
        (.uri, "http://exa mple.com", [#"parse "http://exa mple.com": invalid character " " in host name"#]),
        (.uri, "http://[::1", [#"parse "http://[::1": missing ']' in host"#]),
        (.uri, "http://[::1]x", [#"parse "http://[::1]x": invalid port "x" after host"#]),
        (.uri, "http://[::1]:80a", [#"parse "http://[::1]:80a": invalid port ":80a" after host"#]),
        (.uri, "http://host:port", [#"parse "http://host:port": invalid port ":port" after host"#]),
        (.uri, "http://localhost:1:2", [#"parse "http://localhost:1:2": invalid port ":1:2" after host"#]),
        (.uri, "http://a b@host", [#"parse "http://a b@host": net/url: invalid userinfo"#]),
        (.uri, "http://a%zz@host", [#"parse "http://a%zz@host": invalid URL escape "%zz""#]),
        (.uri, "http://[1.2.3.4]/", [#"parse "http://[1.2.3.4]/": invalid IP-literal"#]),
        (.uri, "http://a[::1]/", [#"parse "http://a[::1]/": invalid IP-literal"#]),
        (.uri, "http://[foo]/", [#"parse "http://[foo]/": invalid host: ParseAddr("foo"): unable to parse IP"#]),
        (.uri, "http://[]/", [#"parse "http://[]/": invalid host: ParseAddr(""): unable to parse IP"#]),
        (
            .uri, "http://[::1::2]/",
            [#"parse "http://[::1::2]/": invalid host: ParseAddr("::1::2"): multiple :: in address (at ":2")"#]
        ),
        (
            .uri, "http://[01.02.03.04]/",
            [
                #"parse "http://[01.02.03.04]/": invalid host: ParseAddr("01.02.03.04"): IPv4 field has octet with leading zero"#
            ]
        ),
        (
            .uri, "http://[1:2:3:4:5:6:7:8:9]/",
            [
                #"parse "http://[1:2:3:4:5:6:7:8:9]/": invalid host: ParseAddr("1:2:3:4:5:6:7:8:9"): trailing garbage after address (at "9")"#
            ]
        ),
        (
            .uri, "http://[12345::]/",
            [
                #"parse "http://[12345::]/": invalid host: ParseAddr("12345::"): each group must have 4 or less digits (at "12345::")"#
            ]
        ),
        (
            .uri, "http://[1:2]/",
            [#"parse "http://[1:2]/": invalid host: ParseAddr("1:2"): address string too short"#]
        ),
        (
            .uri, "http://[1.2.3.4:5]/",
            [#"parse "http://[1.2.3.4:5]/": invalid host: ParseAddr("1.2.3.4:5"): unexpected character (at ":5")"#]
        ),
        (
            .uri, "http://[%25en0]/",
            [#"parse "http://[%25en0]/": invalid host: ParseAddr("%en0"): missing IPv6 address"#]
        ),
        (.uri, "http://[fe80::1%en0]/", [#"parse "http://[fe80::1%en0]/": invalid URL escape "%en""#]),
        (.uri, "http://%41.com/", [#"parse "http://%41.com/": invalid URL escape "%41""#]),
        (.uri, "http://[%C3]/", [#"parse "http://[%C3]/": invalid host: ParseAddr("\xc3"): unable to parse IP"#]),
        (.uri, "http://a\u{1}", [#"parse "http://a\x01": net/url: invalid control character in URL"#]),
        (.uri, "a\"b", [#"parse "a\"b": invalid URI for request"#]),
        (.uri, "http://x/ü%", [#"parse "http://x/ü%": invalid URL escape "%""#]),
        (.uri, "\u{A0}x", [#"parse "\u00a0x": invalid URI for request"#]),
        // uuid
        (.uuid, "123e4567-e89b-12d3-a456-426614174000", []), (.uuid, "123E4567E89B12D3A456426614174000", []),
        (.uuid, "123e4567-e89b12d3-a456426614174000", []),
        (.uuid, "123e4567-e89b-12d3-a456-42661417400", ["does not match the UUID format"]),
        (.uuid, "g23e4567-e89b-12d3-a456-426614174000", ["does not match the UUID format"]),
        (.uuid, "123e4567--e89b-12d3-a456-426614174000", ["does not match the UUID format"]),
        (.uuid, "{123e4567-e89b-12d3-a456-426614174000}", ["does not match the UUID format"]),
        (.uuid, "", ["does not match the UUID format"]),
        // byte (standard base64, padded)
        (.byte, "aGVsbG8=", []), (.byte, "aGVsbG8h", []), (.byte, "aGVsbA==", []), (.byte, "+/+/", []),
        (.byte, "", ["invalid base64"]), (.byte, "aGVsbG8", ["invalid base64"]),
        (.byte, "aGVsbG8-", ["invalid base64"]),
        (.byte, "a===", ["invalid base64"]), (.byte, "aGVs=A==", ["invalid base64"]),
        (.byte, "aGVsbA=A", ["invalid base64"]),
        (.byte, "aGVs bG8=", ["invalid base64"]),
        // date
        (.date, "2021-01-01", []), (.date, "2020-02-29", []), (.date, "2000-02-29", []), (.date, "0000-02-29", []),
        (.date, "9999-12-31", []),
        (.date, "2021-02-29", ["invalid date"]), (.date, "1900-02-29", ["invalid date"]),
        (.date, "2021-13-01", ["invalid date"]), (.date, "2021-00-10", ["invalid date"]),
        (.date, "2021-01-00", ["invalid date"]), (.date, "2021-04-31", ["invalid date"]),
        (.date, "2021-1-01", ["invalid date"]), (.date, "21-01-01", ["invalid date"]),
        (.date, "2021-01-01T00:00:00Z", ["invalid date"]), (.date, "2021/01/01", ["invalid date"]),
        (.date, "", ["invalid date"]),
        // datetime
        (.datetime, "2021-01-01T00:00:00Z", []), (.datetime, "2021-01-01t00:00:00z", []),
        (.datetime, "2021-01-01T23:59:59.999999999Z", []), (.datetime, "2021-01-01T00:00:00+05:30", []),
        (.datetime, "2021-01-01T00:00:00-08:00", []), (.datetime, "2021-01-01T00:00:00.5+01:00", []),
        (.datetime, "2021-01-01T00:00:00x5Z", []), (.datetime, "2021-01-01T00:00:00é5Z", []),
        (.datetime, "2021-01-01T00:00:00ZtAnything", []), (.datetime, "2021-01-01T00:00:0012Z", []),
        (.datetime, "2021-01-01", ["invalid datetime"]), (.datetime, "2021-01-01T24:00:00Z", ["invalid datetime"]),
        (.datetime, "2021-01-01T00:60:00Z", ["invalid datetime"]),
        (.datetime, "2021-01-01T00:00:60Z", ["invalid datetime"]),
        (.datetime, "2021-01-01T00:00:00", ["invalid datetime"]),
        (.datetime, "2021-01-01T00:00:00+0530", ["invalid datetime"]),
        (.datetime, "2021-02-30T00:00:00Z", ["invalid datetime"]),
        (.datetime, "2021-01-01 00:00:00Z", ["invalid datetime"]),
        (.datetime, "2021-01-01T00:00:00.Z", ["invalid datetime"]),
        (.datetime, "2021-01-01T00:00:00\n5Z", ["invalid datetime"]),
        (.datetime, "abc", ["invalid datetime"]), (.datetime, "", ["invalid datetime"]),
        (.datetime, "2021-01-01T00:00:00+05:30Z", ["invalid datetime"]),
    ]

    @Test(arguments: cases)
    func validates(format: KubernetesFormat, value: String, expected: [String]) {
        #expect(format.validate(value) == expected)
    }
}
