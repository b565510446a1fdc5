// sealgate · CEL

public import KubeManifest
import Synchronization

/// A CEL list: either a manifest's own node array, read in place, or values built by an expression.
public struct CELList: Sendable, RandomAccessCollection {
    private enum Storage: Sendable {
        case nodes([Node])
        case values([CELValue])
    }

    private let storage: Storage
    /// For long lists, a hash set of the elements that can be map keys, built the first time `in` asks:
    /// a list computed once per run (a policy variable) and searched for every object answers in
    /// constant time.
    private let membership: MembershipIndex?

    /// Lists at least this long get a membership index.
    static let indexThreshold = 64

    /// A list over a manifest's nodes, without copying them.
    public init(nodes: [Node]) {
        storage = .nodes(nodes)
        membership = nodes.count >= Self.indexThreshold ? MembershipIndex() : nil
    }

    /// A list of values.
    public init(_ values: [CELValue]) {
        storage = .values(values)
        membership = values.count >= Self.indexThreshold ? MembershipIndex() : nil
    }

    /// Whether some element equals `value` (CEL's `in`).
    func containsElement(_ value: CELValue) -> Bool {
        if let membership, let key = CELMapKey(value) {
            let (keys, unkeyed) = membership.keys(of: self)
            if keys.contains(key) { return true }
            // Elements that are not keys (doubles with fractions, lists, maps) cannot equal a key value
            // unless they are numbers; only those need a scan.
            return unkeyed && contains { $0.celEquals(value) }
        }
        return contains { $0.celEquals(value) }
    }

    /// Whether ``containsElement(_:)`` answers from a hash set already built.
    var hasMembershipIndex: Bool { membership?.isBuilt ?? false }

    /// The first index: 0.
    public var startIndex: Int { 0 }

    /// One past the last index: the number of elements.
    public var endIndex: Int {
        switch storage {
        case let .nodes(nodes): nodes.count
        case let .values(values): values.count
        }
    }

    /// The element at `position`; one from a manifest is converted as it is read.
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

/// The lazily built hash set behind ``CELList/containsElement(_:)``.
final class MembershipIndex: Sendable {
    private let state = Mutex<(keys: Set<CELMapKey>, unkeyed: Bool)?>(nil)

    /// Whether the set has been built.
    var isBuilt: Bool { state.withLock { $0 != nil } }

    /// The keys of `list`'s elements, and whether some element is a number that is not a key.
    func keys(of list: CELList) -> (Set<CELMapKey>, Bool) {
        state.withLock { state in
            if let state { return (state.keys, state.unkeyed) }
            var keys = Set<CELMapKey>()
            var unkeyed = false
            for element in list {
                if let key = CELMapKey(element) {
                    keys.insert(key)
                } else if case .double = element {
                    unkeyed = true
                }
            }
            state = (keys, unkeyed)
            return (keys, unkeyed)
        }
    }
}
