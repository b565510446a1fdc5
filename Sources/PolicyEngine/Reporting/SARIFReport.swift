// sealgate · PolicyEngine

import KubeManifest

/// SARIF 2.1.0 for GitHub code scanning: one run whose driver lists every policy as a rule (with its
/// description and remediation as help), and one result per finding with its physical location relative
/// to the repository (`%SRCROOT%`). Waived findings carry a suppression: `inSource` for annotations,
/// `external` for PolicyExceptions.
enum SARIFReport {
    static let schema = "https://json.schemastore.org/sarif-2.1.0.json"

    static func render(_ report: CheckReport, toolVersion: String) -> String {
        let rules = report.rules
        var ruleIndex: [String: Int] = [:]
        for (index, rule) in rules.enumerated() { ruleIndex[rule.name] = index }
        let ruleValues: [Value] = rules.map { rule in
            let help = rule.remediation.isEmpty ? rule.description : rule.remediation
            return .object([
                ("id", .string(rule.name)),
                ("name", .string(ruleName(rule.name))),
                ("shortDescription", .object([("text", .string(rule.description.isEmpty ? rule.name : rule.description))])),
                ("fullDescription", .object([("text", .string(rule.description.isEmpty ? rule.name : rule.description))])),
                ("help", .object([
                    ("text", .string(help)),
                    ("markdown", .string("**\(rule.description)**\n\n\(rule.remediation)\n\nPolicy `\(rule.name)` (\(rule.category)), from \(rule.source).")),
                ])),
                ("defaultConfiguration", .object([("level", .string(level(rule.severity)))])),
                ("properties", .object([("category", .string(rule.category)), ("tags", .array([.string(rule.category), .string("kubernetes")]))])),
            ])
        }
        let results: [Value] = report.findings.map { finding in
            var region: [(String, Value)] = []
            if finding.line > 0 { region.append(("startLine", .int(finding.line))) }
            if finding.column > 0 { region.append(("startColumn", .int(finding.column))) }
            var location: [(String, Value)] = [("artifactLocation", .object([("uri", .string(uri(finding.file))), ("uriBaseId", .string("%SRCROOT%"))]))]
            if !region.isEmpty { location.append(("region", .object(region))) }
            var fields: [(String, Value)] = [
                ("ruleId", .string(finding.policy)),
                ("ruleIndex", .int(ruleIndex[finding.policy] ?? 0)),
                ("level", .string(level(finding.severity))),
                ("message", .object([("text", .string(finding.message))])),
                ("locations", .array([.object([("physicalLocation", .object(location))])])),
                ("partialFingerprints", .object([("sealgate/v1", .string(fingerprint(finding)))])),
            ]
            if let waiver = finding.waiver {
                fields.append(("suppressions", .array([.object([
                    ("kind", .string(waiver.source.hasPrefix("annotation") ? "inSource" : "external")),
                    ("justification", .string(waiver.reason)),
                ])])))
            }
            return .object(fields)
        }
        let document = Value.object([
            ("$schema", .string(schema)),
            ("version", .string("2.1.0")),
            ("runs", .array([.object([
                ("tool", .object([("driver", .object([
                    ("name", .string("sealgate")),
                    ("version", .string(toolVersion)),
                    ("semanticVersion", .string(toolVersion)),
                    ("informationUri", .string("https://github.com/sealgate/sealgate")),
                    ("rules", .array(ruleValues)),
                ]))])),
                ("results", .array(results)),
                ("columnKind", .string("unicodeCodePoints")),
            ])])),
        ])
        return (try? JSONEmitter.emit(Node(document))) ?? "{}\n"
    }

    private static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .info: "note"
        }
    }

    /// `images-no-latest-tag` → `ImagesNoLatestTag`, SARIF's suggested form for a rule's name.
    private static func ruleName(_ id: String) -> String {
        id.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// A relative URI reference for a path: forward slashes, with characters outside RFC 3986's
    /// unreserved set and `/` percent-encoded.
    static func uri(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: "\\"):
                out += "/"
            default:
                let digits = Array("0123456789ABCDEF")
                out += "%" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0xF)])
            }
        }
        while out.hasPrefix("./") { out.removeFirst(2) }
        return out
    }

    /// A stable identity for an alert across runs: the policy, the object and the message, not the line.
    private static func fingerprint(_ finding: Finding) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in "\(finding.policy)|\(finding.object?.description ?? finding.file)|\(finding.message)".utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3
        }
        return String(hash, radix: 16)
    }
}
