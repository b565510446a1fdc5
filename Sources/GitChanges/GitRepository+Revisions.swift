// sealgate · GitChanges

internal import CLibGit2

/// A commit, as far as sealgate needs it: its id, its tree and its parents.
public struct GitCommit: Sendable, Hashable {
    /// The commit's id.
    public let id: GitObjectID
    /// The id of its root tree.
    public let tree: GitObjectID
    /// Its parents' ids, first parent first (none for a root commit, two or more for a merge).
    public let parents: [GitObjectID]
}

extension GitRepository {
    /// The commit a revision names, in Git's revision syntax: `HEAD`, `HEAD^1`, `HEAD~3`, `main`,
    /// `origin/main`, a tag (annotated tags are followed to their commit), a full or abbreviated id.
    ///
    /// - Throws: ``GitError`` with `unknownRevision` (no such name),
    ///   `ambiguousRevision`, `notACommit` (a tree or a blob),
    ///   `shallowBoundary` (the commit is beyond what a shallow clone fetched; ``GitError/object``
    ///   names it when it is known), `missingObject`.
    public func resolve(_ revision: String) throws(GitError) -> GitCommit {
        try withRepository { (repository) throws(GitError) -> GitCommit in
            var object: OpaquePointer?
            let found = git_revparse_single(&object, repository, revision)
            guard found == 0, let object else {
                throw revisionError(LibGit2.failure(found), revision: revision, repository: repository)
            }
            defer { git_object_free(object) }
            var peeled: OpaquePointer?
            let peel = git_object_peel(&peeled, object, GIT_OBJECT_COMMIT)
            guard peel == 0, let commit = peeled else {
                let failure = LibGit2.failure(peel)
                if failure.isMissingObject {
                    throw revisionError(failure, revision: revision, repository: repository)
                }
                let type = String(cString: git_object_type2string(git_object_type(object)))
                throw GitError(
                    .notACommit, "revision '\(revision)' names a \(type), not a commit; give a branch, tag or commit",
                    path: displayPath)
            }
            defer { git_object_free(commit) }
            return Self.commit(commit)
        }
    }

    /// The best common ancestor of two commits (`git merge-base a b`): where a branch left its target.
    ///
    /// In a shallow clone the commits of ``shallowBoundary()`` are taken as having no parents, as `git` takes
    /// them, so a merge base inside the fetched history is found (libgit2 alone would fail on the first
    /// parent that was not fetched).
    ///
    /// - Throws: ``GitError`` with `noMergeBase` when the histories share no commit,
    ///   `shallowBoundary` when the repository is shallow and the fetched history holds no
    ///   common commit (the merge base, if there is one, was not fetched), `missingObject`.
    public func mergeBase(_ a: GitObjectID, _ b: GitObjectID) throws(GitError) -> GitObjectID {
        let boundary = Set(shallowBoundary())
        return try withRepository { (repository) throws(GitError) -> GitObjectID in
            let pair = "\(a.abbreviated()) and \(b.abbreviated())"
            if git_repository_is_shallow(repository) == 1 {
                let (base, truncated) = try shallowMergeBase(a, b, boundary: boundary, in: repository)
                if let base { return base }
                guard truncated else {
                    throw GitError(
                        .noMergeBase, "commits \(pair) share no history, so they have no merge base; compare them directly",
                        path: displayPath)
                }
                throw GitError(
                    .shallowBoundary,
                    "the merge base of \(pair) is not in this shallow clone (its history stops before they meet); "
                        + "fetch more history (git fetch --deepen=<n>, or --unshallow)",
                    path: displayPath)
            }
            var base = git_oid()
            var one = a.oid
            var two = b.oid
            let code = git_merge_base(&base, repository, &one, &two)
            guard code != 0 else { return GitObjectID(base) }
            let failure = LibGit2.failure(code)
            if failure.isMissingObject {
                throw missingObjectError(failure, what: "the history of \(pair)")
            }
            if code == GIT_ENOTFOUND.rawValue {
                throw GitError(
                    .noMergeBase, "commits \(pair) share no history, so they have no merge base; compare them directly",
                    path: displayPath)
            }
            throw GitError(failure, while: "finding the merge base of \(pair)", path: displayPath)
        }
    }

