// sealgate · CLI tests

import Foundation
import Testing

/// `sealgate audit`: history, the index and leaked keys, on real repositories built with the `git` program.
struct AuditTests {
    typealias Repository = CheckBaseTests.Repository

    static func secret(_ name: String, _ values: [String: String]) -> String {
        let data = values.sorted { $0.key < $1.key }.map { "  \($0.key): \($0.value)" }.joined(separator: "\n")
        return "apiVersion: v1\nkind: Secret\nmetadata:\n  name: \(name)\n  namespace: shop\nstringData:\n\(data)\n"
    }

    static func configMap(_ name: String, _ value: String) -> String {
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \(name)\n  namespace: shop\ndata:\n  setting: '\(value)'\n"
    }

    /// The JSON report of `sealgate audit arguments…`.
    static func json(_ repository: Repository, _ arguments: String...) throws -> (document: [String: Any], result: CLIResult) {
        let result = try CLI.run(["audit", "-o", "json"] + arguments, in: repository.root)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stderr)")
        return (document, result)
    }

    static func findings(_ document: [String: Any]) -> [[String: Any]] {
        document["findings"] as? [[String: Any]] ?? []
    }

    @Test func aSecretDeletedThreeCommitsAgoIsFoundWithTheCommitThatAddedIt() throws {
        let repository = try Repository()
        try repository.write("apps/db.yaml", Self.secret("db", ["password": "hunter2"]))
        try repository.write("apps/settings.yaml", Self.configMap("settings", "1"))
        let added = try repository.commit("add the database")
        try repository.git("rm", "-q", "apps/db.yaml")
        try repository.commit("remove the plain Secret")
        for version in 2...3 {
            try repository.write("apps/settings.yaml", Self.configMap("settings", "\(version)"))
            try repository.commit("settings \(version)")
        }

        let result = try CLI.run(["audit"], in: repository.root)
        #expect(result.exitCode == 1, "\(result.stderr)")
        #expect(
            result.stdout.hasPrefix(
                """
                apps/db.yaml:1:1: error: Secret db holds 1 value (password) in plain text; commit a SealedSecret made with sealgate seal instead [secrets-no-plaintext]
                  commit \(added.prefix(12)) (
                """))
        #expect(result.stdout.contains("blob \(try repository.git("rev-parse", "\(added):apps/db.yaml").prefix(12)): not at HEAD\n"))
        #expect(result.stdout.hasSuffix("history of HEAD: 4 commits, 4 blobs read; 1 found (0 still at HEAD, 1 only in history)\n"))
        #expect(!result.stdout.contains("hunter2") && !result.stderr.contains("hunter2"))

        let (document, _) = try Self.json(repository)
        let finding = try #require(Self.findings(document).first)
        #expect((finding["commit"] as? [String: Any])?["id"] as? String == added)
        #expect((finding["commit"] as? [String: Any])?["summary"] as? String == "add the database")
        #expect((finding["atHead"] as? [String: Any])?["state"] as? String == "gone")

        // A range that leaves out the commit that held it finds nothing.
        let recent = try CLI.run(["audit", "HEAD~2..HEAD"], in: repository.root)
        #expect(recent.exitCode == 0, "\(recent.stdout)\(recent.stderr)")
        #expect(recent.stdout == "history of HEAD~2..HEAD: 2 commits, 2 blobs read; nothing found\n")
    }

    @Test func aBlobInTenCommitsIsReadOnceAndReportedOnce() throws {
        let repository = try Repository()
        try repository.write("apps/db.yaml", Self.secret("db", ["password": "hunter2"]))
        for version in 1...10 {
            try repository.write("apps/settings.yaml", Self.configMap("settings", "\(version)"))
            try repository.commit("settings \(version)")
        }
        let (document, result) = try Self.json(repository)
        #expect(result.exitCode == 1)
        let summary = try #require(document["summary"] as? [String: Int])
        // The Secret's blob once, and the ten versions of the settings.
        #expect(summary["commits"] == 10 && summary["blobsRead"] == 11 && summary["found"] == 1 && summary["stillAtHead"] == 1)
        let finding = try #require(Self.findings(document).first)
        #expect((finding["atHead"] as? [String: Any])?["state"] as? String == "same-blob")
        #expect((finding["commit"] as? [String: Any])?["summary"] as? String == "settings 1")
    }

    @Test func anEditedSecretIsStillAtHeadAsTheSameFinding() throws {
        let repository = try Repository()
        try repository.write("db.yaml", Self.secret("db", ["password": "one"]))
        try repository.commit("one")
        try repository.write("db.yaml", Self.configMap("unrelated", "x") + "---\n" + Self.secret("db", ["password": "two"]))
        try repository.commit("two")
        let (document, _) = try Self.json(repository)
        let states = Self.findings(document).map { ($0["atHead"] as? [String: Any])?["state"] as? String }
        #expect(states == ["same-finding", "same-blob"])
        #expect((Self.findings(document)[0]["atHead"] as? [String: Any])?["line"] as? Int == 9)
    }

    @Test func anUnchangedSecretInAnEditedFileIsReportedOnceAndFoundAtItsNewLine() throws {
        let repository = try Repository()
        try repository.write("db.yaml", Self.secret("db", ["password": "same"]))
        let first = try repository.commit("the Secret alone")
        for version in 1...3 {
            try repository.write("db.yaml", Self.configMap("settings", "\(version)") + "---\n" + Self.secret("db", ["password": "same"]))
            try repository.commit("a setting above it, version \(version)")
        }
        let (document, result) = try Self.json(repository)
        #expect(result.exitCode == 1)
        let findings = Self.findings(document)
        #expect(findings.count == 1)
        #expect((findings.first?["commit"] as? [String: Any])?["id"] as? String == first)
        let atHead = try #require(findings.first?["atHead"] as? [String: Any])
        #expect(atHead["state"] as? String == "same-finding" && atHead["path"] as? String == "db.yaml" && atHead["line"] as? Int == 9)
        #expect((document["summary"] as? [String: Int])?["blobsRead"] == 4)
    }

    @Test func twoDocumentsForOneSecretInOneFileAreTwoHits() throws {
        let repository = try Repository()
        try repository.write("db.yaml", Self.secret("db", ["password": "one"]) + "---\n" + Self.secret("db", ["password": "two"]))
        try repository.commit("the same Secret twice")
        let (document, _) = try Self.json(repository)
        #expect(Self.findings(document).map { $0["line"] as? Int } == [1, 9])
    }

    /// A document of a multi-document file that another commit left as it was is not parsed again; its
    /// findings are those of its first version, at the lines it stands on in each later version.
    @Test func unchangedDocumentsOfAnEditedFileKeepTheirFindingsAtTheirNewLines() throws {
        let deployment = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: api
              namespace: shop
            spec:
              template:
                spec:
                  containers:
                    - name: app
                      image: app:1
                      env:
                        - name: DB_PASSWORD
                          value: hunter3

            """
        let secret = Self.secret("db", ["password": "hunter2"])
        func file(_ documents: String...) -> String { documents.joined(separator: "---\n") }
        func headLines(_ repository: Repository) throws -> [Int?] {
            try Self.findings(Self.json(repository).document).map { ($0["atHead"] as? [String: Any])?["line"] as? Int }
        }
        let repository = try Repository()
        try repository.write("app.yaml", file(Self.configMap("settings", "1"), secret, deployment))
        let first = try repository.commit("three documents")
        // Only the ConfigMap changes: the Secret and the Deployment are the same bytes.
        try repository.write("app.yaml", file(Self.configMap("settings", "2"), secret, deployment))
        try repository.commit("a setting")
        // A document above them moves both down by eight lines.
        try repository.write("app.yaml", file(Self.configMap("top", "x"), Self.configMap("settings", "2"), secret, deployment))
        try repository.commit("a ConfigMap above")

        let (document, result) = try Self.json(repository)
        #expect(result.exitCode == 1, "\(result.stderr)")
        let findings = Self.findings(document)
        #expect(findings.map { $0["policy"] as? String } == ["secrets-no-plaintext", "secrets-no-literal-credentials"])
        #expect(findings.map { $0["line"] as? Int } == [9, 29])
        #expect(findings.allSatisfy { ($0["commit"] as? [String: Any])?["id"] as? String == first })
        #expect(try headLines(repository) == [17, 37])
        #expect((document["summary"] as? [String: Int])?["blobsRead"] == 3)

        // A directive keeps the file from being split: parsed whole, the same findings, two lines further down.
        try repository.write(
            "app.yaml", "%YAML 1.2\n---\n" + file(Self.configMap("top", "x"), Self.configMap("settings", "2"), secret, deployment))
        try repository.commit("a directive")
        #expect(try headLines(repository) == [19, 39])
        // With CRLF line ends the split counts lines as with LF, for the documents parsed and those recalled.
        for top in ["y", "z"] {
            let crlf = file(Self.configMap("top", top), Self.configMap("settings", "2"), secret, deployment)
            try repository.write("app.yaml", crlf.replacingOccurrences(of: "\n", with: "\r\n"))
            try repository.commit("CRLF \(top)")
            #expect(try headLines(repository) == [17, 37])
        }
    }

    @Test func stagedSeesWhatTheCommitWouldAddAndNothingElse() throws {
        let repository = try Repository()
        try repository.write("apps/old.yaml", Self.secret("old", ["password": "committed-before"]))
        try repository.commit("an old plaintext Secret, for history to find")
        try repository.write("apps/new.yaml", Self.secret("new", ["token": "about-to-leak"]))
        try repository.git("add", "apps/new.yaml")
        try repository.write("apps/unstaged.yaml", Self.secret("unstaged", ["token": "not-added"]))

        let result = try CLI.run(["audit", "--staged"], in: repository.root)
        #expect(result.exitCode == 1, "\(result.stderr)")
        #expect(
            result.stdout == """
                apps/new.yaml:1:1: error: Secret new holds 1 value (token) in plain text; commit a SealedSecret made with sealgate seal instead [secrets-no-plaintext]
                  staged, blob \(try repository.git("rev-parse", ":apps/new.yaml").prefix(12))

                the index: 1 blob read; 1 found

                """)

        // Partially staged: the index's version is audited, not the working tree's.
        try repository.commit("everything")
        try repository.write("apps/settings.yaml", Self.configMap("settings", "ok"))
        try repository.git("add", "apps/settings.yaml")
        try repository.write("apps/settings.yaml", Self.configMap("settings", "ok") + "---\n" + Self.secret("later", ["k": "v"]))
        let clean = try CLI.run(["audit", "--staged"], in: repository.root)
        #expect(clean.exitCode == 0, "\(clean.stdout)")
        #expect(clean.stdout == "the index: 1 blob read; nothing found\n")
    }

    @Test func aCompromisedKeyNamesExactlyTheValuesItOpensAndNoPlaintext() throws {
        let repository = try Repository()
        let keys = CLI.repositoryRoot.appendingPathComponent("testdata/keys").path
        func seal(_ name: String, _ values: [String: String], with key: String) throws -> String {
            let sealed = try CLI.run(["seal", "--cert", "\(keys)/\(key)/tls.crt"], stdin: Array(Self.secret(name, values).utf8))
            #expect(sealed.exitCode == 0, "\(sealed.stderr)")
            return sealed.stdout
        }
        try repository.write("apps/gone.yaml", try seal("gone", ["password": "gone-plaintext"], with: "old"))
        try repository.commit("a SealedSecret later deleted")
        try repository.git("rm", "-q", "apps/gone.yaml")
        try repository.write("apps/api.yaml", try seal("api", ["token": "api-plaintext", "user": "user-plaintext"], with: "old"))
        try repository.write("apps/queue.yaml", try seal("queue", ["password": "queue-plaintext"], with: "current"))
        try repository.commit("two SealedSecrets, sealed with two keys")

        let result = try CLI.run(["audit", "--compromised-key", "\(keys)/old/tls.key"], in: repository.root)
        #expect(result.exitCode == 1, "\(result.stderr)")
        let named = result.stdout.split(separator: "\n").filter { $0.contains("[compromised-key]") }.map { line in
            line.split(separator: ": error: SealedSecret ")[1].split(separator: ": the value of ")
                .map(String.init).joined(separator: " ").split(separator: "'").prefix(2).joined()
        }
        #expect(named.sorted() == ["shop/api token", "shop/api user", "shop/gone password"])
        for plaintext in ["gone-plaintext", "api-plaintext", "user-plaintext", "queue-plaintext"] {
            let encoded = Data(plaintext.utf8).base64EncodedString()
            for text in [result.stdout, result.stderr] { #expect(!text.contains(plaintext) && !text.contains(encoded)) }
        }
        #expect(result.stdout.contains(": not at HEAD\n"))
        #expect(result.stdout.hasSuffix("history of HEAD: 2 commits, 3 blobs read; 3 found (2 still at HEAD, 1 only in history)\n"))

        let (document, _) = try Self.json(repository, "--compromised-key", "\(keys)/current/tls.key")
        #expect(
            Self.findings(document).map { $0["message"] as? String ?? "" }.map {
                $0.hasPrefix("SealedSecret shop/queue: the value of 'password' opens")
            } == [true])
        #expect(Self.findings(document).first?["fieldPath"] as? String == "spec.encryptedData['password']")
    }

    @Test func aShallowCloneIsRefusedUnlessTold() throws {
        let source = try Repository()
        for version in 1...3 {
            try source.write("db.yaml", Self.secret("db", ["password": "v\(version)"]))
            try source.commit("v\(version)")
        }
        let clone = try Repository(cloning: source, "--depth", "1")
        let boundary = try clone.git("rev-parse", "HEAD")
        let refused = try CLI.run(["audit"], in: clone.root)
        #expect(refused.exitCode == 2)
        #expect(refused.stdout.isEmpty)
        #expect(refused.stderr.contains("error: the history of HEAD stops at commit \(boundary.prefix(12)): this is a shallow clone"))
        #expect(refused.stderr.contains("--shallow-ok"))

        let allowed = try CLI.run(["audit", "--shallow-ok"], in: clone.root)
        #expect(allowed.exitCode == 1)
        #expect(
            allowed.stdout.hasSuffix(
                "history of HEAD: 1 commit, 1 blob read; 1 found (1 still at HEAD, 0 only in history); shallow: history stops at \(boundary.prefix(12))\n"
            ))
        #expect(allowed.stderr.contains("notice: this clone is shallow"))
        // The index needs no history.
        #expect(try CLI.run(["audit", "--staged"], in: clone.root).exitCode == 0)
    }

    @Test func acknowledgedHitsDoNotFailAndSurviveUnrelatedEdits() throws {
        let repository = try Repository()
        try repository.write("apps/db.yaml", Self.secret("db", ["password": "rotated-since"]))
        try repository.write("apps/settings.yaml", Self.configMap("settings", "1"))
        let added = try repository.commit("add")
        let blob = try repository.git("rev-parse", "\(added):apps/db.yaml")
        try repository.git("rm", "-q", "apps/db.yaml")
        try repository.commit("remove")
        #expect(try CLI.run(["audit"], in: repository.root).exitCode == 1)

        try repository.write(
            ".sealgate-audit-ignore.yaml",
            """
            acknowledged:
              - blob: \(blob.prefix(12))
                policy: secrets-no-plaintext
                reason: rotated on 2025-03-02 (INC-1234)

            """)
        try repository.write("apps/settings.yaml", Self.configMap("settings", "2"))
        try repository.commit("acknowledge, and an unrelated edit")
        let result = try CLI.run(["audit"], in: repository.root)
        #expect(result.exitCode == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.hasPrefix("acknowledged\n  apps/db.yaml:1:1: error: Secret db holds 1 value (password) in plain text"))
        #expect(result.stdout.contains("    acknowledged: rotated on 2025-03-02 (INC-1234)\n"))
        #expect(result.stdout.hasSuffix("nothing found, 1 acknowledged\n"))

        // The same Secret committed again is a new blob, and a new hit.
        try repository.write("apps/db.yaml", Self.secret("db", ["password": "leaked-again"]))
        try repository.commit("again")
        #expect(try CLI.run(["audit"], in: repository.root).exitCode == 1)

        // An entry without a reason is refused, pointing at it.
        let file = repository.root.appendingPathComponent("ack.yaml").path
        try Data("acknowledged:\n  - {blob: \(blob.prefix(12)), policy: secrets-no-plaintext}\n".utf8).write(to: URL(fileURLWithPath: file))
        let refused = try CLI.run(["audit", "--acknowledged", file], in: repository.root)
        #expect(refused.exitCode == 2)
        #expect(refused.stderr == "\(file):2:5: error: an entry has no 'reason'; give blob, policy and reason\n")
    }

    @Test func allReferencesReachOtherBranchesAndPathsLimitTheAudit() throws {
        let repository = try Repository()
        try repository.write("apps/settings.yaml", Self.configMap("settings", "1"))
        try repository.commit("main")
        try repository.git("checkout", "-q", "-b", "feature")
        try repository.write("other/db.yaml", Self.secret("db", ["password": "on-a-branch"]))
        try repository.commit("feature")
        try repository.git("checkout", "-q", "main")

        #expect(try CLI.run(["audit"], in: repository.root).exitCode == 0)
        let all = try CLI.run(["audit", "--all"], in: repository.root)
        #expect(all.exitCode == 1)
        #expect(all.stdout.contains("other/db.yaml:1:1: error: Secret db"))
        #expect(try CLI.run(["audit", "--all", "apps"], in: repository.root).exitCode == 0)
        #expect(try CLI.run(["audit", "feature", "other"], in: repository.root).exitCode == 1)
        let both = try CLI.run(["audit", "--all", "--staged"], in: repository.root)
        #expect(both.exitCode == 2)
    }
}
