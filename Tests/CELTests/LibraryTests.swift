// sealgate · CEL tests

import Testing
@testable import CEL

/// The standard functions and the Kubernetes libraries, called from expressions: `expression` → the result
/// as `sealgate cel` prints it, or the start of `error: code: reason`. The standard and extension cases
/// agree with cel-go as Kubernetes configures it.
struct LibraryTests {
    static let stringsCases: [(String, String)] = [
        ("size('héllo')", "5"), ("size('ab🔐cdé€fghijklmnopqrstuvwxyz0123456789')", "38"), ("size('')", "0"), ("'héllo'.size()", "5"),
        ("size(b'h\\xc3\\xa9')", "3"), ("size('🔐')", "1"),
        ("'kubernetes'.contains('net')", "true"), ("'kubernetes'.startsWith('kube')", "true"), ("'kubernetes'.endsWith('tes')", "true"),
        ("'abc'.contains('')", "true"), ("''.startsWith('a')", "false"),
        ("'hello'.charAt(1)", "\"e\""), ("'hello'.charAt(5)", "\"\""),
        ("'hello'.charAt(6)", "error: evaluation: charAt(): index out of range: 6"),
        ("'héllo'.indexOf('l')", "2"), ("'hello'.indexOf('')", "0"), ("'hello'.indexOf('z')", "-1"), ("'hello'.indexOf('l', 3)", "3"),
        ("'hello'.lastIndexOf('l')", "3"), ("'hello'.lastIndexOf('')", "5"), ("'hello'.lastIndexOf('l', 2)", "2"),
        ("'hello'.indexOf('l', 9)", "-1"), ("'hello'.indexOf('l', -1)", "error: evaluation: indexOf(): index out of range: -1"),
        ("'hello'.indexOf('', 9)", "5"), ("'hello'.lastIndexOf('l', 9)", "-1"), ("'hello'.lastIndexOf('h', 0)", "0"),
        ("'TacoCat'.lowerAscii()", "\"tacocat\""), ("'TacoCÄt'.upperAscii()", "\"TACOCÄT\""),
        ("'a-b-c'.replace('-', '+')", "\"a+b+c\""), ("'a-b-c'.replace('-', '+', 1)", "\"a+b-c\""), ("'ab'.replace('', '_')", "\"_a_b_\""),
        ("'a,b,,c'.split(',')", "[\"a\",\"b\",\"\",\"c\"]"), ("'a,b,c'.split(',', 2)", "[\"a\",\"b,c\"]"), ("'a,b'.split(',', 0)", "[]"),
        ("'abc'.split('')", "[\"a\",\"b\",\"c\"]"),
        ("'kubernetes'.substring(4)", "\"rnetes\""), ("'kubernetes'.substring(0, 4)", "\"kube\""),
        ("'abc'.substring(2, 1)", "error: evaluation: substring(): invalid substring range. start: 2, end: 1"),
        ("'abc'.substring(4)", "error: evaluation: substring(): index out of range: 4"),
        ("'  \\t trim me \\n'.trim()", "\"trim me\""), ("['a', 'b'].join()", "\"ab\""), ("['a', 'b'].join(', ')", "\"a, b\""),
        ("[].join('-')", "\"\""), ("strings.quote('say \"hi\"\\n')", "\"\\\"say \\\\\\\"hi\\\\\\\"\\\\n\\\"\""),
        ("'stressed'.reverse()", "\"desserts\""), ("'héllo'.reverse()", "\"olléh\""),
        ("'%s has %d replicas'.format([dyn('web'), 3])", "\"web has 3 replicas\""), ("'%.2f'.format([3.14159])", "\"3.14\""),
        ("'%f'.format([1.0])", "\"1.000000\""), ("'%f'.format([1])", "error: evaluation: format(): %f needs a double, not an int"),
        ("'%e'.format([1234.5])", "\"1.234500\u{202F}×\u{202F}10⁰³\""), ("'%.1e'.format([0.00012])", "\"1.200000\u{202F}×\u{202F}10⁻⁰⁴\""),
        ("'%s'.format([{'b': dyn(1), 'a': [1.5]}])", "\"{\\\"a\\\":[1.500000], \\\"b\\\":1}\""), ("'%s'.format([2.0])", "\"2\""),
        ("'%x'.format([255])", "\"ff\""),
        ("'%X'.format(['hi'])", "\"6869\""), ("'%o'.format([8])", "\"10\""), ("'%b'.format([5])", "\"101\""),
        ("'100%%'.format([])", "\"100%\""),
        ("'%s has %d replicas'.format(['web', 3])", "\"web has 3 replicas\""), ("'%s'.format([['a', 1]])", "\"[\\\"a\\\", 1]\""),
        ("['a', 1].size()", "error: check: expected type 'string' but found 'int'"),
        ("'%s'.format([[1, dyn('a')]])", "\"[1, \\\"a\\\"]\""), ("'%s'.format([null])", "\"null\""),
        ("'%d'.format(['x'])", "error: evaluation: format(): %d needs an integer"),
        ("'%s %s'.format(['a'])", "error: evaluation: format(): clause %s has no argument"),
        ("'%z'.format([1])", "error: evaluation: format(): unknown clause %z"),
        ("'abc'.matches('^a.c$')", "true"), ("matches('abc', 'b')", "true"), ("'abc'.matches('^b')", "false"),
        ("'ab'.matches('(a)\\\\1')", "error: check: invalid regular expression"),
        ("'my-app-123'.find('[0-9]+')", "\"123\""), ("'abc'.find('[0-9]+')", "\"\""),
        ("'a1b22c333'.findAll('[0-9]+')", "[\"1\",\"22\",\"333\"]"), ("'a1b22c333'.findAll('[0-9]+', 2)", "[\"1\",\"22\"]"),
        ("'abc'.matches(dyn('['))", "error: evaluation: matches(): invalid regular expression \"[\""),
    ]

