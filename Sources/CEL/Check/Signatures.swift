// sealgate · CEL

/// The overloads of every library function, so that a call no overload can take (`size(1)`,
/// `'a'.startsWith(1)`) is refused when the expression is compiled, as Kubernetes refuses it. Type
/// parameters and `dyn` match anything; evaluation still checks the values themselves.
enum Signatures {
    /// One overload: `name(params)` or, with a receiver, `receiver.name(params)`.
    struct Overload: Sendable {
        var receiver: StaticType?
        var parameters: [StaticType]
    }

    static let quantity = StaticType.opaque("kubernetes.Quantity")
    static let ip = StaticType.opaque("net.IP")
    static let cidr = StaticType.opaque("net.CIDR")
    static let url = StaticType.opaque("kubernetes.URL")
    static let namedFormat = StaticType.opaque("kubernetes.NamedFormat")

    /// The overloads, written as `name(types)` or `receiver.name(types)`, `|` separating alternatives of
    /// one position. `A` is a type parameter.
    private static let table: [String] = [
        // Standard definitions.
        "size(string|bytes|list(A)|map(A,A))", "string.size()", "bytes.size()", "list(A).size()", "map(A,A).size()",
        "string.contains(string)", "string.startsWith(string)", "string.endsWith(string)",
        "matches(string,string)", "string.matches(string)",
        "int(int|uint|double|string|timestamp|duration)", "uint(int|uint|double|string)", "double(int|uint|double|string)",
        "string(int|uint|double|bool|bytes|string|timestamp|duration|net.IP|net.CIDR)", "bytes(bytes|string)",
        "bool(bool|string)", "duration(duration|string)", "timestamp(timestamp|string|int)", "type(A)", "dyn(A)",
        "timestamp.getFullYear()", "timestamp.getFullYear(string)", "timestamp.getMonth()", "timestamp.getMonth(string)",
        "timestamp.getDayOfYear()", "timestamp.getDayOfYear(string)", "timestamp.getDayOfMonth()",
        "timestamp.getDayOfMonth(string)", "timestamp.getDate()", "timestamp.getDate(string)", "timestamp.getDayOfWeek()",
        "timestamp.getDayOfWeek(string)", "timestamp|duration.getHours()", "timestamp.getHours(string)",
        "timestamp|duration.getMinutes()", "timestamp.getMinutes(string)", "timestamp|duration.getSeconds()",
        "timestamp.getSeconds(string)", "timestamp|duration.getMilliseconds()", "timestamp.getMilliseconds(string)",
        // Strings extension.
        "string.charAt(int)", "string.indexOf(string)", "string.indexOf(string,int)", "string.lastIndexOf(string)",
        "string.lastIndexOf(string,int)", "string.lowerAscii()", "string.upperAscii()", "string.replace(string,string)",
        "string.replace(string,string,int)", "string.split(string)", "string.split(string,int)", "string.substring(int)",
        "string.substring(int,int)", "string.trim()", "list(string).join()", "list(string).join(string)",
        "strings.quote(string)", "string.format(list(A))", "string.reverse()",
        // Kubernetes lists, and the sets extension.
        "list(A).isSorted()", "list(A).sum()", "list(A).min()", "list(A).max()", "list(A).indexOf(A)",
        "list(A).lastIndexOf(A)", "list(A).reverse()",
        "sets.contains(list(A),list(A))", "sets.equivalent(list(A),list(A))", "sets.intersects(list(A),list(A))",
        // Kubernetes regex.
        "string.find(string)", "string.findAll(string)", "string.findAll(string,int)",
        // Optionals.
        "optional.of(A)", "optional.none()", "optional.ofNonZeroValue(A)", "optional(A).hasValue()", "optional(A).value()",
        // Kubernetes quantity.
        "quantity(string)", "isQuantity(string)", "kubernetes.Quantity.sign()", "kubernetes.Quantity.isInteger()",
        "kubernetes.Quantity.asInteger()", "kubernetes.Quantity.asApproximateFloat()",
        "kubernetes.Quantity.add(kubernetes.Quantity|int)", "kubernetes.Quantity.sub(kubernetes.Quantity|int)",
        "kubernetes.Quantity.isGreaterThan(kubernetes.Quantity)", "kubernetes.Quantity.isLessThan(kubernetes.Quantity)",
        "kubernetes.Quantity.compareTo(kubernetes.Quantity)",
        // Kubernetes IP and CIDR.
        "ip(string)", "isIP(string)", "ip.isCanonical(string)", "net.IP.family()", "net.IP.isUnspecified()",
        "net.IP.isLoopback()", "net.IP.isLinkLocalMulticast()", "net.IP.isLinkLocalUnicast()", "net.IP.isGlobalUnicast()",
        "cidr(string)", "isCIDR(string)", "net.CIDR.containsIP(net.IP|string)", "net.CIDR.containsCIDR(net.CIDR|string)",
        "net.CIDR.ip()", "net.CIDR.masked()", "net.CIDR.prefixLength()",
        // Kubernetes URL.
        "url(string)", "isURL(string)", "kubernetes.URL.getScheme()", "kubernetes.URL.getHost()",
        "kubernetes.URL.getHostname()", "kubernetes.URL.getPort()", "kubernetes.URL.getEscapedPath()",
        "kubernetes.URL.getQuery()",
        // Kubernetes format.
        "format.dns1123Label()", "format.dns1123Subdomain()", "format.dns1035Label()", "format.qualifiedName()",
        "format.dns1123LabelPrefix()", "format.dns1123SubdomainPrefix()", "format.dns1035LabelPrefix()",
        "format.labelValue()", "format.uri()", "format.uuid()", "format.byte()", "format.date()", "format.datetime()",
        "format.named(string)", "kubernetes.NamedFormat.validate(string)",
    ]

