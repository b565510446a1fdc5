// sealgate · GitChanges

internal import CLibGit2
internal import KubeManifest

extension GitRepository {
    /// Decides whether a walk takes an entry below the named path: its name, and whether it is a directory
    /// (submodules and symbolic links are asked as directories, since either may stand for one).
    typealias EntryFilter = (_ name: String, _ isDirectory: Bool) -> Bool

    /// Every file of `source` at or below `path`, recursively, without checking anything out.
    ///
    /// Submodules, symbolic links and unmerged index entries are not files: each is a ``GitNotice``.
    /// Entries the index holds only as an intent to add (`git add -N`) are left out, as `git commit` leaves
    /// them out.
    ///
    /// - Parameters:
    ///   - source: a commit's tree, or the index.
    ///   - path: a repository-relative file or directory (see ``repositoryPath(of:currentDirectory:)``); `""`
    ///     for the whole tree.
    /// - Returns: the files and notices, or `nil` when `source` has nothing at `path`.
    /// - Throws: ``GitError`` when the commit or a tree is missing, or libgit2 fails.
    public func files(in source: GitSource, under path: String) throws(GitError) -> GitListing? {
        try withRepository { (repository) throws(GitError) -> GitListing? in
            try listing(of: source, under: path, filter: nil, in: repository)
        }
    }

    /// Reads blob `id`, refusing one over `limit` bytes before reading its content.
    ///
    /// - Throws: ``GitError``: the blob is missing (`missingObject`), or `id` is not a blob.
    public func readBlob(_ id: GitObjectID, limit: Int) throws(GitError) -> GitBlobContent {
        try withRepository { (repository) throws(GitError) -> GitBlobContent in
            let odb = try objectDatabase(of: repository)
            defer { git_odb_free(odb) }
            return try readBlob(id, limit: limit, from: odb)
        }
    }

    // MARK: - Internals (the caller holds the lock)

    func listing(
        of source: GitSource, under path: String, filter: EntryFilter?, in repository: OpaquePointer
    ) throws(GitError) -> GitListing? {
        switch source {
        case let .commit(id): try treeListing(ofCommit: id, under: path, filter: filter, in: repository)
        case .index: try indexListing(under: path, filter: filter, in: repository)
        }
    }

    func objectDatabase(of repository: OpaquePointer) throws(GitError) -> OpaquePointer {
        var odb: OpaquePointer?
        let code = git_repository_odb(&odb, repository)
        guard code == 0, let odb else {
            throw GitError(LibGit2.failure(code), while: "opening the object database", path: displayPath)
        }
        return odb
    }

    func readBlob(_ id: GitObjectID, limit: Int, from odb: OpaquePointer) throws(GitError) -> GitBlobContent {
        var oid = id.oid
        var size = 0
        var type = GIT_OBJECT_INVALID
        let header = git_odb_read_header(&size, &type, odb, &oid)
        guard header == 0 else { throw blobError(LibGit2.failure(header), id: id) }
        guard type == GIT_OBJECT_BLOB else {
            let name = String(cString: git_object_type2string(type))
            throw GitError(.failed, "object \(id.abbreviated()) is a \(name), not a blob", path: displayPath, object: id)
        }
        guard size <= limit else { return .tooLarge(size: size) }
        var object: OpaquePointer?
        let read = git_odb_read(&object, odb, &oid)
        guard read == 0, let object else { throw blobError(LibGit2.failure(read), id: id) }
        defer { git_odb_object_free(object) }
        let count = git_odb_object_size(object)
        let bytes: [UInt8] =
            git_odb_object_data(object).map { data in
                Array(UnsafeRawBufferPointer(start: data, count: count))
            } ?? []
        return Self.isLFSPointer(bytes) ? .lfsPointer : .bytes(bytes)
    }

