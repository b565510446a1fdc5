// sealgate · PolicyEngine

/// The text format: each file's findings under its name as `path:line:col: severity: message [policy]`,
/// then a summary line, the way compilers and linters print.
enum TextReport {
    static func render(_ report: CheckReport, options: ReportOptions) -> String {
        var out = ""
        let shown = options.verbose ? report.findings : report.activeFindings
        var files: [String] = []
        var byFile: [String: [Finding]] = [:]
        for finding in shown {
            if byFile[finding.file] == nil { files.append(finding.file) }
            byFile[finding.file, default: []].append(finding)
        }
        for file in files {
            out += paint(file, "1", options.color) + "\n"
            for finding in byFile[file] ?? [] {
                let place = finding.line > 0 ? "\(finding.file):\(finding.line):\(finding.column)" : finding.file
                let severity = paint(finding.severity.rawValue, colour(finding.severity), options.color)
                let message = finding.message.replacingNewlines
                out += "  \(place): \(severity): \(message) [\(finding.policy)]"
                if let waiver = finding.waiver { out += " (waived by \(waiver.source): \(waiver.reason.replacingNewlines))" }
                out += "\n"
            }
        }
        let counts = report.counts
        let waived = report.findings.count - report.activeFindings.count
        let scope = "\(report.objectCount) object\(report.objectCount == 1 ? "" : "s"), \(report.policies.count) polic\(report.policies.count == 1 ? "y" : "ies")"
        if report.activeFindings.isEmpty {
            out += "no problems found in \(scope)"
        } else {
            let fileCount = Set(report.activeFindings.map(\.file)).count
            out += "\(plural(counts[.error, default: 0], "error")), \(plural(counts[.warning, default: 0], "warning")), \(counts[.info, default: 0]) info"
            out += " in \(plural(fileCount, "file")) (\(scope))"
        }
        if waived > 0 { out += "; \(waived) waived" + (options.verbose ? "" : " (-v lists them)") }
        return out + "\n"
    }

    private static func plural(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }

    private static func colour(_ severity: Severity) -> String {
        switch severity {
        case .error: "1;31"
        case .warning: "1;33"
        case .info: "1;34"
        }
    }

    private static func paint(_ text: String, _ code: String, _ enabled: Bool) -> String {
        enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}

extension String {
    /// The text on one line: line breaks become spaces.
    var replacingNewlines: String {
        String(map { $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : $0 })
    }
}
