// sealgate · SecretAudit tests

import Diagnostics
import Foundation
import GitChanges
import PolicyEngine
import Testing
@testable import SecretAudit

/// How an audit report is written: the provenance of each hit, the summary, the JSON schema.
struct AuditReporterTests {
    private static let blob = GitObjectID(hex: "9f8e7d6c5b4a3928170615243342516071829304")!
    private static let commit = GitHistoryCommit(
        id: GitObjectID(hex: "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b")!, parents: [], authorTime: 1_740_819_600,
        authorOffsetMinutes: 60, summary: "add the database")

    private static func report(atHead: HeadPresence?, waived: Bool = false) -> AuditReport {
        var finding = Finding(
            policy: "secrets-no-plaintext", category: "secrets", severity: .error,
            message: "Secret db holds 1 value (password) in plain text",
            object: ObjectReference(apiVersion: "v1", kind: "Secret", namespace: "shop", name: "db"),
            at: SourceLocation(path: "apps/db.yaml", line: 4, column: 1))
        if waived { finding.waiver = Waiver(reason: "a test fixture", source: "annotation ignore.sealgate.dev/secrets-no-plaintext") }
        return AuditReport(
            scope: .history(.revisions("HEAD")), hits: [AuditHit(finding: finding, blob: blob, commit: commit, atHead: atHead)],
            rules: [], commitCount: 12, blobsRead: 9, unread: [], shallowBoundary: [])
    }

    @Test("the author date keeps the author's offset")
    func date() {
        #expect(AuditReporter.date(of: Self.commit) == "2025-03-01T10:00:00+01:00")
        let west = GitHistoryCommit(id: Self.commit.id, parents: [], authorTime: 0, authorOffsetMinutes: -270, summary: "")
        #expect(AuditReporter.date(of: west) == "1969-12-31T19:30:00-04:30")
    }

    @Test("text: the hit, where it was committed, whether HEAD has it, and the summary")
    func text() {
        #expect(
            AuditReporter.render(Self.report(atHead: .gone), as: .text) == """
                apps/db.yaml:4:1: error: Secret db holds 1 value (password) in plain text [secrets-no-plaintext]
                  commit 1a2b3c4d5e6f (2025-03-01), blob 9f8e7d6c5b4a: not at HEAD

                history of HEAD: 12 commits, 9 blobs read; 1 found (0 still at HEAD, 1 only in history)

                """)
        #expect(
            AuditReporter.render(Self.report(atHead: .sameBlob(path: "apps/db.yaml")), as: .text).contains(
                ": still at HEAD (apps/db.yaml)\n"))
        #expect(
            AuditReporter.render(Self.report(atHead: .sameFinding(path: "db.yaml", line: 7)), as: .text)
                .contains(": still at HEAD in another version (db.yaml:7)\n"))
    }

    @Test("a waived hit does not count, and is listed only when verbose")
    func waived() {
        let report = Self.report(atHead: .gone, waived: true)
        #expect(!report.fails)
        #expect(AuditReporter.render(report, as: .text) == "history of HEAD: 12 commits, 9 blobs read; nothing found, 1 waived\n")
        #expect(
            AuditReporter.render(report, as: .text, verbose: true).contains(
                "waived\n  apps/db.yaml:4:1: error: Secret db holds 1 value (password) in plain text [secrets-no-plaintext]\n"))
    }

    @Test("JSON: every member present, commit and HEAD state per finding")
    func json() throws {
        let text = AuditReporter.render(Self.report(atHead: .sameFinding(path: "db.yaml", line: 7)), as: .json)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(
            document.keys.sorted() == [
                "findings", "rules", "scope", "shallowBoundary", "summary", "unread", "unusedAcknowledgements", "version",
            ])
        let summary = try #require(document["summary"] as? [String: Int])
        #expect(summary == ["commits": 12, "blobsRead": 9, "found": 1, "stillAtHead": 1, "acknowledged": 0, "waived": 0, "unread": 0])
        let finding = try #require((document["findings"] as? [[String: Any]])?.first)
        #expect(finding["blob"] as? String == Self.blob.description)
        let commit = try #require(finding["commit"] as? [String: Any])
        #expect(commit["authorDate"] as? String == "2025-03-01T10:00:00+01:00" && commit["summary"] as? String == "add the database")
        let atHead = try #require(finding["atHead"] as? [String: Any])
        #expect(atHead["state"] as? String == "same-finding" && atHead["line"] as? Int == 7)
        #expect(finding["acknowledged"] is NSNull && finding["waived"] is NSNull)
    }
}
