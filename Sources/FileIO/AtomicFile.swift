// sealgate · FileIO

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Writes files all at once or not at all, the way a user of a file-writing tool expects.
///
/// What happens depends on what is at the path:
/// - nothing: a new regular file with the requested mode;
/// - a regular file: it is replaced atomically and keeps its own mode and owner (a 0640 file stays 0640);
/// - a symbolic link: the link is followed, and its target is created or replaced as above, so the link
///   stays a link (a dotfiles repository keeps working);
/// - a character or block device, a FIFO or a socket, or the kernel's name for an open descriptor
///   (`/dev/stdout`, `/proc/self/fd/1`, or a link to one): the bytes are written through it, and it is
///   never replaced by a regular file (`-w /dev/stdout` writes to standard output instead of creating a
///   file of plaintext in `/dev`);
/// - a directory: an error.
///
/// Replacing goes through a temporary file beside the target, named `.<name>.sealgate-XXXXXX`, created
/// with mode 0600 (so plaintext is never readable by others, not even for a moment), fsynced, then renamed
/// over the target, and the directory fsynced so the rename survives a crash. While a temporary file
/// exists it is listed in ``TemporaryFiles``, so a signal handler can remove it.
public enum AtomicFile {
    /// Mode for files that hold plaintext or private keys.
    public static let privateMode: UInt32 = 0o600
    /// Mode for files that hold nothing secret (certificates, SealedSecrets).
    public static let publicMode: UInt32 = 0o644

    /// The suffix every temporary file carries before its six random characters; `.*.sealgate-*` in a
    /// `.gitignore` keeps one that a `kill -9` left behind out of a commit.
    public static let temporaryMarker = ".sealgate-"

    /// How a write landed, so a caller can warn about a mode it did not choose.
    public enum Outcome: Sendable, Equatable {
        /// A new regular file was created with the requested mode.
        case created(path: String)
        /// An existing regular file was replaced; it kept `mode` (its permission bits) and its owner.
        case replaced(path: String, mode: UInt32)
        /// The target is a device, FIFO or socket: the bytes were written through it.
        case wroteThrough(path: String)

        /// Permission bits a created or replaced file now has, or nil for a write-through.
        public var mode: UInt32? {
            switch self {
            case .created: return nil
            case .replaced(_, let mode): return mode
            case .wroteThrough: return nil
            }
        }
    }

    /// Replaces (or creates) `path` with `bytes`; see ``AtomicFile`` for what each kind of target gets.
    ///
    /// - Parameters:
    ///   - bytes: The whole new content.
    ///   - path: The target, as the user gave it.
    ///   - mode: The permission bits for a file that does not exist yet.
    /// - Returns: What happened at the target.
    /// - Throws: ``FileIOError`` `io` naming the path; the target is then unchanged.
    @discardableResult
    public static func write(_ bytes: [UInt8], to path: String, mode: UInt32) throws(FileIOError) -> Outcome {
        try prepare(bytes, for: path, mode: mode).commit()
    }

    /// Writes `bytes` to a temporary file beside `path`'s final target, fsynced and with its final mode,
    /// without touching the target yet: prepare every file of a set first, then commit them together, so
    /// that a full disk leaves all of them as they were (a new certificate never sits beside an old key).
    /// A device or FIFO target is only checked here; its bytes go through it at ``Prepared/commit()``.
    ///
    /// - Throws: ``FileIOError`` `io` naming the path; nothing is left behind.
    public static func prepare(_ bytes: [UInt8], for path: String, mode: UInt32) throws(FileIOError) -> Prepared {
        switch try Target.resolve(path) {
        case .special:
            return Prepared(.writeThrough(bytes), path: path)
        case .newFile(let target):
            let temporary = try writeTemporary(bytes, besides: target, mode: mode, owner: nil, for: path)
            return Prepared(.replace(temporary: temporary, target: target, outcome: .created(path: path)), path: path)
        case .regularFile(let target, let existingMode, let owner):
            let temporary = try writeTemporary(bytes, besides: target, mode: existingMode, owner: owner, for: path)
            return Prepared(
                .replace(temporary: temporary, target: target, outcome: .replaced(path: path, mode: existingMode)), path: path)
        }
    }

