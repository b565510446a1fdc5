// sealgate · SecretAudit

public import Diagnostics
public import KubeManifest

/// A known hit, accepted with a reason: an entry of the acknowledgements file
/// (`.sealgate-audit-ignore.yaml` by default).
///
/// ```yaml
/// acknowledged:
///   - blob: 9f8e7d6c5b4a        # the blob the audit names (7 to 40 hex digits)
///     policy: secrets-no-plaintext
///     reason: rotated on 2025-03-02 after INC-1234
/// ```
///
/// An entry is identified by the blob and the policy, never by a line or a path: a blob's content never
/// changes, so the entry keeps covering exactly what was reviewed, however the files around it are edited
/// later, and a new version of the file (a new blob) is audited anew.
public struct Acknowledgement: Sendable, Hashable {
    /// The blob's id or its first hex digits, lowercase.
    public let blob: String
    /// The policy (or `compromised-key`) whose hits in the blob it covers.
    public let policy: String
    /// Why the hit is accepted; never empty.
    public let reason: String
    /// Where the entry starts in its file.
    public let location: SourceLocation

    /// The name of the file an audit reads at the root of the working tree when no other is given.
    public static let defaultFileName = ".sealgate-audit-ignore.yaml"

    /// Whether the entry covers `hit`: the same policy, and a blob whose id starts with ``blob``.
    public func covers(_ hit: AuditHit) -> Bool {
        hit.finding.policy == policy && hit.blob.description.hasPrefix(blob)
    }

    /// Reads the acknowledgements file at `path`.
    ///
    /// - Throws: ``AuditError`` when it cannot be read or parsed, or an entry is malformed.
    public static func load(from path: String, limits: LoaderLimits = LoaderLimits()) throws(AuditError) -> [Acknowledgement] {
        let bytes: [UInt8]
        do {
            bytes = try ManifestLoader.readFile(path, limit: limits.maxFileSize)
        } catch {
            throw AuditError(.unreadableAcknowledgements, error.reason, path: path)
        }
        return try parse(bytes, name: path, limits: limits)
    }

    /// Reads acknowledgements from `bytes`, named `name` in messages: a mapping whose `acknowledged` is a
    /// list of entries, each with exactly `blob`, `policy` and `reason`. An empty file has none.
    ///
    /// - Throws: ``AuditError`` pointing at the entry or field that is wrong.
    public static func parse(_ bytes: [UInt8], name: String, limits: LoaderLimits = LoaderLimits()) throws(AuditError) -> [Acknowledgement]
    {
        let documents: [Document]
        do {
            documents = try ManifestLoader(limits: limits).documents(of: .content(name: name, bytes: bytes))
        } catch {
            throw AuditError(
                .unreadableAcknowledgements, error.reason, path: name, line: error.location?.line ?? 0, column: error.location?.column ?? 0)
        }
        let roots = documents.filter { !$0.isEmpty }.map(\.root)
        guard let root = roots.first else { return [] }
        func invalid(_ node: Node, _ reason: String) -> AuditError {
            AuditError(.invalidAcknowledgement, reason, path: name, line: node.location.line, column: node.location.column)
        }
        let shape = "write a mapping with an 'acknowledged' list of entries, each with blob, policy and reason"
        guard roots.count == 1, let top = root.mapping, top.count == 1, let list = top["acknowledged"] else {
            throw invalid(root, "the acknowledgements file is not one mapping with only 'acknowledged'; \(shape)")
        }
        if list.value == .null { return [] }
        guard let entries = list.list else {
            throw invalid(list, "'acknowledged' is \(list.value.typeNameWithArticle), not a list; \(shape)")
        }
        return try entries.map { (entry) throws(AuditError) -> Acknowledgement in
            guard let fields = entry.mapping else {
                throw invalid(entry, "an entry is \(entry.value.typeNameWithArticle), not a mapping; \(shape)")
            }
            if let unknown = fields.first(where: { !["blob", "policy", "reason"].contains($0.key) }) {
                throw invalid(entry, "an entry has the field '\(unknown.key)', which is not blob, policy or reason; remove or rename it")
            }
            func text(_ key: String) throws(AuditError) -> String {
                guard let value = fields[key] else { throw invalid(entry, "an entry has no '\(key)'; give blob, policy and reason") }
                guard let string = value.string else {
                    throw invalid(value, "'\(key)' is \(value.value.typeNameWithArticle), not a string")
                }
                return string
            }
            let blob = try text("blob").lowercased()
            guard (7...40).contains(blob.count), blob.allSatisfy(\.isHexDigit) else {
                throw invalid(fields["blob"] ?? entry, "'blob' must be 7 to 40 hex digits of the blob id the audit names")
            }
            let policy = try text("policy")
            let reason = try text("reason")
            guard !reason.allSatisfy(\.isWhitespace) else {
                throw invalid(
                    fields["reason"] ?? entry,
                    "the entry for blob \(blob) and \(policy) gives no reason; write why the hit is accepted (rotated when, by whom)")
            }
            return Acknowledgement(blob: blob, policy: policy, reason: reason, location: entry.location)
        }
    }
}
