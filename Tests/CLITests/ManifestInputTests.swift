// sealgate · CLI tests

import Foundation
import Testing

/// Every command that reads manifests reads them one way: paths, `-` for standard input bounded like a
/// file, problems reported the same.
struct ManifestInputTests {
    @Test("cel --var - reads standard input like any input: a list or scalar is bound, not only an object")
    func variableFromStandardInput() throws {
        let list = try CLI.run(["cel", "numbers.sum()", "--var", "numbers=-"], stdin: Array("[1, 2, 3]\n".utf8))
        #expect(list.stdout == "6\n")
        #expect(list.exitCode == 0)
        let empty = try CLI.run(["cel", "v", "--var", "v=-"], stdin: Array("# nothing\n".utf8))
        #expect(empty.stderr == "-: error: the file holds no document; --var needs a YAML or JSON value\n")
        #expect(empty.exitCode == 2)
        let directory = try CLI.run("cel", "v", "--var", "v=testdata/example-repo")
        #expect(directory.stderr == "testdata/example-repo: error: is a directory, not a file\n")
        #expect(directory.exitCode == 2)
    }

    @Test("standard input over the size limit is reported like a file over it, after what the other inputs held")
    func oversizedStandardInputBesideAFile() throws {
        let big = [UInt8](repeating: UInt8(ascii: "a"), count: (32 << 20) + 1)
        let result = try CLI.run(["objects", "-", "testdata/example-repo/namespaces.yaml"], stdin: big)
        #expect(result.stdout.contains("Namespace"))
        #expect(result.stderr == "-: error: input is over the 33554432-byte limit; split it into smaller files\n")
        #expect(result.exitCode == 2)
    }

    @Test("-f - twice is a usage error, as - twice is for check and objects")
    func standardInputTwice() throws {
        let result = try CLI.run(["seal", "--cert", "testdata/keys/current/tls.crt", "-f", "-", "-f", "-"])
        #expect(result.stderr == "error: '-' (standard input) can be given only once\nsee 'sealgate seal --help'\n")
        #expect(result.exitCode == 2)
    }
}