    @Test(arguments: stringsCases)
    func string(_ source: String, _ expected: String) {
        #expect(evaluate(source).hasPrefix(expected))
    }

    static let conversionsCases: [(String, String)] = [
        ("int('42')", "42"), ("int('-9223372036854775808')", "-9223372036854775808"),
        ("int(' 1')", "error: evaluation: int(\" 1\"): not a base-10 integer"),
        ("int(3.9)", "3"), ("int(-3.9)", "-3"), ("int(1e19)", "error: evaluation: int(1e+19) is out of the int range"),
        ("int(18446744073709551615u)", "error: evaluation"),
        ("int(timestamp('1970-01-01T00:01:00Z'))", "60"), ("int(duration('1s'))", "1000000000"),
        ("uint(42)", "42"), ("uint(-1)", "error: evaluation: uint(-1) is out of the uint range"), ("uint('7')", "7"), ("uint(2.7)", "2"),
        ("double(1)", "1.0"), ("double('2.5e3')", "2500.0"), ("double('x')", "error: evaluation: double(\"x\"): not a number"),
        ("double(2u)", "2.0"),
        ("string(1)", "\"1\""), ("string(18446744073709551615u)", "\"18446744073709551615\""), ("string(1.5)", "\"1.5\""),
        ("string(1e21)", "\"1e+21\""),
        ("string(100000.0)", "\"100000\""), ("string(1000000.0)", "\"1e+06\""), ("string(0.0001)", "\"0.0001\""),
        ("string(true)", "\"true\""),
        ("string(b'hi')", "\"hi\""), ("string(b'\\xff')", "error: evaluation: string(bytes): the bytes are not valid UTF-8"),
        ("string(duration('1m'))", "\"60s\""), ("string(timestamp('2026-02-03T04:05:06.789Z'))", "\"2026-02-03T04:05:06.789Z\""),
        ("bytes('hé')", "\"aMOp\""), ("bool('true')", "true"), ("bool('F')", "false"),
        ("bool('yes')", "error: evaluation: bool(\"yes\"): not a boolean"),
        ("dyn(1) == 1", "true"), ("type(dyn('a'))", "\"string\""), ("type(1u)", "\"uint\""),
        ("type(duration('1s'))", "\"google.protobuf.Duration\""),
        ("type(optional.none())", "\"optional_type\""), ("type(quantity('1'))", "\"kubernetes.Quantity\""),
    ]

