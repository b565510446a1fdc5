// sealgate · CLI

internal import Diagnostics
internal import Foundation
internal import KubeManifest
internal import PolicyEngine

/// `.sealgate.yaml`: the settings a team keeps in its repository, so CI, the pre-commit hook and every
/// developer check the same paths with the same policies.
///
/// Reading is strict: an unknown key, a value of the wrong type or a pattern that cannot match is an error
/// at its line and column, because a misspelt `exclude` or `disable` that were ignored would change what is
/// checked without anyone noticing.
struct RepositoryConfig {
    /// The file name looked for in each directory.
    static let fileName = ".sealgate.yaml"
    /// The only `apiVersion` this version reads.
    static let apiVersion = "sealgate.dev/v1"
    /// The only `kind`.
    static let kind = "Config"
    /// Larger than any real settings file; a bound like the manifests' own.
    static let maxFileSize = 1 << 20

    /// A value from the file and where it was written.
    struct Setting<T> {
        var value: T
        /// The value's place (its first character).
        var location: SourceLocation
        /// Each list item's place, for a list.
        var items: [SourceLocation] = []
    }

    /// The file, as messages name it (relative to the working directory when below it or near it).
    let path: String
    /// The absolute directory holding the file: its paths and patterns are relative to it.
    let directory: String

    var paths: Setting<[String]>?
    var exclude: Setting<[PathGlob]>?
    var policies: Setting<[String]>?
    var builtin: Setting<Bool>?
    var enable: Setting<[String]>?
    var disable: Setting<[String]>?
    var failOn: Setting<Severity>?
    var allowedRegistries: Setting<[String]>?
    var kubernetesVersion: Setting<String>?
    var helm: Setting<Bool>?
    /// Values files by chart directory, both relative to the file's directory.
    var helmValues: Setting<[String: [String]]>?
    var kustomize: Setting<[String]>?
    var maxFileSize: Setting<Int>?
    var maxDepth: Setting<Int>?
    var maxAliasExpansion: Setting<Int>?
    var maxDocuments: Setting<Int>?

    /// A problem with the file, at its place.
    struct Problem: Error, CustomStringConvertible {
        let location: SourceLocation
        let message: String
        var description: String { "\(location): error: \(message)" }
    }

    // MARK: - Finding the file

    /// The settings file that applies to a check starting at `start` (a path given to `check`, or the
    /// working directory): `.sealgate.yaml` in its directory or the nearest one above, stopping at the
    /// repository's top (a directory holding `.git`) or at `/`.
    static func discover(from start: String) -> String? {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        var directory = absolute(start)
        if !fileManager.fileExists(atPath: directory, isDirectory: &isDirectory) || !isDirectory.boolValue {
            directory = (directory as NSString).deletingLastPathComponent
        }
        while true {
            let candidate = (directory as NSString).appendingPathComponent(fileName)
            if fileManager.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue { return candidate }
            // `.git` is a directory in a clone and a file in a worktree or a submodule.
            if fileManager.fileExists(atPath: (directory as NSString).appendingPathComponent(".git")) { return nil }
            let parent = (directory as NSString).deletingLastPathComponent
            if parent == directory || directory == "/" { return nil }
            directory = parent
        }
    }

    /// `path` absolute and without `.` and `..`, symbolic links left as they are.
    static func absolute(_ path: String) -> String {
        let base = FileManager.default.currentDirectoryPath
        let joined = path.hasPrefix("/") ? path : (base as NSString).appendingPathComponent(path)
        return URL(fileURLWithPath: joined).standardizedFileURL.path
    }

    /// `path` (absolute) as messages and reports name it: relative to the working directory when it is
    /// below it or below a directory a few levels up, otherwise absolute.
    static func display(_ path: String) -> String {
        let base = absolute(".")
        var up = ""
        var directory = base
        for _ in 0..<8 {
            let prefix = directory == "/" ? "/" : directory + "/"
            if path == directory { return up.isEmpty ? "." : String(up.dropLast()) }
            if path.hasPrefix(prefix) { return up + path.dropFirst(prefix.count) }
            guard directory != "/" else { break }
            directory = (directory as NSString).deletingLastPathComponent
            up += "../"
        }
        return path
    }

    // MARK: - Reading

