// sealgate · PolicyEngine tests

import KubeManifest
import Testing
@testable import PolicyEngine

/// A validation's fieldPath: the forms Kubernetes accepts parse to their parts; anything else is refused
/// at load with where and why, instead of quietly pointing findings at another field.
struct FieldPathTests {
    @Test(
        "accepted fieldPaths parse to their parts",
        arguments: [
            ("", []),
            ("data", ["data"]),
            (".data", ["data"]),
            ("spec.template.spec.containers[0].image", ["spec", "template", "spec", "containers", 0, "image"]),
            ("metadata.labels['app.kubernetes.io/name']", ["metadata", "labels", "app.kubernetes.io/name"]),
            ("metadata.labels[\"app\"]", ["metadata", "labels", "app"]),
            ("spec.containers[0][1]", ["spec", "containers", 0, 1]),
            ("['data'].k", ["data", "k"]),
            ("[3]", [3]),
            ("spec.ingress", ["spec", "ingress"]),
            ("spec.template.metadata.name", ["spec", "template", "metadata", "name"]),
            ("a_b-c9", ["a_b-c9"]),
        ] as [(String, [PathComponent])])
    func accepted(_ path: String, _ expected: [PathComponent]) throws {
        #expect(try FieldPath.parse(path) == expected)
    }

    @Test(
        "malformed fieldPaths are refused with the character and the reason",
        arguments: [
            ("data[", 5, "the '[' is not closed"),
            ("data..k", 6, "it has an empty name ('..')"),
            ("data[99999999999999999999]", 6, "the index 99999999999999999999 is too large"),
            ("data.", 5, "it ends where a name should follow '.'"),
            (".", 1, "it ends where a name should follow '.'"),
            ("data[0", 5, "the '[' is not closed with ']' after the index"),
            ("data['k'", 5, "the '[' is not closed with ']' after the quoted key"),
            ("data['k]", 6, "the quoted key has no closing '"),
            ("data['']", 6, "the key in [] is empty"),
            ("data[-1]", 6, "a subscript is [index] or ['key'], not '-'"),
            ("data[*]", 6, "a subscript is [index] or ['key'], not '*'"),
            ("data[]", 6, "a subscript is [index] or ['key'], not ']'"),
            ("data.*", 6, "'*' cannot start a name"),
            ("data.[0]", 6, "'[' cannot start a name"),
            ("data]", 5, "']' cannot be in a name; write such a key as ['key']"),
            ("data k", 5, "' ' cannot be in a name; write such a key as ['key']"),
            ("metadata.labels.app.kubernetes.io/name", 34, "'/' cannot be in a name; write such a key as ['key']"),
            ("data[0]x", 8, "'x' cannot be in a name; write such a key as ['key']"),
        ])
    func refused(_ path: String, _ character: Int, _ reason: String) {
        #expect(throws: FieldPath.Problem(reason: reason, character: character)) { try FieldPath.parse(path) }
    }

    @Test("a policy with a malformed fieldPath does not load; the error is at the fieldPath's value")
    func refusedAtLoad() throws {
        let yaml = """
            apiVersion: sealgate.dev/v1
            kind: Policy
            metadata: {name: p}
            spec:
              validations:
                - expression: "true"
                  fieldPath: data..k
            """
        let error = try #require(throws: PolicyError.self) { try policies(yaml) }
        #expect(
            error.description
                == "policies.yaml:7:18: error: 'spec.validations[0].fieldPath' is not a field path: 'data..k' at character 6: it has an empty name ('..'); write \(FieldPath.forms)"
        )
    }

    @Test("a ValidatingAdmissionPolicy with a malformed fieldPath does not load either")
    func refusedInAdmissionPolicy() throws {
        let yaml = """
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicy
            metadata: {name: vap}
            spec:
              matchConstraints:
                resourceRules:
                  - {apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [secrets]}
              validations:
                - expression: "true"
                  fieldPath: "data[99999999999999999999]"
            """
        let error = try #require(throws: PolicyError.self) { try policies(yaml) }
        #expect(error.code == .invalid)
        #expect(
            error.description.hasPrefix(
                "policies.yaml:10:18: error: 'spec.validations[0].fieldPath' is not a field path: 'data[99999999999999999999]' at character 6: the index 99999999999999999999 is too large; write "
            ))
    }
}
