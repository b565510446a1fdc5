// sealgate · PolicyEngine tests

import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import KubeManifest
import Testing
@testable import PolicyEngine

/// Every reporter over one report that has a bit of everything: several files, every severity, a waived
/// finding, a finding without an object, and text that needs escaping in each format.
struct ReporterTests {
    static let report: CheckReport = {
        let web = ObjectReference(apiVersion: "apps/v1", kind: "Deployment", namespace: "shop", name: "web")
        let findings = [
            Finding(policy: "images-no-latest-tag", category: "images", severity: .error,
                    message: "container 'app' uses \"nginx:latest\"; 100% <unpinned> & risky", object: web,
                    file: "apps/shop/web app.yaml", line: 6, column: 1, fieldPath: "spec.template"),
            Finding(policy: "pss-read-only-root-filesystem", category: "pod-security", severity: .warning,
                    message: "container 'app' can write\nto its root filesystem", object: web, file: "apps/shop/web app.yaml", line: 6, column: 1),
            Finding(policy: "network-default-deny", category: "network", severity: .info, message: "namespace shop, a note",
                    object: ObjectReference(apiVersion: "v1", kind: "Namespace", namespace: nil, name: "shop"), file: "namespaces.yaml", line: 3, column: 1),
            Finding(policy: "images-no-latest-tag", category: "images", severity: .error, message: "container 'canary' uses latest",
                    object: ObjectReference(apiVersion: "apps/v1", kind: "Deployment", namespace: "shop", name: "canary"),
                    file: "namespaces.yaml", line: 20, column: 1, waiver: Waiver(reason: "follows upstream", source: "annotation ignore.sealgate.dev/images-no-latest-tag")),
            Finding(policy: "parse-error", category: "manifests", severity: .error, message: "unterminated quoted string", file: "broken.yaml", line: 4, column: 9),
        ]
        let policies = [
            PolicyInfo(name: "images-no-latest-tag", category: "images", severity: .error, description: "Images are pinned.", remediation: "Pin a version.", source: "builtin:images/images-no-latest-tag.yaml"),
            PolicyInfo(name: "pss-read-only-root-filesystem", category: "pod-security", severity: .warning, description: "Read-only root.", remediation: "Set readOnlyRootFilesystem.", source: "builtin:x"),
            PolicyInfo(name: "network-default-deny", category: "network", severity: .info, description: "Default deny.", remediation: "Add one.", source: "builtin:y"),
            PolicyInfo(name: "rbac-no-wildcards", category: "rbac", severity: .error, description: "No wildcards.", remediation: "List verbs.", source: "builtin:z"),
        ]
        return CheckReport(findings: findings.sorted(by: Finding.ordered), policies: policies, objectCount: 12, fileCount: 3)
    }()

