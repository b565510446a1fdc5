// sealgate · SecretAudit

internal import Diagnostics
internal import GitChanges
internal import GoFormats
internal import KubeManifest
internal import PolicyEngine

/// The formats `sealgate audit -o` writes.
public enum AuditFormat: String, CaseIterable, Sendable {
    /// For people: each hit as `path:line:col: severity: message [policy]` with a line saying where it was
    /// committed and whether `HEAD` still has it, then a summary line.
    case text
    /// One JSON document with a stable, versioned schema (see ``AuditReporter``).
    case json
}

/// Writes an ``AuditReport``. Nothing it writes holds a secret value: messages name keys and objects,
/// never values.
///
/// The text format lists the hits that count, oldest commit first, each followed by its provenance:
///
/// ```
/// apps/db.yaml:4:1: error: Secret db holds 1 value (password) in plain text; … [secrets-no-plaintext]
///   commit 1a2b3c4d5e6f (2025-03-01), blob 9f8e7d6c5b4a: not at HEAD
///
/// history of HEAD: 12 commits, 9 blobs read; 1 found (0 still at HEAD, 1 only in history)
/// ```
///
/// then the acknowledged hits with their reasons; with `verbose` also the waived hits, the blobs that
/// could not be read, and acknowledgements that matched nothing.
///
/// The JSON schema, version 1 (every key always present, `null` where a value is absent; version 1 only
/// ever gains members):
///
/// ```
/// {
///   "version": 1,
///   "scope": "history of HEAD",                 // or "history of --all", "history of A..B", "the index"
///   "summary": {"commits": 12, "blobsRead": 9, "found": 1, "stillAtHead": 0, "acknowledged": 0, "waived": 0, "unread": 0},
///   "shallowBoundary": [],                      // boundary commits reached (--shallow-ok)
///   "findings": [{
///     "policy": "secrets-no-plaintext", "category": "secrets", "severity": "error", "message": "…",
///     "object": {"apiVersion": "v1", "kind": "Secret", "namespace": "shop", "name": "db"},
///     "file": "apps/db.yaml", "line": 4, "column": 1, "fieldPath": null,
///     "blob": "9f8e7d6c…",                      // 40 hex digits
///     "commit": {"id": "1a2b3c4d…", "authorDate": "2025-03-01T10:00:00+01:00", "summary": "add db"},  // null when staged
///     "atHead": {"state": "gone", "path": null, "line": null},  // state: same-blob | same-finding | gone; null when staged
///     "acknowledged": null,                     // {"reason": "…", "line": 3} when the file covers it
///     "waived": null                            // {"reason": "…", "source": "annotation …"}
///   }],
///   "unread": [{"blob": "…", "path": "…", "commit": "…", "reason": "…"}],
///   "unusedAcknowledgements": [{"blob": "9f8e7d6c5b4a", "policy": "…", "line": 3}],
///   "rules": [{"name": "…", "category": "…", "severity": "…", "description": "…", "remediation": "…", "source": "…"}]
/// }
/// ```
public enum AuditReporter {
    /// The report in `format`, ending in a newline.
    ///
    /// - Parameters:
    ///   - report: what the audit found.
    ///   - format: the format to write.
    ///   - verbose: the text format also lists waived hits, unread blobs and unused acknowledgements.
    public static func render(_ report: AuditReport, as format: AuditFormat, verbose: Bool = false) -> String {
        switch format {
        case .text: text(report, verbose: verbose)
        case .json: json(report)
        }
    }

    /// The summary line: what was audited, how much was read, what was found.
    public static func summary(_ report: AuditReport) -> String {
        let counting = report.hits.filter(\.counts)
        var text = "\(report.scope): "
        if case .history = report.scope { text += "\(TerminalText.counted(report.commitCount, "commit")), " }
        text += "\(TerminalText.counted(report.blobsRead, "blob")) read; "
        if counting.isEmpty {
            text += "nothing found"
        } else {
            text += "\(counting.count) found"
            if case .history = report.scope {
                let present = counting.filter { $0.atHead?.isPresent == true }.count
                text += " (\(present) still at HEAD, \(counting.count - present) only in history)"
            }
        }
        let acknowledged = report.hits.filter { $0.acknowledgement != nil }.count
        if acknowledged > 0 { text += ", \(acknowledged) acknowledged" }
        let waived = report.hits.filter { $0.acknowledgement == nil && $0.finding.waiver != nil }.count
        if waived > 0 { text += ", \(waived) waived" }
        if !report.unread.isEmpty { text += "; \(TerminalText.counted(report.unread.count, "blob")) could not be read" }
        if !report.shallowBoundary.isEmpty {
            text += "; shallow: history stops at " + report.shallowBoundary.map { $0.abbreviated() }.joined(separator: ", ")
        }
        return text
    }

