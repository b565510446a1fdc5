// sealgate · SealedSecrets

internal import Diagnostics
#if canImport(FoundationEssentials)
internal import FoundationEssentials
#else
internal import Foundation
#endif
internal import KubeManifest
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Every private key sealgate may unseal with, newest first.
///
/// Sealed values carry no key id, so opening one tries each key in turn, as Bitnami's controller does.
public struct KeyRing: Sendable {
    /// The keys, newest certificate (by NotBefore) first; keys without a certificate come last.
    public let keys: [SealingKey]
    /// Problems worth a warning that did not stop loading (a private key file others can read).
    public let warnings: [String]

    /// Creates a ring of these keys, ordering them newest first; a key found twice (as `tls.key` and in a
    /// Secret manifest, say) is kept once, with its certificate when either copy has one.
    public init(keys: [SealingKey], warnings: [String] = []) {
        var unique: [SealingKey] = []
        var positions: [String: Int] = [:]
        for key in keys {
            if let index = positions[key.privateKey.fingerprint] {
                if unique[index].certificate == nil, key.certificate != nil { unique[index] = key }
            } else {
                positions[key.privateKey.fingerprint] = unique.count
                unique.append(key)
            }
        }
        self.keys = unique.enumerated().sorted { a, b in
            switch (a.element.certificate, b.element.certificate) {
            case let (x?, y?): x.notBefore != y.notBefore ? x.notBefore > y.notBefore : a.offset < b.offset
            case (.some, nil): true
            case (nil, .some): false
            case (nil, nil): a.offset < b.offset
            }
        }.map(\.element)
        self.warnings = warnings
    }

    /// The key that seals now: the one with the newest certificate.
    public var current: SealingKey? { keys.first { $0.certificate != nil } }

    /// Loads keys from each path: a PEM file (private keys, with certificates in the same file or beside
    /// it), a directory of such files, a key Secret manifest (``KeySecret``), or the `List` that
    /// `kubectl get secret -l sealedsecrets.bitnami.com/sealed-secrets-key -o yaml` (Bitnami's backup) or
    /// `-l sealgate.dev/sealing-key` writes.
    ///
    /// Every Secret with a `data.tls.key` is read, whichever of the two labels it carries, with any value,
    /// or none: a backup keeps the keys the controller marked `compromised`, which still open what was
    /// sealed to them, and a Secret copied by hand may have lost its labels. The labels say which
    /// controller or sidecar uses a key in a cluster; whoever passes a file here has already chosen.
    ///
    /// - Throws: ``SealedSecretsError`` naming the path when a source cannot be read or holds no key.
    public static func load(from paths: [String]) throws(SealedSecretsError) -> KeyRing {
        var keys: [SealingKey] = []
        var warnings: [String] = []
        for path in paths {
            guard let kind = FileKind(path) else {
                throw SealedSecretsError(.io, argument: .keySource(.notFound), at: SourceLocation(path: path))
            }
            let isDirectory = kind == .directory
            let files: [String]
            if isDirectory {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                files = names.filter { !$0.hasPrefix(".") }.sorted().map { Self.joined(path, $0) }
                    .filter { name in FileKind(name).map { $0 != .directory } ?? false }
            } else {
                files = [path]
            }
            var found = KeySources()
            for file in files {
                try found.read(file, required: !isDirectory, warnings: &warnings)
            }
            // `--key keys/tls.key` names the key; its certificate lives beside it, as keygen and Bitnami's
            // key Secret keep them, so a key file without its own certificate is paired with `tls.crt`.
            if !isDirectory, found.pairs.contains(where: { $0.certificate == nil }), found.looseCertificates.isEmpty,
                let sibling = Self.certificatePath(besideKey: path), FileKind(sibling) != nil
            {
                try found.read(sibling, required: false, warnings: &warnings)
            }
            let paired = try found.paired()
            guard !paired.isEmpty else {
                throw SealedSecretsError(.noKeys, argument: .keySource(.noKey), at: SourceLocation(path: path))
            }
            keys += paired
        }
        return KeyRing(keys: keys, warnings: warnings)
    }

    /// Where the certificate of a key file is expected: the same folder and name with `.crt` (`tls.key` ->
    /// `tls.crt`, `prod.pem` -> `prod.crt`); nil for a directory or a manifest, which carry their own.
    public static func certificatePath(besideKey path: String) -> String? {
        if FileKind(path) == .directory { return nil }
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        guard !name.isEmpty else { return nil }
        // The extension is what follows the last dot, unless that dot starts the name (`.key` has none).
        let dot = name.lastIndex(of: ".").flatMap { $0 == name.startIndex ? nil : $0 }
        let pathExtension = dot.map { String(name[name.index(after: $0)...]) } ?? ""
        guard !["yaml", "yml", "json", "crt"].contains(pathExtension.lowercased()) else { return nil }
        let stem = dot.map { String(name[..<$0]) } ?? name
        return folder + stem + ".crt"
    }

    /// `directory/name`, without doubling a slash the directory ends with.
    static func joined(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }
}

/// The keys and certificates found in a set of files, before pairing.
private struct KeySources {
    var pairs: [(key: PrivateKey, certificate: Certificate?)] = []
    var looseCertificates: [Certificate] = []