    /// A file written beside its target, waiting to replace it. Discarding it without ``commit()``
    /// removes the temporary file.
    public final class Prepared {
        enum Action {
            case replace(temporary: TemporaryFiles.Entry, target: String, outcome: Outcome)
            case writeThrough([UInt8])
        }

        /// The path this will write, as the caller gave it.
        public let path: String
        private let action: Action
        private var done = false

        init(_ action: Action, path: String) {
            self.action = action
            self.path = path
        }

        /// Puts the content in place: renames the temporary file over the target and fsyncs the directory
        /// so the rename survives a crash, or writes the bytes through a device or FIFO.
        ///
        /// - Returns: What happened at the target.
        /// - Throws: ``FileIOError`` `io` naming the path; a replaced target is then unchanged.
        @discardableResult
        public func commit() throws(FileIOError) -> Outcome {
            switch action {
            case .writeThrough(let bytes):
                if !done { try AtomicFile.writeThrough(bytes, to: path) }
                done = true
                return .wroteThrough(path: path)
            case .replace(let temporary, let target, let outcome):
                guard !done else { return outcome }
                guard rename(temporary.path, target) == 0 else {
                    throw AtomicFile.failure("cannot replace the file", path)
                }
                done = true
                temporary.forget()
                let directoryFD = open(Target.directory(of: target), O_RDONLY | O_DIRECTORY)
                if directoryFD >= 0 {
                    _ = fsync(directoryFD)
                    close(directoryFD)
                }
                return outcome
            }
        }

        deinit {
            if !done, case .replace(let temporary, _, _) = action { temporary.remove() }
        }
    }

    // MARK: - Targets

    /// What is at a path once symbolic links are followed.
    enum Target: Equatable {
        /// Nothing yet: create a file at this path (a dangling link's destination, or the path itself).
        case newFile(String)
        /// A regular file at this real path, with its permission bits and owner.
        case regularFile(String, mode: UInt32, owner: Owner)
        /// A device, FIFO or socket, or a kernel name for an open descriptor: write through it, never
        /// replace it.
        case special

        /// The owner and group of an existing file.
        struct Owner: Equatable {
            let user: uid_t
            let group: gid_t
        }

        /// Follows `path` to what a write should land on.
        static func resolve(_ path: String) throws(FileIOError) -> Target {
            guard !path.isEmpty else { throw FileIOError(.io, "the output path is empty; name a file") }
            var status = stat()
            if throughKernelLink(path) {
                // `/dev/stdout`, `/proc/self/fd/1` and links to them name an open descriptor, not a file to
                // replace: even when it is a regular file, other output may already be in it.
                guard stat(path, &status) == 0 else { throw failure("cannot write here", path) }
                guard status.st_mode & S_IFMT != S_IFDIR else {
                    throw FileIOError(.io, "is a directory; name a file to write", path: path)
                }
                return .special
            }
            if stat(path, &status) == 0 {
                switch status.st_mode & S_IFMT {
                case S_IFDIR:
                    throw FileIOError(.io, "is a directory; name a file to write", path: path)
                case S_IFREG:
                    guard let real = realPath(path) else { throw failure("cannot resolve the path", path) }
                    return .regularFile(
                        real, mode: UInt32(status.st_mode & 0o7777), owner: Owner(user: status.st_uid, group: status.st_gid))
                default:
                    return .special
                }
            }
            let statError = errno
            guard statError == ENOENT else {
                if statError == ELOOP {
                    throw FileIOError(.io, "too many levels of symbolic links; point the link at a file", path: path)
                }
                throw failure("cannot write here", path, errno: statError)
            }
            // Nothing at the end of the path: a plain new file, or a link whose destination does not exist
            // yet (created there, as a shell's `>` does).
            var current = path
            for _ in 0..<40 {
                var linkStatus = stat()
                guard lstat(current, &linkStatus) == 0, linkStatus.st_mode & S_IFMT == S_IFLNK else {
                    return try newFile(at: current, for: path)
                }
                guard let destination = readLink(current) else { throw failure("cannot read the symbolic link", path) }
                current = destination.hasPrefix("/") ? destination : directory(of: current) + "/" + destination
            }
            throw FileIOError(.io, "too many levels of symbolic links; point the link at a file", path: path)
        }

