// sealgate · CLI

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Every C library call the CLI makes, in one file: the rest of the CLI imports neither Glibc nor Darwin.
///
/// Developers seal secrets on macOS as often as on Linux, so both branches must compile. The calls used
/// here (`read`, `write`, `isatty`, `getenv`, `strerror`, `exit`, `sigaction`, `signal`, `raise`) exist in
/// both C libraries under the same names; what differs is named where it differs (the module that
/// qualifies `exit`, `read` and `write`, and the union field that holds a `sigaction`'s handler).
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
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            #if canImport(Glibc)
            let count = Glibc.read(stream.descriptor, base, buffer.count)
            #else
            let count = Darwin.read(stream.descriptor, base, buffer.count)
            #endif
            if count >= 0 { return count }
            if errno != EINTR { return nil }
        }
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

    /// Ends the child process `pid` at once (SIGKILL): one that did not stop when asked to.
    static func kill(_ pid: Int32) {
        #if canImport(Glibc)
        _ = Glibc.kill(pid, SIGKILL)
        #else
        _ = Darwin.kill(pid, SIGKILL)
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
}
