// sealgate · PolicyEngine

/// JUnit XML as Jenkins and GitLab render it: one `<testsuite>` per policy that ran (and per engine
/// check that found something), one `<testcase>` per object the policy has active findings on, named
/// `Kind namespace/name` (or the file), with one `<failure>` per finding: `message` is the finding's
/// message, `type` its severity, and the text `path:line:col`. A policy without findings is a suite of one
/// passing case, so dashboards count it.
enum JUnitReport {
    static func render(_ report: CheckReport) -> String {
        var suites = ""
        var totalTests = 0, totalFailures = 0
        for rule in report.rules {
            let findings = report.activeFindings.filter { $0.policy == rule.name }
            var cases: [(name: String, findings: [Finding])] = []
            for finding in findings {
                let name = finding.object?.description ?? finding.file
                if let index = cases.firstIndex(where: { $0.name == name }) {
                    cases[index].findings.append(finding)
                } else {
                    cases.append((name, [finding]))
                }
            }
            let tests = max(cases.count, 1)
            totalTests += tests
            totalFailures += cases.count
            suites += "  <testsuite name=\"\(escape(rule.name))\" tests=\"\(tests)\" failures=\"\(cases.count)\" errors=\"0\" skipped=\"0\">\n"
            if cases.isEmpty {
                suites += "    <testcase name=\"\(escape(rule.name))\" classname=\"\(escape(rule.category))\"/>\n"
            }
            for testCase in cases {
                suites += "    <testcase name=\"\(escape(testCase.name))\" classname=\"\(escape(rule.category)).\(escape(rule.name))\">\n"
                for finding in testCase.findings {
                    let place = finding.line > 0 ? "\(finding.file):\(finding.line):\(finding.column)" : finding.file
                    suites += "      <failure message=\"\(escape(finding.message))\" type=\"\(finding.severity.rawValue)\">\(escape(place)): \(escape(finding.message))</failure>\n"
                }
                suites += "    </testcase>\n"
            }
            suites += "  </testsuite>\n"
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<testsuites name=\"sealgate check\" tests=\"\(totalTests)\" failures=\"\(totalFailures)\" errors=\"0\">\n"
            + suites + "</testsuites>\n"
    }

    /// Text for an XML attribute or element: markup characters escaped, and characters XML 1.0 forbids
    /// replaced with U+FFFD.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n": out += "&#10;"
            case "\r": out += "&#13;"
            case "\t": out += "&#9;"
            default:
                let v = scalar.value
                let allowed = (0x20...0xD7FF).contains(v) || (0xE000...0xFFFD).contains(v) || (0x10000...0x10FFFF).contains(v)
                out.unicodeScalars.append(allowed ? scalar : "\u{FFFD}")
            }
        }
        return out
    }
}
