// sealgate · PolicyEngine tests

import Diagnostics
import KubeManifest
import Testing
@testable import PolicyEngine

/// `AdmissionExport`: sealgate policies as ValidatingAdmissionPolicy and binding documents.
struct PolicyExportTests {
    /// A sealgate Policy document named `name` with `body` (spec lines, indented by two) under `spec:`.
    static func policy(name: String = "sample", _ body: String) -> String {
        """
        apiVersion: sealgate.dev/v1
        kind: Policy
        metadata: {name: \(name)}
        spec:
          category: custom
          description: A sample.
        \(body)
        """
    }

    /// The one policy of `yaml`, exported: the policy document, the binding, and any more.
    static func exported(_ yaml: String, action: AdmissionExport.Action? = nil) throws -> [Node] {
        let loaded = try policies(yaml)
        let policy = try #require(loaded.policies.first)
        switch AdmissionExport.export(policy, action: action) {
        case let .exported(documents): return documents
        case let .unexportable(reasons):
            Issue.record("unexportable: \(reasons)")
            return []
        }
    }

    /// Why the one policy of `yaml` is not exported; empty when it is.
    static func reasons(_ yaml: String) throws -> [String] {
        let policy = try #require(try policies(yaml).policies.first)
        if case let .unexportable(reasons) = AdmissionExport.export(policy) { return reasons }
        return []
    }

    /// The node at the keys `path` below `node`.
    static func at(_ node: Node?, _ path: String...) -> Node? {
        var current = node
        for key in path { current = current?[key] }
        return current
    }

    static func strings(_ node: Node?) -> [String]? {
        node?.list?.compactMap(\.string)
    }

    @Test("kinds become resource rules by API group, with plural resources, every version, CREATE and UPDATE")
    func kindsToResourceRules() throws {
        let documents = try Self.exported(
            Self.policy(
                """
                  match:
                    kinds: [Pod, Deployment, CronJob, apps/StatefulSet, ReplicationController, Widget]
                  validations:
                    - expression: "true"
                """))
        let rules = try #require(Self.at(documents.first, "spec", "matchConstraints", "resourceRules")?.list)
        let byGroup = Dictionary(
            uniqueKeysWithValues: rules.map { (Self.strings($0["apiGroups"]) ?? [], Self.strings($0["resources"]) ?? []) }.map {
                ($0.0.joined(), $0.1)
            })
        #expect(byGroup[""] == ["pods", "replicationcontrollers"])
        #expect(byGroup["apps"] == ["deployments", "statefulsets"])
        #expect(byGroup["batch"] == ["cronjobs"])
        // A kind sealgate does not know is matched in every group, as sealgate matches it.
        #expect(byGroup["*"] == ["widgets"])
        for rule in rules {
            #expect(Self.strings(rule["apiVersions"]) == ["*"])
            #expect(Self.strings(rule["operations"]) == ["CREATE", "UPDATE"])
        }
        #expect(Self.at(documents.first, "spec", "matchConstraints", "matchPolicy")?.string == "Equivalent")
        #expect(Self.at(documents.first, "spec", "failurePolicy")?.string == "Fail")
    }

    @Test("a policy without kinds matches every resource of every group; names become resourceNames")
    func everythingAndNames() throws {
        let documents = try Self.exported(
            Self.policy(
                """
                  match: {names: [web, api, web]}
                  validations:
                    - expression: "true"
                """))
        let rules = try #require(Self.at(documents.first, "spec", "matchConstraints", "resourceRules")?.list)
        #expect(rules.count == 1)
        #expect(Self.strings(rules.first?["apiGroups"]) == ["*"])
        #expect(Self.strings(rules.first?["resources"]) == ["*"])
        #expect(Self.strings(rules.first?["resourceNames"]) == ["web", "api"])
    }

    @Test("namespaces and excludeNamespaces: a selector on kubernetes.io/metadata.name for namespaced kinds, and a condition")
    func namespaces() throws {
        let documents = try Self.exported(
            Self.policy(
                """
                  match:
                    kinds: [Deployment]
                    namespaces: [shop, payments]
                    excludeNamespaces: [kube-system]
                    labelSelector: {matchLabels: {tier: web}}
                  validations:
                    - expression: "true"
                """))
        let constraints = Self.at(documents.first, "spec", "matchConstraints")
        let requirements = try #require(Self.at(constraints, "namespaceSelector", "matchExpressions")?.list)
        #expect(requirements.map { $0["key"]?.string } == ["kubernetes.io/metadata.name", "kubernetes.io/metadata.name"])
        #expect(requirements.map { $0["operator"]?.string } == ["In", "NotIn"])
        #expect(Self.strings(requirements[0]["values"]) == ["shop", "payments"])
        #expect(Self.strings(requirements[1]["values"]) == ["kube-system"])
        #expect(Self.at(constraints, "objectSelector", "matchLabels", "tier")?.string == "web")
        // The object's own namespace, as sealgate matches it, first among the conditions.
        let conditions = try #require(Self.at(documents.first, "spec", "matchConditions")?.list)
        #expect(conditions.map { $0["name"]?.string } == ["sealgate.dev/namespaces", "sealgate.dev/exclude-namespaces"])
        #expect(conditions[0]["expression"]?.string == "object.metadata.?namespace.orValue('') in ['shop', 'payments']")
        #expect(conditions[1]["expression"]?.string == "!(object.metadata.?namespace.orValue('') in ['kube-system'])")

        // A namespace selector matches every cluster-scoped object and a Namespace on its own labels: for a
        // policy that may match those, the namespaces are a condition only.
        let clusterWide = try Self.exported(
            Self.policy(
                """
                  match: {kinds: [Namespace, ConfigMap], excludeNamespaces: [kube-system]}
                  validations:
                    - expression: "true"
                """))
        #expect(Self.at(clusterWide.first, "spec", "matchConstraints", "namespaceSelector") == nil)
        #expect(Self.at(clusterWide.first, "spec", "matchConditions")?.list?.count == 1)
    }

