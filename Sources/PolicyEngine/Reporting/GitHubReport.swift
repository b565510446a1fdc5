// sealgate · PolicyEngine

/// GitHub Actions workflow commands, one per finding that counts: `::error file=PATH,line=L,col=C,title=POLICY::MESSAGE`
/// (`::warning` for warnings, `::notice` for info), which GitHub shows as annotations on the pull
/// request's diff. Waived findings are not annotated.
enum GitHubReport {
    static func render(_ report: CheckReport) -> String {
        var out = ""
        for finding in report.activeFindings {
            let command = switch finding.severity {
            case .error: "error"
            case .warning: "warning"
            case .info: "notice"
            }
            var properties = ["file=\(property(finding.file))"]
            if finding.line > 0 { properties.append("line=\(finding.line)") }
            if finding.column > 0 { properties.append("col=\(finding.column)") }
            properties.append("title=\(property(finding.policy))")
            out += "::\(command) \(properties.joined(separator: ","))::\(data(finding.message))\n"
        }
        return out
    }

    /// A command's message: `%`, CR and LF escaped.
    static func data(_ text: String) -> String {
        var out = ""
        for character in text.unicodeScalars {
            switch character {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// A property value: as data, plus `:` and `,`.
    static func property(_ text: String) -> String {
        data(text).replacingAll(":", with: "%3A").replacingAll(",", with: "%2C")
    }
}

extension String {
    fileprivate func replacingAll(_ character: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == character { out += replacement } else { out.append(c) } }
        return out
    }
}