    @Test(arguments: conversionsCases)
    func conversion(_ source: String, _ expected: String) {
        #expect(evaluate(source).hasPrefix(expected))
    }

    static let timeCases: [(String, String)] = [
        ("duration('1h30m') + duration('15m')", "\"6300s\""), ("duration('1s') - duration('1.5s')", "\"-0.5s\""),
        ("duration('1h') > duration('59m')", "true"), ("duration('2h').getHours()", "2"), ("duration('90s').getMinutes()", "1"),
        ("duration('1.5s').getMilliseconds()", "1500"),
        ("-duration('1s')", "error: check: found no matching overload for '-_' applied to '(google.protobuf.Duration)'"),
        ("duration('1x')", "error: evaluation: type conversion error"),
        ("timestamp('2026-01-01T00:00:00Z') + duration('36h')", "\"2026-01-02T12:00:00Z\""),
        ("timestamp('2026-01-02T00:00:00Z') - timestamp('2026-01-01T00:00:00Z')", "\"86400s\""),
        ("timestamp('2026-03-01T00:00:00Z') - duration('24h')", "\"2026-02-28T00:00:00Z\""),
        ("timestamp('2026-01-01T00:00:00Z') < timestamp('2026-01-01T00:00:01Z')", "true"),
        ("timestamp('2026-07-04T15:30:45.123Z').getFullYear()", "2026"), ("timestamp('2026-07-04T15:30:45.123Z').getMonth()", "6"),
        ("timestamp('2026-07-04T15:30:45.123Z').getDate()", "4"), ("timestamp('2026-07-04T15:30:45.123Z').getDayOfMonth()", "3"),
        ("timestamp('2026-07-04T15:30:45.123Z').getDayOfWeek()", "6"), ("timestamp('2026-07-04T15:30:45.123Z').getDayOfYear()", "184"),
        ("timestamp('2026-07-04T15:30:45.123Z').getHours()", "15"), ("timestamp('2026-07-04T15:30:45.123Z').getMilliseconds()", "123"),
        ("timestamp('2026-07-04T15:30:45Z').getHours('America/Los_Angeles')", "8"),
        ("timestamp('2026-01-04T15:30:45Z').getHours('America/Los_Angeles')", "7"),
        ("timestamp('2026-07-04T23:30:00Z').getDate('+05:30')", "5"),
        ("timestamp('2026-07-04T15:30:45Z').getHours('Mars/Olympus')", "error: evaluation"),
        ("timestamp(0)", "\"1970-01-01T00:00:00Z\""),
        ("timestamp('9999-12-31T23:59:59Z') + duration('1s')", "error: evaluation: timestamp overflow"),
        ("duration('2562047h') + duration('1h')", "error: evaluation: integer overflow"),
    ]

    @Test(arguments: timeCases)
    func time(_ source: String, _ expected: String) {
        #expect(evaluate(source).hasPrefix(expected))
    }

    static let listsCases: [(String, String)] = [
        ("[1, 2, 3].isSorted()", "true"), ("['b', 'a'].isSorted()", "false"), ("[].isSorted()", "true"),
        ("[1, 2, 3].sum()", "6"), ("[1.5, 2.5].sum()", "4.0"), ("[].sum()", "0"), ("[duration('1s'), duration('2s')].sum()", "\"3s\""),
        ("[9223372036854775807, 1].sum()", "error: evaluation: integer overflow"),
        ("['a'].sum()", "error: evaluation: sum() needs a list of numbers"),
        ("[3, 1, 2].min()", "1"), ("[3, 1, 2].max()", "3"), ("['b', 'a'].min()", "\"a\""),
        ("[].max()", "error: evaluation: max() of an empty list"),
        ("[1, 2, 1].indexOf(1)", "0"), ("[1, 2, 1].lastIndexOf(1)", "2"), ("[1, 2].indexOf(3)", "-1"),
        ("sets.contains([1, 2, 3], [3, 1])", "true"), ("sets.contains([1], [1, 2])", "false"), ("sets.contains([1], [])", "true"),
        ("sets.equivalent([1, 2, 2], [2, 1])", "true"), ("sets.equivalent([1], [1, 2])", "false"),
        ("sets.intersects([1, 2], [2, 3])", "true"), ("sets.intersects([1], [])", "false"), ("sets.contains([1], [dyn(1.0)])", "true"),
    ]

