// sealgate · KubeManifest tests

import Diagnostics
import Testing
@testable import KubeManifest

struct HelmChartTests {
    @Test("a chart's templates (its subcharts' too) are left out; crds/, values and files elsewhere stay")
    func templates() {
        let paths = [
            "repo/apps/web.yaml",
            "repo/charts/api/Chart.yaml", "repo/charts/api/crds/crd.yaml", "repo/charts/api/templates/deploy.yaml",
            "repo/charts/api/templates/sub/svc.yaml", "repo/charts/api/values.yaml",
            "repo/charts/api/charts/db/Chart.yaml", "repo/charts/api/charts/db/templates/sts.yaml",
            "repo/other/templates/not-a-chart.yaml",
        ]
        let result = HelmCharts.withoutTemplates(paths)
        #expect(
            result.kept == [
                "repo/apps/web.yaml", "repo/charts/api/Chart.yaml", "repo/charts/api/crds/crd.yaml", "repo/charts/api/values.yaml",
                "repo/charts/api/charts/db/Chart.yaml", "repo/other/templates/not-a-chart.yaml",
            ])
        #expect(result.charts.map(\.directory) == ["repo/charts/api", "repo/charts/api/charts/db"])
        #expect(result.charts.map(\.templates) == [2, 1])
        #expect(HelmCharts.withoutTemplates(["Chart.yaml", "templates/a.yaml"]).charts.map(\.directory) == [""])
        #expect(HelmCharts.withoutTemplates(["a.yaml"]).kept == ["a.yaml"])
    }

    @Test(
        "the first template action, by line and character",
        arguments: [
            ("name: {{ .Release.Name }}\n", 1, 7),
            ("a: 1\nb: é {{- if .x }}\n", 2, 6),
            ("a: '{{'\nb: '}}'\n", 1, 5),
        ])
    func firstAction(_ text: String, _ line: Int, _ column: Int) {
        let found = GoTemplateText.firstAction(in: Array(text.utf8))
        #expect(found?.line == line && found?.column == column)
    }

    @Test("no action: no braces, or braces that never close")
    func noAction() {
        #expect(GoTemplateText.firstAction(in: Array("a: {b: c}\n".utf8)) == nil)
        #expect(GoTemplateText.firstAction(in: Array("a: {{ unclosed\n".utf8)) == nil)
    }

    @Test("only a file that does not parse and holds an action is a template")
    func templateError() {
        let file = SourceFile(path: "t.yaml")
        let syntax = ManifestError(.syntax, "did not find expected node content", path: "t.yaml", line: 3, column: 1)
        let template = ManifestLoader.templateError(for: syntax, bytes: Array("a: 1\nb: {{ .x }}\n".utf8), file: file)
        #expect(template.code == .goTemplate && template.location?.line == 2 && template.location?.column == 4)
        #expect(ManifestLoader.templateError(for: syntax, bytes: Array("a: [\n".utf8), file: file) == syntax)
        let tooLarge = ManifestError(.fileTooLarge, "too large", path: "t.yaml")
        #expect(ManifestLoader.templateError(for: tooLarge, bytes: Array("{{ .x }}".utf8), file: file) == tooLarge)
    }

    @Test("the chart notice counts its templates in the right number")
    func noticeCounts() {
        #expect(
            HelmCharts.noticeText(directory: "charts/api", templates: 1)
                == "Helm chart: its 1 template is a Go template, not a manifest, and is not checked; render the chart and check the output: helm template charts/api | sealgate check -"
        )
        #expect(
            HelmCharts.noticeText(directory: "", templates: 2).hasPrefix(
                "Helm chart: its 2 templates are Go templates, not manifests, and are not checked;"))
    }
}
