// sealgate · PolicyEngine tests

import Diagnostics
import KubeManifest
import Testing
@testable import PolicyEngine

struct PolicyLoaderTests {
    private func failure(_ yaml: String) -> PolicyError? {
        do {
            _ = try policies(yaml)
            return nil
        } catch let error as PolicyError {
            return error
        } catch {
            return nil
        }
    }

    private static let header = "apiVersion: sealgate.dev/v1\nkind: Policy\nmetadata: {name: p}\n"

    @Test(arguments: [
        (
            "apiVersion: sealgate.dev/v1\nkind: Policy\nmetadata: {}\nspec: {validations: [{expression: 'true'}]}\n",
            "policies.yaml:3:11: error: 'metadata.name' is required"
        ),
        (
            header + "spec:\n  severity: fatal\n  validations: [{expression: 'true'}]\n",
            "policies.yaml:5:13: error: 'spec.severity' must be error, warning or info, not 'fatal'"
        ),
        (
            header + "spec:\n  match: {kinds: Deployment}\n  validations: [{expression: 'true'}]\n",
            "policies.yaml:5:18: error: 'spec.match.kinds' must be a list of strings, not a string"
        ),
        (
            header + "spec: {}\n",
            "policies.yaml:4:7: error: policy 'p' has no validations; add spec.validations with at least one expression"
        ),
        (
            header + "spec:\n  tags: [pss-baseline, 'two words']\n  validations: [{expression: 'true'}]\n",
            "policies.yaml:5:24: error: 'spec.tags[1]' must be one word of letters, digits, '-', '_', '.' or ':', not 'two words'"
        ),
        (
            header + "spec:\n  tags: pss-baseline\n  validations: [{expression: 'true'}]\n",
            "policies.yaml:5:9: error: 'spec.tags' must be a list of strings, not a string"
        ),
        (
            header + "spec:\n  enabledByDefault: 'no'\n  validations: [{expression: 'true'}]\n",
            "policies.yaml:5:21: error: 'spec.enabledByDefault' must be true or false, not a string"
        ),
        (
            header + "spec:\n  validations:\n    - expression: object.spec.replicas >=\n",
            "policies.yaml:6:42: error: 'spec.validations[0].expression': unexpected end of expression; expected a value, a name, '(', '[' or '{'\n | object.spec.replicas >=\n | .......................^"
        ),
        (
            header + "spec:\n  validations:\n    - expression: objekt.spec\n",
            "policies.yaml:6:19: error: 'spec.validations[0].expression': undeclared reference to 'objekt'; the variables here are 'object', 'oldObject', 'params', 'namespaceObject', 'request', 'variables', 'objects'\n | objekt.spec\n | ^"
        ),
        (
            header
                + "spec:\n  variables:\n    - {name: a, expression: variables.b}\n    - {name: b, expression: '1'}\n  validations: [{expression: 'true'}]\n",
            "policies.yaml:6:29: error: the variable 'a' reads variables.b, which is defined after it (or is itself); variables may only read earlier ones"
        ),
        (
            header
                + "spec:\n  variables: [{name: a, expression: '1'}]\n  matchConditions: [{name: c, expression: 'variables.a == 1'}]\n  validations: [{expression: 'true'}]\n",
            "policies.yaml:6:43: error: 'spec.matchConditions[0].expression' reads variables, which matchConditions cannot; test the object directly"
        ),
        (
            header + "spec:\n  validations: [{expression: 'true'}]\n---\n" + header + "spec:\n  validations: [{expression: 'true'}]\n",
            "policies.yaml:7:1: error: a second policy named 'p' (the first is at policies.yaml:1:1); rename one"
        ),
    ])
    func invalidPolicies(_ yaml: String, _ expected: String) {
        #expect(failure(yaml)?.description == expected)
    }

