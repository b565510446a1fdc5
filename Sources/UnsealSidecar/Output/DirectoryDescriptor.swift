// sealgate · UnsealSidecar

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// An open directory and the calls the writer makes relative to it (`openat`, `mkdirat`, `symlinkat`, …).
///
/// Every name is looked up in this directory, never through a symbolic link at its last component
/// (`O_NOFOLLOW`, `AT_SYMLINK_NOFOLLOW`), so an entry swapped for a link cannot send a write or a removal
/// elsewhere. The only C calls of the module are here.
final class DirectoryDescriptor {
    /// What an entry is, as `lstat` sees it.
    enum Kind: Equatable {
        case regularFile, directory, symbolicLink, other
    }

    /// The descriptor, closed when this object goes.
    let fd: Int32
    /// The directory's path, for messages.
    let path: String

    /// Opens the directory at `path`, following links on the way (the output directory may be reached
    /// through one).
    init(opening path: String) throws(SidecarError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT {
                throw SidecarError(.io, "the output directory does not exist; create it (an emptyDir volume)", path: path)
            }
            if code == ENOTDIR { throw SidecarError(.io, "is not a directory; name a directory for the output", path: path) }
            throw Self.failure("cannot open the directory", path, code)
        }
        self.fd = fd
        self.path = path
    }

    /// Opens the directory `name` inside `parent`, refusing a symbolic link.
    init(in parent: DirectoryDescriptor, name: String) throws(SidecarError) {
        let path = parent.path + "/" + name
        let fd = openat(parent.fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw Self.failure("cannot open the directory", path) }
        self.fd = fd
        self.path = path
    }

    deinit { close(fd) }

    /// The path of `name` inside this directory, for messages.
    func path(of name: String) -> String { path + "/" + name }

    // MARK: - Reading

    /// The names in this directory, without `.` and `..`, sorted.
    func names() throws(SidecarError) -> [String] {
        // A descriptor of its own for the stream (closedir closes it), with its own offset: a `dup` would
        // share the offset an earlier listing left at the end.
        let copy = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard copy >= 0, let stream = fdopendir(copy) else {
            let code = errno
            if copy >= 0 { close(copy) }
            throw Self.failure("cannot list the directory", path, code)
        }
        defer { closedir(stream) }
        var names: [String] = []
        while true {
            // readdir returns nil both at the end and on failure; only errno, cleared before it, tells which.
            errno = 0
            guard let entry = readdir(stream) else {
                if errno != 0 { throw Self.failure("cannot list the directory", path) }
                break
            }
            let name = withUnsafePointer(to: entry.pointee.d_name) { tuple in
                tuple.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: tuple.pointee)) {
                    String(cString: $0)
                }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// What `name` is (a link is not followed), or nil when there is nothing by that name.
    func kind(of name: String) throws(SidecarError) -> Kind? {
        var status = stat()
        guard fstatat(fd, name, &status, AT_SYMLINK_NOFOLLOW) == 0 else {
            if errno == ENOENT { return nil }
            throw Self.failure("cannot inspect", path(of: name))
        }
        switch status.st_mode & S_IFMT {
        case S_IFREG: return .regularFile
        case S_IFDIR: return .directory
        case S_IFLNK: return .symbolicLink
        default: return .other
        }
    }

    /// Where the symbolic link `name` points, or nil when there is no link by that name.
    func linkTarget(_ name: String) throws(SidecarError) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlinkat(fd, name, &buffer, buffer.count - 1)
        guard count >= 0 else {
            if errno == ENOENT || errno == EINVAL { return nil }
            throw Self.failure("cannot read the link", path(of: name))
        }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// This directory's permission bits.
    func mode() throws(SidecarError) -> UInt32 {
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw Self.failure("cannot inspect the directory", path) }
        return UInt32(status.st_mode & 0o7777)
    }

    /// Whether the regular file `name` holds exactly `bytes` and has exactly `mode`; false for anything
    /// else, a link or an unreadable file included (the caller then writes a fresh copy).
    func fileHolds(_ name: String, _ bytes: [UInt8], mode: UInt32) -> Bool {
        let file = openat(fd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard file >= 0 else { return false }
        defer { close(file) }
        var status = stat()
        guard fstat(file, &status) == 0, status.st_mode & S_IFMT == S_IFREG, UInt32(status.st_mode & 0o7777) == mode,
            Int(status.st_size) == bytes.count
        else { return false }
        var content = [UInt8](repeating: 0, count: bytes.count + 1)
        var offset = 0
        while offset < content.count {
            let n = content.withUnsafeMutableBytes { read(file, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            offset += n
        }
        // One byte more than expected was asked for, so a file that grew is seen too.
        return offset == bytes.count && content[..<offset].elementsEqual(bytes)
    }

    // MARK: - Writing

    /// Creates the directory `name` with `mode` as `mkdir` gives it (the umask applies; set the exact mode
    /// through the opened directory).
    ///
    /// - Returns: false when something by that name exists already.
    func makeDirectory(_ name: String, mode: UInt32) throws(SidecarError) -> Bool {
        guard mkdirat(fd, name, mode_t(mode)) == 0 else {
            if errno == EEXIST { return false }
            throw Self.failure("cannot create the directory", path(of: name))
        }
        return true
    }

    /// Creates the regular file `name`, which must not exist, with `bytes` and exactly `mode` whatever the
    /// umask, and fsyncs it when `sync` is set.
    func writeFile(_ name: String, _ bytes: [UInt8], mode: UInt32, sync: Bool) throws(SidecarError) {
        let filePath = path(of: name)
        // Created 0600 and changed once written, so the content is never readable by others before it is
        // complete, nor left writable.
        let file = openat(fd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode_t(0o600))
        guard file >= 0 else { throw Self.failure("cannot create the file", filePath) }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { systemWrite(file, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                let error = Self.failure("cannot write the file", filePath)
                close(file)
                throw error
            }
            offset += n
        }
        guard fchmod(file, mode_t(mode)) == 0, !sync || fsync(file) == 0 else {
            let error = Self.failure("cannot finish writing the file", filePath)
            close(file)
            throw error
        }
        guard close(file) == 0 else { throw Self.failure("cannot finish writing the file", filePath) }
    }

    /// Sets this directory's permission bits to exactly `mode`, whatever the umask.
    func setMode(_ mode: UInt32) throws(SidecarError) {
        guard fchmod(fd, mode_t(mode)) == 0 else { throw Self.failure("cannot set the mode of the directory", path) }
    }

    /// Flushes this directory's entries to disk, so the names created, renamed or removed in it survive a
    /// power cut.
    func sync() throws(SidecarError) {
        guard fsync(fd) == 0 else { throw Self.failure("cannot flush the directory to disk", path) }
    }

    /// Creates the symbolic link `name` pointing at `target`.
    func makeLink(_ name: String, to target: String) throws(SidecarError) {
        guard symlinkat(target, fd, name) == 0 else { throw Self.failure("cannot create the link", path(of: name)) }
    }

    /// Renames `name` to `newName` in this directory, replacing what `newName` was, in one step.
    func rename(_ name: String, to newName: String) throws(SidecarError) {
        guard renameat(fd, name, fd, newName) == 0 else {
            throw Self.failure("cannot rename \(name) to \(newName)", path(of: newName))
        }
    }

    /// Removes the file or link `name`; nothing to do when it is gone already.
    func removeFile(_ name: String) throws(SidecarError) {
        guard unlinkat(fd, name, 0) == 0 || errno == ENOENT else { throw Self.failure("cannot remove", path(of: name)) }
    }

    /// Removes `name` and, when it is a directory, everything in it; links are removed, never followed.
    /// Nothing to do when it is gone already.
    func removeTree(_ name: String) throws(SidecarError) {
        guard let kind = try kind(of: name) else { return }
        guard kind == .directory else { return try removeFile(name) }
        let directory = try DirectoryDescriptor(in: self, name: name)
        for entry in try directory.names() { try directory.removeTree(entry) }
        guard unlinkat(fd, name, AT_REMOVEDIR) == 0 || errno == ENOENT else {
            throw Self.failure("cannot remove the directory", path(of: name))
        }
    }

    static func failure(_ what: String, _ path: String, _ code: Int32 = errno) -> SidecarError {
        SidecarError(.io, "\(what): \(String(cString: strerror(code)))", path: path)
    }
}

/// The current time in UTC as kubelet names a generation, `2006_01_02_15_04_05`.
func generationTimestamp() -> String {
    var now = time(nil)
    var parts = tm()
    gmtime_r(&now, &parts)
    func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
    return "\(parts.tm_year + 1900)_\(two(parts.tm_mon + 1))_\(two(parts.tm_mday))_\(two(parts.tm_hour))_"
        + "\(two(parts.tm_min))_\(two(parts.tm_sec))"
}

/// `write(2)`, named so it cannot be confused with the Swift functions called `write` around it.
@inline(__always)
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