    /// The merge base of `a` and `b` in a shallow clone, whose `boundary` commits count as having no
    /// parents; `truncated` tells whether a walk reached the boundary (so an older merge base may exist).
    ///
    /// The common ancestors first met walking back from `b` are the candidates; the best are those that are
    /// not an ancestor of another candidate; of several (criss-cross merges), the newest is taken, as `git
    /// merge-base` prints one. A shallow history is short, so plain walks are cheap.
    private func shallowMergeBase(
        _ a: GitObjectID, _ b: GitObjectID, boundary: Set<GitObjectID>, in repository: OpaquePointer
    ) throws(GitError) -> (base: GitObjectID?, truncated: Bool) {
        var truncated = false
        var parentsOf: [GitObjectID: [GitObjectID]] = [:]
        func parents(_ id: GitObjectID) throws(GitError) -> [GitObjectID] {
            if let known = parentsOf[id] { return known }
            var found: [GitObjectID] = []
            if boundary.contains(id) {
                truncated = true
            } else {
                found = try lookUpCommit(id, in: repository).parents
            }
            parentsOf[id] = found
            return found
        }
        func ancestors(
            of start: GitObjectID, stoppingAt stop: Set<GitObjectID> = []
        ) throws(GitError) -> (all: Set<GitObjectID>, met: [GitObjectID]) {
            var seen: Set<GitObjectID> = [start]
            var met: [GitObjectID] = []
            var queue = [start]
            while let id = queue.popLast() {
                if stop.contains(id) {
                    met.append(id)
                    continue
                }
                for parent in try parents(id) where seen.insert(parent).inserted { queue.append(parent) }
            }
            return (seen, met)
        }
        let fromA = try ancestors(of: a).all
        let candidates = try ancestors(of: b, stoppingAt: fromA).met
        var best: [GitObjectID] = []
        for candidate in candidates {
            var below = false
            for other in candidates where other != candidate {
                if try ancestors(of: other).all.contains(candidate) {
                    below = true
                    break
                }
            }
            if !below { best.append(candidate) }
        }
        var newest: (id: GitObjectID, time: Int64)?
        for id in best {
            let time = try commitTime(id, in: repository)
            if newest.map({ time > $0.time || (time == $0.time && id < $0.id) }) ?? true { newest = (id, time) }
        }
        return (newest?.id, truncated)
    }

    /// The commit `id`, looked up by id.
    private func lookUpCommit(_ id: GitObjectID, in repository: OpaquePointer) throws(GitError) -> GitCommit {
        try withCommit(id, in: repository) { Self.commit($0) }
    }

    private func commitTime(_ id: GitObjectID, in repository: OpaquePointer) throws(GitError) -> Int64 {
        try withCommit(id, in: repository) { Int64(git_commit_time($0)) }
    }

    /// The tree of commit `id` (free it with `git_tree_free`).
    func tree(ofCommit id: GitObjectID, in repository: OpaquePointer) throws(GitError) -> OpaquePointer {
        try withCommit(id, in: repository) { (commit) throws(GitError) -> OpaquePointer in
            var tree: OpaquePointer?
            let read = git_commit_tree(&tree, commit)
            guard read == 0, let tree else {
                let failure = LibGit2.failure(read)
                if failure.isMissingObject { throw missingObjectError(failure, what: "commit \(id.abbreviated())") }
                throw GitError(failure, while: "reading the tree of commit \(id.abbreviated())", path: displayPath)
            }
            return tree
        }
    }

