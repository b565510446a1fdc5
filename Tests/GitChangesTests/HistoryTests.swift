// sealgate · GitChanges tests

import Foundation
import Testing
@testable import GitChanges

/// `manifestHistory`: the commits of a range, and each manifest blob of their trees once.
struct HistoryTests {
    /// main: c1 - c2 - … - c10 - merge(side); side: c5 - s1. `secret.yaml` is added by c1 and kept unchanged in
    /// every commit after; `apps/n.yaml` changes in each; `README.md` and `.hidden/x.yaml` are not manifests.
    private func history() throws -> GitFixture {
        let fixture = try GitFixture()
        try fixture.write("secret.yaml", configMap("secret"))
        try fixture.write("README.md", "# not a manifest\n")
        try fixture.write(".hidden/x.yaml", configMap("hidden"))
        for index in 1...10 {
            try fixture.write("apps/n.yaml", configMap("n", data: "\(index)"))
            try fixture.git("add", "-A")
            try fixture.git("commit", "-q", "-m", "c\(index)", "--date", "2025-03-\(10 + index)T10:00:00+01:00")
            if index == 5 { try fixture.git("branch", "side") }
        }
        try fixture.git("checkout", "-q", "side")
        try fixture.write("side/s.json", "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"s\"}}\n")
        try fixture.commitAll("s1")
        try fixture.git("checkout", "-q", "main")
        try fixture.git("merge", "-q", "--no-edit", "side")
        return fixture
    }

    /// The manifest blobs git lists in the trees of the commits `git rev-list` gives for `arguments`.
    private func gitBlobs(_ fixture: GitFixture, _ arguments: [String], under path: String = "") throws -> Set<String> {
        var blobs: Set<String> = []
        for commit in try fixture.git(["rev-list"] + arguments).split(separator: "\n") {
            for line in try fixture.git(["ls-tree", "-r", String(commit)] + (path.isEmpty ? [] : ["--", path])).split(separator: "\n") {
                let fields = line.split(separator: "\t")
                let name = String(fields[1])
                let manifest = name.hasSuffix(".yaml") || name.hasSuffix(".json")
                if manifest, !name.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
                    blobs.insert(String(fields[0].split(separator: " ")[2]))
                }
            }
        }
        return blobs
    }

    @Test("the walk visits git rev-list's commits, parents first, and lists each manifest blob of their trees once")
    func walkMatchesGit() throws {
        let fixture = try history()
        let repository = try fixture.open()
        for (range, arguments) in [
            (GitHistoryRange.revisions("HEAD"), ["HEAD"]), (.revisions("HEAD~3..HEAD"), ["HEAD~3..HEAD"]), (.allReferences, ["--all"]),
        ] {
            let history = try repository.manifestHistory(range)
            let expected = try fixture.git(["rev-list"] + arguments).split(separator: "\n").map(String.init)
            #expect(Set(history.commits.map(\.id.description)) == Set(expected), "\(range)")
            #expect(history.commits.count == expected.count, "\(range)")
            let position = Dictionary(uniqueKeysWithValues: history.commits.enumerated().map { ($1.id, $0) })
            for commit in history.commits {
                for parent in commit.parents { #expect((position[parent] ?? -1) < position[commit.id]!, "a parent comes before its child") }
            }
            #expect(Set(history.blobs.map(\.id.description)) == (try gitBlobs(fixture, arguments)), "\(range)")
            #expect(Set(history.blobs.map(\.id)).count == history.blobs.count, "each blob once")
            #expect(history.boundary.isEmpty)
        }
    }

    @Test("a blob held by eleven commits is listed once, with the oldest of them, its date and its path")
    func firstCommit() throws {
        let fixture = try history()
        let history = try fixture.open().manifestHistory(.revisions("HEAD"))
        let secret = try fixture.git("rev-parse", "HEAD:secret.yaml")
        let listed = history.blobs.filter { $0.id.description == secret }
        #expect(listed.count == 1)
        #expect(listed.first?.path == "secret.yaml")
        #expect(listed.first?.commit.id.description == (try fixture.git("rev-list", "--max-parents=0", "HEAD")))
        #expect(listed.first?.commit.summary == "c1")
        #expect(listed.first?.commit.authorTime == 1_741_683_600 && listed.first?.commit.authorOffsetMinutes == 60)
        #expect(history.blobs.count == 12)  // secret.yaml, ten versions of apps/n.yaml, side/s.json
    }

    @Test("paths limit the walk: a directory by the loader's rules, a file whatever its name")
    func paths() throws {
        let fixture = try history()
        let repository = try fixture.open()
        let apps = try repository.manifestHistory(.revisions("HEAD"), under: ["apps"])
        #expect(Set(apps.blobs.map(\.id.description)) == (try gitBlobs(fixture, ["HEAD"], under: "apps")))
        #expect(apps.blobs.allSatisfy { $0.path == "apps/n.yaml" })
        let readme = try repository.manifestHistory(.revisions("HEAD"), under: ["README.md", "gone/nowhere.yaml"])
        #expect(readme.blobs.map(\.path) == ["README.md"])
        let files = try repository.manifestFiles(at: repository.resolve("HEAD").id)
        #expect(files.map(\.path).sorted() == ["apps/n.yaml", "secret.yaml", "side/s.json"])
        #expect(files.first { $0.path == "secret.yaml" }?.id.description == (try fixture.git("rev-parse", "HEAD:secret.yaml")))
    }

    @Test("a shallow clone's walk stops at its boundary: refused by default, named when allowed")
    func shallow() throws {
        let source = try history()
        let clone = try GitFixture(cloning: source, cloneArguments: ["--depth", "3"])
        let repository = try clone.open()
        let boundary = try #require(repository.shallowBoundary().first)
        let refused = try #require(gitError { () throws(GitError) in try repository.manifestHistory(.revisions("HEAD")) })
        #expect(refused.code == .shallowBoundary)
        #expect(refused.reason.contains("stops at commit"))
        #expect(refused.reason.contains(boundary.abbreviated()))
        #expect(refused.reason.contains("git fetch --unshallow"))

        let allowed = try repository.manifestHistory(.revisions("HEAD"), allowingShallow: true)
        #expect(allowed.boundary.contains(boundary))
        let expected = try clone.git("rev-list", "HEAD").split(separator: "\n").map(String.init)
        #expect(Set(allowed.commits.map(\.id.description)) == Set(expected))
        let position = Dictionary(uniqueKeysWithValues: allowed.commits.enumerated().map { ($1.id, $0) })
        for commit in allowed.commits {
            for parent in commit.parents where position[parent] != nil { #expect(position[parent]! < position[commit.id]!) }
        }
        // A range inside the fetched history does not reach the boundary (its excluded side may).
        let recent = try repository.manifestHistory(.revisions("HEAD~2..HEAD~1"))
        #expect(recent.commits.map(\.id.description) == [try clone.git("rev-parse", "HEAD~1")])
        #expect(recent.boundary.isEmpty)
    }

    @Test("a symmetric range and an unknown revision are refused")
    func badRanges() throws {
        let fixture = try history()
        let repository = try fixture.open()
        let symmetric = try #require(gitError { () throws(GitError) in try repository.manifestHistory(.revisions("main...side")) })
        #expect(symmetric.reason.contains("give A..B"))
        #expect(gitError { () throws(GitError) in try repository.manifestHistory(.revisions("nope..HEAD")) }?.code == .unknownRevision)
    }
}