    private func blobError(_ failure: LibGit2.Failure, id: GitObjectID) -> GitError {
        if failure.isMissingObject {
            return GitError(
                .missingObject,
                "blob \(id) is not in the repository (a partial clone, or a damaged repository); fetch it, or run git fsck",
                path: displayPath, object: id)
        }
        return GitError(failure, while: "reading blob \(id.abbreviated())", path: displayPath)
    }

    private static let lfsPointerPrefix = Array("version https://git-lfs.github.com/spec/v1".utf8)

    private static func isLFSPointer(_ bytes: [UInt8]) -> Bool {
        bytes.count >= lfsPointerPrefix.count && bytes.starts(with: lfsPointerPrefix)
    }

    // MARK: Trees

    private func treeListing(
        ofCommit commit: GitObjectID, under path: String, filter: EntryFilter?, in repository: OpaquePointer
    ) throws(GitError) -> GitListing? {
        let root = try tree(ofCommit: commit, in: repository)
        defer { git_tree_free(root) }
        var listing = GitListing(files: [], notices: [])
        guard !path.isEmpty else {
            try walk(root, prefix: "", filter: filter, into: &listing, in: repository)
            return listing
        }
        var found: OpaquePointer?
        let code = git_tree_entry_bypath(&found, root, path)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        guard code == 0, let entry = found else {
            throw GitError(LibGit2.failure(code), while: "finding \(path) in commit \(commit.abbreviated())", path: displayPath)
        }
        defer { git_tree_entry_free(entry) }
        // The named path itself is always taken, whatever its name, as a path named on disk is; the filter
        // applies to what lies below it.
        if git_tree_entry_type(entry) == GIT_OBJECT_TREE {
            let tree = try subtree(entry, path: path, in: repository)
            defer { git_tree_free(tree) }
            try walk(tree, prefix: path, filter: filter, into: &listing, in: repository)
        } else {
            try take(entry, path: path, filter: nil, into: &listing, in: repository)
        }
        return listing
    }

    /// Adds the entries of `tree`, whose path is `prefix`, in walk order.
    private func walk(
        _ tree: OpaquePointer, prefix: String, filter: EntryFilter?, into listing: inout GitListing,
        in repository: OpaquePointer
    ) throws(GitError) {
        let entries = (0..<git_tree_entrycount(tree)).compactMap { git_tree_entry_byindex(tree, $0) }
            .map { (name: String(cString: git_tree_entry_name($0)), entry: $0) }
            .sorted { ManifestLoader.walkOrder($0.name, $1.name) }
        for (name, entry) in entries {
            try take(entry, path: prefix.isEmpty ? name : prefix + "/" + name, filter: filter, into: &listing, in: repository)
        }
    }

    /// Adds one tree entry: a file, a notice, or (for a directory) what it holds.
    private func take(
        _ entry: OpaquePointer, path: String, filter: EntryFilter?, into listing: inout GitListing,
        in repository: OpaquePointer
    ) throws(GitError) {
        let name = String(path.split(separator: "/").last ?? "")
        let id = GitObjectID(git_tree_entry_id(entry).pointee)
        let mode = GitFileMode(raw: UInt32(git_tree_entry_filemode(entry).rawValue)) ?? .file
        guard filter?(name, mode != .file && mode != .executable) ?? true else { return }
        switch mode {
        case .directory:
            let tree = try subtree(entry, path: path, in: repository)
            defer { git_tree_free(tree) }
            try walk(tree, prefix: path, filter: filter, into: &listing, in: repository)
        case .submodule:
            listing.notices.append(GitNotice(path: path, kind: .submodule(commit: id)))
        case .symbolicLink:
            listing.notices.append(GitNotice(path: path, kind: .symbolicLink(target: try linkTarget(id, in: repository))))
        case .file, .executable:
            listing.files.append(GitFile(path: path, id: id, mode: mode))
        }
    }

