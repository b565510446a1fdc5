// sealgate · SealedSecrets

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Writes files all at once or not at all: a temporary file beside the target, created with the final
/// mode (so plaintext is never readable by others, not even for a moment), fsynced, then renamed over the
/// target, and the directory fsynced so the rename survives a crash.
public enum AtomicFile {
    /// Mode for files that hold plaintext or private keys.
    public static let privateMode: UInt32 = 0o600
    /// Mode for files that hold nothing secret (certificates, SealedSecrets).
    public static let publicMode: UInt32 = 0o644

    /// Replaces (or creates) `path` with `bytes`.
    ///
    /// - Throws: ``SealedSecretsError`` `io` naming the path; the target is then unchanged.
    public static func write(_ bytes: [UInt8], to path: String, mode: UInt32) throws(SealedSecretsError) {
        try prepare(bytes, for: path, mode: mode).commit()
    }

    /// Writes `bytes` to a temporary file beside `path`, fsynced and with its final mode, without touching
    /// `path` yet: prepare every file of a set first, then commit them together, so that a full disk
    /// leaves all of them as they were (a new certificate never sits beside an old key).
    ///
    /// - Throws: ``SealedSecretsError`` `io` naming the path; nothing is left behind.
    public static func prepare(_ bytes: [UInt8], for path: String, mode: UInt32) throws(SealedSecretsError) -> Prepared {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[..<$0]) }.map { $0.isEmpty ? "/" : $0 } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var template = Array("\(directory)/.\(name).sealgate-XXXXXX".utf8CString)
        // mkstemp creates the file with mode 0600; it only widens (fchmod) once the content is in place.
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw failure("cannot create a temporary file in \(directory)", path) }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                let error = failure("cannot write", path)
                close(fd)
                unlink(temporary)
                throw error
            }
            offset += n
        }
        guard fchmod(fd, mode_t(mode)) == 0, fsync(fd) == 0 else {
            let error = failure("cannot finish writing", path)
            close(fd)
            unlink(temporary)
            throw error
        }
        guard close(fd) == 0 else {
            let error = failure("cannot finish writing", path)
            unlink(temporary)
            throw error
        }
        return Prepared(temporary: temporary, path: path, directory: directory)
    }

    /// A file written beside its target, waiting to replace it. Discarding it without ``commit()``
    /// removes the temporary file.
    public final class Prepared {
        let temporary: String
        /// The file this will replace.
        public let path: String
        let directory: String
        private var done = false

        init(temporary: String, path: String, directory: String) {
            self.temporary = temporary
            self.path = path
            self.directory = directory
        }

        /// Renames the temporary file over the target and fsyncs the directory so the rename survives a
        /// crash.
        ///
        /// - Throws: ``SealedSecretsError`` `io` naming the path; the target is then unchanged.
        public func commit() throws(SealedSecretsError) {
            guard !done else { return }
            guard rename(temporary, path) == 0 else { throw AtomicFile.failure("cannot replace the file", path) }
            done = true
            let directoryFD = open(directory, O_RDONLY | O_DIRECTORY)
            if directoryFD >= 0 {
                _ = fsync(directoryFD)
                close(directoryFD)
            }
        }

        deinit {
            if !done { unlink(temporary) }
        }
    }

    fileprivate static func failure(_ what: String, _ path: String) -> SealedSecretsError {
        SealedSecretsError(.io, "\(what): \(String(cString: strerror(errno)))", place: path)
    }
}
