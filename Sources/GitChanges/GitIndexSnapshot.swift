// sealgate · GitChanges

internal import CLibGit2
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif
internal import KubeManifest

/// The index as a change search needs it: every entry with the file information git recorded, and git's
/// cache of the trees the index's directories make.
///
/// Git's own index file is read directly when it can be (versions 2 to 4, without the split-index or
/// sparse-index extensions): libgit2 1.5 spends most of its index load verifying the file's SHA-1 with
/// collision detection (20 ms for 20,000 entries), which git itself skips when reading, and it keeps the
/// tree cache to itself. Any other index is read through libgit2, without the tree cache.
struct IndexSnapshot {
    /// One index entry.
    struct Entry {
        /// The path's bytes, without a terminating NUL.
        let path: [UInt8]
        let id: git_oid
        let mode: UInt32
        /// The merge stage: 0, or 1 to 3 for the sides of a conflict.
        let stage: UInt16
        /// Whether `git add -N` recorded only the intent to add the file.
        let intentToAdd: Bool
        let ctime: git_index_time
        let mtime: git_index_time
        let dev: UInt32
        let ino: UInt32
        let uid: UInt32
        let gid: UInt32
        let size: UInt32

        /// Whether the path is a candidate whatever the rest says: a conflict, or an intent to add.
        var isUnsettled: Bool { stage > 0 || intentToAdd }
    }

    /// A directory of git's tree cache (the `TREE` extension): the tree its index entries make, when the
    /// cache still knows it.
    struct CachedTree {
        /// The tree's id; `nil` when an entry below changed since the cache was written.
        let id: git_oid?
        /// The directories below, by name.
        let children: [String: CachedTree]
    }

    /// The entries, in the index's order: by path bytes, then stage.
    let entries: [Entry]
    /// The tree cache of the root directory, when the index has one.
    let cachedTree: CachedTree?
    /// When the index file was last written: an entry modified at or after it is "racily clean".
    let written: timespec

    /// Reads `path` (an index file) directly; `nil` when its format is one only libgit2 should read. A
    /// missing file is an empty index, as for git.
    static func read(path: String) -> IndexSnapshot? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            return errno == ENOENT ? IndexSnapshot(entries: [], cachedTree: nil, written: timespec()) : nil
        }
        guard let bytes = try? ManifestLoader.readFile(path, limit: Int(Int32.max)) else { return nil }
        var parser = IndexParser(bytes: bytes)
        guard let (entries, cachedTree) = parser.parse() else { return nil }
        return IndexSnapshot(entries: entries, cachedTree: cachedTree, written: info.st_mtim)
    }

    /// The entries of a libgit2 index (no tree cache).
    static func read(_ index: OpaquePointer, written: timespec) -> IndexSnapshot {
        let count = git_index_entrycount(index)
        var entries: [Entry] = []
        entries.reserveCapacity(count)
        for position in 0..<count {
            guard let pointer = git_index_get_byindex(index, position) else { continue }
            let entry = pointer.pointee
            entries.append(
                Entry(
                    path: Array(UnsafeRawBufferPointer(start: entry.path, count: strlen(entry.path))), id: entry.id,
                    mode: entry.mode, stage: UInt16(git_index_entry_stage(pointer)),
                    intentToAdd: entry.flags_extended & UInt16(GIT_INDEX_ENTRY_INTENT_TO_ADD.rawValue) != 0,
                    ctime: entry.ctime, mtime: entry.mtime, dev: entry.dev, ino: entry.ino, uid: entry.uid,
                    gid: entry.gid, size: entry.file_size))
        }
        return IndexSnapshot(entries: entries, cachedTree: nil, written: written)
    }
}