    /// The tree a directory entry names (free it with `git_tree_free`).
    private func subtree(_ entry: OpaquePointer, path: String, in repository: OpaquePointer) throws(GitError) -> OpaquePointer {
        var tree: OpaquePointer?
        let code = git_tree_lookup(&tree, repository, git_tree_entry_id(entry))
        guard code == 0, let tree else {
            let failure = LibGit2.failure(code)
            if failure.isMissingObject { throw missingObjectError(failure, what: "directory \(path)") }
            throw GitError(failure, while: "reading directory \(path)", path: displayPath)
        }
        return tree
    }

    /// What a symbolic link's blob says it points to (for a notice; never followed).
    private func linkTarget(_ id: GitObjectID, in repository: OpaquePointer) throws(GitError) -> String {
        let odb = try objectDatabase(of: repository)
        defer { git_odb_free(odb) }
        switch try readBlob(id, limit: 4096, from: odb) {
        case let .bytes(bytes): return String(decoding: bytes, as: UTF8.self)
        case .lfsPointer, .tooLarge: return "a path too long to show"
        }
    }

    // MARK: The index

    private func indexListing(under path: String, filter: EntryFilter?, in repository: OpaquePointer) throws(GitError) -> GitListing? {
        if isBare { throw bareRepositoryError(doing: "reading the index") }
        let entries = try indexSnapshot(of: repository).entries
        let named = Array(path.utf8)
        // Entries sharing the name's first characters (`deploy.yaml` for `deploy`) sort among the ones wanted.
        var position = Self.lowerBound(named, in: entries, within: 0..<entries.count)
        var found = false
        var files: [GitFile] = []
        var notices: [GitNotice] = []
        var unmerged: Set<String> = []
        while position < entries.count {
            let entry = entries[position]
            position += 1
            guard entry.path.starts(with: named) else { break }
            let entryPath = String(decoding: entry.path, as: UTF8.self)
            guard entryPath.below(path) != nil else { continue }
            found = true
            if let filter, !Self.walkTakes(entryPath, below: path, mode: entry.mode, filter: filter) { continue }
            if entry.stage > 0 {
                if unmerged.insert(entryPath).inserted { notices.append(GitNotice(path: entryPath, kind: .unmerged)) }
                continue
            }
            if entry.intentToAdd { continue }
            let id = GitObjectID(entry.id)
            switch GitFileMode(raw: entry.mode) ?? .file {
            case .submodule: notices.append(GitNotice(path: entryPath, kind: .submodule(commit: id)))
            case .symbolicLink:
                notices.append(GitNotice(path: entryPath, kind: .symbolicLink(target: try linkTarget(id, in: repository))))
            case .directory: continue  // a sparse index's directory entry: its files are not known here
            case let mode: files.append(GitFile(path: entryPath, id: id, mode: mode))
            }
        }
        guard found else { return nil }
        // The index sorts whole paths (`a.yaml` before `a/b.yaml`); a directory walk sorts names within each
        // directory (`a` before `a.yaml`).
        return GitListing(
            files: files.sorted { Self.walkPrecedes($0.path, $1.path) },
            notices: notices.sorted { Self.walkPrecedes($0.path, $1.path) })
    }

    /// Whether a walk from `root` reaches the index entry at `path`: every directory on the way, and the
    /// entry itself, pass `filter`.
    private static func walkTakes(_ path: String, below root: String, mode: UInt32, filter: EntryFilter) -> Bool {
        guard let below = path.below(root), !below.isEmpty else { return true }
        let names = below.split(separator: "/")
        for directory in names.dropLast() where !filter(String(directory), true) { return false }
        let isFile = mode & 0o170000 == 0o100000
        return filter(String(names.last ?? ""), !isFile)
    }

    /// Whether `a` comes before `b` in a directory walk: compared name by name.
    static func walkPrecedes(_ a: String, _ b: String) -> Bool {
        let left = a.split(separator: "/", omittingEmptySubsequences: false)
        let right = b.split(separator: "/", omittingEmptySubsequences: false)
        for (x, y) in zip(left, right) where x != y { return ManifestLoader.walkOrder(String(x), String(y)) }
        return left.count < right.count
    }
}
