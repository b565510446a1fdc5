// sealgate · CLI

internal import ArgumentParser
internal import Diagnostics
internal import Foundation
internal import KubeManifest
internal import PolicyEngine

/// `--config FILE` and `--no-config`: which `.sealgate.yaml`, if any, a command reads.
struct ConfigOptions: ParsableArguments {
    @Option(
        name: .customLong("config"),
        help: ArgumentHelp(
            "Read the settings from this file instead of the .sealgate.yaml found from the first path up.", valueName: "file"))
    var file: String?

    @Flag(name: .customLong("no-config"), help: "Read no .sealgate.yaml: only the flags and the defaults apply.")
    var noConfig = false

    func validate() throws {
        if file != nil, noConfig {
            throw ValidationError("--config and --no-config contradict each other; give one")
        }
    }

    /// The settings for a command whose first path is `start`: `--config`'s file, the discovered one, or
    /// none. A file that does not read ends the command with exit 2 and the problem at its place.
    func load(start: String) throws -> RepositoryConfig? {
        guard !noConfig else { return nil }
        let path: String
        if let file {
            path = RepositoryConfig.absolute(file)
            guard FileManager.default.fileExists(atPath: path) else {
                Terminal.error("\(file): error: --config names a file that does not exist; check the path, or run sealgate config init")
                throw ExitCode.unusableInput
            }
        } else {
            guard let found = RepositoryConfig.discover(from: start == "-" ? "." : start) else { return nil }
            path = found
        }
        do {
            return try RepositoryConfig.load(path, shown: file ?? RepositoryConfig.display(path))
        } catch {
            Terminal.error(Terminal.describe(error))
            throw ExitCode.unusableInput
        }
    }
}

/// Patterns of files to leave out, relative to the directory of the settings file that lists them.
struct PathExclusion: Sendable {
    /// The absolute directory the patterns are relative to.
    let directory: String
    /// The patterns, with where each was written.
    let patterns: [(glob: PathGlob, location: SourceLocation)]

    /// The pattern that excludes `path` (as given or found by a walk, relative to the working directory),
    /// if any; a path outside ``directory`` is never excluded.
    func pattern(excluding path: String) -> (glob: PathGlob, location: SourceLocation)? {
        let absolute = RepositoryConfig.absolute(path)
        let prefix = directory == "/" ? "/" : directory + "/"
        guard absolute.hasPrefix(prefix) else { return nil }
        let relative = String(absolute.dropFirst(prefix.count))
        return patterns.first { $0.glob.matches(relative) }
    }

    /// Whether `path` is kept.
    func keeps(_ path: String) -> Bool { pattern(excluding: path) == nil }
}

/// What `check` runs with: each setting from a flag, else from `.sealgate.yaml`, else the default, and
/// where it came from (`sealgate config show` prints both).
struct CheckSettings {
    /// Where a setting came from.
    enum Source: CustomStringConvertible {
        case defaultValue
        case file(SourceLocation)
        case flag(String)
        /// The paths given as arguments.
        case arguments

        var description: String {
            switch self {
            case .arguments: "command line"
            case .defaultValue: "default"
            case let .file(location): "\(location)"
            case let .flag(name): "flag \(name)"
            }
        }
    }

    /// A setting's value and its source.
    struct Entry<T> {
        var value: T
        var source: Source
    }

    /// The settings file read, if any.
    let config: RepositoryConfig?
    /// The paths to check, as the loader gets them (relative to the working directory).
    var paths: Entry<[String]>
    var exclude: Entry<[PathGlob]>
    var policies: Entry<[String]>
    var builtin: Entry<Bool>
    var enable: Entry<[String]>
    var disable: Entry<[String]>
    var failOn: Entry<Severity>
    var allowedRegistries: Entry<[String]?>
    var kubernetesVersion: Entry<String?>
    /// Whether charts are rendered with helm.
    var helm: Entry<Bool>
    /// Values files by chart directory (relative to the working directory).
    var helmValues: Entry<[String: [String]]>
    /// Kustomizations to render (relative to the working directory).
    var kustomize: Entry<[String]>
    /// The bounds manifests are read under.
    var limits: LoaderLimits
    /// Where each of ``limits`` came from, by its key in the file (`maxFileSize`, …).
    var limitSources: [String: Source]

    /// What the command line asked to render (plain values: `RenderOptions` is only readable once parsed).
    struct RenderFlags {
        var helm = false
        var helmValues: [(chart: String, file: String)] = []
        var kustomize: [String] = []
    }

