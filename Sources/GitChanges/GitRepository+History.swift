// sealgate · GitChanges

internal import CLibGit2
internal import KubeManifest

/// Which commits a history walk visits.
public enum GitHistoryRange: Sendable, Hashable, CustomStringConvertible {
    /// Commits named in Git's range syntax: `A..B` is every commit reachable from `B` and not from `A` (an
    /// empty side is `HEAD`, as in `git log A..`); a single revision is its whole history.
    case revisions(String)
    /// Every commit reachable from a reference (branches, remote-tracking branches, tags, the stash) or from
    /// `HEAD`, as `git log --all` walks.
    case allReferences

    /// The range as a user wrote it: the revisions, or `--all`.
    public var description: String {
        switch self {
        case let .revisions(text): text
        case .allReferences: "--all"
        }
    }
}

/// A commit met by a history walk: what a report says about it.
public struct GitHistoryCommit: Sendable, Hashable {
    /// The commit's id.
    public let id: GitObjectID
    /// Its parents' ids, first parent first.
    public let parents: [GitObjectID]
    /// When the author wrote it: seconds since 1970-01-01 UTC.
    public let authorTime: Int64
    /// The author's time-zone offset, in minutes east of UTC.
    public let authorOffsetMinutes: Int
    /// The first paragraph of its message, on one line, as the repository holds it (not yet safe to print:
    /// pass it through `TerminalText.oneLine(_:)`).
    public let summary: String

    /// Creates a commit as a walk reports it (a report built by hand, a test).
    public init(id: GitObjectID, parents: [GitObjectID], authorTime: Int64, authorOffsetMinutes: Int, summary: String) {
        self.id = id
        self.parents = parents
        self.authorTime = authorTime
        self.authorOffsetMinutes = authorOffsetMinutes
        self.summary = summary
    }
}

/// A blob a history walk found, with where it was first met.
public struct GitHistoryBlob: Sendable, Hashable {
    /// The blob's id.
    public let id: GitObjectID
    /// Its repository-relative path in ``commit``.
    public let path: String
    /// The oldest commit of the walk that holds it (the one that added it, when the walk reaches back that
    /// far); when that commit holds it at several paths, ``path`` is the first in tree order.
    public let commit: GitHistoryCommit
}

/// What a history walk found: its commits, and each manifest blob of their trees once.
public struct GitHistory: Sendable {
    /// Every commit walked, parents before children (the reverse of `git log --topo-order`).
    public let commits: [GitHistoryCommit]
    /// Each distinct blob of the walked trees under the paths, once, in the order the walk first met them.
    public let blobs: [GitHistoryBlob]
    /// The commits of a shallow clone's boundary that the walk reached: its history stops there, their
    /// parents were not fetched. Empty for a complete history.
    public let boundary: [GitObjectID]
}

extension GitRepository {
    /// Walks the commits of `range` and lists each manifest blob of their trees once: the files below
    /// `paths` that a directory walk takes (`ManifestLoader`'s rules: hidden names skipped, `.yaml`, `.yml`
    /// and `.json` files; a path that names a file is taken whatever its name).
    ///
    /// The commits are walked oldest first, so each blob is listed with the oldest commit that holds it. A
    /// tree met before (in another commit, or at another path) is not entered again: every blob below it is
    /// listed already, so a commit costs what it changed, not the size of its tree. Symbolic links and
    /// submodules are not blobs of the repository's manifests and are left out.
    ///
    /// A shallow clone's walk stops at the commits of ``shallowBoundary()``, as `git log` stops there.
    ///
    /// - Parameters:
    ///   - range: the commits to walk.
    ///   - paths: repository-relative files or directories (see ``repositoryPath(of:currentDirectory:)``);
    ///     `""` for the whole tree.
    ///   - allowingShallow: whether a walk that reaches a shallow boundary returns what the clone holds
    ///     (with ``GitHistory/boundary``) instead of failing.
    /// - Throws: ``GitError``: a revision of `range` does not resolve; `shallowBoundary`
    ///   (naming the boundary commits) when the walk reaches a shallow clone's boundary and
    ///   `allowingShallow` is false; `missingObject`; libgit2 fails.
    public func manifestHistory(
        _ range: GitHistoryRange, under paths: [String] = [""], allowingShallow: Bool = false
    ) throws(GitError) -> GitHistory {
        let tips = try historyTips(range)
        let boundary = Set(shallowBoundary())
        return try withRepository { (repository) throws(GitError) -> GitHistory in
            var include = tips.include ?? []
            if tips.include == nil { include = try referenceTips(in: repository) }
            let walk: (order: [GitObjectID], reached: [GitObjectID])
            if git_repository_is_shallow(repository) == 1 {
                walk = try boundedWalk(include: include, exclude: tips.exclude, boundary: boundary, in: repository)
                if !walk.reached.isEmpty, !allowingShallow {
                    let named = walk.reached.map { $0.abbreviated() }.joined(separator: ", ")
                    let one = walk.reached.count == 1
                    throw GitError(
                        .shallowBoundary,
                        "the history of \(range) stops at commit\(one ? "" : "s") \(named): this is a shallow clone and "
                            + "\(one ? "its parents were" : "their parents were") not fetched; fetch the whole history (git fetch --unshallow)",
                        path: displayPath, object: walk.reached.first)
                }
            } else {
                walk = (try revisionWalk(include: include, exclude: tips.exclude, in: repository), [])
            }
            var commits: [GitHistoryCommit] = []
            var blobs: [GitHistoryBlob] = []
            var seenBlobs: Set<GitObjectID> = []
            var seenTrees: Set<GitObjectID>? = []
            for id in walk.order {
                let (commit, root) = try historyCommit(id, in: repository)
                defer { git_tree_free(root) }
                commits.append(commit)
                for path in paths {
                    try manifestBlobs(of: root, at: path, skippingTrees: &seenTrees, in: repository) { blob, blobPath, _ in
                        if seenBlobs.insert(blob).inserted { blobs.append(GitHistoryBlob(id: blob, path: blobPath, commit: commit)) }
                    }
                }
            }
            return GitHistory(commits: commits, blobs: blobs, boundary: walk.reached)
        }
    }

