// sealgate · GitChanges tests

import Foundation
import Testing
@testable import GitChanges

struct RevisionTests {
    /// main: c1 - c2 - c3 - m (merge of side) ; side: c2 - s1
    private func history() throws -> GitFixture {
        let fixture = try GitFixture()
        try fixture.write("a.yaml", configMap("a"))
        try fixture.commitAll("c1")
        try fixture.write("b.yaml", configMap("b"))
        try fixture.commitAll("c2")
        try fixture.git("branch", "side")
        try fixture.write("c.yaml", configMap("c"))
        try fixture.commitAll("c3")
        try fixture.git("tag", "light")
        try fixture.git("tag", "-a", "-m", "annotated", "v1")
        try fixture.git("checkout", "-q", "side")
        try fixture.write("s.yaml", configMap("s"))
        try fixture.commitAll("s1")
        try fixture.git("checkout", "-q", "main")
        try fixture.git("merge", "-q", "--no-edit", "side")
        return fixture
    }

    @Test("revisions resolve to the commit git rev-parse names, with its tree and parents")
    func resolveRevisions() throws {
        let fixture = try history()
        let repository = try fixture.open()
        let full = try fixture.git("rev-parse", "HEAD~2")
        for revision in ["HEAD", "HEAD^1", "HEAD^2", "HEAD~2", "main", "side", "light", "v1", full, String(full.prefix(7))] {
            let commit = try repository.resolve(revision)
            #expect(commit.id.description == (try fixture.git("rev-parse", "\(revision)^{commit}")), "\(revision)")
            #expect(commit.tree.description == (try fixture.git("rev-parse", "\(revision)^{tree}")), "\(revision)")
            let parents = try fixture.git("rev-parse", "\(revision)^@").split(separator: "\n").map(String.init)
            #expect(commit.parents.map(\.description) == parents, "\(revision)")
        }
    }

    @Test("an unknown revision says what to do; a tree is not a commit; an empty repository has no HEAD")
    func revisionErrors() throws {
        let fixture = try history()
        let repository = try fixture.open()
        let root = fixture.root.path
        let unknown = try #require(gitError { () throws(GitError) in try repository.resolve("origin/main") })
        #expect(unknown.code == .unknownRevision)
        #expect(unknown.description.hasPrefix("\(root): error: unknown revision 'origin/main': no branch, tag or commit"))
        #expect(unknown.description.contains("git fetch"))
        let tree = try #require(gitError { () throws(GitError) in try repository.resolve("HEAD^{tree}") })
        #expect(tree.code == .notACommit)
        #expect(tree.reason == "revision 'HEAD^{tree}' names a tree, not a commit; give a branch, tag or commit")
        #expect(gitError { () throws(GitError) in try repository.resolve("deadbeef") }?.code == .unknownRevision)
        let emptyFixture = try GitFixture()
        let empty = try emptyFixture.open()
        let unborn = try #require(gitError { () throws(GitError) in try empty.resolve("HEAD") })
        #expect(unborn.code == .unknownRevision)
        #expect(unborn.reason.contains("no commit yet"))
    }

    @Test("the merge base is the one git merge-base finds; unrelated histories have none")
    func mergeBase() throws {
        let fixture = try history()
        try fixture.git("checkout", "-q", "-b", "later", "main~1")
        try fixture.write("l.yaml", configMap("l"))
        try fixture.commitAll("l1")
        let repository = try fixture.open()
        for (a, b) in [("later", "side"), ("main", "side"), ("main", "later"), ("HEAD", "HEAD")] {
            let base = try repository.mergeBase(repository.resolve(a).id, repository.resolve(b).id)
            #expect(base.description == (try fixture.git("merge-base", a, b)), "\(a) \(b)")
        }
        try fixture.git("checkout", "-q", "--orphan", "alone")
        try fixture.commitAll("unrelated")
        let alone = try repository.resolve("alone").id
        let main = try repository.resolve("main").id
        let error = try #require(gitError { () throws(GitError) in try repository.mergeBase(alone, main) })
        #expect(error.code == .noMergeBase)
        #expect(error.reason.contains("share no history"))
    }

