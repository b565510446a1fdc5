// sealgate · SidecarServer

#if canImport(FoundationEssentials)
internal import FoundationEssentials
#else
internal import Foundation
#endif
public import Hummingbird
internal import KubeManifest
public import Prometheus
internal import SealedSecrets
internal import Synchronization
public import UnsealSidecar

/// The sidecar's HTTP endpoints:
///
/// - `GET /livez`: 200 while the process serves;
/// - `GET /readyz`: 200 when a good generation is written and the last sync succeeded, else 503 with the
///   problems (names and reasons, no value), for a startup or readiness probe;
/// - `GET /metrics`: the Prometheus exposition of the sidecar's metrics;
/// - `GET /v1/cert.pem`: the certificate that seals for this namespace, as the Bitnami controller serves
///   it, so `sealgate seal --cert http://…/v1/cert.pem` works through `kubectl port-forward`;
/// - `POST /v1/verify`: does this SealedSecret open here? 200 when every value opens, 409 with the reasons
///   otherwise; the body is limited (``maxVerifyBody``) and the endpoint rate-limited; never a value.
public enum SidecarHTTP {
    /// The largest body `POST /v1/verify` reads.
    public static let maxVerifyBody = 1 << 20
    /// How many verify requests may come at once, and how many per second after that.
    public static let verifyBurst = 10
    /// See ``verifyBurst``.
    public static let verifyPerSecond = 5.0

    /// The router of the endpoints for `sidecar`, with `registry` behind `/metrics`.
    public static func router(sidecar: Sidecar, registry: PrometheusCollectorRegistry) -> Router<BasicRequestContext> {
        let router = Router()
        let limiter = TokenBucket(capacity: Double(verifyBurst), perSecond: verifyPerSecond)
        router.get("livez") { _, _ in text("ok\n") }
        router.get("readyz") { _, _ in
            let status = sidecar.status
            guard status.ready else {
                let why =
                    status.lastSync == nil
                    ? "no sync has finished yet\n" : status.problems.map { "\($0)\n" }.joined()
                return text("not ready: " + why, status: .serviceUnavailable)
            }
            return text("ready: \(status.secretNames.count) secret\(status.secretNames.count == 1 ? "" : "s")\n")
        }
        router.get("metrics") { _, _ in
            var buffer: [UInt8] = []
            registry.emit(into: &buffer)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: buffer)))
        }
        router.get("v1/cert.pem") { _, _ in
            guard let certificate = sidecar.status.keys?.certificate, let pem = try? certificate.pem() else {
                return text("no certificate: the keys are not read yet, or the newest key has none\n", status: .serviceUnavailable)
            }
            return Response(
                status: .ok, headers: [.contentType: "application/x-pem-file"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: pem)))
        }
        router.post("v1/verify") { request, _ in
            guard limiter.take() else { return text("too many verify requests; try again in a second\n", status: .tooManyRequests) }
            var request = request
            let body: ByteBuffer
            do {
                body = try await request.collectBody(upTo: maxVerifyBody)
            } catch {
                return text("the body is over \(maxVerifyBody) bytes; send one SealedSecret manifest\n", status: .contentTooLarge)
            }
            guard let keys = sidecar.status.keys else { return text("the keys are not read yet\n", status: .serviceUnavailable) }
            let bytes = Array(buffer: body)
            let configuration = sidecar.configuration
            let report = await BlockingWork.run { SealedSecretVerification.verify(bytes, keys: keys, configuration: configuration) }
            return json(report)
        }
        return router
    }

    private static func text(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// `{"opens": bool, "problems": [...], "values": [{"secret", "key", "opens", "problem"?}]}`; 200 or 409.
    private static func json(_ report: SealedSecretVerification.Report) -> Response {
        let body = VerifyBody(
            opens: report.opens, problems: report.problems,
            values: report.values.map { VerifyBody.Value(secret: $0.secret, key: $0.key, opens: $0.problem == nil, problem: $0.problem) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(body)) ?? Data("{}".utf8)
        return Response(
            status: report.opens ? .ok : .conflict, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: Array(data) + [0x0A])))
    }
}

/// The body of a `POST /v1/verify` answer; a value's `problem` is left out when it opens.
private struct VerifyBody: Encodable {
    struct Value: Encodable {
        let secret: String
        let key: String
        let opens: Bool
        let problem: String?
    }

    let opens: Bool
    let problems: [String]
    let values: [Value]
}

/// A token bucket: `capacity` requests at once, refilled at `perSecond`.
final class TokenBucket: Sendable {
    private let capacity: Double
    private let perSecond: Double
    private let state: Mutex<(tokens: Double, last: ContinuousClock.Instant)>

    init(capacity: Double, perSecond: Double, now: ContinuousClock.Instant = .now) {
        self.capacity = capacity
        self.perSecond = perSecond
        state = Mutex((capacity, now))
    }

    /// Takes a token; false when there is none.
    func take(now: ContinuousClock.Instant = .now) -> Bool {
        state.withLock { state in
            let elapsed = now - state.last
            let seconds = max(0, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            state.tokens = min(capacity, state.tokens + seconds * perSecond)
            state.last = max(state.last, now)
            guard state.tokens >= 1 else { return false }
            state.tokens -= 1
            return true
        }
    }
}
