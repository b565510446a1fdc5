// sealgate · KubeManifest tests

import Diagnostics
import Testing
@testable import KubeManifest

/// What the manifest module's own output does with text that came from the input.
struct SafeOutputTests {
    @Test("errors quoting the input print safely")
    func errors() {
        let error = ManifestError(.duplicateKey, "duplicate key 'a\u{1B}]0;x\u{07}'", path: "dir\u{1B}[2J/f.yaml", line: 2, column: 1)
        #expect(error.description == "dir\u{FFFD}[2J/f.yaml:2:1: error: duplicate key 'a\u{FFFD}]0;x\u{FFFD}'")
    }

    @Test("JSON output escapes DEL and the C1 controls as well as C0, and reads back the same")
    func jsonEscapes() throws {
        let text = "a\u{1B}[2J\u{7F}\u{9B}2J\u{85}\u{A0}\u{E9}"
        let json = try JSONEmitter.emit(Node(.string(text)), pretty: false)
        #expect(json == #""a\u001b[2J\u007f\u009b2J\u0085\#u{A0}\#u{E9}""#)
        let back = try ManifestParser.documents(in: json, file: SourceFile(path: "t.json"), format: .json)
        #expect(back.first?.root.string == text)
    }
}