    @Test("a depth-1 clone is shallow: HEAD^1, an older id and the merge base are beyond the boundary")
    func depthOne() throws {
        let source = try history()
        let clone = try GitFixture(cloning: source, cloneArguments: ["--depth", "1", "--no-single-branch", "--no-tags"])
        let repository = try clone.open()
        let head = try repository.resolve("HEAD")
        #expect(repository.isShallow)
        // Each branch was fetched one commit deep: both tips are where history stops.
        let tips = try clone.git("rev-parse", "HEAD", "origin/side").split(separator: "\n").map(String.init)
        #expect(repository.shallowBoundary().map(\.description).sorted() == tips.sorted())
        #expect(head.id.description == (try source.git("rev-parse", "HEAD")))
        let parent = try source.git("rev-parse", "HEAD^1")
        let beyond = try #require(gitError { () throws(GitError) in try repository.resolve("HEAD^1") })
        #expect(beyond.code == .shallowBoundary)
        #expect(beyond.object?.description == parent)
        #expect(beyond.reason.contains("git fetch --depth=1 origin \(parent)"))
        let old = try source.git("rev-parse", "HEAD~2")
        let notFetched = try #require(gitError { () throws(GitError) in try repository.resolve(old) })
        #expect(notFetched.code == .shallowBoundary)
        #expect(notFetched.object?.description == old)
        let side = try repository.resolve("origin/side").id
        let base = try #require(gitError { () throws(GitError) in try repository.mergeBase(head.id, side) })
        #expect(base.code == .shallowBoundary)
        #expect(base.reason.contains("not in this shallow clone"))
        // A commit that was not fetched cannot be compared with.
        let parentID = try #require(GitObjectID(hex: parent))
        let diff = try #require(gitError { () throws(GitError) in try repository.changes(from: parentID, to: .commit(head.id)) })
        #expect(diff.code == .shallowBoundary)
        #expect(diff.object == parentID)
        // The commit itself is complete: its tree reads.
        #expect(try repository.files(in: .commit(head.id), under: "")?.files.map(\.path) == ["a.yaml", "b.yaml", "c.yaml", "s.yaml"])
    }

    @Test("a depth-2 clone has HEAD^1 and the change between them; HEAD^1^1 is beyond the boundary")
    func depthTwo() throws {
        let source = try history()
        let clone = try GitFixture(cloning: source, cloneArguments: ["--depth", "2"])
        let repository = try clone.open()
        #expect(repository.isShallow)
        let head = try repository.resolve("HEAD")
        let parent = try repository.resolve("HEAD^1")
        #expect(parent.id.description == (try source.git("rev-parse", "HEAD^1")))
        #expect(try repository.changes(from: parent.id, to: .commit(head.id)).map(\.path) == ["s.yaml"])
        let beyond = try #require(gitError { () throws(GitError) in try repository.resolve("HEAD^1^1") })
        #expect(beyond.code == .shallowBoundary)
        #expect(beyond.object?.description == (try source.git("rev-parse", "HEAD~2")))
    }

    @Test("in a shallow clone, a merge base inside the fetched history is found as git finds it there")
    func mergeBaseInsideShallowHistory() throws {
        let source = try history()
        // Depth 3 from the merge: m; c3 and s1; c2, where the two branches meet and the history stops.
        let clone = try GitFixture(cloning: source, cloneArguments: ["--depth", "3"])
        let repository = try clone.open()
        #expect(repository.isShallow)
        let base = try repository.mergeBase(repository.resolve("HEAD^1").id, repository.resolve("HEAD^2").id)
        #expect(base.description == (try clone.git("merge-base", "HEAD^1", "HEAD^2")))
        #expect(base.description == (try source.git("rev-parse", "side^1")))
        #expect(
            try repository.mergeBase(repository.resolve("HEAD").id, repository.resolve("HEAD^2").id).description
                == (try clone.git("rev-parse", "HEAD^2")))
    }

    @Test("a full clone is not shallow")
    func notShallow() throws {
        let fixture = try history()
        let repository = try fixture.open()
        #expect(!repository.isShallow)
        #expect(repository.shallowBoundary().isEmpty)
    }
}
