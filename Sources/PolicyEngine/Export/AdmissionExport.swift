// sealgate · PolicyEngine

import Diagnostics
public import KubeManifest

/// Writes policies as `admissionregistration.k8s.io/v1` ValidatingAdmissionPolicy and
/// ValidatingAdmissionPolicyBinding documents, so that the rules a check runs before merge also run at
/// admission.
///
/// The export is the inverse of the loader's reading of a ValidatingAdmissionPolicy: loading the
/// documents back gives policies that find the same things on the same objects, with the same severity
/// (the binding's `validationActions`). A policy the API server could not run — it reads `objects`, calls
/// a function or reads a field Kubernetes' CEL does not have, or carries something Kubernetes' API
/// validation refuses — is not exported, and the reasons say why.
public enum AdmissionExport {
    /// A binding's `validationActions` entry: what the API server does when a validation fails.
    public enum Action: String, CaseIterable, Sendable {
        /// Refuse the request.
        case deny = "Deny"
        /// Accept it, with a warning to the client.
        case warn = "Warn"
        /// Accept it, recording the failure in the audit log.
        case audit = "Audit"

        /// The action that loads back as `severity`: error → Deny, warning → Warn, info → Audit.
        public init(severity: Severity) {
            switch severity {
            case .error: self = .deny
            case .warning: self = .warn
            case .info: self = .audit
            }
        }
    }

    /// What became of one policy.
    public enum Outcome: Sendable {
        /// The ValidatingAdmissionPolicy, its binding and, for params written in the policy, the
        /// ConfigMap that holds them.
        case exported([Node])
        /// Why the API server could not run the policy, one reason per problem.
        case unexportable([String])
    }

    /// The label every exported object carries.
    public static let managedByLabel = ("app.kubernetes.io/managed-by", "sealgate")

    /// The annotations that carry a policy's information (the loader reads the category and description
    /// back).
    public enum Annotation {
        /// The policy's category.
        public static let category = "policies.sealgate.dev/category"
        /// The policy's description.
        public static let description = "policies.sealgate.dev/description"
        /// What to do about a finding.
        public static let remediation = "policies.sealgate.dev/remediation"
        /// The policy's tags, joined by commas.
        public static let tags = "policies.sealgate.dev/tags"
        /// Where the policy was read from (`builtin:…` for the pack).
        public static let source = "policies.sealgate.dev/source"
    }

    /// The label every namespace carries with its own name (the API server sets it), which selects
    /// namespaces by name.
    public static let namespaceNameLabel = MatchRules.namespaceNameLabel

    /// The documents for `policy`, or why it cannot run in the API server.
    ///
    /// - Parameter action: the binding's action; nil for the one the policy's severity loads back as.
    public static func export(_ policy: Policy, action: Action? = nil) -> Outcome {
        var conversion = Conversion(policy: policy)
        let documents = conversion.documents(action: action ?? Action(severity: policy.info.severity))
        return conversion.reasons.isEmpty ? .exported(documents) : .unexportable(conversion.reasons)
    }
}

/// The work of exporting one policy: the documents, and the reasons that stop the export, gathered as
/// each part is converted so that one run names every problem.
private struct Conversion {
    let policy: Policy
    var reasons: [String] = []

    init(policy: Policy) {
        self.policy = policy
        reasons = AdmissionCompatibility.problems(in: policy)
    }

    private var name: String { policy.info.name }

