// sealgate · KubeManifest

/// Helm charts in a checked tree: a directory that holds `Chart.yaml` is a chart, and the files under its
/// `templates/` are Go templates that Helm renders into manifests, not manifests themselves. A walk leaves
/// them out, with one notice per chart that says how to check what they render to. The chart's other
/// files stay: `crds/` holds plain manifests, and `Chart.yaml` and `values.yaml` hold no Kubernetes object,
/// so they load as nothing.
package enum HelmCharts {
    /// The name of the file that makes a directory a chart.
    package static let chartFile = "Chart.yaml"

    /// `paths` (files in walk order, `/`-separated) without the templates of the charts among them, and the
    /// charts found, each with how many of its template files were left out (charts whose `templates/`
    /// holds no manifest-named file are not listed).
    package static func withoutTemplates(_ paths: [String]) -> (kept: [String], charts: [(directory: String, templates: Int)]) {
        var chartDirectories: Set<String> = []
        for path in paths where name(of: path) == chartFile {
            chartDirectories.insert(directory(of: path))
        }
        guard !chartDirectories.isEmpty else { return (paths, []) }
        var kept: [String] = []
        var counts: [String: Int] = [:]
        var order: [String] = []
        for path in paths {
            if let chart = chart(holdingTemplate: path, charts: chartDirectories) {
                if counts[chart] == nil { order.append(chart) }
                counts[chart, default: 0] += 1
            } else {
                kept.append(path)
            }
        }
        return (kept, order.map { ($0, counts[$0] ?? 0) })
    }

    /// The chart whose `templates/` holds `path` (at any depth below it), if any.
    private static func chart(holdingTemplate path: String, charts: Set<String>) -> String? {
        var components = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        components.removeLast()  // the file's own name
        // The nearest `templates` directory whose parent is a chart; subcharts (charts/x/) are charts too.
        while let last = components.last {
            if last == "templates" {
                let chart = components.dropLast().joined(separator: "/")
                if charts.contains(chart) { return chart }
            }
            components.removeLast()
        }
        return nil
    }

    private static func name(of path: String) -> Substring {
        path.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
    }

    /// The directory of `path` as the walk named it: `a/b` for `a/b/Chart.yaml`, `` for `Chart.yaml`.
    private static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    /// What a notice about a chart says after the chart's path: that its templates were left out and how
    /// to check what they render to.
    package static func noticeText(directory: String, templates: Int) -> String {
        let shown = directory.isEmpty ? "." : directory
        let what =
            templates == 1
            ? "its 1 template is a Go template, not a manifest, and is not checked"
            : "its \(templates) templates are Go templates, not manifests, and are not checked"
        return "Helm chart: \(what); "
            + "render the chart and check the output: helm template \(shown) | sealgate check -"
    }
}

/// Go templates (Helm's, or another renderer's) where a manifest was expected.
package enum GoTemplateText {
    /// Where the first template action (`{{ … }}`) of `bytes` starts (1-based line and column, in characters),
    /// or nil when there is none.
    package static func firstAction(in bytes: [UInt8]) -> (line: Int, column: Int)? {
        let open = UInt8(ascii: "{"), close = UInt8(ascii: "}"), newline = UInt8(ascii: "\n")
        var line = 1
        var lineStart = 0
        var index = 0
        while index + 1 < bytes.count {
            if bytes[index] == newline {
                line += 1
                lineStart = index + 1
            } else if bytes[index] == open, bytes[index + 1] == open {
                // An action closes on the same line or a later one: `{{- if .Values.x }}`.
                var end = index + 2
                while end + 1 < bytes.count, !(bytes[end] == close && bytes[end + 1] == close) { end += 1 }
                // Columns count characters, as everywhere else: UTF-8 continuation bytes are not counted.
                let column = bytes[lineStart..<index].filter { $0 & 0xC0 != 0x80 }.count + 1
                if end + 1 < bytes.count { return (line, column) }
                return nil
            }
            index += 1
        }
        return nil
    }

    /// The reason of the error that replaces a parser's wording for a file that is a Go template.
    package static let reason =
        "looks like a Go template (Helm, or another renderer), not YAML: render it first and check the output, "
        + "such as helm template CHART | sealgate check -"
}
