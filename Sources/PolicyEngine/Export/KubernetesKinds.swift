// sealgate · PolicyEngine

/// The API group, preferred version and scope of the kinds policies commonly match, which a
/// ValidatingAdmissionPolicy's resource rules and `paramKind` must name: a sealgate policy names kinds
/// alone (`Deployment`), Kubernetes names resources in a group (`apps`, `deployments`).
enum KubernetesKinds {
    /// Where a kind is served.
    struct Served: Equatable {
        /// The API group; empty for the core group.
        let group: String
        /// The version an object of the kind is written in today (`v1`).
        let version: String
        /// Whether objects of the kind live in a namespace.
        let namespaced: Bool

        /// `group/version`, or the version alone for the core group: an object's `apiVersion`.
        var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }
    }

    private static func table(_ group: String, _ version: String, namespaced: [String], cluster: [String] = []) -> [String: Served] {
        var result: [String: Served] = [:]
        for kind in namespaced { result[kind] = Served(group: group, version: version, namespaced: true) }
        for kind in cluster { result[kind] = Served(group: group, version: version, namespaced: false) }
        return result
    }

    /// Built-in kinds (and Sealed Secrets'), by kind.
    static let known: [String: Served] = {
        var all: [String: Served] = [:]
        let tables = [
            table(
                "", "v1",
                namespaced: [
                    "Pod", "ReplicationController", "Service", "ConfigMap", "Secret", "ServiceAccount", "PersistentVolumeClaim",
                    "Endpoints", "LimitRange", "ResourceQuota", "Event", "PodTemplate",
                ],
                cluster: ["Namespace", "Node", "PersistentVolume"]),
            table("apps", "v1", namespaced: ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ControllerRevision"]),
            table("batch", "v1", namespaced: ["Job", "CronJob"]),
            table("autoscaling", "v2", namespaced: ["HorizontalPodAutoscaler"]),
            table("policy", "v1", namespaced: ["PodDisruptionBudget"]),
            table("networking.k8s.io", "v1", namespaced: ["Ingress", "NetworkPolicy"], cluster: ["IngressClass"]),
            table("discovery.k8s.io", "v1", namespaced: ["EndpointSlice"]),
            table(
                "rbac.authorization.k8s.io", "v1", namespaced: ["Role", "RoleBinding"], cluster: ["ClusterRole", "ClusterRoleBinding"]),
            table("storage.k8s.io", "v1", namespaced: [], cluster: ["StorageClass", "CSIDriver", "VolumeAttachment"]),
            table("scheduling.k8s.io", "v1", namespaced: [], cluster: ["PriorityClass"]),
            table("node.k8s.io", "v1", namespaced: [], cluster: ["RuntimeClass"]),
            table("coordination.k8s.io", "v1", namespaced: ["Lease"]),
            table("certificates.k8s.io", "v1", namespaced: [], cluster: ["CertificateSigningRequest"]),
            table("apiextensions.k8s.io", "v1", namespaced: [], cluster: ["CustomResourceDefinition"]),
            table("apiregistration.k8s.io", "v1", namespaced: [], cluster: ["APIService"]),
            table(
                "admissionregistration.k8s.io", "v1", namespaced: [],
                cluster: [
                    "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding", "ValidatingWebhookConfiguration",
                    "MutatingWebhookConfiguration",
                ]),
            table("bitnami.com", "v1alpha1", namespaced: ["SealedSecret"]),
        ]
        for table in tables { all.merge(table) { first, _ in first } }
        return all
    }()
}

/// The syntax rules Kubernetes' API validation applies to the names an exported policy carries.
enum KubernetesNames {
    /// A DNS subdomain (RFC 1123): at most 253 characters, lower-case letters, digits, `-` and `.`, each
    /// dot-separated label starting and ending with a letter or digit. Object names are these.
    static func isDNSSubdomain(_ text: String) -> Bool {
        guard !text.isEmpty, text.utf8.count <= 253 else { return false }
        return text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { isLabel(Substring($0), upperCase: false) }
    }

    /// An RFC 1035 label: at most 63 lower-case letters, digits and `-`, starting with a letter and
    /// ending with a letter or digit. A `paramKind`'s version and lower-cased kind are these.
    static func isDNS1035Label(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first.properties.isLowercase, first.isASCII else { return false }
        return isLabel(Substring(text), upperCase: false) && text.utf8.count <= 63
    }

    /// A qualified name: an optional DNS-subdomain prefix and `/`, then at most 63 letters, digits, `-`,
    /// `_` and `.`, starting and ending with a letter or digit. Label keys, annotation keys and
    /// `matchConditions` names are these.
    static func isQualifiedName(_ text: String) -> Bool {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        if parts.count == 2, !isDNSSubdomain(String(parts[0])) { return false }
        guard let name = parts.last, !name.isEmpty, name.utf8.count <= 63 else { return false }
        return isAlphanumeric(name.first) && isAlphanumeric(name.last)
            && name.allSatisfy { isAlphanumeric($0) || $0 == "-" || $0 == "_" || $0 == "." }
    }

    /// A label value: empty, or at most 63 letters, digits, `-`, `_` and `.`, starting and ending with a
    /// letter or digit.
    static func isLabelValue(_ text: String) -> Bool {
        guard !text.isEmpty else { return true }
        guard text.utf8.count <= 63, isAlphanumeric(text.first), isAlphanumeric(text.last) else { return false }
        return text.allSatisfy { isAlphanumeric($0) || $0 == "-" || $0 == "_" || $0 == "." }
    }

    /// A name that can be one segment of a URL path: not `.` or `..`, and without `/` or `%`. A resource
    /// rule's `resourceNames` and a `paramRef`'s name are these.
    static func isPathSegmentName(_ text: String) -> Bool {
        !text.isEmpty && text != "." && text != ".." && !text.contains("/") && !text.contains("%")
    }

    /// The words CEL reserves, which cannot name a variable.
    private static let celReserved: Set<String> = [
        "true", "false", "null", "in", "as", "break", "const", "continue", "else", "for", "function", "if", "import", "let", "loop",
        "package", "namespace", "return", "var", "void", "while",
    ]

    /// A CEL identifier that is not reserved: what a `variables` entry's name must be.
    static func isCELIdentifier(_ text: String) -> Bool {
        guard let first = text.first, first.isASCII, first.isLetter || first == "_" else { return false }
        return text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") } && !celReserved.contains(text)
    }

    private static func isLabel(_ label: Substring, upperCase: Bool) -> Bool {
        guard !label.isEmpty, label.utf8.count <= 63, isAlphanumeric(label.first, upperCase: upperCase),
            isAlphanumeric(label.last, upperCase: upperCase)
        else { return false }
        return label.allSatisfy { isAlphanumeric($0, upperCase: upperCase) || $0 == "-" }
    }

    private static func isAlphanumeric(_ character: Character?, upperCase: Bool = true) -> Bool {
        guard let character, character.isASCII else { return false }
        if character.isNumber { return true }
        return character.isLetter && (upperCase || character.isLowercase)
    }
}
