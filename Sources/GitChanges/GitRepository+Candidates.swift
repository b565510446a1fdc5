// sealgate · GitChanges

internal import CLibGit2
internal import Dispatch
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif
internal import Synchronization

/// Which paths can differ between a commit and a target, found cheaply, so that libgit2's diff (and its
/// rename detection) looks at those paths alone. libgit2 1.5 compares every entry of both sides, 16 ms for
/// two trees of 20,000 files that differ in one where git needs 2 ms, because git skips what both sides
/// share: subtrees with the same id, directories whose tree the index's cache still knows, files whose
/// `lstat` matches what the index recorded, directories that hold no name the index does not know.
///
/// A candidate is a path that may have changed; never leaving out a path that did is what matters, and a
/// candidate that did not change costs only libgit2's look at it. A directory candidate stands for all it
/// holds.
extension GitRepository {
    /// The candidates for a diff of the tree `old` with the tree `new`, or else with `index` and, when
    /// `workingTree`, the working tree.
    func changeCandidates(
        from old: OpaquePointer, to new: OpaquePointer?, index: IndexSnapshot?, workingTree: Bool, in repository: OpaquePointer
    ) throws(GitError) -> [String] {
        var candidates: [String] = []
        if let new {
            try compareTrees(old, new, prefix: "", into: &candidates, in: repository)
        } else if let index {
            try compareWithIndex(
                old, prefix: [], cached: index.cachedTree, entries: index.entries, range: 0..<index.entries.count,
                into: &candidates, in: repository)
            if workingTree, let root = workingDirectory {
                candidates += Self.workingTreeCandidates(index, root: root)
            }
        }
        return candidates
    }

    // MARK: - Two trees

    /// Adds the paths where `old` and `new` (the trees at `prefix`) differ, looking into a subtree only when
    /// its id differs on the two sides.
    func compareTrees(
        _ old: OpaquePointer, _ new: OpaquePointer, prefix: String, into candidates: inout [String], in repository: OpaquePointer
    ) throws(GitError) {
        let oldEntries = Self.entries(of: old)
        var seen: Set<String> = []
        for entry in Self.entries(of: new).list {
            let path = prefix + entry.name
            seen.insert(entry.name)
            guard let before = oldEntries.byName[entry.name] else {
                candidates.append(path)
                continue
            }
            if before.mode == entry.mode, Self.same(before.id, entry.id) { continue }
            if before.mode == Self.directoryMode, entry.mode == Self.directoryMode {
                let oldTree = try lookUpTree(before.id, path: path, in: repository)
                defer { git_tree_free(oldTree) }
                let newTree = try lookUpTree(entry.id, path: path, in: repository)
                defer { git_tree_free(newTree) }
                try compareTrees(oldTree, newTree, prefix: path + "/", into: &candidates, in: repository)
            } else {
                candidates.append(path)
            }
        }
        for entry in oldEntries.list where !seen.contains(entry.name) { candidates.append(prefix + entry.name) }
    }

    private static let directoryMode: UInt32 = 0o040000

    private typealias TreeEntry = (name: String, id: git_oid, mode: UInt32)

