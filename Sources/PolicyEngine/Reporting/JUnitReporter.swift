// sealgate · PolicyEngine

/// JUnit XML, for the test-report views of Jenkins (the JUnit plugin) and GitLab (`artifacts:reports:junit`).
///
/// The mapping:
///
/// - `<testsuites name="sealgate check">` holds the totals.
/// - One `<testsuite>` per policy that ran, named after it, in the order the policies were loaded, then
///   one per engine check that found something (`parse-error`, waiver and exception checks). Its
///   `<properties>` give the policy's category, severity and source.
/// - One `<testcase>` per object the policy has findings on, named `Kind namespace/name` (a finding not
///   about an object is named after its file; when one name would appear twice in a suite, both get
///   ` in <file>`), with `file` set to the manifest's path (without a leading `./`). Its `classname` is
///   `<category>.<policy>`: Jenkins shows the category as the package and the policy as the class,
///   GitLab shows it as the suite. GitLab keys cases by classname and name, so each pair appears once.
/// - A case with findings that count holds one `<failure>`: `message` is the findings' messages, `type`
///   the highest severity among them (`error`, `warning` or `info`), and the text one
///   `path:line:col: severity: message [policy]` line per finding, then the policy's remediation.
///   (Jenkins shows the message as the error message and the text as the stack trace; GitLab shows the
///   text.)
/// - A case whose findings are all waived is `<skipped>`, with the waivers' sources and reasons; so is, for a
///   change checked with `--new-only`, a case whose findings were all already there before it.
/// - A policy without findings is a suite with one passing case, `no findings`, so it is counted as a
///   passed test.
///
/// No test takes time, so every `time` is `0`. All text is escaped for XML 1.0; characters XML 1.0
/// cannot hold at all (most C0 controls, U+FFFE, U+FFFF) become U+FFFD.
enum JUnitReporter {
    /// The name of the passing case of a policy without findings.
    static let passingCaseName = "no findings"

    /// The findings of one policy on one object (or, for findings without one, in one file).
    private struct TestCase {
        var name: String
        var file: String
        var findings: [Finding]
        /// The findings that count (``CheckReport/counts(_:)``).
        var active: [Finding] = []
    }

    private struct CaseKey: Hashable {
        var object: ObjectReference?
        var file: String
    }

