// sealgate · CEL

// Kubernetes' quantity, IP and CIDR, URL and format libraries, binding the value types of the
// KubernetesValues module to CEL functions with the names and results Kubernetes gives them.

// Public: these values reach CEL's users as `CELValue.opaque`, so their types are part of CEL's API.
public import KubernetesValues

extension Quantity: CELOpaqueValue {
    /// `kubernetes.Quantity`.
    public static var celTypeName: String { "kubernetes.Quantity" }
    /// Equal to another Quantity only.
    public func isEqual(to other: any CELOpaqueValue) -> Bool { (other as? Quantity).map { $0 == self } ?? false }
}

extension IPAddress: CELOpaqueValue {
    /// `net.IP`.
    public static var celTypeName: String { "net.IP" }
    /// Equal to another IPAddress only.
    public func isEqual(to other: any CELOpaqueValue) -> Bool { (other as? IPAddress).map { $0 == self } ?? false }
}

extension CIDR: CELOpaqueValue {
    /// `net.CIDR`.
    public static var celTypeName: String { "net.CIDR" }
    /// Equal to another CIDR only.
    public func isEqual(to other: any CELOpaqueValue) -> Bool { (other as? CIDR).map { $0 == self } ?? false }
}

extension KubernetesURL: CELOpaqueValue {
    /// `kubernetes.URL`.
    public static var celTypeName: String { "kubernetes.URL" }
    /// Equal to another KubernetesURL only.
    public func isEqual(to other: any CELOpaqueValue) -> Bool { (other as? KubernetesURL).map { $0 == self } ?? false }
}

extension KubernetesFormat: CELOpaqueValue {
    /// `kubernetes.NamedFormat`.
    public static var celTypeName: String { "kubernetes.NamedFormat" }
    /// Equal to another KubernetesFormat only.
    public func isEqual(to other: any CELOpaqueValue) -> Bool { (other as? KubernetesFormat).map { $0 == self } ?? false }
    /// The format's name, as `format.named` takes it.
    public var description: String { rawValue }
}

extension EvalFailure {
    /// `context: message` for an error a library type threw; their descriptions are written for the user
    /// (a quantity that does not parse, an IP address out of range).
    static func library(_ context: String, _ error: any Error) -> EvalFailure {
        EvalFailure("\(context): \(String(describing: error))")
    }
}

extension CELValue {
    /// The library value of type `T`, or a "no such overload" failure for `function`.
    func opaque<T: CELOpaqueValue>(_ type: T.Type, for function: String) throws(EvalFailure) -> T {
        guard case let .opaque(value) = self, let typed = value as? T else { throw EvalFailure.noOverload(function, self) }
        return typed
    }
}

extension FunctionLibrary {
    // MARK: - Quantity

    mutating func addQuantity() {
        global("quantity", .unary { (s) throws(EvalFailure) in .opaque(try Self.quantity(s, "quantity")) })
        global("isQuantity", .unary { (s) throws(EvalFailure) in
            .bool((try? Quantity(parsing: try s.string(for: "isQuantity"))) != nil)
        })
        member("sign", .unary { (q) throws(EvalFailure) in .int(Int64(try q.opaque(Quantity.self, for: "sign").sign)) })
        member("isInteger", .unary { (q) throws(EvalFailure) in .bool(try q.opaque(Quantity.self, for: "isInteger").isInteger) })
        member("asInteger", .unary { (q) throws(EvalFailure) in
            let quantity = try q.opaque(Quantity.self, for: "asInteger")
            do { return .int(try quantity.asInteger()) } catch { throw .library("asInteger()", error) }
        })
        member("asApproximateFloat", .unary { (q) throws(EvalFailure) in
            .double(try q.opaque(Quantity.self, for: "asApproximateFloat").approximateDouble)
        })
        for name in ["add", "sub"] {
            member(name, .binary { (q, other) throws(EvalFailure) in
                let left = try q.opaque(Quantity.self, for: name)
                let right: Quantity
                switch other {
                case let .int(i): right = Quantity(i)
                default: right = try other.opaque(Quantity.self, for: name)
                }
                do {
                    return .opaque(name == "add" ? try left.adding(right) : try left.subtracting(right))
                } catch { throw .library("\(name)()", error) }
            })
        }
        member("isGreaterThan", .binary { (a, b) throws(EvalFailure) in
            .bool(try a.opaque(Quantity.self, for: "isGreaterThan") > b.opaque(Quantity.self, for: "isGreaterThan"))
        })
        member("isLessThan", .binary { (a, b) throws(EvalFailure) in
            .bool(try a.opaque(Quantity.self, for: "isLessThan") < b.opaque(Quantity.self, for: "isLessThan"))
        })
        member("compareTo", .binary { (a, b) throws(EvalFailure) in
            let x = try a.opaque(Quantity.self, for: "compareTo"), y = try b.opaque(Quantity.self, for: "compareTo")
            return .int(x < y ? -1 : (x == y ? 0 : 1))
        })
    }

    private static func quantity(_ s: CELValue, _ function: String) throws(EvalFailure) -> Quantity {
        let text = try s.string(for: function)
        do { return try Quantity(parsing: text) } catch { throw .library("\(function)(\(text.celQuoted))", error) }
    }

