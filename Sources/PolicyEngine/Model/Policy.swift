// sealgate · PolicyEngine

import CEL
public import Diagnostics
public import KubeManifest

/// A compiled CEL expression with the text and the place it came from.
///
/// A class, as ``Validation`` is: the evaluation copies them for every object it checks, and a reference
/// is one retain where the fields were many.
public final class PolicyExpression: Sendable {
    /// The expression's text.
    public let source: String
    /// Where the expression's value starts in the policy file.
    public let location: SourceLocation
    let program: CELProgram

    init(source: String, location: SourceLocation, program: CELProgram) {
        self.source = source
        self.location = location
        self.program = program
    }
}

/// An expression with the name a policy gives it: a `matchConditions` or `variables` entry.
public struct NamedExpression: Sendable {
    /// The entry's `name`: how messages name a condition, and how `variables.<name>` reads a variable.
    public let name: String
    /// The compiled expression.
    public let expression: PolicyExpression
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
    /// API groups (`""` for the core group, `apps`) or `*`.
    public var apiGroups: [String]
    /// API versions (`v1`) or `*`; empty for any.
    public var apiVersions: [String]
    /// Plural resource names (`deployments`), `*`, or `*/status`-style subresources (never matched here).
    public var resources: [String]
    /// Object names the rule is limited to; empty for any.
    public var resourceNames: [String]
    /// `CREATE`, `UPDATE`, `DELETE`, `CONNECT` or `*`; sealgate checks what a merge would create or update.
    public var operations: [String]
}

/// A Kubernetes label selector: `matchLabels` and `matchExpressions`.
public struct LabelSelector: Sendable {
    /// How a `matchExpressions` entry compares a label with its values.
    public enum Operator: String, CaseIterable, Sendable {
        /// The label is set to one of the values.
        case `in` = "In"
        /// The label is not set, or set to none of the values (as in Kubernetes, a missing label matches).
        case notIn = "NotIn"
        /// The label is set, to any value.
        case exists = "Exists"
        /// The label is not set.
        case doesNotExist = "DoesNotExist"

        /// The operators as a policy writes them, for a message that lists what is allowed:
        /// `In, NotIn, Exists or DoesNotExist`.
        static var spelledOut: String {
            let names = allCases.map(\.rawValue)
            return names.dropLast().joined(separator: ", ") + " or " + names[names.count - 1]
        }
    }

    /// One `matchExpressions` entry.
    public struct Requirement: Sendable {
        /// The label's key.
        public var key: String
        /// How the label is compared with `values`.
        public var `operator`: Operator
        /// The values `In` and `NotIn` compare with; Kubernetes leaves them empty for the other operators.
        public var values: [String]
    }

    /// Labels the object must have, with exactly these values.
    public var matchLabels: [String: String]
    /// Further requirements, all of which must hold.
    public var matchExpressions: [Requirement]

    /// Whether `labels` satisfy the selector. An empty selector matches everything.
    public func matches(_ labels: [String: String]) -> Bool {
        for (key, value) in matchLabels where labels[key] != value { return false }
        for requirement in matchExpressions {
            let value = labels[requirement.key]
            switch requirement.operator {
            case .in: guard let value, requirement.values.contains(value) else { return false }
            case .notIn: if let value, requirement.values.contains(value) { return false }
            case .exists: if value == nil { return false }
            case .doesNotExist: if value != nil { return false }
            }
        }
        return true
    }
}

/// One `validations` entry.
public final class Validation: Sendable {
    /// The CEL expression that must be true for the object to pass.
    public let expression: PolicyExpression
    /// The finding's message when the expression is false; nil to name the expression.
    public let message: String?
    /// A CEL expression giving the message from the object; when it fails or gives an empty string,
    /// ``message`` is used instead, as in Kubernetes.
    public let messageExpression: PolicyExpression?
    /// Where to point the finding, as a path into the object (`spec.template.spec.containers[0]`).
    public let fieldPath: String?
    /// The ValidatingAdmissionPolicy `reason` (`Forbidden`, `Invalid`, …), when given.
    public let reason: String?
    /// sealgate's extension: the items at fault, each reported at its own place; nil for one finding on
    /// the object (or at ``fieldPath``).
    public let items: ItemFindings?

    init(
        expression: PolicyExpression, message: String?, messageExpression: PolicyExpression?, fieldPath: String?, reason: String?,
        items: ItemFindings?
    ) {
        self.expression = expression
        self.message = message
        self.messageExpression = messageExpression
        self.fieldPath = fieldPath
        self.reason = reason
        self.items = items
    }
}

/// A validation's `items` (a sealgate extension that a ValidatingAdmissionPolicy export leaves out): when
/// the validation fails, ``expression`` names the offending items (the containers, ports, rules, volumes or
/// subjects at fault, taken from `object`), and each becomes a finding at its own line and column, with
/// its path in the object (`spec.template.spec.containers[1]`) as the finding's field path.
public struct ItemFindings: Sendable {
    /// A list of maps read from `object`. An item that is not a map of the object (a value the expression
    /// built) is reported at the object.
    public let expression: PolicyExpression
    /// The message of each item's finding, with the item as `item` beside the policy's other variables;
    /// when it fails or gives no usable text, the validation's message is used.
    public let messageExpression: PolicyExpression?

    /// The most findings one validation gives on one object, so a policy cannot flood a report.
    public static let limit = 100
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
    /// Which objects the policy applies to (kinds, namespaces, selectors).
    public var match: MatchRules
    /// CEL conditions that must all be true for the policy to apply, checked after ``match``.
    public let matchConditions: [NamedExpression]
    /// Named CEL expressions the validations read as `variables.<name>`, each computed at most once per object.
    public let variables: [NamedExpression]
    /// The checks; each false one is a finding.
    public let validations: [Validation]
    /// Where `params` comes from; nil for a policy without params. A PolicyTest may replace it.
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

    /// Whether what the policy finds on an object can depend on more than the object: other objects, its
    /// Namespace (read, or matched by a namespace selector), params found among the objects, or the same
    /// object at the base of a change. An object whose file did not change has the same findings of every
    /// other policy at the base as at the head.
    var readsBeyondItsObject: Bool {
        if case .reference? = params { return true }
        return !match.namespaceSelectors.isEmpty || reads("objects") || reads("namespaceObject") || reads("oldObject")
    }

    /// Whether some expression of the policy reads the CEL variable `name`.
    func reads(_ name: String) -> Bool {
        expressions.contains { $0.program.readVariables.contains(name) }
    }
}

/// A `sealgate.dev/v1 PolicyException`: waives the findings of some policies on the objects it matches.
public struct PolicyException: Sendable {
    /// The exception's `metadata.name`, which waived findings name as their waiver's source.
    public let name: String
    /// Where the exception's document starts, for its own findings.
    public let location: SourceLocation
    /// The policies it waives (`*` for all).
    public let policies: [String]
    /// The objects it waives findings on.
    public let match: MatchRules
    /// Why the findings may be waived; an exception with an empty reason waives nothing.
    public let reason: String
    /// The last day it applies (UTC); nil for no end.
    public let expires: CalendarDate?
}
