// sealgate · CEL

public import KubeManifest

/// A CEL map key: CEL allows int, uint, bool and string keys. Numeric keys compare by value, so `1`, `1u`
/// and `1.0` find the same entry, as Kubernetes' heterogeneous equality has it.
public enum CELMapKey: Sendable, Hashable, CustomStringConvertible {
    /// An int key.
    case int(Int64)
    /// A uint key; equal to the int key of the same value.
    case uint(UInt64)
    /// A bool key.
    case bool(Bool)
    /// A string key: every key of a map read from a manifest.
    case string(String)

    /// The key a value denotes, or nil when the value cannot be a key. A double denotes a key only when it
    /// is a whole number (for lookups: `m[1.0]`).
    init?(_ value: CELValue) {
        switch value {
        case let .int(i): self = .int(i)
        case let .uint(u): self = .uint(u)
        case let .bool(b): self = .bool(b)
        case let .string(s): self = .string(s)
        case let .double(d):
            if let i = Int64(exactly: d) { self = .int(i) } else if let u = UInt64(exactly: d) { self = .uint(u) } else { return nil }
        default: return nil
        }
    }

    /// The key as a value.
    public var value: CELValue {
        switch self {
        case let .int(i): .int(i)
        case let .uint(u): .uint(u)
        case let .bool(b): .bool(b)
        case let .string(s): .string(s)
        }
    }

    /// Equal keys: the same value, an int and a uint of one value included.
    public static func == (lhs: CELMapKey, rhs: CELMapKey) -> Bool {
        switch (lhs, rhs) {
        case let (.int(a), .int(b)): a == b
        case let (.uint(a), .uint(b)): a == b
        case let (.int(a), .uint(b)), let (.uint(b), .int(a)): a >= 0 && UInt64(a) == b
        case let (.bool(a), .bool(b)): a == b
        case let (.string(a), .string(b)): a == b
        default: false
        }
    }

    /// Hashes the key so that an int and a uint of one value hash alike, as equality has them equal.
    public func hash(into hasher: inout Hasher) {
        switch self {
        case let .int(i): hasher.combine(0 as UInt8); hasher.combine(i >= 0 ? UInt64(i) : UInt64(bitPattern: i) ^ 0x8000_0000_0000_0000)
        case let .uint(u): hasher.combine(0 as UInt8); hasher.combine(u <= UInt64(Int64.max) ? u : u ^ 0x4000_0000_0000_0000)
        case let .bool(b): hasher.combine(1 as UInt8); hasher.combine(b)
        case let .string(s): hasher.combine(2 as UInt8); hasher.combine(s)
        }
    }

    /// The key as CEL writes it: `1`, `1u`, `true`, `"name"`.
    public var description: String {
        switch self {
        case let .int(i): String(i)
        case let .uint(u): "\(u)u"
        case let .bool(b): String(b)
        case let .string(s): s.celQuoted
        }
    }
}

/// A CEL map: either a manifest's own `Mapping`, read in place, or entries built by an expression.
/// Iteration follows the source order (a manifest's key order, a literal's entry order).
public struct CELMap: Sendable {
    private enum Storage: Sendable {
        case mapping(Mapping)
        /// Up to ``smallLimit`` entries, found by a scan: cheaper to build than a hash table, and most maps
        /// an expression builds (literals, small records) are this small.
        case small([(key: CELMapKey, value: CELValue)])
        case entries(keys: [CELMapKey], values: [CELMapKey: CELValue])
        case provided(any CELFieldProvider)
    }

    private static let smallLimit = 8

    private let storage: Storage

    /// A map over a manifest mapping, without copying it.
    public init(_ mapping: Mapping) { storage = .mapping(mapping) }

    /// A map of these entries in this order; a repeated key keeps its first position and its last value.
    public init(_ entries: [(CELMapKey, CELValue)]) {
        if entries.count <= Self.smallLimit {
            var pairs: [(key: CELMapKey, value: CELValue)] = []
            pairs.reserveCapacity(entries.count)
            for (key, value) in entries {
                if let index = pairs.firstIndex(where: { $0.key == key }) {
                    pairs[index].value = value
                } else {
                    pairs.append((key, value))
                }
            }
            storage = .small(pairs)
            return
        }
        var keys: [CELMapKey] = []
        var values: [CELMapKey: CELValue] = [:]
        keys.reserveCapacity(entries.count)
        for (key, value) in entries where values.updateValue(value, forKey: key) == nil {
            keys.append(key)
        }
        storage = .entries(keys: keys, values: values)
    }

    /// A map of string keys whose values `provider` gives when an expression reads them, so a value no
    /// expression reaches need never be computed.
    public init(fields provider: any CELFieldProvider) { storage = .provided(provider) }

    /// The manifest mapping the map reads in place, when it is one (a container of `object`, not a map an
    /// expression built): its entries carry their places in the file, so a policy engine can point at it.
    public var sourceMapping: Mapping? {
        if case let .mapping(mapping) = storage { return mapping }
        return nil
    }

    /// The provider behind the map, when its fields come from one.
    var fieldProvider: (any CELFieldProvider)? {
        if case let .provided(provider) = storage { return provider }
        return nil
    }

    /// Whether the map has `field`, without asking a provider for its value.
    func hasField(_ field: String) -> Bool {
        if case let .provided(provider) = storage { return provider.fieldNames.contains(field) }
        return self[field] != nil
    }

    /// The number of entries.
    public var count: Int {
        switch storage {
        case let .mapping(mapping): mapping.count
        case let .small(pairs): pairs.count
        case let .entries(keys, _): keys.count
        case let .provided(provider): provider.fieldNames.count
        }
    }

    /// The keys in order.
    public var keys: [CELMapKey] {
        switch storage {
        case let .mapping(mapping): mapping.entries.map { .string($0.key) }
        case let .small(pairs): pairs.map(\.key)
        case let .entries(keys, _): keys
        case let .provided(provider): provider.fieldNames.map(CELMapKey.string)
        }
    }

    /// The value under `key`, if present.
    public subscript(key: CELMapKey) -> CELValue? {
        switch storage {
        case let .mapping(mapping):
            guard case let .string(name) = key, let value = mapping.value(forKey: name) else { return nil }
            return CELValue(value)
        case let .small(pairs):
            return pairs.first { $0.key == key }?.value
        case let .entries(_, values):
            return values[key]
        case let .provided(provider):
            guard case let .string(name) = key else { return nil }
            return try? provider.value(ofField: name)
        }
    }

    /// The value under a string key, if present (field selection).
    public subscript(field: String) -> CELValue? {
        switch storage {
        case let .mapping(mapping): return mapping.value(forKey: field).map(CELValue.init)
        case let .small(pairs):
            for pair in pairs { if case let .string(name) = pair.key, name == field { return pair.value } }
            return nil
        case let .entries(_, values): return values[.string(field)]
        case let .provided(provider): return try? provider.value(ofField: field)
        }
    }

    /// The manifest node under a string key, when the map came from a manifest.
    public func node(forField field: String) -> Node? {
        if case let .mapping(mapping) = storage { return mapping[field] }
        return nil
    }
}

extension String {
    /// The string as a double-quoted literal, for messages (quoted as `strings.quote` quotes).
    var celQuoted: String { FunctionLibrary.quote(self) }
}
