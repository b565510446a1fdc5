// sealgate · UnsealSidecar

internal import Synchronization

/// Publishes a ``SidecarPayload`` into a directory laid out as kubelet lays out a mounted Secret volume,
/// replacing every secret at once, so an application that reads or watches a mounted Secret reads the
/// sidecar's output unchanged.
///
/// ## Layout
///
/// ```
/// DIR/..data      -> ..2026_12_06_23_30_00.1234567890    the current generation
/// DIR/..2026_12_06_23_30_00.1234567890/db/password      the files, mode fileMode (0440)
/// DIR/..2026_12_06_23_30_00.1234567890/db/username
/// DIR/..2026_12_06_23_30_00.1234567890/api/token
/// DIR/db          -> ..data/db                           one user-visible link per secret
/// DIR/api         -> ..data/api
/// ```
///
/// A generation directory is named as kubelet names one: `..`, the time in UTC as `YYYY_MM_DD_HH_MM_SS`,
/// `.` and a random decimal number. It holds every secret of one payload, one directory per secret and one
/// file per key; the generation and secret directories have exactly `directoryMode` (0755) and the files
/// exactly `fileMode` (0440), whatever the process's umask. An application opens `DIR/<secret>/<key>`; the
/// path goes through `..data` at every open, so each open sees one whole generation. A reader that needs
/// several files from the same generation resolves `DIR/..data` once (`readlink`) and reads under that
/// generation's directory; it stays complete until the next write has swapped `..data` away from it.
/// Watching `DIR/..data` for a move (inotify `IN_MOVED_TO`, as for a Secret volume) tells when a new
/// generation is in.
///
/// ## A write
///
/// 1. The payload is checked: an invalid secret name or key refuses all of it and nothing is touched.
/// 2. The generation `..data` points at is compared with the payload (names, bytes and modes); when it
///    holds it already, nothing is written (``Outcome/unchanged(generation:)``).
/// 3. A new generation directory is created, and each secret's directory and files are written in it: each
///    file created `0600`, written, set to `fileMode` with `fchmod` and fsynced; each directory set to
///    `directoryMode` and fsynced.
/// 4. A user-visible link is created for each secret that has none. It dangles until the swap, so an
///    application that reloads when `..data` moves finds every new secret at once (kubelet, for Windows'
///    sake, creates them after the swap, when such a reload can miss them).
/// 5. `..data_tmp` is created pointing at the new generation and renamed over `..data`: the one atomic
///    step. `DIR` is fsynced.
/// 6. The user-visible links of secrets the new generation no longer holds are removed (until then they
///    dangle, as a removed secret's file should), and `DIR` is fsynced.
/// 7. The previous generation is removed.
///
/// A crash before step 5 leaves the old view whole; a crash after it, the new view whole, at worst with a
/// dangling link or an old generation to clean, which ``recover()`` does.
///
/// ## Recovery and a dedicated directory
///
/// The writer owns its directory as kubelet owns a volume: it must hold nothing else. The initializer
/// recovers the directory before anything is written (``recoveryAtStart``): it refuses a directory that
/// holds anything it did not create (`notOurDirectory`, removing nothing), then removes a stale
/// `..data_tmp`, every generation `..data` does not point at, and the user-visible links of secrets the
/// current generation does not hold, and creates the links it lacks. A `..data` that is missing or points
/// at no generation publishes nothing until the next write, and every generation is removed. After a
/// write that failed, the next write recovers first.
///
/// The writer's own entries are `..data`, `..data_tmp` (symbolic links), the generation directories, and
/// a symbolic link `<name>` whose target is `..data/<name>`. Anything else (a regular file, a directory,
/// a FIFO, a link pointing elsewhere, `lost+found`) makes the directory not the writer's.
///
/// One writer per directory, in one process: the writer serialises its own calls (it is `Sendable`), but
/// two processes writing the same directory would remove each other's generations. Every call blocks on
/// file-system calls; from an `async` context, run it through `BlockingWork.run`.
public final class SecretDirectoryWriter: Sendable {
    /// The output directory, as given.
    public let directory: String
    /// The permission bits of every file written, exactly.
    public let fileMode: UInt32
    /// The permission bits of every generation and secret directory, exactly.
    public let directoryMode: UInt32
    /// What the initializer found and cleaned in the directory.
    public let recoveryAtStart: Recovery

    private let output: OutputDirectory
    private let stepHook: StepHook?
    /// Whether the last write failed part-way, leaving something for ``recover()`` to clean.
    private let needsRecovery = Mutex(false)

    /// The default ``fileMode``: readable by the owner and the group (the application's, through
    /// `fsGroup`), by no one else, and writable by no one.
    public static let defaultFileMode: UInt32 = 0o440
    /// The default ``directoryMode``: as kubelet sets a generation directory.
    public static let defaultDirectoryMode: UInt32 = 0o755

