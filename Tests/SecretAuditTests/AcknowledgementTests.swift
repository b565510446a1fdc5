// sealgate · SecretAudit tests

import Diagnostics
import GitChanges
import KubeManifest
import PolicyEngine
import Testing
@testable import SecretAudit

/// The acknowledgements file: its shape, its errors, and which hits an entry covers.
struct AcknowledgementTests {
    private func parse(_ text: String) throws(AuditError) -> [Acknowledgement] {
        try Acknowledgement.parse(Array(text.utf8), name: ".sealgate-audit-ignore.yaml")
    }

    private func error(_ text: String) -> AuditError? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test("entries are read with their blob (lowercased), policy, reason and line")
    func entries() throws {
        let entries = try parse(
            """
            acknowledged:
              - blob: 9F8E7D6C5B4A
                policy: secrets-no-plaintext
                reason: rotated on 2025-03-02 (INC-1234)
              - {blob: 0123456789abcdef0123456789abcdef01234567, policy: compromised-key, reason: key retired}
            """)
        #expect(entries.map(\.blob) == ["9f8e7d6c5b4a", "0123456789abcdef0123456789abcdef01234567"])
        #expect(entries.map(\.policy) == ["secrets-no-plaintext", "compromised-key"])
        #expect(entries[0].reason == "rotated on 2025-03-02 (INC-1234)")
        #expect(entries.map(\.location.line) == [2, 5])
    }

    @Test("an empty file, or an empty list, acknowledges nothing")
    func empty() throws {
        #expect(try parse("").isEmpty)
        #expect(try parse("# nothing yet\n").isEmpty)
        #expect(try parse("acknowledged:\n").isEmpty)
    }

    @Test("an entry without a reason is an error that points at it")
    func withoutReason() throws {
        let missing = try #require(error("acknowledged:\n  - blob: 9f8e7d6c5b4a\n    policy: secrets-no-plaintext\n"))
        #expect(missing.code == .invalidAcknowledgement)
        #expect(missing.description == ".sealgate-audit-ignore.yaml:2:5: error: an entry has no 'reason'; give blob, policy and reason")
        let blank = try #require(error("acknowledged:\n  - {blob: 9f8e7d6c5b4a, policy: p, reason: '  '}\n"))
        #expect(
            blank.description.hasPrefix(".sealgate-audit-ignore.yaml:2:45: error: the entry for blob 9f8e7d6c5b4a and p gives no reason"))
    }

    @Test("a malformed blob, an unknown field, and another shape are errors")
    func malformed() throws {
        #expect(
            error("acknowledged:\n  - {blob: 9f8e, policy: p, reason: r}\n")?.reason.hasPrefix("'blob' must be 7 to 40 hex digits") == true)
        #expect(error("acknowledged:\n  - {blob: zzzzzzzz, policy: p, reason: r}\n")?.code == .invalidAcknowledgement)
        #expect(
            error("acknowledged:\n  - {blob: 9f8e7d6c5b4a, policy: p, reson: r}\n")?.reason.hasPrefix("an entry has the field 'reson'")
                == true)
        #expect(
            error("- {blob: 9f8e7d6c5b4a, policy: p, reason: r}\n")?.reason.hasPrefix("the acknowledgements file is not one mapping")
                == true)
        #expect(error("acknowledged: {blob: 9f8e7d6c5b4a}\n")?.reason.hasPrefix("'acknowledged' is a map, not a list") == true)
        #expect(error("acknowledged: [\n")?.code == .unreadableAcknowledgements)
    }

    @Test("an entry covers the hits of its policy in the blobs its digits start, and nothing else")
    func covers() throws {
        let blob = try #require(GitObjectID(hex: "9f8e7d6c5b4a3928170615243342516071829304"))
        let other = try #require(GitObjectID(hex: "1f8e7d6c5b4a3928170615243342516071829304"))
        func hit(_ policy: String, _ id: GitObjectID) -> AuditHit {
            AuditHit(
                finding: Finding(policy: policy, severity: .error, message: "m", at: SourceLocation(path: "a.yaml", line: 1, column: 1)),
                blob: id, commit: nil)
        }
        let entries = try parse(
            "acknowledged:\n  - {blob: 9f8e7d6, policy: secrets-no-plaintext, reason: rotated}\n  - {blob: aaaaaaa, policy: x, reason: r}\n"
        )
        var report = AuditReport(
            scope: .staged,
            hits: [hit("secrets-no-plaintext", blob), hit("secrets-no-literal-credentials", blob), hit("secrets-no-plaintext", other)],
            rules: [], commitCount: 0, blobsRead: 2, unread: [], shallowBoundary: [])
        #expect(report.fails)
        report.acknowledge(entries)
        #expect(report.hits.map { $0.acknowledgement?.reason } == ["rotated", nil, nil])
        #expect(report.unusedAcknowledgements.map(\.policy) == ["x"])
        #expect(report.fails)
        report.hits.removeLast(2)
        #expect(!report.fails)
    }
}
