// sealgate · CEL

/// A parsed CEL expression: a tree of nodes, each with the source offset it starts at.
public struct Expr: Sendable, Equatable {
    /// What the node is.
    public indirect enum Kind: Sendable, Equatable {
        /// A literal value.
        case literal(Literal)
        /// A name: a variable, or the first part of a qualified name. `.a` (root scope) keeps its dot.
        case identifier(String)
        /// `operand.field`, or `operand.?field` when `optional`.
        case select(operand: Expr, field: String, optional: Bool)
        /// `function(args)` or, with a target, `target.function(args)`. Operators are calls too, named
        /// as cel-go names them (`_+_`, `_&&_`, `!_`, `-_`, `_?_:_`, `@in`, `_[_]`, `_[?_]`).
        case call(function: String, target: Expr?, arguments: [Expr])
        /// `[a, b, ?c]`; an element marked optional is added only when it has a value.
        case list([ListElement])
        /// `{k: v, ?k2: v2}`.
        case map([MapEntry])
        /// `Type{field: value}`, a message construction.
        case message(type: String, fields: [FieldInitializer])
    }

    /// A literal.
    public enum Literal: Sendable, Equatable {
        /// `42`, `-0x10`.
        case int(Int64)
        /// `42u`.
        case uint(UInt64)
        /// `1.5`, `1e3`.
        case double(Double)
        /// `'text'`, `"text"`, `r'raw'`, `'''multi-line'''`, with escapes resolved.
        case string(String)
        /// `b'bytes'`.
        case bytes([UInt8])
        /// `true` or `false`.
        case bool(Bool)
        /// `null`.
        case null

        /// Equal values of one kind; two NaN doubles are equal, so a tree equals its reparsed copy.
        public static func == (lhs: Literal, rhs: Literal) -> Bool {
            switch (lhs, rhs) {
            case let (.int(a), .int(b)): a == b
            case let (.uint(a), .uint(b)): a == b
            case let (.double(a), .double(b)): a == b || (a.isNaN && b.isNaN)
            case let (.string(a), .string(b)): a == b
            case let (.bytes(a), .bytes(b)): a == b
            case let (.bool(a), .bool(b)): a == b
            case (.null, .null): true
            default: false
            }
        }
    }

    /// One element of a list literal.
    public struct ListElement: Sendable, Equatable {
        /// The element's expression.
        public var value: Expr
        /// Written `?value`: added only when the optional value has one.
        public var optional: Bool
    }

    /// One entry of a map literal.
    public struct MapEntry: Sendable, Equatable {
        /// The key's expression.
        public var key: Expr
        /// The value's expression.
        public var value: Expr
        /// Written `?key: value`: the entry is added only when the optional value has one.
        public var optional: Bool
    }

    /// One field of a message construction.
    public struct FieldInitializer: Sendable, Equatable {
        /// The field's name.
        public var name: String
        /// The value's expression.
        public var value: Expr
        /// Written `?name: value`: the field is set only when the optional value has one.
        public var optional: Bool
    }

    /// The node.
    public let kind: Kind
    /// The 0-based character offset in the source where the node starts (for an operator, the operator).
    public var offset: Int
    /// The number of nodes on the longest path from this node down to a leaf (a leaf is 1). Every stage
    /// after parsing (checking, compiling, evaluating, ``description``) recurses once per level, so the
    /// parser refuses a tree higher than ``ParserLimits/maxDepth``.
    public let height: Int

    /// Creates a node.
    public init(_ kind: Kind, offset: Int) {
        self.kind = kind
        self.offset = offset
        height = 1 + kind.children.reduce(0) { Swift.max($0, $1.height) }
    }

    /// Equality of structure; offsets do not count.
    public static func == (lhs: Expr, rhs: Expr) -> Bool { lhs.kind == rhs.kind }
}

extension Expr.Kind {
    /// The nodes directly below.
    var children: [Expr] {
        switch self {
        case .literal, .identifier: []
        case let .select(operand, _, _): [operand]
        case let .call(_, target, arguments): (target.map { [$0] } ?? []) + arguments
        case let .list(elements): elements.map(\.value)
        case let .map(entries): entries.flatMap { [$0.key, $0.value] }
        case let .message(_, fields): fields.map(\.value)
        }
    }
}