    /// Reads the settings file at `path` (absolute), named `shown` in messages.
    ///
    /// - Throws: ``Problem`` at the place of the first mistake.
    static func load(_ path: String, shown: String) throws -> RepositoryConfig {
        let file = SourceFile(path: shown)
        let documents: [Document]
        do {
            let bytes = try ManifestLoader.readFile(path, limit: maxFileSize)
            documents = try ManifestParser.documents(in: String(decoding: bytes, as: UTF8.self), file: file, format: .yaml)
        } catch {
            throw Problem(location: error.location ?? SourceLocation(file: file), message: error.reason)
        }
        let nonEmpty = documents.filter { !$0.isEmpty }
        guard let document = nonEmpty.first else {
            throw Problem(
                location: SourceLocation(file: file),
                message:
                    "the settings file is empty; write apiVersion: \(apiVersion), kind: \(kind) and a check: mapping (sealgate config init writes one)"
            )
        }
        if nonEmpty.count > 1 {
            throw Problem(
                location: nonEmpty[1].root.location,
                message: "the settings file holds more than one document; keep one (remove the '---' and what follows)")
        }
        var config = RepositoryConfig(path: shown, directory: (path as NSString).deletingLastPathComponent)
        let root = try ConfigFields(document.root, path: "")
        try root.allowOnly(["apiVersion", "kind", "check"])
        let version = try root.requiredString("apiVersion")
        guard version.value == apiVersion else {
            throw Problem(
                location: version.location,
                message:
                    "apiVersion '\(version.value)' is not one this sealgate reads; write apiVersion: \(apiVersion) (or upgrade sealgate)")
        }
        let kind = try root.requiredString("kind")
        guard kind.value == Self.kind else {
            throw Problem(location: kind.location, message: "kind '\(kind.value)' is not a settings file's; write kind: \(Self.kind)")
        }
        guard let check = try root.map("check") else { return config }
        try check.allowOnly(["paths", "exclude", "policies", "builtin", "enable", "disable", "failOn", "parameters", "render", "limits"])
        config.paths = try check.paths("paths")
        config.policies = try check.paths("policies")
        if let patterns = try check.strings("exclude") {
            var globs: [PathGlob] = []
            for (pattern, place) in zip(patterns.value, patterns.items) {
                do {
                    globs.append(try PathGlob(pattern))
                } catch {
                    throw Problem(location: place, message: "check.exclude: \(error.description)")
                }
            }
            config.exclude = Setting(value: globs, location: patterns.location, items: patterns.items)
        }
        config.builtin = try check.bool("builtin")
        config.enable = try check.strings("enable")
        config.disable = try check.strings("disable")
        if let failOn = try check.string("failOn") {
            guard let severity = Severity(rawValue: failOn.value) else {
                throw Problem(
                    location: failOn.location, message: "check.failOn is '\(failOn.value)', not a severity; write error, warning or info")
            }
            config.failOn = Setting(value: severity, location: failOn.location)
        }
        if let parameters = try check.map("parameters") {
            try parameters.allowOnly(["allowedRegistries", "kubernetesVersion"])
            config.allowedRegistries = try parameters.strings("allowedRegistries")
            for (registry, place) in zip(config.allowedRegistries?.value ?? [], config.allowedRegistries?.items ?? [])
            where registry.isEmpty || registry.contains(where: { $0 == "," || $0.isWhitespace }) {
                throw Problem(
                    location: place,
                    message:
                        "check.parameters.allowedRegistries holds '\(registry)', not one registry; write one host (with a path prefix if any) per item, such as ghcr.io/acme"
                )
            }
            if let version = try parameters.string("kubernetesVersion") {
                guard version.value.wholeMatch(of: /v?1\.[0-9]+(\.[0-9]+)?/) != nil else {
                    throw Problem(
                        location: version.location,
                        message:
                            "check.parameters.kubernetesVersion is '\(version.value)', not a Kubernetes release; write it quoted, such as \"1.30\""
                    )
                }
                config.kubernetesVersion = version
            }
        }
        if let render = try check.map("render") {
            try render.allowOnly(["helm", "helmValues", "kustomize"])
            config.helm = try render.bool("helm")
            config.kustomize = try render.paths("kustomize")
            if let values = try render.map("helmValues") {
                var byChart: [String: [String]] = [:]
                for entry in values.mapping {
                    guard let files = try values.paths(entry.key), !entry.key.hasPrefix("/") else {
                        throw Problem(
                            location: entry.keyLocation,
                            message:
                                "check.render.helmValues takes chart directories relative to this file, each with a list of values files, such as charts/web: [charts/web/values-prod.yaml]"
                        )
                    }
                    byChart[entry.key] = files.value
                }
                config.helmValues = Setting(value: byChart, location: values.node.location)
            }
        }
        if let limits = try check.map("limits") {
            try limits.allowOnly(["maxFileSize", "maxDepth", "maxAliasExpansion", "maxDocuments"])
            // Bounded above too: the limits guard against hostile input, and nesting deeper than the default
            // is what the recursive readers are not built for, so maxDepth can only be lowered.
            let defaults = LoaderLimits()
            config.maxFileSize = try limits.positiveInt("maxFileSize", upTo: 1 << 30, why: "1 GiB")
            config.maxDepth = try limits.positiveInt("maxDepth", upTo: defaults.maxDepth, why: "the default; it can only be lowered")
            config.maxAliasExpansion = try limits.positiveInt("maxAliasExpansion", upTo: 10_000_000, why: "ten million")
            config.maxDocuments = try limits.positiveInt("maxDocuments", upTo: 1_000_000, why: "a million")
        }
        return config
    }
}

/// Typed reads of one mapping of the settings file, each failing with a ``RepositoryConfig/Problem`` at the
/// value's place that names the key as a dotted path and says what to write.
struct ConfigFields {
    let node: Node
    let mapping: Mapping
    /// The mapping's dotted path in the file (`check.parameters`), empty at the top.
    let path: String

