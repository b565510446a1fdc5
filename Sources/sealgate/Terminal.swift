// sealgate · CLI

internal import Diagnostics
internal import KubeManifest

/// Writes to standard output and standard error; the only place the CLI prints.
enum Terminal {
    /// Writes `text` and a newline to standard output.
    static func out(_ text: String) {
        write(text + "\n", to: .output)
    }

    /// Writes `text` to standard output as it is, with no newline (`seal --raw`).
    static func write(_ text: String) {
        write(text, to: .output)
    }

    /// Writes `text` and a newline to standard error. Every message there can quote the input (a file name, a
    /// key, a YAML error), so each of its lines is made safe to print first (``TerminalText/lines(_:)``).
    static func error(_ text: String) {
        write(TerminalText.lines(text) + "\n", to: .error)
    }

    /// Whether standard output is a terminal that wants colour (not when NO_COLOR is set or TERM is dumb).
    static var isColorTerminal: Bool {
        guard Platform.isTerminal(.output), Platform.environment("NO_COLOR") == nil else { return false }
        return Platform.environment("TERM") != "dumb"
    }

    /// The message for an error that reached the top: a library error in the command line's words
    /// (``ErrorHints``); other errors that already say `…: error: …` stay as they are.
    static func describe(_ error: any Error) -> String {
        if let message = ErrorHints.libraryMessage(for: error) { return message }
        let text = String(describing: error)
        return text.contains("error: ") ? text : "error: \(text)"
    }

    private static func write(_ text: String, to stream: Platform.Stream) {
        var text = text
        let failure = text.withUTF8 { Platform.write(UnsafeRawBufferPointer($0), to: stream) }
        // A full disk or a failing device: the output is incomplete, and a zero exit would make
        // `sealgate seal > sealed.yaml` look like it worked. (A reader that went away, as in `| head`, ends
        // the process with SIGPIPE before this, as it does for cat.) Standard error failing has no one to
        // tell.
        guard let failure, stream == .output else { return }
        var message = "error: cannot write to standard output: \(failure); the output is incomplete\n"
        _ = message.withUTF8 { Platform.write(UnsafeRawBufferPointer($0), to: .error) }
        Platform.exit(2)
    }
}
