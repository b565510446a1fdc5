// sealgate · PolicyEngine

import KubeManifest

/// The JSON format: one pretty-printed document, for scripts and dashboards.
///
/// Schema, version 1:
///
/// ```
/// {
///   "version": 1,
///   "summary": {
///     "errors": 2, "warnings": 1, "info": 0,   // findings that count (not waived), by severity
///     "waived": 1,                             // findings a waiver covers
///     "objects": 12,                           // Kubernetes objects checked
///     "files": 3,                              // files read
///     "policies": 25                           // policies that ran
///   },                                         // (with --new-only, errors/warnings/info count only
///                                              // new and updated findings)
///   "change": {                                // null without --base
///     "base": "1a2b3c4…",                      // the base commit (the merge base unless --base-mode direct)
///     "head": "9f8e7d6…",                      // the head commit; null for the working tree or the index
///     "headName": "the working tree",          // "the working tree", "the index" or a short commit id
///     "newOnly": true,                         // whether only new and updated findings count
///     "new": 1, "updated": 0,                  // findings by what the change did to them
///     "unchanged": 4, "fixed": 1
///   },
///   "findings": [                              // every finding, waived ones included, ordered by
///     {                                        // file, line, column, policy and message
///       "policy": "images-no-latest-tag",      // the policy's name, or an engine check: parse-error, …
///       "category": "images",                  // string or null
///       "severity": "error",                   // "error" | "warning" | "info"
///       "message": "container 'app' uses the image tag 'latest'",
///       "object": {                            // null when the finding is not about one object
///         "apiVersion": "apps/v1", "kind": "Deployment",
///         "namespace": "shop",                 // null for cluster-scoped objects
///         "name": "web"                        // null when the object has none
///       },
///       "file": "apps/web.yaml",               // the path as given on the command line; "-" is stdin
///       "line": 12, "column": 9,               // 1-based; 0 when unknown
///       "fieldPath": "spec.template.spec.containers[0].image",   // string or null
///       "waived": {"reason": "…", "source": "annotation ignore.sealgate.dev/images-no-latest-tag"},
///                                              // null when the finding counts; source is
///                                              // "annotation <key>" or "PolicyException <name>"
///       "state": "new"                         // with --base: "new" | "updated" | "unchanged"; else null
///     }
///   ],
///   "fixed": [ … ],                            // with --base: the base's findings the change removed,
///                                              // as above with "state": "fixed" and the base's places

///   "policies": [                              // the policies that ran, in load order
///     {"name": "…", "category": "…", "severity": "error", "description": "…", "remediation": "…",
///      "source": "builtin:images/images-no-latest-tag.yaml"}
///   ]
/// }
/// ```
///
/// Every key is always present, with `null` where a value is absent, and members keep the order shown.
/// Version 1 only ever gains members; renaming or removing one, or changing a value's meaning, makes
/// version 2.
enum JSONReporter {
    static func render(_ report: CheckReport) -> String {
        let counts = report.severityCounts
        let summary = Value.object([
            ("errors", .int(counts.errors)),
            ("warnings", .int(counts.warnings)),
            ("info", .int(counts.info)),
            ("waived", .int(report.waivedCount)),
            ("objects", .int(report.objectCount)),
            ("files", .int(report.fileCount)),
            ("policies", .int(report.policies.count)),
        ])
        let changeValue: Value =
            report.change.map { change in
                .object([
                    ("base", .string(change.baseCommit)),
                    ("head", .string(change.headCommit)),
                    ("headName", .string(change.headName)),
                    ("newOnly", .bool(change.newOnly)),
                    ("new", .int(report.count(.new))),
                    ("updated", .int(report.count(.updated))),
                    ("unchanged", .int(report.count(.unchanged))),
                    ("fixed", .int(report.count(.fixed))),
                ])
            } ?? .null
        let document = Value.object([
            ("version", .int(1)),
            ("summary", summary),
            ("change", changeValue),
            ("findings", .array(report.findings.map(finding))),
            ("fixed", .array(report.fixed.map(finding))),
            ("policies", .array(report.policies.map(policy))),
        ])
        // The tree holds no doubles, so there is no NaN or infinity for the emitter to refuse.
        return (try? JSONEmitter.emit(Node(document))) ?? "{\"version\": 1}\n"
    }

    private static func finding(_ finding: Finding) -> Value {
        .object([
            ("policy", .string(finding.policy)),
            ("category", .string(finding.category)),
            ("severity", .string(finding.severity.rawValue)),
            ("message", .string(finding.message)),
            ("object", finding.object.map(object) ?? .null),
            ("file", .string(finding.location.file.path)),
            ("line", .int(finding.location.line)),
            ("column", .int(finding.location.column)),
            ("fieldPath", .string(finding.fieldPath)),
            ("waived", finding.waiver.map { .object([("reason", .string($0.reason)), ("source", .string($0.source))]) } ?? .null),
            ("state", .string(finding.state?.rawValue)),
        ])
    }

    private static func object(_ object: ObjectReference) -> Value {
        .object([
            ("apiVersion", .string(object.apiVersion)),
            ("kind", .string(object.kind)),
            ("namespace", .string(object.namespace)),
            ("name", .string(object.name)),
        ])
    }

    private static func policy(_ policy: PolicyInfo) -> Value {
        .object([
            ("name", .string(policy.name)),
            ("category", .string(policy.category)),
            ("severity", .string(policy.severity.rawValue)),
            ("description", .string(policy.description)),
            ("remediation", .string(policy.remediation)),
            ("source", .string(policy.source)),
            ("tags", .array(policy.tags.map { .string($0) })),
        ])
    }
}
