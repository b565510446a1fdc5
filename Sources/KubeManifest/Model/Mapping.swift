// sealgate · KubeManifest

public import Diagnostics

/// An ordered mapping from string keys to nodes, keeping each key's own position.
///
/// Keys keep the order of the source. Lookups scan small mappings (almost every Kubernetes mapping) and use a
/// hash index above ``indexThreshold`` entries, so a hostile 100,000-key mapping still loads in linear time.
public struct Mapping: Sendable, Equatable, RandomAccessCollection {
    /// One key and its value.
    public struct Entry: Sendable {
        /// The key.
        public var key: String
        /// Where the key itself starts (findings about a field point here).
        public var keyLocation: SourceLocation
        /// The value.
        public var value: Node

        /// Creates an entry.
        public init(key: String, keyLocation: SourceLocation, value: Node) {
            self.key = key
            self.keyLocation = keyLocation
            self.value = value
        }
    }

    /// Above this many entries, lookups go through a hash index.
    public static let indexThreshold = 12

    /// The entries in source order, one per key.
    public private(set) var entries: [Entry]
    /// Positions by key, above ``indexThreshold`` entries only. Nil rather than empty below it: a mapping
    /// is copied wherever a value holding it is (a CEL value read from an object, at every field access),
    /// and a nil costs no retain where even an empty dictionary does.
    private var index: [String: Int]?

    /// An empty mapping.
    public init() {
        entries = []
        index = nil
    }

    /// A mapping of these entries; a later entry with an earlier entry's key replaces its value.
    public init(_ entries: some Sequence<Entry>) {
        self.init()
        for entry in entries { self.set(entry) }
    }

    // MARK: Collection

    /// The position of the first entry (0).
    public var startIndex: Int { entries.startIndex }
    /// The position after the last entry: the number of entries.
    public var endIndex: Int { entries.endIndex }
    /// The entry at `position`, in source order.
    public subscript(position: Int) -> Entry { entries[position] }

    // MARK: Lookup and update

    /// The position of `key`, if present.
    public func position(of key: String) -> Int? {
        if let index { return index[key] }
        // Lengths first: a string knows its own, and most keys of a mapping differ from the one sought in
        // length, where comparing them was the larger part of a field lookup.
        let length = key.utf8.count
        return entries.firstIndex { $0.key.utf8.count == length && $0.key == key }
    }

    /// The value under `key`, if present.
    public subscript(key: String) -> Node? {
        position(of: key).map { entries[$0].value }
    }

    /// The value under `key`, if present, without the location of its node: what a reader of values
    /// alone (CEL's field selection) needs, for one copy less at every field access.
    public func value(forKey key: String) -> Value? {
        guard let position = position(of: key) else { return nil }
        return entries[position].value.value
    }

    /// The entry under `key`, if present.
    public func entry(for key: String) -> Entry? {
        position(of: key).map { entries[$0] }
    }

    /// The keys in source order.
    public var keys: [String] { entries.map(\.key) }

    /// Adds an entry, or replaces the value (and key position) of an existing key in place.
    ///
    /// - Returns: the position of the entry.
    @discardableResult
    public mutating func set(_ entry: Entry) -> Int {
        if let existing = position(of: entry.key) {
            entries[existing] = entry
            return existing
        }
        append(entry)
        return entries.count - 1
    }

    /// Appends an entry whose key the caller knows is not present yet (readers check for duplicates first).
    mutating func append(_ entry: Entry) {
        entries.append(entry)
        if index != nil {
            index?[entry.key] = entries.count - 1
        } else if entries.count > Self.indexThreshold {
            index = Self.positions(of: entries)
        }
    }

    /// Removes `key` and returns its value, if present.
    @discardableResult
    public mutating func remove(_ key: String) -> Node? {
        guard let position = position(of: key) else { return nil }
        let removed = entries.remove(at: position)
        index = entries.count > Self.indexThreshold ? Self.positions(of: entries) : nil
        return removed.value
    }

    /// The index of `entries`: each key's position.
    private static func positions(of entries: [Entry]) -> [String: Int] {
        var index: [String: Int] = [:]
        index.reserveCapacity(entries.count * 2)
        for (i, e) in entries.enumerated() { index[e.key] = i }
        return index
    }

    /// Mappings are equal when they have the same keys with equal values, in any order.
    public static func == (lhs: Mapping, rhs: Mapping) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for entry in lhs.entries {
            guard let other = rhs[entry.key], other == entry.value else { return false }
        }
        return true
    }
}
