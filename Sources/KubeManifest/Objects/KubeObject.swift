// sealgate · KubeManifest

public import Diagnostics

/// A Kubernetes object found in a manifest: its identity, metadata and where it was read from.
///
/// The full content stays available as ``root``, as the API server would store it: a mapping entry
/// whose value is null (`initContainers:` left empty by a Helm template or a hand-edited file) is dropped,
/// at every depth, as the API server drops it before any admission policy sees the object; everything
/// else keeps its place in the file. The stored properties are the parts every feature asks for, read once.
public struct KubeObject: Sendable {
    /// The object's whole mapping.
    public let root: Node
    /// `apiVersion` as written, e.g. `apps/v1` or `v1`.
    public let apiVersion: String
    /// `kind`, e.g. `Deployment`.
    public let kind: String
    /// `metadata.name`, when set.
    public let name: String?
    /// `metadata.generateName`, when set.
    public let generateName: String?
    /// `metadata.namespace`, when set (cluster-scoped kinds and objects that rely on the default have none).
    public let namespace: String?
    /// `metadata.labels` (entries whose value is not a string are left out).
    public let labels: [String: String]
    /// `metadata.annotations` (entries whose value is not a string are left out).
    public let annotations: [String: String]
    /// Where the object was read from.
    public let origin: ObjectOrigin

    /// The API group: the part of ``apiVersion`` before `/`, empty for the core group (`v1`).
    public var group: String {
        guard let slash = apiVersion.firstIndex(of: "/") else { return "" }
        return String(apiVersion[..<slash])
    }

    /// The API version: the part of ``apiVersion`` after `/`.
    public var version: String {
        guard let slash = apiVersion.firstIndex(of: "/") else { return apiVersion }
        return String(apiVersion[apiVersion.index(after: slash)...])
    }

    /// `namespace/name`, or just the name for objects without a namespace; `generateName*` when the name is
    /// generated; `<unnamed>` when there is neither.
    public var qualifiedName: String {
        let shown = name ?? generateName.map { $0 + "*" } ?? "<unnamed>"
        return namespace.map { "\($0)/\(shown)" } ?? shown
    }

    /// Reads the object view of a mapping that has `apiVersion` and `kind` strings.
    ///
    /// - Returns: `nil` when `root` is not a mapping with non-empty `apiVersion` and `kind` strings.
    public init?(_ root: Node, origin: ObjectOrigin) {
        guard let mapping = root.mapping,
            let apiVersion = mapping["apiVersion"]?.string, !apiVersion.isEmpty,
            let kind = mapping["kind"]?.string, !kind.isEmpty
        else { return nil }
        let root = Self.storedForm(root)
        let metadata = root.mapping?["metadata"]?.mapping
        self.root = root
        self.apiVersion = apiVersion
        self.kind = kind
        self.name = metadata?["name"]?.string
        self.generateName = metadata?["generateName"]?.string
        self.namespace = metadata?["namespace"]?.string
        self.labels = Self.stringMap(metadata?["labels"])
        self.annotations = Self.stringMap(metadata?["annotations"])
        self.origin = origin
    }

    /// `node` without the mapping entries whose value is null, at any depth; `node` itself when it has
    /// none (the common case costs one walk and no copy). Items of a list are kept, null or not: the API
    /// server keeps a list's length.
    static func storedForm(_ node: Node) -> Node {
        withoutNullEntries(node) ?? node
    }

    /// `node` rebuilt without null mapping entries, or nil when it has none: one walk, and a subtree is
    /// copied only from its first change on.
    private static func withoutNullEntries(_ node: Node) -> Node? {
        switch node.value {
        case let .map(mapping):
            var kept: Mapping?
            for (position, entry) in mapping.enumerated() {
                let isNull = entry.value.value == .null
                let rebuilt = isNull ? nil : withoutNullEntries(entry.value)
                if kept == nil, isNull || rebuilt != nil {
                    var earlier = Mapping()
                    for unchanged in mapping.prefix(position) { earlier.append(unchanged) }
                    kept = earlier
                }
                guard !isNull, kept != nil else { continue }
                kept?.append(rebuilt.map { Mapping.Entry(key: entry.key, keyLocation: entry.keyLocation, value: $0) } ?? entry)
            }
            return kept.map { Node(.map($0), at: node.location) }
        case let .list(items):
            var kept: [Node]?
            for (position, item) in items.enumerated() {
                let rebuilt = withoutNullEntries(item)
                if kept == nil, rebuilt != nil { kept = Array(items.prefix(position)) }
                kept?.append(rebuilt ?? item)
            }
            return kept.map { Node(.list($0), at: node.location) }
        default:
            return nil
        }
    }

