// sealgate · GitChanges tests

import Foundation
import Testing
@testable import GitChanges

struct ChangesTests {
    /// Text long enough that an edit of one line keeps a rename above git's 50% similarity.
    private func longText(_ name: String, edited: Bool = false) -> String {
        (0..<20).map { "line \($0) of \(name)" + (edited && $0 == 3 ? " edited" : "") }.joined(separator: "\n") + "\n"
    }

    /// A base commit and a head commit that adds, deletes, modifies, renames (and edits), changes a file's
    /// type to a symbolic link and adds a submodule.
    private func twoCommits() throws -> (fixture: GitFixture, base: String, head: String) {
        let fixture = try GitFixture()
        try fixture.write(".gitignore", "ignored.yaml\nbuild/\n")
        for name in ["keep.yaml", "modify.yaml", "delete.yaml", "typechange.yaml", "deploy/a.yaml", "deploy/b.yaml", "other/c.yaml"] {
            try fixture.write(name, configMap(name))
        }
        try fixture.write("rename/old.yaml", longText("old"))
        try fixture.write("exact/old.yaml", longText("exact"))
        let base = try fixture.commitAll("base")
        try fixture.write("modify.yaml", configMap("modify", data: "changed"))
        try fixture.git("rm", "-q", "delete.yaml")
        try fixture.git("mv", "rename/old.yaml", "renamed.yaml")
        try fixture.write("renamed.yaml", longText("old", edited: true))
        try fixture.git("mv", "exact/old.yaml", "exact/new.yaml")
        try fixture.remove("typechange.yaml")
        try FileManager.default.createSymbolicLink(atPath: fixture.path("typechange.yaml"), withDestinationPath: "keep.yaml")
        try fixture.write("added.yaml", configMap("added"))
        try fixture.write("deploy/b.yaml", configMap("b", data: "changed"))
        try fixture.git("update-index", "--add", "--cacheinfo", "160000,\(base),vendor/sub")
        try FileManager.default.createDirectory(atPath: fixture.path("vendor/sub"), withIntermediateDirectories: true)
        let head = try fixture.commitAll("head")
        return (fixture, base, head)
    }

