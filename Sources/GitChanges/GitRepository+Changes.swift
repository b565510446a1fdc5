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
            // libgit2 compares only the paths that can differ, given as literal paths.
            let snapshot = new == nil ? try indexSnapshot(of: repository) : nil
            var candidates = try changeCandidates(from: old, to: new, index: snapshot, workingTree: target == .workingTree, in: repository)
            if !limited.isEmpty {
                candidates = candidates.flatMap { candidate in limited.compactMap { Self.overlap(candidate, $0) } }
            }
            candidates = Array(Set(candidates)).sorted()
            guard !candidates.isEmpty else { return [] }
            options.flags |= GIT_DIFF_DISABLE_PATHSPEC_MATCH.rawValue
            let pathspec = candidates.map { strdup($0) }
            defer { pathspec.forEach { free($0) } }
            // The index libgit2 sees holds the entries of the candidates alone, with their file information
            // cleared so that libgit2 compares their content: libgit2 1.5 would otherwise load the whole
            // index, verifying its checksum (most of the time a diff takes).
            var index: OpaquePointer?
            if let snapshot { index = try candidateIndex(snapshot, candidates: candidates, intents: target == .workingTree) }
            defer { git_index_free(index) }
            var diff: OpaquePointer?
            var code: Int32 = 0
            pathspec.withUnsafeBufferPointer { strings in
                options.pathspec = git_strarray(
                    strings: UnsafeMutablePointer(mutating: strings.baseAddress), count: strings.count)
                switch target {
                case .commit:
                    code = git_diff_tree_to_tree(&diff, repository, old, new, &options)
                case .index:
                    code = git_diff_tree_to_index(&diff, repository, old, index, &options)
                case .workingTree:
                    // The working-tree diff (and the attributes of its filters) use the repository's index;
                    // afterwards the repository reads its own again, when it needs it.
                    code = git_repository_set_index(repository, index)
                    if code == 0 { code = git_diff_tree_to_workdir_with_index(&diff, repository, old, &options) }
                    git_repository_set_index(repository, nil)
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

    /// What a candidate path and a path the caller limited the diff to have in common: the one that lies at
    /// or below the other (a directory holds the paths below it), or `nil`.
    private static func overlap(_ candidate: String, _ limit: String) -> String? {
        if candidate.below(limit) != nil { return candidate }
        if limit.below(candidate) != nil { return limit }
        return nil
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
