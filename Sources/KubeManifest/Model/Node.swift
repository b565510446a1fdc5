// sealgate · KubeManifest

public import Diagnostics

/// One node of a manifest: a value and where it starts in its file.
///
/// YAML and JSON both load into this tree. Equality compares values only: two nodes read from different
/// places are equal when they hold equal values.
public struct Node: Sendable, Equatable, CustomStringConvertible {
    /// The node's value.
    public var value: Value {
        didSet { forgetLayout() }
    }
    // How a string scalar was written (``ScalarLayout``), in what would otherwise be padding between the
    // value and the location: a node stays 32 bytes. Changing the value or the location forgets it.
    private var layoutTag: UInt8 = 0
    private var layoutBits: UInt16 = 0
    /// Where the node starts.
    public var location: SourceLocation {
        didSet { forgetLayout() }
    }

    /// Creates a node.
    public init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }

    /// Creates a node read from a file, with how its scalar was written there.
    init(_ value: Value, at location: SourceLocation, layout: ScalarLayout) {
        self.value = value
        self.location = location
        (layoutTag, layoutBits) = layout.packed
    }

    /// How the node's scalar was written in its file; unknown for a node that was built, or changed.
    var layout: ScalarLayout { ScalarLayout(tag: layoutTag, bits: layoutBits) }

    private mutating func forgetLayout() {
        layoutTag = 0
        layoutBits = 0
    }

    /// Creates a node that sealgate builds rather than reads, at `SourceLocation.generated`.
    public init(_ value: Value) {
        self.init(value, at: .generated)
    }

    /// Whether two nodes hold equal values (``Value/==(_:_:)``), wherever they were read from.
    public static func == (lhs: Node, rhs: Node) -> Bool { lhs.value == rhs.value }

    /// A short rendering for messages and debugging (JSON-like, no positions).
    public var description: String { value.description }
}

/// The value of a node: the JSON data model with 64-bit integers kept apart from doubles.
public enum Value: Sendable, Equatable, CustomStringConvertible {
    /// `null`, `~` or an empty value.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// An integer that fits 64 bits.
    case int(Int64)
    /// A number with a fraction or an exponent, an integer beyond `Int64`, `.inf` or `.nan`.
    case double(Double)
    /// Text.
    case string(String)
    /// A YAML sequence or JSON array.
    case list([Node])
    /// A YAML mapping or JSON object.
    case map(Mapping)

    /// The kind of value, as messages name it ("string", "map", …).
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .int: "int"
        case .double: "double"
        case .string: "string"
        case .list: "list"
        case .map: "map"
        }
    }

    /// The type name with its article, for messages: "an int", "a string".
    public var typeNameWithArticle: String {
        typeName == "int" ? "an int" : "a \(typeName)"
    }

    /// Equality as JSON sees it: an int and a double are equal when they denote the same number, doubles
    /// compare with IEEE rules (so NaN is not equal to itself), and maps compare as sets of keys.
    public static func == (lhs: Value, rhs: Value) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case let (.bool(a), .bool(b)): a == b
        case let (.int(a), .int(b)): a == b
        case let (.double(a), .double(b)): a == b
        case let (.int(a), .double(b)), let (.double(b), .int(a)): Double(exactly: a).map { $0 == b } ?? false
        case let (.string(a), .string(b)): a == b
        case let (.list(a), .list(b)): a == b
        case let (.map(a), .map(b)): a == b
        default: false
        }
    }

    /// A compact JSON-like rendering, for messages and test failures; never used to write files.
    public var description: String {
        switch self {
        case .null: "null"
        case let .bool(b): String(b)
        case let .int(i): String(i)
        case let .double(d): String(d)
        case let .string(s): "\"\(s)\""
        case let .list(items): "[" + items.map(\.description).joined(separator: ", ") + "]"
        case let .map(m): "{" + m.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ") + "}"
        }
    }
}

// MARK: - Building values

extension Value {
    /// A mapping of generated nodes, in the order given; for output that sealgate builds.
    public static func object(_ pairs: [(String, Value)]) -> Value {
        .map(Mapping(pairs.map { Mapping.Entry(key: $0.0, keyLocation: .generated, value: Node($0.1)) }))
    }

    /// A list of generated nodes.
    public static func array(_ values: [Value]) -> Value {
        .list(values.map { Node($0) })
    }

    /// A string, or null when there is none.
    public static func string(_ text: String?) -> Value {
        text.map(Value.string) ?? .null
    }

    /// An integer, or null when there is none.
    public static func int(_ number: Int?) -> Value {
        number.map { .int(Int64($0)) } ?? .null
    }
}

// MARK: - Convenient access

extension Node {
    /// The string, when this node is one.
    public var string: String? {
        if case let .string(s) = value { s } else { nil }
    }

    /// The mapping, when this node is one.
    public var mapping: Mapping? {
        if case let .map(m) = value { m } else { nil }
    }

    /// The items, when this node is a list.
    public var list: [Node]? {
        if case let .list(items) = value { items } else { nil }
    }

    /// The value under `key` when this node is a mapping that has it.
    public subscript(key: String) -> Node? {
        mapping?[key]
    }

    /// Follows a path of mapping keys and list indexes, e.g. `["spec", "template", "spec", "containers", 0]`.
    ///
    /// - Returns: the node at the end of the path, or `nil` where a step does not exist.
    public func node(at path: [PathComponent]) -> Node? {
        var current = self
        for step in path {
            switch step {
            case let .key(key):
                guard let next = current[key] else { return nil }
                current = next
            case let .index(index):
                guard let items = current.list, items.indices.contains(index) else { return nil }
                current = items[index]
            }
        }
        return current
    }
}

/// One step of a path into a node tree.
public enum PathComponent: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    /// The value under a key of a mapping.
    case key(String)
    /// The item at a 0-based position of a list.
    case index(Int)

    /// A key, written as a string literal: `"spec"`.
    public init(stringLiteral value: String) { self = .key(value) }
    /// An index, written as an integer literal: `0`.
    public init(integerLiteral value: Int) { self = .index(value) }
}
