// sealgate · PolicyEngine

import KubeManifest

/// SARIF 2.1.0, written for GitHub code scanning (`github/codeql-action/upload-sarif`) and any other
/// SARIF viewer.
///
/// - One run. `tool.driver` names sealgate, its version and its rules: every policy that ran, then each
///   engine check that produced a finding (`parse-error`, waiver and exception checks), so every result
///   has a rule. A rule's `id` is the policy's name, which is what keeps an alert the same alert across
///   runs; `shortDescription` and `fullDescription` are the policy's description, `help` its remediation
///   (as text and as Markdown), `defaultConfiguration.level` its severity, and `properties` its category
///   and tags.
/// - One result per finding, waived ones included, with `ruleId`, `ruleIndex`, `level` (error, warning,
///   note for info) and the message. Its one location is the file relative to `%SRCROOT%` (the
///   directory the check ran in, which in CI is the repository's root), as a URI reference: forward
///   slashes, no leading `./`, and every byte outside RFC 3986's unreserved characters percent-encoded.
///   An absolute path becomes a `file://` URI without a base. The region has `startLine` and
///   `startColumn` (Unicode code points, as `columnKind` says) only where they are known, since SARIF
///   numbers them from 1; GitHub shows a finding without a line at the file's first line. The object, when
///   there is one, is a logical location of kind `resource`.
/// - `partialFingerprints["sealgate/v1"]` hashes the policy, the file, the object, the field path and the
///   message, but not the line, so an alert survives edits that move it. GitHub computes its own
///   `primaryLocationLineHash` beside it.
/// - A check of a change (`--base`) gives each result its `baselineState` (`new`, `updated`, `unchanged`;
///   the findings the change fixed are not results, so code scanning closes their alerts), a second
///   fingerprint, `partialFingerprints["sealgate/identity/v1"]`, from the finding's identity (policy, object,
///   field: no file, line or message, so it survives renames), and, when the repository has an `origin`,
///   the run's `versionControlProvenance` (its address and the head commit; for the working tree or the
///   index, the commit checked out under it).
/// - A waived finding carries a suppression with `status: accepted` and the waiver's reason as its
///   justification: `inSource` for an `ignore.sealgate.dev/…` annotation, `external` for a
///   PolicyException.
enum SARIFReporter {
    /// The OASIS schema of SARIF 2.1.0 (errata 01), the one SARIF validators expect logs to name.
    static let schemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    /// Where sealgate's rules are documented.
    static let informationURI = "https://github.com/sealgate/sealgate"
    /// The base every relative location is resolved against.
    static let sourceRoot = "%SRCROOT%"
    /// The key of sealgate's fingerprint among a result's partial fingerprints.
    static let fingerprintKey = "sealgate/v1"
    /// The key of the fingerprint from a finding's ``FindingIdentity``.
    static let identityFingerprintKey = "sealgate/identity/v1"

    static func render(_ report: CheckReport, toolVersion: String) -> String {
        let rules = report.rules
        var ruleIndex: [String: Int] = [:]
        for (index, rule) in rules.enumerated() { ruleIndex[rule.name] = index }

        let driver = Value.object([
            ("name", .string("sealgate")),
            ("version", .string(toolVersion)),
            ("informationUri", .string(informationURI)),
            ("rules", .array(rules.map(rule))),
        ])
        var provenance: [(String, Value)] = []
        if let change = report.change, let repository = change.repositoryURI {
            provenance.append(
                (
                    "versionControlProvenance",
                    .array([
                        .object([
                            ("repositoryUri", .string(repository)),
                            ("revisionId", .string(change.headCommit ?? change.checkedOutCommit ?? change.baseCommit)),
                        ])
                    ])
                ))
        }
        let run = Value.object(
            [
                ("tool", .object([("driver", driver)]))
            ] + provenance + [
                (
                    "originalUriBaseIds",
                    .object([
                        (
                            sourceRoot,
                            .object([
                                (
                                    "description",
                                    .object([("text", .string("The directory sealgate check ran in; in CI, the repository's root."))])
                                )
                            ])
                        )
                    ])
                ),
                ("columnKind", .string("unicodeCodePoints")),
                ("results", .array(report.findings.map { result($0, ruleIndex: ruleIndex[$0.policy] ?? -1) })),
            ])
        let document = Value.object([
            ("$schema", .string(schemaURI)),
            ("version", .string("2.1.0")),
            ("runs", .array([run])),
        ])
        // The tree holds no doubles, so there is no NaN or infinity for the emitter to refuse.
        return (try? JSONEmitter.emit(Node(document))) ?? "{\"version\": \"2.1.0\", \"runs\": []}\n"
    }

    // MARK: - Rules

    private static func rule(_ policy: PolicyInfo) -> Value {
        let description = nonEmpty(policy.description) ?? "Policy \(policy.name)."
        let remediation = nonEmpty(policy.remediation)
        let helpText = remediation ?? description
        var markdown = "**\(policy.name)** (\(policy.category)): \(description)"
        if let remediation { markdown += "\n\n**How to fix:** \(remediation)" }
        markdown += "\n\nPolicy source: `\(policy.source)`."
        return .object([
            ("id", .string(policy.name)),
            ("name", .string(pascalCase(policy.name))),
            ("shortDescription", .object([("text", .string(firstSentence(description)))])),
            ("fullDescription", .object([("text", .string(description))])),
            ("help", .object([("text", .string(helpText)), ("markdown", .string(markdown))])),
            ("defaultConfiguration", .object([("level", .string(level(policy.severity)))])),
            (
                "properties",
                .object([
                    ("category", .string(policy.category)),
                    ("tags", .array(([.string("kubernetes"), .string(policy.category)] as [Value]) + policy.tags.map { .string($0) })),
                ])
            ),
        ])
    }

