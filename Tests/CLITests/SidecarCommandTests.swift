// sealgate · CLI tests

import Foundation
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif

/// `sealgate sidecar`, the real binary against real directories laid out as kubelet lays out a mounted
/// ConfigMap or Secret, with its HTTP endpoints asked over loopback.
@Suite(.serialized)
struct SidecarCommandTests {
    static let currentKeys = CLI.repositoryRoot.appendingPathComponent("testdata/keys/current").path
    static let oldKeys = CLI.repositoryRoot.appendingPathComponent("testdata/keys/old").path
    /// Every plaintext value the tests seal: none may appear in a log line, a metric or an HTTP answer.
    static let plaintexts = ["hunter2-db", "s3cr3t-api", "rotated-value"]

    /// A directory kept as kubelet keeps a mounted volume: each version in a hidden directory of its own,
    /// `..data` pointing at the current one (swapped with one rename), and a visible link per file.
    final class KubeletVolume {
        let path: URL
        private var version = 0

        init(_ path: URL) throws {
            self.path = path
            try FileManager.default.createDirectory(at: path, withIntermediateDirectories: true)
        }

        /// Publishes `files` (name to content) as the volume's next version.
        func publish(_ files: [String: String]) throws {
            version += 1
            let name = "..2026_12_06_10_00_00.\(version)"
            let directory = path.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            for (file, text) in files { try Data(text.utf8).write(to: directory.appendingPathComponent(file)) }
            let old = try? FileManager.default.destinationOfSymbolicLink(atPath: path.appendingPathComponent("..data").path)
            try FileManager.default.createSymbolicLink(atPath: path.appendingPathComponent("..data_tmp").path, withDestinationPath: name)
            guard rename(path.appendingPathComponent("..data_tmp").path, path.appendingPathComponent("..data").path) == 0 else {
                throw CLIRunnerError("rename ..data_tmp failed: errno \(errno)")
            }
            let visible = try FileManager.default.contentsOfDirectory(atPath: path.path).filter { !$0.hasPrefix("..") }
            for file in files.keys where !visible.contains(file) {
                try FileManager.default.createSymbolicLink(
                    atPath: path.appendingPathComponent(file).path, withDestinationPath: "..data/\(file)")
            }
            for file in visible where files[file] == nil { try FileManager.default.removeItem(at: path.appendingPathComponent(file)) }
            if let old { try FileManager.default.removeItem(at: path.appendingPathComponent(old)) }
        }

        /// Publishes copies of the files of `directory` (a key directory).
        func publish(copiesOf directories: [String]) throws {
            var files: [String: String] = [:]
            for (index, directory) in directories.enumerated() {
                for name in try FileManager.default.contentsOfDirectory(atPath: directory) {
                    files["\(index)-\(name)"] = try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
                }
            }
            try publish(files)
        }
    }

    /// A running `sealgate sidecar`, its logs in files, stopped (SIGKILL) when released if still running.
    final class Running {
        let process = Process()
        let port: Int
        let logs: URL

        init(_ arguments: [String], port: Int, logs: URL, executable: URL = CLI.binary) throws {
            self.port = port
            self.logs = logs
            process.executableURL = executable
            process.arguments = arguments
            _ = FileManager.default.createFile(atPath: logs.path, contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: logs)
            process.standardError = process.standardOutput
            try process.run()
        }

        deinit {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }

        var log: String { (try? String(contentsOf: logs, encoding: .utf8)) ?? "" }

