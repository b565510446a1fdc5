// sealgate · benchmarks

internal import ArgumentParser
internal import Diagnostics
internal import Foundation
internal import KubeManifest
internal import Logging
internal import SealedSecrets
internal import UnsealSidecar
#if canImport(Glibc)
internal import Glibc
#endif

/// `sealgate-bench sidecar`: the first generation of 100 SealedSecrets of 3 values against the bare OpenSSL
/// private operations on the same cores; how soon a changed input file is visible in the output; the
/// resident memory of an idle sidecar process; and the resident memory over 10,000 syncs.
struct SidecarBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sidecar",
        abstract: "Sidecar: first generation (100 × 3 values, RSA 4096) vs bare OpenSSL; change latency; idle and long-run memory."
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "RSA key size.")
    var bits = 4096

    @Option(help: "How many input changes the latency is measured over.")
    var changes = 200

    @Option(help: "How many syncs the memory is followed over.")
    var syncs = 10_000

    @Option(
        help: ArgumentHelp(
            "The sidecar binary whose idle memory is measured: the image's, from scripts/build-sidecar.sh (make bench passes it). Default: sealgate-sidecar beside this benchmark.",
            valueName: "path"))
    var sidecarBinary: String?

    static let secretCount = 100
    static let keysPerSecret = 3
    static let namespace = "bench"

    func run() async throws {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        // In memory, as in the pod: kubelet's ConfigMap and Secret volumes are tmpfs, and the output is an
        // emptyDir with medium Memory (where fsync costs nothing; on a disk each costs milliseconds).
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : FileManager.default.temporaryDirectory.path
        let root = base + "/sealgate-bench-sidecar-\(getpid())"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let workload = try SidecarWorkload(bits: bits, root: root, secrets: Self.secretCount)
        print("workload: \(Self.secretCount) SealedSecrets × \(Self.keysPerSecret) values, RSA \(bits), \(cores) cores, files in \(base)")

        // 1. The first generation against OpenSSL's private operations spread over the same cores.
        let wrapped = workload.wrappedKeys
        // An EVP_PKEY is safe to share between threads that each make their own context, as the reference does.
        struct SharedKey: @unchecked Sendable { let pointer: OpaquePointer }
        let rawKey = SharedKey(pointer: workload.rawKey)
        let reference = await Measurement.best("OpenSSL RSA-OAEP private ops (\(cores) cores)", items: wrapped.count, runs: common.runs) {
            DispatchQueue.concurrentPerform(iterations: wrapped.count) { index in
                _ = SealWorkload.rsa(encrypt: false, key: rawKey.pointer, input: Array(wrapped[index].block), label: wrapped[index].label)
            }
        }
        var run = 0
        let first = try await Measurement.best("sidecar: first generation", items: wrapped.count, runs: common.runs) {
            run += 1
            let output = root + "/first-\(run)"
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            let sidecar = try Sidecar(configuration: workload.configuration(output: output), metrics: nil, logger: Self.quiet)
            guard case .written = await sidecar.sync(trigger: "bench") else { throw ValidationError("the first sync failed") }
        }
        Measurement.report([first], reference: reference)
        print(
            "ratio first generation / OpenSSL: \(Measurement.format(first.seconds / reference.seconds, digits: 2))x (target: at most 1.3x)")

        // 2. A changed input file (one value re-sealed, published as kubelet publishes a ConfigMap) until the
        // new value is readable in the output.
        let output = root + "/live"
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        let sidecar = try Sidecar(configuration: workload.configuration(output: output), metrics: nil, logger: Self.quiet)
        guard let watcher = ChangeWatcher(paths: [workload.input, workload.keys]) else { throw ValidationError("inotify is not available") }
        let loop = Task { await sidecar.run(changes: watcher.changes(), forced: nil, poll: .seconds(3600)) }
        try await Self.waitUntil { FileManager.default.fileExists(atPath: output + "/app-0/password") }
        var latencies: [Double] = []
        for change in 0..<changes {
            let secret = change % Self.secretCount
            let value = "changed-\(change)"
            try workload.reseal(secret: secret, password: value)
            let start = ContinuousClock.now
            try workload.publish()
            let path = output + "/app-\(secret)/password"
            try await Self.waitUntil { (try? String(contentsOfFile: path, encoding: .utf8)) == value }
            let elapsed = ContinuousClock.now - start
            latencies.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
        loop.cancel()
        watcher.stop()
        await loop.value
        latencies.sort()
        func percentile(_ p: Double) -> String {
            Measurement.format(latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] * 1000, digits: 1) + " ms"
        }
        print(
            "change of one input file → new value visible, over \(changes) changes: p50 \(percentile(0.5)), p99 \(percentile(0.99)), max \(percentile(1)) (target: p99 at most 300 ms)"
        )

        // 3. The resident memory of the shipped binary, idle after its first generation.
        if let idle = try await idleResidentMemory(workload: workload, root: root) {
            print(
                "idle resident memory of \(idle.binary): \(Measurement.format(idle.kib / 1024, digits: 1)) MiB = \(Measurement.format(idle.kib * 1.024 / 1000, digits: 1)) MB, of which \(Measurement.format(idle.anonymousKiB / 1024, digits: 1)) MiB anonymous (target: at most 25 MB)"
            )
            if let readAhead = Self.readAheadKiB(of: idle.binary) {
                print(
                    "  (the binary's disk reads ahead \(readAhead) KiB: pages read ahead of a fault are mapped too, so a larger read-ahead shows more resident memory)"
                )
            }
        }

        // 4. Memory over many syncs (inputs unchanged: every sync reads, parses and compares all of them).
        let steady = try Sidecar(configuration: workload.configuration(output: output), metrics: nil, logger: Self.quiet)
        for _ in 0..<min(1_000, syncs) { await steady.sync(trigger: "bench") }
        let before = Self.residentKiB()
        let clock = ContinuousClock.now
        for _ in 0..<syncs { await steady.sync(trigger: "bench") }
        let elapsed = ContinuousClock.now - clock
        let after = Self.residentKiB()
        print(
            "resident memory over \(syncs) more syncs (after 1,000 to warm up): \(Measurement.format(before / 1024, digits: 1)) MiB → \(Measurement.format(after / 1024, digits: 1)) MiB (\(Measurement.format((after - before) / 1024, digits: 2)) MiB); \(Measurement.format(Double(elapsed.components.seconds) * 1000 / Double(max(1, syncs)) + Double(elapsed.components.attoseconds) / 1e15 / Double(max(1, syncs)), digits: 2)) ms per sync"
        )
    }

    static let quiet = Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() }

    /// Polls every half millisecond until `condition` holds (60 s at most).
    static func waitUntil(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while !condition() {
            guard ContinuousClock.now < deadline else { throw ValidationError("timed out") }
            try await Task.sleep(for: .microseconds(500))
        }
    }

    /// A loopback port nothing listens on now.
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

    /// VmRSS (or another field of /proc/PID/status) of a process, this one by default, in KiB.
    static func residentKiB(of pid: Int32 = getpid(), field: String = "VmRSS:") -> Double {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix(field) } ?? ""
        return Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
    }

    /// Runs the sidecar binary (``sidecarBinary``, else `sealgate-sidecar` beside this benchmark) until its
    /// first generation is written, lets it idle two seconds, and reads its resident memory; nil when the
    /// binary is not there.
    private func idleResidentMemory(
        workload: SidecarWorkload, root: String
    ) async throws -> (binary: String, kib: Double, anonymousKiB: Double)? {
        let binary =
            sidecarBinary.map(URL.init(fileURLWithPath:))
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("sealgate-sidecar")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            print("idle resident memory: skipped, \(binary.path) is not built (scripts/build-sidecar.sh)")
            return nil
        }
        let output = root + "/idle"
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = binary
        process.arguments = [
            "--input", workload.input, "--keys", workload.keys, "--output", output, "--namespace", Self.namespace,
            "--listen", "127.0.0.1:\(Self.freePort())", "--poll", "1h",
        ]
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { process.terminate() }
        try await Self.waitUntil { FileManager.default.fileExists(atPath: output + "/app-0/password") }
        try await Task.sleep(for: .seconds(2))
        return (
            binary.path, Self.residentKiB(of: process.processIdentifier), Self.residentKiB(of: process.processIdentifier, field: "RssAnon:")
        )
    }

    /// The read-ahead of the block device holding `path` (sysfs), when it can be found.
    static func readAheadKiB(of path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        // glibc's major() and minor() are macros, which Swift does not import: their bit layout.
        let dev = UInt64(info.st_dev)
        let major = ((dev >> 8) & 0xfff) | ((dev >> 32) & ~UInt64(0xfff))
        let minor = (dev & 0xff) | ((dev >> 12) & ~UInt64(0xff))
        let device = "/sys/dev/block/\(major):\(minor)"
        for candidate in [device + "/queue/read_ahead_kb", device + "/../queue/read_ahead_kb"] {
            if let text = try? String(contentsOfFile: candidate, encoding: .utf8), let value = Int(text.filter(\.isNumber)) {
                return value
            }
        }
        return nil
    }
}