    /// The settings of a run given `paths`, `options`, `failOn` and `render` on the command line and `config`.
    init(paths given: [String], options: PolicyOptions, failOn: Severity?, render: RenderFlags = RenderFlags(), config: RepositoryConfig?) {
        self.config = config
        func fromFile<T>(_ setting: RepositoryConfig.Setting<T>?, _ fallback: T) -> Entry<T> {
            setting.map { Entry(value: $0.value, source: .file($0.location)) } ?? Entry(value: fallback, source: .defaultValue)
        }
        // Paths in the file are relative to its directory; the loader and reports name them from here.
        let relocate = { (path: String) -> String in
            guard let config, !path.hasPrefix("/") else { return path }
            return RepositoryConfig.display(RepositoryConfig.absolute((config.directory as NSString).appendingPathComponent(path)))
        }
        helm = render.helm ? Entry(value: true, source: .flag("--helm")) : fromFile(config?.helm, false)
        if !render.helmValues.isEmpty {
            let key = { (chart: String) in RepositoryConfig.display(RepositoryConfig.absolute(chart)) }
            helmValues = Entry(
                value: Dictionary(render.helmValues.map { (key($0.chart), [$0.file]) }, uniquingKeysWith: +), source: .flag("--helm-values")
            )
        } else if let setting = config?.helmValues {
            let byChart = Dictionary(uniqueKeysWithValues: setting.value.map { (relocate($0.key), $0.value.map(relocate)) })
            helmValues = Entry(value: byChart, source: .file(setting.location))
        } else {
            helmValues = Entry(value: [:], source: .defaultValue)
        }
        if !render.kustomize.isEmpty {
            kustomize = Entry(value: render.kustomize, source: .flag("--kustomize"))
        } else {
            kustomize = fromFile(config?.kustomize, [])
            kustomize.value = kustomize.value.map(relocate)
        }
        if !given.isEmpty {
            paths = Entry(value: given, source: .arguments)
        } else if let setting = config?.paths {
            paths = Entry(value: setting.value.map(relocate), source: .file(setting.location))
        } else if !kustomize.value.isEmpty {
            // What a kustomization renders is checked at its source files; walking them too would report
            // each finding twice, once as written and once as rendered.
            paths = Entry(value: [], source: .defaultValue)
        } else {
            paths = Entry(value: [config.map { RepositoryConfig.display($0.directory) } ?? "."], source: .defaultValue)
        }
        limits = LoaderLimits()
        limitSources = [:]
        for (name, setting, keyPath) in [
            ("maxFileSize", config?.maxFileSize, \LoaderLimits.maxFileSize), ("maxDepth", config?.maxDepth, \LoaderLimits.maxDepth),
            ("maxAliasExpansion", config?.maxAliasExpansion, \LoaderLimits.maxAliasExpansion),
            ("maxDocuments", config?.maxDocuments, \LoaderLimits.maxDocuments),
        ] {
            limitSources[name] = setting.map { .file($0.location) } ?? .defaultValue
            if let setting { limits[keyPath: keyPath] = setting.value }
        }
        exclude = fromFile(config?.exclude, [])
        if !options.policyPaths.isEmpty {
            policies = Entry(value: options.policyPaths, source: .flag("--policies"))
        } else {
            policies = fromFile(config?.policies, [])
            policies.value = policies.value.map(relocate)
        }
        builtin = options.noBuiltin ? Entry(value: false, source: .flag("--no-builtin")) : fromFile(config?.builtin, true)
        enable = options.enabled.isEmpty ? fromFile(config?.enable, []) : Entry(value: options.enabled, source: .flag("--enable"))
        disable = options.disabled.isEmpty ? fromFile(config?.disable, []) : Entry(value: options.disabled, source: .flag("--disable"))
        self.failOn = failOn.map { Entry(value: $0, source: .flag("--fail-on")) } ?? fromFile(config?.failOn, .error)
        allowedRegistries = fromFile(config?.allowedRegistries.map { .init(value: Optional($0.value), location: $0.location) }, nil)
        kubernetesVersion = fromFile(config?.kubernetesVersion.map { .init(value: Optional($0.value), location: $0.location) }, nil)
    }

    /// The settings `sealgate check` runs with (and `config show` shows), from its arguments and flags and the
    /// `.sealgate.yaml` found from its first path (or its first `--kustomize` directory).
    static func forCheck(
        paths: [String], options: PolicyOptions, failOn: Severity?, render: RenderOptions, configOptions: ConfigOptions
    ) throws -> CheckSettings {
        let settings = CheckSettings(
            paths: paths, options: options, failOn: failOn, render: render.flags,
            config: try configOptions.load(start: paths.first ?? render.kustomize.first ?? "."))
        try settings.validate()
        return settings
    }

    /// The settings `sealgate policies` and `policies export` run with: the policy keys of the
    /// `.sealgate.yaml` found from the working directory (or `--config`'s), under the flags, so they list
    /// and export what `sealgate check` would run.
    static func forPolicies(_ options: PolicyOptions, _ configOptions: ConfigOptions) throws -> CheckSettings {
        let settings = CheckSettings(paths: [], options: options, failOn: nil, config: try configOptions.load(start: "."))
        try settings.validate()
        return settings
    }

    /// The policy options with the file's settings where no flag was given.
    func merged(_ options: PolicyOptions) -> PolicyOptions {
        var options = options
        options.policyPaths = policies.value
        options.noBuiltin = !builtin.value
        options.enabled = enable.value
        options.disabled = disable.value
        return options
    }

    /// Where the file wrote each name of `enable` and `disable`, so an unknown one is reported there.
    var selectionPlaces: [String: SourceLocation] {
        var places: [String: SourceLocation] = [:]
        for (entry, setting) in [(enable, config?.enable), (disable, config?.disable)] {
            guard case .file = entry.source, let setting else { continue }
            for (name, place) in zip(setting.value, setting.items) where places[name] == nil { places[name] = place }
        }
        return places
    }

