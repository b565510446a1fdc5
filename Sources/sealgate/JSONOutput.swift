// sealgate · CLI

internal import KubeManifest

/// JSON for `-o json`: pretty, two-space indentation as `kubectl -o json` prints, fields in a fixed order.
enum JSONOutput {
    /// The text for `value`, without the final newline (``Terminal/out(_:)`` adds it).
    static func render(_ value: Value) throws -> String {
        var text = try JSONEmitter.emit(Node(value), pretty: true)
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}
