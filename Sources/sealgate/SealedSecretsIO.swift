// sealgate · CLI

internal import ArgumentParser
internal import FileIO
internal import Foundation
#if canImport(FoundationNetworking)
internal import FoundationNetworking
#endif
internal import KubeManifest
internal import SealedSecrets

extension ManifestInputOptions {
    /// The SealedSecrets among the loaded objects; none at all is an unusable input.
    func loadSealedSecrets() async throws -> [SealedSecretManifest] {
        let sealed = try await loadObjects().filter { $0.kind == "SealedSecret" }.map { try SealedSecretManifest($0) }
        guard !sealed.isEmpty else {
            throw SealedSecretsError(.wrongKind, "no SealedSecret found in \(paths.joined(separator: ", "))")
        }
        return sealed
    }
}

/// `-o yaml|json` for commands that write manifests.
enum ManifestFormatOption: String, CaseIterable, ExpressibleByArgument {
    case yaml
    case json
}

/// `-w FILE` and `-o yaml|json`, for the commands that write manifests.
struct ManifestOutputOptions: ParsableArguments {
    @Option(
        name: [.customShort("w"), .customLong("output-file")],
        help: ArgumentHelp(
            "Write to this file (atomically) instead of standard output.", valueName: "file"))
    var outputFile: String?

    @Option(name: .shortAndLong, help: "Output format: yaml (the default) or json.")
    var output: ManifestFormatOption?

    /// kubeseal's name for `-o`, accepted so its habit works; hidden, since `-o` is the name to learn.
    @Option(name: .customLong("format"), help: ArgumentHelp("kubeseal's name for -o/--output.", visibility: .hidden))
    var kubesealFormat: ManifestFormatOption?

    func validate() throws {
        if let output, let kubesealFormat, output != kubesealFormat {
            throw ValidationError(
                "-o \(output.rawValue) and --format \(kubesealFormat.rawValue) disagree; --format is kubeseal's name for -o, so give one of them"
            )
        }
    }

    /// The format asked for, by either name; YAML when neither is given (kubeseal's default is JSON).
    var format: ManifestFormatOption { output ?? kubesealFormat ?? .yaml }

    /// Renders `documents` in the chosen format and writes them where asked, files with `mode`.
    func write(_ documents: [Node], mode: UInt32) throws {
        try ManifestOutput.write(try ManifestOutput.render(documents, format: format), to: outputFile, mode: mode)
    }
}

/// Writing manifests to standard output or, atomically, to a file.
enum ManifestOutput {
    /// The documents as one YAML stream, or as JSON values one after another (as `kubeseal -o json` does).
    static func render(_ documents: [Node], format: ManifestFormatOption) throws -> String {
        switch format {
        case .yaml: return YAMLEmitter.emit(documents: documents)
        case .json: return try documents.map { try JSONEmitter.emit($0, pretty: true) }.joined()
        }
    }

    /// Writes `text` to `path` (atomically, with `mode`) or to standard output when `path` is nil or `-`.
    static func write(_ text: String, to path: String?, mode: UInt32, newline: Bool = true) throws {
        guard let path, path != "-" else {
            if newline {
                Terminal.out(text.hasSuffix("\n") ? String(text.dropLast()) : text)
            } else {
                Terminal.write(text)
            }
            return
        }
        let outcome = try AtomicFile.write(Array(text.utf8), to: path, mode: mode)
        if mode == AtomicFile.privateMode { warnIfReadable(outcome, holding: "plaintext") }
    }

    /// Warns when a file holding plaintext or a private key kept, from the file it replaced, a mode that
    /// lets group or others read it: sealgate keeps the mode the user chose, and says what it means.
    static func warnIfReadable(_ outcome: AtomicFile.Outcome, holding what: String) {
        guard case .replaced(let path, let mode) = outcome, mode & 0o077 != 0 else { return }
        Terminal.error(
            "\(path): warning: this file now holds \(what) and can be read by group or others (mode \(String(mode & 0o777, radix: 8)), kept from the file it replaced); run 'chmod 600 \(path)'"
        )
    }
}

