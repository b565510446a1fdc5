// sealgate · CLI

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif
internal import Diagnostics

/// Writes to standard output and standard error; the only place the CLI prints.
enum Terminal {
    /// Writes `text` and a newline to standard output.
    static func out(_ text: String) {
        write(text + "\n", to: STDOUT_FILENO)
    }

    /// Writes `text` to standard output as it is, with no newline (`seal --raw`).
    static func write(_ text: String) {
        write(text, to: STDOUT_FILENO)
    }

    /// Writes `text` and a newline to standard error. Every message there can quote the input (a file name, a
    /// key, a YAML error), so each of its lines is made safe to print first (``TerminalText/lines(_:)``).
    static func error(_ text: String) {
        write(TerminalText.lines(text) + "\n", to: STDERR_FILENO)
    }

    /// Whether standard output is a terminal that wants colour (not when NO_COLOR is set or TERM is dumb).
    static var isColorTerminal: Bool {
        guard isatty(STDOUT_FILENO) == 1, getenv("NO_COLOR") == nil else { return false }
        return getenv("TERM").map { String(cString: $0) != "dumb" } ?? true
    }

    /// The message for an error that reached the top: a library error in the command line's words
    /// (``ErrorHints``); other errors that already say `…: error: …` stay as they are.
    static func describe(_ error: any Error) -> String {
        if let message = ErrorHints.libraryMessage(for: error) { return message }
        let text = String(describing: error)
        return text.contains("error: ") ? text : "error: \(text)"
    }

    private static func write(_ text: String, to descriptor: Int32) {
        var text = text
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    // A full disk or a failing device: the output is incomplete, and a zero exit would make
                    // `sealgate seal > sealed.yaml` look like it worked. (A reader that went away, as in
                    // `| head`, ends the process with SIGPIPE before this, as it does for cat.)
                    if descriptor == STDOUT_FILENO {
                        let message = "error: cannot write to standard output: \(String(cString: strerror(errno))); the output is incomplete\n"
                        _ = message.withCString { Glibc.write(STDERR_FILENO, $0, strlen($0)) }
                        Glibc.exit(2)
                    }
                    return
                }
                offset += n
            }
        }
    }
}
