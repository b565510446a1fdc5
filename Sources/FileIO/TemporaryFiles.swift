// sealgate · FileIO

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif
internal import Synchronization

/// The temporary files this process has open on their way to replacing a target, so that an interrupted
/// run leaves none of them behind.
///
/// A temporary file may hold plaintext, and it sits beside the target, where `git add .` would pick it up.
/// Every file ``AtomicFile`` creates is listed here until it is renamed into place or removed, and
/// ``removeAll()`` (safe to call from a signal handler) unlinks whatever is listed. The CLI calls it from
/// its handler for SIGINT, SIGTERM, SIGHUP and SIGQUIT before the process dies of the signal. Only
/// SIGKILL and a power cut can still leave one: its name ends in `.sealgate-XXXXXX`
/// (``AtomicFile/temporaryMarker``).
public enum TemporaryFiles {
    /// How many temporary files can be listed at once; a file beyond that still works, without clean-up
    /// on a signal (sealgate never has more than three open).
    static let capacity = 64

    /// The slots: each holds the address of a NUL-terminated path allocated with `strdup`, or 0.
    /// Fixed storage allocated once, so the signal handler reads it without allocating or locking.
    // nonisolated(unsafe): the pointer never changes after initialisation, and every access to what it
    // points at is atomic.
    nonisolated(unsafe) private static let slots: UnsafeMutablePointer<Atomic<UInt>> = {
        let slots = UnsafeMutablePointer<Atomic<UInt>>.allocate(capacity: capacity)
        for index in 0..<capacity { (slots + index).initialize(to: Atomic(0)) }
        return slots
    }()

    /// Set once a signal handler has started removing files; from then on an entry leaves its path's memory
    /// allocated, since the handler may be reading it.
    nonisolated(unsafe) private static let removing: UnsafeMutablePointer<Atomic<Bool>> = {  // as `slots`
        let flag = UnsafeMutablePointer<Atomic<Bool>>.allocate(capacity: 1)
        flag.initialize(to: Atomic(false))
        return flag
    }()

    /// Allocates the list, so that the first call of ``removeAll()`` from a signal handler finds it ready
    /// instead of running its lazy initialiser there. Call it before installing the handler.
    public static func prepareForSignals() {
        _ = slots
        _ = removing
    }

    /// Unlinks every listed temporary file. Async-signal-safe: it only reads atomics and calls `unlink`.
    public static func removeAll() {
        removing.pointee.store(true, ordering: .sequentiallyConsistent)
        for index in 0..<capacity {
            let address = slots[index].load(ordering: .sequentiallyConsistent)
            if let path = UnsafePointer<CChar>(bitPattern: address) { unlink(path) }
        }
    }

    /// The paths listed now (for tests and diagnostics).
    public static var listed: [String] {
        (0..<capacity).compactMap { index in
            UnsafePointer<CChar>(bitPattern: slots[index].load(ordering: .sequentiallyConsistent)).map { String(cString: $0) }
        }
    }

    /// Creates `.<name>.sealgate-XXXXXX` in `directory` with mode 0600 and lists it.
    ///
    /// The path is listed before the file is created (`O_CREAT | O_EXCL`, as `mkstemp` does): a signal sent
    /// to the process is taken by whichever thread does not block it, often not this one, so blocking the
    /// signals here alone does not keep a handler from running between creating and listing; the file
    /// must never exist unlisted.
    ///
    /// - Throws: ``FileIOError`` `io` naming `path` (the user's name for the target).
    static func create(in directory: String, name: String, for path: String) throws(FileIOError) -> Entry {
        // Hold back the signals a user sends while this thread lists and creates the file.
        var interrupting = sigset_t()
        var previous = sigset_t()
        sigemptyset(&interrupting)
        for number in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] { sigaddset(&interrupting, number) }
        pthread_sigmask(SIG_BLOCK, &interrupting, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)
        var generator = SystemRandomNumberGenerator()
        var failure = EEXIST
        for _ in 0..<100 {
            let suffix = String(decoding: (0..<6).map { _ in alphabet.randomElement(using: &generator)! }, as: UTF8.self)
            let temporary = "\(directory)/.\(name)\(AtomicFile.temporaryMarker)\(suffix)"
            let slot = list(temporary)
            let fd = open(temporary, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            if fd >= 0 { return Entry(path: temporary, descriptor: fd, slot: slot) }
            failure = errno
            // Taken off the list without unlinking: the path may be another process's file.
            Entry(path: temporary, descriptor: -1, slot: slot).forget()
            guard failure == EEXIST else { break }
        }
        throw AtomicFile.failure("cannot create a temporary file in \(directory)", path, errno: failure)
    }

    /// Puts a copy of `path` in a free slot; `nil` when every slot is taken (or memory ran out), and then a
    /// signal would leave that one file behind.
    private static func list(_ path: String) -> Int? {
        guard let copy = strdup(path) else { return nil }
        let address = UInt(bitPattern: copy)
        for index in 0..<capacity
        where slots[index].compareExchange(
            expected: 0, desired: address, ordering: .sequentiallyConsistent
        ).exchanged {
            return index
        }
        free(copy)
        return nil
    }

    /// One listed temporary file.
    final class Entry: @unchecked Sendable {  // used by one thread at a time; the slot itself is atomic
        /// Where the file is.
        let path: String
        /// Its open descriptor until ``close()``.
        private(set) var descriptor: Int32
        private var slot: Int?

        init(path: String, descriptor: Int32, slot: Int?) {
            self.path = path
            self.descriptor = descriptor
            self.slot = slot
        }

        /// Closes the descriptor; false when closing failed (the content may not be on disk).
        func close() -> Bool {
            guard descriptor >= 0 else { return true }
            let closed = systemClose(descriptor) == 0
            descriptor = -1
            return closed
        }

        /// Takes the file off the list: it has been renamed into place.
        func forget() {
            guard let index = slot else { return }
            slot = nil
            let address = TemporaryFiles.slots[index].exchange(0, ordering: .sequentiallyConsistent)
            // A handler that read the address before the exchange set `removing` first, so the memory is only
            // freed when no handler can be reading it.
            if !TemporaryFiles.removing.pointee.load(ordering: .sequentiallyConsistent),
                let pointer = UnsafeMutablePointer<CChar>(bitPattern: address)
            {
                free(pointer)
            }
        }

        /// Closes, removes and forgets the file.
        func remove() {
            _ = close()
            unlink(path)
            forget()
        }

        deinit { _ = close() }
    }
}

/// `close(2)`, named so it cannot be confused with ``TemporaryFiles/Entry/close()``.
private func systemClose(_ fd: Int32) -> Int32 {
    close(fd)
}