    @Test("a PolicyTest runs each case and reports the mismatches")
    func policyTests() throws {
        let yaml =
            CheckerTests.noLatest + """

                ---
                apiVersion: sealgate.dev/v1
                kind: PolicyTest
                metadata: {name: no-latest-tests}
                spec:
                  policy: no-latest
                  cases:
                    - name: pinned passes
                      expect: pass
                      object: {apiVersion: v1, kind: Pod, metadata: {name: a}, spec: {containers: [{name: c, image: 'x:1'}]}}
                    - name: latest fails
                      expect: fail
                      message: uses latest
                      object: {apiVersion: v1, kind: Pod, metadata: {name: b}, spec: {containers: [{name: c, image: 'x:latest'}]}}
                    - name: a wrong expectation
                      expect: fail
                      object: {apiVersion: v1, kind: Pod, metadata: {name: c}, spec: {containers: [{name: c, image: 'x:2'}]}}
                    - name: an error is not a pass
                      expect: pass
                      object: {apiVersion: v1, kind: Pod, metadata: {name: d}, spec: {}}
                ---
                apiVersion: sealgate.dev/v1
                kind: Policy
                metadata: {name: max-replicas}
                spec:
                  match: {kinds: [Deployment]}
                  validations: [{expression: "params == null || object.spec.replicas <= params.max"}]
                ---
                apiVersion: sealgate.dev/v1
                kind: PolicyTest
                metadata: {name: max-replicas-tests}
                spec:
                  policy: max-replicas
                  params: {max: 3}
                  cases:
                    - name: the test's params
                      expect: fail
                      object: {apiVersion: apps/v1, kind: Deployment, metadata: {name: a}, spec: {replicas: 5}}
                    - name: a case's own params
                      expect: pass
                      params: {max: 10}
                      object: {apiVersion: apps/v1, kind: Deployment, metadata: {name: b}, spec: {replicas: 5}}
                """
        let all = try objects(yaml, name: "pack.yaml")
        let results = try PolicyTests.run(all, policies: try PolicyLoader.load(all), today: "2026-11-25")
        #expect(
            results.map(\.name) == [
                "pinned passes", "latest fails", "a wrong expectation", "an error is not a pass", "the test's params",
                "a case's own params",
            ])
        #expect(results.map(\.problem) == [nil, nil, "expected fail, got pass", "expected pass, got error", nil, nil])
        #expect(results[1].messages == ["container c uses latest"])
    }

    @Test("the built-in pack loads, and every policy in it has tests that pass")
    func builtinPack() throws {
        let pack = try BuiltinPolicies.load()
        #expect(pack.policies.count >= 20)
        var objects: [KubeObject] = []
        for (path, text) in BuiltinPolicies.files {
            let documents = try ManifestParser.documents(in: text, file: SourceFile(path: "builtin:\(path)"))
            objects += documents.flatMap { KubeObject.objects(in: $0).objects }
        }
        let results = try PolicyTests.run(objects, policies: pack, today: "2026-11-25")
        let tested = Set(results.map(\.test))
        for policy in pack.policies {
            #expect(
                results.contains { $0.test == policy.info.name || tested.contains(policy.info.name) }, "no tests for \(policy.info.name)")
        }
        for failure in results where !failure.passed {
            Issue.record("\(failure.test): \(failure.name): \(failure.problem ?? "") \(failure.messages)")
        }
        for category in ["rbac", "resources", "network", "secrets", "pod-security", "images", "workloads", "upgrades"] {
            #expect(pack.policies.contains { $0.info.category == category }, "no policy in \(category)")
        }
    }
}

struct PolicySetMergeTests {
    @Test("merging reports each policy it replaced, so the CLI can say so")
    func replacements() throws {
        var set = try policies(
            "apiVersion: sealgate.dev/v1\nkind: Policy\nmetadata: {name: a}\nspec: {validations: [{expression: 'true'}]}\n",
            name: "builtin.yaml")
        let own = try policies(
            """
            apiVersion: sealgate.dev/v1
            kind: Policy
            metadata: {name: a}
            spec: {severity: warning, validations: [{expression: 'true'}]}
            ---
            apiVersion: sealgate.dev/v1
            kind: Policy
            metadata: {name: b}
            spec: {validations: [{expression: 'true'}]}
            """, name: "mine.yaml")
        let replaced = set.merge(own)
        #expect(replaced.map(\.replaced.name) == ["a"])
        #expect(replaced.map(\.replaced.source) == ["builtin.yaml"])
        #expect(replaced.map(\.replacement.location.description) == ["mine.yaml:1:1"])
        #expect(set.policies.map(\.info.name) == ["a", "b"])
        #expect(set.policies[0].info.severity == .warning)
    }

    @Test("a selection picks by name, category or tag; off-by-default policies run only when named")
    func selection() throws {
        let set = try policies(
            """
            apiVersion: sealgate.dev/v1
            kind: Policy
            metadata: {name: host-ports}
            spec: {category: pod-security, tags: [pss-baseline, pss-restricted], validations: [{expression: 'true'}]}
            ---
            apiVersion: sealgate.dev/v1
            kind: Policy
            metadata: {name: non-root}
            spec: {category: pod-security, tags: [pss-restricted], validations: [{expression: 'true'}]}
            ---
            apiVersion: sealgate.dev/v1
            kind: Policy
            metadata: {name: digests}
            spec: {category: images, enabledByDefault: false, validations: [{expression: 'true'}]}
            ---
            apiVersion: sealgate.dev/v1
            kind: Policy
            metadata: {name: latest}
            spec: {category: images, validations: [{expression: 'true'}]}
            """)
        func names(_ enabled: [String], _ disabled: [String] = []) -> [String] {
            set.selecting(enabled: enabled, disabled: disabled).set.policies.map(\.info.name)
        }
        #expect(names([]) == ["host-ports", "non-root", "latest"])
        #expect(names(["pss-baseline"]) == ["host-ports"])
        #expect(names(["pss-restricted"]) == ["host-ports", "non-root"])
        #expect(names(["pss-restricted"], ["pss-baseline"]) == ["non-root"])
        #expect(names(["images"]) == ["digests", "latest"])
        #expect(names(["digests"]) == ["digests"])
        #expect(names([], ["pod-security"]) == ["latest"])
        #expect(set.selecting(enabled: ["pss-basline"], disabled: ["nope"]).unknown == ["pss-basline", "nope"])
        #expect(set.offByDefault.map(\.name) == ["digests"])
    }

    @Test("an exception's expiry must be a day that exists")
    func expiry() throws {
        let text =
            "apiVersion: sealgate.dev/v1\nkind: PolicyException\nmetadata: {name: e}\nspec: {policies: ['*'], reason: r, expires: 2027-02-29}\n"
        #expect(throws: PolicyError.self) { try policies(text) }
        let valid = try policies(text.replacingOccurrences(of: "2027-02-29", with: "2028-02-29"))
        #expect(valid.exceptions.first?.expires == "2028-02-29")
    }
}
