// sealgate · CLI

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Every C library call the CLI makes, in one file: the rest of the CLI imports neither Glibc nor Darwin.
///
/// Developers seal secrets on macOS as often as on Linux, so both branches must compile. The calls used
/// here (`read`, `write`, `isatty`, `getenv`, `strerror`, `exit`, `sigaction`, `signal`, `raise`, and for
/// child processes `pipe`, `fcntl`, `posix_spawn`, `waitpid`, `kill`, `opendir`, `mkdtemp`) exist in both C libraries
/// under the same names; what differs is named where it differs (the module that qualifies `exit`, `read`,
/// `write`, `pipe`, `close` and `kill`, the union field that holds a `sigaction`'s handler, the types of the
/// spawn attributes, and how to reach the environment).
enum Platform {
    /// One of the three standard streams.
    enum Stream {
        case input
        case output
        case error

        /// Its file descriptor.
        var descriptor: Int32 {
            switch self {
            case .input: STDIN_FILENO
            case .output: STDOUT_FILENO
            case .error: STDERR_FILENO
            }
        }
    }

    /// Whether `stream` is a terminal (not a file, a pipe or a device).
    static func isTerminal(_ stream: Stream) -> Bool {
        isatty(stream.descriptor) == 1
    }

    /// The value of the environment variable `name`, or nil when it is not set.
    static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// Reads what is available from `stream` into `buffer`, retrying when a signal interrupts the call.
    ///
    /// - Returns: How many bytes were read: 0 at the end of the stream; nil when reading failed.
    static func read(_ stream: Stream, into buffer: UnsafeMutableRawBufferPointer) -> Int? {
        read(descriptor: stream.descriptor, into: buffer)
    }

    /// Writes all of `bytes` to `stream`, retrying after a signal or a partial write.
    ///
    /// - Returns: nil when every byte was written; otherwise the system's words for why not
    ///   (`No space left on device`).
    static func write(_ bytes: UnsafeRawBufferPointer, to stream: Stream) -> String? {
        guard let base = bytes.baseAddress else { return nil }
        var offset = 0
        while offset < bytes.count {
            #if canImport(Glibc)
            let count = Glibc.write(stream.descriptor, base + offset, bytes.count - offset)
            #else
            let count = Darwin.write(stream.descriptor, base + offset, bytes.count - offset)
            #endif
            if count < 0 {
                if errno == EINTR { continue }
                return String(cString: strerror(errno))
            }
            offset += count
        }
        return nil
    }

    /// Ends the process with `code`, without returning to the caller.
    static func exit(_ code: Int32) -> Never {
        #if canImport(Glibc)
        Glibc.exit(code)
        #else
        Darwin.exit(code)
        #endif
    }

    // MARK: - Child processes

    /// A pipe whose ends both close on exec (a child gets only what ``spawn(_:arguments:output:errors:)``
    /// puts on its standard output and error): its read and write descriptors, or nil.
    static func pipe() -> (read: Int32, write: Int32)? {
        var descriptors: [Int32] = [-1, -1]
        // pipe2(O_CLOEXEC) would close the window between the two calls, but Glibc's module does not
        // export it; the CLI starts no other program from another thread meanwhile.
        #if canImport(Glibc)
        guard Glibc.pipe(&descriptors) == 0 else { return nil }
        #else
        guard Darwin.pipe(&descriptors) == 0 else { return nil }
        #endif
        for descriptor in descriptors { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        return (descriptors[0], descriptors[1])
    }

    /// Closes `descriptor`.
    static func close(_ descriptor: Int32) {
        #if canImport(Glibc)
        _ = Glibc.close(descriptor)
        #else
        _ = Darwin.close(descriptor)
        #endif
    }

    /// Reads what is available from `descriptor` into `buffer`, retrying when a signal interrupts the call.
    ///
    /// - Returns: How many bytes were read: 0 at the end; nil when reading failed.
    static func read(descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Int? {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            #if canImport(Glibc)
            let count = Glibc.read(descriptor, base, buffer.count)
            #else
            let count = Darwin.read(descriptor, base, buffer.count)
            #endif
            if count >= 0 { return count }
            if errno != EINTR { return nil }
        }
    }

    /// Starts the program at `path` with `arguments` and this process's environment: standard input from
    /// /dev/null, standard output and error onto `output` and `errors`, no signal blocked (a Dispatch
    /// thread blocks them, and a child would inherit that).
    ///
    /// - Returns: The child's process id, or the system's words for why it could not start.
    static func spawn(_ path: String, arguments: [String], output: Int32, errors: Int32) -> Result<Int32, SpawnFailure> {
        #if canImport(Glibc)
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        #else
        var actions: posix_spawn_file_actions_t? = nil
        var attributes: posix_spawnattr_t? = nil
        #endif
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, output, STDOUT_FILENO)
        posix_spawn_file_actions_adddup2(&actions, errors, STDERR_FILENO)
        closeOnExecAboveStandardStreams()
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        #if canImport(Glibc)
        let environment = environ
        #else
        let environment = _NSGetEnviron().pointee
        #endif
        var pid: Int32 = 0
        let status = posix_spawn(&pid, path, &actions, &attributes, argv, environment)
        guard status == 0 else { return .failure(SpawnFailure(reason: String(cString: strerror(status)))) }
        return .success(pid)
    }

