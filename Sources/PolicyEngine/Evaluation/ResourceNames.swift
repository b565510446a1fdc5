// sealgate · PolicyEngine

/// The plural resource name Kubernetes serves a kind under (`Deployment` → `deployments`), which
/// ValidatingAdmissionPolicy resource rules name. Well-known kinds come from a table (some are irregular);
/// others follow the rule the API machinery uses for custom resources' defaults.
enum ResourceNames {
    private static let irregular: [String: String] = [
        "Endpoints": "endpoints", "NetworkPolicy": "networkpolicies", "PodSecurityPolicy": "podsecuritypolicies",
        "Ingress": "ingresses", "IngressClass": "ingressclasses", "StorageClass": "storageclasses",
        "PriorityClass": "priorityclasses", "RuntimeClass": "runtimeclasses", "ResourceQuota": "resourcequotas",
        "PodDisruptionBudget": "poddisruptionbudgets", "ValidatingAdmissionPolicy": "validatingadmissionpolicies",
        "CustomResourceDefinition": "customresourcedefinitions", "SealedSecret": "sealedsecrets",
    ]

    /// The plural, lower-case resource name of `kind`.
    static func plural(of kind: String) -> String {
        if let name = irregular[kind] { return name }
        let lower = kind.lowercased()
        if lower.hasSuffix("s") || lower.hasSuffix("x") || lower.hasSuffix("ch") || lower.hasSuffix("sh") { return lower + "es" }
        if lower.hasSuffix("y"), let before = lower.dropLast().last, !"aeiou".contains(before) { return lower.dropLast() + "ies" }
        return lower + "s"
    }
}
