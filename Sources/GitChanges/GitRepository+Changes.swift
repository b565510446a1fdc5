// sealgate · GitChanges

internal import CLibGit2
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// The side of a diff that is compared with a base commit.
public enum GitDiffTarget: Sendable, Hashable {
    /// Another commit's tree (`git diff <base> <commit>`).
    case commit(GitObjectID)
    /// The index: what `git commit` would record (`git diff --cached <base>`).
    case index
    /// The files of the working tree, untracked files included and ignored ones left out, as the index's
    /// file information finds them changed (`git diff <base>`, plus the untracked files).
    case workingTree
}

extension GitRepository {
    /// The paths that differ between the tree of commit `base` and `target`, with renames found as
    /// `git diff -M` finds them (50% similarity), in path order.
    ///
    /// An untracked file is ``GitChange/Kind/added`` (never the new side of a rename, as in `git diff`,
    /// which does not see it); a submodule changes when the commit it records does, whatever its own
    /// working tree holds; a file that became a directory is a deletion and additions.
    ///
    /// - Parameters:
    ///   - base: the commit to compare from.
    ///   - target: what to compare with it.
    ///   - paths: repository-relative files or directories (see ``repositoryPath(of:currentDirectory:)``)
    ///     to limit the comparison to; empty or `""` for the whole repository.
    ///   - findRenames: whether to pair deletions with additions of similar content.
    /// - Throws: ``GitError``: the commit is missing, the repository is bare (for the index or the working
    ///   tree), or libgit2 fails.
    public func changes(
        from base: GitObjectID, to target: GitDiffTarget, paths: [String] = [], findRenames: Bool = true
    ) throws(GitError) -> [GitChange] {
        if target == .index || target == .workingTree, isBare {
            throw bareRepositoryError(doing: target == .index ? "comparing with the index" : "comparing with the working tree")
        }
        let limited = paths.contains("") ? [] : paths
        return try withRepository { (repository) throws(GitError) -> [GitChange] in
            let old = try tree(ofCommit: base, in: repository)
            defer { git_tree_free(old) }
            var new: OpaquePointer?
            if case let .commit(id) = target { new = try tree(ofCommit: id, in: repository) }
            defer { git_tree_free(new) }
            var options = git_diff_options()
            git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION))
            options.flags = GIT_DIFF_INCLUDE_TYPECHANGE.rawValue
            options.ignore_submodules = GIT_SUBMODULE_IGNORE_DIRTY
            if target == .workingTree {
                options.flags |= GIT_DIFF_INCLUDE_UNTRACKED.rawValue | GIT_DIFF_RECURSE_UNTRACKED_DIRS.rawValue
            }
            if !limited.isEmpty { options.flags |= GIT_DIFF_DISABLE_PATHSPEC_MATCH.rawValue }
            let pathspec = limited.map { strdup($0) }
            defer { pathspec.forEach { free($0) } }
            var diff: OpaquePointer?
            var code: Int32 = 0
            pathspec.withUnsafeBufferPointer { strings in
                options.pathspec = git_strarray(
                    strings: UnsafeMutablePointer(mutating: strings.baseAddress), count: strings.count)
                code = switch target {
                case .commit: git_diff_tree_to_tree(&diff, repository, old, new, &options)
                case .index: Self.diffWithIndex(&diff, from: old, options: &options, in: repository)
                case .workingTree: git_diff_tree_to_workdir_with_index(&diff, repository, old, &options)
                }
            }
            guard code == 0, let diff else {
                let failure = LibGit2.failure(code)
                if failure.isMissingObject { throw missingObjectError(failure, what: "comparing with commit \(base.abbreviated())") }
                throw GitError(failure, while: "comparing with commit \(base.abbreviated())", path: displayPath)
            }
            defer { git_diff_free(diff) }
            if findRenames {
                var find = git_diff_find_options()
                git_diff_find_options_init(&find, UInt32(GIT_DIFF_FIND_OPTIONS_VERSION))
                find.flags = GIT_DIFF_FIND_RENAMES.rawValue
                let found = git_diff_find_similar(diff, &find)
                guard found == 0 else {
                    throw GitError(LibGit2.failure(found), while: "finding renames", path: displayPath)
                }
            }
            return (0..<git_diff_num_deltas(diff)).compactMap { index in
                git_diff_get_delta(diff, index).flatMap { Self.change($0.pointee) }
            }
        }
    }

    /// The diff from `old` to the index, read again from disk first.
    private static func diffWithIndex(
        _ diff: inout OpaquePointer?, from old: OpaquePointer, options: inout git_diff_options, in repository: OpaquePointer
    ) -> Int32 {
        var index: OpaquePointer?
        let code = freshIndex(&index, of: repository)
        guard code == 0 else { return code }
        defer { git_index_free(index) }
        return git_diff_tree_to_index(&diff, repository, old, index, &options)
    }

    /// The tree of commit `id` (free it with `git_tree_free`).
    func tree(ofCommit id: GitObjectID, in repository: OpaquePointer) throws(GitError) -> OpaquePointer {
        var oid = id.oid
        var commit: OpaquePointer?
        let found = git_commit_lookup(&commit, repository, &oid)
        guard found == 0, let commit else {
            let failure = LibGit2.failure(found)
            if failure.isMissingObject {
                if git_repository_is_shallow(repository) == 1 {
                    throw GitError(
                        .shallowBoundary,
                        "commit \(id) is not in this shallow clone; fetch it (git fetch --depth=1 origin \(id)) or more history",
                        path: displayPath, object: id)
                }
                throw missingObjectError(failure, what: "commit \(id.abbreviated())")
            }
            throw GitError(failure, while: "reading commit \(id.abbreviated())", path: displayPath)
        }
        defer { git_commit_free(commit) }
        var tree: OpaquePointer?
        let read = git_commit_tree(&tree, commit)
        guard read == 0, let tree else {
            let failure = LibGit2.failure(read)
            if failure.isMissingObject { throw missingObjectError(failure, what: "commit \(id.abbreviated())") }
            throw GitError(failure, while: "reading the tree of commit \(id.abbreviated())", path: displayPath)
        }
        return tree
    }

    /// The repository's index, read again from disk if another process changed it since libgit2 last read it.
    static func freshIndex(_ index: inout OpaquePointer?, of repository: OpaquePointer) -> Int32 {
        let code = git_repository_index(&index, repository)
        guard code == 0 else { return code }
        let read = git_index_read(index, 0)
        if read != 0 {
            git_index_free(index)
            index = nil
        }
        return read
    }

    /// A delta as a change; `nil` for the statuses that are not changes (unmodified, ignored).
    private static func change(_ delta: git_diff_delta) -> GitChange? {
        let kind: GitChange.Kind
        switch delta.status {
        case GIT_DELTA_ADDED, GIT_DELTA_UNTRACKED, GIT_DELTA_COPIED: kind = .added
        case GIT_DELTA_DELETED: kind = .deleted
        case GIT_DELTA_RENAMED: kind = .renamed
        case GIT_DELTA_TYPECHANGE: kind = .typeChanged
        // A conflicted index entry or an unreadable file differs from the base in a way a diff cannot tell.
        case GIT_DELTA_MODIFIED, GIT_DELTA_CONFLICTED, GIT_DELTA_UNREADABLE: kind = .modified
        default: return nil
        }
        let old = kind == .added ? nil : file(delta.old_file)
        let new = kind == .deleted ? nil : file(delta.new_file)
        return GitChange(
            kind: kind, old: old, new: new, similarity: kind == .renamed ? Int(delta.similarity) : nil,
            isUntracked: delta.status == GIT_DELTA_UNTRACKED)
    }

    private static func file(_ file: git_diff_file) -> GitChange.File? {
        guard let path = file.path, let mode = GitFileMode(raw: UInt32(file.mode)) else { return nil }
        let known = file.flags & GIT_DIFF_FLAG_VALID_ID.rawValue != 0
        return GitChange.File(path: String(cString: path), mode: mode, id: known ? GitObjectID(file.id) : nil)
    }
}
