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

    /// `quantity`, `isQuantity` and the Quantity methods.
    static var quantityFunctions: [FunctionDeclaration] {
        var declarations = [
            FunctionDeclaration("quantity") { name in
                [
                    Overload(
                        [.global(.string, returns: .quantity)], .unary { (s) throws(EvalFailure) in .opaque(try Self.quantity(s, name)) })
                ]
            },
            FunctionDeclaration("isQuantity") { name in
                [
                    Overload(
                        [.global(.string, returns: .bool)],
                        .unary { (s) throws(EvalFailure) in
                            .bool((try? Quantity(parsing: try s.string(for: name))) != nil)
                        })
                ]
            },
            FunctionDeclaration("sign") { name in
                [
                    Overload(
                        [.method(on: .quantity, returns: .int)],
                        .unary { (q) throws(EvalFailure) in .int(Int64(try q.opaque(Quantity.self, for: name).sign)) })
                ]
            },
            FunctionDeclaration("isInteger") { name in
                [
                    Overload(
                        [.method(on: .quantity, returns: .bool)],
                        .unary { (q) throws(EvalFailure) in .bool(try q.opaque(Quantity.self, for: name).isInteger) })
                ]
            },
            FunctionDeclaration("asInteger") { name in
                [
                    Overload(
                        [.method(on: .quantity, returns: .int)],
                        .unary { (q) throws(EvalFailure) in
                            let quantity = try q.opaque(Quantity.self, for: name)
                            do { return .int(try quantity.asInteger()) } catch { throw .library("\(name)()", error) }
                        })
                ]
            },
            FunctionDeclaration("asApproximateFloat") { name in
                [
                    Overload(
                        [.method(on: .quantity, returns: .double)],
                        .unary { (q) throws(EvalFailure) in
                            .double(try q.opaque(Quantity.self, for: name).approximateDouble)
                        })
                ]
            },
        ]
        let arithmetic: [(String, @Sendable (Quantity, Quantity) throws -> Quantity)] = [
            ("add", { try $0.adding($1) }),
            ("sub", { try $0.subtracting($1) }),
        ]
        for (operationName, operation) in arithmetic {
            declarations.append(
                FunctionDeclaration(operationName) { name in
                    [
                        Overload(
                            [.method(on: .quantity, .quantity, returns: .quantity), .method(on: .quantity, .int, returns: .quantity)],
                            .binary { (q, other) throws(EvalFailure) in
                                let left = try q.opaque(Quantity.self, for: name)
                                let right: Quantity
                                switch other {
                                case let .int(i): right = Quantity(i)
                                default: right = try other.opaque(Quantity.self, for: name)
                                }
                                do { return .opaque(try operation(left, right)) } catch { throw .library("\(name)()", error) }
                            })
                    ]
                })
        }
        let comparisons: [(String, @Sendable (Quantity, Quantity) -> CELValue)] = [
            ("isGreaterThan", { .bool($0 > $1) }),
            ("isLessThan", { .bool($0 < $1) }),
            ("compareTo", { .int($0 < $1 ? -1 : ($0 == $1 ? 0 : 1)) }),
        ]
        for (comparisonName, compare) in comparisons {
            declarations.append(
                FunctionDeclaration(comparisonName) { name in
                    [
                        Overload(
                            [.method(on: .quantity, .quantity, returns: name == "compareTo" ? .int : .bool)],
                            .binary { (a, b) throws(EvalFailure) in
                                compare(try a.opaque(Quantity.self, for: name), try b.opaque(Quantity.self, for: name))
                            })
                    ]
                })
        }
        return declarations
    }

    private static func quantity(_ s: CELValue, _ function: String) throws(EvalFailure) -> Quantity {
        let text = try s.string(for: function)
        do { return try Quantity(parsing: text) } catch { throw .library("\(function)(\(text.celQuoted))", error) }
    }

    // MARK: - IP and CIDR

    /// `ip`, `isIP`, `ip.isCanonical`, `cidr`, `isCIDR` and their methods.
    static var networkFunctions: [FunctionDeclaration] {
        var declarations = [
            FunctionDeclaration("ip") { name in
                [
                    Overload([.global(.string, returns: .ip)], .unary { (s) throws(EvalFailure) in .opaque(try Self.ip(s, name)) }),
                    // `cidr.ip()`: the CIDR's address.
                    Overload(
                        [.method(on: .cidr, returns: .ip)],
                        .unary { (c) throws(EvalFailure) in .opaque(try c.opaque(CIDR.self, for: name).address) }),
                ]
            },
            FunctionDeclaration("isIP") { name in
                [
                    Overload(
                        [.global(.string, returns: .bool)],
                        .unary { (s) throws(EvalFailure) in .bool(IPAddress.isValid(try s.string(for: name))) })
                ]
            },
            FunctionDeclaration("ip.isCanonical") { name in
                [
                    Overload(
                        [.global(.string, returns: .bool)],
                        .unary { (s) throws(EvalFailure) in
                            let text = try s.string(for: name)
                            return .bool(try Self.ip(s, name).description == text)
                        })
                ]
            },
            FunctionDeclaration("family") { name in
                [
                    Overload(
                        [.method(on: .ip, returns: .int)],
                        .unary { (ip) throws(EvalFailure) in .int(Int64(try ip.opaque(IPAddress.self, for: name).family)) })
                ]
            },
            FunctionDeclaration("cidr") { name in
                [
                    Overload([.global(.string, returns: .cidr)], .unary { (s) throws(EvalFailure) in .opaque(try Self.cidr(s, name)) })
                ]
            },
            FunctionDeclaration("isCIDR") { name in
                [
                    Overload(
                        [.global(.string, returns: .bool)],
                        .unary { (s) throws(EvalFailure) in .bool(CIDR.isValid(try s.string(for: name))) })
                ]
            },
            FunctionDeclaration("containsIP") { name in
                [
                    Overload(
                        [.method(on: .cidr, .ip, returns: .bool), .method(on: .cidr, .string, returns: .bool)],
                        .binary { (c, ip) throws(EvalFailure) in
                            let range = try c.opaque(CIDR.self, for: name)
                            if case .string = ip { return .bool(range.contains(try Self.ip(ip, name))) }
                            return .bool(range.contains(try ip.opaque(IPAddress.self, for: name)))
                        })
                ]
            },
            FunctionDeclaration("containsCIDR") { name in
                [
                    Overload(
                        [.method(on: .cidr, .cidr, returns: .bool), .method(on: .cidr, .string, returns: .bool)],
                        .binary { (c, other) throws(EvalFailure) in
                            let range = try c.opaque(CIDR.self, for: name)
                            if case .string = other { return .bool(range.contains(try Self.cidr(other, name))) }
                            return .bool(range.contains(try other.opaque(CIDR.self, for: name)))
                        })
                ]
            },
            FunctionDeclaration("masked") { name in
                [
                    Overload(
                        [.method(on: .cidr, returns: .cidr)],
                        .unary { (c) throws(EvalFailure) in .opaque(try c.opaque(CIDR.self, for: name).masked) })
                ]
            },
            FunctionDeclaration("prefixLength") { name in
                [
                    Overload(
                        [.method(on: .cidr, returns: .int)],
                        .unary { (c) throws(EvalFailure) in .int(Int64(try c.opaque(CIDR.self, for: name).prefixLength)) })
                ]
            },
        ]
        let predicates: [(String, @Sendable (IPAddress) -> Bool)] = [
            ("isUnspecified", { $0.isUnspecified }),
            ("isLoopback", { $0.isLoopback }),
            ("isLinkLocalMulticast", { $0.isLinkLocalMulticast }),
            ("isLinkLocalUnicast", { $0.isLinkLocalUnicast }),
            ("isGlobalUnicast", { $0.isGlobalUnicast }),
        ]
        for (predicateName, test) in predicates {
            declarations.append(
                FunctionDeclaration(predicateName) { name in
                    [
                        Overload(
                            [.method(on: .ip, returns: .bool)],
                            .unary { (ip) throws(EvalFailure) in .bool(test(try ip.opaque(IPAddress.self, for: name))) })
                    ]
                })
        }
        return declarations
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

    /// `url`, `isURL` and the URL getters.
    static var urlFunctions: [FunctionDeclaration] {
        var declarations = [
            FunctionDeclaration("url") { name in
                [
                    Overload(
                        [.global(.string, returns: .url)],
                        .unary { (s) throws(EvalFailure) in
                            let text = try s.string(for: name)
                            do { return .opaque(try KubernetesURL(parsing: text)) } catch {
                                throw .library("\(name)(\(text.celQuoted))", error)
                            }
                        })
                ]
            },
            FunctionDeclaration("isURL") { name in
                [
                    Overload(
                        [.global(.string, returns: .bool)],
                        .unary { (s) throws(EvalFailure) in .bool(KubernetesURL.isValid(try s.string(for: name))) })
                ]
            },
            FunctionDeclaration("getQuery") { name in
                [
                    Overload(
                        [.method(on: .url, returns: .map(.string, .list(.string)))],
                        .unary { (u) throws(EvalFailure) in
                            let url = try u.opaque(KubernetesURL.self, for: name)
                            return .map(
                                CELMap(url.query.map { (CELMapKey.string($0.0), CELValue.list(CELList($0.1.map(CELValue.string)))) }))
                        })
                ]
            },
        ]
        let getters: [(String, @Sendable (KubernetesURL) -> String)] = [
            ("getScheme", { $0.scheme }),
            ("getHost", { $0.host }),
            ("getHostname", { $0.hostname }),
            ("getPort", { $0.port }),
            ("getEscapedPath", { $0.escapedPath }),
        ]
        for (getterName, getter) in getters {
            declarations.append(
                FunctionDeclaration(getterName) { name in
                    [
                        Overload(
                            [.method(on: .url, returns: .string)],
                            .unary { (u) throws(EvalFailure) in .string(getter(try u.opaque(KubernetesURL.self, for: name))) })
                    ]
                })
        }
        return declarations
    }

    // MARK: - Format

    /// `format.<name>()` for every named format, `format.named` and `validate`.
    static var formatFunctions: [FunctionDeclaration] {
        KubernetesFormat.allCases.map { format in
            FunctionDeclaration("format.\(format.rawValue)") { _ in
                [Overload([.global(returns: .namedFormat)], .nullary { .opaque(format) })]
            }
        } + [
            FunctionDeclaration("format.named") { name in
                [
                    Overload(
                        [.global(.string, returns: .optional(.namedFormat))],
                        .unary { (format) throws(EvalFailure) in
                            .optional(KubernetesFormat(rawValue: try format.string(for: name)).map { .opaque($0) })
                        })
                ]
            },
            FunctionDeclaration("validate") { name in
                [
                    Overload(
                        [.method(on: .namedFormat, .string, returns: .optional(.list(.string)))],
                        .binary { (f, s) throws(EvalFailure) in
                            let errors = try f.opaque(KubernetesFormat.self, for: name).validate(try s.string(for: name))
                            return .optional(errors.isEmpty ? nil : .list(CELList(errors.map(CELValue.string))))
                        })
                ]
            },
        ]
    }
}
