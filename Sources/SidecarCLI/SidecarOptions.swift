// sealgate · SidecarCLI

public import ArgumentParser
internal import Diagnostics
internal import Logging
internal import SidecarServer
internal import UnsealSidecar

/// The options and the work of `sealgate sidecar` and of `sealgate-sidecar`, the same command in a binary
/// of its own: decrypt the pod's SealedSecrets into an in-memory volume, in kubelet's layout, and keep it
/// in step with the inputs and keys.
public struct SidecarOptions: ParsableArguments {
    /// What the command does, in a line, for its help.
    public static let abstract =
        "Decrypt SealedSecrets into files of an in-memory volume, in the pod (native sidecar or init container)."

    /// What the command does and its exit codes, for its help.
    public static let discussion = """
        Reads SealedSecret manifests from --input (a mounted ConfigMap, a git-sync checkout), decrypts \
        them with the keys of --keys (a mounted key Secret) for the pod's --namespace only, and writes \
        each value to OUTPUT/<secret>/<key> in kubelet's layout (links through OUTPUT/..data, swapped \
        atomically), so an application reads them as it reads a mounted Secret. A sync is all or \
        nothing: on any problem the last good files stay. With --once it syncs and exits (0 written, \
        1 a value did not decrypt, 2 unusable configuration or input); otherwise it syncs again when \
        the inputs or keys change (inotify), every --poll, and on SIGHUP, and stops on SIGTERM after \
        the sync under way. No value is ever logged.
        """

    /// Options as argument-parser makes them.
    public init() {}

    @Option(
        name: .customLong("input"), parsing: .upToNextOption,
        help: ArgumentHelp("Files or directories of SealedSecret manifests. Repeatable.", valueName: "path"))
    var inputs: [String] = []

    @Option(
        name: .customLong("keys"), parsing: .upToNextOption,
        help: ArgumentHelp(
            "Private keys: a mounted key Secret, a PEM file or directory, a key Secret manifest or backup. Repeatable.",
            valueName: "path"))
    var keys: [String] = []

    @Option(
        help: ArgumentHelp("The directory to write the secrets to (the sidecar owns it; an emptyDir with medium Memory).", valueName: "dir")
    )
    var output: String

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("The pod's namespace (from the downward API): SealedSecrets of any other are refused.", valueName: "namespace"))
    var namespace: String

    @Flag(help: "Sync once and exit: the init-container form.")
    var once = false

    @Option(
        name: .customLong("select"), parsing: .upToNextOption,
        help: ArgumentHelp("Write only the SealedSecrets of these names (each must be in the inputs). Repeatable.", valueName: "name"))
    var selection: [String] = []

    @Option(help: ArgumentHelp("Permission bits of the written files, in octal.", valueName: "mode"))
    var fileMode: String = "0440"

    @Option(help: ArgumentHelp("Sync at least this often, whatever inotify says: 30s, 5m.", valueName: "duration"))
    var poll: String = "30s"

    @Option(help: ArgumentHelp("Serve /livez, /readyz, /metrics, /v1/cert.pem and /v1/verify on HOST:PORT or :PORT.", valueName: "address"))
    var listen: String?

    @Option(help: ArgumentHelp("Log lines as text or json.", valueName: "format"))
    var logFormat: String = "text"

    @Flag(help: "Decrypt SealedSecrets sealed cluster-wide too (any namespace's copy of the key opens them).")
    var allowClusterWide = false

    @Flag(help: "Log every sync, also those that change nothing.")
    var verbose = false

    public func validate() throws {
        guard !inputs.isEmpty else { throw ValidationError("no input: pass --input with the SealedSecret files or directories") }
        guard !keys.isEmpty else { throw ValidationError("no keys: pass --keys with the mounted key Secret or key files") }
        guard mode != nil else {
            throw ValidationError("--file-mode '\(fileMode)' is not an octal mode from 0 to 0777 (such as 0440 or 0400)")
        }
        guard pollInterval != nil else { throw ValidationError("--poll '\(poll)' is not a positive duration; write it as 30s, 5m or 1h") }
        guard SidecarLogFormat(rawValue: logFormat) != nil else {
            throw ValidationError("--log-format '\(logFormat)' is not one of text, json")
        }
        if let listen, SidecarProcess.Listen(listen) == nil {
            throw ValidationError("--listen '\(listen)' is not HOST:PORT or :PORT with a port from 1 to 65535")
        }
        if let problem = SidecarConfiguration.namespaceProblem(namespace) {
            throw ValidationError("--namespace '\(namespace)' is not a Kubernetes namespace name: \(problem)")
        }
    }

    private var mode: UInt32? {
        let digits = fileMode.hasPrefix("0o") ? String(fileMode.dropFirst(2)) : fileMode
        guard let value = UInt32(digits, radix: 8), value <= 0o777 else { return nil }
        return value
    }

    private var pollInterval: Duration? {
        KubectlDuration(poll)?.duration
    }

    /// Runs the sidecar: one sync with `--once`, otherwise until SIGTERM.
    ///
    /// - Throws: `ExitCode(1)` when a value did not decrypt with `--once`, `ExitCode(2)` for unusable
    ///   configuration or input; other errors (a port that cannot be bound) for the caller to print.
    public func run() async throws {
        let format = SidecarLogFormat(rawValue: logFormat) ?? .text
        var logger = Logger(label: "sealgate.sidecar") { label in SidecarLogHandler(format: format, label: label) }
        logger.logLevel = verbose ? .debug : .info
        let configuration = SidecarConfiguration(
            inputs: inputs, keys: keys, output: output, namespace: namespace, selection: selection.isEmpty ? nil : Set(selection),
            fileMode: mode ?? 0o440, allowClusterWide: allowClusterWide)
        if once {
            let sidecar = try Sidecar(configuration: configuration, metrics: nil, logger: logger)
            switch await sidecar.sync(trigger: "once") {
            case .written, .unchanged: return
            case let .failed(problems):
                throw problems.contains(where: \.isDecryption) ? ExitCode(1) : ExitCode(2)
            }
        }
        try await SidecarProcess.run(
            configuration: configuration, listen: listen.flatMap(SidecarProcess.Listen.init), poll: pollInterval ?? .seconds(30),
            version: sealgateVersion, logger: logger)
    }
}
