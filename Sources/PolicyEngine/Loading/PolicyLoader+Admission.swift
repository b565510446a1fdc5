// sealgate · PolicyEngine

import CEL
import KubeManifest

// admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy and ValidatingAdmissionPolicyBinding: one
// sealgate policy per binding (or one, as Deny, for a policy whose bindings live elsewhere).

extension PolicyLoader {
    static func admissionPolicy(
        _ object: KubeObject, bindings: [KubeObject], source: String, environment: CELEnvironment
    ) throws(PolicyError) -> [Policy] {
        let root = Fields(object.root, path: "")
        let name = try root.map("metadata")?.requiredString("name") ?? ""
        guard let spec = try root.map("spec") else {
            throw PolicyError(.invalid, "ValidatingAdmissionPolicy '\(name)' has no spec", at: object.origin.location)
        }
        let match = try matchResources(spec.map("matchConstraints"))
        let paramKind = try spec.map("paramKind")
        let annotations = object.annotations
        let category = annotations["policies.sealgate.dev/category"] ?? "admission"
        let description = annotations["policies.sealgate.dev/description"] ?? "ValidatingAdmissionPolicy \(name)"

        guard !bindings.isEmpty else {
            // The bindings may be in the cluster's configuration rather than in the repository: check the
            // policy as a binding with validationActions [Deny] would.
            let info = PolicyInfo(
                name: name, category: category, severity: .error, description: description, remediation: "", source: source)
            let params: ParamSource? = try paramKind.map { (kind) throws(PolicyError) in
                .reference(
                    apiVersion: try kind.string("apiVersion"), kind: try kind.requiredString("kind"), name: nil, namespace: nil,
                    selector: nil, denyWhenMissing: true)
            }
            return [
                try compiledPolicy(
                    info: info, spec: spec, match: match, params: params, location: object.origin.location,
                    origin: "ValidatingAdmissionPolicy", environment: environment)
            ]
        }
        var policies: [Policy] = []
        for binding in bindings {
            let bindingRoot = Fields(binding.root, path: "")
            let bindingName = try bindingRoot.map("metadata")?.requiredString("name") ?? ""
            guard let bindingSpec = try bindingRoot.map("spec") else {
                throw PolicyError(.invalid, "ValidatingAdmissionPolicyBinding '\(bindingName)' has no spec", at: binding.origin.location)
            }
            let actions = try bindingSpec.strings("validationActions")
            guard !actions.isEmpty else {
                throw PolicyError(
                    .invalid, "'spec.validationActions' of binding '\(bindingName)' is required: Deny, Warn or Audit",
                    at: bindingSpec.node.location)
            }
            // Deny → error, Warn → warning, Audit → info; the strongest action wins.
            var severity = Severity.info
            for action in actions {
                switch action {
                case "Deny": severity = .error
                case "Warn": severity = max(severity, .warning)
                case "Audit": break
                default:
                    throw PolicyError(
                        .invalid, "'spec.validationActions' of binding '\(bindingName)' has '\(action)'; use Deny, Warn or Audit",
                        at: bindingSpec.node["validationActions"]?.location ?? bindingSpec.node.location)
                }
            }
            // The binding's matchResources narrows the policy's matchConstraints: both must match.
            var bound = match
            if let resources = try bindingSpec.map("matchResources") {
                let extra = try matchResources(resources)
                bound.resourceRuleSets += extra.resourceRuleSets
                bound.excludeResourceRules += extra.excludeResourceRules
                bound.namespaceSelectors += extra.namespaceSelectors
                bound.labelSelectors += extra.labelSelectors
            }
            var params: ParamSource?
            if let kind = paramKind {
                let reference = try bindingSpec.map("paramRef")
                params = .reference(
                    apiVersion: try kind.string("apiVersion"), kind: try kind.requiredString("kind"),
                    name: try reference?.string("name"), namespace: try reference?.string("namespace"),
                    selector: try reference?.selector("selector"),
                    denyWhenMissing: (try reference?.string("parameterNotFoundAction") ?? "Deny") == "Deny")
            }
            let policyName = bindings.count == 1 ? name : "\(name)/\(bindingName)"
            let info = PolicyInfo(
                name: policyName, category: category, severity: severity, description: description, remediation: "", source: source)
            policies.append(
                try compiledPolicy(
                    info: info, spec: spec, match: bound, params: params, location: object.origin.location,
                    origin: "ValidatingAdmissionPolicy (binding \(bindingName))", environment: environment))
        }
        return policies
    }

    /// `matchConstraints` or a binding's `matchResources`.
    private static func matchResources(_ fields: Fields?) throws(PolicyError) -> MatchRules {
        var match = MatchRules()
        guard let fields else { return match }
        var rules: [ResourceRule] = []
        for rule in try fields.list("resourceRules") { rules.append(try resourceRule(rule)) }
        if !rules.isEmpty { match.resourceRuleSets = [rules] }
        for rule in try fields.list("excludeResourceRules") { match.excludeResourceRules.append(try resourceRule(rule)) }
        match.namespaceSelectors = try fields.selector("namespaceSelector").map { [$0] } ?? []
        match.labelSelectors = try fields.selector("objectSelector").map { [$0] } ?? []
        return match
    }

    private static func resourceRule(_ rule: Fields) throws(PolicyError) -> ResourceRule {
        ResourceRule(
            apiGroups: try rule.strings("apiGroups"), apiVersions: try rule.strings("apiVersions"),
            resources: try rule.strings("resources"), resourceNames: try rule.strings("resourceNames"),
            operations: try rule.strings("operations"))
    }
}