    private static func stringMap(_ node: Node?) -> [String: String] {
        guard let mapping = node?.mapping else { return [:] }
        var result: [String: String] = [:]
        result.reserveCapacity(mapping.count)
        for entry in mapping {
            if let value = entry.value.string { result[entry.key] = value }
        }
        return result
    }
}

/// Where an object was read from.
public struct ObjectOrigin: Sendable, Hashable {
    /// The start of the object's mapping.
    public let location: SourceLocation
    /// The 0-based document of the file that holds the object.
    public let documentIndex: Int
    /// The 0-based position in the `items` of the document's `List` when the object came from one (for an
    /// object of a List nested in that List, the position of the outer item that holds it).
    public let listIndex: Int?

    /// Creates an origin.
    public init(location: SourceLocation, documentIndex: Int, listIndex: Int? = nil) {
        self.location = location
        self.documentIndex = documentIndex
        self.listIndex = listIndex
    }
}

/// A document (or `List` item) that holds no Kubernetes object, and why; shown in verbose output.
public struct SkippedDocument: Sendable, Hashable, CustomStringConvertible {
    /// Where the document or item starts.
    public let location: SourceLocation
    /// The 0-based document of the file.
    public let documentIndex: Int
    /// Why it was skipped, e.g. "empty document".
    public let reason: String

    /// Creates a skipped document.
    public init(location: SourceLocation, documentIndex: Int, reason: String) {
        self.location = location
        self.documentIndex = documentIndex
        self.reason = reason
    }

    /// `path:line:column: reason`.
    public var description: String { "\(location): \(reason)" }
}

// MARK: - Reading objects out of documents

extension KubeObject {
    /// The objects a document holds: itself, or the items of a `List` (`kind: List` or any `*List` kind with
    /// an `items` list), plus what was skipped and why.
    ///
    /// A List inside a List is expanded too: kubectl accepts one, so a Secret wrapped twice is still
    /// applied, and a check that stopped at the first level would let its plain text pass. The recursion is
    /// as deep as the document, which the parser bounds (``LoaderLimits/maxDepth``; each List level costs
    /// two), so there is no separate limit under which items could be dropped unseen.
    public static func objects(in document: Document) -> (objects: [KubeObject], skipped: [SkippedDocument]) {
        let root = document.root
        let index = document.index
        if let object = KubeObject(root, origin: ObjectOrigin(location: root.location, documentIndex: index)) {
            var objects: [KubeObject] = []
            var skipped: [SkippedDocument] = []
            expand(object, documentIndex: index, listIndex: nil, into: &objects, skipped: &skipped)
            return (objects, skipped)
        }
        let reason = document.isEmpty ? "empty document" : "not a Kubernetes object (\(missingFields(root)))"
        return ([], [SkippedDocument(location: root.location, documentIndex: index, reason: reason)])
    }

    /// Adds `object`, or the objects of its `items` when it is a List, to `objects`.
    private static func expand(
        _ object: KubeObject, documentIndex: Int, listIndex: Int?, into objects: inout [KubeObject], skipped: inout [SkippedDocument]
    ) {
        guard object.kind.hasSuffix("List"), let items = object.root["items"]?.list else {
            objects.append(object)
            return
        }
        for (position, item) in items.enumerated() {
            let origin = ObjectOrigin(location: item.location, documentIndex: documentIndex, listIndex: listIndex ?? position)
            if let itemObject = KubeObject(item, origin: origin) {
                expand(itemObject, documentIndex: documentIndex, listIndex: listIndex ?? position, into: &objects, skipped: &skipped)
            } else {
                skipped.append(
                    SkippedDocument(
                        location: item.location, documentIndex: documentIndex,
                        reason: "item \(position) of \(object.kind) is not a Kubernetes object (\(missingFields(item)))"))
            }
        }
    }

    private static func missingFields(_ node: Node) -> String {
        guard let mapping = node.mapping else { return "\(node.value.typeNameWithArticle) at the top level" }
        let hasAPIVersion = mapping["apiVersion"]?.string.map { !$0.isEmpty } ?? false
        let hasKind = mapping["kind"]?.string.map { !$0.isEmpty } ?? false
        switch (hasAPIVersion, hasKind) {
        case (false, false): return "no apiVersion or kind"
        case (false, true): return "kind but no apiVersion"
        default: return "apiVersion but no kind"
        }
    }
}
