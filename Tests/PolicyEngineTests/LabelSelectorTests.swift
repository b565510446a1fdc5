// sealgate · PolicyEngine tests

import KubeManifest
import Testing
@testable import PolicyEngine

struct LabelSelectorTests {
    @Test("operators read as Kubernetes spells them")
    func spellings() {
        #expect(LabelSelector.Operator.allCases.map(\.rawValue) == ["In", "NotIn", "Exists", "DoesNotExist"])
        #expect(LabelSelector.Operator(rawValue: "NotIn") == .notIn)
        #expect(LabelSelector.Operator(rawValue: "notin") == nil)
        #expect(LabelSelector.Operator.spelledOut == "In, NotIn, Exists or DoesNotExist")
    }

    @Test(
        "each operator on a label that has a listed value, another value, or no value",
        arguments: [
            (LabelSelector.Operator.in, [true, false, false]),
            (.notIn, [false, true, true]),
            (.exists, [true, true, false]),
            (.doesNotExist, [false, false, true]),
        ])
    func matching(_ op: LabelSelector.Operator, _ expected: [Bool]) {
        let selector = LabelSelector(matchLabels: [:], matchExpressions: [.init(key: "tier", operator: op, values: ["web", "api"])])
        let labels: [[String: String]] = [["tier": "api"], ["tier": "db"], ["team": "x"]]
        #expect(labels.map(selector.matches) == expected)
    }

    @Test("a selector read from a policy keeps its operator typed")
    func loaded() throws {
        let set = try policies(
            """
            apiVersion: sealgate.dev/v1
            kind: Policy
            metadata: {name: p}
            spec:
              match:
                labelSelector:
                  matchExpressions: [{key: tier, operator: DoesNotExist}]
              validations: [{expression: 'true'}]
            """)
        let requirement = try #require(set.policies.first?.match.labelSelectors.first?.matchExpressions.first)
        #expect(requirement.key == "tier" && requirement.operator == .doesNotExist && requirement.values.isEmpty)
    }

    @Test("an unknown operator is an error at its place that lists the operators")
    func unknownOperator() throws {
        let yaml = """
            apiVersion: sealgate.dev/v1
            kind: Policy
            metadata: {name: p}
            spec:
              match:
                labelSelector:
                  matchExpressions: [{key: tier, operator: Notin, values: [test]}]
              validations: [{expression: 'true'}]
            """
        #expect(throws: PolicyError.self) { try policies(yaml) }
        do {
            _ = try policies(yaml)
        } catch let error as PolicyError {
            #expect(error.code == .invalid)
            #expect(
                error.description
                    == "policies.yaml:7:48: error: 'spec.match.labelSelector.matchExpressions[0].operator' must be In, NotIn, Exists or DoesNotExist, not 'Notin'"
            )
        }
    }
}