    @Test("a paramRef to a ConfigMap: paramKind on the policy, paramRef with the not-found action on the binding")
    func paramReference() throws {
        let documents = try Self.exported(
            Self.policy(
                """
                  paramRef: {apiVersion: v1, kind: ConfigMap, name: limits, namespace: platform, parameterNotFoundAction: Deny}
                  validations:
                    - expression: "params == null || object.metadata.name != params.data.forbidden"
                """))
        #expect(Self.at(documents.first, "spec", "paramKind", "apiVersion")?.string == "v1")
        #expect(Self.at(documents.first, "spec", "paramKind", "kind")?.string == "ConfigMap")
        let reference = Self.at(documents.last, "spec", "paramRef")
        #expect(reference?["name"]?.string == "limits")
        #expect(reference?["namespace"]?.string == "platform")
        #expect(reference?["parameterNotFoundAction"]?.string == "Deny")
        #expect(reference?["selector"] == nil)

        // sealgate's default is to run without params; without a name, every object of the kind.
        let allowing = try Self.exported(
            Self.policy(
                """
                  paramRef: {kind: ConfigMap, selector: {matchLabels: {team: web}}}
                  validations:
                    - expression: "params == null"
                """))
        let selected = Self.at(allowing.last, "spec", "paramRef")
        #expect(selected?["parameterNotFoundAction"]?.string == "Allow")
        #expect(Self.at(selected, "selector", "matchLabels", "team")?.string == "web")
        #expect(Self.at(allowing.first, "spec", "paramKind", "apiVersion")?.string == "v1")
    }

    @Test("params written in the policy: a ConfigMap when they are a ConfigMap's data, unexportable otherwise")
    func inlineParams() throws {
        let documents = try Self.exported(
            Self.policy(
                name: "limits",
                """
                  params: {data: {maximum: '3'}}
                  validations:
                    - expression: "object.spec.replicas <= int(params.data.maximum)"
                """))
        #expect(documents.count == 3)
        let configMap = try #require(documents.last)
        #expect(configMap["kind"]?.string == "ConfigMap")
        #expect(Self.at(configMap, "metadata", "name")?.string == "limits-params")
        #expect(Self.at(configMap, "data", "maximum")?.string == "3")
        #expect(Self.at(documents[1], "spec", "paramRef", "name")?.string == "limits-params")
        #expect(Self.at(documents[1], "spec", "paramRef", "namespace")?.string == Self.at(configMap, "metadata", "namespace")?.string)

        let reasons = try Self.reasons(
            Self.policy(
                """
                  params: {maximum: 3}
                  validations:
                    - expression: "object.spec.replicas <= params.maximum"
                """))
        #expect(reasons.count == 1 && reasons[0].contains("not a ConfigMap's data"), "\(reasons)")
    }

    @Test("validationActions follow the severity (error Deny, warning Warn, info Audit) unless an action is given")
    func severityToActions() throws {
        for (severity, action) in [("error", "Deny"), ("warning", "Warn"), ("info", "Audit")] {
            let documents = try Self.exported(Self.policy("  severity: \(severity)\n  validations:\n    - expression: \"true\""))
            #expect(Self.strings(Self.at(documents.last, "spec", "validationActions")) == [action])
            #expect(Self.at(documents.last, "spec", "policyName")?.string == "sample")
            #expect(documents.last?["kind"]?.string == "ValidatingAdmissionPolicyBinding")
        }
        let audited = try Self.exported(Self.policy("  severity: error\n  validations:\n    - expression: \"true\""), action: .audit)
        #expect(Self.strings(Self.at(audited.last, "spec", "validationActions")) == ["Audit"])
    }

