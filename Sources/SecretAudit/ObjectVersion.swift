// sealgate · SecretAudit

internal import KubeManifest

/// A digest of an object's content (its value tree, not where it stands): two objects with the same digest
/// hold the same values, so a policy that judges an object alone finds the same in both.
///
/// Swift's `Hasher` is SipHash with a key drawn for each process: nobody can make two objects collide on
/// purpose, and an accidental collision (a finding missed) among a million object versions has a chance
/// of about one in thirty million. The digest holds no value and lives only in memory.
struct ObjectVersion: Hashable, Sendable {
    private let digest: Int

    init(_ root: Node) {
        var hasher = Hasher()
        Self.feed(root.value, into: &hasher)
        digest = hasher.finalize()
    }

    /// Feeds `value` to the hasher: every node's kind, and mappings' keys in their order (a reordered
    /// mapping is another version, as a message may list its keys in order).
    private static func feed(_ value: Value, into hasher: inout Hasher) {
        switch value {
        case .null: hasher.combine(0)
        case let .bool(flag): hasher.combine(1); hasher.combine(flag)
        case let .int(number): hasher.combine(2); hasher.combine(number)
        case let .double(number): hasher.combine(3); hasher.combine(number.bitPattern)
        case let .string(text): hasher.combine(4); hasher.combine(text)
        case let .list(items):
            hasher.combine(5)
            hasher.combine(items.count)
            for item in items { feed(item.value, into: &hasher) }
        case let .map(mapping):
            hasher.combine(6)
            hasher.combine(mapping.count)
            for entry in mapping {
                hasher.combine(entry.key)
                feed(entry.value.value, into: &hasher)
            }
        }
    }
}
