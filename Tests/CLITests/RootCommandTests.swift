// sealgate · CLI tests

import Foundation
import Testing

struct RootCommandTests {
    @Test("--help lists the commands and the exit codes")
    func help() throws {
        let result = try CLI.run("--help")
        #expect(result.exitCode == 0)
        #expect(result.stdout.contains("objects"))
        #expect(result.stdout.contains("version"))
        #expect(result.stdout.contains("Exit codes: 0"))
    }

    @Test("--version prints the version alone")
    func versionFlag() throws {
        let result = try CLI.run("--version")
        #expect(result.exitCode == 0)
        #expect(result.stdout == "0.1.0\n")
    }

    @Test("version names the linked C libraries with versions read at run time")
    func versionCommand() throws {
        let result = try CLI.run("version")
        #expect(result.exitCode == 0)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "sealgate 0.1.0")
        #expect(lines.dropFirst().map { $0.split(separator: " ").first.map(String.init) ?? "" } == ["libyaml", "openssl", "libgit2"])
        for line in lines {
            let version = line.split(separator: " ").last.map(String.init) ?? ""
            #expect(version.range(of: #"^\d+\.\d+\.\d+$"#, options: .regularExpression) != nil, "\(line)")
        }
    }

    @Test("version -o json is one object with the four versions")
    func versionJSON() throws {
        let result = try CLI.run("version", "-o", "json")
        #expect(result.exitCode == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: String])
        #expect(Set(object.keys) == ["sealgate", "libyaml", "openssl", "libgit2"])
    }

    @Test("an unknown flag or subcommand is a usage error: exit 2, the message and where help is")
    func usageErrors() throws {
        let flag = try CLI.run("objects", "--bogus", "testdata")
        #expect(flag.exitCode == 2)
        #expect(flag.stdout.isEmpty)
        #expect(flag.stderr == "error: Unknown option '--bogus'\nsee 'sealgate objects --help'\n")
        let command = try CLI.run("frobnicate")
        #expect(command.exitCode == 2)
        #expect(command.stderr == "error: Unexpected argument 'frobnicate'\nsee 'sealgate --help'\n")
        let format = try CLI.run("version", "-o", "xml")
        #expect(format.exitCode == 2)
        #expect(format.stderr.contains("'xml'"))
    }

    @Test("output that cannot be written (a full disk) is an error, not a silent exit 0")
    func fullDisk() throws {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["version"]
        let errors = Pipe()
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/full")
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(stderr == "error: cannot write to standard output: No space left on device; the output is incomplete\n")
        #expect(process.terminationStatus == 2)
    }
}