    init(_ node: Node, path: String) throws {
        guard case let .map(mapping) = node.value else {
            let what = path.isEmpty ? "the settings file" : "'\(path)'"
            throw RepositoryConfig.Problem(
                location: node.location, message: "\(what) must be a mapping of keys to values, not \(node.value.typeNameWithArticle)")
        }
        self.node = node
        self.mapping = mapping
        self.path = path
    }

    private func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// Refuses a key not in `keys`, suggesting the nearest one: a misspelt key must not be ignored.
    func allowOnly(_ keys: [String]) throws {
        for entry in mapping where !keys.contains(entry.key) {
            let nearest = keys.min { Self.distance($0, entry.key) < Self.distance($1, entry.key) }
            let suggestion =
                nearest.map { Self.distance($0, entry.key) <= max(2, $0.count / 3) ? "did you mean '\($0)'? " : "" } ?? ""
            throw RepositoryConfig.Problem(
                location: entry.keyLocation,
                message:
                    "unknown key '\(name(entry.key))'; \(suggestion)\(path.isEmpty ? "the top level" : "'\(path)'") takes \(keys.joined(separator: ", "))"
            )
        }
    }

    /// The mapping under `key`, or nil when absent or null.
    func map(_ key: String) throws -> ConfigFields? {
        guard let child = mapping[key], child.value != .null else { return nil }
        return try ConfigFields(child, path: name(key))
    }

    /// The string under `key`, or nil when absent or null.
    func string(_ key: String) throws -> RepositoryConfig.Setting<String>? {
        guard let child = mapping[key], child.value != .null else { return nil }
        guard case let .string(text) = child.value else {
            throw RepositoryConfig.Problem(
                location: child.location, message: "'\(name(key))' must be a string, not \(child.value.typeNameWithArticle); quote it")
        }
        return .init(value: text, location: child.location)
    }

    /// The string under `key`; absent is an error.
    func requiredString(_ key: String) throws -> RepositoryConfig.Setting<String> {
        guard let text = try string(key) else {
            throw RepositoryConfig.Problem(
                location: node.location,
                message:
                    "'\(name(key))' is missing; the file starts with apiVersion: \(RepositoryConfig.apiVersion) and kind: \(RepositoryConfig.kind)"
            )
        }
        return text
    }

    /// The bool under `key`, or nil when absent or null.
    func bool(_ key: String) throws -> RepositoryConfig.Setting<Bool>? {
        guard let child = mapping[key], child.value != .null else { return nil }
        guard case let .bool(flag) = child.value else {
            throw RepositoryConfig.Problem(
                location: child.location, message: "'\(name(key))' must be true or false, not \(child.value.typeNameWithArticle)")
        }
        return .init(value: flag, location: child.location)
    }

    /// The whole number from 1 to `maximum` under `key`, or nil when absent or null; `why` names the maximum.
    func positiveInt(_ key: String, upTo maximum: Int, why: String) throws -> RepositoryConfig.Setting<Int>? {
        guard let child = mapping[key], child.value != .null else { return nil }
        guard case let .int(number) = child.value else {
            throw RepositoryConfig.Problem(
                location: child.location, message: "'\(name(key))' must be a whole number, not \(child.value.typeNameWithArticle)")
        }
        guard number > 0, number <= Int64(maximum) else {
            throw RepositoryConfig.Problem(
                location: child.location, message: "'\(name(key))' is \(number); it must be from 1 to \(maximum) (\(why))")
        }
        return .init(value: Int(number), location: child.location)
    }

    /// The list of non-empty strings under `key`, or nil when absent or null.
    func strings(_ key: String) throws -> RepositoryConfig.Setting<[String]>? {
        guard let child = mapping[key], child.value != .null else { return nil }
        guard case let .list(items) = child.value else {
            throw RepositoryConfig.Problem(
                location: child.location,
                message:
                    "'\(name(key))' must be a list of strings, not \(child.value.typeNameWithArticle); write [a, b] or one '- item' per line"
            )
        }
        var values: [String] = []
        for (index, item) in items.enumerated() {
            guard case let .string(text) = item.value, !text.isEmpty else {
                let what = item.value == .string("") ? "an empty string" : item.value.typeNameWithArticle
                throw RepositoryConfig.Problem(
                    location: item.location, message: "'\(name(key))[\(index)]' must be a non-empty string, not \(what)")
            }
            values.append(text)
        }
        return .init(value: values, location: child.location, items: items.map(\.location))
    }

    /// The list of relative paths under `key`: no absolute paths, so the file means the same in every clone.
    func paths(_ key: String) throws -> RepositoryConfig.Setting<[String]>? {
        guard let list = try strings(key) else { return nil }
        for (path, place) in zip(list.value, list.items) where path.hasPrefix("/") {
            throw RepositoryConfig.Problem(
                location: place,
                message:
                    "'\(name(key))' holds the absolute path '\(path)'; write it relative to the settings file's directory, so it means the same in every clone"
            )
        }
        return list
    }

    /// The edit distance between two keys, for suggestions.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.lowercased()), b = Array(b.lowercased())
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return a.isEmpty ? b.count : row[b.count]
    }
}
