// sealgate · PolicyEngine tests

import Diagnostics
import KubeManifest
import Testing
@testable import PolicyEngine

/// The objects of a YAML text, named `name`.
func objects(_ yaml: String, name: String = "manifests.yaml") throws -> [KubeObject] {
    try ManifestParser.documents(in: yaml, file: SourceFile(path: name)).flatMap { KubeObject.objects(in: $0).objects }
}

/// The policies of a YAML text.
func policies(_ yaml: String, name: String = "policies.yaml") throws -> PolicySet {
    try PolicyLoader.load(try objects(yaml, name: name))
}

func check(_ manifests: String, _ policyYAML: String, today: CalendarDate = "2026-11-25") throws -> CheckReport {
    Checker.check(try objects(manifests), policies: try policies(policyYAML), fileCount: 1, options: CheckOptions(today: today))
}

struct CheckerTests {
    static let noLatest = """
        apiVersion: sealgate.dev/v1
        kind: Policy
        metadata: {name: no-latest}
        spec:
          category: images
          severity: error
          description: Images are pinned.
          match:
            kinds: [Deployment, Pod]
            excludeNamespaces: [kube-system]
          variables:
            - name: containers
              expression: "object.kind == 'Pod' ? object.spec.containers : object.spec.template.spec.containers"
          validations:
            - expression: "variables.containers.all(c, !c.image.endsWith(':latest'))"
              messageExpression: "'container ' + variables.containers.filter(c, c.image.endsWith(':latest'))[0].name + ' uses latest'"
              fieldPath: spec.template.spec.containers
        """