    /// What the check renders.
    var rendering: Rendering {
        Rendering(helm: helm.value, helmValues: helmValues.value, kustomize: kustomize.value)
    }

    /// The file's `exclude`, ready to filter paths; nil when nothing is excluded.
    var exclusion: PathExclusion? {
        guard let config, let setting = config.exclude, !setting.value.isEmpty else { return nil }
        return PathExclusion(directory: config.directory, patterns: Array(zip(setting.value, setting.items)))
    }

    /// Refuses settings that leave no policy to run: the file's `builtin: false` without `policies`.
    func validate() throws {
        guard !builtin.value, policies.value.isEmpty else { return }
        if case let .file(location) = builtin.source {
            Terminal.error("\(location): error: check.builtin is false and no policies are given; add check.policies or --policies DIR")
            throw ExitCode.unusableInput
        }
    }

    /// Refuses what cannot be rendered before anything runs: a `--kustomize` directory without a
    /// kustomization, a `--helm-values` chart or file that does not exist, values files without `--helm`.
    func validateRendering() throws {
        func refuse(_ path: String, _ source: Source, _ message: String) throws -> Never {
            let place = if case let .file(location) = source { "\(location)" } else { path }
            Terminal.error("\(place): error: \(message)")
            throw ExitCode.unusableInput
        }
        for directory in kustomize.value where Rendering.kustomizationFile(in: directory) == nil {
            try refuse(
                directory, kustomize.source,
                "\(directory) is not a kustomization directory (no kustomization.yaml in it); name the directory that holds one")
        }
        for (chart, files) in helmValues.value {
            if !FileManager.default.fileExists(atPath: Rendering.join(chart, HelmCharts.chartFile)) {
                try refuse(chart, helmValues.source, "\(chart) is not a Helm chart (no Chart.yaml in it); name the chart's directory")
            }
            for file in files where !FileManager.default.fileExists(atPath: file) {
                try refuse(file, helmValues.source, "the values file \(file) for \(chart) does not exist; check the path")
            }
        }
        if !helmValues.value.isEmpty, !helm.value {
            try refuse(
                "--helm-values", helmValues.source,
                "values files are given but charts are not rendered; add --helm (or check.render.helm: true)")
        }
    }

    // MARK: - Parameters of the built-in pack

    /// The file under which generated objects stand; a finding there is dropped.
    var generatedFile: String { "\(config?.path ?? RepositoryConfig.fileName) (check.parameters)" }

    /// The ConfigMaps the built-in pack reads its parameters from, made from `check.parameters`, for the
    /// parameters the repository does not set itself: a ConfigMap of the same name among `objects` wins,
    /// since it is what `kubectl apply` and every other tool see, and a different value in the file is a notice.
    func parameterObjects(among objects: [KubeObject]) -> [KubeObject] {
        var generated: [KubeObject] = []
        let sets: [(String, String, String?, String)] = [
            ("sealgate-allowed-registries", "registries", allowedRegistries.value?.joined(separator: ","), "allowedRegistries"),
            ("sealgate-kubernetes-version", "version", kubernetesVersion.value, "kubernetesVersion"),
        ]
        for (name, key, value, setting) in sets {
            guard let value else { continue }
            let place: SourceLocation? =
                switch setting {
                case "allowedRegistries": config?.allowedRegistries?.location
                default: config?.kubernetesVersion?.location
                }
            if let existing = objects.first(where: { $0.kind == "ConfigMap" && $0.name == name }) {
                let theirs = existing.root["data"]?[key]?.string
                if theirs.map(Self.normalized) != Self.normalized(value) {
                    Terminal.error(
                        "\(place.map { "\($0)" } ?? generatedFile): notice: check.parameters.\(setting) is not used: the repository's ConfigMap \(name) (\(existing.origin.location)) sets it, and the policies read that one; keep one of the two"
                    )
                }
                continue
            }
            let root = Node(
                .object([
                    ("apiVersion", .string("v1")), ("kind", .string("ConfigMap")),
                    ("metadata", .object([("name", .string(name))])), ("data", .object([(key, .string(value))])),
                ]), at: SourceLocation(path: generatedFile))
            if let object = KubeObject(root, origin: ObjectOrigin(location: SourceLocation(path: generatedFile), documentIndex: 0)) {
                generated.append(object)
            }
        }
        return generated
    }

    /// A parameter's value without blanks, for comparing the file's with the repository's.
    private static func normalized(_ value: String) -> String {
        value.split(whereSeparator: { $0 == "," || $0.isWhitespace }).joined(separator: ",")
    }

    /// `report` without what the generated objects added: they are no objects of the repository.
    func removingGenerated(_ count: Int, from report: CheckReport) -> CheckReport {
        guard count > 0 else { return report }
        var report = report
        let file = generatedFile
        report.findings.removeAll { $0.location.file.path == file }
        report.fixed.removeAll { $0.location.file.path == file }
        report.objectCount -= count
        return report
    }
}