/// The sidecar benchmark's inputs: a key, and SealedSecrets published as kubelet publishes a ConfigMap.
final class SidecarWorkload {
    let input: String
    let keys: String
    let key: SealingKey
    let rawKey: OpaquePointer
    private let sealer: Sealer
    private var documents: [String]
    private var version = 0

    init(bits: Int, root: String, secrets: Int) throws {
        input = root + "/sealed"
        keys = root + "/keys"
        key = try SealingKey.generate(bits: bits)
        try FileManager.default.createDirectory(atPath: input, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: keys, withIntermediateDirectories: true)
        let keyPEM = try key.privateKey.pkcs1PEM()
        _ = FileManager.default.createFile(atPath: keys + "/tls.key", contents: Data(keyPEM), attributes: [.posixPermissions: 0o600])
        _ = FileManager.default.createFile(atPath: keys + "/tls.crt", contents: Data(try key.certificate!.pem()))
        rawKey = SealWorkload.openSSLKey(pem: keyPEM)
        sealer = Sealer(certificate: key.certificate!)
        documents = []
        for index in 0..<secrets {
            let text = """
                apiVersion: v1
                kind: Secret
                metadata: {name: app-\(index), namespace: \(SidecarBenchmark.namespace)}
                stringData:
                  username: user-\(index)
                  password: \(String(repeating: "p", count: 24))-\(index)
                  url: postgres://db-\(index % 7).\(SidecarBenchmark.namespace).svc:5432/app

                """
            let object = KubeObject.objects(in: try ManifestParser.documents(in: text, file: SourceFile(path: "bench.yaml"))[0]).objects[0]
            documents.append(YAMLEmitter.emit(try sealer.seal(try SecretManifest(object)).node()))
        }
        try publish()
    }

