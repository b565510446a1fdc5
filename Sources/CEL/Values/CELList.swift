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
    /// For long lists, the indexes built as expressions ask: a hash set of the elements that can be map
    /// keys, built the first time `in` asks (a list computed once per run, a policy variable, and searched
    /// for every object answers in constant time); and the positions of the elements by the string value
    /// of a field (``positions(whereField:isOneOf:)``). One object for both: a long list read from a
    /// document is a new value at every read, and allocates it each time.
    private let indexes: ListIndexes?

    /// Lists at least this long get a membership index.
    static let indexThreshold = 64

    /// A list over a manifest's nodes, without copying them.
    public init(nodes: [Node]) {
        storage = .nodes(nodes)
        indexes = nodes.count >= Self.indexThreshold ? ListIndexes() : nil
    }

    /// A list of values.
    public init(_ values: [CELValue]) {
        storage = .values(values)
        indexes = values.count >= Self.indexThreshold ? ListIndexes() : nil
    }

    /// Whether some element equals `value` (CEL's `in`).
    func containsElement(_ value: CELValue) -> Bool {
        if let indexes, let key = CELMapKey(value) {
            let (keys, unkeyed) = indexes.keys(of: self)
            if keys.contains(key) { return true }
            // Elements that are not keys (doubles with fractions, lists, maps) cannot equal a key value
            // unless they are numbers; only those need a scan.
            return unkeyed && contains { $0.celEquals(value) }
        }
        return contains { $0.celEquals(value) }
    }

    /// In ascending order, the positions of the elements that may have `field` equal to one of `values`: the
    /// maps whose `field` is such a string, and every element that is not a map with a string `field` (not a
    /// map, no such field, another type, a map whose fields are computed). Every other element is a map
    /// whose `field` is a string outside `values`, so `element.field == value` is false for it, without an
    /// error. Nil for a list too short to be worth indexing, and the first time a field is asked of a list:
    /// building the index costs about a scan, which a list filtered once would pay for nothing.
    ///
    /// A policy's scan of the repository (`objects.filter(o, o.kind == 'NetworkPolicy' && …)`) then visits
    /// the NetworkPolicies alone; the index is built once per list and field, on the second request.
    func positions(whereField field: String, isOneOf values: Set<String>) -> [Int]? {
        guard let indexes, let index = indexes.index(of: field, in: self) else { return nil }
        var positions = index.unindexed
        for value in values {
            if let found = index.byValue[value] { positions += found }
        }
        positions.sort()
        return positions
    }

    /// Whether ``containsElement(_:)`` answers from a hash set already built.
    var hasMembershipIndex: Bool { indexes?.isMembershipBuilt ?? false }

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

/// The indexes of a long list, built the first time (the membership set) or the second time (a field's
/// positions) an expression asks: ``CELList/containsElement(_:)`` and ``CELList/positions(whereField:isOneOf:)``.
final class ListIndexes: Sendable {
    /// One field's index: the positions of the elements by the field's string value, and those of the
    /// elements that have no string value there.
    struct FieldIndex: Sendable {
        var byValue: [String: [Int]] = [:]
        var unindexed: [Int] = []
    }

    private let membership = Mutex<(keys: Set<CELMapKey>, unkeyed: Bool)?>(nil)
    /// The field indexes built, and the fields asked for once (whose index the next request builds).
    private let fields = Mutex<(built: [String: FieldIndex], askedOnce: Set<String>)>(([:], []))

    /// Whether the membership set has been built.
    var isMembershipBuilt: Bool { membership.withLock { $0 != nil } }

    /// The keys of `list`'s elements, and whether some element is a number that is not a key.
    func keys(of list: CELList) -> (Set<CELMapKey>, Bool) {
        membership.withLock { state in
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

    /// The index of `field` over `list`, built now if it was asked for once before; nil the first time.
    func index(of field: String, in list: CELList) -> FieldIndex? {
        fields.withLock { state in
            if let built = state.built[field] { return built }
            guard !state.askedOnce.insert(field).inserted else { return nil }
            var index = FieldIndex()
            for position in list.indices {
                // A map read from a manifest, or built by an expression; a provider's fields are computed
                // (and may fail), so its maps are left to the evaluation.
                if case let .map(map) = list[position], map.fieldProvider == nil, case let .string(value)? = map[field] {
                    index.byValue[value, default: []].append(position)
                } else {
                    index.unindexed.append(position)
                }
            }
            state.built[field] = index
            return index
        }
    }
}