        /// Whether `path`, or a symbolic link on the way from it, is one of the kernel's names for an open
        /// descriptor (`/proc/<pid>/fd/<n>`, `/dev/fd/<n>`, `/dev/stdout`, `/dev/stderr`).
        static func throughKernelLink(_ path: String) -> Bool {
            var current = path
            for _ in 0..<40 {
                if current.hasPrefix("/proc/") || current.hasPrefix("/dev/fd/") || current == "/dev/stdout"
                    || current == "/dev/stderr"
                {
                    return true
                }
                var status = stat()
                guard lstat(current, &status) == 0, status.st_mode & S_IFMT == S_IFLNK, let destination = readLink(current)
                else { return false }
                current = destination.hasPrefix("/") ? destination : directory(of: current) + "/" + destination
            }
            return false
        }

        /// A new file at `target`, once its directory is known to exist.
        private static func newFile(at target: String, for path: String) throws(FileIOError) -> Target {
            let directory = directory(of: target)
            var status = stat()
            guard stat(directory, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else {
                throw FileIOError(
                    .io, "the directory \(directory) does not exist; create it first", path: path)
            }
            return .newFile(target)
        }

        /// The directory part of `path` (`.` for a bare name, `/` for a file at the root).
        static func directory(of path: String) -> String {
            guard let slash = path.lastIndex(of: "/") else { return "." }
            let directory = String(path[..<slash])
            return directory.isEmpty ? "/" : directory
        }

        /// The file-name part of `path`.
        static func name(of path: String) -> String {
            path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
        }

        private static func realPath(_ path: String) -> String? {
            guard let resolved = realpath(path, nil) else { return nil }
            defer { free(resolved) }
            return String(cString: resolved)
        }

        private static func readLink(_ path: String) -> String? {
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let count = readlink(path, &buffer, buffer.count - 1)
            guard count > 0 else { return nil }
            return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }

    // MARK: - Writing

    /// A filled, fsynced temporary file beside `target`, with `mode` and (where the process may) `owner`.
    private static func writeTemporary(
        _ bytes: [UInt8], besides target: String, mode: UInt32, owner: Target.Owner?, for path: String
    ) throws(FileIOError) -> TemporaryFiles.Entry {
        let directory = Target.directory(of: target)
        let entry = try TemporaryFiles.create(in: directory, name: Target.name(of: target), for: path)
        let fd = entry.descriptor
        do throws(FileIOError) {
            try writeAll(bytes, to: fd, path: path)
            if let owner {
                // Keep the owner where the process may (root, or the group of a member); otherwise the file
                // becomes the writer's, as it would with any editor's save. chown before chmod: chown clears
                // set-id bits.
                if fchown(fd, owner.user, owner.group) != 0 { _ = fchown(fd, uid_t.max, owner.group) }
            }
            guard fchmod(fd, mode_t(mode)) == 0, fsync(fd) == 0 else { throw failure("cannot finish writing", path) }
        } catch {
            entry.remove()
            throw error
        }
        guard entry.close() else {
            let error = failure("cannot finish writing", path)
            entry.remove()
            throw error
        }
        return entry
    }

    /// Writes `bytes` through a device, FIFO or socket at `path`, without creating or truncating anything.
    static func writeThrough(_ bytes: [UInt8], to path: String) throws(FileIOError) {
        let fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { throw failure("cannot open for writing", path) }
        defer { close(fd) }
        // A regular file reached through `/proc/self/fd/N` gets only the new content, as `>` would leave it.
        var status = stat()
        if fstat(fd, &status) == 0, status.st_mode & S_IFMT == S_IFREG, ftruncate(fd, 0) != 0 {
            throw failure("cannot truncate", path)
        }
        try writeAll(bytes, to: fd, path: path)
    }

    private static func writeAll(_ bytes: [UInt8], to fd: Int32, path: String) throws(FileIOError) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { buffer in
                systemWrite(fd, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure("cannot write", path)
            }
            offset += n
        }
    }

    static func failure(_ what: String, _ path: String, errno code: Int32 = errno) -> FileIOError {
        FileIOError(.io, "\(what): \(String(cString: strerror(code)))", path: path)
    }
}

/// `write(2)`, named so it cannot be confused with the Swift functions called `write` around it.
@inline(__always)
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