    /// The manifest files of commit `id` below `paths`, by the rules of
    /// ``manifestHistory(_:under:allowingShallow:)``, without reading them: what a blob seen in history is
    /// compared with at `HEAD`.
    ///
    /// - Throws: ``GitError`` when the commit or a tree is missing, or libgit2 fails.
    public func manifestFiles(at id: GitObjectID, under paths: [String] = [""]) throws(GitError) -> [GitFile] {
        try withRepository { (repository) throws(GitError) -> [GitFile] in
            let root = try tree(ofCommit: id, in: repository)
            defer { git_tree_free(root) }
            var files: [GitFile] = []
            var everyTree: Set<GitObjectID>? = nil
            for path in paths {
                try manifestBlobs(of: root, at: path, skippingTrees: &everyTree, in: repository) { blob, blobPath, mode in
                    files.append(GitFile(path: blobPath, id: blob, mode: mode))
                }
            }
            return files
        }
    }

    // MARK: - Commits to walk

    /// The commits `range` starts from (nil: every reference, found under the lock) and those whose history
    /// it leaves out.
    private func historyTips(_ range: GitHistoryRange) throws(GitError) -> (include: [GitObjectID]?, exclude: [GitObjectID]) {
        guard case let .revisions(text) = range else { return (nil, []) }
        if text.contains("...") {
            throw GitError(
                .unknownRevision,
                "'\(text)' is a symmetric range, which a history audit does not take; give A..B (the commits of B that A lacks) or one revision",
                path: displayPath)
        }
        guard let dots = text.firstRange(of: "..") else { return ([try resolve(text).id], []) }
        let from = String(text[..<dots.lowerBound])
        let to = String(text[dots.upperBound...])
        let include = try resolve(to.isEmpty ? "HEAD" : to).id
        let exclude = try resolve(from.isEmpty ? "HEAD" : from).id
        return ([include], [exclude])
    }

    /// The commit of every reference that leads to one, and of `HEAD` (none while it is unborn), each once.
    private func referenceTips(in repository: OpaquePointer) throws(GitError) -> [GitObjectID] {
        var tips: [GitObjectID] = []
        var seen: Set<GitObjectID> = []
        func add(_ reference: OpaquePointer) {
            var object: OpaquePointer?
            // A reference to a tree or a blob (a tag of one) leads to no commit: `git log --all` skips it too.
            guard git_reference_peel(&object, reference, GIT_OBJECT_COMMIT) == 0, let object else { return }
            defer { git_object_free(object) }
            let id = GitObjectID(git_object_id(object).pointee)
            if seen.insert(id).inserted { tips.append(id) }
        }
        var head: OpaquePointer?
        if git_repository_head(&head, repository) == 0, let head {
            add(head)
            git_reference_free(head)
        }
        var iterator: OpaquePointer?
        let opened = git_reference_iterator_new(&iterator, repository)
        guard opened == 0, let iterator else {
            throw GitError(LibGit2.failure(opened), while: "listing the references", path: displayPath)
        }
        defer { git_reference_iterator_free(iterator) }
        while true {
            var reference: OpaquePointer?
            let code = git_reference_next(&reference, iterator)
            if code == GIT_ITEROVER.rawValue { break }
            guard code == 0, let reference else {
                throw GitError(LibGit2.failure(code), while: "listing the references", path: displayPath)
            }
            add(reference)
            git_reference_free(reference)
        }
        return tips
    }