    @Test(arguments: listsCases)
    func list(_ source: String, _ expected: String) {
        #expect(evaluate(source).hasPrefix(expected))
    }

    static let kubernetesCases: [(String, String)] = [
        ("quantity('1Gi') == quantity('1024Mi')", "true"), ("quantity('500m').isLessThan(quantity('1'))", "true"),
        ("quantity('2').isGreaterThan(quantity('1500m'))", "true"), ("quantity('1Gi').compareTo(quantity('1G'))", "1"),
        ("quantity('1.5').add(quantity('500m'))", "\"2\""), ("quantity('1Gi').sub(1)", "\"1073741823\""),
        ("quantity('1k').asInteger()", "1000"),
        ("quantity('500m').isInteger()", "false"), ("quantity('500m').asInteger()", "error: evaluation: asInteger()"),
        ("quantity('-1').sign()", "-1"), ("quantity('250m').asApproximateFloat()", "0.25"), ("isQuantity('1Zi')", "false"),
        ("quantity('1Zi')", "error: evaluation: quantity(\"1Zi\"): "),
        ("ip('10.0.0.1').family()", "4"), ("ip('::1').isLoopback()", "true"), ("string(ip('2001:DB8::1'))", "\"2001:db8::1\""),
        ("isIP('10.0.0.256')", "false"), ("ip.isCanonical('2001:db8::1')", "true"), ("ip.isCanonical('2001:DB8::1')", "false"),
        ("cidr('10.0.0.0/8').containsIP(ip('10.1.2.3'))", "true"), ("cidr('10.0.0.0/8').containsIP('11.0.0.1')", "false"),
        ("cidr('10.0.0.0/8').containsCIDR('10.1.0.0/16')", "true"), ("cidr('10.1.2.3/8').masked()", "\"10.0.0.0/8\""),
        ("cidr('10.0.0.0/8').prefixLength()", "8"), ("cidr('10.0.0.0/8').ip()", "\"10.0.0.0\""), ("isCIDR('0.0.0.0/33')", "false"),
        ("cidr('0.0.0.0/0').containsIP('8.8.8.8')", "true"), ("ip('fe80::1').isLinkLocalUnicast()", "true"),
        ("url('https://example.com:8443/a/b?x=1&x=2').getHost()", "\"example.com:8443\""),
        ("url('https://example.com:8443/a/b').getPort()", "\"8443\""), ("url('https://[::1]:80/').getHostname()", "\"::1\""),
        ("url('https://example.com/a%20b').getEscapedPath()", "\"/a%20b\""),
        ("url('https://example.com/?x=1&x=2&y').getQuery()", "{\"x\":[\"1\",\"2\"],\"y\":[\"\"]}"),
        ("url('/relative/path').getScheme()", "\"\""), ("isURL('not a url')", "false"), ("url('https://x/').getScheme()", "\"https\""),
        ("format.dns1123Label().validate('my-app')", "null"), ("format.dns1123Label().validate('My_App').hasValue()", "true"),
        ("format.named('dns1123Subdomain').value().validate('a.b.c')", "null"), ("format.named('nope').hasValue()", "false"),
        ("format.dns1123Label().validate('a' + 'b'.reverse() + '-')", "[\"a lowercase RFC 1123 label must consist of"),
        // A library value that does not parse says why in Kubernetes' words, not as a Swift struct dump.
        (
            "ip('x')",
            "error: evaluation: ip(\"x\"): IP Address \"x\" parse error during conversion from string: ParseAddr(\"x\"): unable to parse IP"
        ),
        ("cidr('10.0.0.0/33')", "error: evaluation: cidr(\"10.0.0.0/33\"): network address parse error during conversion from string:"),
        (
            "url('::')",
            "error: evaluation: url(\"::\"): URL parse error during conversion from string: parse \"::\": missing protocol scheme"
        ),
    ]

    @Test(arguments: kubernetesCases)
    func kubernetes(_ source: String, _ expected: String) {
        #expect(evaluate(source).hasPrefix(expected))
    }
}
