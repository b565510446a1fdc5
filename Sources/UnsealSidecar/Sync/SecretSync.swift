// sealgate · UnsealSidecar

public import Diagnostics
#if canImport(FoundationEssentials)
internal import FoundationEssentials
#else
internal import Foundation
#endif
internal import KubeManifest
public import SealedSecrets

/// Why a sync wrote nothing: one input, SealedSecret or value at fault, in words safe for a log (names,
/// places and reasons; never a value).
public struct SyncProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of problem, the `reason` label of the decrypt-error metric.
    public enum Reason: String, Sendable, CaseIterable {
        /// The key sources cannot be read or hold no key.
        case keys
        /// An input cannot be read or does not parse.
        case input
        /// A SealedSecret is malformed (no name, a value that is not a string).
        case manifest
        /// A SealedSecret of another namespace than the pod's.
        case namespace
        /// A SealedSecret sealed cluster-wide, without `--allow-cluster-wide`.
        case clusterWide = "cluster-wide"
        /// A name given to `--select` is in no input.
        case selection
        /// Two inputs hold a SealedSecret of the same name.
        case duplicate
        /// A value does not open with any key.
        case decrypt
        /// The template cannot be applied (a Go template, an invalid key).
        case template
        /// An immutable secret's values changed, which Kubernetes refuses too.
        case immutable
        /// The output directory could not be written (a name it refuses, a full volume).
        case output
    }

    /// The kind of problem.
    public let reason: Reason
    /// The SealedSecret (`namespace/name`) it is about, if one.
    public let secret: String?
    /// The `encryptedData` key it is about, if one.
    public let key: String?
    /// What is wrong and what to do.
    public let message: String
    /// The file (and line) at fault, when known.
    public let location: SourceLocation?

    /// Creates a problem.
    public init(_ reason: Reason, _ message: String, secret: String? = nil, key: String? = nil, at location: SourceLocation? = nil) {
        self.reason = reason
        self.message = message
        self.secret = secret
        self.key = key
        self.location = location
    }

    /// `path:line: SealedSecret ns/name, key 'k': message`.
    public var description: String {
        var text = location.map { "\($0): " } ?? ""
        if let secret { text += "SealedSecret \(secret)" + (key.map { ", key '\($0)'" } ?? "") + ": " }
        return text + message
    }

    /// Whether the problem is with a value's decryption (exit 1 for `--once`), rather than with the
    /// configuration or an input (exit 2).
    public var isDecryption: Bool { reason == .decrypt }

    /// The problem with its file named through `views`' visible paths instead of their version directories.
    func relocated(_ views: [(view: String, visible: String)]) -> SyncProblem {
        guard let location, let view = views.first(where: { location.file.path.hasPrefix($0.view + "/") }) else { return self }
        let path = view.visible + location.file.path.dropFirst(view.view.count)
        return SyncProblem(
            reason, message, secret: secret, key: key, at: SourceLocation(path: path, line: location.line, column: location.column))
    }
}

/// One secret as the sidecar writes it: its name and the bytes of each key.
public struct UnsealedSecret: Sendable, Equatable, CustomStringConvertible {
    /// The SealedSecret's name: the directory the keys are written to.
    public let name: String
    /// Each key's plaintext.
    public let values: [String: [UInt8]]
    /// Whether the template marks the Secret immutable: its values may not change while the sidecar runs.
    public let immutable: Bool

    /// Creates a secret.
    public init(name: String, values: [String: [UInt8]], immutable: Bool) {
        self.name = name
        self.values = values
        self.immutable = immutable
    }

    /// The name and the keys with their sizes; never a value.
    public var description: String {
        "\(name): " + values.keys.sorted().map { "\($0) (\(values[$0]!.count) bytes)" }.joined(separator: ", ")
    }
}

/// What the key sources hold, as a sync uses them.
public struct SidecarKeys: Sendable {
    /// The private keys.
    public let ring: KeyRing
    /// Problems worth a warning that did not stop loading (a key file others can read).
    public var warnings: [String] { ring.warnings }

    /// The certificate that seals for this namespace: the newest key's.
    public var certificate: Certificate? { ring.current?.certificate }
}

/// One pass of the sidecar: read the keys and the inputs (each through kubelet's `..data`, as one
/// version), decide what may be decrypted here, and decrypt it all, or tell every reason it cannot.
///
/// All or nothing: any problem, and the result is the problems, so the last good output stays as it was.
public enum SecretSync {
    /// The outcome of reading and decrypting.
    public struct Result: Sendable {
        /// The secrets to write, by name; empty when there are problems.
        public let secrets: [UnsealedSecret]
        /// Every problem found; the sync writes nothing when there is one.
        public let problems: [SyncProblem]
        /// The keys read (nil when they could not be).
        public let keys: SidecarKeys?
        /// Every value this sync opened, for the next sync (empty when it failed).
        public var opened = OpenedValues()
        /// What is worth a warning but wrote nonetheless: a template that reads a key the SealedSecret does
        /// not have (``TemplateNotice``), rendered as the controller renders it.
        public var notices: [SyncProblem] = []
    }

