// sealgate · PolicyEngine

public import KubeManifest

/// Where a finding stands against the base of a change (`sealgate check --base`).
public enum FindingState: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// The base has no finding with this identity: the change brought it.
    case new
    /// The base has a finding with this identity but another message: the change altered it.
    case updated
    /// The base has the same finding: it was there before the change.
    case unchanged
    /// The base has this finding and the head does not: the change fixed it.
    case fixed

    /// The state as reports show it (`new`).
    public var description: String { rawValue }
}

/// What makes a finding at the base and one at the head the same finding.
///
/// An identity holds no line, column, file order or list position: moving a document, reformatting a file,
/// renaming it, reordering containers or adding unrelated objects leaves every identity as it was. It is the
/// policy, the object (API group, kind, namespace and name: not the version, which a migration from
/// `v1beta1` to `v1` changes without changing the object), and the field the finding names, with list items
/// named by their `name` where they have one (`spec.template.spec.containers[name=web].image`). A finding
/// about no object (a file that does not parse) is placed by its file instead.
public struct FindingIdentity: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The policy, or the engine's own finding id (`parse-error`).
    public let policy: String
    /// The object's API group (empty for the core group), kind, namespace and name; nil for a finding
    /// about no object.
    public let object: ObjectKey?
    /// The field the finding names, canonical (see ``FindingIdentity``); nil when it names none.
    public let field: String?
    /// The file, for a finding about no object only.
    public let file: String?

    /// The identity of `finding`, whose object (when it is about one) is `object`.
    ///
    /// - Parameters:
    ///   - finding: The finding.
    ///   - object: The object the finding is about, to name the list items of its field path; nil when the
    ///     finding is about no object or the object is not at hand (indices then stay indices).
    public init(_ finding: Finding, object: KubeObject?) {
        policy = finding.policy
        if let reference = finding.object {
            self.object = ObjectKey(reference)
            file = nil
        } else {
            self.object = nil
            file = finding.location.file.path
        }
        field = finding.fieldPath.map { path in object.map { Self.canonicalField(path, in: $0.root) } ?? path }
    }

    /// `policy kind.group namespace/name field`, or `policy file` for a finding about no object: the form
    /// fingerprints are computed from.
    public var description: String {
        var text = policy
        if let object { text += " \(object)" }
        if let field { text += " \(field)" }
        if let file { text += " \(file)" }
        return text
    }

    /// Identities in the order of their ``description``.
    public static func < (lhs: FindingIdentity, rhs: FindingIdentity) -> Bool { lhs.description < rhs.description }

    /// `path` with every list index that selects a mapping with a string `name` written as `[name=…]`
    /// instead, read against `root`; parts the object does not have stay as written.
    static func canonicalField(_ path: String, in root: Node) -> String {
        guard let components = try? FieldPath.parse(path) else { return path }
        var text = ""
        var node: Node? = root
        for component in components {
            switch component {
            case let .key(key):
                if FieldPath.isPlainName(key) {
                    text += text.isEmpty ? key : ".\(key)"
                } else {
                    text += "['\(key)']"
                }
                node = node?.mapping?.entry(for: key)?.value
            case let .index(index):
                let item = node?.list.flatMap { index < $0.count ? $0[index] : nil }
                if let name = item?.mapping?.entry(for: "name")?.value.string {
                    text += "[name=\(name)]"
                } else {
                    text += "[\(index)]"
                }
                node = item
            }
        }
        return text
    }
}

/// An object as a change sees it: the same API group, kind, namespace and name at the base and at the head
/// is the same object, whatever its file, position or version.
public struct ObjectKey: Sendable, Hashable, CustomStringConvertible {
    /// The API group, empty for the core group.
    public let group: String
    /// The kind.
    public let kind: String
    /// The namespace, nil when the manifest gives none.
    public let namespace: String?
    /// The name, nil when the manifest gives none (`generateName`).
    public let name: String?

    /// The key of `object`.
    public init(_ object: KubeObject) {
        self.init(group: object.group, kind: object.kind, namespace: object.namespace, name: object.name)
    }

    /// The key of the object a finding refers to.
    public init(_ reference: ObjectReference) {
        let group = reference.apiVersion.firstIndex(of: "/").map { String(reference.apiVersion[..<$0]) } ?? ""
        self.init(group: group, kind: reference.kind, namespace: reference.namespace, name: reference.name)
    }

    /// Creates a key.
    ///
    /// - Parameters:
    ///   - group: The API group, empty for the core group.
    ///   - kind: The kind.
    ///   - namespace: The namespace, if the manifest gives one.
    ///   - name: The name, if the manifest gives one.
    public init(group: String, kind: String, namespace: String?, name: String?) {
        self.group = group
        self.kind = kind
        self.namespace = namespace
        self.name = name
    }

    /// `Kind.group namespace/name` (`Deployment.apps shop/web`, `Namespace shop`).
    public var description: String {
        (group.isEmpty ? kind : "\(kind).\(group)") + " " + (namespace.map { "\($0)/" } ?? "") + (name ?? "<unnamed>")
    }
}
