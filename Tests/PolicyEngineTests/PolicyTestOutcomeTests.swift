// sealgate · PolicyEngine tests

import KubeManifest
import Testing
@testable import PolicyEngine

struct PolicyTestOutcomeTests {
    private static func test(expect: String) -> String {
        CheckerTests.noLatest + """

            ---
            apiVersion: sealgate.dev/v1
            kind: PolicyTest
            metadata: {name: t}
            spec:
              policy: no-latest
              cases:
                - name: pinned
                  expect: \(expect)
                  object: {apiVersion: v1, kind: Pod, metadata: {name: a}, spec: {containers: [{name: c, image: 'x:1'}]}}
                - name: undecidable
                  expect: fail
                  object: {apiVersion: v1, kind: Pod, metadata: {name: b}, spec: {}}
            """
    }

    @Test("results hold what the case expected and what the policy gave as outcomes")
    func typedResults() throws {
        let all = try objects(Self.test(expect: "pass"))
        let results = try PolicyTests.run(all, policies: try PolicyLoader.load(all), today: "2026-11-25")
        #expect(results.map(\.expected) == [.pass, .fail])
        #expect(results.map(\.actual) == [.pass, .error])
        #expect(results.map(\.problem) == [nil, "expected fail, got error"])
    }

    @Test("a case can only expect pass or fail", arguments: ["error", "Pass", "skip"])
    func onlyPassOrFail(_ word: String) throws {
        let all = try objects(Self.test(expect: word))
        let policies = try PolicyLoader.load(all)
        #expect(throws: PolicyError.self) { try PolicyTests.run(all, policies: policies, today: "2026-11-25") }
        do {
            _ = try PolicyTests.run(all, policies: policies, today: "2026-11-25")
        } catch {
            #expect(error.description == "manifests.yaml:26:15: error: 'spec.cases[0].expect' must be pass or fail, not '\(word)'")
        }
    }
}
