// sealgate · CEL

public import KubeManifest

/// A CEL value.
///
/// Lists and maps read from a manifest stay the manifest's own `Node` arrays and `Mapping`s (a
/// reference, not a copy): a field is converted to a `CELValue` only when an expression reaches it.
public enum CELValue: Sendable {
    /// `null`, and a manifest's `null` or `~`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A signed 64-bit integer; overflow is an evaluation error.
    case int(Int64)
    /// An unsigned 64-bit integer (`1u`); overflow is an evaluation error.
    case uint(UInt64)
    /// A 64-bit floating-point number.
    case double(Double)
    /// Text; its size and indexes count Unicode code points.
    case string(String)
    /// A byte sequence (`b'…'`, `bytes('…')`).
    case bytes([UInt8])
    /// A list, read in place from a manifest or built by the expression.
    case list(CELList)
    /// A map, read in place from a manifest, built by the expression, or given by a ``CELFieldProvider``.
    case map(CELMap)
    /// A type as a value: `type(1)`, or a bare `int`.
    case type(CELType)
    /// An instant (`google.protobuf.Timestamp`).
    case timestamp(CELTimestamp)
    /// A signed span of time (`google.protobuf.Duration`).
    case duration(CELDuration)
    /// `optional.of(x)` is `.optional(x)`, `optional.none()` is `.optional(nil)`.
    indirect case optional(CELValue?)
    /// A value of a library type (quantity, IP address, CIDR, URL, format, …).
    indirect case opaque(any CELOpaqueValue)

    /// The value of a manifest node.
    public init(_ node: Node) {
        self.init(node.value)
    }

    /// The value of a manifest value.
    public init(_ value: Value) {
        switch value {
        case .null: self = .null
        case let .bool(b): self = .bool(b)
        case let .int(i): self = .int(i)
        case let .double(d): self = .double(d)
        case let .string(s): self = .string(s)
        case let .list(nodes): self = .list(CELList(nodes: nodes))
        case let .map(mapping): self = .map(CELMap(mapping))
        }
    }

    /// The CEL type of the value.
    public var type: CELType {
        switch self {
        case .null: .null
        case .bool: .bool
        case .int: .int
        case .uint: .uint
        case .double: .double
        case .string: .string
        case .bytes: .bytes
        case .list: .list
        case .map: .map
        case .type: .type
        case .timestamp: .timestamp
        case .duration: .duration
        case .optional: .optional
        case let .opaque(value): CELType(name: Swift.type(of: value).celTypeName)
        }
    }
}

/// A value of a type a library adds to CEL: a quantity, an IP address, a URL.
public protocol CELOpaqueValue: Sendable, CustomStringConvertible {
    /// The type's CEL name, as `type(x)` and messages show it (`kubernetes.Quantity`, `net.IP`).
    static var celTypeName: String { get }
    /// CEL equality with another value of any opaque type.
    func isEqual(to other: any CELOpaqueValue) -> Bool
}

/// A CEL type, itself a value (`type(1) == int`).
public struct CELType: Sendable, Hashable, CustomStringConvertible {
    /// The type's name as CEL spells it.
    public let name: String

    /// A type by name.
    public init(name: String) { self.name = name }

    /// The name.
    public var description: String { name }

    /// `null_type`, the type of `null`.
    public static let null = CELType(name: "null_type")
    /// `bool`.
    public static let bool = CELType(name: "bool")
    /// `int`.
    public static let int = CELType(name: "int")
    /// `uint`.
    public static let uint = CELType(name: "uint")
    /// `double`.
    public static let double = CELType(name: "double")
    /// `string`.
    public static let string = CELType(name: "string")
    /// `bytes`.
    public static let bytes = CELType(name: "bytes")
    /// `list`, whatever the elements.
    public static let list = CELType(name: "list")
    /// `map`, whatever the keys and values.
    public static let map = CELType(name: "map")
    /// `type`, the type of a type.
    public static let type = CELType(name: "type")
    /// `google.protobuf.Timestamp`.
    public static let timestamp = CELType(name: "google.protobuf.Timestamp")
    /// `google.protobuf.Duration`.
    public static let duration = CELType(name: "google.protobuf.Duration")
    /// `optional_type`, whatever the wrapped value.
    public static let optional = CELType(name: "optional_type")

    /// The types a bare name denotes in an expression (`int`, `string`, `map`, …).
    static let builtins: [String: CELType] = Dictionary(
        uniqueKeysWithValues: [null, bool, int, uint, double, string, bytes, list, map, type, timestamp, duration, optional]
            .map { ($0.name, $0) }
    )
}
