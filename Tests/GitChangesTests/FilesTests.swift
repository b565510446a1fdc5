// sealgate · GitChanges tests

import Foundation
import Testing
@testable import GitChanges

struct FilesTests {
    private static let lfsPointer = """
        version https://git-lfs.github.com/spec/v1
        oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393
        size 12345

        """

    /// Files whose names sort differently by whole path and name by name, a symbolic link, a submodule, an
    /// executable and an LFS pointer.
    private func tree() throws -> (fixture: GitFixture, head: String) {
        let fixture = try GitFixture()
        for name in ["a.yaml", "a/b.yaml", "a-b.yaml", "z/y/x.yaml", ".hidden/h.yaml", "notes.txt"] {
            try fixture.write(name, configMap(name))
        }
        try fixture.write("run.sh", "#!/bin/sh\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fixture.path("run.sh"))
        try fixture.write("big.yaml", Self.lfsPointer)
        try FileManager.default.createSymbolicLink(atPath: fixture.path("link.yaml"), withDestinationPath: "../outside.yaml")
        let first = try fixture.commitAll("first")
        try fixture.git("update-index", "--add", "--cacheinfo", "160000,\(first),sub")
        // An empty directory, as a clone leaves for a submodule it did not fetch (`git add -A` keeps the entry).
        try FileManager.default.createDirectory(atPath: fixture.path("sub"), withIntermediateDirectories: true)
        let head = try fixture.commitAll("second")
        return (fixture, head)
    }

    @Test("a commit's files: ids and modes as git ls-tree has them, in directory-walk order, links and submodules as notices")
    func commitFiles() throws {
        let (fixture, head) = try tree()
        let repository = try fixture.open()
        let listing = try #require(try repository.files(in: .commit(repository.resolve(head).id), under: ""))
        #expect(
            listing.files.map(\.path) == [
                ".hidden/h.yaml", "a/b.yaml", "a-b.yaml", "a.yaml", "big.yaml", "notes.txt", "run.sh", "z/y/x.yaml",
            ])
        let lsTree = try fixture.git("ls-tree", "-r", head).split(separator: "\n").map { line -> (String, String, String) in
            let parts = line.split(separator: "\t")
            let fields = parts[0].split(separator: " ")
            return (String(fields[0]), String(fields[2]), String(parts[1]))
        }
        for file in listing.files {
            let entry = try #require(lsTree.first { $0.2 == file.path })
            #expect(file.id.description == entry.1, "\(file.path)")
            #expect(file.mode == (entry.0 == "100755" ? .executable : .file), "\(file.path)")
        }
        #expect(
            listing.notices == [
                GitNotice(path: "link.yaml", kind: .symbolicLink(target: "../outside.yaml")),
                GitNotice(path: "sub", kind: .submodule(commit: try #require(GitObjectID(hex: try fixture.git("rev-parse", "HEAD^1"))))),
            ])
        #expect(
            listing.notices[0].description == "link.yaml: notice: symbolic link (to ../outside.yaml), not followed in a revision; skipped")
    }

    @Test("under a directory, a file, or nothing")
    func underPaths() throws {
        let (fixture, head) = try tree()
        let repository = try fixture.open()
        let commit = GitSource.commit(try repository.resolve(head).id)
        #expect(try repository.files(in: commit, under: "a")?.files.map(\.path) == ["a/b.yaml"])
        #expect(try repository.files(in: commit, under: "z/y/x.yaml")?.files.map(\.path) == ["z/y/x.yaml"])
        #expect(try repository.files(in: commit, under: "link.yaml")?.notices.map(\.path) == ["link.yaml"])
        #expect(try repository.files(in: commit, under: "missing") == nil)
        #expect(try repository.files(in: commit, under: "a.yaml/b") == nil)
        for source in [commit, .index] {
            #expect(try repository.files(in: source, under: "z")?.files.map(\.path) == ["z/y/x.yaml"])
        }
    }

    @Test("the index: staged content, not the working file's; intent-to-add left out; conflicts as notices")
    func indexFiles() throws {
        let (fixture, _) = try tree()
        try fixture.write("a.yaml", configMap("staged"))
        try fixture.git("add", "a.yaml")
        try fixture.write("a.yaml", configMap("unstaged"))
        try fixture.write("intent.yaml", configMap("intent"))
        try fixture.git("add", "-N", "intent.yaml")
        try fixture.write("new/n.yaml", configMap("n"))
        try fixture.git("add", "new/n.yaml")
        let repository = try fixture.open()
        let listing = try #require(try repository.files(in: .index, under: ""))
        #expect(
            listing.files.map(\.path) == [
                ".hidden/h.yaml", "a/b.yaml", "a-b.yaml", "a.yaml", "big.yaml", "new/n.yaml", "notes.txt", "run.sh", "z/y/x.yaml",
            ])
        let staged = try #require(listing.files.first { $0.path == "a.yaml" })
        #expect(staged.id.description == (try fixture.git("rev-parse", ":a.yaml")))
        #expect(try repository.readBlob(staged.id, limit: 1 << 20) == .bytes(Array(configMap("staged").utf8)))
        #expect(listing.notices.map(\.path) == ["link.yaml", "sub"])
        #expect(try repository.files(in: .index, under: "intent.yaml") != nil)
        #expect(try repository.files(in: .index, under: "intent.yaml")?.files.isEmpty == true)

        // A merge conflict: the path has three stages and no content to read.
        try fixture.git("checkout", "-q", "-f")
        try fixture.git("reset", "-q", "--hard")
        try fixture.conflict(on: "a.yaml")
        let conflicted = try #require(try repository.files(in: .index, under: ""))
        #expect(!conflicted.files.contains { $0.path == "a.yaml" })
        #expect(conflicted.notices.contains(GitNotice(path: "a.yaml", kind: .unmerged)))
    }

    @Test("blobs read straight from the object database: bounded before reading, LFS pointers recognised")
    func blobs() throws {
        let (fixture, head) = try tree()
        let repository = try fixture.open()
        let files = try #require(try repository.files(in: .commit(repository.resolve(head).id), under: "")).files
        let a = try #require(files.first { $0.path == "a.yaml" })
        let text = Array(configMap("a.yaml").utf8)
        #expect(try repository.readBlob(a.id, limit: text.count) == .bytes(text))
        #expect(try repository.readBlob(a.id, limit: text.count - 1) == .tooLarge(size: text.count))
        let big = try #require(files.first { $0.path == "big.yaml" })
        #expect(try repository.readBlob(big.id, limit: 1 << 20) == .lfsPointer)
        let tree = try repository.resolve(head).tree
        #expect(
            gitError { () throws(GitError) in try repository.readBlob(tree, limit: 1 << 20) }?.reason.contains("is a tree, not a blob")
                == true)
        let missing = try #require(GitObjectID(hex: String(repeating: "ab", count: 20)))
        #expect(gitError { () throws(GitError) in try repository.readBlob(missing, limit: 10) }?.code == .missingObject)
    }
}