/// Finding and reading the sealing certificate: `--cert`, else `$SEALGATE_CERT`, else kubeseal's
/// `$SEALED_SECRETS_CERT`.
struct CertificateOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The sealing certificate: a PEM file, a file:// or an http(s):// URL; for seal also a directory of <namespace>.crt files. Default: $SEALGATE_CERT, else kubeseal's $SEALED_SECRETS_CERT.",
            valueName: "cert"))
    var cert: String?

    @Option(
        help: ArgumentHelp(
            "How long fetching the certificate (http(s), or kubectl with --fetch) may take in all: 30s, 2m, or seconds.",
            valueName: "duration"))
    var requestTimeout: String = RequestTimeout.standard.text

    @OptionGroup var controller: ControllerOptions

    func validate() throws {
        guard RequestTimeout(requestTimeout) != nil else {
            throw ValidationError("--request-timeout '\(requestTimeout)' is not a positive duration; write it as 30s, 2m or 1h")
        }
        if cert != nil, controller.isRequested {
            throw ValidationError("--cert and \(controller.given) are two sources of the certificate; pass one")
        }
    }

    /// The certificate, checked for sealing. A directory is refused: only `seal` picks a certificate per
    /// namespace (``loadForSealing()``).
    func load() async throws -> Certificate {
        if controller.isRequested {
            let controller = controller.controller(timeout: RequestTimeout(requestTimeout) ?? .standard)
            let certificate = try await controller.fetch(searchPath: ProcessInfo.processInfo.environment["PATH"])
            try certificate.validateForSealing(source: controller.place)
            return certificate
        }
        let source = try self.source()
        do {
            if Self.directory(at: source) != nil {
                throw SealedSecretsError(
                    .io, "is a directory; this command takes one certificate file (only 'seal' takes a directory of <namespace>.crt files)",
                    path: source)
            }
            let bytes = try await read(source)
            let certificate = try Certificate(pem: bytes, source: source)
            try certificate.validateForSealing(source: source)
            return certificate
        } catch let error as SealedSecretsError {
            throw naming(error)
        }
    }

    /// For `seal`: the certificate, checked for sealing, or the directory of each namespace's
    /// `<namespace>.crt`, whose certificates are read when a Secret of their namespace comes.
    func loadForSealing() async throws -> SealingCertificates {
        if !controller.isRequested, let directory = Self.directory(at: try source()) {
            return .perNamespace(CertificateDirectory(path: directory, named: named))
        }
        return .single(try await load())
    }

    /// The environment variables that name the certificate when `--cert` does not, in the order they are
    /// asked: sealgate's own, then the one `kubeseal` reads (it takes every flag from `SEALED_SECRETS_<FLAG>`),
    /// so a shell set up for kubeseal seals with the same certificate. An empty variable counts as unset.
    static let environmentVariables = ["SEALGATE_CERT", "SEALED_SECRETS_CERT"]

    /// The variable that names the certificate, and its value, when `--cert` is not given.
    static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> (variable: String, value: String)?
    {
        for variable in environmentVariables {
            if let value = environment[variable], !value.isEmpty { return (variable, value) }
        }
        return nil
    }

    /// How messages name where the certificate came from: `--cert certs`, `SEALGATE_CERT=certs` or
    /// `SEALED_SECRETS_CERT=certs`.
    var named: String {
        if let cert { return "--cert \(cert)" }
        guard let (variable, value) = Self.fromEnvironment() else { return "SEALGATE_CERT=" }
        return "\(variable)=\(value)"
    }

    private func source() throws -> String {
        guard let source = cert ?? Self.fromEnvironment()?.value, !source.isEmpty else {
            throw ValidationError("no sealing certificate: pass --cert FILE|URL or set SEALGATE_CERT")
        }
        return source
    }

    /// `error` with where the certificate's name came from added, when an environment variable gave it:
    /// a variable set long ago (for kubeseal) is easily forgotten, and its file is then a mystery.
    private func naming(_ error: SealedSecretsError) -> SealedSecretsError {
        guard cert == nil, let (variable, _) = Self.fromEnvironment() else { return error }
        return SealedSecretsError(error.code, error.reason + " (the certificate \(variable) names)", at: error.location)
    }

    /// The local path of a `file://` URL or a plain path.
    private static func localPath(_ source: String) -> String {
        source.hasPrefix("file://") ? (URL(string: source)?.path ?? String(source.dropFirst(7))) : source
    }

    /// The path of `source` when it names a directory (a plain path or a `file://` URL), else nil.
    private static func directory(at source: String) -> String? {
        guard !source.hasPrefix("http://"), !source.hasPrefix("https://") else { return nil }
        let path = localPath(source)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { return nil }
        return path
    }

    private func read(_ source: String) async throws -> [UInt8] {
        if source.hasPrefix("http://") || source.hasPrefix("https://") {
            guard let url = URL(string: source), url.host != nil else {
                throw SealedSecretsError(.io, "not a valid URL; write it as https://host/path", path: source)
            }
            return try await CertificateFetch(timeout: RequestTimeout(requestTimeout) ?? .standard).fetch(url)
        }
        return try Self.readFile(Self.localPath(source))
    }

    /// The bytes of the certificate file at `path`, bounded like a download: `--cert /dev/zero` or a wrong,
    /// huge file must not fill the memory.
    static func readFile(_ path: String) throws(SealedSecretsError) -> [UInt8] {
        do {
            return try ManifestLoader.readFile(path, limit: CertificateFetch.maxBytes)
        } catch {
            let reason =
                switch error.code {
                case .fileTooLarge:
                    "is larger than \(CertificateFetch.maxBytes >> 20) MiB, which no certificate is; check that this is the right file"
                case .notFound: "cannot read the certificate file; check the path"
                default: error.reason
                }
            throw SealedSecretsError(.io, reason, path: path)
        }
    }
}