    // MARK: - Text

    private static func text(_ report: AuditReport, verbose: Bool) -> String {
        var out = ""
        for hit in report.hits where hit.counts { out += entry(hit) }
        let acknowledged = report.hits.filter { $0.acknowledgement != nil }
        if !acknowledged.isEmpty {
            out += (out.isEmpty ? "" : "\n") + "acknowledged\n"
            for hit in acknowledged {
                out += entry(hit, indent: "  ")
                out += "    acknowledged: \(TerminalText.oneLine(hit.acknowledgement?.reason ?? ""))\n"
            }
        }
        let waived = report.hits.filter { $0.acknowledgement == nil && $0.finding.waiver != nil }
        if verbose, !waived.isEmpty {
            out += (out.isEmpty ? "" : "\n") + "waived\n"
            for hit in waived {
                out += entry(hit, indent: "  ")
                if let waiver = hit.finding.waiver {
                    out += "    waived by \(TerminalText.oneLine(waiver.source)): \(TerminalText.oneLine(waiver.reason))\n"
                }
            }
        }
        if verbose, !report.unread.isEmpty {
            out += (out.isEmpty ? "" : "\n") + "not read\n"
            for blob in report.unread {
                let commit = blob.commit.map { "commit \($0.id.abbreviated()), " } ?? ""
                out +=
                    "  \(TerminalText.oneLine(blob.path)) (\(commit)blob \(blob.blob.abbreviated())): \(TerminalText.oneLine(blob.reason))\n"
            }
        }
        if verbose, !report.unusedAcknowledgements.isEmpty {
            out += (out.isEmpty ? "" : "\n") + "acknowledgements that match nothing\n"
            for entry in report.unusedAcknowledgements {
                out += "  \(entry.location): blob \(entry.blob), \(TerminalText.oneLine(entry.policy))\n"
            }
        }
        return out + (out.isEmpty ? "" : "\n") + summary(report) + "\n"
    }

    /// `path:line:col: severity: message [policy]`, then where it was committed and whether HEAD has it.
    private static func entry(_ hit: AuditHit, indent: String = "") -> String {
        let finding = hit.finding
        let place = TerminalText.oneLine(finding.location.description)
        var out =
            "\(indent)\(place): \(finding.severity): \(TerminalText.oneLine(finding.message)) [\(TerminalText.oneLine(finding.policy))]\n"
        let origin = hit.commit.map { "commit \($0.id.abbreviated()) (\(date(of: $0).prefix(10)))" } ?? "staged"
        out += "\(indent)  \(origin), blob \(hit.blob.abbreviated())"
        switch hit.atHead {
        case nil: break
        case let .sameBlob(path)?: out += ": still at HEAD (\(TerminalText.oneLine(path)))"
        case let .sameFinding(path, line)?: out += ": still at HEAD in another version (\(TerminalText.oneLine(path)):\(line))"
        case .gone?: out += ": not at HEAD"
        }
        return out + "\n"
    }

    // MARK: - JSON

