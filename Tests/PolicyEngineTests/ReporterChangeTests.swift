// sealgate · PolicyEngine tests

import Diagnostics
import Foundation
import Testing
@testable import PolicyEngine

/// Every reporter over a check of a change: states, what counts with --new-only, and what the change fixed.
struct ReporterChangeTests {
    static let web = ObjectReference(apiVersion: "apps/v1", kind: "Deployment", namespace: "shop", name: "web")
    static let api = ObjectReference(apiVersion: "apps/v1", kind: "Deployment", namespace: "shop", name: "api")

    static func finding(_ object: ObjectReference, _ message: String, file: String, line: Int, state: FindingState) -> Finding {
        var finding = Finding(
            policy: "images-no-latest-tag", category: "images", severity: .error, message: message, object: object,
            at: SourceLocation(path: file, line: line, column: 9))
        finding.state = state
        return finding
    }

    static func report(newOnly: Bool) -> CheckReport {
        var report = CheckReport(
            findings: [
                finding(web, "container app uses latest", file: "apps/web.yaml", line: 12, state: .unchanged),
                finding(api, "container api uses latest", file: "apps/api.yaml", line: 8, state: .new),
            ],
            policies: [ReporterTests.policies[0]], objectCount: 3, fileCount: 2)
        report.fixed = [
            finding(
                ObjectReference(apiVersion: "apps/v1", kind: "Deployment", namespace: "shop", name: "old"),
                "container old uses latest", file: "apps/old.yaml", line: 5, state: .fixed)
        ]
        report.change = ChangeContext(
            baseCommit: "1a2b3c4d5e6f708192a3b4c5d6e7f80912345678", headCommit: nil, headName: "the working tree",
            repositoryURI: "https://example.com/acme/deploy.git", newOnly: newOnly,
            checkedOutCommit: "9f8e7d6c5b4a39281706f5e4d3c2b1a098765432")
        return report
    }

    @Test func textListsWhatTheChangeBroughtFirstAndSaysWhatItDid() {
        let all = Reporter.render(Self.report(newOnly: false), as: .text)
        #expect(
            all == """
                new
                  apps/api.yaml
                    apps/api.yaml:8:9: error: container api uses latest [images-no-latest-tag]

                already there
                  apps/web.yaml
                    apps/web.yaml:12:9: error: container app uses latest [images-no-latest-tag]

                fixed
                  apps/old.yaml
                    apps/old.yaml:5:9: error: container old uses latest [images-no-latest-tag]

                2 errors, 0 warnings, 0 info in 2 files (3 objects, 1 policy); against 1a2b3c4: 1 new, 0 updated, 1 already there, 1 fixed

                """)
        // With --new-only, what was already there is counted, not listed, and does not fail.
        let newOnly = Self.report(newOnly: true)
        let text = Reporter.render(newOnly, as: .text)
        #expect(!text.contains("already there\n"))
        #expect(
            text.hasSuffix(
                "1 error, 0 warnings, 0 info in 1 file (3 objects, 1 policy); against 1a2b3c4: 1 new, 0 updated, 1 already there, 1 fixed\n"
            ))
        #expect(Reporter.render(newOnly, as: .text, options: ReportOptions(verbose: true)).contains("already there\n"))
        #expect(newOnly.fails(at: .error))
        var nothingNew = newOnly
        nothingNew.findings.removeAll { $0.state == .new }
        #expect(!nothingNew.fails(at: .info))
        #expect(Reporter.render(nothingNew, as: .text).hasPrefix("fixed\n"))
        #expect(Reporter.render(nothingNew, as: .text).contains("no new problems found in 3 objects"))
    }

    @Test func jsonHasTheStateOfEachFindingAndTheChange() throws {
        let text = Reporter.render(Self.report(newOnly: true), as: .json)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let findings = try #require(document["findings"] as? [[String: Any]])
        #expect(findings.map { $0["state"] as? String } == ["new", "unchanged"])
        let fixed = try #require(document["fixed"] as? [[String: Any]])
        #expect(fixed.map { $0["state"] as? String } == ["fixed"] && fixed.first?["file"] as? String == "apps/old.yaml")
        let change = try #require(document["change"] as? [String: Any])
        #expect(change["base"] as? String == "1a2b3c4d5e6f708192a3b4c5d6e7f80912345678")
        #expect(change["head"] is NSNull && change["headName"] as? String == "the working tree")
        #expect(change["newOnly"] as? Bool == true)
        #expect(
            change["new"] as? Int == 1 && change["updated"] as? Int == 0 && change["unchanged"] as? Int == 1 && change["fixed"] as? Int == 1
        )
        #expect((document["summary"] as? [String: Int])?["errors"] == 1)
    }

    @Test func sarifSetsBaselineStateAStableIdentityAndProvenance() throws {
        let (_, run, _, results) = try ReporterTests.sarif(Self.report(newOnly: false))
        #expect(results.map { $0["baselineState"] as? String } == ["new", "unchanged"])
        let provenance = try #require(run["versionControlProvenance"] as? [[String: String]])
        #expect(
            provenance == [
                ["repositoryUri": "https://example.com/acme/deploy.git", "revisionId": "9f8e7d6c5b4a39281706f5e4d3c2b1a098765432"]
            ])

        // The identity fingerprint ignores the file, the line and the message; the first one does not.
        let moved = Self.finding(Self.web, "container app uses latest (moved)", file: "deploy/all.yaml", line: 40, state: .unchanged)
        var report = Self.report(newOnly: false)
        report.findings = [report.findings[0], moved]
        let (_, _, _, pair) = try ReporterTests.sarif(report)
        let prints = pair.compactMap { $0["partialFingerprints"] as? [String: String] }
        #expect(prints.count == 2)
        #expect(prints[0]["sealgate/identity/v1"] == prints[1]["sealgate/identity/v1"])
        #expect(prints[0]["sealgate/v1"] != prints[1]["sealgate/v1"])
        // Without a base there is no state and no identity fingerprint.
        let (_, plainRun, _, plain) = try ReporterTests.sarif(
            CheckReport(
                findings: [Self.finding(Self.web, "m", file: "a.yaml", line: 1, state: .new)].map {
                    var finding = $0
                    finding.state = nil
                    return finding
                }, policies: [], objectCount: 1, fileCount: 1))
        #expect(plain.first?["baselineState"] == nil && plainRun["versionControlProvenance"] == nil)
        #expect((plain.first?["partialFingerprints"] as? [String: String])?.keys.sorted() == ["sealgate/v1"])
    }

    @Test func githubAnnotatesOnlyWhatTheChangeBrought() {
        let output = Reporter.render(Self.report(newOnly: false), as: .github)
        #expect(output == "::error file=apps/api.yaml,line=8,col=9,title=images-no-latest-tag::container api uses latest\n")
    }

    @Test func junitSkipsWhatWasAlreadyThereWithNewOnly() {
        let xml = Reporter.render(Self.report(newOnly: true), as: .junit)
        #expect(xml.contains("<skipped message=\"already there before this change\">"))
        #expect(xml.contains("failures=\"1\""))
        let all = Reporter.render(Self.report(newOnly: false), as: .junit)
        #expect(!all.contains("<skipped"))
    }
}
