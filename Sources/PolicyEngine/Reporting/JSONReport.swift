// sealgate · PolicyEngine

import KubeManifest

/// The JSON format, version 1:
///
/// ```
/// {
///   "version": 1,
///   "summary": {"errors": n, "warnings": n, "info": n, "waived": n, "objects": n, "files": n, "policies": n},
///   "findings": [{"policy", "category", "severity", "message",
///                 "object": {"apiVersion", "kind", "namespace", "name"} | null,
///                 "file", "line", "column", "fieldPath" | null,
///                 "waived": {"reason", "source"} | null}],
///   "policies": [{"name", "category", "severity", "description", "remediation", "source"}]
/// }
/// ```
///
/// Findings are ordered by file, line, column and policy; `line` and `column` are 1-based, 0 when unknown.
/// Fields are only ever added to version 1, never renamed or removed.
enum JSONReport {
    static func render(_ report: CheckReport) -> String {
        let counts = report.counts
        let findings: [Value] = report.findings.map { finding in
            .object([
                ("policy", .string(finding.policy)),
                ("category", .string(finding.category)),
                ("severity", .string(finding.severity.rawValue)),
                ("message", .string(finding.message)),
                ("object", finding.object.map { object in
                    .object([
                        ("apiVersion", .string(object.apiVersion)), ("kind", .string(object.kind)),
                        ("namespace", .string(object.namespace)), ("name", .string(object.name)),
                    ])
                } ?? .null),
                ("file", .string(finding.file)),
                ("line", .int(finding.line)),
                ("column", .int(finding.column)),
                ("fieldPath", .string(finding.fieldPath)),
                ("waived", finding.waiver.map { .object([("reason", .string($0.reason)), ("source", .string($0.source))]) } ?? .null),
            ])
        }
        let policies: [Value] = report.policies.map { policy in
            .object([
                ("name", .string(policy.name)), ("category", .string(policy.category)),
                ("severity", .string(policy.severity.rawValue)), ("description", .string(policy.description)),
                ("remediation", .string(policy.remediation)), ("source", .string(policy.source)),
            ])
        }
        let document = Value.object([
            ("version", .int(1)),
            ("summary", .object([
                ("errors", .int(counts[.error, default: 0])), ("warnings", .int(counts[.warning, default: 0])),
                ("info", .int(counts[.info, default: 0])), ("waived", .int(report.findings.count - report.activeFindings.count)),
                ("objects", .int(report.objectCount)), ("files", .int(report.fileCount)), ("policies", .int(report.policies.count)),
            ])),
            ("findings", .array(findings)),
            ("policies", .array(policies)),
        ])
        return (try? JSONEmitter.emit(Node(document))) ?? "{}\n"
    }
}
