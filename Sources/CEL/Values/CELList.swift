// sealgate · CEL

public import KubeManifest

/// A CEL list: either a manifest's own node array, read in place, or values built by an expression.
public struct CELList: Sendable, RandomAccessCollection {
    private enum Storage: Sendable {
        case nodes([Node])
        case values([CELValue])
    }

    private let storage: Storage

    /// A list over a manifest's nodes, without copying them.
    public init(nodes: [Node]) { storage = .nodes(nodes) }

    /// A list of values.
    public init(_ values: [CELValue]) { storage = .values(values) }

    public var startIndex: Int { 0 }

    public var endIndex: Int {
        switch storage {
        case let .nodes(nodes): nodes.count
        case let .values(values): values.count
        }
    }

    public subscript(position: Int) -> CELValue {
        switch storage {
        case let .nodes(nodes): CELValue(nodes[position])
        case let .values(values): values[position]
        }
    }

    /// The manifest node behind an element, when the list came from a manifest.
    public func node(at position: Int) -> Node? {
        if case let .nodes(nodes) = storage { return nodes[position] }
        return nil
    }

    /// The elements as values.
    var values: [CELValue] {
        switch storage {
        case let .nodes(nodes): nodes.map(CELValue.init)
        case let .values(values): values
        }
    }
}
