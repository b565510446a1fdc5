// sealgate · PolicyEngine

/// The formats `sealgate check --format` writes.
public enum ReportFormat: String, CaseIterable, Sendable {
    /// `path:line:col: severity: message [policy]`, grouped by file, with a summary.
    case text
    /// One JSON document; see ``JSONReport``.
    case json
    /// SARIF 2.1.0, as GitHub code scanning reads it.
    case sarif
    /// JUnit XML, as Jenkins and GitLab read it.
    case junit
    /// GitHub Actions workflow commands (`::error file=…,line=…::message`).
    case github
}

/// How a report is written.
public struct ReportOptions: Sendable {
    /// ANSI colour in the text format (the CLI sets it only on a terminal).
    public var color: Bool
    /// sealgate's version, for SARIF's tool description.
    public var toolVersion: String
    /// The text format also lists waived findings.
    public var verbose: Bool

    /// Creates options.
    public init(color: Bool = false, toolVersion: String = "0.0.0", verbose: Bool = false) {
        self.color = color
        self.toolVersion = toolVersion
        self.verbose = verbose
    }
}

/// Renders a ``CheckReport`` in one of the ``ReportFormat``s.
public enum Reporter {
    /// The report as text in `format`.
    public static func render(_ report: CheckReport, as format: ReportFormat, options: ReportOptions = ReportOptions()) -> String {
        switch format {
        case .text: TextReport.render(report, options: options)
        case .json: JSONReport.render(report)
        case .sarif: SARIFReport.render(report, toolVersion: options.toolVersion)
        case .junit: JUnitReport.render(report)
        case .github: GitHubReport.render(report)
        }
    }
}

extension CheckReport {
    /// Counts of the findings that count, by severity.
    var counts: [Severity: Int] {
        Dictionary(grouping: activeFindings, by: \.severity).mapValues(\.count)
    }

    /// The policies of the report, plus the engine's own checks that produced findings (parse errors,
    /// waivers), so every finding has a rule.
    var rules: [PolicyInfo] {
        var rules = policies
        let known = Set(policies.map(\.name))
        for finding in findings where !known.contains(finding.policy) && !rules.contains(where: { $0.name == finding.policy }) {
            rules.append(BuiltInRules.info(for: finding))
        }
        return rules
    }
}

/// The checks the engine makes itself, described for reporters.
enum BuiltInRules {
    static func info(for finding: Finding) -> PolicyInfo {
        let (description, remediation): (String, String) = switch finding.policy {
        case "parse-error":
            ("Every manifest in the checked set parses as YAML or JSON.", "Fix the syntax at the line shown; `sealgate objects FILE` shows what sealgate reads.")
        case "waiver-without-reason":
            ("A waiver annotation says why the policy does not apply.", "Give the ignore.sealgate.dev/<policy> annotation a reason as its value.")
        case "waiver-unknown-policy":
            ("A waiver annotation names an active policy.", "Correct the policy name; `sealgate policies` lists them.")
        case "exception-without-reason":
            ("A PolicyException says why it is needed.", "Set spec.reason.")
        case "exception-expired":
            ("A PolicyException past its expiry date no longer waives anything.", "Fix the findings it covered, or extend spec.expires.")
        default:
            ("Finding \(finding.policy).", "")
        }
        return PolicyInfo(
            name: finding.policy, category: finding.category ?? "sealgate", severity: finding.severity,
            description: description, remediation: remediation, source: "sealgate")
    }
}
