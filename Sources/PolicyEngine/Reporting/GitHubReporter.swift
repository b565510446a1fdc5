// sealgate · PolicyEngine

/// GitHub Actions workflow commands: one line per finding that counts, which the runner turns into an
/// annotation on the file (and on the pull request's diff when the file is in it):
///
/// ```
/// ::error file=apps/web.yaml,line=12,col=9,title=images-no-latest-tag::container 'app' uses the image tag 'latest'
/// ```
///
/// Errors are `::error`, warnings `::warning`, info `::notice`. `line` and `col` are left out where the
/// position is unknown; the file is normalised as GitHub matches paths (forward slashes, no leading
/// `./`). Escaping follows the runner's rules: in the message `%`, CR and LF become `%25`, `%0D` and
/// `%0A` (so a message can neither end the command early nor start another); in property values `:` and
/// `,` also become `%3A` and `%2C`. Other control characters, which the log viewer would act on, become
/// U+FFFD and a tab a space, as in the text format. Waived findings are not annotated, and nothing else is written: the
/// CLI prints the summary to standard error. For a change (`--base`), only what the change brought is
/// annotated (new and updated findings), since that is what its pull request can fix.
enum GitHubReporter {
    static func render(_ report: CheckReport) -> String {
        var out = ""
        for finding in report.findings
        where finding.waiver == nil && (finding.state == nil || finding.state == .new || finding.state == .updated) {
            let command =
                switch finding.severity {
                case .error: "error"
                case .warning: "warning"
                case .info: "notice"
                }
            let location = finding.location
            var properties = ["file=" + property(ReportPath.normalized(location.file.path))]
            if location.line > 0 {
                properties.append("line=\(location.line)")
                if location.column > 0 { properties.append("col=\(location.column)") }
            }
            properties.append("title=" + property(finding.policy))
            out += "::\(command) \(properties.joined(separator: ","))::\(data(finding.message))\n"
        }
        return out
    }

    /// A command's data (the message): `%`, CR and LF percent-encoded.
    static func data(_ value: String) -> String {
        escape(value, alsoSeparators: false)
    }

    /// A command's property value: as ``data(_:)``, and `:` and `,`, which separate properties, too.
    static func property(_ value: String) -> String {
        escape(value, alsoSeparators: true)
    }

    private static func escape(_ value: String, alsoSeparators: Bool) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(value.unicodeScalars.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            case ":" where alsoSeparators: out += "%3A"
            case "," where alsoSeparators: out += "%2C"
            case "\t": out += " "
            // No escape sequence reaches the log, and no bidirectional override reorders the annotation.
            case "\u{0}"..."\u{1F}", "\u{7F}"..."\u{9F}", "\u{202A}"..."\u{202E}", "\u{2066}"..."\u{2069}": out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
