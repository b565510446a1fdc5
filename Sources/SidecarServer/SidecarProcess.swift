// sealgate · SidecarServer

public import Logging
internal import Hummingbird
internal import Prometheus
internal import ServiceLifecycle
internal import UnixSignals
public import UnsealSidecar

/// The long-running sidecar process: the sync loop (with inotify and a poll), SIGHUP for a sync now, the
/// HTTP endpoints when asked for, and SIGTERM or SIGINT for a graceful stop: the sync under way finishes
/// (a generation is never left half-swapped), then the process returns, leaving the output in place.
public enum SidecarProcess {
    /// Where the HTTP endpoints listen.
    public struct Listen: Sendable, Equatable {
        /// The address to bind (`0.0.0.0` for every interface).
        public let host: String
        /// The port.
        public let port: Int

        /// Parses `host:port` or `:port` (every interface).
        public init?(_ text: String) {
            guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (1...65535).contains(port)
            else { return nil }
            let host = String(text[..<colon])
            self.host = host.isEmpty ? "0.0.0.0" : host
            self.port = port
        }
    }

    /// Runs until SIGTERM or SIGINT.
    ///
    /// - Throws: `SidecarError` when the output directory cannot be used; what the HTTP server throws
    ///   when it cannot listen.
    public static func run(
        configuration: SidecarConfiguration, listen: Listen?, poll: Duration, version: String, logger: Logger
    ) async throws {
        let registry = PrometheusCollectorRegistry()
        let metrics = SidecarMetrics(factory: PrometheusMetricsFactory(registry: registry), version: version)
        let sidecar = try Sidecar(configuration: configuration, metrics: metrics, logger: logger)
        var services: [any Service] = [SyncService(sidecar: sidecar, poll: poll, watched: configuration.inputs + configuration.keys)]
        if let listen {
            services.append(
                Application(
                    router: SidecarHTTP.router(sidecar: sidecar, registry: registry),
                    configuration: ApplicationConfiguration(address: .hostname(listen.host, port: listen.port), serverName: "sealgate"),
                    logger: logger))
        }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}

/// The sync loop as a service: syncs at start, on changes, on SIGHUP and on the poll; stops at graceful
/// shutdown after the sync under way.
struct SyncService: Service {
    let sidecar: Sidecar
    let poll: Duration
    let watched: [String]

    func run() async throws {
        let watcher = ChangeWatcher(paths: watched)
        let signals = await UnixSignalsSequence(trapping: .sighup)
        let (forced, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let relay = Task {
            for await _ in signals { continuation.yield() }
        }
        defer {
            relay.cancel()
            watcher?.stop()
        }
        let changes = watcher?.changes()
        await cancelWhenGracefulShutdown { [sidecar, poll] in
            await sidecar.run(changes: changes, forced: forced, poll: poll)
        }
    }
}