    /// Runs `body` with the `git_commit` of `id`.
    func withCommit<Result>(
        _ id: GitObjectID, in repository: OpaquePointer, _ body: (OpaquePointer) throws(GitError) -> Result
    ) throws(GitError) -> Result {
        var oid = id.oid
        var commit: OpaquePointer?
        let code = git_commit_lookup(&commit, repository, &oid)
        guard code == 0, let commit else {
            let failure = LibGit2.failure(code)
            if failure.isMissingObject {
                if git_repository_is_shallow(repository) == 1 { throw notFetchedError(id.description, object: id) }
                throw missingObjectError(failure, what: "commit \(id.abbreviated())")
            }
            throw GitError(failure, while: "reading commit \(id.abbreviated())", path: displayPath)
        }
        defer { git_commit_free(commit) }
        return try body(commit)
    }

    /// The error for commit `name` (an id), which a shallow clone does not hold.
    private func notFetchedError(_ name: String, object: GitObjectID?) -> GitError {
        GitError(
            .shallowBoundary,
            "commit \(name) is not in this shallow clone; fetch it (git fetch --depth=1 origin \(name)) or more history",
            path: displayPath, object: object)
    }

    /// The commit's id, tree and parents.
    static func commit(_ commit: OpaquePointer) -> GitCommit {
        GitCommit(
            id: GitObjectID(git_commit_id(commit).pointee),
            tree: GitObjectID(git_commit_tree_id(commit).pointee),
            parents: (0..<git_commit_parentcount(commit)).map { GitObjectID(git_commit_parent_id(commit, $0).pointee) })
    }

    /// The error for a revision libgit2 could not resolve.
    private func revisionError(_ failure: LibGit2.Failure, revision: String, repository: OpaquePointer) -> GitError {
        let shallow = git_repository_is_shallow(repository) == 1
        if failure.isMissingObject {
            guard shallow else { return missingObjectError(failure, what: "revision '\(revision)'") }
            let missing = failure.namedObject
            let fetch = missing.map { "git fetch --depth=1 origin \($0)" } ?? "git fetch --depth=1 origin <commit>"
            return GitError(
                .shallowBoundary,
                "revision '\(revision)' reaches \(missing.map { "commit \($0.abbreviated())" } ?? "a commit") beyond "
                    + "the boundary of this shallow clone; fetch more history (git fetch --deepen=<n>) or that commit (\(fetch))",
                path: displayPath, object: missing)
        }
        if failure.code == GIT_EAMBIGUOUS.rawValue {
            return GitError(
                .ambiguousRevision, "revision '\(revision)' is ambiguous: several objects start with it; give more of the id",
                path: displayPath)
        }
        if shallow, Self.looksLikeObjectID(revision) {
            return notFetchedError(revision, object: GitObjectID(hex: revision))
        }
        if revision.hasPrefix("HEAD"), git_repository_head_unborn(repository) == 1 {
            return GitError(
                .unknownRevision, "unknown revision '\(revision)': the repository has no commit yet; commit first",
                path: displayPath)
        }
        return GitError(
            .unknownRevision,
            "unknown revision '\(revision)': no branch, tag or commit of that name here; check the name, or run "
                + "git fetch (a CI checkout may hold a single branch: git fetch origin <branch>)",
            path: displayPath)
    }

    /// The error for an object missing from a repository that is not shallow.
    func missingObjectError(_ failure: LibGit2.Failure, what: String) -> GitError {
        let missing = failure.namedObject
        return GitError(
            .missingObject,
            "\(what) needs object \(missing.map(\.description) ?? "(unknown)"), which is not in the repository "
                + "(a partial clone, or a damaged repository); run git fetch, or git fsck",
            path: displayPath, object: missing)
    }

    /// Whether `revision` is 4 to 40 hex digits, which Git reads as an (abbreviated) object id.
    private static func looksLikeObjectID(_ revision: String) -> Bool {
        (4...40).contains(revision.utf8.count)
            && revision.utf8.allSatisfy { byte in
                (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
                    || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
            }
    }
}