    static let deployments = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec:
          template:
            spec:
              containers:
                - {name: app, image: 'nginx:latest'}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api, namespace: shop}
        spec:
          template:
            spec:
              containers: [{name: app, image: 'api:1.2'}]
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: dns, namespace: kube-system}
        spec:
          template:
            spec:
              containers: [{name: app, image: 'coredns:latest'}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: shop}
        """

    @Test("a violation is a finding at the fieldPath's line, with the messageExpression's text")
    func violation() throws {
        let report = try check(Self.deployments, Self.noLatest)
        #expect(report.findings.count == 1)
        let finding = try #require(report.findings.first)
        #expect(finding.policy == "no-latest")
        #expect(finding.message == "container app uses latest")
        #expect(finding.object == ObjectReference(apiVersion: "apps/v1", kind: "Deployment", namespace: "shop", name: "web"))
        #expect((finding.location.file.path, finding.location.line, finding.location.column) == ("manifests.yaml", 7, 7))
        #expect(finding.severity == .error && finding.category == "images")
        #expect(report.objectCount == 4)
        #expect(report.fails(at: .error))
    }

    @Test("matching: kinds, namespaces, labels, and namespaceSelector on the repository's Namespace objects")
    func matching() throws {
        let policy = """
            apiVersion: sealgate.dev/v1
            kind: Policy
            metadata: {name: labelled}
            spec:
              match:
                kinds: [ConfigMap]
                namespaces: [a, b]
                labelSelector:
                  matchLabels: {team: x}
                  matchExpressions: [{key: tier, operator: NotIn, values: [test]}]
                namespaceSelector: {matchLabels: {env: prod}}
              validations: [{expression: "false", message: "seen"}]
            """
        let manifests = """
            {apiVersion: v1, kind: Namespace, metadata: {name: a, labels: {env: prod}}}
            ---
            {apiVersion: v1, kind: Namespace, metadata: {name: b, labels: {env: dev}}}
            ---
            {apiVersion: v1, kind: ConfigMap, metadata: {name: one, namespace: a, labels: {team: x}}}
            ---
            {apiVersion: v1, kind: ConfigMap, metadata: {name: two, namespace: b, labels: {team: x}}}
            ---
            {apiVersion: v1, kind: ConfigMap, metadata: {name: three, namespace: a, labels: {team: x, tier: test}}}
            ---
            {apiVersion: v1, kind: ConfigMap, metadata: {name: four, namespace: c, labels: {team: x}}}
            ---
            {apiVersion: v1, kind: ConfigMap, metadata: {name: five, namespace: a, labels: {team: y}}}
            ---
            {apiVersion: v1, kind: Secret, metadata: {name: six, namespace: a, labels: {team: x}}}
            """
        let report = try check(manifests, policy)
        #expect(report.findings.map { $0.object?.name } == ["one"])
    }

    @Test("a CEL error in a validation is a finding of the policy, not a crash")
    func undecided() throws {
        let policy = """
            apiVersion: sealgate.dev/v1
            kind: Policy
            metadata: {name: replicas}
            spec:
              severity: warning
              match: {kinds: [Deployment]}
              validations: [{expression: "object.spec.replicas >= 2"}]
            """
        let report = try check("{apiVersion: apps/v1, kind: Deployment, metadata: {name: x}, spec: {}}", policy)
        let finding = try #require(report.findings.first)
        #expect(finding.message == "the policy could not decide: no such key: 'replicas' (expression at policies.yaml:7)")
        #expect(finding.severity == .warning)
        #expect(!report.fails(at: .error))
        #expect(report.fails(at: .warning))
    }

    @Test("matchConditions: false skips the policy; default message names the expression")
    func matchConditions() throws {
        let policy = """
            apiVersion: sealgate.dev/v1
            kind: Policy
            metadata: {name: big}
            spec:
              match: {kinds: [Deployment]}
              matchConditions: [{name: has-replicas, expression: "has(object.spec.replicas)"}]
              validations: [{expression: "object.spec.replicas <= 10"}]
            """
        let manifests = """
            {apiVersion: apps/v1, kind: Deployment, metadata: {name: a}, spec: {}}
            ---
            {apiVersion: apps/v1, kind: Deployment, metadata: {name: b}, spec: {replicas: 20}}
            """
        let report = try check(manifests, policy)
        #expect(report.findings.map(\.message) == ["failed expression: object.spec.replicas <= 10"])
    }

    @Test("variables are evaluated when an expression reaches them, so a guarded one cannot fail the policy")
    func lazyVariables() throws {
        let policy = """
            apiVersion: sealgate.dev/v1
            kind: Policy
            metadata: {name: probes}
            spec:
              match: {kinds: [Deployment]}
              variables:
                - name: probe
                  expression: object.spec.probe
                - name: period
                  expression: variables.probe.periodSeconds
              validations:
                - expression: "!has(object.spec.probe) || variables.period >= 5"
                  messageExpression: "'period ' + string(variables.period)"
            """
        let manifests = """
            {apiVersion: apps/v1, kind: Deployment, metadata: {name: none}, spec: {}}
            ---
            {apiVersion: apps/v1, kind: Deployment, metadata: {name: fast}, spec: {probe: {periodSeconds: 1}}}
            ---
            {apiVersion: apps/v1, kind: Deployment, metadata: {name: broken}, spec: {probe: {}}}
            """
        let report = try check(manifests, policy)
        #expect(
            report.findings.map(\.message) == [
                "period 1",
                "the policy could not decide: variable 'period' failed: no such key: 'periodSeconds' (expression at policies.yaml:12)",
            ])
    }

    @Test("cross-resource: objects, run-constant variables and namespaceObject")
    func crossResource() throws {
        let policy = """
            apiVersion: sealgate.dev/v1
            kind: Policy
            metadata: {name: default-deny}
            spec:
              category: network
              match: {kinds: [Namespace]}
              variables:
                - name: denies
                  expression: "objects.filter(o, o.kind == 'NetworkPolicy' && size(o.spec.podSelector) == 0)"
              validations:
                - expression: "variables.denies.exists(p, p.metadata.namespace == object.metadata.name)"
                  messageExpression: "'namespace ' + object.metadata.name + ' has no default-deny NetworkPolicy'"
            """
        let manifests = """
            {apiVersion: v1, kind: Namespace, metadata: {name: shop}}
            ---
            {apiVersion: v1, kind: Namespace, metadata: {name: payments}}
            ---
            {apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {name: deny, namespace: shop}, spec: {podSelector: {}}}
            """
        let report = try check(manifests, policy)
        #expect(report.findings.map(\.message) == ["namespace payments has no default-deny NetworkPolicy"])
        let loaded = try policies(policy)
        #expect(loaded.policies[0].usesObjects)

        let namespaced = """
            apiVersion: sealgate.dev/v1
            kind: Policy
            metadata: {name: team-label}
            spec:
              match: {kinds: [ConfigMap]}
              validations:
                - expression: "namespaceObject == null || 'team' in namespaceObject.metadata.?labels.orValue({})"
            """
        let withNamespaces = """
            {apiVersion: v1, kind: Namespace, metadata: {name: a, labels: {team: x}}}
            ---
            {apiVersion: v1, kind: Namespace, metadata: {name: b}}
            ---
            {apiVersion: v1, kind: ConfigMap, metadata: {name: in-a, namespace: a}}
            ---
            {apiVersion: v1, kind: ConfigMap, metadata: {name: in-b, namespace: b}}
            ---
            {apiVersion: v1, kind: ConfigMap, metadata: {name: in-c, namespace: c}}
            """
        #expect(try check(withNamespaces, namespaced).findings.map { $0.object?.name } == ["in-b"])
    }

    @Test("waivers: an annotation with a reason waives, one without a reason is itself a finding")
    func waivers() throws {
        let manifests = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: shop
              annotations:
                ignore.sealgate.dev/no-latest: "a canary that follows upstream on purpose"
            spec: {template: {spec: {containers: [{name: app, image: 'nginx:latest'}]}}}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: api
              namespace: shop
              annotations:
                ignore.sealgate.dev/no-latest: ""
                ignore.sealgate.dev/no-such-policy: "typo"
            spec: {template: {spec: {containers: [{name: app, image: 'api:latest'}]}}}
            """
        let report = try check(manifests, Self.noLatest)
        let waived = report.findings.filter { $0.waiver != nil }
        #expect(waived.map { $0.object?.name } == ["web"])
        #expect(
            waived.first?.waiver
                == Waiver(reason: "a canary that follows upstream on purpose", source: "annotation ignore.sealgate.dev/no-latest"))
        let active = report.activeFindings.map { "\($0.policy) \($0.object?.name ?? "") \($0.location.line)" }.sorted()
        #expect(active == ["no-latest api 18", "waiver-unknown-policy api 17", "waiver-without-reason api 16"])
    }

    @Test("PolicyExceptions waive what they match until they expire, and say when they have")
    func exceptions() throws {
        let exception = """
            apiVersion: sealgate.dev/v1
            kind: PolicyException
            metadata: {name: canary}
            spec:
              policies: [no-latest]
              match: {kinds: [Deployment], names: [web]}
              reason: rendered by the upstream chart
              expires: 2026-12-31
            """
        let live = Checker.check(
            try objects(Self.deployments), policies: try policies(Self.noLatest + "\n---\n" + exception), fileCount: 1,
            options: CheckOptions(today: "2026-11-25"))
        #expect(live.activeFindings.isEmpty)
        #expect(live.findings.first?.waiver?.source == "PolicyException canary")

        let expired = Checker.check(
            try objects(Self.deployments), policies: try policies(Self.noLatest + "\n---\n" + exception), fileCount: 1,
            options: CheckOptions(today: "2027-01-01"))
        #expect(expired.activeFindings.map(\.policy).sorted() == ["exception-expired", "no-latest"])
        #expect(
            expired.findings.first { $0.policy == "exception-expired" }?.message
                == "PolicyException 'canary' expired on 2026-12-31 and no longer waives no-latest; fix the findings or extend spec.expires")

        let reasonless = exception.replacingOccurrences(of: "  reason: rendered by the upstream chart\n", with: "")
        let report = Checker.check(
            try objects(Self.deployments), policies: try policies(Self.noLatest + "\n---\n" + reasonless), fileCount: 1,
            options: CheckOptions(today: "2026-11-25"))
        #expect(report.activeFindings.map(\.policy).sorted() == ["exception-without-reason", "no-latest"])
    }

    @Test("a ValidatingAdmissionPolicy with bindings and params from the repository")
    func admissionPolicy() throws {
        let vap = """
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicy
            metadata: {name: replica-limit}
            spec:
              paramKind: {apiVersion: v1, kind: ConfigMap}
              matchConstraints:
                resourceRules:
                  - {apiGroups: [apps], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [deployments]}
              validations:
                - expression: "object.spec.replicas <= int(params.data.maxReplicas)"
                  messageExpression: "'replicas ' + string(object.spec.replicas) + ' over ' + params.data.maxReplicas"
            ---
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicyBinding
            metadata: {name: replica-limit-prod}
            spec:
              policyName: replica-limit
              validationActions: [Warn]
              paramRef: {name: limits, namespace: config, parameterNotFoundAction: Deny}
              matchResources:
                namespaceSelector: {matchLabels: {env: prod}}
            """
        let manifests = """
            {apiVersion: v1, kind: Namespace, metadata: {name: prod, labels: {env: prod}}}
            ---
            {apiVersion: v1, kind: Namespace, metadata: {name: dev, labels: {env: dev}}}
            ---
            {apiVersion: v1, kind: ConfigMap, metadata: {name: limits, namespace: config}, data: {maxReplicas: "5"}}
            ---
            {apiVersion: apps/v1, kind: Deployment, metadata: {name: big, namespace: prod}, spec: {replicas: 9}}
            ---
            {apiVersion: apps/v1, kind: Deployment, metadata: {name: small, namespace: prod}, spec: {replicas: 2}}
            ---
            {apiVersion: apps/v1, kind: Deployment, metadata: {name: dev-big, namespace: dev}, spec: {replicas: 9}}
            ---
            {apiVersion: apps/v1, kind: StatefulSet, metadata: {name: db, namespace: prod}, spec: {replicas: 9}}
            """
        let report = try check(manifests, vap)
        #expect(report.findings.map(\.message) == ["replicas 9 over 5"])
        #expect(report.findings.first?.severity == .warning)
        #expect(report.findings.first?.object?.name == "big")

        let missing = try check(manifests.replacingOccurrences(of: "name: limits", with: "name: other"), vap)
        #expect(
            missing.findings.first?.message.hasPrefix(
                "the policy's params (ConfigMap 'limits' in namespace 'config') are not in the repository") == true)
    }

    @Test("manifests that do not parse are parse-error findings")
    func parseErrors() async throws {
        let result = await ManifestLoader().load([.content(name: "bad.yaml", bytes: Array("a: [1, 2\n".utf8))])
        let report = Checker.check(
            result.objects, policies: try policies(Self.noLatest), parseErrors: result.parseErrors, fileCount: 1,
            options: CheckOptions(today: "2026-11-25"))
        let finding = try #require(report.findings.first)
        #expect(
            finding.policy == "parse-error" && finding.location.file.path == "bad.yaml" && finding.location.line > 0
                && finding.severity == .error)
    }

    @Test("objects are checked on several threads, a chunk at a time, with the same result as on one")
    func concurrency() throws {
        // Several chunks, the last one partial.
        var yaml = ""
        for i in 0..<(Checker.chunkSize * 3 + 232) {
            yaml +=
                "{apiVersion: apps/v1, kind: Deployment, metadata: {name: d\(i), namespace: shop}, spec: {template: {spec: {containers: [{name: c, image: 'x:\(i % 3 == 0 ? "latest" : "1")'}]}}}}\n---\n"
        }
        let items = try objects(yaml)
        let set = try policies(Self.noLatest)
        let one = Checker.check(items, policies: set, fileCount: 1, options: CheckOptions(today: "2026-11-25", concurrency: 1))
        let many = Checker.check(items, policies: set, fileCount: 1, options: CheckOptions(today: "2026-11-25", concurrency: 4))
        #expect(one.findings.count == 334)
        #expect(one.findings == many.findings)
    }
}
