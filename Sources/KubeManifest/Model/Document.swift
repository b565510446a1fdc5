// sealgate · KubeManifest

/// One document of a YAML stream, or one JSON value.
public struct Document: Sendable {
    /// The document's content; `.null` for an empty document.
    public let root: Node
    /// The 0-based position of the document in its file.
    public let index: Int

    /// Creates a document.
    public init(root: Node, index: Int) {
        self.root = root
        self.index = index
    }

    /// Whether the document holds nothing (only comments, or `---` alone).
    public var isEmpty: Bool { root.value == .null }
}