    /// Marks every descriptor this process has above standard error close-on-exec, so a child gets none of
    /// them: a descriptor inherited from whoever started sealgate, kept open by a child that outlives the
    /// run, would make that caller wait for it. Linux lists them in /proc/self/fd; elsewhere the first 1024
    /// are tried.
    private static func closeOnExecAboveStandardStreams() {
        var descriptors: [Int32] = []
        if let directory = opendir("/proc/self/fd") {
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                if let descriptor = Int32(name) { descriptors.append(descriptor) }
            }
            closedir(directory)
        } else {
            descriptors = Array(0..<1024)
        }
        for descriptor in descriptors where descriptor > STDERR_FILENO {
            let flags = fcntl(descriptor, F_GETFD)
            if flags >= 0, flags & FD_CLOEXEC == 0 { _ = fcntl(descriptor, F_SETFD, flags | FD_CLOEXEC) }
        }
    }

    /// Why a program could not be started, in the system's words.
    struct SpawnFailure: Error {
        var reason: String
    }

    /// Waits for the child `pid` to end and returns its exit status, or 128 + the signal that ended it.
    static func waitForExit(_ pid: Int32) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return 128 }
        }
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which are macros Swift does not import; the layout is the
        // same on Linux and Darwin.
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }

    /// How to stop a child: ask (SIGTERM), or end it at once (SIGKILL).
    enum Stop {
        case terminate
        case kill
    }

    /// Stops the child `pid`.
    static func stop(_ pid: Int32, _ how: Stop) {
        let signal = how == .terminate ? SIGTERM : SIGKILL
        #if canImport(Glibc)
        _ = Glibc.kill(pid, signal)
        #else
        _ = Darwin.kill(pid, signal)
        #endif
    }

    // MARK: - Signals

    /// The signals a user or a CI runner sends to stop a command: SIGINT, SIGTERM, SIGHUP and SIGQUIT.
    static let interruptingSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]

    /// Installs `handler` for `signal`, unless the signal is ignored (`nohup` ignores SIGHUP, and that
    /// choice is kept).
    ///
    /// - Returns: Whether the handler was installed.
    @discardableResult
    static func handle(_ signal: Int32, with handler: @escaping @convention(c) (Int32) -> Void) -> Bool {
        var previous = sigaction()
        guard sigaction(signal, nil, &previous) == 0, !isIgnored(previous) else { return false }
        var action = sigaction()
        #if canImport(Glibc)
        action.__sigaction_handler.sa_handler = handler
        #else
        action.__sigaction_u.__sa_handler = handler
        #endif
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        return sigaction(signal, &action, nil) == 0
    }

    /// Restores the default action for `signal` and sends it to this process, so it ends as it would have
    /// without a handler (the shell still sees "killed by SIGINT"). Async-signal-safe.
    static func resendWithDefaultAction(_ signal: Int32) {
        #if canImport(Glibc)
        _ = Glibc.signal(signal, SIG_DFL)
        #else
        _ = Darwin.signal(signal, SIG_DFL)
        #endif
        _ = raise(signal)
    }

    /// Whether `action` ignores its signal.
    private static func isIgnored(_ action: sigaction) -> Bool {
        #if canImport(Glibc)
        let handler = action.__sigaction_handler.sa_handler
        #else
        let handler = action.__sigaction_u.__sa_handler
        #endif
        guard let handler else { return false }
        return unsafeBitCast(handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
    }

    /// Makes a new directory, readable by its owner only, from `template` (a path ending in `XXXXXX`), and
    /// returns its path, or the C library's reason.
    static func makeTemporaryDirectory(_ template: String) -> Result<String, PlatformError> {
        var bytes = Array(template.utf8CString)
        let made = bytes.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard let made else { return .failure(PlatformError(reason: String(cString: strerror(errno)))) }
        return .success(String(cString: made))
    }
}

/// A C library call that failed, with `strerror`'s words.
struct PlatformError: Error, CustomStringConvertible {
    let reason: String
    var description: String { reason }
}