    func configuration(output: String) -> SidecarConfiguration {
        SidecarConfiguration(inputs: [input], keys: [keys], output: output, namespace: SidecarBenchmark.namespace)
    }

    /// Each value's wrapped session key and label, for the OpenSSL reference.
    var wrappedKeys: [(block: ArraySlice<UInt8>, label: [UInt8])] {
        documents.flatMap { text -> [(block: ArraySlice<UInt8>, label: [UInt8])] in
            let documents = (try? ManifestParser.documents(in: text, file: SourceFile(path: "bench.yaml"))) ?? []
            guard let object = documents.first.flatMap({ KubeObject.objects(in: $0).objects.first }),
                let sealed = try? SealedSecretManifest(object)
            else { return [] }
            return sealed.encryptedData.map { SealWorkload.wrappedKey(of: $0.value, label: sealed.label) }
        }
    }

    /// Re-seals the password of one SealedSecret (its other values stay as they are, as `seal --merge-into`
    /// leaves them).
    func reseal(secret index: Int, password: String) throws {
        let sealedValue = try sealer.sealRaw(
            Array(password.utf8), scope: .strict, name: "app-\(index)", namespace: SidecarBenchmark.namespace)
        var lines = documents[index].split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let line = lines.firstIndex(where: { $0.hasPrefix("    password: ") }) else { throw ValidationError("no password line") }
        lines[line] = "    password: " + sealedValue
        documents[index] = lines.joined(separator: "\n")
    }

    /// Publishes the documents as kubelet publishes a ConfigMap volume: a new version directory, `..data`
    /// swapped to it with one rename, a visible link per file, the old version removed.
    func publish() throws {
        version += 1
        let name = "..2026_12_06_10_00_00.\(version)"
        try FileManager.default.createDirectory(atPath: input + "/" + name, withIntermediateDirectories: true)
        for (index, text) in documents.enumerated() {
            _ = FileManager.default.createFile(atPath: input + "/\(name)/app-\(index).yaml", contents: Data(text.utf8))
        }
        let old = try? FileManager.default.destinationOfSymbolicLink(atPath: input + "/..data")
        try? FileManager.default.removeItem(atPath: input + "/..data_tmp")
        try FileManager.default.createSymbolicLink(atPath: input + "/..data_tmp", withDestinationPath: name)
        guard rename(input + "/..data_tmp", input + "/..data") == 0 else { throw ValidationError("rename failed: errno \(errno)") }
        if version == 1 {
            for index in documents.indices {
                try FileManager.default.createSymbolicLink(
                    atPath: input + "/app-\(index).yaml", withDestinationPath: "..data/app-\(index).yaml")
            }
        }
        if let old { try FileManager.default.removeItem(atPath: input + "/" + old) }
    }
}