    @Test("tree to tree: the changes git diff --name-status -M lists, renames with both paths")
    func treeToTree() throws {
        let (fixture, base, head) = try twoCommits()
        let repository = try fixture.open()
        let changes = try repository.changes(from: repository.resolve(base).id, to: .commit(repository.resolve(head).id))
        #expect(nameStatus(changes) == (try fixture.nameStatus(base, head)))
        #expect(nameStatus(changes).contains("R\trename/old.yaml\trenamed.yaml"))
        #expect(nameStatus(changes).contains("T\ttypechange.yaml"))
        #expect(nameStatus(changes).contains("A\tvendor/sub"))
        let rename = try #require(changes.first { $0.kind == .renamed && $0.new?.path == "renamed.yaml" })
        #expect(rename.similarity.map { $0 >= 50 && $0 < 100 } == true)
        #expect(changes.first { $0.new?.path == "exact/new.yaml" }?.similarity == 100)
        // Blob ids are those git stores.
        let modified = try #require(changes.first { $0.path == "modify.yaml" })
        #expect(modified.old?.id?.description == (try fixture.git("rev-parse", "\(base):modify.yaml")))
        #expect(modified.new?.id?.description == (try fixture.git("rev-parse", "\(head):modify.yaml")))
        #expect(changes.first { $0.path == "vendor/sub" }?.new?.mode == .submodule)
        #expect(changes.first { $0.path == "typechange.yaml" }?.new?.mode == .symbolicLink)
        #expect(changes.allSatisfy { !$0.isUntracked })
        // Without rename detection a rename is a deletion and an addition.
        let plain = try repository.changes(from: repository.resolve(base).id, to: .commit(repository.resolve(head).id), findRenames: false)
        #expect(
            nameStatus(plain)
                == (try fixture.git("diff", "--name-status", "--no-renames", base, head)).split(separator: "\n").map(String.init).sorted())
    }

    @Test("limited to paths: only changes below them, as git diff -- paths")
    func limitedToPaths() throws {
        let (fixture, base, head) = try twoCommits()
        let repository = try fixture.open()
        let from = try repository.resolve(base).id
        let to = GitDiffTarget.commit(try repository.resolve(head).id)
        #expect(
            nameStatus(try repository.changes(from: from, to: to, paths: ["deploy"]))
                == (try fixture.nameStatus(base, head, "--", "deploy")))
        #expect(
            nameStatus(try repository.changes(from: from, to: to, paths: ["deploy", "modify.yaml"]))
                == (try fixture.nameStatus(base, head, "--", "deploy", "modify.yaml")))
        #expect(try repository.changes(from: from, to: to, paths: [""]).count == (try repository.changes(from: from, to: to)).count)
        // A path is a path, not a pattern: `deploy` does not match `deploy2`.
        try fixture.write("deploy2/x.yaml", configMap("x"))
        let third = try fixture.commitAll("third")
        #expect(
            try repository.changes(from: from, to: .commit(repository.resolve(third).id), paths: ["deploy"]).map(\.path) == [
                "deploy/b.yaml"
            ])
    }

    /// The head commit, then staged and unstaged edits on top of it.
    private func withPendingEdits() throws -> GitFixture {
        let (fixture, _, _) = try twoCommits()
        try fixture.write("partial.yaml", configMap("partial"))
        try fixture.commitAll("partial")
        try fixture.write("partial.yaml", configMap("partial", data: "staged"))
        try fixture.git("add", "partial.yaml")
        try fixture.write("partial.yaml", configMap("partial", data: "unstaged"))  // the index differs from the file
        try fixture.write("staged-new.yaml", configMap("n"))
        try fixture.git("add", "staged-new.yaml")
        try fixture.git("mv", "deploy/a.yaml", "deploy/z.yaml")
        try fixture.git("rm", "-q", "other/c.yaml")
        try fixture.write("keep.yaml", configMap("keep", data: "unstaged"))
        try fixture.remove("modify.yaml")  // deleted in the working tree only
        try fixture.write("untracked.yaml", configMap("u"))
        try fixture.write("newdir/deep/x.yaml", configMap("x"))
        try fixture.write("ignored.yaml", configMap("i"))
        try fixture.write("build/out.yaml", configMap("o"))
        return fixture
    }

    @Test("tree to index: what git diff --cached lists, partially staged files as staged")
    func treeToIndex() throws {
        let fixture = try withPendingEdits()
        let repository = try fixture.open()
        let changes = try repository.changes(from: repository.resolve("HEAD").id, to: .index)
        #expect(nameStatus(changes) == (try fixture.nameStatus("--cached", "HEAD")))
        #expect(nameStatus(changes).contains("R\tdeploy/a.yaml\tdeploy/z.yaml"))
        let partial = try #require(changes.first { $0.path == "partial.yaml" })
        #expect(partial.new?.id?.description == (try fixture.git("rev-parse", ":partial.yaml")))
    }

    @Test("tree to working tree: git diff HEAD plus the untracked files, ignored ones left out")
    func treeToWorkingTree() throws {
        let fixture = try withPendingEdits()
        let repository = try fixture.open()
        let changes = try repository.changes(from: repository.resolve("HEAD").id, to: .workingTree)
        let untracked = try fixture.git("ls-files", "--others", "--exclude-standard").split(separator: "\n").map { "A\t\($0)" }
        #expect(nameStatus(changes) == (try fixture.nameStatus("HEAD") + untracked).sorted())
        #expect(Set(changes.filter(\.isUntracked).map(\.path)) == ["untracked.yaml", "newdir/deep/x.yaml"])
        #expect(!changes.contains { $0.path.hasPrefix("build/") || $0.path == "ignored.yaml" })
        #expect(nameStatus(changes).contains("D\tmodify.yaml"))
        #expect(nameStatus(changes).contains("M\tkeep.yaml"))
    }

    @Test("with an index older than the files, changes are found from file information as git finds them")
    func settledIndex() throws {
        let (fixture, _, _) = try twoCommits()
        for index in 0..<30 { try fixture.write("many/f\(index).yaml", configMap("f\(index)")) }
        try fixture.write("script.sh", "#!/bin/sh\n")
        try fixture.commitAll("more")
        // A second later, with the index rewritten, no entry is racily clean: only file information tells.
        Thread.sleep(forTimeInterval: 1.1)
        try fixture.git("update-index", "-q", "--really-refresh")
        let repository = try fixture.open()
        let head = try repository.resolve("HEAD").id
        #expect(try repository.changes(from: head, to: .workingTree).isEmpty)
        #expect(try repository.changes(from: head, to: .index).isEmpty)

        try fixture.write("many/f3.yaml", configMap("f3", data: "edited"))
        try fixture.remove("many/f7.yaml")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fixture.path("many/f9.yaml"))
        try fixture.remove("many/f11.yaml")
        try FileManager.default.createSymbolicLink(atPath: fixture.path("many/f11.yaml"), withDestinationPath: "f12.yaml")
        try fixture.write("many/new.yaml", configMap("new"))
        try fixture.write("fresh/deep/n.yaml", configMap("n"))
        try fixture.write("build/ignored.yaml", configMap("i"))
        let changes = try repository.changes(from: head, to: .workingTree)
        let untracked = try fixture.git("ls-files", "--others", "--exclude-standard").split(separator: "\n").map { "A\t\($0)" }
        #expect(nameStatus(changes) == (try fixture.nameStatus("HEAD") + untracked).sorted())
        #expect(
            nameStatus(changes) == [
                "A\tfresh/deep/n.yaml", "A\tmany/new.yaml", "D\tmany/f7.yaml", "M\tmany/f3.yaml", "M\tmany/f9.yaml", "T\tmany/f11.yaml",
            ])
        // Limited to a path inside an untracked directory, or to one file.
        #expect(nameStatus(try repository.changes(from: head, to: .workingTree, paths: ["fresh/deep"])) == ["A\tfresh/deep/n.yaml"])
        #expect(nameStatus(try repository.changes(from: head, to: .workingTree, paths: ["many/f3.yaml", "other"])) == ["M\tmany/f3.yaml"])
    }
}
