// sealgate · SealedSecrets

public import Diagnostics

/// Why sealing, unsealing or a key operation failed: what, where, and what to do.
///
/// The ``description`` is `path:line:column: error: reason` (`LocatedError`), leaving out what is unknown.
/// Messages never contain a secret value, a plaintext or key material: at most a key name, a fingerprint
/// or a file path.
public struct SealedSecretsError: LocatedError, Sendable, Equatable {
    /// The kinds of failure; the codes are static members (`.badKey`, `.invalidInput`, …).
    public typealias Code = ErrorCode<SealedSecretsError>

    /// What kind of failure this is.
    public let code: Code
    /// What is wrong and what to do.
    public let reason: String
    /// The file the failure is about, with the line (and column) when known; nil when there is none.
    public let location: SourceLocation?
    /// What was wrong with an argument the caller passed (a name, a namespace, a key path), when the failure
    /// is about one: ``reason`` says it in the library's words ("the namespace given"), and a command line
    /// can say it in its own, naming the flag that passed the argument.
    public let argument: ArgumentProblem?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: the kind of failure.
    ///   - reason: what is wrong and what to do.
    ///   - location: the file, line and column at fault, when there is one.
    public init(_ code: Code, _ reason: String, at location: SourceLocation? = nil) {
        self.code = code
        self.reason = reason
        self.location = location
        self.argument = nil
    }

    /// Creates an error about an argument the caller passed; the reason is the problem's own
    /// (``ArgumentProblem/reason``).
    ///
    /// - Parameters:
    ///   - code: the kind of failure.
    ///   - argument: what is wrong with which argument.
    ///   - location: the file, line and column at fault (the Secret the argument is for), when there is one.
    public init(_ code: Code, argument: ArgumentProblem, at location: SourceLocation? = nil) {
        self.code = code
        self.reason = argument.reason
        self.location = location
        self.argument = argument
    }

    /// Creates an error about a file, or about what stands in for one in messages (a URL, `-`).
    ///
    /// - Parameters:
    ///   - code: the kind of failure.
    ///   - reason: what is wrong and what to do.
    ///   - path: the file, as the user gave it.
    public init(_ code: Code, _ reason: String, path: String) {
        self.init(code, reason, at: SourceLocation(path: path))
    }
}

extension SealedSecretsError {
    /// What is wrong with an argument the caller passed to seal or to load keys, with the values a message
    /// needs: the library says "the name given", a command line names its flag (`--name`) instead.
    public enum ArgumentProblem: Sendable, Equatable {
        /// An argument of ``Sealer``: the name or the namespace to seal under.
        public enum Identity: String, Sendable {
            /// The name (``Sealer/Options/name``, the `name` of ``Sealer/sealRaw(_:scope:name:namespace:)``).
            case name
            /// The namespace (``Sealer/Options/namespace``, the `namespace` of ``Sealer/sealRaw(_:scope:name:namespace:)``).
            case namespace
        }

        /// What is wrong with a path given to ``KeyRing/load(from:)``.
        public enum KeySource: Sendable, Equatable {
            /// Nothing exists at the path.
            case notFound
            /// The path holds no private key.
            case noKey
            /// The path is not a file or a directory but `what` (`a character device`).
            case notAKeyFile(what: String)
        }

        /// `scope` needs a name or namespace that neither the Secret nor the call gives; `singleValue` when
        /// sealing one value on its own, with no Secret.
        case missing(Identity, scope: SealingScope, singleValue: Bool)
        /// The call gives `given` where the Secret says `own`.
        case conflicting(Identity, given: String, own: String)
        /// The call gives `given`, which Kubernetes refuses because of `problem` (``KubernetesName``);
        /// `singleValue` when sealing one value on its own.
        case invalid(Identity, given: String, problem: String, singleValue: Bool)
        /// A path of keys that gives no key.
        case keySource(KeySource)

        /// What is wrong and what to do, in the library's words.
        public var reason: String {
            switch self {
            case let .missing(what, scope, true):
                "sealing one value with scope \(scope.rawValue) needs a \(what.rawValue); give one"
            case .missing(.name, _, false):
                "the Secret has no metadata.name; set one or give a name"
            case let .missing(.namespace, scope, false):
                "scope \(scope.rawValue) needs a namespace, and the Secret has none; set metadata.namespace, give a namespace, or seal with scope cluster-wide"
            case let .conflicting(.name, given, own):
                "the Secret is named '\(own)' but the name given is '\(given)'; give none or change the Secret"
            case let .conflicting(.namespace, given, own):
                "the Secret is in namespace '\(own)' but the namespace given is '\(given)'; give none or change the Secret"
            case let .invalid(.name, given, problem, _):
                "the name given, '\(given)', is not a valid Kubernetes name: \(problem); \(KubernetesName.remedy)"
            case let .invalid(.namespace, given, problem, _):
                "the namespace given, '\(given)', is not a valid Kubernetes namespace: \(problem); \(KubernetesName.remedy)"
            case .keySource(.notFound):
                "no such file or directory; check the path"
            case .keySource(.noKey):
                "no private key found; give \(Self.keySources)"
            case let .keySource(.notAKeyFile(what)):
                "is \(what), not a key file; give \(Self.keySourcesShort)"
            }
        }

        /// What a path of keys may hold, as messages list it.
        public static let keySources =
            "a PEM private key, a directory of keys, a key Secret manifest or the List that 'kubectl get secret -l sealedsecrets.bitnami.com/sealed-secrets-key -o yaml' writes"
        /// The same, shorter, for a path that is not even a file.
        public static let keySourcesShort = "a PEM private key, a directory of keys, a key Secret manifest or a kubectl List backup"
    }
}

extension ErrorCode where Domain == SealedSecretsError {
    /// A certificate that cannot seal: expired, not RSA, too small, or not a certificate.
    public static var badCertificate: Self { Self("bad-certificate") }
    /// A private key that cannot be read or used.
    public static var badKey: Self { Self("bad-key") }
    /// A key and a certificate that do not belong together.
    public static var keyMismatch: Self { Self("key-mismatch") }
    /// No private key was found where keys were expected.
    public static var noKeys: Self { Self("no-keys") }
    /// The input is not a Secret (for sealing) or not a SealedSecret (for unsealing).
    public static var wrongKind: Self { Self("wrong-kind") }
    /// A Secret or SealedSecret that is malformed: bad base64, a missing name or namespace, …
    public static var invalidInput: Self { Self("invalid-input") }
    /// A `spec.template.data` value that sealgate does not render (``DataTemplate``), or whose output is too large.
    public static var template: Self { Self("template") }
    /// A Secret with no values, sealed without allowing it (``Sealer/Options/allowEmptyData``).
    public static var emptySecret: Self { Self("empty-secret") }
    /// A sealed value that no key of the ring could decrypt.
    public static var decryptionFailed: Self { Self("decryption-failed") }
    /// A sealed value too short to hold its own length prefix or RSA block.
    public static var truncated: Self { Self("truncated") }
    /// An OpenSSL call failed for a reason outside the input (out of memory, no randomness).
    public static var crypto: Self { Self("crypto") }
    /// Reading or writing a file failed.
    public static var io: Self { Self("io") }
}
