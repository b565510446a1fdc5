// sealgate · PolicyEngine

/// The formats `sealgate check` writes (`-o FORMAT`, `--report FORMAT=FILE`).
public enum ReportFormat: String, CaseIterable, Sendable {
    /// For people: findings grouped by file as `path:line:col: severity: message [policy]`, then a summary line.
    case text
    /// One JSON document with a stable, versioned schema (see the JSON reporter's documentation).
    case json
    /// SARIF 2.1.0, as GitHub code scanning and other SARIF viewers read it.
    case sarif
    /// JUnit XML, as Jenkins and GitLab show test results: a suite per policy, a test case per object.
    case junit
    /// GitHub Actions workflow commands (`::error file=…,line=…::message`), which become annotations.
    case github
}

/// How ``Reporter`` writes a report.
///
/// The library never looks at the terminal or the environment; the CLI decides these.
public struct ReportOptions: Sendable {
    /// Whether the text format uses ANSI colour: red errors, yellow warnings, blue info, bold file names.
    /// The CLI sets it only when standard output is a colour terminal. Other formats ignore it.
    public var color: Bool
    /// sealgate's version, which SARIF records as the tool's version.
    public var toolVersion: String
    /// Whether the text format also lists waived findings, each with its waiver. Waived findings are
    /// counted either way; the machine formats always include them, marked as waived.
    public var verbose: Bool

    /// Creates options.
    ///
    /// - Parameters:
    ///   - color: ANSI colour in the text format.
    ///   - toolVersion: sealgate's version, for SARIF.
    ///   - verbose: the text format lists waived findings too.
    public init(color: Bool = false, toolVersion: String = "0.0.0", verbose: Bool = false) {
        self.color = color
        self.toolVersion = toolVersion
        self.verbose = verbose
    }
}

/// Writes a ``CheckReport`` in one of the ``ReportFormat``s.
public enum Reporter {
    /// The report as the text of one format.
    ///
    /// Findings are written in ``Finding/ordered(_:_:)`` order whatever order the report holds them in, so
    /// the same report always renders to the same text.
    ///
    /// - Parameters:
    ///   - report: what a check found.
    ///   - format: the format to write.
    ///   - options: colour, verbosity and the tool's version.
    /// - Returns: the complete output, ending in a newline; the `github` format of a report without active
    ///   findings is empty.
    public static func render(_ report: CheckReport, as format: ReportFormat, options: ReportOptions = ReportOptions()) -> String {
        var report = report
        report.findings.sort(by: Finding.ordered)
        return switch format {
        case .text: TextReporter.render(report, options: options)
        case .json: JSONReporter.render(report)
        case .sarif: SARIFReporter.render(report, toolVersion: options.toolVersion)
        case .junit: JUnitReporter.render(report)
        case .github: GitHubReporter.render(report)
        }
    }
}

// MARK: - What the reporters share

/// How many findings that count (not waived) a report has of each severity.
public struct SeverityCounts: Sendable {
    /// Findings of severity error.
    public var errors = 0
    /// Findings of severity warning.
    public var warnings = 0
    /// Findings of severity info.
    public var info = 0

    /// Counts the findings of `findings` that are not waived.
    public init(_ findings: [Finding]) {
        self.init(findings, counting: { $0.waiver == nil })
    }

    /// Counts the findings of `findings` that `counts` accepts.
    init(_ findings: [Finding], counting counts: (Finding) -> Bool) {
        for finding in findings where counts(finding) {
            switch finding.severity {
            case .error: errors += 1
            case .warning: warnings += 1
            case .info: info += 1
            }
        }
    }
}

extension CheckReport {
    /// How many findings that count the report has of each severity.
    public var severityCounts: SeverityCounts { SeverityCounts(findings, counting: counts) }

    /// How many findings are waived.
    var waivedCount: Int { findings.count(where: { $0.waiver != nil }) }

    /// How many findings have `state`; for ``FindingState/fixed``, how many the change removed.
    func count(_ state: FindingState) -> Int {
        state == .fixed ? fixed.count : findings.count(where: { $0.state == state })
    }

    /// For a check of a change, what the change did, as the text report and the CLI's summary line say it:
    /// `against 1a2b3c4: 1 new, 0 updated, 5 already there, 1 fixed`; nil without a base.
    public var changeSummary: String? {
        change.map { change in
            "against \(change.baseCommit.prefix(7)): \(count(.new)) new, \(count(.updated)) updated, "
                + "\(count(.unchanged)) already there, \(count(.fixed)) fixed"
        }
    }

    /// A description of every rule a reporter names: the policies that ran, then, in the order their first
    /// finding appears, the checks the engine makes itself (``EngineFinding``),
    /// so that every finding's policy has one. Each name appears once.
    var rules: [PolicyInfo] {
        var rules: [PolicyInfo] = []
        var seen: Set<String> = []
        for policy in policies where seen.insert(policy.name).inserted {
            rules.append(policy)
        }
        for finding in findings where seen.insert(finding.policy).inserted {
            rules.append(EngineChecks.info(for: finding))
        }
        return rules
    }
}

/// The rules behind findings whose policy is not among a report's policies.
enum EngineChecks {
    /// The description of the check behind `finding`: the engine's own, or, for a finding of a policy the
    /// report does not list (a report put together by hand), what the finding itself tells.
    static func info(for finding: Finding) -> PolicyInfo {
        if let check = finding.engineFinding { return check.info }
        return PolicyInfo(
            name: finding.policy, category: finding.category ?? "sealgate", severity: finding.severity,
            description: "Findings of \(finding.policy).", remediation: "", source: "sealgate")
    }
}

/// Paths as CI services expect them.
enum ReportPath {
    /// A path relative to the repository the way GitHub matches it to a file: forward slashes, no leading `./`.
    static func normalized(_ path: String) -> String {
        var trimmed = Substring(String(path.map { $0 == "\\" ? "/" : $0 }))
        while trimmed.hasPrefix("./") {
            trimmed = trimmed.dropFirst(2)
            while trimmed.hasPrefix("/") { trimmed = trimmed.dropFirst() }
        }
        // `./` alone names the directory itself; keep what the user wrote rather than an empty path.
        return trimmed.isEmpty ? path : String(trimmed)
    }
}
