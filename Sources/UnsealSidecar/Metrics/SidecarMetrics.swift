// sealgate · UnsealSidecar

public import CoreMetrics
#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// The sidecar's metrics, through the swift-metrics API, made by the factory given (Prometheus in the
/// shipped binary; any backend, or none, in a library user's process). No global bootstrap is needed.
///
/// Every name starts with `sealgate_sidecar_`; labels carry reasons and results, never a secret's name
/// or value.
public struct SidecarMetrics: Sendable {
    /// The label every metric's name starts with.
    public static let prefix = "sealgate_sidecar_"

    private let syncs: [SyncResult: Counter]
    private let problems: [SyncProblem.Reason: Counter]
    private let duration: CoreMetrics.Timer
    private let lastSuccess: Gauge
    private let generation: Gauge
    private let secrets: Gauge
    private let keys: Gauge
    private let certificateExpiry: Gauge
    private let ready: Gauge

    /// Creates the metrics with `factory`, and sets `build_info` to 1 with the version as a label.
    public init(factory: any MetricsFactory, version: String) {
        syncs = Dictionary(
            uniqueKeysWithValues: SyncResult.allCases.map {
                ($0, Counter(label: Self.prefix + "syncs_total", dimensions: [("result", $0.rawValue)], factory: factory))
            })
        problems = Dictionary(
            uniqueKeysWithValues: SyncProblem.Reason.allCases.map {
                ($0, Counter(label: Self.prefix + "decrypt_errors_total", dimensions: [("reason", $0.rawValue)], factory: factory))
            })
        duration = CoreMetrics.Timer(label: Self.prefix + "sync_duration_seconds", dimensions: [], factory: factory)
        lastSuccess = Gauge(label: Self.prefix + "last_success_timestamp_seconds", dimensions: [], factory: factory)
        generation = Gauge(label: Self.prefix + "generation", dimensions: [], factory: factory)
        secrets = Gauge(label: Self.prefix + "secrets", dimensions: [], factory: factory)
        keys = Gauge(label: Self.prefix + "keys", dimensions: [], factory: factory)
        certificateExpiry = Gauge(label: Self.prefix + "key_certificate_expiry_timestamp_seconds", dimensions: [], factory: factory)
        ready = Gauge(label: Self.prefix + "ready", dimensions: [], factory: factory)
        Gauge(label: Self.prefix + "build_info", dimensions: [("version", version)], factory: factory).record(1)
        // Every result and reason exists from the start at zero, so a dashboard's rate() has a series to read.
        for counter in Array(syncs.values) + Array(problems.values) { counter.increment(by: 0) }
    }

    /// The result of a sync, the `result` label of `syncs_total`.
    public enum SyncResult: String, Sendable, CaseIterable {
        /// A new generation was written.
        case written
        /// The output already held exactly this; nothing was written.
        case unchanged
        /// A problem kept the last good generation in place.
        case failed
    }

    /// Records a finished sync: its result, how long it took, its problems by reason, and on success the
    /// time, the generation number and the number of secrets.
    public func recordSync(
        _ result: SyncResult, seconds: Double, problems: [SyncProblem], generationNumber: Int, secretCount: Int, now: Date = Date()
    ) {
        syncs[result]?.increment()
        duration.recordNanoseconds(Int64(max(0, seconds) * 1e9))
        for problem in problems { self.problems[problem.reason]?.increment() }
        if result != .failed {
            lastSuccess.record(now.timeIntervalSince1970)
            generation.record(Double(generationNumber))
            secrets.record(Double(secretCount))
        }
        ready.record(result == .failed ? 0 : 1)
    }

    /// Records the keys read: how many, and when the newest key's certificate expires.
    public func recordKeys(_ keys: SidecarKeys) {
        self.keys.record(Double(keys.ring.keys.count))
        if let certificate = keys.certificate { certificateExpiry.record(certificate.notAfter.timeIntervalSince1970) }
    }
}