    mutating func documents(action: AdmissionExport.Action) -> [Node] {
        if !KubernetesNames.isDNSSubdomain(name) {
            reasons.append(
                "its name is not a DNS subdomain (at most 253 lower-case letters, digits, '-' and '.'), which Kubernetes requires of an object's name"
            )
        }
        let params = paramsParts()
        var ruleSets = resourceRuleSets()
        let policyRules = ruleSets.isEmpty ? [] : ruleSets.removeFirst()
        if ruleSets.count > 1 {
            reasons.append("it matches through more than two sets of resource rules; a policy and its binding hold two")
        }
        var constraints: [(String, Node?)] = [
            ("matchPolicy", .text("Equivalent")),
            ("namespaceSelector", selector(policy.match.namespaceSelectors + namespaceRequirements(), field: "namespaceSelector")),
            ("objectSelector", selector(policy.match.labelSelectors, field: "objectSelector")),
            ("resourceRules", .sequence(policyRules)),
        ]
        if !policy.match.excludeResourceRules.isEmpty {
            constraints.append(("excludeResourceRules", .sequence(policy.match.excludeResourceRules.map { rule($0) })))
        }
        let spec = object([
            ("failurePolicy", .text("Fail")),
            ("paramKind", params.kind),
            ("matchConstraints", object(constraints)),
            ("matchConditions", nonEmpty(matchConditions())),
            ("variables", nonEmpty(variables())),
            ("validations", .sequence(validations())),
        ])
        let admissionPolicy = object([
            ("apiVersion", .text("admissionregistration.k8s.io/v1")),
            ("kind", .text("ValidatingAdmissionPolicy")),
            ("metadata", metadata(annotations: annotations())),
            ("spec", spec),
        ])
        let binding = object([
            ("apiVersion", .text("admissionregistration.k8s.io/v1")),
            ("kind", .text("ValidatingAdmissionPolicyBinding")),
            ("metadata", metadata(annotations: [])),
            (
                "spec",
                object([
                    ("policyName", .text(name)),
                    ("validationActions", .strings([action.rawValue])),
                    ("paramRef", params.reference),
                    (
                        "matchResources",
                        ruleSets.first.map { object([("matchPolicy", .text("Equivalent")), ("resourceRules", .sequence($0))]) }
                    ),
                ])
            ),
        ])
        return [admissionPolicy, binding] + (params.configMap.map { [$0] } ?? [])
    }

    // MARK: - Metadata

    private func metadata(annotations: [(String, String)]) -> Node {
        object([
            ("name", .text(name)),
            ("labels", object([(AdmissionExport.managedByLabel.0, .text(AdmissionExport.managedByLabel.1))])),
            ("annotations", annotations.isEmpty ? nil : object(annotations.map { ($0.0, .text($0.1)) })),
        ])
    }

    private func annotations() -> [(String, String)] {
        let info = policy.info
        var result = [(AdmissionExport.Annotation.category, info.category)]
        if !info.description.isEmpty { result.append((AdmissionExport.Annotation.description, info.description)) }
        if !info.remediation.isEmpty { result.append((AdmissionExport.Annotation.remediation, info.remediation)) }
        if !info.tags.isEmpty { result.append((AdmissionExport.Annotation.tags, info.tags.joined(separator: ","))) }
        result.append((AdmissionExport.Annotation.source, info.source))
        return result
    }

    // MARK: - What the policy matches

    /// The resource rules, in sets that must each match: the first for the policy's `matchConstraints`,
    /// a second (from a loaded binding) for the binding's `matchResources`.
    private mutating func resourceRuleSets() -> [[Node]] {
        let match = policy.match
        var sets: [[ResourceRule]] = match.resourceRuleSets
        if !match.kinds.isEmpty || sets.isEmpty {
            sets.insert(kindRules(), at: 0)
        }
        if !match.names.isEmpty {
            for name in match.names where !KubernetesNames.isPathSegmentName(name) {
                reasons.append("match.names has '\(name)', which cannot be a resource name ('.', '..', or holding '/' or '%')")
            }
            var names: [String] = []
            for name in match.names where !names.contains(name) { names.append(name) }
            if sets[0].contains(where: { !$0.resourceNames.isEmpty }) {
                reasons.append("it names objects both in match.names and in its resource rules' resourceNames")
            }
            for index in sets[0].indices { sets[0][index].resourceNames = names }
        }
        return sets.map { $0.map { rule($0) } }
    }

    /// One rule per API group of the policy's kinds, or one for every resource when it names no kind.
    private func kindRules() -> [ResourceRule] {
        let operations = ["CREATE", "UPDATE"]
        guard !policy.match.kinds.isEmpty else {
            return [ResourceRule(apiGroups: ["*"], apiVersions: ["*"], resources: ["*"], resourceNames: [], operations: operations)]
        }
        var rules: [ResourceRule] = []
        for kind in policy.match.kinds {
            let (group, plainKind) = Self.groupAndKind(kind)
            let resource = ResourceNames.plural(of: plainKind)
            if let index = rules.firstIndex(where: { $0.apiGroups == [group] }) {
                if !rules[index].resources.contains(resource) { rules[index].resources.append(resource) }
            } else {
                rules.append(
                    ResourceRule(apiGroups: [group], apiVersions: ["*"], resources: [resource], resourceNames: [], operations: operations))
            }
        }
        return rules
    }

    /// The API group of a `kinds` entry (`apps/Deployment`, or `Deployment` looked up among the known kinds;
    /// `*` for a kind sealgate does not know, which it matches in any group) and the kind alone.
    static func groupAndKind(_ entry: String) -> (group: String, kind: String) {
        if let slash = entry.lastIndex(of: "/") {
            return (String(entry[..<slash]), String(entry[entry.index(after: slash)...]))
        }
        return (KubernetesKinds.known[entry]?.group ?? "*", entry)
    }