    @Test("validations keep expression, message, messageExpression and reason; v1 has no fieldPath")
    func validations() throws {
        let documents = try Self.exported(
            Self.policy(
                """
                  tags: [availability, prod]
                  remediation: Fix it.
                  validations:
                    - expression: "object.spec.replicas >= 2"
                      message: runs one replica
                      messageExpression: "'runs ' + string(object.spec.replicas)"
                      reason: Forbidden
                      fieldPath: spec.replicas
                """))
        let validation = try #require(Self.at(documents.first, "spec", "validations")?.list?.first)
        #expect(validation["expression"]?.string == "object.spec.replicas >= 2")
        #expect(validation["message"]?.string == "runs one replica")
        #expect(validation["messageExpression"]?.string == "'runs ' + string(object.spec.replicas)")
        #expect(validation["reason"]?.string == "Forbidden")
        #expect(validation["fieldPath"] == nil)
        let metadata = Self.at(documents.first, "metadata")
        #expect(Self.at(metadata, "annotations", "policies.sealgate.dev/description")?.string == "A sample.")
        #expect(Self.at(metadata, "annotations", "policies.sealgate.dev/category")?.string == "custom")
        #expect(Self.at(metadata, "annotations", "policies.sealgate.dev/remediation")?.string == "Fix it.")
        #expect(Self.at(metadata, "annotations", "policies.sealgate.dev/tags")?.string == "availability,prod")
        for document in documents {
            #expect(Self.at(document, "metadata", "labels", "app.kubernetes.io/managed-by")?.string == "sealgate")
            #expect(Self.at(document, "metadata", "name")?.string == "sample")
        }
    }

    @Test("what the API server cannot run is not exported, with the reason")
    func unexportableReasons() throws {
        let cases: [(String, String)] = [
            ("    - expression: \"objects.size() > 0\"", "reads objects"),
            ("    - expression: \"object.metadata.name.reverse() != ''\"", "reverse()"),
            ("    - expression: \"cel.bind(n, object.metadata.name, n != '')\"", "cel.bind()"),
            ("    - expression: \"namespaceObject == null || namespaceObject.kind == 'Namespace'\"", "namespaceObject.kind"),
            ("    - expression: \"request.userInfo.name != ''\"", "request.userInfo.name"),
            ("    - expression: \"params == null\"", "reads params but has neither"),
            ("    - expression: \"true\"\n      message: \"two\\nlines\"", "line break"),
            ("    - expression: \"true\"\n      reason: NotAllowed", "reason is 'NotAllowed'"),
        ]
        for (validation, expected) in cases {
            let reasons = try Self.reasons(Self.policy("  validations:\n" + validation))
            #expect(reasons.contains { $0.contains(expected) }, "\(expected): \(reasons)")
        }
        #expect(
            try Self.reasons(Self.policy(name: "Not_A_Name", "  validations:\n    - expression: \"true\"")).first?.contains("DNS subdomain")
                == true)
        let condition = try Self.reasons(
            Self.policy("  matchConditions:\n    - {name: 'has spaces', expression: 'true'}\n  validations:\n    - expression: \"true\""))
        #expect(condition.contains { $0.contains("not a qualified name") }, "\(condition)")
        let variable = try Self.reasons(
            Self.policy("  variables:\n    - {name: namespace, expression: 'true'}\n  validations:\n    - expression: variables.namespace"))
        #expect(variable.contains { $0.contains("not a CEL identifier") }, "\(variable)")
        // A comprehension variable that shadows request, and the fields Kubernetes declares, are fine.
        let fine = try Self.reasons(
            Self.policy(
                """
                  validations:
                    - expression: "[{'x': 1}].all(request, request.x == 1) && request.userInfo.username != '' && namespaceObject.metadata.labels.size() >= 0"
                """))
        #expect(fine.isEmpty, "\(fine)")
    }

    @Test("the exported documents load back as policies that find the same things, at the same severity")
    func roundTrip() throws {
        let source = Self.policy(
            name: "replicas",
            """
              severity: warning
              match:
                kinds: [Deployment]
                namespaces: [shop, kube-system]
                excludeNamespaces: [kube-system]
                labelSelector: {matchExpressions: [{key: tier, operator: Exists}]}
              paramRef: {apiVersion: v1, kind: ConfigMap, name: replica-floor}
              matchConditions:
                - name: configured
                  expression: params != null
              variables:
                - name: floor
                  expression: int(params.data.minimum)
              validations:
                - expression: object.spec.?replicas.orValue(1) >= variables.floor
                  messageExpression: "object.metadata.name + ' runs fewer than ' + string(variables.floor) + ' replicas'"
            """)
        let manifests = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: replica-floor, namespace: platform}
            data: {minimum: '2'}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: shop, labels: {tier: front}}
            spec: {replicas: 1}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: api, namespace: shop, labels: {tier: back}}
            spec: {replicas: 3}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: untiered, namespace: shop}
            spec: {replicas: 1}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: dns, namespace: kube-system, labels: {tier: system}}
            spec: {replicas: 1}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: elsewhere, namespace: other, labels: {tier: front}}
            spec: {replicas: 1}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: unplaced, labels: {tier: front}}
            spec: {replicas: 1}
            """
        let documents = try Self.exported(source)
        let exportedYAML = YAMLEmitter.emit(documents: documents)
        let original = try check(manifests, source).findings
        let reloaded = try check(manifests, exportedYAML).findings
        #expect(original.map(\.message) == ["web runs fewer than 2 replicas"])
        #expect(reloaded.map(\.message) == original.map(\.message))
        #expect(reloaded.map(\.severity) == [.warning])
        #expect(reloaded.map(\.policy) == ["replicas"])
        #expect(reloaded.map(\.location) == original.map(\.location))
    }
}