    // MARK: - IP and CIDR

    mutating func addNetwork() {
        global("ip", .unary { (s) throws(EvalFailure) in .opaque(try Self.ip(s, "ip")) })
        global("isIP", .unary { (s) throws(EvalFailure) in .bool(IPAddress.isValid(try s.string(for: "isIP"))) })
        global("ip.isCanonical", .unary { (s) throws(EvalFailure) in
            let text = try s.string(for: "ip.isCanonical")
            return .bool(try Self.ip(s, "ip.isCanonical").description == text)
        })
        member("family", .unary { (ip) throws(EvalFailure) in .int(Int64(try ip.opaque(IPAddress.self, for: "family").family)) })
        let predicates: [(String, @Sendable (IPAddress) -> Bool)] = [
            ("isUnspecified", { $0.isUnspecified }),
            ("isLoopback", { $0.isLoopback }),
            ("isLinkLocalMulticast", { $0.isLinkLocalMulticast }),
            ("isLinkLocalUnicast", { $0.isLinkLocalUnicast }),
            ("isGlobalUnicast", { $0.isGlobalUnicast }),
        ]
        for (name, test) in predicates {
            member(name, .unary { (ip) throws(EvalFailure) in .bool(test(try ip.opaque(IPAddress.self, for: name))) })
        }
        global("cidr", .unary { (s) throws(EvalFailure) in .opaque(try Self.cidr(s, "cidr")) })
        global("isCIDR", .unary { (s) throws(EvalFailure) in .bool(CIDR.isValid(try s.string(for: "isCIDR"))) })
        member("containsIP", .binary { (c, ip) throws(EvalFailure) in
            let range = try c.opaque(CIDR.self, for: "containsIP")
            if case .string = ip { return .bool(range.contains(try Self.ip(ip, "containsIP"))) }
            return .bool(range.contains(try ip.opaque(IPAddress.self, for: "containsIP")))
        })
        member("containsCIDR", .binary { (c, other) throws(EvalFailure) in
            let range = try c.opaque(CIDR.self, for: "containsCIDR")
            if case .string = other { return .bool(range.contains(try Self.cidr(other, "containsCIDR"))) }
            return .bool(range.contains(try other.opaque(CIDR.self, for: "containsCIDR")))
        })
        member("ip", .unary { (c) throws(EvalFailure) in .opaque(try c.opaque(CIDR.self, for: "ip").address) })
        member("masked", .unary { (c) throws(EvalFailure) in .opaque(try c.opaque(CIDR.self, for: "masked").masked) })
        member("prefixLength", .unary { (c) throws(EvalFailure) in .int(Int64(try c.opaque(CIDR.self, for: "prefixLength").prefixLength)) })
    }

    private static func ip(_ s: CELValue, _ function: String) throws(EvalFailure) -> IPAddress {
        let text = try s.string(for: function)
        do { return try IPAddress(parsing: text) } catch { throw .library("\(function)(\(text.celQuoted))", error) }
    }

    private static func cidr(_ s: CELValue, _ function: String) throws(EvalFailure) -> CIDR {
        let text = try s.string(for: function)
        do { return try CIDR(parsing: text) } catch { throw .library("\(function)(\(text.celQuoted))", error) }
    }

    // MARK: - URL

    mutating func addURL() {
        global("url", .unary { (s) throws(EvalFailure) in
            let text = try s.string(for: "url")
            do { return .opaque(try KubernetesURL(parsing: text)) } catch { throw .library("url(\(text.celQuoted))", error) }
        })
        global("isURL", .unary { (s) throws(EvalFailure) in .bool(KubernetesURL.isValid(try s.string(for: "isURL"))) })
        let getters: [(String, @Sendable (KubernetesURL) -> String)] = [
            ("getScheme", { $0.scheme }),
            ("getHost", { $0.host }),
            ("getHostname", { $0.hostname }),
            ("getPort", { $0.port }),
            ("getEscapedPath", { $0.escapedPath }),
        ]
        for (name, getter) in getters {
            member(name, .unary { (u) throws(EvalFailure) in .string(getter(try u.opaque(KubernetesURL.self, for: name))) })
        }
        member("getQuery", .unary { (u) throws(EvalFailure) in
            let url = try u.opaque(KubernetesURL.self, for: "getQuery")
            return .map(CELMap(url.query.map { (CELMapKey.string($0.0), CELValue.list(CELList($0.1.map(CELValue.string)))) }))
        })
    }

    // MARK: - Format

    mutating func addFormat() {
        for format in KubernetesFormat.allCases {
            global("format.\(format.rawValue)", .nullary { .opaque(format) })
        }
        global("format.named", .unary { (name) throws(EvalFailure) in
            .optional(KubernetesFormat(rawValue: try name.string(for: "format.named")).map { .opaque($0) })
        })
        member("validate", .binary { (f, s) throws(EvalFailure) in
            let errors = try f.opaque(KubernetesFormat.self, for: "validate").validate(try s.string(for: "validate"))
            return .optional(errors.isEmpty ? nil : .list(CELList(errors.map(CELValue.string))))
        })
    }
}