    private static func json(_ report: AuditReport) -> String {
        let counting = report.hits.filter(\.counts)
        let summary = Value.object([
            ("commits", .int(report.commitCount)),
            ("blobsRead", .int(report.blobsRead)),
            ("found", .int(counting.count)),
            ("stillAtHead", .int(counting.filter { $0.atHead?.isPresent == true }.count)),
            ("acknowledged", .int(report.hits.filter { $0.acknowledgement != nil }.count)),
            ("waived", .int(report.hits.filter { $0.acknowledgement == nil && $0.finding.waiver != nil }.count)),
            ("unread", .int(report.unread.count)),
        ])
        let document = Value.object([
            ("version", .int(1)),
            ("scope", .string(report.scope.description)),
            ("summary", summary),
            ("shallowBoundary", .array(report.shallowBoundary.map { .string($0.description) })),
            ("findings", .array(report.hits.map(hit))),
            (
                "unread",
                .array(
                    report.unread.map { blob in
                        .object([
                            ("blob", .string(blob.blob.description)), ("path", .string(blob.path)),
                            ("commit", .string(blob.commit?.id.description)), ("reason", .string(blob.reason)),
                        ])
                    })
            ),
            (
                "unusedAcknowledgements",
                .array(
                    report.unusedAcknowledgements.map { entry in
                        .object([("blob", .string(entry.blob)), ("policy", .string(entry.policy)), ("line", .int(entry.location.line))])
                    })
            ),
            (
                "rules",
                .array(
                    report.rules.map { rule in
                        .object([
                            ("name", .string(rule.name)), ("category", .string(rule.category)),
                            ("severity", .string(rule.severity.rawValue)),
                            ("description", .string(rule.description)), ("remediation", .string(rule.remediation)),
                            ("source", .string(rule.source)),
                        ])
                    })
            ),
        ])
        // The tree holds no doubles, so there is no NaN or infinity for the emitter to refuse.
        return (try? JSONEmitter.emit(Node(document))) ?? "{\"version\": 1}\n"
    }

    private static func hit(_ hit: AuditHit) -> Value {
        let finding = hit.finding
        let atHead: Value =
            hit.atHead.map { presence in
                switch presence {
                case let .sameBlob(path): .object([("state", .string("same-blob")), ("path", .string(path)), ("line", .null)])
                case let .sameFinding(path, line):
                    .object([("state", .string("same-finding")), ("path", .string(path)), ("line", .int(line))])
                case .gone: .object([("state", .string("gone")), ("path", .null), ("line", .null)])
                }
            } ?? .null
        return .object([
            ("policy", .string(finding.policy)),
            ("category", .string(finding.category)),
            ("severity", .string(finding.severity.rawValue)),
            ("message", .string(finding.message)),
            (
                "object",
                finding.object.map { object in
                    .object([
                        ("apiVersion", .string(object.apiVersion)), ("kind", .string(object.kind)),
                        ("namespace", .string(object.namespace)), ("name", .string(object.name)),
                    ])
                } ?? .null
            ),
            ("file", .string(finding.location.file.path)),
            ("line", .int(finding.location.line)),
            ("column", .int(finding.location.column)),
            ("fieldPath", .string(finding.fieldPath)),
            ("blob", .string(hit.blob.description)),
            (
                "commit",
                hit.commit.map { commit in
                    .object([
                        ("id", .string(commit.id.description)), ("authorDate", .string(date(of: commit))),
                        ("summary", .string(commit.summary)),
                    ])
                } ?? .null
            ),
            ("atHead", atHead),
            (
                "acknowledged",
                hit.acknowledgement.map { .object([("reason", .string($0.reason)), ("line", .int($0.location.line))]) } ?? .null
            ),
            ("waived", finding.waiver.map { .object([("reason", .string($0.reason)), ("source", .string($0.source))]) } ?? .null),
        ])
    }

    // MARK: - Helpers

    /// The author date in RFC 3339 with the author's offset: `2025-03-01T10:00:00+01:00`.
    static func date(of commit: GitHistoryCommit) -> String {
        let offset = commit.authorOffsetMinutes
        let civil = CivilTime(localSeconds: commit.authorTime + Int64(offset) * 60)
        func two(_ number: Int64) -> String { number < 10 ? "0\(number)" : "\(number)" }
        let year =
            String(civil.year).count < 4
            ? String(repeating: "0", count: 4 - String(civil.year).count) + String(civil.year) : String(civil.year)
        let zone = offset == 0 ? "Z" : (offset < 0 ? "-" : "+") + two(Int64(abs(offset) / 60)) + ":" + two(Int64(abs(offset) % 60))
        return "\(year)-\(two(civil.month))-\(two(civil.day))T\(two(civil.hour)):\(two(civil.minute)):\(two(civil.second))\(zone)"
    }

}
