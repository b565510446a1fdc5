// sealgate · PolicyEngine

public import Diagnostics

/// How much a finding matters; `--fail-on` compares against it.
public enum Severity: String, Sendable, Hashable, Comparable, CaseIterable, CustomStringConvertible {
    /// Worth knowing; fails a check only with `--fail-on info`.
    case info
    /// Should be fixed; fails a check with `--fail-on warning` or `info`.
    case warning
    /// Must be fixed; fails a check at every `--fail-on` level.
    case error

    /// Whether `lhs` matters less than `rhs`: info, then warning, then error.
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .error: 2
        }
    }

    /// The severity as policies write it and reports show it (`error`).
    public var description: String { rawValue }
}

/// The object a finding is about.
public struct ObjectReference: Sendable, Hashable, CustomStringConvertible {
    /// The object's `apiVersion` (`apps/v1`).
    public var apiVersion: String
    /// The object's `kind` (`Deployment`).
    public var kind: String
    /// The object's namespace; nil for cluster-scoped objects and objects that leave it to the cluster.
    public var namespace: String?
    /// The object's `metadata.name`; nil when it has none (`generateName`).
    public var name: String?

    /// Creates a reference.
    ///
    /// - Parameters:
    ///   - apiVersion: the object's `apiVersion`.
    ///   - kind: the object's `kind`.
    ///   - namespace: the object's namespace, if it has one.
    ///   - name: the object's name, if it has one.
    public init(apiVersion: String, kind: String, namespace: String?, name: String?) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.namespace = namespace
        self.name = name
    }

    /// `Kind namespace/name`, or `Kind name` for cluster-scoped objects.
    public var description: String {
        "\(kind) " + (namespace.map { "\($0)/" } ?? "") + (name ?? "<unnamed>")
    }
}

/// Why a finding does not count: an `ignore.sealgate.dev/<policy>` annotation or a PolicyException.
public struct Waiver: Sendable, Hashable {
    /// The reason the waiver gives.
    public var reason: String
    /// Where the waiver is: `annotation` or `PolicyException <name>`.
    public var source: String

    /// Creates a waiver.
    ///
    /// - Parameters:
    ///   - reason: the reason the waiver gives.
    ///   - source: where the waiver is.
    public init(reason: String, source: String) {
        self.reason = reason
        self.source = source
    }
}

/// One thing a check found: a policy an object violates, a policy that could not decide, a manifest that
/// does not parse.
public struct Finding: Sendable, Hashable {
    /// The policy's name, or the id of one of the engine's own checks (``EngineFinding``, such as
    /// `parse-error` for a manifest that does not load).
    public var policy: String
    /// The policy's category (`rbac`, `resources`, …), when it has one.
    public var category: String?
    /// The policy's severity, which `--fail-on` compares against.
    public var severity: Severity
    /// What is wrong, for the user.
    public var message: String
    /// The object, when the finding is about one.
    public var object: ObjectReference?
    /// Where the finding points: the file, and the line and column when known (0 when not).
    public var location: SourceLocation
    /// The field the validation named (`spec.template.spec.containers[0].image`), when it named one.
    public var fieldPath: String?
    /// When set, the finding is waived: reported, but it does not fail the check.
    public var waiver: Waiver?
    /// Where the finding stands against the base of a change; nil when the check compares with no base.
    public var state: FindingState?

    /// Creates a finding of a policy; ``init(_:message:object:at:)`` makes one of the engine's own checks.
    ///
    /// - Parameters:
    ///   - policy: the policy's name.
    ///   - category: the policy's category.
    ///   - severity: the policy's severity.
    ///   - message: what is wrong, for the user.
    ///   - object: the object, when the finding is about one.
    ///   - location: where the finding points.
    ///   - fieldPath: the field the validation named.
    ///   - waiver: the waiver that keeps the finding from counting.
    public init(
        policy: String, category: String? = nil, severity: Severity, message: String, object: ObjectReference? = nil,
        at location: SourceLocation, fieldPath: String? = nil, waiver: Waiver? = nil
    ) {
        self.policy = policy
        self.category = category
        self.severity = severity
        self.message = message
        self.object = object
        self.location = location
        self.fieldPath = fieldPath
        self.waiver = waiver
    }

    /// Findings in the order reporters print them: by file, line, column (`SourceLocation`'s order), then
    /// policy and message.
    public static func ordered(_ lhs: Finding, _ rhs: Finding) -> Bool {
        (lhs.location, lhs.policy, lhs.message) < (rhs.location, rhs.policy, rhs.message)
    }
}

/// What a reporter needs to know of a policy: its name, what it checks, and how to fix a violation.
public struct PolicyInfo: Sendable, Hashable {
    /// The policy's unique name, which findings, waivers and exceptions use.
    public var name: String
    /// The category reports group it under (`rbac`, `resources`, `custom` when the policy gives none).
    public var category: String
    /// The severity of its findings.
    public var severity: Severity
    /// What the policy checks, in a sentence or two.
    public var description: String
    /// How to fix a violation; empty when the policy gives no advice.
    public var remediation: String
    /// Where the policy was read from (`builtin:images/no-latest-tag.yaml` for the built-in pack).
    public var source: String
    /// More names the policy is selected by, beside its name and category: a Pod Security Standards
    /// level (`pss-baseline`, `pss-restricted`), a CVE. `spec.tags` of a sealgate Policy.
    public var tags: [String]
    /// Whether the policy runs when no selection names it; false for a policy that only some teams want
    /// (`spec.enabledByDefault: false`), which runs when a selection names it, its category or a tag.
    public var enabledByDefault: Bool

