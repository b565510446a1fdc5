// sealgate · PolicyEngine

import CEL
public import KubeManifest

/// A compiled CEL expression with the text and the place it came from.
public struct PolicyExpression: Sendable {
    /// The expression's text.
    public let source: String
    /// Where the expression's value starts in the policy file.
    public let location: SourceLocation
    let program: CELProgram
}

/// Which objects a policy (or an exception) applies to.
public struct MatchRules: Sendable {
    /// Kinds (`Deployment`) or `group/Kind` (`apps/Deployment`); empty for every kind.
    public var kinds: [String] = []
    /// Namespaces the object must be in; empty for any.
    public var namespaces: [String] = []
    /// Namespaces the object must not be in.
    public var excludeNamespaces: [String] = []
    /// Object names (exceptions use them); empty for any.
    public var names: [String] = []
    /// Selectors the object's labels must all match.
    public var labelSelectors: [LabelSelector] = []
    /// Selectors the labels of the object's Namespace must all match (a Namespace not in the repository
    /// has no labels).
    public var namespaceSelectors: [LabelSelector] = []
    /// Kubernetes resource rules (ValidatingAdmissionPolicy `matchConstraints`, a binding's
    /// `matchResources`): the object must match a rule of every set.
    public var resourceRuleSets: [[ResourceRule]] = []
    /// Kubernetes resource rules that exclude.
    public var excludeResourceRules: [ResourceRule] = []

    /// Rules that match everything.
    public init() {}
}

/// One `resourceRules` entry of a ValidatingAdmissionPolicy.
public struct ResourceRule: Sendable {
    public var apiGroups: [String]
    public var apiVersions: [String]
    /// Plural resource names (`deployments`), `*`, or `*/status`-style subresources (never matched here).
    public var resources: [String]
    public var resourceNames: [String]
    /// `CREATE`, `UPDATE`, `DELETE`, `CONNECT` or `*`; sealgate checks what a merge would create or update.
    public var operations: [String]
}

/// A Kubernetes label selector: `matchLabels` and `matchExpressions`.
public struct LabelSelector: Sendable {
    /// One `matchExpressions` entry.
    public struct Requirement: Sendable {
        public var key: String
        /// `In`, `NotIn`, `Exists` or `DoesNotExist`.
        public var `operator`: String
        public var values: [String]
    }

    public var matchLabels: [String: String]
    public var matchExpressions: [Requirement]

    /// Whether `labels` satisfy the selector. An empty selector matches everything.
    public func matches(_ labels: [String: String]) -> Bool {
        for (key, value) in matchLabels where labels[key] != value { return false }
        for requirement in matchExpressions {
            let value = labels[requirement.key]
            switch requirement.operator {
            case "In": guard let value, requirement.values.contains(value) else { return false }
            case "NotIn": if let value, requirement.values.contains(value) { return false }
            case "Exists": if value == nil { return false }
            case "DoesNotExist": if value != nil { return false }
            default: return false
            }
        }
        return true
    }
}

/// One `validations` entry.
public struct Validation: Sendable {
    public let expression: PolicyExpression
    public let message: String?
    public let messageExpression: PolicyExpression?
    /// Where to point the finding, as a path into the object (`spec.template.spec.containers[0]`).
    public let fieldPath: String?
    /// The ValidatingAdmissionPolicy `reason` (`Forbidden`, `Invalid`, …), when given.
    public let reason: String?
}

/// Where a policy's `params` comes from.
public enum ParamSource: Sendable {
    /// A fixed object, written in the policy (`spec.params`).
    case inline(Node)
    /// An object of the checked repository: `kind` (and `apiVersion` when given), `name` or a label
    /// `selector`, `namespace` when given. When none is found, `params` is null, or the policy reports
    /// that it could not find them when `denyWhenMissing`.
    case reference(apiVersion: String?, kind: String, name: String?, namespace: String?, selector: LabelSelector?, denyWhenMissing: Bool)
}

/// A loaded, compiled policy: a `sealgate.dev/v1 Policy`, or a ValidatingAdmissionPolicy with one of its
/// bindings.
public struct Policy: Sendable {
    /// Name, category, severity, description and remediation, as reporters show them.
    public var info: PolicyInfo
    /// Where the policy document starts.
    public let location: SourceLocation
    public var match: MatchRules
    public let matchConditions: [(name: String, expression: PolicyExpression)]
    public let variables: [(name: String, expression: PolicyExpression)]
    public let validations: [Validation]
    public internal(set) var params: ParamSource?
    /// Whether an expression reads `objects`: such a policy needs the whole repository and has no
    /// ValidatingAdmissionPolicy equivalent.
    public var usesObjects: Bool { reads("objects") }
    /// `sealgate` or `ValidatingAdmissionPolicy` (with the binding's name).
    public let origin: String

    /// Every expression of the policy: conditions, variables, validations and their messages.
    var expressions: [PolicyExpression] {
        matchConditions.map(\.expression) + variables.map(\.expression)
            + validations.flatMap { [$0.expression] + ($0.messageExpression.map { [$0] } ?? []) }
    }

    /// Whether some expression of the policy reads the CEL variable `name`.
    func reads(_ name: String) -> Bool {
        expressions.contains { $0.program.readVariables.contains(name) }
    }
}

/// A `sealgate.dev/v1 PolicyException`: waives the findings of some policies on the objects it matches.
public struct PolicyException: Sendable {
    public let name: String
    public let location: SourceLocation
    /// The policies it waives (`*` for all).
    public let policies: [String]
    public let match: MatchRules
    public let reason: String
    /// The last day it applies (UTC); nil for no end.
    public let expires: CalendarDate?
}
