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
/// A line without a known position drops it (`path: severity: …`). A check of a change lists its findings
/// under `new`, `updated` and `already there` (the last only when it counts or with
/// ``ReportOptions/verbose``), then the ones it `fixed`, and says how many of each after the summary. Every finding stays on one line
/// (``TerminalText/oneLine(_:)``): line breaks in a message become spaces, and other control characters,
/// which could rewrite the terminal, become U+FFFD. Waived findings are only counted, unless ``ReportOptions/verbose`` lists them under
/// `waived`, each followed by its waiver. With ``ReportOptions/color`` severities are red, yellow and blue
/// and file names bold.
enum TextReporter {
    static func render(_ report: CheckReport, options: ReportOptions) -> String {
        let style = Style(enabled: options.color)
        var out = ""
        if report.change == nil {
            out += grouped(report.findings.filter { $0.waiver == nil }, style: style)
        } else {
            // A change's findings by what the change did to them, what it brought first. With --new-only
            // the findings that were already there are counted, and listed only when asked for.
            let listed: [(FindingState, String)] = [(.new, "new"), (.updated, "updated"), (.unchanged, "already there")]
            for (state, title) in listed {
                let findings = report.findings.filter { $0.waiver == nil && $0.state == state }
                guard !findings.isEmpty, report.counts(findings[0]) || options.verbose else { continue }
                out += style.bold(title) + "\n" + grouped(findings, style: style, indent: "  ")
            }
            if !report.fixed.isEmpty {
                out += style.bold("fixed") + "\n" + grouped(report.fixed, style: style, indent: "  ", severityCode: Style.dim)
            }
        }

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

        let files = Set(report.findings.filter(report.counts).map(\.location.file))
        return out + summary(report, filesWithFindings: files.count) + "\n"
    }

    /// `findings` under a line per file, each finding indented below its file, then an empty line.
    private static func grouped(_ findings: [Finding], style: Style, indent: String = "", severityCode: String? = nil) -> String {
        guard !findings.isEmpty else { return "" }
        var out = ""
        var current: SourceFile?
        for finding in findings {
            if finding.location.file != current {
                if current != nil { out += "\n" }
                current = finding.location.file
                out += indent + style.bold(TerminalText.oneLine(finding.location.file.path)) + "\n"
            }
            out += indent + "  " + line(finding, style: style, severityCode: severityCode ?? colour(finding.severity)) + "\n"
        }
        return out + "\n"
    }

    /// `3 errors, 1 warning, 0 info in 2 files (12 objects, 25 policies); 1 waived`, or
    /// `no problems found in 12 objects (25 policies)`; for a change, what it did follows:
    /// `; against 1a2b3c4: 1 new, 0 updated, 5 already there, 1 fixed`.
    static func summary(_ report: CheckReport, filesWithFindings: Int) -> String {
        let counts = report.severityCounts
        let scope = TerminalText.counted(report.policies.count, "policy", "policies")
        var text: String
        if counts.errors + counts.warnings + counts.info == 0 {
            text =
                (report.change?.newOnly == true ? "no new problems found in " : "no problems found in ")
                + "\(TerminalText.counted(report.objectCount, "object")) (\(scope))"
        } else {
            text =
                "\(TerminalText.counted(counts.errors, "error")), \(TerminalText.counted(counts.warnings, "warning")), \(counts.info) info"
                + " in \(TerminalText.counted(filesWithFindings, "file")) (\(TerminalText.counted(report.objectCount, "object")), \(scope))"
        }
        let waived = report.waivedCount
        if waived > 0 { text += "; \(waived) waived" }
        if let change = report.changeSummary { text += "; \(change)" }
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
