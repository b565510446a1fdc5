// sealgate · SidecarServer tests

import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Hummingbird
import Logging
import Prometheus
import Testing
@testable import SidecarServer
@testable import UnsealSidecar
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The HTTP endpoints on a real server on a loopback port, asked with URLSession.
struct SidecarHTTPTests {
    /// A sidecar over a temporary directory with one SealedSecret, and its endpoints on a free port.
    final class Server: @unchecked Sendable {
        let root: URL
        let sidecar: Sidecar
        let registry = PrometheusCollectorRegistry()
        private(set) var port = 0
        private var task: Task<Void, any Error>?

        init(keys: String = SyncFixtureKeys.current) async throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("sealgate-http-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: root.appendingPathComponent("in"), withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: root.appendingPathComponent("out"), withIntermediateDirectories: true)
            try Data(SyncFixtureKeys.sealedDB.utf8).write(to: root.appendingPathComponent("in/db.yaml"))
            let configuration = SidecarConfiguration(
                inputs: [root.appendingPathComponent("in").path], keys: [keys], output: root.appendingPathComponent("out").path,
                namespace: "shop")
            let metrics = SidecarMetrics(factory: PrometheusMetricsFactory(registry: registry), version: "test")
            sidecar = try Sidecar(configuration: configuration, metrics: metrics, logger: Logger(label: "test"))
            let (ports, continuation) = AsyncStream<Int>.makeStream()
            let application = Application(
                router: SidecarHTTP.router(sidecar: sidecar, registry: registry),
                configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
                onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
                logger: Logger(label: "test"))
            task = Task { try await application.run() }
            for await bound in ports {
                port = bound
                break
            }
        }

        deinit {
            task?.cancel()
            try? FileManager.default.removeItem(at: root)
        }

        func request(_ path: String, method: String = "GET", body: Data? = nil) async throws -> (status: Int, text: String) {
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
            request.httpMethod = method
            request.httpBody = body
            let (data, response) = try await URLSession.shared.data(for: request)
            return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
        }
    }

    @Test("readyz is 503 before the first sync and 200 after it; livez is always 200")
    func probes() async throws {
        let server = try await Server()
        #expect(try await server.request("/livez").status == 200)
        let before = try await server.request("/readyz")
        #expect(before.status == 503 && before.text.contains("no sync has finished yet"))
        await server.sidecar.sync(trigger: "test")
        let after = try await server.request("/readyz")
        #expect(after.status == 200 && after.text == "ready: 1 secret\n")
    }

    @Test("readyz names the problem of a failed sync, and never a value")
    func notReady() async throws {
        let server = try await Server(keys: SyncFixtureKeys.other)
        await server.sidecar.sync(trigger: "test")
        let answer = try await server.request("/readyz")
        #expect(answer.status == 503 && answer.text.contains("SealedSecret shop/db, key 'password'"))
        #expect(!answer.text.contains("hunter2"))
    }

    @Test("cert.pem serves the newest key's certificate once the keys are read")
    func certificate() async throws {
        let server = try await Server()
        #expect(try await server.request("/v1/cert.pem").status == 503)
        await server.sidecar.sync(trigger: "test")
        let answer = try await server.request("/v1/cert.pem")
        let expected = try String(contentsOfFile: SyncFixtureKeys.current + "/tls.crt", encoding: .utf8)
        #expect(answer.status == 200 && answer.text.hasPrefix("-----BEGIN CERTIFICATE-----"))
        #expect(answer.text.filter { !$0.isWhitespace } == expected.filter { !$0.isWhitespace })
    }

    @Test("verify: 200 when every value opens, 409 with reasons otherwise, 413 over the limit, 429 when flooded")
    func verify() async throws {
        let server = try await Server()
        await server.sidecar.sync(trigger: "test")
        let good = try await server.request("/v1/verify", method: "POST", body: Data(SyncFixtureKeys.sealedDB.utf8))
        #expect(good.status == 200 && good.text.contains("\"opens\":true"))
        let other = SyncFixtureKeys.sealedDB.replacingOccurrences(of: "namespace: shop", with: "namespace: billing")
        let refused = try await server.request("/v1/verify", method: "POST", body: Data(other.utf8))
        #expect(refused.status == 409 && refused.text.contains("another namespace"))
        #expect(!good.text.contains("hunter2") && !refused.text.contains("hunter2"))
        let large = try await server.request("/v1/verify", method: "POST", body: Data(count: SidecarHTTP.maxVerifyBody + 1))
        #expect(large.status == 413)
        var statuses: [Int] = []
        for _ in 0..<(SidecarHTTP.verifyBurst + 2) {
            statuses.append(try await server.request("/v1/verify", method: "POST", body: Data("a: 1\n".utf8)).status)
        }
        #expect(statuses.contains(429))
    }

    @Test("metrics are in the Prometheus text format with the sidecar's names")
    func metrics() async throws {
        let server = try await Server()
        await server.sidecar.sync(trigger: "test")
        let answer = try await server.request("/metrics")
        #expect(answer.status == 200)
        for name in [
            "sealgate_sidecar_syncs_total{result=\"written\"} 1", "sealgate_sidecar_secrets 1", "sealgate_sidecar_keys 1",
            "sealgate_sidecar_build_info{version=\"test\"} 1", "sealgate_sidecar_sync_duration_seconds_bucket",
            "sealgate_sidecar_key_certificate_expiry_timestamp_seconds",
        ] {
            #expect(answer.text.contains(name), "\(name)")
        }
    }

    @Test("a listen address is HOST:PORT or :PORT")
    func listen() {
        #expect(SidecarProcess.Listen(":8081") == SidecarProcess.Listen("0.0.0.0:8081"))
        #expect(SidecarProcess.Listen("127.0.0.1:9").map { "\($0.host) \($0.port)" } == "127.0.0.1 9")
        #expect(SidecarProcess.Listen("8081") == nil && SidecarProcess.Listen(":0") == nil && SidecarProcess.Listen(":70000") == nil)
    }

    @Test("an address that cannot be listened on says why and what to do")
    func listenReasons() {
        let listen = SidecarProcess.Listen("127.0.0.1:8081")!
        #expect(SidecarProcess.listenReason(EADDRINUSE, listen: listen).contains("127.0.0.1:8081: another process listens there"))
        #expect(SidecarProcess.listenReason(EACCES, listen: listen).contains("use a port above 1023"))
        #expect(SidecarProcess.listenReason(EADDRNOTAVAIL, listen: listen).contains("not one of this host's"))
    }

    @Test("the token bucket lets a burst through, then refills at its rate")
    func tokenBucket() {
        let start = ContinuousClock.now
        let bucket = TokenBucket(capacity: 2, perSecond: 1, now: start)
        #expect(bucket.take(now: start) && bucket.take(now: start) && !bucket.take(now: start))
        #expect(!bucket.take(now: start + .milliseconds(500)))
        #expect(bucket.take(now: start + .milliseconds(1000)))
    }
}