    @Test("text: grouped by file, one line per finding, a summary; colour only when asked")
    func text() {
        #expect(Reporter.render(Self.report, as: .text) == """
            apps/shop/web app.yaml
              apps/shop/web app.yaml:6:1: error: container 'app' uses "nginx:latest"; 100% <unpinned> & risky [images-no-latest-tag]
              apps/shop/web app.yaml:6:1: warning: container 'app' can write to its root filesystem [pss-read-only-root-filesystem]
            broken.yaml
              broken.yaml:4:9: error: unterminated quoted string [parse-error]
            namespaces.yaml
              namespaces.yaml:3:1: info: namespace shop, a note [network-default-deny]
            2 errors, 1 warning, 1 info in 3 files (12 objects, 4 policies); 1 waived (-v lists them)

            """)
        let verbose = Reporter.render(Self.report, as: .text, options: ReportOptions(verbose: true))
        #expect(verbose.contains("namespaces.yaml:20:1: error: container 'canary' uses latest [images-no-latest-tag] (waived by annotation ignore.sealgate.dev/images-no-latest-tag: follows upstream)"))
        let coloured = Reporter.render(Self.report, as: .text, options: ReportOptions(color: true))
        #expect(coloured.contains("\u{1B}[1;31merror\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[1mbroken.yaml\u{1B}[0m"))
        let clean = CheckReport(findings: [], policies: Self.report.policies, objectCount: 1, fileCount: 1)
        #expect(Reporter.render(clean, as: .text) == "no problems found in 1 object, 4 policies\n")
    }

    @Test("json: the documented schema, parsed back field by field")
    func json() throws {
        let text = Reporter.render(Self.report, as: .json)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(document["version"] as? Int == 1)
        let summary = try #require(document["summary"] as? [String: Any])
        #expect(summary["errors"] as? Int == 2 && summary["warnings"] as? Int == 1 && summary["info"] as? Int == 1)
        #expect(summary["waived"] as? Int == 1 && summary["objects"] as? Int == 12 && summary["files"] as? Int == 3 && summary["policies"] as? Int == 4)
        let findings = try #require(document["findings"] as? [[String: Any]])
        #expect(findings.count == 5)
        let first = findings[0]
        #expect(first["policy"] as? String == "images-no-latest-tag")
        #expect(first["message"] as? String == "container 'app' uses \"nginx:latest\"; 100% <unpinned> & risky")
        #expect(first["file"] as? String == "apps/shop/web app.yaml" && first["line"] as? Int == 6 && first["column"] as? Int == 1)
        #expect(first["fieldPath"] as? String == "spec.template")
        #expect((first["object"] as? [String: Any])?["namespace"] as? String == "shop")
        #expect(first["waived"] is NSNull)
        let parse = try #require(findings.first { $0["policy"] as? String == "parse-error" })
        #expect(parse["object"] is NSNull)
        let waived = try #require(findings.first { $0["waived"] is [String: Any] })
        #expect((waived["waived"] as? [String: Any])?["reason"] as? String == "follows upstream")
        #expect((document["policies"] as? [[String: Any]])?.count == 4)
    }

    @Test("sarif: what GitHub code scanning requires, with rules, locations and suppressions")
    func sarif() throws {
        let text = Reporter.render(Self.report, as: .sarif, options: ReportOptions(toolVersion: "1.2.3"))
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(document["version"] as? String == "2.1.0")
        #expect(document["$schema"] as? String == SARIFReport.schema)
        let run = try #require((document["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "sealgate" && driver["version"] as? String == "1.2.3")
        let rules = try #require(driver["rules"] as? [[String: Any]])
        // The four policies, then the engine's parse-error rule that a finding used.
        #expect(rules.map { $0["id"] as? String } == ["images-no-latest-tag", "pss-read-only-root-filesystem", "network-default-deny", "rbac-no-wildcards", "parse-error"])
        #expect((rules[0]["shortDescription"] as? [String: Any])?["text"] as? String == "Images are pinned.")
        #expect((rules[0]["help"] as? [String: Any])?["text"] as? String == "Pin a version.")
        #expect((rules[2]["defaultConfiguration"] as? [String: Any])?["level"] as? String == "note")
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == 5)
        for result in results {
            let ruleIndex = try #require(result["ruleIndex"] as? Int)
            #expect(rules[ruleIndex]["id"] as? String == result["ruleId"] as? String)
            let location = try #require((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
            let artifact = try #require(location["artifactLocation"] as? [String: Any])
            #expect(artifact["uriBaseId"] as? String == "%SRCROOT%")
            let region = try #require(location["region"] as? [String: Any])
            #expect((region["startLine"] as? Int ?? 0) >= 1)
            #expect(["error", "warning", "note"].contains(result["level"] as? String ?? ""))
            #expect(result["partialFingerprints"] is [String: Any])
        }
        let spaced = try #require(results.first { ($0["message"] as? [String: Any])?["text"] as? String == "container 'app' uses \"nginx:latest\"; 100% <unpinned> & risky" })
        let uri = ((spaced["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]).flatMap { ($0["artifactLocation"] as? [String: Any])?["uri"] as? String }
        #expect(uri == "apps/shop/web%20app.yaml")
        let suppressed = results.filter { $0["suppressions"] != nil }
        #expect(suppressed.count == 1)
        #expect((suppressed.first?["suppressions"] as? [[String: Any]])?.first?["kind"] as? String == "inSource")
    }

    @Test("junit: well-formed XML with a suite per policy and a failure per finding")
    func junit() throws {
        let text = Reporter.render(Self.report, as: .junit)
        final class Collector: NSObject, XMLParserDelegate {
            var suites: [String: (tests: String, failures: String)] = [:]
            var failures: [String] = []
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
                if name == "testsuite" { suites[attributes["name"] ?? ""] = (attributes["tests"] ?? "", attributes["failures"] ?? "") }
                if name == "failure" { failures.append(attributes["message"] ?? "") }
            }
        }
        let parser = XMLParser(data: Data(text.utf8))
        let collector = Collector()
        parser.delegate = collector
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        #expect(collector.suites["images-no-latest-tag"]?.failures == "1")
        #expect(collector.suites["rbac-no-wildcards"]?.tests == "1" && collector.suites["rbac-no-wildcards"]?.failures == "0")
        #expect(collector.suites["parse-error"]?.failures == "1")
        #expect(collector.failures.contains("container 'app' uses \"nginx:latest\"; 100% <unpinned> & risky"))
        #expect(collector.failures.contains("container 'app' can write\nto its root filesystem"))
        #expect(JUnitReport.escape("a\u{1}b") == "a\u{FFFD}b")
    }

    @Test("github: one workflow command per finding that counts, escaped as GitHub requires")
    func github() {
        #expect(Reporter.render(Self.report, as: .github) == """
            ::error file=apps/shop/web app.yaml,line=6,col=1,title=images-no-latest-tag::container 'app' uses "nginx:latest"; 100%25 <unpinned> & risky
            ::warning file=apps/shop/web app.yaml,line=6,col=1,title=pss-read-only-root-filesystem::container 'app' can write%0Ato its root filesystem
            ::error file=broken.yaml,line=4,col=9,title=parse-error::unterminated quoted string
            ::notice file=namespaces.yaml,line=3,col=1,title=network-default-deny::namespace shop, a note

            """)
        #expect(GitHubReport.property("a:b,c%") == "a%3Ab%2Cc%25")
    }
}