    /// The plaintext of the values a sync opened, by ciphertext, label and the keys that were tried, so the
    /// next sync opens only what changed: a one-file change among 300 RSA-4096 values costs one private-key
    /// operation, not 300. It lives in the sidecar's memory, as the output does (a tmpfs); a change of the
    /// keys (a key removed must stop opening what only it opened) starts it afresh.
    public struct OpenedValues: Sendable {
        struct Key: Hashable, Sendable {
            let value: String
            let label: [UInt8]
            let keys: [String]
        }
        var values: [Key: [UInt8]] = [:]

        /// No value opened yet.
        public init() {}

        /// How many values it holds.
        public var count: Int { values.count }
    }

    /// Reads the key sources through their `..data` links.
    public static func readKeys(_ configuration: SidecarConfiguration) -> Swift.Result<SidecarKeys, SyncProblem> {
        do throws(SealedSecretsError) {
            let ring = try KeyRing.load(from: configuration.keys.map(MountedDirectory.consistentView(of:)))
            return .success(SidecarKeys(ring: ring))
        } catch {
            return .failure(SyncProblem(.keys, error.reason + "; check --keys", at: error.location))
        }
    }

    /// Reads, decides and decrypts; `previous` is what is written now, so an immutable secret stays as it is.
    ///
    /// The reads and the RSA operations run off Swift's cooperative pool.
    public static func run(
        _ configuration: SidecarConfiguration, previous: [UnsealedSecret], opened: OpenedValues = OpenedValues()
    ) async -> Result {
        await BlockingWork.run { runBlocking(configuration, previous: previous, opened: opened) }
    }

    /// ``run(_:previous:opened:)`` on the calling thread.
    static func runBlocking(_ configuration: SidecarConfiguration, previous: [UnsealedSecret], opened: OpenedValues) -> Result {
        let result = decide(configuration, previous: previous, opened: opened)
        // A problem names the file as the user knows it (`/etc/sealed/db.yaml`), not the version directory
        // kubelet keeps behind `..data` (`/etc/sealed/..2026_12_06_10_00_00.1/db.yaml`).
        let views = (configuration.inputs + configuration.keys).compactMap { path -> (view: String, visible: String)? in
            let view = MountedDirectory.consistentView(of: path)
            return view == path ? nil : (view, path)
        }
        guard !views.isEmpty, !result.problems.isEmpty || !result.notices.isEmpty else { return result }
        return Result(
            secrets: result.secrets, problems: result.problems.map { $0.relocated(views) }, keys: result.keys, opened: result.opened,
            notices: result.notices.map { $0.relocated(views) })
    }

    private static func decide(_ configuration: SidecarConfiguration, previous: [UnsealedSecret], opened: OpenedValues) -> Result {
        let keys: SidecarKeys
        switch readKeys(configuration) {
        case let .success(read): keys = read
        case let .failure(problem): return Result(secrets: [], problems: [problem], keys: nil)
        }
        var problems: [SyncProblem] = []
        let sealed = readSealedSecrets(configuration, problems: &problems)
        guard problems.isEmpty else { return Result(secrets: [], problems: problems, keys: keys) }

        let unsealer = Unsealer(ring: keys.ring)
        let (outcomes, nowOpened) = open(sealed, with: unsealer, remembering: opened)
        var secrets: [UnsealedSecret] = []
        var notices: [SyncProblem] = []
        for outcome in outcomes {
            let identity = "\(outcome.sealed.namespace ?? configuration.namespace)/\(outcome.sealed.name)"
            for failure in outcome.failures {
                problems.append(
                    SyncProblem(
                        failure.code == .decryptionFailed ? .decrypt : .manifest, failure.reason, secret: identity, key: failure.key,
                        at: outcome.sealed.valueLocations[failure.key] ?? outcome.sealed.location))
            }
            guard outcome.failures.isEmpty else { continue }
            do throws(SealedSecretsError) {
                let contents = try unsealer.contents(of: outcome)
                secrets.append(Self.secret(from: contents, of: outcome))
                notices += contents.notices.map { SyncProblem(.template, $0.message, secret: identity, at: $0.location) }
            } catch {
                problems.append(SyncProblem(.template, error.reason, secret: identity, at: error.location))
            }
        }
        let before = Dictionary(previous.map { ($0.name, $0) }) { first, _ in first }
        for secret in secrets {
            guard let old = before[secret.name], old.immutable, old != secret else { continue }
            problems.append(
                SyncProblem(
                    .immutable,
                    "is immutable, and its values or keys changed; Kubernetes refuses such an update too: restart the pod to read the new values",
                    secret: "\(configuration.namespace)/\(secret.name)"))
        }
        guard problems.isEmpty else { return Result(secrets: [], problems: problems, keys: keys) }
        return Result(secrets: secrets.sorted { $0.name < $1.name }, problems: [], keys: keys, opened: nowOpened, notices: notices)
    }