/// `--key KEYS`, for the commands that open sealed values.
struct KeyOptions: ParsableArguments {
    /// The help of `--key`, here and on `cert`.
    static let keyHelp = ArgumentHelp(
        "Private keys: a PEM file, a directory, a key Secret manifest or a kubectl List backup. Repeatable.",
        valueName: "keys")

    @Option(help: keyHelp)
    var key: [String] = []

    /// kubeseal's name for `--key` (a comma-separated list or repeated, as kubeseal takes it), hidden since
    /// `--key` is the name to learn; ``validate()`` adds its paths to ``key``.
    @Option(
        name: .customLong("recovery-private-key"),
        help: ArgumentHelp("kubeseal's name for --key; paths separated by commas, or repeated.", visibility: .hidden))
    var recoveryPrivateKey: [String] = []

    mutating func validate() throws {
        key += recoveryPrivateKey.flatMap { $0.split(separator: ",").map(String.init) }
        recoveryPrivateKey = []
    }

    /// The key ring; its warnings (a key file others can read) go to standard error.
    ///
    /// No `--key` is a usage error, raised here rather than in ``validate()``: argument-parser validates an
    /// option group before it reports an unknown option, so `--kye k` would be answered "pass --key"
    /// instead of "did you mean '--key'".
    func load() throws -> KeyRing {
        guard !key.isEmpty else { throw ValidationError("pass --key with the private key(s) to unseal with") }
        return try Self.load(key)
    }

    /// The key ring of `paths`; its warnings go to standard error.
    static func load(_ paths: [String]) throws -> KeyRing {
        let ring = try KeyRing.load(from: paths)
        for warning in ring.warnings { Terminal.error(warning) }
        return ring
    }
}
