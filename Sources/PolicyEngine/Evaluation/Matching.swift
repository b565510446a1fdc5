// sealgate · PolicyEngine

import KubeManifest

extension MatchRules {
    /// The label the API server sets on every Namespace to its name (and keeps so), which namespace
    /// selectors use to select namespaces by name.
    static let namespaceNameLabel = "kubernetes.io/metadata.name"

    /// Whether the rules select `object`. `namespaceLabels` gives the labels of a namespace's Namespace
    /// object, when the repository has one.
    func matches(_ object: KubeObject, namespaceLabels: (String) -> [String: String]?) -> Bool {
        if !kinds.isEmpty, !kinds.contains(object.kind) {
            let qualified = "\(object.group)/\(object.kind)"
            guard kinds.contains(qualified) else { return false }
        }
        if !namespaces.isEmpty {
            guard let namespace = object.namespace, namespaces.contains(namespace) else { return false }
        }
        if let namespace = object.namespace, excludeNamespaces.contains(namespace) { return false }
        if !names.isEmpty {
            guard let name = object.name, names.contains(name) else { return false }
        }
        for selector in labelSelectors where !selector.matches(object.labels) { return false }
        if !namespaceSelectors.isEmpty {
            // As Kubernetes does: a Namespace is matched on its own labels, other cluster-scoped objects
            // always match, and a namespace the repository does not declare has no labels but the one
            // the API server gives every namespace, kubernetes.io/metadata.name with its name.
            let labels: [String: String]?
            if object.kind == "Namespace", object.group.isEmpty {
                labels = object.labels.merging(object.name.map { [Self.namespaceNameLabel: $0] } ?? [:]) { _, set in set }
            } else if let namespace = object.namespace {
                labels = (namespaceLabels(namespace) ?? [:]).merging([Self.namespaceNameLabel: namespace]) { _, set in set }
            } else {
                labels = nil
            }
            if let labels {
                for selector in namespaceSelectors where !selector.matches(labels) { return false }
            }
        }
        for rules in resourceRuleSets where !rules.contains(where: { $0.matches(object) }) { return false }
        if excludeResourceRules.contains(where: { $0.matches(object) }) { return false }
        return true
    }
}

extension ResourceRule {
    /// Whether the rule covers `object`, as a create or update of it would be matched.
    func matches(_ object: KubeObject) -> Bool {
        guard apiGroups.contains(where: { $0 == "*" || $0 == object.group }) else { return false }
        guard apiVersions.isEmpty || apiVersions.contains(where: { $0 == "*" || $0 == object.version }) else { return false }
        let plural = ResourceNames.plural(of: object.kind)
        guard resources.contains(where: { $0 == "*" || $0 == plural }) else { return false }
        guard operations.isEmpty || operations.contains(where: { $0 == "*" || $0 == "CREATE" || $0 == "UPDATE" }) else { return false }
        if !resourceNames.isEmpty {
            guard let name = object.name, resourceNames.contains(name) else { return false }
        }
        return true
    }
}