        /// `GET` (or `POST`) of `path`: the status and body; status 0 when nothing answers.
        func request(_ path: String, method: String = "GET", body: Data? = nil) -> (status: Int, text: String) {
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
            request.httpMethod = method
            request.httpBody = body
            request.timeoutInterval = 10
            let result = Box<(Int, String)>((0, ""))
            let done = DispatchSemaphore(value: 0)
            URLSession.shared.dataTask(with: request) { data, response, _ in
                result.value = ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data ?? Data(), as: UTF8.self))
                done.signal()
            }.resume()
            done.wait()
            return result.value
        }

        /// The value of each sample of `/metrics`, parsed by prometheus-client's own exposition parser.
        func metrics() throws -> [String: Double] {
            let text = request("/metrics").text
            let script = """
                import json, sys
                from prometheus_client.parser import text_string_to_metric_families
                samples = {}
                for family in text_string_to_metric_families(sys.stdin.read()):
                    for s in family.samples:
                        labels = ",".join(f'{k}="{v}"' for k, v in sorted(s.labels.items()))
                        samples[s.name + ("{" + labels + "}" if labels else "")] = s.value
                print(json.dumps(samples))
                """
            let parsed = try CLI.run(["python3", "-c", script], stdin: Array(text.utf8), executable: URL(fileURLWithPath: "/usr/bin/env"))
            guard parsed.exitCode == 0 else {
                throw CLIRunnerError("prometheus-client could not parse /metrics: \(parsed.stderr)\n\(text)")
            }
            return (try JSONSerialization.jsonObject(with: Data(parsed.stdout.utf8)) as? [String: Double]) ?? [:]
        }
    }

    final class Box<Value>: @unchecked Sendable {
        var value: Value
        init(_ value: Value) { self.value = value }
    }

    /// Waits until `condition` holds, checking every 20 ms; fails the test after `seconds` (a guard against a
    /// hang, not a measurement).
    static func wait(_ what: String, seconds: Double = 30, until condition: () throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw CLIRunnerError("timed out waiting for \(what)")
    }

    /// A port nothing listens on now.
    static func freePort() -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket, $0, length) == 0 ? getsockname(socket, $0, &length) : -1
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// A Secret of `shop` sealed with the key in `keys`, as `sealgate seal` writes it.
    static func sealed(_ name: String, _ values: [String: String], keys: String = currentKeys, namespace: String = "shop") throws -> String
    {
        let data = values.sorted { $0.key < $1.key }.map { "  \($0.key): '\($0.value)'" }.joined(separator: "\n")
        let secret = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: \(name)\n  namespace: \(namespace)\nstringData:\n\(data)\n"
        let result = try CLI.run(["seal", "--cert", keys + "/tls.crt"], stdin: Array(secret.utf8))
        guard result.exitCode == 0 else { throw CLIRunnerError("seal failed: \(result.stderr)") }
        return result.stdout
    }

    /// The generation directories in `output`.
    static func generations(_ output: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: output.path)) ?? []).filter { $0.hasPrefix("..") && $0 != "..data" }
    }

    static func read(_ output: URL, _ secret: String, _ key: String) -> String? {
        (try? Data(contentsOf: output.appendingPathComponent("\(secret)/\(key)"))).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test("--once: 0 when written, 1 when a value does not open, 2 for another namespace's SealedSecret; no value in the logs")
    func once() throws {
        let root = try CLI.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let input = try KubeletVolume(root.appendingPathComponent("sealed"))
        try input.publish(["db.yaml": try Self.sealed("db", ["password": "hunter2-db"])])
        let output = root.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        func run(keys: String = SidecarCommandTests.currentKeys, namespace: String = "shop") throws -> CLIResult {
            try CLI.run([
                "sidecar", "--input", input.path.path, "--keys", keys, "--output", output.path, "--namespace", namespace, "--once",
            ])
        }
        let written = try run()
        #expect(written.exitCode == 0, "\(written.stderr)")
        #expect(Self.read(output, "db", "password") == "hunter2-db")
        let wrongKey = try run(keys: Self.oldKeys)
        #expect(wrongKey.exitCode == 1)
        #expect(wrongKey.stderr.contains("SealedSecret") || wrongKey.stderr.contains("secret=shop/db"))
        // The problem names the visible file, not kubelet's version directory.
        #expect(wrongKey.stderr.contains("at=\(input.path.path)/db.yaml:"), "\(wrongKey.stderr)")
        let otherNamespace = try run(namespace: "billing")
        #expect(otherNamespace.exitCode == 2 && otherNamespace.stderr.contains("belongs to namespace 'shop', not this pod's 'billing'"))
        // Both failures left the first generation as it was.
        #expect(Self.read(output, "db", "password") == "hunter2-db" && Self.generations(output).count == 1)
        let bad = try CLI.run([
            "sidecar", "--input", input.path.path, "--keys", Self.currentKeys, "--output", output.path, "--namespace", "shop",
            "--file-mode", "999",
        ])
        #expect(bad.exitCode == 2 && bad.stderr.contains("--file-mode '999' is not an octal mode"))
        for text in [written, wrongKey, otherNamespace].map({ $0.stdout + $0.stderr }) {
            #expect(!Self.plaintexts.contains { text.contains($0) })
        }
    }

    @Test("sealgate-sidecar is sealgate sidecar: the same flags, messages and exit codes")
    func ownBinary() throws {
        let root = try CLI.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let version = try CLI.run(["--version"], executable: CLI.sidecarBinary)
        let fullVersion = try CLI.run(["--version"])
        #expect(version.exitCode == 0 && version.stdout == fullVersion.stdout)
        let help = try CLI.run(["--help"], executable: CLI.sidecarBinary)
        #expect(
            help.exitCode == 0 && help.stdout.contains("USAGE: sealgate-sidecar [--input <path> ...] [--keys <path> ...] --output <dir>")
                && help.stdout.contains("--allow-cluster-wide"))

        let missing = try CLI.run(["--keys", Self.currentKeys, "--output", root.path, "-n", "shop"], executable: CLI.sidecarBinary)
        #expect(missing.exitCode == 2)
        #expect(
            missing.stderr == "error: no input: pass --input with the SealedSecret files or directories\nsee 'sealgate-sidecar --help'\n")
        for namespace in ["Shop", "-shop", String(repeating: "a", count: 64)] {
            let arguments = ["--input", root.path, "--keys", Self.currentKeys, "--output", root.path, "--namespace=\(namespace)", "--once"]
            let own = try CLI.run(arguments, executable: CLI.sidecarBinary)
            let full = try CLI.run(["sidecar"] + arguments)
            #expect(own.exitCode == 2 && full.exitCode == 2)
            #expect(own.stderr.hasPrefix("error: --namespace '\(namespace)' is not a Kubernetes namespace name: "), "\(own.stderr)")
            #expect(full.stderr.hasPrefix(own.stderr.split(separator: "\n")[0] + "\n"))
        }

        let input = root.appendingPathComponent("db.yaml")
        try Data(try Self.sealed("db", ["password": "hunter2-db"]).utf8).write(to: input)
        let output = root.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let once = try CLI.run(
            ["--input", input.path, "--keys", Self.currentKeys, "--output", output.path, "-n", "shop", "--once", "--log-format", "json"],
            executable: CLI.sidecarBinary)
        #expect(once.exitCode == 0, "\(once.stderr)")
        #expect(Self.read(output, "db", "password") == "hunter2-db")
        // Every line is a JSON object (a key file's mode warning may come first).
        let lines = try once.stderr.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String]
        }
        let logged = try #require(lines.compactMap { $0 }.last)
        #expect(logged["message"] == "sync wrote a new generation" && logged["secrets"] == "1" && logged["logger"] == "sealgate.sidecar")
        let wrongKey = try CLI.run(
            ["--input", input.path, "--keys", Self.oldKeys, "--output", output.path, "-n", "shop", "--once"], executable: CLI.sidecarBinary)
        #expect(wrongKey.exitCode == 1 && !wrongKey.stderr.contains("hunter2-db"))
    }

    @Test("a name that would write outside the output is refused, and nothing is written")
    func hostileNames() throws {
        let root = try CLI.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let output = root.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        // Cluster-wide values are not bound to a name, so these open, and only the name is wrong.
        let secret = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: shop\nstringData:\n  password: 'hunter2-db'\n"
        let sealed = try CLI.run(["seal", "--cert", Self.currentKeys + "/tls.crt", "--scope", "cluster-wide"], stdin: Array(secret.utf8))
        #expect(sealed.exitCode == 0, "\(sealed.stderr)")
        for name in ["../escape", "..data", "a/b"] {
            let input = root.appendingPathComponent("input.yaml")
            try Data(sealed.stdout.replacingOccurrences(of: "name: db", with: "name: '\(name)'").utf8).write(to: input)
            let result = try CLI.run([
                "sidecar", "--input", input.path, "--keys", Self.currentKeys, "--output", output.path, "--namespace", "shop", "--once",
                "--allow-cluster-wide",
            ])
            #expect(result.exitCode == 2, "\(name): \(result.stderr)")
            #expect(result.stderr.contains("sync failed") && !result.stderr.contains("hunter2-db"), "\(result.stderr)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: output.path).isEmpty, "\(name)")
            #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("escape").path))
        }
    }

    @Test("keygen for a namespace, seal with its certificate, and the sidecar opens it with the key Secret")
    func threeSteps() throws {
        let root = try CLI.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let keys = root.appendingPathComponent("keys").path
        let manifest = root.appendingPathComponent("shop-key.yaml").path
        let keygen = try CLI.run([
            "keygen", "--out", keys, "--bits", "2048", "--namespace", "shop", "--secret-manifest", manifest, "--secret-name",
            "sealgate-key",
        ])
        #expect(keygen.exitCode == 0, "\(keygen.stderr)")
        let text = try String(contentsOfFile: manifest, encoding: .utf8)
        #expect(text.contains("  name: sealgate-key\n  namespace: shop\n") && text.contains("sealgate.dev/sealing-key: active"))
        let secret = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: shop\nstringData:\n  password: 'hunter2-db'\n"
        let sealed = try CLI.run(["seal", "--cert", keys + "/tls.crt"], stdin: Array(secret.utf8))
        let input = root.appendingPathComponent("db.yaml")
        try Data(sealed.stdout.utf8).write(to: input)
        let output = root.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let result = try CLI.run(["sidecar", "--input", input.path, "--keys", manifest, "--output", output.path, "-n", "shop", "--once"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(Self.read(output, "db", "password") == "hunter2-db")
        let misnamed = try CLI.run(["keygen", "--out", keys, "--force", "--secret-name", "Bad_Name", "--secret-manifest", manifest])
        #expect(misnamed.exitCode == 2 && misnamed.stderr.contains("--secret-name 'Bad_Name' is not a Kubernetes object name"))
    }

    @Test("a --listen address in use is a clear error, exit 2")
    func listenInUse() async throws {
        let root = try CLI.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try Data(try Self.sealed("db", ["password": "hunter2-db"]).utf8).write(to: root.appendingPathComponent("db.yaml"))
        let output = root.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        // Something listens on the port already.
        let port = Self.freePort()
        let holder = try Running(
            [
                "sidecar", "--input", root.path + "/db.yaml", "--keys", Self.currentKeys, "--output", output.path, "-n", "shop", "--listen",
                "127.0.0.1:\(port)",
            ], port: port, logs: root.appendingPathComponent("holder.log"))
        try await Self.wait("the first sidecar to listen") { holder.request("/livez").status == 200 }
        let second = root.appendingPathComponent("out2")
        try FileManager.default.createDirectory(at: second, withIntermediateDirectories: true)
        let result = try CLI.run([
            "sidecar", "--input", root.path + "/db.yaml", "--keys", Self.currentKeys, "--output", second.path, "-n", "shop", "--listen",
            "127.0.0.1:\(port)",
        ])
        #expect(result.exitCode == 2)
        #expect(
            result.stderr.contains(
                "error: cannot listen on 127.0.0.1:\(port): another process listens there; choose another port with --listen"),
            "\(result.stderr)")
    }

    @Test("SIGKILL in the middle of syncs leaves a complete generation, and the next start cleans up and catches up")
    func killedMidSync() async throws {
        let root = try CLI.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let input = try KubeletVolume(root.appendingPathComponent("sealed"))
        let output = root.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        // Twelve secrets, so a write has many steps to be killed in; each version changes every value.
        func version(_ number: Int) throws -> [String: String] {
            let secrets = (0..<12).map { index in
                "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\(index)\n  namespace: shop\nstringData:\n  a: 'v\(number)-\(index)'\n  b: 'w\(number)'\n"
            }
            let sealed = try CLI.run(
                ["seal", "--cert", Self.currentKeys + "/tls.crt"], stdin: Array(secrets.joined(separator: "---\n").utf8))
            guard sealed.exitCode == 0 else { throw CLIRunnerError("seal failed: \(sealed.stderr)") }
            return ["all.yaml": sealed.stdout]
        }
        let versions = try (0..<4).map(version)
        try input.publish(versions[0])
        let arguments = ["sidecar", "--input", input.path.path, "--keys", Self.currentKeys, "--output", output.path, "-n", "shop"]
        var cleanups = 0
        for round in 1...12 {
            let log = root.appendingPathComponent("log-\(round)")
            let sidecar = try Running(arguments + ["--poll", "1h", "--verbose"], port: 0, logs: log)
            try await Self.wait("the first sync") { sidecar.log.contains("trigger=start") }
            if sidecar.log.contains("cleaned what an interrupted write left") { cleanups += 1 }
            try input.publish(versions[round % versions.count])
            try await Task.sleep(for: .milliseconds(40 + round * 8))  // from the debounce to well into the sync's write
            kill(sidecar.process.processIdentifier, SIGKILL)
            sidecar.process.waitUntilExit()

            // Whatever the step, `..data` names a complete generation: every secret with both keys, of one version.
            let data = try FileManager.default.destinationOfSymbolicLink(atPath: output.appendingPathComponent("..data").path)
            let generation = output.appendingPathComponent(data)
            let secrets = try FileManager.default.contentsOfDirectory(atPath: generation.path).sorted()
            #expect(secrets.count == 12, "round \(round): \(secrets)")
            let versionsSeen = Set(
                secrets.compactMap { (try? String(contentsOf: generation.appendingPathComponent("\($0)/b"), encoding: .utf8)) })
            #expect(versionsSeen.count == 1, "round \(round): a generation mixes \(versionsSeen)")
        }
        // The next start recovers: one generation, no temporary link, the inputs' latest version.
        let again = try CLI.run(arguments + ["--once"])
        print("killedMidSync: \(cleanups) of 12 starts cleaned up after a kill")
        #expect(again.exitCode == 0, "\(again.stderr)")
        #expect(Self.generations(output).count == 1)
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("..data_tmp").path))
        #expect(Self.read(output, "s3", "b") == "w\(12 % versions.count)")
    }

    @Test(
        "live (sealgate-sidecar, the image's binary): each kubelet swap of the inputs or the keys makes one generation; failures keep the last good one and flip readiness"
    )
    func live() async throws {
        let root = try CLI.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let input = try KubeletVolume(root.appendingPathComponent("sealed"))
        let keys = try KubeletVolume(root.appendingPathComponent("keys"))
        let output = root.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let db = try Self.sealed("db", ["password": "hunter2-db"])
        try input.publish(["db.yaml": db])
        try keys.publish(copiesOf: [Self.currentKeys])

        let port = Self.freePort()
        let sidecar = try Running(
            [
                "--input", input.path.path, "--keys", keys.path.path, "--output", output.path, "--namespace", "shop",
                "--listen", "127.0.0.1:\(port)", "--poll", "1h", "--log-format", "json",
            ], port: port, logs: root.appendingPathComponent("log"), executable: CLI.sidecarBinary)
        try await Self.wait("the first generation") { sidecar.request("/readyz").status == 200 }
        #expect(Self.read(output, "db", "password") == "hunter2-db")
        func generation() throws -> Double { try sidecar.metrics()["sealgate_sidecar_generation"] ?? -1 }
        #expect(try generation() == 1)

        // A second SealedSecret arrives through a swap of the input volume: one new generation.
        let api = try Self.sealed("api", ["token": "s3cr3t-api"])
        try input.publish(["db.yaml": db, "api.yaml": api])
        try await Self.wait("the api secret") { Self.read(output, "api", "token") == "s3cr3t-api" }
        try await Task.sleep(for: .milliseconds(300))
        #expect(try generation() == 2)

        // A value sealed with a key the sidecar does not have yet: the sync fails, the output stays, not ready.
        let rotated = try Self.sealed("db", ["password": "rotated-value"], keys: Self.oldKeys)
        try input.publish(["db.yaml": rotated, "api.yaml": api])
        try await Self.wait("readiness to flip") { sidecar.request("/readyz").status == 503 }
        #expect(Self.read(output, "db", "password") == "hunter2-db")
        #expect(try generation() == 2)
        let failures = try sidecar.metrics()
        #expect(failures["sealgate_sidecar_syncs_total{result=\"failed\"}"] ?? 0 >= 1)
        #expect(failures["sealgate_sidecar_decrypt_errors_total{reason=\"decrypt\"}"] ?? 0 >= 1)

        // The key arrives through a swap of the keys volume: one new generation, ready again.
        try keys.publish(copiesOf: [Self.currentKeys, Self.oldKeys])
        try await Self.wait("the rotated value") { Self.read(output, "db", "password") == "rotated-value" }
        try await Self.wait("readiness") { sidecar.request("/readyz").status == 200 }
        try await Task.sleep(for: .milliseconds(300))
        #expect(try generation() == 3)

        // A corrupt input keeps everything as it was.
        try input.publish(["db.yaml": rotated, "api.yaml": "kind: [unclosed\n"])
        try await Self.wait("readiness to flip on a corrupt input") { sidecar.request("/readyz").status == 503 }
        #expect(Self.read(output, "api", "token") == "s3cr3t-api")

        // A secret removed from the inputs disappears from the output.
        try input.publish(["db.yaml": rotated])
        try await Self.wait("the api secret to go") { Self.read(output, "api", "token") == nil }
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("api").path))
        // The old generation goes right after the links, so one remains.
        try await Self.wait("the old generation to go") { Self.generations(output).count == 1 }

        // SIGHUP syncs now (and changes nothing).
        kill(sidecar.process.processIdentifier, SIGHUP)
        try await Self.wait("a sync on SIGHUP") { (try sidecar.metrics()["sealgate_sidecar_syncs_total{result=\"unchanged\"}"] ?? 0) >= 1 }

        // Nothing the sidecar said holds a value.
        let said =
            sidecar.log + sidecar.request("/metrics").text + sidecar.request("/readyz").text
            + sidecar.request("/v1/verify", method: "POST", body: Data(rotated.utf8)).text
        #expect(!Self.plaintexts.contains { said.contains($0) }, "\(said)")
        #expect(sidecar.log.split(separator: "\n").allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) != nil })

        // SIGTERM: exit 0, the output left in place.
        kill(sidecar.process.processIdentifier, SIGTERM)
        sidecar.process.waitUntilExit()
        #expect(sidecar.process.terminationStatus == 0, "\(sidecar.log)")
        #expect(Self.read(output, "db", "password") == "rotated-value")
    }
}

struct CLIRunnerError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
