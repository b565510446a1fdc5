// sealgate · UnsealSidecar

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
internal import KubeManifest
public import Logging
internal import SealedSecrets
internal import Synchronization

/// The sidecar: syncs the output with the inputs and keys, one sync at a time, when told to or when they
/// change, and keeps a status the probes and metrics read.
///
/// A sync reads everything, decrypts everything, and then writes one new generation, or nothing: when it
/// finds a problem, the last good generation stays in place and the status says why. An unchanged result
/// writes nothing.
public actor Sidecar {
    /// What the probes and the HTTP endpoints read, at any time, without waiting for a sync.
    public struct Status: Sendable {
        /// Whether a sync has written (or confirmed) the output and the last sync succeeded.
        public var ready = false
        /// When the last sync ended, and when the last one succeeded.
        public var lastSync: Date?
        /// When the last sync succeeded.
        public var lastSuccess: Date?
        /// How many generations this process has written.
        public var generations = 0
        /// The secrets written, by name (no values).
        public var secretNames: [String] = []
        /// The problems of the last sync; empty after a success.
        public var problems: [SyncProblem] = []
        /// The keys of the last sync that read them.
        public var keys: SidecarKeys?
    }

    /// The configuration.
    public nonisolated let configuration: SidecarConfiguration
    private let writer: SecretDirectoryWriter
    private let metrics: SidecarMetrics?
    private let logger: Logger
    private let state = Mutex(Status())
    /// What is written now, so an immutable secret is kept as it is.
    private var written: [UnsealedSecret] = []
    /// The values the last good sync opened, so the next opens only what changed.
    private var opened = SecretSync.OpenedValues()

    /// Prepares the output directory (cleaning what a crash left there) and creates the sidecar.
    ///
    /// - Throws: `SidecarError` when the output directory cannot be used.
    public init(configuration: SidecarConfiguration, metrics: SidecarMetrics?, logger: Logger) throws(SidecarError) {
        self.configuration = configuration
        self.metrics = metrics
        self.logger = logger
        writer = try SecretDirectoryWriter(directory: configuration.output, fileMode: configuration.fileMode)
        let recovery = writer.recoveryAtStart
        if !recovery.foundClean {
            logger.warning(
                "cleaned what an interrupted write left in the output",
                metadata: [
                    "generation": "\(recovery.generation ?? "none")", "removedGenerations": "\(recovery.removedGenerations.count)",
                    "removedLinks": "\(recovery.removedLinks.count)", "createdLinks": "\(recovery.createdLinks.count)",
                ])
        }
    }

    /// The status now.
    public nonisolated var status: Status { state.withLock { $0 } }

    /// The outcome of one sync.
    public enum Outcome: Sendable, Equatable {
        /// A new generation holds these secrets.
        case written(secrets: Int)
        /// The output already held exactly this.
        case unchanged(secrets: Int)
        /// Nothing was written, for these problems.
        case failed([SyncProblem])
    }

    /// Reads, decrypts and writes once; `trigger` says why, for the log.
    @discardableResult
    public func sync(trigger: String) async -> Outcome {
        let start = ContinuousClock.now
        let result = await SecretSync.run(configuration, previous: written, opened: opened)
        var outcome: Outcome
        if let keys = result.keys {
            metrics?.recordKeys(keys)
            for warning in keys.warnings { logger.warning("\(warning)") }
        }
        for notice in result.notices { logger.warning("\(notice)") }
        if result.problems.isEmpty {
            let payload = result.secrets
            let writer = writer
            let files = SidecarPayload(secrets: Dictionary(payload.map { ($0.name, $0.values) }) { first, _ in first })
            let wrote = await BlockingWork.run { Result { () throws(SidecarError) in try writer.write(files) } }
            switch wrote {
            case .success(.written): outcome = .written(secrets: payload.count)
            case .success(.unchanged): outcome = .unchanged(secrets: payload.count)
            case let .failure(error):
                outcome = .failed([SyncProblem(.output, error.reason, at: error.location)])
            }
            if case .failed = outcome {
            } else {
                written = payload
                opened = result.opened
            }
        } else {
            outcome = .failed(result.problems)
        }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let now = Date()
        let generations: Int = state.withLock { status in
            status.lastSync = now
            if let keys = result.keys { status.keys = keys }
            switch outcome {
            case let .failed(problems):
                status.ready = false
                status.problems = problems
            case .written, .unchanged:
                if case .written = outcome { status.generations += 1 }
                status.ready = true
                status.lastSuccess = now
                status.problems = []
                status.secretNames = written.map(\.name)
            }
            return status.generations
        }
        switch outcome {
        case let .written(count):
            metrics?.recordSync(.written, seconds: seconds, problems: [], generationNumber: generations, secretCount: count, now: now)
            logger.info(
                "sync wrote a new generation", metadata: ["trigger": "\(trigger)", "secrets": "\(count)", "generation": "\(generations)"])
        case let .unchanged(count):
            metrics?.recordSync(.unchanged, seconds: seconds, problems: [], generationNumber: generations, secretCount: count, now: now)
            logger.debug("sync found nothing to change", metadata: ["trigger": "\(trigger)", "secrets": "\(count)"])
        case let .failed(problems):
            metrics?.recordSync(.failed, seconds: seconds, problems: problems, generationNumber: generations, secretCount: 0, now: now)
            for problem in problems {
                var metadata: Logger.Metadata = ["reason": "\(problem.reason.rawValue)", "trigger": "\(trigger)"]
                if let secret = problem.secret { metadata["secret"] = "\(secret)" }
                if let key = problem.key { metadata["key"] = "\(key)" }
                if let location = problem.location { metadata["at"] = "\(location)" }
                logger.error("sync failed, the last good generation stays: \(problem.message)", metadata: metadata)
            }
        }
        return outcome
    }

    /// Syncs now, then whenever `changes` yields (`debounce` after the first event, so one kubelet swap of many
    /// files is one sync), every `poll`, and when `forced` yields (SIGHUP);
    /// returns when the task is cancelled, after the sync under way.
    public func run(
        changes: AsyncStream<Void>?, forced: AsyncStream<Void>?, poll: Duration, debounce: Duration = .milliseconds(50)
    ) async {
        let (triggers, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(1))
        await withTaskGroup(of: Void.self) { group in
            if let changes {
                group.addTask {
                    for await _ in changes { continuation.yield("change") }
                }
            }
            if let forced {
                group.addTask {
                    for await _ in forced { continuation.yield("signal") }
                }
            }
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: poll)
                    continuation.yield("poll")
                }
            }
            await withTaskCancellationHandler {
                await sync(trigger: "start")
                for await trigger in triggers {
                    // Let a burst of events settle: a kubelet swap is several events, a git-sync update many.
                    try? await Task.sleep(for: debounce)
                    if Task.isCancelled { break }
                    await sync(trigger: trigger)
                }
            } onCancel: {
                continuation.finish()
            }
            group.cancelAll()
        }
    }
}