    mutating func read(_ file: String, required: Bool, warnings: inout [String]) throws(SealedSecretsError) {
        let bytes = try Self.contents(of: file)
        if bytes.firstRange(of: Array("-----BEGIN".utf8)) != nil {
            let keys = try Self.at(SourceLocation(path: file)) { () throws(SealedSecretsError) in try EVPKey.privateKeys(fromPEM: bytes) }
            let certificates = try Self.at(SourceLocation(path: file)) { () throws(SealedSecretsError) in
                try X509Handle.certificates(fromPEM: bytes).map { (h) throws(SealedSecretsError) in try Certificate(h) }
            }
            for key in keys {
                pairs.append(
                    (try Self.at(SourceLocation(path: file)) { () throws(SealedSecretsError) in try PrivateKey(key, source: file) }, nil))
            }
            looseCertificates += certificates
            if !keys.isEmpty, let warning = Self.permissionWarning(file) { warnings.append(warning) }
            return
        }
        let manifestNames = [".yaml", ".yml", ".json"]
        guard required || manifestNames.contains(where: { file.lowercased().hasSuffix($0) }) else { return }
        let documents: [Document]
        do {
            documents = try ManifestParser.documents(in: String(decoding: bytes, as: UTF8.self), file: SourceFile(path: file))
        } catch {
            throw SealedSecretsError(.badKey, error.reason, at: error.location)
        }
        var foundKey = false
        for document in documents {
            for object in KubeObject.objects(in: document).objects where object.kind == "Secret" {
                guard let data = object.root["data"], let keyText = data["tls.key"]?.string else { continue }
                let place = SourceLocation(path: file, line: object.origin.location.line)
                guard let keyPEM = Base64.decode(keyText) else {
                    throw SealedSecretsError(.badKey, "'data.tls.key' of Secret \(object.qualifiedName) is not valid base64", at: place)
                }
                let keys = try Self.at(place) { () throws(SealedSecretsError) in try EVPKey.privateKeys(fromPEM: keyPEM) }
                guard keys.count == 1 else {
                    throw SealedSecretsError(
                        .badKey, "'data.tls.key' of Secret \(object.qualifiedName) holds \(keys.count) private keys, not one", at: place)
                }
                var certificate: Certificate?
                if let certText = data["tls.crt"]?.string {
                    guard let certPEM = Base64.decode(certText) else {
                        throw SealedSecretsError(.badKey, "'data.tls.crt' of Secret \(object.qualifiedName) is not valid base64", at: place)
                    }
                    certificate = try Certificate(pem: certPEM, at: place)
                }
                pairs.append((try PrivateKey(keys[0], source: "\(file) (Secret \(object.qualifiedName))"), certificate))
                foundKey = true
            }
        }
        if foundKey, let warning = Self.permissionWarning(file) { warnings.append(warning) }
    }

    /// The bytes of a key file, bounded like a manifest. A pipe (`--key <(kubectl get secret …)`) is read;
    /// a device is refused by what it is, where reading `/dev/zero` would never end or fail on memory.
    private static func contents(of file: String) throws(SealedSecretsError) -> [UInt8] {
        var info = stat()
        if stat(file, &info) == 0 {
            let type = info.st_mode & S_IFMT
            let what: String? =
                switch type {
                case S_IFCHR: "a character device"
                case S_IFBLK: "a block device"
                case S_IFSOCK: "a socket"
                default: nil
                }
            if let what {
                throw SealedSecretsError(.io, argument: .keySource(.notAKeyFile(what: what)), at: SourceLocation(path: file))
            }
        }
        do {
            return try ManifestLoader.readFile(file, limit: LoaderLimits().maxFileSize)
        } catch {
            let reason =
                error.code == .fileTooLarge
                ? "is over the \(LoaderLimits().maxFileSize)-byte limit; a key file is a few kilobytes, so check that this is the right file"
                : error.reason
            throw SealedSecretsError(.io, reason, path: file)
        }
    }

    /// Runs `body`, giving an error that names no place the place of the file being read.
    private static func at<T>(_ place: SourceLocation, _ body: () throws(SealedSecretsError) -> T) throws(SealedSecretsError) -> T {
        do {
            return try body()
        } catch {
            guard error.location == nil else { throw error }
            throw SealedSecretsError(error.code, error.reason, at: place)
        }
    }

    /// Gives each key its certificate: the one read with it, or a loose certificate of the same public key.
    func paired() throws(SealedSecretsError) -> [SealingKey] {
        var result: [SealingKey] = []
        for (key, certificate) in pairs {
            let match = certificate ?? looseCertificates.first { $0.publicKey.key.hasSamePublicKey(as: key.key) }
            result.append(try SealingKey(privateKey: key, certificate: match))
        }
        if result.count == 1, result[0].certificate == nil, looseCertificates.count == 1 {
            // One key and one certificate that do not match: say so rather than silently drop it.
            _ = try SealingKey(privateKey: result[0].privateKey, certificate: looseCertificates[0])
        }
        return result
    }

    static func permissionWarning(_ file: String) -> String? {
        var status = stat()
        guard stat(file, &status) == 0 else { return nil }
        let mode = Int(status.st_mode) & 0o7777
        guard mode & 0o077 != 0 else { return nil }
        return
            "\(file): warning: this private key file can be read by group or others (mode \(String(mode & 0o777, radix: 8))); run 'chmod 600 \(file)'"
    }
}

/// What a path names, following links, as far as reading keys cares: a directory or something else.
enum FileKind: Equatable {
    case directory
    case other

    /// The kind of `path`, or nil when nothing is there (or it cannot be examined).
    init?(_ path: String) {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        self = (status.st_mode & S_IFMT) == S_IFDIR ? .directory : .other
    }
}
