// sealgate · CEL

public import KubeManifest

/// A CEL value.
///
/// Lists and maps read from a manifest stay the manifest's own `Node` arrays and `Mapping`s (a
/// reference, not a copy): a field is converted to a `CELValue` only when an expression reaches it.
public enum CELValue: Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case string(String)
    case bytes([UInt8])
    case list(CELList)
    case map(CELMap)
    case type(CELType)
    case timestamp(CELTimestamp)
    case duration(CELDuration)
    /// `optional.of(x)` is `.optional(x)`, `optional.none()` is `.optional(nil)`.
    indirect case optional(CELValue?)
    /// A value of a library type (quantity, IP address, CIDR, URL, format, …).
    case opaque(any CELOpaqueValue)

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

    public var description: String { name }

    public static let null = CELType(name: "null_type")
    public static let bool = CELType(name: "bool")
    public static let int = CELType(name: "int")
    public static let uint = CELType(name: "uint")
    public static let double = CELType(name: "double")
    public static let string = CELType(name: "string")
    public static let bytes = CELType(name: "bytes")
    public static let list = CELType(name: "list")
    public static let map = CELType(name: "map")
    public static let type = CELType(name: "type")
    public static let timestamp = CELType(name: "google.protobuf.Timestamp")
    public static let duration = CELType(name: "google.protobuf.Duration")
    public static let optional = CELType(name: "optional_type")

    /// The types a bare name denotes in an expression (`int`, `string`, `map`, …).
    static let builtins: [String: CELType] = Dictionary(
        uniqueKeysWithValues: [null, bool, int, uint, double, string, bytes, list, map, type, timestamp, duration, optional]
            .map { ($0.name, $0) }
    )
}
