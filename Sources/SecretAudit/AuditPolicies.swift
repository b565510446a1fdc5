// sealgate · SecretAudit

internal import Diagnostics
public import PolicyEngine

/// The policies an audit runs on every blob: those of the built-in pack's `secrets` category that find a
/// value committed in plain text.
///
/// - `secrets-no-plaintext`: a Secret with `data` or `stringData`;
/// - `secrets-no-literal-credentials`: a credential-looking literal in a container's env or a ConfigMap;
/// - `secrets-sealed-well-formed`, only its finding on `spec.encryptedData`: a value of a SealedSecret
///   that is not sealed (plaintext pasted where a sealed value belongs).
///
/// The other policies of the category judge correctness rather than exposure (key names, references to
/// Secrets of other files, SealedSecret scopes) and are not run: a history full of them would bury what
/// must be rotated.
public struct AuditPolicies: Sendable {
    /// Each policy the audit runs, and the only field it is kept for (nil: every finding of the policy).
    static let rules: [(policy: String, field: String?)] = [
        ("secrets-no-plaintext", nil),
        ("secrets-no-literal-credentials", nil),
        ("secrets-sealed-well-formed", "spec.encryptedData"),
    ]

    /// The policies, with no exceptions: an audit answers what history holds, whatever was waived since.
    public let policies: PolicySet

    /// The audit's policies from the built-in pack.
    ///
    /// - Throws: `PolicyError` when the pack does not load (a test guards against shipping one that does
    ///   not), or when it lacks one of the audit's policies.
    public static func builtin() throws(PolicyError) -> AuditPolicies {
        let pack = try BuiltinPolicies.load(named: Set(rules.map(\.policy)))
        var set = PolicySet()
        for rule in rules {
            guard let policy = pack.policies.first(where: { $0.info.name == rule.policy }) else {
                throw PolicyError(
                    .unreadable, "the built-in pack has no policy '\(rule.policy)', which audits run; rebuild sealgate",
                    at: SourceLocation(path: "builtin:"))
            }
            set.policies.append(policy)
        }
        return AuditPolicies(policies: set)
    }

    /// The kinds the policies may apply to (by `match.kinds`, without their group); nil when one of them
    /// applies to every kind.
    var kinds: Set<String>? {
        var kinds: Set<String> = []
        for policy in policies.policies {
            guard !policy.match.kinds.isEmpty else { return nil }
            kinds.formUnion(policy.match.kinds.map { String($0.split(separator: "/").last ?? Substring($0)) })
        }
        return kinds
    }

    /// Whether the audit reports `finding`: one of its policies found it (within that policy's field), and
    /// it is not one of the engine's own checks (waiver annotations that name other policies, which the
    /// audit does not run, are not its business).
    func keeps(_ finding: Finding) -> Bool {
        Self.rules.contains { $0.policy == finding.policy && ($0.field.map { $0 == finding.fieldPath } ?? true) }
    }
}
