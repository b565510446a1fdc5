// sealgate · SealedSecrets

internal import Diagnostics
internal import KubeManifest

extension Mapping {
    /// Sets `key` to `value`, keeping the key's position when it exists; new keys are generated nodes.
    mutating func put(_ key: String, _ value: Value) {
        set(Entry(key: key, keyLocation: .generated, value: Node(value)))
    }

    /// The string values of a mapping of strings (labels, annotations); other values are left out.
    var stringValues: [String: String] {
        var result: [String: String] = [:]
        for entry in self {
            if let text = entry.value.string { result[entry.key] = text }
        }
        return result
    }
}

extension KubeObject {
    /// The object's file and line, for messages about the whole object (`path:line`).
    var place: SourceLocation { origin.location.withoutColumn }
}