/// Git's index format (`Documentation/gitformat-index.txt`), read without verifying the trailing checksum,
/// as git reads it. Every read is bounds-checked: a malformed file gives `nil`, and libgit2 then reads it
/// (and reports what is wrong).
private struct IndexParser {
    let bytes: [UInt8]
    var offset = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func parse() -> ([IndexSnapshot.Entry], IndexSnapshot.CachedTree?)? {
        guard bytes.count >= 32, bytes.starts(with: Array("DIRC".utf8)) else { return nil }
        offset = 4
        guard let version = word(), (2...4).contains(version), let count = word() else { return nil }
        var entries: [IndexSnapshot.Entry] = []
        entries.reserveCapacity(Int(count))
        var previous: [UInt8] = []
        for _ in 0..<count {
            guard let entry = self.entry(version: version, previous: previous) else { return nil }
            previous = entry.path
            entries.append(entry)
        }
        // Extensions, up to the 20-byte checksum. A lower-case signature is one a reader must understand.
        var cachedTree: IndexSnapshot.CachedTree?
        let end = bytes.count - 20
        while offset + 8 <= end {
            let signature = Array(bytes[offset..<offset + 4])
            offset += 4
            guard let size = word(), offset + Int(size) <= end else { return nil }
            let body = offset..<offset + Int(size)
            offset += Int(size)
            if signature == Array("TREE".utf8) {
                var reader = TreeCacheReader(bytes: bytes[body])
                cachedTree = reader.node()?.tree
            } else if !(UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(signature[0]) {
                return nil  // split index (`link`), sparse directories (`sdir`): libgit2's business
            }
        }
        return (entries, cachedTree)
    }

    private mutating func entry(version: UInt32, previous: [UInt8]) -> IndexSnapshot.Entry? {
        let start = offset
        guard offset + 62 <= bytes.count else { return nil }
        let ctime = git_index_time(seconds: Int32(bitPattern: word()!), nanoseconds: word()!)
        let mtime = git_index_time(seconds: Int32(bitPattern: word()!), nanoseconds: word()!)
        let dev = word()!, ino = word()!, mode = word()!, uid = word()!, gid = word()!, size = word()!
        var id = git_oid()
        withUnsafeMutableBytes(of: &id.id) { raw in
            for index in 0..<20 { raw[index] = bytes[offset + index] }
        }
        offset += 20
        let flags = half()!
        var intentToAdd = false
        if flags & 0x4000 != 0 {
            guard version >= 3, let extended = half() else { return nil }
            intentToAdd = extended & 0x2000 != 0
        }
        var path: [UInt8]
        if version == 4 {
            guard let strip = varint(), strip <= previous.count else { return nil }
            path = Array(previous.dropLast(strip))
        } else {
            path = []
        }
        guard let nul = bytes[offset...].firstIndex(of: 0) else { return nil }
        path += bytes[offset..<nul]
        offset = nul + 1
        if version < 4 {
            // Entries are padded with NULs to a multiple of 8 bytes, at least one NUL after the path.
            let length = nul - start
            offset = start + ((length + 8) & ~7)
            guard offset <= bytes.count else { return nil }
        }
        return IndexSnapshot.Entry(
            path: path, id: id, mode: mode, stage: (flags >> 12) & 0x3, intentToAdd: intentToAdd, ctime: ctime,
            mtime: mtime, dev: dev, ino: ino, uid: uid, gid: gid, size: size)
    }

    private mutating func word() -> UInt32? {
        guard offset + 4 <= bytes.count else { return nil }
        defer { offset += 4 }
        return bytes[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }

    private mutating func half() -> UInt16? {
        guard offset + 2 <= bytes.count else { return nil }
        defer { offset += 2 }
        return UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }

    /// Git's offset varint: 7 bits a byte, high bit set on all but the last, each continuation adding one.
    private mutating func varint() -> Int? {
        guard offset < bytes.count else { return nil }
        var byte = bytes[offset]
        offset += 1
        var value = Int(byte & 0x7F)
        while byte & 0x80 != 0 {
            guard offset < bytes.count, value < Int.max >> 8 else { return nil }
            byte = bytes[offset]
            offset += 1
            value = ((value + 1) << 7) | Int(byte & 0x7F)
        }
        return value
    }
}

/// The `TREE` extension: for each directory, depth first, its name, its entry count (-1 when invalid), the
/// number of directories below it, and its tree id when valid.
private struct TreeCacheReader {
    let bytes: ArraySlice<UInt8>
    var offset: Int

    init(bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        offset = bytes.startIndex
    }

    mutating func node() -> (name: String, tree: IndexSnapshot.CachedTree)? {
        guard let nul = bytes[offset...].firstIndex(of: 0) else { return nil }
        let name = String(decoding: bytes[offset..<nul], as: UTF8.self)
        offset = nul + 1
        guard let space = bytes[offset...].firstIndex(of: UInt8(ascii: " ")),
            let newline = bytes[space...].firstIndex(of: UInt8(ascii: "\n")),
            let count = Int(String(decoding: bytes[offset..<space], as: UTF8.self)),
            let subtrees = Int(String(decoding: bytes[(space + 1)..<newline], as: UTF8.self)), subtrees >= 0
        else { return nil }
        offset = newline + 1
        var id: git_oid?
        if count >= 0 {
            guard offset + 20 <= bytes.endIndex else { return nil }
            var oid = git_oid()
            withUnsafeMutableBytes(of: &oid.id) { raw in
                for index in 0..<20 { raw[index] = bytes[offset + index] }
            }
            offset += 20
            id = oid
        }
        var children: [String: IndexSnapshot.CachedTree] = [:]
        for _ in 0..<subtrees {
            guard let child = node() else { return nil }
            children[child.name] = child.tree
        }
        return (name, IndexSnapshot.CachedTree(id: id, children: children))
    }
}
