// sealgate · PolicyEngine tests

import Diagnostics
import KubeManifest
import Testing
@testable import PolicyEngine

struct EngineFindingTests {
    @Test("the ids are the ones reports, waivers and --fail-on have always used")
    func ids() {
        #expect(
            EngineFinding.allCases.map(\.rawValue) == [
                "parse-error", "go-template", "render-error", "waiver-without-reason", "waiver-unknown-policy", "exception-without-reason",
                "exception-expired",
            ])
        #expect(EngineFinding(rawValue: "exception-expired") == .exceptionExpired)
        #expect(EngineFinding(rawValue: "no-latest") == nil)
    }

    @Test("a finding the checker makes carries its check's id, category and severity")
    func checkerFindings() throws {
        let manifests = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: a
              annotations: {ignore.sealgate.dev/no-latest: "", ignore.sealgate.dev/no-such-policy: "because"}
            ---
            apiVersion: sealgate.dev/v1
            kind: PolicyException
            metadata: {name: old}
            spec: {policies: [no-latest], reason: "migration", expires: "2020-01-01"}
            ---
            apiVersion: sealgate.dev/v1
            kind: PolicyException
            metadata: {name: silent}
            spec: {policies: [no-latest]}
            """
        let all = try objects(manifests)
        let split = PolicyLoader.separateSealgateDocuments(all)
        var set = try policies(CheckerTests.noLatest)
        set.merge(try PolicyLoader.load(split.sealgateDocuments))
        let parseError = ManifestError(.syntax, "did not find expected key", path: "bad.yaml", line: 3, column: 5)
        let template = ManifestError(.goTemplate, GoTemplateText.reason, path: "chart.yaml", line: 4, column: 9)
        let rendering = ManifestError(.renderFailed, "helm failed (exit 1)", path: "chart/Chart.yaml")
        let report = Checker.check(
            split.objects, policies: set, parseErrors: [parseError, template, rendering], fileCount: 3,
            options: CheckOptions(today: "2026-11-25"))
        let engine = report.findings.compactMap { finding in finding.engineFinding.map { (finding, $0) } }
        #expect(Set(engine.map(\.1)) == Set(EngineFinding.allCases))
        for (finding, check) in engine {
            #expect(finding.policy == check.rawValue && finding.category == check.category && finding.severity == check.severity)
        }
    }

    @Test("a report describes an engine check's rule from the check's own metadata")
    func rules() throws {
        let finding = Finding(.waiverUnknownPolicy, message: "m", at: SourceLocation(path: "a.yaml", line: 1, column: 1))
        #expect(finding.policy == "waiver-unknown-policy" && finding.category == "waivers" && finding.severity == .warning)
        let report = CheckReport(findings: [finding], policies: [], objectCount: 1, fileCount: 1)
        let rule = try #require(report.rules.first)
        #expect(rule == EngineFinding.waiverUnknownPolicy.info)
        #expect(rule.remediation == "Correct the policy name in the annotation; `sealgate policies` lists the active policies.")
        #expect(rule.source == "sealgate")
    }

    @Test("a finding of a policy the report does not list is described from the finding")
    func unlistedPolicy() {
        let finding = Finding(
            policy: "elsewhere", category: nil, severity: .info, message: "m", at: SourceLocation(path: "a.yaml", line: 1, column: 1))
        #expect(finding.engineFinding == nil)
        let rule = EngineChecks.info(for: finding)
        #expect(
            rule
                == PolicyInfo(
                    name: "elsewhere", category: "sealgate", severity: .info, description: "Findings of elsewhere.", remediation: "",
                    source: "sealgate"))
    }
}
