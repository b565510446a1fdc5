// sealgate · CLI

internal import ArgumentParser
internal import Diagnostics
internal import FileIO
internal import Foundation
internal import KubeManifest
internal import SealedSecrets

/// `sealgate seal`: Secrets in, SealedSecrets out, as `kubeseal` does.
struct SealCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seal",
        abstract: "Seal Secrets with the cluster's certificate into SealedSecrets (kubeseal-compatible).",
        discussion: """
            Reads one or more Secrets (YAML or JSON, multi-document) and writes one SealedSecret each. \
            --raw seals a single value (from --from-file or standard input) and prints only its base64 \
            ciphertext. --merge-into adds or replaces keys of an existing SealedSecret file in place.

            When --cert is a directory, each Secret is sealed with DIR/<its namespace>.crt: the certificate of a \
            key that opens only that namespace's SealedSecrets (see 'sealgate keygen --namespace'). --raw then \
            needs --namespace, --merge-into uses the SealedSecret's namespace, and cluster-wide scope is refused.
            """
    )

    @OptionGroup var certificate: CertificateOptions
    @OptionGroup var input: ManifestInputOptions

    @OptionGroup var destination: ManifestOutputOptions

    @Option(help: "Sealing scope: strict, namespace-wide or cluster-wide (default: the Secret's scope annotations, else strict).")
    var scope: SealingScope?

    @Option(help: "The Secret's name, when the input has none.")
    var name: String?

    @Option(name: .shortAndLong, help: "The Secret's namespace, when the input has none.")
    var namespace: String?

    @Flag(help: "Seal one value and print just its base64 ciphertext, with no newline.")
    var raw = false

    @Option(help: ArgumentHelp("With --raw: the file holding the value (default: standard input).", valueName: "path"))
    var fromFile: String?

    @Option(help: ArgumentHelp("Add or replace the input Secret's keys in this SealedSecret file, in place.", valueName: "file"))
    var mergeInto: String?

    @Flag(help: "Seal a Secret with no data or stringData (or with --raw an empty value), which is refused otherwise, as kubeseal does.")
    var allowEmptyData = false

    func validate() throws {
        if fromFile != nil, !raw { throw ValidationError("--from-file goes with --raw") }
        if raw, mergeInto != nil { throw ValidationError("--raw and --merge-into cannot be combined") }
        if raw, !input.files.isEmpty { throw ValidationError("--raw reads its value from --from-file or standard input, not -f") }
        if mergeInto != nil, destination.outputFile != nil { throw ValidationError("--merge-into writes the file in place; drop -w") }
    }

    func run() async throws {
        let certificates = try await certificate.loadForSealing()
        if case .perNamespace(let directory) = certificates, scope == .clusterWide {
            throw ValidationError("--scope cluster-wide: \(directory.clusterWideProblem)")
        }
        if raw {
            let sealer = try await rawSealer(certificates)
            let value: [UInt8]
            // One byte over the limit is enough for sealRaw to refuse it: a larger value never fits a Secret,
            // and reading all of a 100 MB file first only costs memory.
            let limit = SecretManifest.maxTotalSize + 1
            if let fromFile {
                value = try Self.readValue(fromFile, limit: limit)
            } else {
                value = try StandardInput.read(limit: LoaderLimits().maxFileSize)
            }
            let sealed: String
            do {
                sealed = try await BlockingWork.run {
                    try sealer.sealRaw(value, scope: scope ?? .strict, name: name, namespace: namespace, allowEmpty: allowEmptyData)
                }
            } catch let error as SealedSecretsError where error.code == .emptySecret {
                throw SealedSecretsError(error.code, error.reason, path: fromFile ?? "-")  // where the empty value came from
            }
            try ManifestOutput.write(sealed, to: destination.outputFile, mode: AtomicFile.publicMode, newline: false)
            return
        }
        let objects = try await input.loadObjects()
        let secrets = try objects.map { try SecretManifest($0) }
        guard !secrets.isEmpty else {
            throw SealedSecretsError(.wrongKind, "no Secret found in \(input.paths.joined(separator: ", "))")
        }
        let options = Sealer.Options(scope: scope, name: name, namespace: namespace, allowEmptyData: allowEmptyData)
        if let mergeInto {
            try await merge(secrets, into: mergeInto, certificates: certificates)
            return
        }
        let sealed: [Node]
        switch certificates {
        case .single(let certificate):
            let sealer = Sealer(certificate: certificate)
            sealed = try await BlockingWork.run { try secrets.map { try sealer.seal($0, options: options).node() } }
        case .perNamespace(let directory):
            // Each namespace's certificate is read when its first Secret comes, off the cooperative pool.
            sealed = try await BlockingWork.run {
                var directory = directory
                return try secrets.map { try directory.seal($0, options: options).node() }
            }
        }
        try destination.write(sealed, mode: AtomicFile.publicMode)
    }

    /// The sealer of `--raw`: the one certificate, or with a directory the certificate of `--namespace`,
    /// which must then be given (the value has no Secret to take a namespace from).
    private func rawSealer(_ certificates: SealingCertificates) async throws -> Sealer {
        switch certificates {
        case .single(let certificate):
            return Sealer(certificate: certificate)
        case .perNamespace(let directory):
            guard let namespace, !namespace.isEmpty else {
                throw ValidationError(
                    "--raw with \(directory.named), a directory of per-namespace certificates, needs --namespace to pick \(directory.certificatePath(for: "<namespace>"))"
                )
            }
            if let problem = KubernetesName.namespaceProblem(namespace) {
                throw SealedSecretsError(
                    .invalidInput, argument: .invalid(.namespace, given: namespace, problem: problem, singleValue: true))
            }
            return try await BlockingWork.run { () throws(SealedSecretsError) in
                var directory = directory
                return try directory.sealer(for: namespace, sealing: "the value is for namespace \(namespace) (--namespace)", at: nil)
            }
        }
    }

    /// The first `limit` bytes of the file at `path`; a directory or an unreadable path is an `io` error.
    static func readValue(_ path: String, limit: Int) throws(SealedSecretsError) -> [UInt8] {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw SealedSecretsError(.io, "is a directory; --from-file takes one file", path: path)
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw SealedSecretsError(.io, "cannot read the file; check the path and its permissions", path: path)
        }
        defer { try? handle.close() }
        do {
            return Array(try handle.read(upToCount: limit) ?? Data())
        } catch {
            throw SealedSecretsError(.io, "cannot read the file; check that it is a file", path: path)
        }
    }

    private func merge(_ secrets: [SecretManifest], into path: String, certificates: SealingCertificates) async throws {
        guard secrets.count == 1 else {
            throw ValidationError("--merge-into takes exactly one Secret, and the input has \(secrets.count)")
        }
        let loaded = ManifestLoader().loadFile(atPath: path)
        if let error = loaded.error { throw error }
        let sealedObjects = loaded.objects.filter { $0.kind == "SealedSecret" }
        guard sealedObjects.count == 1, loaded.objects.count == 1 else {
            throw SealedSecretsError(
                .wrongKind, "--merge-into needs a file holding exactly one SealedSecret; this one holds \(loaded.objects.count) objects",
                path: path)
        }
        let existing = try SealedSecretManifest(sealedObjects[0])
        let merged = try await BlockingWork.run { () throws(SealedSecretsError) in
            // The values are sealed for the SealedSecret's own name, namespace and scope, as kubeseal does, so
            // with a directory the certificate is that of the SealedSecret's namespace.
            let sealer: Sealer
            switch certificates {
            case .single(let certificate):
                sealer = Sealer(certificate: certificate)
            case .perNamespace(var directory):
                sealer = try directory.sealer(merging: existing, file: path)
            }
            return try sealer.merge(secrets[0], into: existing, allowEmptyData: allowEmptyData)
        }
        let format: ManifestFormatOption = ManifestFormat(path: path) == .json ? .json : .yaml
        // The file keeps its own mode and owner; through a link, the link's target is replaced.
        try AtomicFile.write(Array(try ManifestOutput.render([merged.node()], format: format).utf8), to: path, mode: AtomicFile.publicMode)
        Terminal.error("merged \(TerminalText.counted(secrets[0].values.count, "key")) into \(path)")
    }
}