    /// The commits reachable from `include` and not from `exclude`, parents first, through `git_revwalk`
    /// (topological order, ties by time).
    private func revisionWalk(
        include: [GitObjectID], exclude: [GitObjectID], in repository: OpaquePointer
    ) throws(GitError) -> [GitObjectID] {
        var created: OpaquePointer?
        try walkCheck(git_revwalk_new(&created, repository))
        guard let walk = created else { return [] }
        defer { git_revwalk_free(walk) }
        try walkCheck(git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue | GIT_SORT_REVERSE.rawValue))
        for id in include {
            var oid = id.oid
            try walkCheck(git_revwalk_push(walk, &oid))
        }
        for id in exclude {
            var oid = id.oid
            try walkCheck(git_revwalk_hide(walk, &oid))
        }
        var order: [GitObjectID] = []
        var oid = git_oid()
        while true {
            let code = git_revwalk_next(&oid, walk)
            if code == GIT_ITEROVER.rawValue { return order }
            try walkCheck(code)
            order.append(GitObjectID(oid))
        }
    }

    private func walkCheck(_ code: Int32) throws(GitError) {
        guard code < 0 else { return }
        let failure = LibGit2.failure(code)
        if failure.isMissingObject { throw missingObjectError(failure, what: "walking the history") }
        throw GitError(failure, while: "walking the history", path: displayPath)
    }

    /// ``revisionWalk(include:exclude:in:)`` for a shallow clone, whose `boundary` commits count as having no
    /// parents, as `git` counts them (libgit2 1.5's revision walk fails on the first parent that was not
    /// fetched); also returns the boundary commits among those walked. Parents come first, the oldest first among the
    /// commits whose parents have all come. A shallow history is short, so plain walks are cheap.
    private func boundedWalk(
        include: [GitObjectID], exclude: [GitObjectID], boundary: Set<GitObjectID>, in repository: OpaquePointer
    ) throws(GitError) -> (order: [GitObjectID], reached: [GitObjectID]) {
        var known: [GitObjectID: (parents: [GitObjectID], time: Int64)] = [:]
        func parents(_ id: GitObjectID) throws(GitError) -> [GitObjectID] {
            if let entry = known[id] { return entry.parents }
            let (commit, tree) = try historyCommit(id, in: repository)
            git_tree_free(tree)
            let parents = boundary.contains(id) ? [] : commit.parents
            known[id] = (parents, commit.authorTime)
            return parents
        }
        func ancestors(of starts: [GitObjectID], outside hidden: Set<GitObjectID>) throws(GitError) -> Set<GitObjectID> {
            var found: Set<GitObjectID> = []
            var stack = starts
            while let id = stack.popLast() {
                guard !hidden.contains(id), found.insert(id).inserted else { continue }
                stack += try parents(id)
            }
            return found
        }
        let hidden = try ancestors(of: exclude, outside: [])
        let included = try ancestors(of: include, outside: hidden)
        // History is missing from the walk only where the walked commits stop; an excluded side that stops
        // early can at worst let in (and so audit) commits a complete walk would have left out.
        let reached = included.intersection(boundary)

        // Kahn's algorithm over the included commits: a commit is ready when its included parents are out.
        var waiting: [GitObjectID: Int] = [:]
        var children: [GitObjectID: [GitObjectID]] = [:]
        for id in included {
            let inside = (known[id]?.parents ?? []).filter(included.contains)
            waiting[id] = inside.count
            for parent in inside { children[parent, default: []].append(id) }
        }
        // Ready commits, newest first, so the oldest is taken from the end.
        func newer(_ a: GitObjectID, _ b: GitObjectID) -> Bool {
            let (left, right) = (known[a]?.time ?? 0, known[b]?.time ?? 0)
            return left != right ? left > right : a > b
        }
        var ready = included.filter { waiting[$0] == 0 }.sorted(by: newer)
        var order: [GitObjectID] = []
        while let id = ready.popLast() {
            order.append(id)
            for child in children[id] ?? [] {
                waiting[child, default: 1] -= 1
                guard waiting[child] == 0 else { continue }
                let at = ready.firstIndex { !newer($0, child) } ?? ready.endIndex
                ready.insert(child, at: at)
            }
        }
        return (order, reached.sorted())
    }

    /// Commit `id` as a walk reports it, and its root tree (free it with `git_tree_free`).
    private func historyCommit(_ id: GitObjectID, in repository: OpaquePointer) throws(GitError) -> (GitHistoryCommit, OpaquePointer) {
        var oid = id.oid
        let commit = try lookUp("commit \(id.abbreviated())") { git_commit_lookup(&$0, repository, &oid) }
        defer { git_commit_free(commit) }
        let root = try lookUp("the tree of commit \(id.abbreviated())") { git_commit_tree(&$0, commit) }
        let when = git_commit_author(commit)?.pointee.when
        let summary = git_commit_summary(commit).map { String(cString: $0) } ?? ""
        let base = Self.commit(commit)
        let described = GitHistoryCommit(
            id: base.id, parents: base.parents, authorTime: Int64(when?.time ?? 0), authorOffsetMinutes: Int(when?.offset ?? 0),
            summary: summary)
        return (described, root)
    }

    /// The object a libgit2 lookup gives (`what` names it in errors): a missing object is
    /// `missingObject`.
    private func lookUp(_ what: String, _ call: (inout OpaquePointer?) -> Int32) throws(GitError) -> OpaquePointer {
        var object: OpaquePointer?
        let code = call(&object)
        guard code == 0, let object else {
            let failure = LibGit2.failure(code)
            if failure.isMissingObject { throw missingObjectError(failure, what: what) }
            throw GitError(failure, while: "reading \(what)", path: displayPath)
        }
        return object
    }

    // MARK: - Blobs of a tree

    /// Calls `found` with each manifest blob at or below `path` of the tree `root`: the blob at `path` itself
    /// whatever its name, or those a directory walk of it takes. A tree whose id is in `seenTrees` is not
    /// entered (none is skipped when it is nil); each tree entered is added to it.
    private func manifestBlobs(
        of root: OpaquePointer, at path: String, skippingTrees seenTrees: inout Set<GitObjectID>?, in repository: OpaquePointer,
        _ found: (GitObjectID, String, GitFileMode) -> Void
    ) throws(GitError) {
        guard !path.isEmpty else {
            if seenTrees?.insert(GitObjectID(git_tree_id(root).pointee)).inserted == false { return }
            return try manifestBlobs(below: root, prefix: "", skippingTrees: &seenTrees, in: repository, found)
        }
        var located: OpaquePointer?
        let code = git_tree_entry_bypath(&located, root, path)
        if code == GIT_ENOTFOUND.rawValue { return }
        guard code == 0, let entry = located else {
            throw GitError(LibGit2.failure(code), while: "finding \(path) in a commit", path: displayPath)
        }
        defer { git_tree_entry_free(entry) }
        try visit(entry, named: nil, path: path, skippingTrees: &seenTrees, in: repository, found)
    }

    private func manifestBlobs(
        below tree: OpaquePointer, prefix: String, skippingTrees seenTrees: inout Set<GitObjectID>?, in repository: OpaquePointer,
        _ found: (GitObjectID, String, GitFileMode) -> Void
    ) throws(GitError) {
        for index in 0..<git_tree_entrycount(tree) {
            guard let entry = git_tree_entry_byindex(tree, index) else { continue }
            let name = String(cString: git_tree_entry_name(entry))
            try visit(
                entry, named: name, path: prefix.isEmpty ? name : prefix + "/" + name, skippingTrees: &seenTrees, in: repository, found)
        }
    }

    /// One entry: a blob the walk takes is `found`; a directory is entered unless seen; links and submodules
    /// are passed over. The walk's name rule applies to an entry met by `name` inside a directory; the entry
    /// at a path the user named (`name` nil) is taken as it is.
    private func visit(
        _ entry: OpaquePointer, named name: String?, path: String, skippingTrees seenTrees: inout Set<GitObjectID>?,
        in repository: OpaquePointer, _ found: (GitObjectID, String, GitFileMode) -> Void
    ) throws(GitError) {
        let id = GitObjectID(git_tree_entry_id(entry).pointee)
        let mode = GitFileMode(raw: UInt32(git_tree_entry_filemode(entry).rawValue)) ?? .file
        let isFile = mode == .file || mode == .executable
        if let name, !ManifestLoader.walkTakes(name, isDirectory: !isFile) { return }
        if isFile { return found(id, path, mode) }
        guard mode == .directory, seenTrees?.insert(id).inserted != false else { return }
        let subtree = try lookUp("directory \(path)") { git_tree_lookup(&$0, repository, git_tree_entry_id(entry)) }
        defer { git_tree_free(subtree) }
        try manifestBlobs(below: subtree, prefix: path, skippingTrees: &seenTrees, in: repository, found)
    }
}