    static func render(_ report: CheckReport) -> String {
        let byPolicy = Dictionary(grouping: report.findings, by: \.policy)
        var suites = ""
        var tests = 0, failures = 0, skipped = 0
        for rule in report.rules {
            let cases = testCases(byPolicy[rule.name] ?? [], counts: report.counts)
            let suiteFailures = cases.count(where: { !$0.active.isEmpty })
            let suiteSkipped = cases.count - suiteFailures
            let suiteTests = max(cases.count, 1)
            tests += suiteTests
            failures += suiteFailures
            skipped += suiteSkipped

            let classname = attribute("\(rule.category).\(rule.name)")
            suites +=
                "  <testsuite name=\"\(attribute(rule.name))\" tests=\"\(suiteTests)\" failures=\"\(suiteFailures)\""
                + " errors=\"0\" skipped=\"\(suiteSkipped)\" time=\"0\">\n"
            suites += "    <properties>\n"
            for (name, value) in [("category", rule.category), ("severity", rule.severity.rawValue), ("source", rule.source)] {
                suites += "      <property name=\"\(name)\" value=\"\(attribute(value))\"/>\n"
            }
            suites += "    </properties>\n"
            if cases.isEmpty {
                suites += "    <testcase name=\"\(passingCaseName)\" classname=\"\(classname)\" time=\"0\"/>\n"
            }
            for testCase in cases {
                suites +=
                    "    <testcase name=\"\(attribute(testCase.name))\" classname=\"\(classname)\""
                    + " file=\"\(attribute(ReportPath.normalized(testCase.file)))\" time=\"0\">\n"
                suites += "      " + outcome(testCase, remediation: rule.remediation) + "\n"
                suites += "    </testcase>\n"
            }
            suites += "  </testsuite>\n"
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<testsuites name=\"sealgate check\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"0\" skipped=\"\(skipped)\" time=\"0\">\n"
            + suites
            + "</testsuites>\n"
    }

    /// One policy's findings as cases, in the order of each case's first finding.
    private static func testCases(_ findings: [Finding], counts: (Finding) -> Bool) -> [TestCase] {
        var cases: [TestCase] = []
        var index: [CaseKey: Int] = [:]
        for finding in findings {
            let file = finding.location.file.path
            let key = CaseKey(object: finding.object, file: file)
            if let existing = index[key] {
                cases[existing].findings.append(finding)
            } else {
                index[key] = cases.count
                cases.append(TestCase(name: finding.object?.description ?? file, file: file, findings: [finding]))
            }
        }
        // The same object can appear in two files (a base and an overlay); GitLab would keep only one.
        let names = Dictionary(grouping: cases.indices, by: { cases[$0].name })
        for (_, indices) in names where indices.count > 1 {
            for i in indices { cases[i].name += " in \(cases[i].file)" }
        }
        for i in cases.indices { cases[i].active = cases[i].findings.filter(counts) }
        return cases
    }

    /// The `<failure>` or `<skipped>` element of a case.
    private static func outcome(_ testCase: TestCase, remediation: String) -> String {
        let active = testCase.active
        guard let worst = active.map(\.severity).max() else {
            var reasons: [String] = []
            for finding in testCase.findings {
                if let waiver = finding.waiver, !reasons.contains("\(waiver.source): \(waiver.reason)") {
                    reasons.append("\(waiver.source): \(waiver.reason)")
                }
            }
            // With --new-only, what was there before the change is reported but does not fail.
            let reason = reasons.isEmpty ? "already there before this change" : "waived by " + reasons.joined(separator: "; ")
            return "<skipped message=\"\(attribute(reason))\">\(text(reason))</skipped>"
        }
        var messages: [String] = []
        for finding in active where !messages.contains(finding.message) { messages.append(finding.message) }
        var body = testCase.findings.map { finding in
            var line = "\(finding.location): \(finding.severity.rawValue): \(finding.message) [\(finding.policy)]"
            if let waiver = finding.waiver { line += " (waived by \(waiver.source): \(waiver.reason))" }
            return line
        }.joined(separator: "\n")
        if !remediation.allSatisfy(\.isWhitespace) { body += "\nremediation: \(remediation)" }
        return "<failure message=\"\(attribute(messages.joined(separator: "\n")))\" type=\"\(worst.rawValue)\">\(text(body))</failure>"
    }

    // MARK: - Escaping

    /// Text for a double-quoted attribute value. Line breaks and tabs become character references, which
    /// attribute-value normalisation would otherwise turn into spaces; `'` needs no escaping inside `"…"`.
    static func attribute(_ value: String) -> String {
        escape(value) { scalar in
            switch scalar {
            case "\"": "&quot;"
            case "\n": "&#10;"
            case "\r": "&#13;"
            case "\t": "&#9;"
            default: nil
            }
        }
    }

    /// Text for element content. A carriage return becomes a reference, which line-end normalisation would
    /// otherwise drop.
    static func text(_ value: String) -> String {
        escape(value) { $0 == "\r" ? "&#13;" : nil }
    }

    /// Escapes `&`, `<` and `>`, lets `extra` escape more, and replaces what XML 1.0 cannot hold with U+FFFD.
    private static func escape(_ value: String, extra: (Unicode.Scalar) -> String?) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(value.unicodeScalars.count)
        for scalar in value.unicodeScalars {
            if let replacement = extra(scalar) {
                out += replacement
                continue
            }
            switch scalar.value {
            case 0x26: out += "&amp;"
            case 0x3C: out += "&lt;"
            case 0x3E: out += "&gt;"
            case 0x09, 0x0A, 0x0D, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: out.unicodeScalars.append(scalar)
            default: out.unicodeScalars.append("\u{FFFD}")
            }
        }
        return out
    }
}
