// sealgate · FileIO tests

import Testing

@testable import FileIO

/// A FileIOError prints as SealedSecretsError printed it before the writer left SealedSecrets.
struct FileIOErrorTests {
    @Test("the description is `path: error: reason`, or `error: reason` without a path")
    func description() {
        #expect(
            FileIOError(.io, "cannot write: No space left on device", path: "out.yaml").description
                == "out.yaml: error: cannot write: No space left on device")
        #expect(FileIOError(.io, "the output path is empty; name a file").description == "error: the output path is empty; name a file")
    }

    @Test(
        "a path with line breaks, escapes or bidi overrides prints on one line, with no control character",
        arguments: [
            "plain.yaml", "two\nlines.yaml", "crlf\r\n\r\nruns", "tab\there", "\u{1B}]0;owned\u{07}x", "\u{1B}[2Jclear",
            "a\u{202E}txt.exe", "iso\u{2066}late", "c1\u{85}next\u{9B}", "del\u{7F}", "para\u{2029}sep", "nul\u{0}", "naïve ✓",
        ])
    func printable(path: String) {
        let description = FileIOError(.io, "is a directory; name a file to write", path: path).description
        #expect(description.hasSuffix(": error: is a directory; name a file to write"))
        let unsafe = description.unicodeScalars.filter { scalar in
            scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value) || [0x2028, 0x2029].contains(scalar.value)
                || (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
        }
        #expect(unsafe.isEmpty, "\(unsafe.map { String($0.value, radix: 16) })")
    }
}