    /// Opens `directory` for writing and recovers it (see ``SecretDirectoryWriter``).
    ///
    /// - Parameters:
    ///   - directory: The output directory, which must exist and be dedicated to the writer (an `emptyDir`
    ///     shared with the application).
    ///   - fileMode: The files' permission bits, at most `0777` and with the owner's read bit (the writer
    ///     reads its files back to see whether a payload changed).
    ///   - directoryMode: The directories' permission bits, at most `0777` and with all the owner's bits
    ///     (the writer lists, fills and empties them).
    /// - Throws: ``SidecarError`` `invalidMode` for a mode it cannot use, `notOurDirectory` when the
    ///   directory holds something it did not create (nothing is removed), `io` when the directory is
    ///   missing or cannot be read or cleaned.
    public convenience init(
        directory: String, fileMode: UInt32 = defaultFileMode, directoryMode: UInt32 = defaultDirectoryMode
    ) throws(SidecarError) {
        try self.init(directory: directory, fileMode: fileMode, directoryMode: directoryMode, syncsToDisk: true, stepHook: nil)
    }

    /// Opens `directory` as the public initializer does, for tests: `syncsToDisk` false leaves out every
    /// fsync (a test swapping thousands of generations on a disk, where durability is not what it checks),
    /// and `stepHook` is called at every ``Step`` of a write and can stop it there as a crash would.
    package init(
        directory: String, fileMode: UInt32, directoryMode: UInt32, syncsToDisk: Bool, stepHook: StepHook?
    ) throws(SidecarError) {
        guard fileMode & ~0o777 == 0, fileMode & 0o400 != 0 else {
            throw SidecarError(
                .invalidMode,
                "file mode \(Self.octal(fileMode)) cannot be used; give permission bits of at most 0777 that let the owner read (0400)")
        }
        guard directoryMode & ~0o777 == 0, directoryMode & 0o700 == 0o700 else {
            throw SidecarError(
                .invalidMode,
                "directory mode \(Self.octal(directoryMode)) cannot be used; give permission bits of at most 0777 that "
                    + "include the owner's (0700)")
        }
        let output = OutputDirectory(path: directory, fileMode: fileMode, directoryMode: directoryMode, syncsToDisk: syncsToDisk)
        self.recoveryAtStart = try output.recover()
        self.output = output
        self.directory = directory
        self.fileMode = fileMode
        self.directoryMode = directoryMode
        self.stepHook = stepHook
    }

    /// Publishes `payload` as a new generation, replacing every secret at once, or does nothing when the
    /// current generation holds it already (see ``SecretDirectoryWriter`` for the order of the steps).
    ///
    /// Writing an empty payload into a directory with no generation yet writes an empty generation, so
    /// `..data` exists once the first payload is in.
    ///
    /// - Parameter payload: Every secret to publish.
    /// - Returns: Whether a generation was written, and how it differs from the previous one.
    /// - Throws: ``SidecarError`` `invalidName` naming the secret or key at fault (nothing is written),
    ///   `notOurDirectory` or `io` from the recovery a failed write calls for, `io` when a write fails. A
    ///   failure before the swap leaves the previous generation published; after it, the new one.
    @discardableResult
    public func write(_ payload: SidecarPayload) throws(SidecarError) -> Outcome {
        try payload.validate()
        return try needsRecovery.withLock { (needsRecovery: inout Bool) throws(SidecarError) -> Outcome in
            if needsRecovery {
                _ = try output.recover()
                needsRecovery = false
            }
            do throws(SidecarError) {
                return try output.write(payload) { (step: Step) throws(SidecarError) in
                    if stepHook?(step) == .crash {
                        throw SidecarError(.interrupted, "the write was stopped at '\(step)' by a test", path: directory)
                    }
                }
            } catch {
                needsRecovery = true
                throw error
            }
        }
    }

    /// Cleans what a crash or a failed write left in the directory (see ``SecretDirectoryWriter``); the
    /// initializer has done it once already.
    ///
    /// - Returns: What was found and cleaned.
    /// - Throws: ``SidecarError`` `notOurDirectory` when the directory holds something the writer did not
    ///   create (nothing is removed), `io` when it cannot be read or cleaned.
    @discardableResult
    public func recover() throws(SidecarError) -> Recovery {
        try needsRecovery.withLock { (needsRecovery: inout Bool) throws(SidecarError) -> Recovery in
            let recovery = try output.recover()
            needsRecovery = false
            return recovery
        }
    }

    /// The generation `..data` points at now, or nil before the first write.
    ///
    /// - Throws: ``SidecarError`` `io` when the directory cannot be read.
    public func currentGeneration() throws(SidecarError) -> String? {
        try needsRecovery.withLock { (_: inout Bool) throws(SidecarError) -> String? in
            try output.currentGeneration(in: DirectoryDescriptor(opening: directory))
        }
    }

    private static func octal(_ mode: UInt32) -> String {
        let digits = String(mode, radix: 8)
        return "0" + String(repeating: "0", count: max(0, 3 - digits.count)) + digits
    }
}
