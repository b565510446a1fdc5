// sealgate · CLI

internal import ArgumentParser
internal import Diagnostics
internal import Foundation
internal import SealedSecrets

/// `--fetch`, `--controller-namespace`, `--controller-name`, `--kubeconfig`, `--context`: the sealing
/// certificate from the cluster's sealed-secrets controller, as `kubeseal --fetch-cert` gets it.
struct ControllerOptions: ParsableArguments {
    @Flag(
        help: "Get the certificate from the cluster's sealed-secrets controller, through the API server, with your kubectl and kubeconfig."
    )
    var fetch = false

    @Option(
        help: ArgumentHelp(
            "The controller's namespace; implies --fetch. Default: $SEALED_SECRETS_CONTROLLER_NAMESPACE, else kube-system.",
            valueName: "namespace"))
    var controllerNamespace: String?

    @Option(
        help: ArgumentHelp(
            "The controller's Service; implies --fetch. Default: $SEALED_SECRETS_CONTROLLER_NAME, else sealed-secrets-controller.",
            valueName: "name"))
    var controllerName: String?

    @Option(help: ArgumentHelp("The kubeconfig kubectl reads; implies --fetch.", valueName: "file"))
    var kubeconfig: String?

    @Option(help: ArgumentHelp("The kubeconfig context kubectl uses; implies --fetch.", valueName: "name"))
    var context: String?

    /// Whether any flag asks for the cluster's certificate.
    var isRequested: Bool {
        fetch || controllerNamespace != nil || controllerName != nil || kubeconfig != nil || context != nil
    }

    /// The flags given, as typed, for a message about combining them with another certificate source.
    var given: String {
        var flags: [String] = fetch ? ["--fetch"] : []
        if controllerNamespace != nil { flags.append("--controller-namespace") }
        if controllerName != nil { flags.append("--controller-name") }
        if kubeconfig != nil { flags.append("--kubeconfig") }
        if context != nil { flags.append("--context") }
        return flags.joined(separator: ", ")
    }

    func validate() throws {
        for (flag, value) in [("--controller-namespace", controllerNamespace), ("--controller-name", controllerName)] {
            // The names go into the API server's path: anything but a DNS label could reach another resource.
            if let value, let problem = KubernetesName.namespaceProblem(value) {
                throw ValidationError(
                    "\(flag) '\(TerminalText.oneLine(value))' is not a Kubernetes name: \(problem); \(KubernetesName.remedy)")
            }
        }
        for (flag, value) in [("--kubeconfig", kubeconfig), ("--context", context)] where value?.isEmpty == true {
            throw ValidationError("\(flag) is empty; name a \(flag == "--context" ? "context" : "file") or leave the flag out")
        }
    }

    /// The controller to ask: flags, then kubeseal's environment variables, then kubeseal's defaults.
    func controller(timeout: RequestTimeout) -> ControllerCertificate {
        let environment = ProcessInfo.processInfo.environment
        return ControllerCertificate(
            namespace: controllerNamespace ?? environment["SEALED_SECRETS_CONTROLLER_NAMESPACE"].flatMap { $0.isEmpty ? nil : $0 }
                ?? ControllerCertificate.defaultNamespace,
            name: controllerName ?? environment["SEALED_SECRETS_CONTROLLER_NAME"].flatMap { $0.isEmpty ? nil : $0 }
                ?? ControllerCertificate.defaultName,
            kubeconfig: kubeconfig, context: context, timeout: timeout)
    }
}

/// The sealing certificate of a running sealed-secrets controller, read through the API server's service
/// proxy by the user's own `kubectl`: its kubeconfig, context, credentials and auth plugins, none of which
/// sealgate reimplements.
struct ControllerCertificate {
    /// kubeseal's default namespace of the controller.
    static let defaultNamespace = "kube-system"
    /// kubeseal's default name of the controller's Service.
    static let defaultName = "sealed-secrets-controller"

    /// The namespace of the controller's Service.
    var namespace: String
    /// The name of the controller's Service.
    var name: String
    /// kubectl's `--kubeconfig`, when given.
    var kubeconfig: String?
    /// kubectl's `--context`, when given.
    var context: String?
    /// How long kubectl may take in all.
    var timeout: RequestTimeout

    /// The API server's proxy path to the controller's `/v1/cert.pem`: the Service's port named by scheme
    /// only (`http:NAME:`), as kubeseal asks for it.
    var proxyPath: String { "/api/v1/namespaces/\(namespace)/services/http:\(name):/proxy/v1/cert.pem" }

    /// kubectl's arguments.
    var arguments: [String] {
        var arguments = ["get", "--raw", proxyPath]
        if let kubeconfig { arguments += ["--kubeconfig", kubeconfig] }
        if let context { arguments += ["--context", context] }
        return arguments
    }

    /// How messages name the controller: `service kube-system/sealed-secrets-controller`.
    var place: String { "service \(namespace)/\(name)" }

    /// The bytes the controller serves, checked to be a PEM certificate, and the certificate.
    ///
    /// - Parameter searchPath: The `PATH` to find kubectl in.
    /// - Throws: A ``SealedSecretsError`` `io` naming the Service, saying what went wrong and what to do.
    func fetch(searchPath: String?) async throws -> Certificate {
        guard let kubectl = ExternalProgram.find("kubectl", searchPath: searchPath) else {
            throw SealedSecretsError(
                .io,
                "--fetch needs kubectl, and it is not on PATH; install kubectl (sealgate reaches the cluster through it, with your kubeconfig), or pass the certificate with --cert FILE",
                path: place)
        }
        let program = ExternalProgram(
            name: "kubectl", executable: kubectl, timeout: timeout.seconds, outputLimit: CertificateFetch.maxBytes)
        let outcome: ExternalProgram.Outcome
        do {
            outcome = try await program.run(arguments)
        } catch {
            throw SealedSecretsError(.io, "cannot run \(kubectl.path): \(error.reason)", path: place)
        }
        switch outcome {
        case .exited(0, let output, _):
            do {
                return try Certificate(pem: output, source: place)
            } catch {
                throw SealedSecretsError(
                    .badCertificate,
                    "the controller answered \(output.count) bytes that hold no PEM certificate; check that --controller-namespace and --controller-name name the sealed-secrets controller's Service",
                    path: place)
            }
        case .exited(let status, _, let errors):
            throw SealedSecretsError(.io, "kubectl failed (exit \(status)): \(ExternalProgram.summary(errors)); \(remedy)", path: place)
        case .outputTooLarge:
            throw SealedSecretsError(
                .io, "the answer is larger than \(CertificateFetch.maxBytes >> 20) MiB, which no certificate is; \(remedy)", path: place)
        case .timedOut(let errors):
            let said = errors.isEmpty ? "" : " (kubectl said: \(ExternalProgram.summary(errors)))"
            throw SealedSecretsError(
                .io,
                "kubectl did not finish within \(timeout)\(said); check that kubectl reaches the cluster ('kubectl get --raw /readyz'), or raise --request-timeout",
                path: place)
        }
    }

    /// What to check after a failure.
    private var remedy: String {
        "check --controller-namespace and --controller-name (the controller's Service), and that kubectl reaches the cluster (--context, --kubeconfig)"
    }
}
