// sealgate · CLI tests

import Foundation
import Testing

/// `sealgate check` at the root of a repository laid out as GitOps teams lay them out
/// (`testdata/gitops-repo`): a Helm chart's templates are left out with one notice, a stray Go template is a
/// warning of its own, and only the problems planted in real manifests are found.
struct GitOpsRepositoryTests {
    static let repo = "testdata/gitops-repo"

    /// `file:line:col policy` of every finding.
    static func findings(_ output: String) -> [String] {
        output.split(separator: "\n").compactMap { line -> String? in
            let text = line.trimmingCharacters(in: .whitespaces)
            guard text.hasPrefix(repo + "/"), let bracket = text.lastIndex(of: "["), let place = text.firstRange(of: ": ") else {
                return nil
            }
            return String(text[..<place.lowerBound].dropFirst(repo.count + 1)) + " " + text[text.index(after: bracket)...].dropLast()
        }
    }

    @Test("no parse error anywhere: the chart's templates are left out with one notice, the stray template warns")
    func wholeRepository() throws {
        let result = try CLI.run(["check", Self.repo])
        #expect(result.exitCode == 1)
        #expect(!result.stdout.contains("[parse-error]"), "\(result.stdout)")
        #expect(
            result.stderr
                == "\(Self.repo)/charts/api: notice: Helm chart: its 2 templates are Go templates, not manifests, and are not checked; render the chart and check the output: helm template \(Self.repo)/charts/api | sealgate check -\n"
        )
        // Exactly the planted problems, at the item at fault: the repository's .sealgate.yaml excludes the
        // documentation's example of what not to do.
        #expect(
            Self.findings(result.stdout) == [
                "apps/base/web/deployment.yaml:20:11 images-no-latest-tag",
                "infrastructure/ingress-nginx.yaml:36:5 rbac-no-anonymous-or-masters-binding",
                "legacy/settings.tmpl.yaml:7:3 go-template",
            ], "\(result.stdout)")
        // Without the file, the example's findings are back.
        let unconfigured = try CLI.run(["check", Self.repo, "--no-config"])
        #expect(Self.findings(unconfigured.stdout).contains("docs/examples/privileged-debug.yaml:9:7 pss-no-privileged"))
        #expect(Self.findings(unconfigured.stdout).filter { !$0.hasPrefix("docs/") }.count == 3)
        // A Go template outside a chart is a warning: it does not fail the check alone.
        let template = try CLI.run(["check", Self.repo + "/legacy"])
        #expect(template.exitCode == 0 && template.stdout.contains("0 errors, 1 warning, 0 info"), "\(template.stdout)")
        #expect(
            template.stdout.contains(
                "legacy/settings.tmpl.yaml:7:3: warning: looks like a Go template (Helm, or another renderer), not YAML: render it first and check the output, such as helm template CHART | sealgate check - [go-template]"
            ))
    }

    @Test("a typo in the repository's settings is exit 2 at its line, never a check quietly switched off")
    func typo() throws {
        let directory = try CLI.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("sealgate.yaml")
        try Data("apiVersion: sealgate.dev/v1\nkind: Config\ncheck:\n  exlude: [\"docs/**\"]\n".utf8).write(to: config)
        let result = try CLI.run(["check", Self.repo, "--config", config.path])
        #expect(result.exitCode == 2)
        #expect(
            result.stderr.hasPrefix("\(config.path):4:3: error: unknown key 'check.exlude'; did you mean 'exclude'?"), "\(result.stderr)")
    }

    @Test("the chart itself, or one template named on the command line")
    func chartPaths() throws {
        let chart = try CLI.run(["check", Self.repo + "/charts/api"])
        #expect(chart.exitCode == 0, "\(chart.stdout)\(chart.stderr)")
        #expect(chart.stderr.hasPrefix("\(Self.repo)/charts/api: notice: Helm chart: its 2 templates"))
        // The CRD of crds/ is a manifest, and is loaded.
        #expect(chart.stdout.hasPrefix("no problems found in 1 object"), "\(chart.stdout)")
        // A template named on purpose is read, and said to be a template.
        let template = try CLI.run(["check", Self.repo + "/charts/api/templates/deployment.yaml"])
        #expect(template.stdout.contains("deployment.yaml:4:9: warning: looks like a Go template"), "\(template.stdout)")
        let objects = try CLI.run(["objects", Self.repo + "/charts/api/templates/service.yaml"])
        #expect(objects.exitCode == 2 && objects.stderr.contains("service.yaml:4:9: error: looks like a Go template"), "\(objects.stderr)")
    }

    @Test("a revision's chart templates are left out as the working tree's are (--base)")
    func revisions() throws {
        let repository = try CheckBaseTests.Repository()
        try repository.write("apps/web.yaml", CheckBaseTests.deployment("web", image: "nginx:1.27"))
        try repository.write("apps/chart/Chart.yaml", "apiVersion: v2\nname: chart\nversion: 0.1.0\n")
        try repository.write("apps/chart/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n")
        try repository.commit("base")
        try repository.write("apps/web.yaml", CheckBaseTests.deployment("web", image: "nginx:latest"))
        let result = try repository.check("--base", "HEAD")
        #expect(result.exitCode == 1)
        #expect(!result.stdout.contains("parse-error") && !result.stdout.contains("go-template"), "\(result.stdout)")
        #expect(result.stdout.contains(": 1 new, 0 updated, 0 already there, 0 fixed"), "\(result.stdout)")
        #expect(
            result.stderr.contains("apps/chart: notice: Helm chart: its 1 template is a Go template, not a manifest, and is not checked;"),
            "\(result.stderr)")
    }
}