    /// Global functions by name, and methods by name.
    static let (global, member): ([String: [Overload]], [String: [Overload]]) = {
        var global: [String: [Overload]] = [:], member: [String: [Overload]] = [:]
        let namespaces = ["optional.", "sets.", "strings.", "format.", "ip."]
        for entry in table {
            // The parameter list's "(" matches the final ")"; receivers such as `list(A)` have their own.
            var depth = 0
            var open = entry.index(before: entry.endIndex)
            for index in entry.indices.reversed() {
                if entry[index] == ")" { depth += 1 } else if entry[index] == "(" { depth -= 1 }
                if depth == 0 { open = index; break }
            }
            let head = String(entry[..<open])
            let parameters = split(String(entry[entry.index(after: open)..<entry.index(before: entry.endIndex)]))
            let alternatives = parameters.map { $0.split(separator: "|").map { parse(String($0)) } }
            var parameterLists: [[StaticType]] = [[]]
            for choices in alternatives {
                parameterLists = parameterLists.flatMap { prefix in choices.map { prefix + [$0] } }
            }
            if let dot = head.lastIndex(of: "."), !namespaces.contains(where: { head.hasPrefix($0) }) {
                let name = String(head[head.index(after: dot)...])
                for receiver in String(head[..<dot]).split(separator: "|").map({ parse(String($0)) }) {
                    for list in parameterLists { member[name, default: []].append(Overload(receiver: receiver, parameters: list)) }
                }
            } else {
                for list in parameterLists { global[head, default: []].append(Overload(receiver: nil, parameters: list)) }
            }
        }
        return (global, member)
    }()

    /// Splits `a,map(b,c),d` at its top-level commas.
    private static func split(_ text: String) -> [String] {
        guard !text.isEmpty else { return [] }
        var parts: [String] = [], current = "", depth = 0
        for c in text {
            if c == "," && depth == 0 { parts.append(current); current = ""; continue }
            if c == "(" { depth += 1 } else if c == ")" { depth -= 1 }
            current.append(c)
        }
        return parts + [current]
    }

    private static func parse(_ text: String) -> StaticType {
        switch text {
        case "A", "dyn": return .dyn
        case "int": return .int
        case "uint": return .uint
        case "double": return .double
        case "bool": return .bool
        case "string": return .string
        case "bytes": return .bytes
        case "timestamp": return .timestamp
        case "duration": return .duration
        case "null": return .null
        case "type": return .type
        default: break
        }
        if text.hasPrefix("list(") { return .list(parse(String(text.dropFirst(5).dropLast()))) }
        if text.hasPrefix("optional(") { return .optional(parse(String(text.dropFirst(9).dropLast()))) }
        if text.hasPrefix("map(") {
            let parts = split(String(text.dropFirst(4).dropLast()))
            return .map(parse(parts[0]), parse(parts[1]))
        }
        return .opaque(text)
    }

    /// Whether some overload of `name` takes these argument types; nil when the function has no recorded
    /// signatures (then nothing is checked).
    static func accepts(_ name: String, receiver: StaticType?, arguments: [StaticType]) -> Bool? {
        guard let overloads = receiver == nil ? global[name] : member[name] else { return nil }
        return overloads.contains { overload in
            guard overload.parameters.count == arguments.count else { return false }
            if let receiver, let expected = overload.receiver, !receiver.isCompatible(with: expected) { return false }
            return zip(overload.parameters, arguments).allSatisfy { $0.isCompatible(with: $1) }
        }
    }
}