    /// `images-no-latest-tag` → `ImagesNoLatestTag`: SARIF's suggested form of a rule's readable name.
    static func pascalCase(_ id: String) -> String {
        id.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
            .map { $0.prefix(1).uppercased() + $0.dropFirst() }
            .joined()
    }

    /// The description up to the end of its first sentence, for `shortDescription`.
    private static func firstSentence(_ text: String) -> String {
        guard let end = text.firstRange(of: ". ") else { return text }
        return String(text[..<end.lowerBound]) + "."
    }

    private static func nonEmpty(_ text: String) -> String? {
        text.allSatisfy(\.isWhitespace) ? nil : text
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .info: "note"
        }
    }

    // MARK: - Results

    private static func result(_ finding: Finding, ruleIndex: Int) -> Value {
        let place = finding.location
        var physical: [(String, Value)] = [("artifactLocation", artifactLocation(place.file.path))]
        if place.line > 0 {
            var region: [(String, Value)] = [("startLine", .int(place.line))]
            if place.column > 0 { region.append(("startColumn", .int(place.column))) }
            physical.append(("region", .object(region)))
        }
        var location: [(String, Value)] = [("physicalLocation", .object(physical))]
        if let object = finding.object {
            location.append(
                (
                    "logicalLocations",
                    .array([
                        .object([
                            ("name", .string(object.name ?? object.kind)),
                            ("fullyQualifiedName", .string(object.description)),
                            ("kind", .string("resource")),
                        ])
                    ])
                ))
        }

        // GitHub rejects a result whose message has no text.
        let message = nonEmpty(finding.message) ?? "The object violates \(finding.policy)."
        var fields: [(String, Value)] = [
            ("ruleId", .string(finding.policy)),
            ("ruleIndex", .int(ruleIndex)),
            ("level", .string(level(finding.severity))),
            ("message", .object([("text", .string(message))])),
            ("locations", .array([.object(location)])),
            (
                "partialFingerprints",
                .object(
                    [(fingerprintKey, .string(fingerprint(finding)))]
                        + (finding.state == nil
                            ? [] : [(identityFingerprintKey, .string(hash([FindingIdentity(finding, object: nil).description])))]))
            ),
        ]
        if let state = finding.state { fields.append(("baselineState", .string(state.rawValue))) }
        if let waiver = finding.waiver {
            fields.append(
                (
                    "suppressions",
                    .array([
                        .object([
                            ("kind", .string(waiver.source.hasPrefix("annotation") ? "inSource" : "external")),
                            ("status", .string("accepted")),
                            ("justification", .string(waiver.reason)),
                            ("properties", .object([("source", .string(waiver.source))])),
                        ])
                    ])
                ))
        }
        var properties: [(String, Value)] = []
        if let category = finding.category { properties.append(("category", .string(category))) }
        if let fieldPath = finding.fieldPath { properties.append(("fieldPath", .string(fieldPath))) }
        if !properties.isEmpty { fields.append(("properties", .object(properties))) }
        return .object(fields)
    }

    private static func artifactLocation(_ path: String) -> Value {
        let normalized = ReportPath.normalized(path)
        if normalized.hasPrefix("/") {
            // A relative reference starting with `/` would resolve against the host, not %SRCROOT%;
            // SARIF wants an absolute URI, and then no base.
            return .object([("uri", .string("file://" + percentEncoded(normalized)))])
        }
        return .object([("uri", .string(percentEncoded(normalized))), ("uriBaseId", .string(sourceRoot))])
    }

    /// The path as a URI path: `/` and RFC 3986's unreserved characters as they are, every other UTF-8 byte
    /// as `%XX`. That also encodes a `:` that would otherwise read as a scheme.
    static func percentEncoded(_ path: String) -> String {
        let hex = Array("0123456789ABCDEF".unicodeScalars)
        var out = ""
        out.unicodeScalars.reserveCapacity(path.utf8.count)
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out.unicodeScalars.append("%")
                out.unicodeScalars.append(hex[Int(byte >> 4)])
                out.unicodeScalars.append(hex[Int(byte & 0x0F)])
            }
        }
        return out
    }

    /// 64-bit FNV-1a over the finding's identity without its line, as 16 hex digits. The fields are joined
    /// with NULs, so that neighbouring fields cannot run together into the same text.
    static func fingerprint(_ finding: Finding) -> String {
        var identity = [finding.policy, ReportPath.normalized(finding.location.file.path)]
        if let object = finding.object {
            identity += [object.kind, object.namespace ?? "", object.name ?? ""]
        }
        identity += [finding.fieldPath ?? "", finding.message]
        return hash(identity)
    }

    /// 64-bit FNV-1a over `fields` joined with NULs, as 16 hex digits.
    static func hash(_ fields: [String]) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in fields.joined(separator: "\u{0}").utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