    /// Whether every kind the policy matches is known to live in a namespace, so that a namespace selector
    /// decides what a list of namespaces does.
    private var matchesOnlyNamespacedKinds: Bool {
        !policy.match.kinds.isEmpty
            && policy.match.kinds.allSatisfy { entry in
                let (group, kind) = Self.groupAndKind(entry)
                guard let served = KubernetesKinds.known[kind] else { return false }
                return served.namespaced && (group == served.group || group == "*")
            }
    }

    private mutating func rule(_ rule: ResourceRule) -> Node {
        for (field, values) in [("apiGroups", rule.apiGroups), ("apiVersions", rule.apiVersions), ("operations", rule.operations)]
        where values.count > 1 && values.contains("*") {
            reasons.append("a resource rule's \(field) holds '*' with other values, which Kubernetes refuses")
        }
        if rule.resources.isEmpty || rule.apiGroups.isEmpty {
            reasons.append("a resource rule names no resources or no API groups, which Kubernetes refuses")
        }
        return object([
            ("apiGroups", .strings(rule.apiGroups)),
            ("apiVersions", .strings(rule.apiVersions.isEmpty ? ["*"] : rule.apiVersions)),
            ("operations", .strings(rule.operations.isEmpty ? ["CREATE", "UPDATE"] : rule.operations)),
            ("resources", .strings(rule.resources)),
            ("resourceNames", rule.resourceNames.isEmpty ? nil : .strings(rule.resourceNames)),
        ])
    }

    /// `namespaces` and `excludeNamespaces` as requirements on the label the API server gives every
    /// namespace with its name, for a policy of namespaced kinds only: a namespace selector always matches
    /// a cluster-scoped object and matches a Namespace on its own labels, which a list of namespaces does
    /// not.
    private func namespaceRequirements() -> [LabelSelector] {
        guard matchesOnlyNamespacedKinds else { return [] }
        var requirements: [LabelSelector.Requirement] = []
        if !policy.match.namespaces.isEmpty {
            requirements.append(.init(key: AdmissionExport.namespaceNameLabel, operator: .in, values: policy.match.namespaces))
        }
        if !policy.match.excludeNamespaces.isEmpty {
            requirements.append(.init(key: AdmissionExport.namespaceNameLabel, operator: .notIn, values: policy.match.excludeNamespaces))
        }
        return requirements.isEmpty ? [] : [LabelSelector(matchLabels: [:], matchExpressions: requirements)]
    }

    /// Several selectors that must all match, as one: a selector's requirements are all ANDed, so the
    /// union of their requirements selects what all of them do. Nil for none.
    private mutating func selector(_ selectors: [LabelSelector], field: String) -> Node? {
        guard !selectors.isEmpty else { return nil }
        var labels: [String: String] = [:]
        var expressions: [LabelSelector.Requirement] = []
        for selector in selectors {
            for (key, value) in selector.matchLabels.sorted(by: { $0.key < $1.key }) {
                if let other = labels[key], other != value {
                    expressions.append(.init(key: key, operator: .in, values: [value]))
                } else {
                    labels[key] = value
                }
            }
            expressions += selector.matchExpressions
        }
        for (key, value) in labels where !KubernetesNames.isQualifiedName(key) || !KubernetesNames.isLabelValue(value) {
            reasons.append("its \(field) has the label '\(key)=\(value)', which is not a valid label key and value")
        }
        for requirement in expressions {
            if !KubernetesNames.isQualifiedName(requirement.key) {
                reasons.append("its \(field) has the label key '\(requirement.key)', which is not a qualified name")
            }
            let needsValues = requirement.operator == .in || requirement.operator == .notIn
            if needsValues == requirement.values.isEmpty {
                reasons.append(
                    "its \(field) requirement on '\(requirement.key)' \(needsValues ? "has no values" : "has values"), which \(requirement.operator.rawValue) does not allow"
                )
            }
            for value in requirement.values where !KubernetesNames.isLabelValue(value) {
                reasons.append("its \(field) compares '\(requirement.key)' with '\(value)', which is not a valid label value")
            }
        }
        return object([
            ("matchLabels", labels.isEmpty ? nil : object(labels.sorted { $0.key < $1.key }.map { ($0.key, .text($0.value)) })),
            (
                "matchExpressions",
                expressions.isEmpty
                    ? nil
                    : .sequence(
                        expressions.map { requirement in
                            object([
                                ("key", .text(requirement.key)), ("operator", .text(requirement.operator.rawValue)),
                                ("values", requirement.values.isEmpty ? nil : .strings(requirement.values)),
                            ])
                        })
            ),
        ])
    }

