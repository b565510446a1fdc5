// sealgate · PolicyEngine

/// How much a finding matters; `--fail-on` compares against it.
public enum Severity: String, Sendable, Hashable, Comparable, CaseIterable, CustomStringConvertible {
    case info, warning, error

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .error: 2
        }
    }

    public var description: String { rawValue }
}

/// The object a finding is about.
public struct ObjectReference: Sendable, Hashable, CustomStringConvertible {
    public var apiVersion: String
    public var kind: String
    public var namespace: String?
    public var name: String?

    /// Creates a reference.
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
    public init(reason: String, source: String) {
        self.reason = reason
        self.source = source
    }
}

/// One thing a check found: a policy an object violates, a policy that could not decide, a manifest that
/// does not parse.
public struct Finding: Sendable, Hashable {
    /// The policy's name (`parse-error` for a manifest that does not load).
    public var policy: String
    /// The policy's category (`rbac`, `resources`, …), when it has one.
    public var category: String?
    public var severity: Severity
    /// What is wrong, for the user.
    public var message: String
    /// The object, when the finding is about one.
    public var object: ObjectReference?
    /// The file the finding points into.
    public var file: String
    /// The 1-based line; 0 when unknown.
    public var line: Int
    /// The 1-based column; 0 when unknown.
    public var column: Int
    /// The field the validation named (`spec.template.spec.containers[0].image`), when it named one.
    public var fieldPath: String?
    /// When set, the finding is waived: reported, but it does not fail the check.
    public var waiver: Waiver?

    /// Creates a finding.
    public init(
        policy: String, category: String? = nil, severity: Severity, message: String, object: ObjectReference? = nil,
        file: String, line: Int, column: Int, fieldPath: String? = nil, waiver: Waiver? = nil
    ) {
        self.policy = policy
        self.category = category
        self.severity = severity
        self.message = message
        self.object = object
        self.file = file
        self.line = line
        self.column = column
        self.fieldPath = fieldPath
        self.waiver = waiver
    }

    /// Findings in the order reporters print them: by file, line, column, then policy.
    public static func ordered(_ lhs: Finding, _ rhs: Finding) -> Bool {
        (lhs.file, lhs.line, lhs.column, lhs.policy, lhs.message) < (rhs.file, rhs.line, rhs.column, rhs.policy, rhs.message)
    }
}

/// What a reporter needs to know of a policy: its name, what it checks, and how to fix a violation.
public struct PolicyInfo: Sendable, Hashable {
    public var name: String
    public var category: String
    public var severity: Severity
    public var description: String
    public var remediation: String
    /// Where the policy was read from (`builtin:images/no-latest-tag.yaml` for the built-in pack).
    public var source: String

    /// Creates the description of a policy.
    public init(name: String, category: String, severity: Severity, description: String, remediation: String, source: String) {
        self.name = name
        self.category = category
        self.severity = severity
        self.description = description
        self.remediation = remediation
        self.source = source
    }
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

    /// Where the threads spent their time, when ``CheckOptions/profile`` asked for it.
    public var profile: CheckProfile?

    /// Creates a report.
    public init(findings: [Finding], policies: [PolicyInfo], objectCount: Int, fileCount: Int) {
        self.findings = findings
        self.policies = policies
        self.objectCount = objectCount
        self.fileCount = fileCount
    }

    /// The findings that count (not waived).
    public var activeFindings: [Finding] { findings.filter { $0.waiver == nil } }

    /// Whether any finding that counts is at or above `threshold`.
    public func fails(at threshold: Severity) -> Bool {
        activeFindings.contains { $0.severity >= threshold }
    }
}

/// Thread time spent deciding which policies apply to which objects, and evaluating them.
public struct CheckProfile: Sendable {
    public var matchingSeconds: Double = 0
    public var evaluationSeconds: Double = 0
    /// Evaluation thread time by policy name.
    public var secondsByPolicy: [String: Double] = [:]

    /// No time yet.
    public init() {}
}