    /// Opens every value, taking those `remembered` holds from it and opening only the others.
    static func open(
        _ sealed: [SealedSecretManifest], with unsealer: Unsealer, remembering remembered: OpenedValues
    ) -> (outcomes: [Unsealer.Outcome], opened: OpenedValues) {
        let fingerprints = unsealer.ring.keys.map(\.privateKey.fingerprint)
        func key(_ value: String, of secret: SealedSecretManifest) -> OpenedValues.Key {
            OpenedValues.Key(value: value, label: secret.label, keys: fingerprints)
        }
        var pending: [SealedSecretManifest] = []
        for secret in sealed {
            var unknown = secret
            unknown.encryptedData = secret.encryptedData.filter { remembered.values[key($0.value, of: secret)] == nil }
            pending.append(unknown)
        }
        // Outcomes come in the order of the SealedSecrets, and values in the order of their encryptedData.
        let fresh = unsealer.open(pending)
        var now = OpenedValues()
        let outcomes = zip(sealed, fresh).map { secret, opened -> Unsealer.Outcome in
            var newlyOpened = opened.values.makeIterator()
            let values = secret.encryptedData.compactMap { entry -> (key: String, result: Swift.Result<[UInt8], Unsealer.ValueFailure>)? in
                let cacheKey = key(entry.value, of: secret)
                guard let result = remembered.values[cacheKey].map({ Swift.Result.success($0) }) ?? newlyOpened.next()?.result else {
                    return nil
                }
                if case let .success(bytes) = result { now.values[cacheKey] = bytes }
                return (entry.key, result)
            }
            return Unsealer.Outcome(sealed: secret, values: values)
        }
        return (outcomes, now)
    }

    /// The SealedSecrets of the inputs this sidecar may decrypt, in input order; every other one is a problem.
    static func readSealedSecrets(_ configuration: SidecarConfiguration, problems: inout [SyncProblem]) -> [SealedSecretManifest] {
        let loaded = ManifestLoader(limits: configuration.limits, concurrency: 1).loadBlocking(
            configuration.inputs.map { .path(MountedDirectory.consistentView(of: $0)) })
        for error in loaded.inputErrors {
            problems.append(SyncProblem(.input, error.reason + "; check --input", at: error.location))
        }
        var found: [SealedSecretManifest] = []
        var seen: [String: SourceLocation?] = [:]
        for file in loaded.files {
            if let error = file.error {
                problems.append(SyncProblem(.input, error.reason, at: error.location))
                continue
            }
            for object in file.objects where object.kind == "SealedSecret" && object.group == "bitnami.com" {
                let sealed: SealedSecretManifest
                do throws(SealedSecretsError) {
                    sealed = try SealedSecretManifest(object)
                } catch {
                    problems.append(SyncProblem(.manifest, error.reason, at: error.location ?? object.origin.location))
                    continue
                }
                if let selection = configuration.selection, !selection.contains(sealed.name) { continue }
                let namespace = sealed.namespace ?? configuration.namespace
                let identity = "\(namespace)/\(sealed.name)"
                if namespace != configuration.namespace {
                    problems.append(
                        SyncProblem(
                            .namespace,
                            "belongs to namespace '\(namespace)', not this pod's '\(configuration.namespace)'; the sidecar decrypts only its own namespace's secrets (give it only those inputs, or pick them with --select)",
                            secret: identity, at: sealed.location))
                    continue
                }
                if sealed.scope == .clusterWide, !configuration.allowClusterWide {
                    problems.append(
                        SyncProblem(
                            .clusterWide,
                            "is sealed cluster-wide, which any namespace's copy of the key opens; re-seal it with strict scope, or pass --allow-cluster-wide",
                            secret: identity, at: sealed.location))
                    continue
                }
                if let first = seen[sealed.name] {
                    let other = first.map { " (also at \($0))" } ?? ""
                    problems.append(
                        SyncProblem(
                            .duplicate, "is in the inputs twice\(other); keep one, as one name is one directory of the output",
                            secret: identity, at: sealed.location))
                    continue
                }
                seen[sealed.name] = sealed.location
                var resolved = sealed
                resolved.namespace = namespace
                found.append(resolved)
            }
        }
        for name in (configuration.selection ?? []).sorted() where seen[name] == nil {
            problems.append(
                SyncProblem(
                    .selection,
                    "--select names '\(name)', and no SealedSecret of that name is in the inputs; check the name or the --input paths"))
        }
        return found
    }

    /// The secret an opened SealedSecret stands for: its values with the template's `data` applied
    /// (``Unsealer/contents(of:)``), as `sealgate unseal` writes it.
    static func secret(from contents: SecretContents, of outcome: Unsealer.Outcome) -> UnsealedSecret {
        let data = contents.data
        return UnsealedSecret(
            name: outcome.sealed.name, values: Dictionary(data.map { ($0.key, $0.value) }) { _, last in last },
            immutable: outcome.sealed.template["immutable"]?.value == .bool(true))
    }
}
