// sealgate · PolicyEngine tests

import Diagnostics
import KubeManifest
import Testing
@testable import PolicyEngine

/// A validation's `items`: one finding per offending item, at the item's line and column, with its path.
struct ItemFindingTests {
    /// Containers without a memory limit, each reported on its own.
    static let policy = """
        apiVersion: sealgate.dev/v1
        kind: Policy
        metadata: {name: memory-limit}
        spec:
          match: {kinds: [Deployment]}
          variables:
            - name: containers
              expression: object.spec.template.spec.?initContainers.orValue([]) + object.spec.template.spec.containers
            - name: unlimited
              expression: variables.containers.filter(c, !has(c.resources) || !has(c.resources.limits) || !has(c.resources.limits.memory))
          validations:
            - expression: size(variables.unlimited) == 0
              messageExpression: "'containers without a memory limit: ' + variables.unlimited.map(c, c.name).join(', ')"
              items:
                expression: variables.unlimited
                messageExpression: "'container ' + item.name + ' sets no memory limit'"
        """

    static let deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec:
          template:
            spec:
              initContainers:
                - name: migrate
                  image: migrate:1
              containers:
                - name: web
                  image: web:1
                  resources: {limits: {memory: 128Mi}}
                - {name: proxy, image: 'proxy:1'}
        """

    @Test("each offending item is a finding at its own line and column, with its path and message")
    func perItem() throws {
        let report = try check(Self.deployment, Self.policy)
        let findings = report.findings.sorted(by: Finding.ordered)
        #expect(findings.map(\.message) == ["container migrate sets no memory limit", "container proxy sets no memory limit"])
        #expect(findings.map(\.fieldPath) == ["spec.template.spec.initContainers[0]", "spec.template.spec.containers[1]"])
        #expect(findings.map(\.location.line) == [8, 14])
        #expect(findings.map(\.location.column) == [11, 11])
    }

    @Test("without a failing item the validation passes; without items it reports once on the object")
    func passingAndPlain() throws {
        let fixed = Self.deployment.replacingOccurrences(
            of: "image: migrate:1", with: "image: migrate:1\n          resources: {limits: {memory: 64Mi}}"
        )
        .replacingOccurrences(
            of: "- {name: proxy, image: 'proxy:1'}", with: "- {name: proxy, image: 'proxy:1', resources: {limits: {memory: 1Gi}}}")
        #expect(try check(fixed, Self.policy).findings.isEmpty)

        let plain = Self.policy.components(separatedBy: "      items:")[0]
        let findings = try check(Self.deployment, plain).findings
        #expect(findings.map(\.message) == ["containers without a memory limit: migrate, proxy"])
        #expect(findings.map(\.location.line) == [1] && findings.map(\.fieldPath) == [nil])
    }

    @Test("items that are not a list, or built by the expression, fall back to the object; the verdict stands")
    func fallbacks() throws {
        let notAList = Self.policy.replacingOccurrences(
            of: "expression: variables.unlimited\n", with: "expression: size(variables.unlimited)\n")
        let once = try check(Self.deployment, notAList).findings
        #expect(once.map(\.message) == ["containers without a memory limit: migrate, proxy"] && once.map(\.location.line) == [1])

        let built = Self.policy.replacingOccurrences(
            of: "expression: variables.unlimited\n", with: "expression: \"variables.unlimited.map(c, {'name': c.name})\"\n")
        let atObject = try check(Self.deployment, built).findings
        #expect(atObject.map(\.message) == ["container migrate sets no memory limit", "container proxy sets no memory limit"])
        #expect(atObject.map(\.location.line) == [1, 1] && atObject.map(\.fieldPath) == [nil, nil])

        let failingMessage = Self.policy.replacingOccurrences(of: "'container ' + item.name", with: "'container ' + item.nope")
        let fallbackText = try check(Self.deployment, failingMessage).findings
        #expect(fallbackText.map(\.message) == Array(repeating: "containers without a memory limit: migrate, proxy", count: 2))
        #expect(fallbackText.map(\.fieldPath).compactMap { $0 }.count == 2)
    }

    @Test("one validation gives at most ItemFindings.limit findings on one object")
    func limit() throws {
        let containers = (0..<150).map { "        - {name: c\($0), image: 'img:1'}" }.joined(separator: "\n")
        let big = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: big, namespace: shop}
            spec:
              template:
                spec:
                  containers:
            \(containers)
            """
        #expect(try check(big, Self.policy).findings.count == ItemFindings.limit)
    }

    @Test("item is declared only in items.messageExpression; items is refused on a ValidatingAdmissionPolicy")
    func loading() throws {
        let outside = Self.policy.replacingOccurrences(
            of: "messageExpression: \"'containers without a memory limit: '", with: "messageExpression: \"item.name + '")
        #expect(throws: PolicyError.self) { try policies(outside) }
        let admission = """
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicy
            metadata: {name: vap}
            spec:
              matchConstraints: {resourceRules: [{apiGroups: [apps], apiVersions: [v1], resources: [deployments], operations: [CREATE]}]}
              validations:
                - expression: 'true'
                  items: {expression: '[]'}
            """
        let error = try #require(
            {
                do {
                    _ = try policies(admission)
                    return nil
                } catch let error as PolicyError { return error } catch { return nil }
            }() as PolicyError?)
        #expect(error.description.contains("is a field of sealgate Policies, which a ValidatingAdmissionPolicy cannot have"))
        #expect(error.location?.line == 8)
    }

    @Test(
        "paths render so that they parse back",
        arguments: [
            [PathComponent.key("spec"), .key("containers"), .index(1)],
            [.key("metadata"), .key("labels"), .key("app.kubernetes.io/name")],
            [.key("data"), .key("it's")],
            [.key("a b"), .index(0), .index(2)],
        ])
    func renderParses(_ components: [PathComponent]) throws {
        #expect(try FieldPath.parse(FieldPath.render(components)) == components)
    }
}