    /// A tree's entries, in its order and by name.
    private static func entries(of tree: OpaquePointer) -> (list: [TreeEntry], byName: [String: TreeEntry]) {
        let list = (0..<git_tree_entrycount(tree)).compactMap { git_tree_entry_byindex(tree, $0) }.map { entry in
            (
                name: String(cString: git_tree_entry_name(entry)), id: git_tree_entry_id(entry).pointee,
                mode: UInt32(git_tree_entry_filemode(entry).rawValue)
            )
        }
        return (list, Dictionary(list.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first }))
    }

    private static func same(_ a: git_oid, _ b: git_oid) -> Bool {
        var a = a
        var b = b
        return git_oid_equal(&a, &b) == 1
    }

    private func lookUpTree(_ id: git_oid, path: String, in repository: OpaquePointer) throws(GitError) -> OpaquePointer {
        var oid = id
        var tree: OpaquePointer?
        let code = git_tree_lookup(&tree, repository, &oid)
        guard code == 0, let tree else {
            let failure = LibGit2.failure(code)
            if failure.isMissingObject { throw missingObjectError(failure, what: "directory \(path)") }
            throw GitError(failure, while: "reading directory \(path)", path: displayPath)
        }
        return tree
    }

    // MARK: - A tree and the index

    /// Adds the paths where `tree` (the tree at `prefix`, which ends in `/` unless empty) and the index
    /// entries `range` (those below `prefix`) differ: a path on one side only, another blob or mode, or an
    /// unsettled entry. A directory whose tree the index's cache knows to be `tree` is skipped whole.
    func compareWithIndex(
        _ tree: OpaquePointer, prefix: [UInt8], cached: IndexSnapshot.CachedTree?, entries: [IndexSnapshot.Entry],
        range: Range<Int>, into candidates: inout [String], in repository: OpaquePointer
    ) throws(GitError) {
        if let id = cached?.id, Self.same(id, git_tree_id(tree).pointee) { return }
        let treeEntries = Self.entries(of: tree)
        var seen: Set<String> = []
        var next = range.lowerBound
        while next < range.upperBound {
            let path = entries[next].path
            let rest = path[prefix.count...]
            if let slash = rest.firstIndex(of: UInt8(ascii: "/")) {
                // A directory: the entries below it follow one another.
                let name = String(decoding: path[prefix.count..<slash], as: UTF8.self)
                let below = Array(path[...slash])
                // The entries below it end where a path no longer starts with `name/`: before `name0`.
                let end = Self.lowerBound(Array(path[..<slash]) + [UInt8(ascii: "0")], in: entries, within: next..<range.upperBound)
                seen.insert(name)
                if let entry = treeEntries.byName[name], entry.mode == Self.directoryMode {
                    let child = cached?.children[name]
                    // A directory whose tree the cache knows to be the commit's needs no look.
                    if let known = child?.id, Self.same(known, entry.id) {
                        next = end
                        continue
                    }
                    let subtree = try lookUpTree(entry.id, path: String(decoding: path[..<slash], as: UTF8.self), in: repository)
                    defer { git_tree_free(subtree) }
                    try compareWithIndex(
                        subtree, prefix: below, cached: child, entries: entries, range: next..<end,
                        into: &candidates, in: repository)
                } else {
                    candidates.append(String(decoding: path[..<slash], as: UTF8.self))
                }
                next = end
            } else {
                let name = String(decoding: rest, as: UTF8.self)
                seen.insert(name)
                var differs = entries[next].isUnsettled
                if let entry = treeEntries.byName[name] {
                    differs = differs || entry.mode != entries[next].mode || !Self.same(entry.id, entries[next].id)
                } else {
                    differs = true
                }
                // Conflict stages repeat the path.
                var end = next + 1
                while end < range.upperBound, entries[end].path == path {
                    differs = true
                    end += 1
                }
                if differs { candidates.append(String(decoding: path, as: UTF8.self)) }
                next = end
            }
        }
        let directory = String(decoding: prefix, as: UTF8.self)
        for entry in treeEntries.list where !seen.contains(entry.name) { candidates.append(directory + entry.name) }
    }

    /// The first position of `range` in `entries` (sorted by path bytes) whose path does not come before
    /// `path` in byte order.
    static func lowerBound(_ path: [UInt8], in entries: [IndexSnapshot.Entry], within range: Range<Int>) -> Int {
        var low = range.lowerBound
        var high = range.upperBound
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].path.lexicographicallyPrecedes(path) { low = middle + 1 } else { high = middle }
        }
        return low
    }

    // MARK: - The index and the working tree

    /// A directory that holds tracked paths, as the index lists them.
    private struct TrackedDirectory {
        /// The path, without a trailing slash (empty for the root).
        let path: [UInt8]
        /// The directory holding it (-1 for the root).
        let parent: Int
        /// How many names the index holds directly in it (files and directories).
        var names = 0
        /// The index entries below it.
        var entries: Range<Int>
        /// Whether a tracked file below it is gone from the working tree: its names on disk must then be
        /// compared one by one, since a new name may stand where a tracked one went.
        var lostEntry = false
    }

    /// The paths of the working tree that may differ from the index, found on every core: the tracked
    /// files whose `lstat` does not match what the index recorded, and the names the index does not hold
    /// in the directories it does (a directory whose number of names on disk is the number the index
    /// holds, none of them gone, holds no other).
    static func workingTreeCandidates(_ snapshot: IndexSnapshot, root: String) -> [String] {
        let entries = snapshot.entries
        let (tracked, parents) = trackedDirectories(entries)
        var filesBy = [[Int]](repeating: [], count: tracked.count)
        for (index, parent) in parents.enumerated() where index == 0 || entries[index - 1].path != entries[index].path {
            filesBy[parent].append(index)
        }
        let files = filesBy
        // A job looks at one directory's files, at most 512 of them; a directory's first job counts its names.
        var jobs: [(directory: Int, files: Range<Int>)] = []
        for (directory, list) in files.enumerated() {
            var start = 0
            repeat {
                jobs.append((directory, start..<min(list.count, start + 512)))
                start += 512
            } while start < list.count
        }
        let scheduled = jobs
        let found = Mutex((candidates: [String](), lost: [Int](), counts: [Int](repeating: -1, count: tracked.count)))
        DispatchQueue.concurrentPerform(iterations: scheduled.count) { job in
            let (directory, range) = scheduled[job]
            let scan = scanDirectory(
                tracked[directory], files: files[directory][range], countNames: range.lowerBound == 0, entries: entries,
                root: root, indexWritten: snapshot.written)
            found.withLock {
                $0.candidates += scan.candidates
                if scan.lost { $0.lost.append(directory) }
                if let count = scan.names { $0.counts[directory] = count }
            }
        }
        var (candidates, lost, counts) = found.withLock { ($0.candidates, $0.lost, $0.counts) }
        var directories = tracked
        for directory in lost {
            var current = directory
            while current >= 0, !directories[current].lostEntry {
                directories[current].lostEntry = true
                current = directories[current].parent
            }
        }
        for (index, directory) in directories.enumerated() where directory.lostEntry || counts[index] != directory.names {
            candidates += untrackedNames(in: directory, entries: entries, root: root)
        }
        return candidates
    }

    /// Looks at the tracked `files` of `directory`, each by its name in the open directory (a one-component
    /// lookup): a file whose `lstat` does not match what the index recorded (time, size, inode, owner, type
    /// or executable bit), was modified at or after the time the index was written ("racily clean", which
    /// git too checks by content), is gone, is unsettled, or is a submodule (whose state libgit2 reads), is
    /// a candidate. When the directory itself is gone, or is no longer a directory, its files and it (and
    /// the directories above, any of which may have become a file) are candidates.
    private static func scanDirectory(
        _ directory: TrackedDirectory, files: ArraySlice<Int>, countNames: Bool, entries: [IndexSnapshot.Entry],
        root: String, indexWritten: timespec
    ) -> (candidates: [String], lost: Bool, names: Int?) {
        let path = directory.path.isEmpty ? root : root + "/" + String(decoding: directory.path, as: UTF8.self)
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else {
            var candidates = files.map { String(decoding: entries[$0].path, as: UTF8.self) }
            var end = directory.path.count
            while end > 0 {
                candidates.append(String(decoding: directory.path[..<end], as: UTF8.self))
                end = directory.path[..<end].lastIndex(of: UInt8(ascii: "/")) ?? 0
            }
            return (candidates, !files.isEmpty, countNames ? -1 : nil)
        }
        defer { close(descriptor) }
        let start = directory.path.isEmpty ? 0 : directory.path.count + 1
        var candidates: [String] = []
        var lost = false
        var name: [UInt8] = []
        for index in files {
            let entry = entries[index]
            if entry.isUnsettled || entry.mode == 0o160000 {
                candidates.append(String(decoding: entry.path, as: UTF8.self))
                continue
            }
            name.removeAll(keepingCapacity: true)
            name += entry.path[start...]
            name.append(0)
            var info = stat()
            let status = name.withUnsafeBufferPointer { bytes in
                bytes.withMemoryRebound(to: CChar.self) { fstatat(descriptor, $0.baseAddress!, &info, AT_SYMLINK_NOFOLLOW) }
            }
            if status != 0 { lost = true }
            if status != 0 || !matches(entry, info) || isRacy(entry.mtime, indexWritten) {
                candidates.append(String(decoding: entry.path, as: UTF8.self))
            }
        }
        return (candidates, lost, countNames ? countNamesOnDisk(descriptor, isRoot: directory.path.isEmpty) : nil)
    }

    /// How many names the open directory holds (the root's `.git` left out); -1 when it cannot be listed.
    private static func countNamesOnDisk(_ descriptor: Int32, isRoot: Bool) -> Int {
        let copy = dup(descriptor)
        guard copy >= 0, let handle = fdopendir(copy) else {
            if copy >= 0 { close(copy) }
            return -1
        }
        defer { closedir(handle) }
        var count = 0
        while let entry = readdir(handle) {
            let skipped = withUnsafeBytes(of: entry.pointee.d_name) { name in
                (name[0] == UInt8(ascii: ".") && (name[1] == 0 || name[1] == UInt8(ascii: ".") && name[2] == 0))
                    || isRoot && name[0] == UInt8(ascii: ".") && name[1] == UInt8(ascii: "g") && name[2] == UInt8(ascii: "i")
                        && name[3] == UInt8(ascii: "t") && name[4] == 0
            }
            if !skipped { count += 1 }
        }
        return count
    }

    /// The directories the index holds paths in, depth first, and for each entry the directory holding it.
    private static func trackedDirectories(_ entries: [IndexSnapshot.Entry]) -> ([TrackedDirectory], [Int]) {
        var directories = [TrackedDirectory(path: [], parent: -1, entries: 0..<entries.count)]
        var parents: [Int] = []
        parents.reserveCapacity(entries.count)
        var open = [0]
        for (index, entry) in entries.enumerated() {
            if index > 0, entries[index - 1].path == entry.path {
                parents.append(parents[index - 1])  // another stage of the same path
                continue
            }
            while open.count > 1 {
                let directory = directories[open[open.count - 1]].path
                if entry.path.count > directory.count, entry.path[directory.count] == UInt8(ascii: "/"),
                    entry.path.starts(with: directory)
                {
                    break
                }
                directories[open[open.count - 1]].entries = directories[open[open.count - 1]].entries.lowerBound..<index
                open.removeLast()
            }
            var current = open[open.count - 1]
            directories[current].names += 1
            var start = current == 0 ? 0 : directories[current].path.count + 1
            while let slash = entry.path[start...].firstIndex(of: UInt8(ascii: "/")) {
                directories.append(TrackedDirectory(path: Array(entry.path[..<slash]), parent: current, entries: index..<entries.count))
                current = directories.count - 1
                open.append(current)
                directories[current].names += 1
                start = slash + 1
            }
            parents.append(current)
        }
        return (directories, parents)
    }

    private static func matches(_ entry: IndexSnapshot.Entry, _ info: stat) -> Bool {
        let type = info.st_mode & S_IFMT
        let sameType =
            switch entry.mode & 0o170000 {
            case 0o120000: type == S_IFLNK
            case 0o100000: type == S_IFREG && (info.st_mode & S_IXUSR != 0) == (entry.mode & 0o100 != 0)
            default: false
            }
        return sameType
            && entry.mtime.seconds == Int32(truncatingIfNeeded: info.st_mtim.tv_sec)
            && entry.mtime.nanoseconds == UInt32(truncatingIfNeeded: info.st_mtim.tv_nsec)
            && entry.ctime.seconds == Int32(truncatingIfNeeded: info.st_ctim.tv_sec)
            && entry.ctime.nanoseconds == UInt32(truncatingIfNeeded: info.st_ctim.tv_nsec)
            && entry.size == UInt32(truncatingIfNeeded: info.st_size)
            && entry.ino == UInt32(truncatingIfNeeded: info.st_ino)
            && entry.uid == UInt32(truncatingIfNeeded: info.st_uid)
            && entry.gid == UInt32(truncatingIfNeeded: info.st_gid)
    }

    /// Whether a file's recorded time is not older than the index: it may have changed again within the
    /// time the file system can tell apart.
    private static func isRacy(_ time: git_index_time, _ index: timespec) -> Bool {
        let seconds = Int(time.seconds)
        return seconds > index.tv_sec || seconds == index.tv_sec && Int(time.nanoseconds) >= index.tv_nsec
    }

    /// The names in the working tree's `directory` (the root's `.git` left out); `nil` when it cannot be
    /// listed.
    private static func namesOnDisk(_ directory: [UInt8], root: String) -> [[UInt8]]? {
        let path = directory.isEmpty ? root : root + "/" + String(decoding: directory, as: UTF8.self)
        guard let handle = opendir(path) else { return nil }
        defer { closedir(handle) }
        var names: [[UInt8]] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix(while: { $0 != 0 })) }
            if name == [UInt8(ascii: ".")] || name == [UInt8(ascii: "."), UInt8(ascii: ".")] { continue }
            if directory.isEmpty, name == Array(".git".utf8) { continue }
            names.append(name)
        }
        return names
    }

    /// The names on disk in `directory` that the index does not hold there: each an untracked file, or a
    /// directory libgit2 looks into (and tells untracked from ignored).
    private static func untrackedNames(in directory: TrackedDirectory, entries: [IndexSnapshot.Entry], root: String) -> [String] {
        let start = directory.path.isEmpty ? 0 : directory.path.count + 1
        var tracked: Set<[UInt8]> = []
        for entry in entries[directory.entries] {
            let rest = entry.path[start...]
            tracked.insert(Array(rest.firstIndex(of: UInt8(ascii: "/")).map { rest[..<$0] } ?? rest))
        }
        let prefix = directory.path.isEmpty ? [] : directory.path + [UInt8(ascii: "/")]
        return (namesOnDisk(directory.path, root: root) ?? []).filter { !tracked.contains($0) }
            .map { String(decoding: prefix + $0, as: UTF8.self) }
    }

    // MARK: - The index libgit2 sees

    /// The repository's index as it is on disk now, read directly, or through libgit2 when its format asks.
    func indexSnapshot(of repository: OpaquePointer) throws(GitError) -> IndexSnapshot {
        let path = gitDirectory + "/index"
        if let snapshot = IndexSnapshot.read(path: path) { return snapshot }
        var opened: OpaquePointer?
        let code = Self.freshIndex(&opened, of: repository)
        guard code == 0, let index = opened else {
            let failure = LibGit2.failure(code)
            if failure.message.contains("'link'") {
                throw GitError(
                    .failed,
                    "the index is split (git update-index --split-index), which libgit2 cannot read; "
                        + "run git update-index --no-split-index", path: displayPath)
            }
            throw GitError(failure, while: "reading the index", path: displayPath)
        }
        defer { git_index_free(index) }
        var info = stat()
        return IndexSnapshot.read(index, written: stat(path, &info) == 0 ? info.st_mtim : timespec())
    }

    /// An in-memory index holding the entries of `snapshot` at or below `candidates` (sorted), each with
    /// its file information cleared (free it with `git_index_free`). Without `intents`, the entries `git add
    /// -N` made are left out, as `git diff --cached` and `git commit` leave them out.
    func candidateIndex(_ snapshot: IndexSnapshot, candidates: [String], intents: Bool) throws(GitError) -> OpaquePointer {
        var created: OpaquePointer?
        let code = git_index_new(&created)
        guard code == 0, let index = created else {
            throw GitError(LibGit2.failure(code), while: "creating an index", path: displayPath)
        }
        let entries = snapshot.entries
        var taken = Set<Int>()
        for candidate in candidates {
            let path = Array(candidate.utf8)
            let below = path + [UInt8(ascii: "/")]
            // The path itself (every stage), then the paths below it, which follow one another.
            var position = Self.lowerBound(path, in: entries, within: 0..<entries.count)
            while position < entries.count, entries[position].path == path {
                taken.insert(position)
                position += 1
            }
            position = Self.lowerBound(below, in: entries, within: 0..<entries.count)
            while position < entries.count, entries[position].path.starts(with: below) {
                taken.insert(position)
                position += 1
            }
        }
        for position in taken.sorted() where intents || !entries[position].intentToAdd {
            let entry = entries[position]
            let added = (entry.path + [0]).withUnsafeBufferPointer { path in
                path.withMemoryRebound(to: CChar.self) { path in
                    var cleared = git_index_entry()
                    cleared.mode = entry.mode
                    cleared.id = entry.id
                    cleared.flags = entry.stage << 12 | UInt16(min(entry.path.count, 0xFFF))
                    cleared.flags_extended = entry.intentToAdd ? UInt16(GIT_INDEX_ENTRY_INTENT_TO_ADD.rawValue) : 0
                    cleared.path = path.baseAddress
                    return git_index_add(index, &cleared)
                }
            }
            guard added == 0 else {
                let failure = LibGit2.failure(added)
                git_index_free(index)
                throw GitError(failure, while: "copying index entry \(String(decoding: entry.path, as: UTF8.self))", path: displayPath)
            }
        }
        return index
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
}
