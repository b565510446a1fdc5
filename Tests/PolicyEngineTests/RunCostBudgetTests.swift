// sealgate · PolicyEngine tests

import Diagnostics
import KubeManifest
import Testing
@testable import PolicyEngine

/// A policy's cost budget over a whole run: cheap enough on each object, too dear over all of them.
struct RunCostBudgetTests {
    /// Every object walks every object: within each object's budget, growing with the square of the run.
    static let quadratic = """
        apiVersion: sealgate.dev/v1
        kind: Policy
        metadata: {name: pairs}
        spec:
          severity: error
          match: {kinds: [ConfigMap]}
          validations:
            - expression: "objects.all(o, objects.all(p, o.metadata.name != '' && p.metadata.name != ''))"
              message: never fails
            - expression: "object.metadata.name != 'cm-3'"
              message: cm-3 is not allowed
        """

    static func configMaps(_ count: Int) -> String {
        (0..<count).map { "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-\($0), namespace: ns}\n" }
            .joined(separator: "---\n")
    }

    private func run(objects count: Int, budget: Int, concurrency: Int = 2) throws -> CheckReport {
        var options = CheckOptions(today: "2026-12-06", concurrency: concurrency)
        options.costBudgetPerPolicy = budget
        return Checker.check(
            try objects(Self.configMaps(count)), policies: try policies(Self.quadratic), fileCount: 1, options: options)
    }

    @Test("under its run budget a policy reports as usual")
    func underBudget() throws {
        let report = try run(objects: 20, budget: 10_000_000)
        #expect(report.findings.map(\.message) == ["cm-3 is not allowed"])
    }

    @Test("past its run budget a policy reports one finding at its own document, whatever the threads did", arguments: [1, 2, 4])
    func overBudget(concurrency: Int) throws {
        let report = try run(objects: 40, budget: 50_000, concurrency: concurrency)
        let finding = try #require(report.findings.count == 1 ? report.findings.first : nil)
        #expect(finding.policy == "pairs")
        #expect(finding.object == nil)
        #expect((finding.location.file.path, finding.location.line, finding.location.column) == ("policies.yaml", 1, 1))
        #expect(
            finding.message == """
                the policy could not decide: its expressions took more than 50000 steps over this run's 40 objects, \
                the limit for one policy in one run, so it was stopped and reports nothing else; compute what does \
                not depend on the object in a variable, or avoid iterating objects for every object
                """)
    }
}