    // MARK: - Expressions

    /// The name of the condition an export adds for `namespaces`, and for `excludeNamespaces`.
    static let namespacesCondition = "sealgate.dev/namespaces", excludedNamespacesCondition = "sealgate.dev/exclude-namespaces"

    private mutating func matchConditions() -> [Node] {
        var conditions: [(name: String, expression: String)] = []
        // The namespaces, as sealgate matches them: the object's own metadata.namespace. First, so that the
        // policy's own conditions never see an object outside them (sealgate checks match before them).
        let match = policy.match
        if !match.namespaces.isEmpty {
            conditions.append((Self.namespacesCondition, "object.metadata.?namespace.orValue('') in \(Self.celList(match.namespaces))"))
        }
        if !match.excludeNamespaces.isEmpty {
            conditions.append(
                (Self.excludedNamespacesCondition, "!(object.metadata.?namespace.orValue('') in \(Self.celList(match.excludeNamespaces)))"))
        }
        for condition in policy.matchConditions {
            if !KubernetesNames.isQualifiedName(condition.name) {
                reasons.append(
                    "the matchCondition name '\(condition.name)' is not a qualified name (letters, digits, '-', '_' and '.', at most 63, with an optional DNS prefix and '/')"
                )
            }
            if conditions.contains(where: { $0.name == condition.name }) {
                reasons.append("two matchConditions are named '\(condition.name)'")
            }
            conditions.append((condition.name, condition.expression.source))
        }
        if conditions.count > 64 {
            reasons.append("it has \(conditions.count) matchConditions; Kubernetes allows 64")
        }
        return conditions.map { object([("name", .text($0.name)), ("expression", .text($0.expression))]) }
    }

    private mutating func variables() -> [Node] {
        policy.variables.map { variable in
            if !KubernetesNames.isCELIdentifier(variable.name) {
                reasons.append(
                    "the variable name '\(variable.name)' is not a CEL identifier (a letter or '_', then letters, digits or '_')")
            }
            return object([("name", .text(variable.name)), ("expression", .text(variable.expression.source))])
        }
    }

    /// The reasons a ValidatingAdmissionPolicy's validation may give.
    static let validationReasons: Set<String> = ["Forbidden", "Invalid", "RequestEntityTooLarge"]

    private mutating func validations() -> [Node] {
        policy.validations.enumerated().map { index, validation in
            if let message = validation.message {
                if message.contains(where: { $0 == "\n" || $0 == "\r" }) {
                    reasons.append("validations[\(index)].message has a line break, which Kubernetes refuses")
                } else if message.allSatisfy(\.isWhitespace) {
                    reasons.append("validations[\(index)].message is blank, which Kubernetes refuses")
                }
            }
            if let reason = validation.reason, !Self.validationReasons.contains(reason) {
                reasons.append("validations[\(index)].reason is '\(reason)'; Kubernetes takes Forbidden, Invalid or RequestEntityTooLarge")
            }
            // A v1 validation has no fieldPath: findings of the exported policy point at the object.
            return object([
                ("expression", .text(validation.expression.source)),
                ("message", validation.message.map(Node.text)),
                ("messageExpression", validation.messageExpression.map { .text($0.source) }),
                ("reason", validation.reason.map(Node.text)),
            ])
        }
    }

    /// `items` as a CEL list of string literals.
    static func celList(_ items: [String]) -> String {
        "[" + items.map(celString).joined(separator: ", ") + "]"
    }

    /// `text` as a single-quoted CEL string literal.
    static func celString(_ text: String) -> String {
        var out = "'"
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "'": out += "\\'"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out +=
                        "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "'"
    }

    // MARK: - Params

