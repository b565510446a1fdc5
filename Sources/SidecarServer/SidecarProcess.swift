// sealgate · SidecarServer

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif
public import Logging
internal import Hummingbird
internal import NIOCore
internal import Prometheus
internal import ServiceLifecycle
internal import UnixSignals
public import UnsealSidecar
public import Diagnostics

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
    /// - Throws: `SidecarError` when the output directory cannot be used, or `listen` when the address
    ///   cannot be listened on (in use, not this host's, a port that needs privileges).
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
        do {
            try await group.run()
        } catch let error as IOError where listen != nil {
            throw SidecarError(.listen, Self.listenReason(error.errnoCode, listen: listen!))
        }
    }

    /// Why `listen` cannot be listened on, and what to do.
    static func listenReason(_ code: CInt, listen: Listen) -> String {
        let address = "\(listen.host):\(listen.port)"
        switch code {
        case EADDRINUSE: return "cannot listen on \(address): another process listens there; choose another port with --listen"
        case EACCES: return "cannot listen on \(address): the port needs privileges this process lacks; use a port above 1023"
        case EADDRNOTAVAIL: return "cannot listen on \(address): the address is not one of this host's; use 0.0.0.0 or :PORT"
        default: return "cannot listen on \(address): \(String(cString: strerror(code)))"
        }
    }
}

extension ErrorCode where Domain == SidecarError {
    /// The HTTP endpoints' address cannot be listened on.
    public static var listen: Self { Self("listen") }
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
