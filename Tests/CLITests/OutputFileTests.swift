// sealgate · CLI tests

import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where `-w`, `--merge-into` and `check --report` write, what they leave there, and what an interrupted
/// or a hostile certificate download leaves behind.
struct OutputFileTests {
    static let cert = "testdata/keys/current/tls.crt"
    static let secret = """
        apiVersion: v1
        kind: Secret
        metadata: {name: db, namespace: shop}
        stringData: {password: hunter2}
        """

    private let directory: URL
    /// The test key, copied with mode 0600 (git keeps no modes, and a readable key draws a warning).
    private let key: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("sealgate-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let keys = directory.appendingPathComponent("keys")
        try FileManager.default.createDirectory(at: keys, withIntermediateDirectories: true)
        key = keys.appendingPathComponent("tls.key").path
        try FileManager.default.copyItem(
            atPath: CLI.repositoryRoot.appendingPathComponent("testdata/keys/current/tls.key").path, toPath: key)
        #expect(chmod(key, 0o600) == 0)
    }

    private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    private func status(_ path: String, following: Bool = true) -> stat {
        var status = stat()
        _ = following ? stat(path, &status) : lstat(path, &status)
        return status
    }

    /// The scratch directory's entries but the key folder, so a test sees a temporary file left behind.
    private func listing() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0 != "keys" }.sorted()
    }

    /// A SealedSecret of the test Secret, written to `sealed.yaml`.
    private func sealed() throws -> String {
        let sealed = try CLI.run(["seal", "--cert", Self.cert, "-w", path("sealed.yaml")], stdin: Array(Self.secret.utf8))
        #expect(sealed.exitCode == 0, "\(sealed.stderr)")
        return path("sealed.yaml")
    }

    @Test("unseal -w through a link writes the link's target with mode 0600 and keeps the link")
    func unsealThroughLink() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = try sealed()
        #expect(symlink("plain/db.yaml", path("db.yaml")) == 0)
        try FileManager.default.createDirectory(atPath: path("plain"), withIntermediateDirectories: true)
        let result = try CLI.run(["unseal", "--key", key, "-f", input, "-w", path("db.yaml")])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(status(path("db.yaml"), following: false).st_mode & S_IFMT == S_IFLNK)
        #expect(status(path("plain/db.yaml")).st_mode & 0o777 == 0o600)
        #expect(try String(contentsOfFile: path("plain/db.yaml"), encoding: .utf8).contains("password: aHVudGVyMg=="))
    }

    @Test("unseal -w onto a readable file keeps its mode and says so, without printing the plaintext")
    func unsealKeepsMode() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = try sealed()
        #expect(FileManager.default.createFile(atPath: path("db.yaml"), contents: Data("old".utf8)))
        #expect(chmod(path("db.yaml"), 0o640) == 0)
        let result = try CLI.run(["unseal", "--key", key, "-f", input, "-w", path("db.yaml")])
        #expect(result.exitCode == 0)
        #expect(status(path("db.yaml")).st_mode & 0o777 == 0o640)
        #expect(
            result.stderr == """
                \(path("db.yaml")): warning: this file now holds plaintext and can be read by group or others (mode 640, kept from the file it replaced); run 'chmod 600 \(path("db.yaml"))'

                """)
        #expect(result.stdout.isEmpty)
        #expect(try listing() == ["db.yaml", "sealed.yaml"])
    }

    @Test("unseal -w onto a link to /dev/null writes to the device; nothing becomes a file of plaintext")
    func unsealToDevice() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = try sealed()
        #expect(symlink("/dev/null", path("sink")) == 0)
        let result = try CLI.run(["unseal", "--key", key, "-f", input, "-w", path("sink")])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(status(path("sink"), following: false).st_mode & S_IFMT == S_IFLNK)
        #expect(status("/dev/null").st_mode & S_IFMT == S_IFCHR)
        #expect(try listing() == ["sealed.yaml", "sink"])
    }

    @Test("-w onto a directory is an error naming it, with exit 2")
    func directoryTarget() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = try sealed()
        let result = try CLI.run(["unseal", "--key", key, "-f", input, "-w", directory.path])
        #expect(result.exitCode == 2)
        #expect(result.stderr == "\(directory.path): error: is a directory; name a file to write\n")
    }

    @Test("--merge-into through a link replaces the target, which keeps its mode; the link stays")
    func mergeThroughLink() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try sealed()
        #expect(chmod(path("sealed.yaml"), 0o664) == 0)
        #expect(symlink("sealed.yaml", path("link.yaml")) == 0)
        let update = "apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: shop}\nstringData: {user: admin}\n"
        let result = try CLI.run(["seal", "--cert", Self.cert, "--merge-into", path("link.yaml")], stdin: Array(update.utf8))
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(status(path("link.yaml"), following: false).st_mode & S_IFMT == S_IFLNK)
        #expect(status(path("sealed.yaml")).st_mode & 0o777 == 0o664)
        #expect(try String(contentsOfFile: path("sealed.yaml"), encoding: .utf8).contains("user: "))
        #expect(try listing() == ["link.yaml", "sealed.yaml"])
    }

    @Test("check --report onto an existing report keeps its mode")
    func checkOutputKeepsMode() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(FileManager.default.createFile(atPath: path("report.json"), contents: Data()))
        #expect(chmod(path("report.json"), 0o640) == 0)
        let result = try CLI.run(["check", "testdata/example-repo/apps/payments", "--report", "json=" + path("report.json")])
        #expect(result.exitCode == 1)
        #expect(status(path("report.json")).st_mode & 0o777 == 0o640)
        #expect(try String(contentsOfFile: path("report.json"), encoding: .utf8).contains("\"findings\""))
    }

    @Test("SIGINT or SIGTERM while unseal -w writes leaves no temporary file of plaintext", arguments: [SIGINT, SIGTERM])
    func interruptedWrite(signal number: Int32) throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        // Large values, so that writing and fsyncing the output takes long enough to be caught; several
        // Secrets, since one may hold no more than 1 MiB.
        let big = String(repeating: "s3cr3t-", count: 130_000)
        let secret = (0..<3).map {
            "apiVersion: v1\nkind: Secret\nmetadata: {name: big-\($0), namespace: shop}\nstringData: {blob: \(big)}\n"
        }.joined(separator: "---\n")
        let sealed = try CLI.run(["seal", "--cert", Self.cert, "-w", path("big.sealed.yaml")], stdin: Array(secret.utf8))
        #expect(sealed.exitCode == 0, "\(sealed.stderr)")

        var caught = 0
        for _ in 0..<10 where caught == 0 {
            let process = Process()
            process.executableURL = CLI.binary
            process.arguments = ["unseal", "--key", key, "-f", path("big.sealed.yaml"), "-w", path("big.yaml")]
            process.currentDirectoryURL = CLI.repositoryRoot
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Wait for the temporary file to appear, then interrupt the command while it is there.
            var sawTemporary = false
            while process.isRunning {
                if try listing().contains(where: { $0.hasPrefix(".big.yaml.sealgate-") }) {
                    kill(process.processIdentifier, number)
                    sawTemporary = true
                    break
                }
            }
            process.waitUntilExit()
            if sawTemporary, process.terminationReason == .uncaughtSignal {
                #expect(process.terminationStatus == number)
                caught += 1
            }
            #expect(try listing().filter { $0.hasPrefix(".") } == [])
            try? FileManager.default.removeItem(atPath: path("big.yaml"))
        }
        #expect(caught > 0, "the command never got interrupted while its temporary file existed")
    }

    // MARK: - Fetching the certificate

    /// Runs `seal --cert http://127.0.0.1:PORT/` against the fixture server in `mode`.
    private func sealFromHostileServer(_ mode: String, extra: [String] = []) throws -> (CLIResult, String) {
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        server.arguments = ["python3", CLI.repositoryRoot.appendingPathComponent("Tests/Fixtures/http/hostile-server.py").path, mode]
        let portPipe = Pipe()
        let lifeline = Pipe()  // the server exits when this closes
        server.standardOutput = portPipe
        server.standardInput = lifeline
        try server.run()
        defer {
            try? lifeline.fileHandleForWriting.close()
            server.waitUntilExit()
        }
        var portText = ""
        while !portText.hasSuffix("\n") {
            let byte = portPipe.fileHandleForReading.readData(ofLength: 1)
            guard !byte.isEmpty else { break }
            portText += String(decoding: byte, as: UTF8.self)
        }
        let url = "http://127.0.0.1:\(portText.trimmingCharacters(in: .whitespacesAndNewlines))/cert.pem"
        let result = try CLI.run(["seal", "--cert", url, "--raw", "--name", "db", "--namespace", "shop"] + extra, stdin: Array("x".utf8))
        return (result, url)
    }

    @Test("a certificate URL that streams forever or announces a huge body is refused at 1 MiB", arguments: ["stream", "huge"])
    func endlessCertificate(mode: String) throws {
        let (result, url) = try sealFromHostileServer(mode)
        #expect(result.exitCode == 2)
        #expect(result.stderr == "\(url): error: the answer is larger than 1 MiB, which no certificate is; check the URL\n")
    }

    @Test("a certificate URL that trickles a byte at a time stops at --request-timeout")
    func stalledCertificate() throws {
        let (result, url) = try sealFromHostileServer("trickle", extra: ["--request-timeout", "1s"])
        #expect(result.exitCode == 2)
        #expect(
            result.stderr == """
                \(url): error: fetching the certificate took longer than 1s; check the URL, raise --request-timeout, or download the certificate and pass the file

                """)
    }

    @Test("--cert FILE is read up to 1 MiB: a device or a wrong, huge file is refused, not read to the end")
    func boundedCertificateFile() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(FileManager.default.createFile(atPath: path("huge.crt"), contents: Data(count: (1 << 20) + 1)))
        for source in ["/dev/zero", path("huge.crt")] {
            let result = try CLI.run(["seal", "--cert", source, "--raw", "--name", "db", "--namespace", "shop"], stdin: Array("x".utf8))
            #expect(result.exitCode == 2)
            #expect(result.stderr == "\(source): error: is larger than 1 MiB, which no certificate is; check that this is the right file\n")
        }
        // A directory holds a certificate per namespace, each read under the same bound.
        try FileManager.default.createSymbolicLink(atPath: path("shop.crt"), withDestinationPath: "/dev/zero")
        let directoryResult = try CLI.run(["seal", "--cert", directory.path], stdin: Array(Self.secret.utf8))
        #expect(directoryResult.exitCode == 2)
        #expect(
            directoryResult.stderr
                == "\(path("shop.crt")): error: is larger than 1 MiB, which no certificate is; check that this is the right file\n")
    }

    @Test("--request-timeout takes a positive duration", arguments: ["0", "-1s", "soon", "1d"])
    func badTimeout(value: String) throws {
        let result = try CLI.run(["seal", "--cert", Self.cert, "--request-timeout=\(value)"], stdin: Array(Self.secret.utf8))
        #expect(result.exitCode == 2)
        #expect(
            result.stderr == """
                error: --request-timeout '\(value)' is not a positive duration; write it as 30s, 2m or 1h
                see 'sealgate seal --help'

                """)
    }
}
