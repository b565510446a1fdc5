// sealgate · GitChanges tests

import Foundation
import Testing
@testable import GitChanges

struct IndexSnapshotTests {
    /// What `git ls-files -s --debug` says of each entry, in the parser's terms.
    private func gitEntries(_ fixture: GitFixture) throws -> [String] {
        let lines = try fixture.git("ls-files", "-s", "--debug").split(separator: "\n").map(String.init)
        var rows: [String] = []
        var index = 0
        while index + 5 < lines.count {
            let head = lines[index].split(separator: "\t", maxSplits: 1)
            let fields = head[0].split(separator: " ")
            let numbers = lines[index + 1...index + 5].joined(separator: " ")
                .split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == ":" }).filter { Int($0) != nil || $0.allSatisfy(\.isHexDigit) }
            // ctime s ns, mtime s ns, dev, ino, uid, gid, size, flags (hex)
            let flags = UInt32(numbers[9], radix: 16) ?? 0
            rows.append(
                "\(head[1]) \(fields[0]) \(fields[1]) stage \(fields[2]) ita \(flags & (1 << 29) != 0) "
                    + numbers[0..<9].joined(separator: " "))
            index += 6
        }
        return rows
    }

    private func parsed(_ snapshot: IndexSnapshot) -> [String] {
        snapshot.entries.map { entry in
            "\(String(decoding: entry.path, as: UTF8.self)) \(String(entry.mode, radix: 8)) \(GitObjectID(entry.id)) stage \(entry.stage) "
                + "ita \(entry.intentToAdd) \(entry.ctime.seconds) \(entry.ctime.nanoseconds) \(entry.mtime.seconds) "
                + "\(entry.mtime.nanoseconds) \(entry.dev) \(entry.ino) \(entry.uid) \(entry.gid) \(entry.size)"
        }
    }

    /// Nested directories, an executable, a symbolic link, a submodule, an intent to add, a merge conflict.
    private func repository() throws -> GitFixture {
        let fixture = try GitFixture()
        for name in [
            "a.yaml", "a/b.yaml", "a-b/c.yaml", "deep/er/still/d.yaml",
            (0..<5).map { _ in String(repeating: "long-name-", count: 20) }.joined(separator: "/") + ".yaml",
        ] {
            try fixture.write(name, configMap(name))
        }
        try fixture.write("run.sh", "#!/bin/sh\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fixture.path("run.sh"))
        try FileManager.default.createSymbolicLink(atPath: fixture.path("link"), withDestinationPath: "a.yaml")
        let first = try fixture.commitAll("first")
        try fixture.conflict(on: "a.yaml")
        try fixture.git("update-index", "--add", "--cacheinfo", "160000,\(first),sub")
        try fixture.write("intent.yaml", configMap("intent"))
        try fixture.git("add", "-N", "intent.yaml")
        return fixture
    }

    @Test("index versions 2 (or 3), and 4 with compressed paths, read as git reads them", arguments: [2, 4])
    func versions(version: Int) throws {
        let fixture = try repository()
        try fixture.git("update-index", "--index-version", String(version))
        let snapshot = try #require(IndexSnapshot.read(path: fixture.path(".git/index")))
        #expect(parsed(snapshot) == (try gitEntries(fixture)))
        #expect(snapshot.entries.contains { $0.stage == 2 })
        #expect(snapshot.entries.contains { $0.intentToAdd })
    }

    @Test("the tree cache gives the directories' trees; a change invalidates its directory and those above")
    func treeCache() throws {
        let fixture = try GitFixture()
        for name in ["a/x.yaml", "b/y.yaml", "b/c/z.yaml", "top.yaml"] { try fixture.write(name, configMap(name)) }
        try fixture.commitAll("one")
        let tree = try #require(IndexSnapshot.read(path: fixture.path(".git/index"))?.cachedTree)
        #expect(tree.id.map(GitObjectID.init)?.description == (try fixture.git("rev-parse", "HEAD^{tree}")))
        #expect(tree.children["b"]?.children["c"]?.id.map(GitObjectID.init)?.description == (try fixture.git("rev-parse", "HEAD:b/c")))
        try fixture.write("b/c/z.yaml", configMap("changed"))
        try fixture.git("add", "b/c/z.yaml")
        let changed = try #require(IndexSnapshot.read(path: fixture.path(".git/index"))?.cachedTree)
        #expect(changed.id == nil)
        #expect(changed.children["b"]?.id == nil)
        #expect(changed.children["b"]?.children["c"]?.id == nil)
        #expect(changed.children["a"]?.id.map(GitObjectID.init)?.description == (try fixture.git("rev-parse", "HEAD:a")))
        // The staged change is found though most of the cache is valid.
        let repository = try fixture.open()
        let changes = try repository.changes(from: repository.resolve("HEAD").id, to: .index)
        #expect(nameStatus(changes) == ["M\tb/c/z.yaml"])
    }

    @Test("an index only libgit2 should read is left to it: a split index is refused with what to do")
    func unsupported() throws {
        let fixture = try GitFixture()
        try fixture.write("a.yaml", configMap("a"))
        try fixture.commitAll("one")
        try fixture.git("update-index", "--split-index")
        #expect(IndexSnapshot.read(path: fixture.path(".git/index")) == nil)
        let repository = try fixture.open()
        let head = try repository.resolve("HEAD").id
        let error = try #require(gitError { () throws(GitError) in try repository.changes(from: head, to: .workingTree) })
        #expect(error.reason.contains("git update-index --no-split-index"))
        // A damaged file is not guessed at either.
        let broken = Array(try Data(contentsOf: URL(fileURLWithPath: fixture.path(".git/index"))).prefix(40))
        let path = fixture.path("broken-index")
        try Data(broken).write(to: URL(fileURLWithPath: path))
        #expect(IndexSnapshot.read(path: path) == nil)
        #expect(IndexSnapshot.read(path: fixture.path("no-such-index"))?.entries.isEmpty == true)
    }

    @Test("with a version-4 index, intents to add and conflicts, diffs agree with git")
    func diffsWithUnusualIndex() throws {
        let fixture = try repository()
        try fixture.git("rm", "-q", "--cached", "sub")
        try fixture.git("checkout", "-q", "--theirs", "a.yaml")
        try fixture.git("add", "a.yaml")
        try fixture.git("update-index", "--index-version", "4")
        try fixture.write("deep/er/still/d.yaml", configMap("edited"))
        try fixture.write("deep/new.yaml", configMap("new"))
        let repository = try fixture.open()
        let head = try repository.resolve("HEAD").id
        let staged = nameStatus(try repository.changes(from: head, to: .index))
        let gitStaged = try fixture.nameStatus("--cached", "HEAD")
        #expect(staged == gitStaged)
        let untracked = try fixture.git("ls-files", "--others", "--exclude-standard").split(separator: "\n").map { "A\t\($0)" }
        #expect(nameStatus(try repository.changes(from: head, to: .workingTree)) == (try fixture.nameStatus("HEAD") + untracked).sorted())
        #expect(nameStatus(try repository.changes(from: head, to: .workingTree)).contains("A\tintent.yaml"))
    }
}
