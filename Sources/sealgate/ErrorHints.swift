// sealgate · CLI

internal import Diagnostics
internal import Foundation
internal import PolicyEngine
internal import SealedSecrets

/// The command line's words for library errors about what the user passed: the libraries say "the
/// namespace given" or "load its file with the others", since they know nothing of flags; this is the one
/// place that knows which flag passed what, and says `-n` or `--policies` instead.
///
/// Each rendering matches on an error's code or structured field, never on its wording, and keeps the
/// error's place and form (``LocatedError/description(reason:)``).
enum ErrorHints {
    /// The message for an error that reached the top: a library error in the command line's words, and any
    /// other error as ``Terminal/describe(_:)`` prints it.
    static func libraryMessage(for error: any Error) -> String? {
        if let error = error as? SealedSecretsError { return message(for: error) }
        if let error = error as? PolicyError { return message(for: error) }
        return nil
    }

    /// A sealing or key error, naming the flag when the error is about an argument or `--allow-empty-data`
    /// would let it pass.
    static func message(for error: SealedSecretsError) -> String {
        if error.code == .emptySecret, error.reason.hasSuffix(Sealer.emptyDataAdvice) {
            return error.description(
                reason: error.reason.dropLast(Sealer.emptyDataAdvice.count) + "pass --allow-empty-data if it is meant to be empty")
        }
        guard let argument = error.argument else { return error.description }
        return error.description(reason: reason(for: argument))
    }

    /// A policy error, naming `--policies` where the library advises loading another file.
    static func message(for error: PolicyError) -> String {
        guard error.code == .missingBoundPolicy, error.reason.hasSuffix(PolicyLoader.boundPolicyAdvice) else {
            return error.description
        }
        return error.description(reason: error.reason.dropLast(PolicyLoader.boundPolicyAdvice.count) + "add its file with --policies")
    }

    /// Why a value did not open, advising `--scope` where the library advises re-sealing with a scope.
    static func reason(for failure: Unsealer.ValueFailure) -> String {
        guard let scope = failure.resealScope,
            let advice = failure.reason.range(of: Unsealer.ValueFailure.resealAdvice(scope), options: .backwards)
        else { return failure.reason }
        return failure.reason.replacingCharacters(in: advice, with: "re-seal with --scope \(scope.rawValue)")
    }

    /// A `keygen` parameter that cannot make a certificate, named by its flag.
    static func reason(for problem: SealingKey.ParameterProblem) -> String {
        let flag =
            switch problem.parameter {
            case .bits: "--bits"
            case .days: "--days"
            case .commonName: "--cn"
            }
        return "\(flag) \(problem.detail)"
    }

    /// `seal`'s and the key options' words for an argument the library refused.
    private static func reason(for argument: SealedSecretsError.ArgumentProblem) -> String {
        switch argument {
        case let .missing(what, scope, true):
            "--raw with scope \(scope.rawValue) needs \(what == .name ? "--name" : "--namespace")"
        case .missing(.name, _, false):
            "the Secret has no metadata.name; set one or pass --name"
        case let .missing(.namespace, scope, false):
            "scope \(scope.rawValue) needs a namespace, and the Secret has none; set metadata.namespace, pass -n NAMESPACE, or use --scope cluster-wide"
        case let .conflicting(.name, given, own):
            "the Secret is named '\(own)' but --name says '\(given)'; drop --name or change the Secret"
        case let .conflicting(.namespace, given, own):
            "the Secret is in namespace '\(own)' but -n says '\(given)'; drop -n or change the Secret"
        case let .invalid(.name, given, problem, _):
            "--name '\(given)' is not a valid Kubernetes name: \(problem); \(KubernetesName.remedy)"
        case let .invalid(.namespace, given, problem, singleValue):
            "\(singleValue ? "--namespace" : "-n") '\(given)' is not a valid Kubernetes namespace: \(problem); \(KubernetesName.remedy)"
        case .keySource(.notFound):
            "no such file or directory; check the --key path"
        case .keySource(.noKey):
            "no private key found; --key takes \(SealedSecretsError.ArgumentProblem.keySources)"
        case let .keySource(.notAKeyFile(what)):
            "is \(what), not a key file; --key takes \(SealedSecretsError.ArgumentProblem.keySourcesShort)"
        }
    }
}
