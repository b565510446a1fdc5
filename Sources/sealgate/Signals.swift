// sealgate · CLI

internal import FileIO

/// What the CLI does when the user interrupts it: no temporary file (which may hold plaintext) survives.
enum Signals {
    /// Installs, for each interrupting signal that is not ignored (`nohup` ignores SIGHUP, and that choice
    /// is kept), a handler that removes the listed temporary files and then lets the signal end the process
    /// as it would have (so the shell still sees "killed by SIGINT").
    static func removeTemporaryFilesOnInterrupt() {
        TemporaryFiles.prepareForSignals()
        for number in Platform.interruptingSignals {
            Platform.handle(number, with: handle)
        }
    }
}

/// The handler: async-signal-safe work only (unlink, signal, raise).
private func handle(_ number: Int32) {
    TemporaryFiles.removeAll()
    Platform.resendWithDefaultAction(number)
}
