// sealgate · CLI

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif
internal import FileIO

/// What the CLI does when the user interrupts it: no temporary file (which may hold plaintext) survives.
enum Signals {
    /// The signals a user or a CI runner sends to stop a command.
    static let interrupting: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]

    /// Installs, for each interrupting signal that is not ignored (`nohup` ignores SIGHUP, and that choice
    /// is kept), a handler that removes the listed temporary files and then lets the signal end the process
    /// as it would have (so the shell still sees "killed by SIGINT").
    static func removeTemporaryFilesOnInterrupt() {
        TemporaryFiles.prepareForSignals()
        for number in interrupting {
            var previous = sigaction()
            guard sigaction(number, nil, &previous) == 0, !isIgnored(previous) else { continue }
            var action = sigaction()
            #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = handle
            #else
            action.__sigaction_u.__sa_handler = handle
            #endif
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            _ = sigaction(number, &action, nil)
        }
    }

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

/// The handler: async-signal-safe work only (unlink, signal, raise).
private func handle(_ number: Int32) {
    TemporaryFiles.removeAll()
    _ = signal(number, SIG_DFL)
    _ = raise(number)
}
