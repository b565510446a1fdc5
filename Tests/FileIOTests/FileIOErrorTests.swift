// sealgate · FileIO tests

import KubeManifest
import Testing

@testable import FileIO

/// A FileIOError prints as SealedSecretsError printed it before the writer left SealedSecrets.
struct FileIOErrorTests {
    @Test("the description is `path: error: reason`, or `error: reason` without a path")
    func description() {
        #expect(FileIOError(.io, "cannot write: No space left on device", path: "out.yaml").description
            == "out.yaml: error: cannot write: No space left on device")
        #expect(FileIOError(.io, "the output path is empty; name a file").description == "error: the output path is empty; name a file")
    }

    @Test(
        "a path with line breaks, escapes or bidi overrides prints on one line, as TerminalText.oneLine makes it",
        arguments: [
            "plain.yaml", "two\nlines.yaml", "crlf\r\n\r\nruns", "tab\there", "\u{1B}]0;owned\u{07}x", "\u{1B}[2Jclear",
            "a\u{202E}txt.exe", "iso\u{2066}late", "c1\u{85}next\u{9B}", "del\u{7F}", "para\u{2029}sep", "nul\u{0}", "naïve ✓",
        ])
    func printable(path: String) {
        let error = FileIOError(.io, "is a directory; name a file to write", path: path)
        #expect(error.description == TerminalText.oneLine("\(path): error: is a directory; name a file to write"))
        #expect(!error.description.contains("\n") && !error.description.contains("\u{1B}"))
    }
}
