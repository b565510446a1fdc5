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
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[..<$0]) }.map { $0.isEmpty ? "/" : $0 } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var template = Array("\(directory)/.\(name).sealgate-XXXXXX".utf8CString)
        // mkstemp creates the file with mode 0600; it only widens (fchmod) once the content is in place.
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw failure("cannot create a temporary file in \(directory)", path) }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var committed = false
        defer {
            if !committed { unlink(temporary) }
        }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                close(fd)
                throw failure("cannot write", path)
            }
            offset += n
        }
        guard fchmod(fd, mode_t(mode)) == 0, fsync(fd) == 0 else {
            close(fd)
            throw failure("cannot finish writing", path)
        }
        guard close(fd) == 0 else { throw failure("cannot finish writing", path) }
        guard rename(temporary, path) == 0 else { throw failure("cannot replace the file", path) }
        committed = true
        let directoryFD = open(directory, O_RDONLY | O_DIRECTORY)
        if directoryFD >= 0 {
            _ = fsync(directoryFD)
            close(directoryFD)
        }
    }

    private static func failure(_ what: String, _ path: String) -> SealedSecretsError {
        SealedSecretsError(.io, "\(what): \(String(cString: strerror(errno)))", place: path)
    }
}
