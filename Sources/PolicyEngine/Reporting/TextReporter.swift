// sealgate · PolicyEngine

internal import Diagnostics

/// The text format, for people at a terminal or reading a CI log.
///
/// Findings that count are grouped by file, in ``Finding/ordered(_:_:)`` order: the file's path on a line of
/// its own, then one indented line per finding as compilers and linters print them, which editors and
/// terminals turn into links:
///
/// ```
/// apps/web.yaml
///   apps/web.yaml:12:9: error: container 'app' uses the image tag 'latest' [images-no-latest-tag]
///
/// 1 error, 0 warnings, 0 info in 1 file (12 objects, 25 policies); 1 waived
/// ```
///
/// A line without a known position drops it (`path: severity: …`). Every finding stays on one line
/// (``TerminalText/oneLine(_:)``): line breaks in a message become spaces, and other control characters,
/// which could rewrite the terminal, become U+FFFD. Waived findings are only counted, unless ``ReportOptions/verbose`` lists them under
/// `waived`, each followed by its waiver. With ``ReportOptions/color`` severities are red, yellow and blue
/// and file names bold.
enum TextReporter {
    static func render(_ report: CheckReport, options: ReportOptions) -> String {
        let style = Style(enabled: options.color)
        var out = ""
        var files = 0
        var current: SourceFile?
        for finding in report.findings where finding.waiver == nil {
            if finding.location.file != current {
                if current != nil { out += "\n" }
                current = finding.location.file
                files += 1
                out += style.bold(TerminalText.oneLine(finding.location.file.path)) + "\n"
            }
            out += "  " + line(finding, style: style, severityCode: colour(finding.severity)) + "\n"
        }
        if files > 0 { out += "\n" }

        let waived = report.findings.filter { $0.waiver != nil }
        if options.verbose && !waived.isEmpty {
            out += style.bold("waived") + "\n"
            for finding in waived {
                out += "  " + line(finding, style: style, severityCode: Style.dim) + "\n"
                if let waiver = finding.waiver {
                    out += "    waived by \(TerminalText.oneLine(waiver.source)): \(TerminalText.oneLine(waiver.reason))\n"
                }
            }
            out += "\n"
        }

        return out + summary(report, filesWithFindings: files) + "\n"
    }

    /// `3 errors, 1 warning, 0 info in 2 files (12 objects, 25 policies); 1 waived`, or
    /// `no problems found in 12 objects (25 policies)`.
    static func summary(_ report: CheckReport, filesWithFindings: Int) -> String {
        let counts = SeverityCounts(report.findings)
        let scope = plural(report.policies.count, "policy", "policies")
        var text: String
        if counts.errors + counts.warnings + counts.info == 0 {
            text = "no problems found in \(plural(report.objectCount, "object")) (\(scope))"
        } else {
            text = "\(plural(counts.errors, "error")), \(plural(counts.warnings, "warning")), \(counts.info) info"
                + " in \(plural(filesWithFindings, "file")) (\(plural(report.objectCount, "object")), \(scope))"
        }
        let waived = report.waivedCount
        if waived > 0 { text += "; \(waived) waived" }
        return text
    }

    /// `path:line:col: severity: message [policy]`.
    private static func line(_ finding: Finding, style: Style, severityCode: String) -> String {
        let place = TerminalText.oneLine(finding.location.description)
        let severity = style.paint(finding.severity.rawValue, severityCode)
        return "\(place): \(severity): \(TerminalText.oneLine(finding.message)) [\(TerminalText.oneLine(finding.policy))]"
    }

    private static func colour(_ severity: Severity) -> String {
        switch severity {
        case .error: Style.red
        case .warning: Style.yellow
        case .info: Style.blue
        }
    }

    private static func plural(_ count: Int, _ singular: String, _ pluralForm: String? = nil) -> String {
        "\(count) " + (count == 1 ? singular : pluralForm ?? singular + "s")
    }

    /// ANSI SGR sequences, or nothing when colour is off.
    struct Style {
        static let red = "31"
        static let yellow = "33"
        static let blue = "34"
        static let dim = "2"

        let enabled: Bool

        func paint(_ text: String, _ code: String) -> String {
            enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
        }

        func bold(_ text: String) -> String { paint(text, "1") }
    }
}