    /// Creates the description of a policy.
    ///
    /// - Parameters:
    ///   - name: the policy's name.
    ///   - category: its category.
    ///   - severity: the severity of its findings.
    ///   - description: what it checks.
    ///   - remediation: how to fix a violation.
    ///   - source: where it was read from.
    ///   - tags: more names it is selected by.
    ///   - enabledByDefault: whether it runs when no selection names it.
    public init(
        name: String, category: String, severity: Severity, description: String, remediation: String, source: String,
        tags: [String] = [], enabledByDefault: Bool = true
    ) {
        self.name = name
        self.category = category
        self.severity = severity
        self.description = description
        self.remediation = remediation
        self.source = source
        self.tags = tags
        self.enabledByDefault = enabledByDefault
    }

    /// Every name a selection (`--enable`, `--disable`) can pick the policy by: its name, its category and
    /// its tags.
    public var selectors: [String] { [name, category] + tags }
}

/// Everything one `sealgate check` run found, for the reporters.
public struct CheckReport: Sendable {
    /// Every finding, waived ones included, in ``Finding/ordered(_:_:)`` order.
    public var findings: [Finding]
    /// The policies that ran.
    public var policies: [PolicyInfo]
    /// How many objects were checked.
    public var objectCount: Int
    /// How many files were read.
    public var fileCount: Int
    /// The base's findings that the change removed, with ``Finding/state`` ``FindingState/fixed``; empty
    /// when the check compares with no base.
    public var fixed: [Finding] = []

    /// Where the threads spent their time, when ``CheckOptions/profile`` asked for it.
    public var profile: CheckProfile?

    /// Creates a report.
    ///
    /// - Parameters:
    ///   - findings: every finding, waived ones included.
    ///   - policies: the policies that ran.
    ///   - objectCount: how many objects were checked.
    ///   - fileCount: how many files were read.
    public init(findings: [Finding], policies: [PolicyInfo], objectCount: Int, fileCount: Int) {
        self.findings = findings
        self.policies = policies
        self.objectCount = objectCount
        self.fileCount = fileCount
    }

    /// What the check compared with, when it checked a change (`--base`).
    public var change: ChangeContext?

    /// The findings that count: not waived, and, when only what a change brought counts
    /// (``ChangeContext/newOnly``), new or updated.
    public var activeFindings: [Finding] { findings.filter(counts) }

    /// Whether `finding` counts: it is not waived and, when only what a change brought counts, it is new or
    /// updated.
    public func counts(_ finding: Finding) -> Bool {
        guard finding.waiver == nil else { return false }
        guard change?.newOnly == true else { return true }
        return finding.state == .new || finding.state == .updated
    }

    /// Whether any finding that counts is at or above `threshold`.
    public func fails(at threshold: Severity) -> Bool {
        findings.contains { counts($0) && $0.severity >= threshold }
    }
}

/// What a check of a change compared: the base and head revisions, and whether only what the change
/// brought counts.
public struct ChangeContext: Sendable, Hashable {
    /// The base commit's full id (the merge base, unless the base was taken as given).
    public var baseCommit: String
    /// The head commit's full id; nil when the head is the working tree or the index.
    public var headCommit: String?
    /// The head as a person names it: `the working tree`, `the index`, or the commit's short id.
    public var headName: String
    /// When the head is the working tree or the index, the commit checked out under it (`HEAD`): the revision
    /// a report names as the one analysed (on a CI runner the working tree is that commit).
    public var checkedOutCommit: String?
    /// The repository's address (its `origin` remote), for SARIF's `versionControlProvenance`; nil when it has
    /// none.
    public var repositoryURI: String?
    /// Whether only new and updated findings count (`--new-only`); the others are reported, not failed on.
    public var newOnly: Bool

    /// Creates a change context.
    ///
    /// - Parameters:
    ///   - baseCommit: The base commit's full id.
    ///   - headCommit: The head commit's full id, nil for the working tree or the index.
    ///   - headName: The head as a person names it.
    ///   - repositoryURI: The repository's address, if known.
    ///   - newOnly: Whether only new and updated findings count.
    ///   - checkedOutCommit: For the working tree or the index, the commit checked out under it.
    public init(
        baseCommit: String, headCommit: String?, headName: String, repositoryURI: String?, newOnly: Bool, checkedOutCommit: String? = nil
    ) {
        self.baseCommit = baseCommit
        self.headCommit = headCommit
        self.headName = headName
        self.checkedOutCommit = checkedOutCommit
        self.repositoryURI = repositoryURI
        self.newOnly = newOnly
    }
}

/// Thread time spent deciding which policies apply to which objects, and evaluating them.
public struct CheckProfile: Sendable {
    /// Thread time spent on kinds, namespaces, selectors and `matchConditions`, in seconds.
    public var matchingSeconds: Double = 0
    /// Thread time spent evaluating variables and validations, in seconds.
    public var evaluationSeconds: Double = 0
    /// Evaluation thread time by policy name.
    public var secondsByPolicy: [String: Double] = [:]

    /// No time yet.
    public init() {}
}