    /// The policy's `paramKind`, its binding's `paramRef`, and the ConfigMap that holds params written in
    /// the policy.
    private mutating func paramsParts() -> (kind: Node?, reference: Node?, configMap: Node?) {
        switch policy.params {
        case nil:
            return (nil, nil, nil)
        case let .inline(node)?:
            return inlineParams(node)
        case let .reference(apiVersion, kind, name, namespace, selector, denyWhenMissing)?:
            guard let apiVersion = apiVersion ?? KubernetesKinds.known[kind]?.apiVersion else {
                reasons.append(
                    "its paramRef names the kind \(kind) without an apiVersion, which a paramKind needs; add paramRef.apiVersion")
                return (nil, nil, nil)
            }
            checkParamKind(apiVersion: apiVersion, kind: kind)
            if name != nil, selector != nil {
                reasons.append("its paramRef has both a name and a selector, which Kubernetes refuses; keep one")
            }
            if let name, !KubernetesNames.isPathSegmentName(name) {
                reasons.append("its paramRef name '\(name)' cannot be an object's name")
            }
            // Without a name or a selector sealgate takes every object of the kind: an empty selector.
            let selectorNode =
                name == nil
                ? self.selector([selector ?? LabelSelector(matchLabels: [:], matchExpressions: [])], field: "paramRef selector")
                    ?? object([]) : nil
            let reference = object([
                ("name", name.map(Node.text)),
                ("namespace", namespace.map(Node.text)),
                ("selector", selectorNode),
                ("parameterNotFoundAction", .text(denyWhenMissing ? "Deny" : "Allow")),
            ])
            return (object([("apiVersion", .text(apiVersion)), ("kind", .text(kind))]), reference, nil)
        }
    }

    /// Params written in the policy: the API server reads params only from an object, so they become a
    /// ConfigMap when they have a ConfigMap's shape — `data` mapping names to strings, as the policy's
    /// expressions then read `params.data.…` — and cannot be exported otherwise (a generated ConfigMap
    /// would move every value under `data`, where the expressions do not look).
    private mutating func inlineParams(_ node: Node) -> (kind: Node?, reference: Node?, configMap: Node?) {
        let allowedKeys: Set<String> = ["apiVersion", "kind", "metadata", "data"]
        guard let mapping = node.mapping, let data = mapping["data"]?.mapping,
            mapping.keys.allSatisfy(allowedKeys.contains),
            (mapping["kind"]?.string ?? "ConfigMap") == "ConfigMap", (mapping["apiVersion"]?.string ?? "v1") == "v1",
            data.allSatisfy({ $0.value.string != nil })
        else {
            reasons.append(
                "its params are written in the policy (spec.params) and are not a ConfigMap's data (a data map of strings); the API server reads params only from an object: move them to one and use spec.paramRef"
            )
            return (nil, nil, nil)
        }
        let metadata = mapping["metadata"]?.mapping
        let configMapName = metadata?["name"]?.string ?? "\(name)-params"
        let namespace = metadata?["namespace"]?.string ?? "default"
        if !KubernetesNames.isDNSSubdomain(configMapName) || !KubernetesNames.isDNSSubdomain(namespace) {
            reasons.append("the ConfigMap for its params cannot be called '\(configMapName)' in namespace '\(namespace)'")
        }
        let configMap = object([
            ("apiVersion", .text("v1")),
            ("kind", .text("ConfigMap")),
            (
                "metadata",
                object([
                    ("name", .text(configMapName)), ("namespace", .text(namespace)),
                    ("labels", object([(AdmissionExport.managedByLabel.0, .text(AdmissionExport.managedByLabel.1))])),
                ])
            ),
            ("data", object(data.map { ($0.key, $0.value) })),
        ])
        let reference = object([
            ("name", .text(configMapName)), ("namespace", .text(namespace)), ("parameterNotFoundAction", .text("Deny")),
        ])
        return (object([("apiVersion", .text("v1")), ("kind", .text("ConfigMap"))]), reference, configMap)
    }

    private mutating func checkParamKind(apiVersion: String, kind: String) {
        let parts = apiVersion.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let valid =
            switch parts.count {
            case 1: KubernetesNames.isDNS1035Label(parts[0])
            case 2: KubernetesNames.isDNSSubdomain(parts[0]) && KubernetesNames.isDNS1035Label(parts[1])
            default: false
            }
        if !valid { reasons.append("its paramRef apiVersion '\(apiVersion)' is not group/version") }
        if !KubernetesNames.isDNS1035Label(kind.lowercased()) { reasons.append("its paramRef kind '\(kind)' is not a kind's name") }
    }

    // MARK: - Building nodes

    private func object(_ entries: [(String, Node?)]) -> Node {
        Node(.map(Mapping(entries.compactMap { key, value in value.map { Mapping.Entry(key: key, keyLocation: .generated, value: $0) } })))
    }

    private func nonEmpty(_ items: [Node]) -> Node? {
        items.isEmpty ? nil : .sequence(items)
    }
}

extension Node {
    /// A generated string node.
    fileprivate static func text(_ text: String) -> Node { Node(.string(text)) }
    /// A generated list node.
    fileprivate static func sequence(_ items: [Node]) -> Node { Node(.list(items)) }
    /// A generated list of strings.
    fileprivate static func strings(_ items: [String]) -> Node { Node(.list(items.map { Node(.string($0)) })) }
}
