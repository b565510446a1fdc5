// sealgate · CLI

internal import ArgumentParser
internal import FileIO
internal import Foundation
internal import KubeManifest
internal import PolicyEngine

/// `sealgate config`: the repository's settings file, `.sealgate.yaml`.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Write a starting .sealgate.yaml, or show the settings a check would run with.",
        subcommands: [ConfigInitCommand.self, ConfigShowCommand.self]
    )
}

/// `sealgate config init`: a commented `.sealgate.yaml` in the working directory.
struct ConfigInitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented .sealgate.yaml in the current directory (the repository's top).",
        discussion: "Refuses to replace an existing file unless --force is given; the file is written atomically."
    )

    @Flag(help: "Replace an existing .sealgate.yaml.")
    var force = false

    func run() throws {
        let path = RepositoryConfig.fileName
        let exists =
            FileManager.default.fileExists(atPath: path) || (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) != nil
        if !force, exists {
            Terminal.error(
                "\(path): error: the file exists; edit it, or pass --force to replace it with the starting settings (`sealgate config show` prints what it sets)"
            )
            throw ExitCode.unusableInput
        }
        do {
            try AtomicFile.write(Array(Self.template.utf8), to: path, mode: AtomicFile.publicMode)
        } catch {
            Terminal.error(Terminal.describe(error))
            throw ExitCode.unusableInput
        }
        Terminal.out("wrote \(path); commit it so CI, the pre-commit hook and every developer check with the same settings")
    }

    /// The starting file: every key, the optional ones commented out with an example.
    static let template = """
        # sealgate's settings for this repository: `sealgate check` run anywhere in it reads this file.
        # Flags given on the command line override a setting here; `sealgate config show` prints the result.
        # Paths and patterns are relative to this file's directory. Reference: docs/configuration.md.
        apiVersion: sealgate.dev/v1
        kind: Config
        check:
          # What `sealgate check` without a path checks (files or directories).
          paths: [.]
          # Files left out, also when named on the command line or compared with --base/--staged:
          # * is any run of characters within a name, ? one character, ** any number of directories.
          exclude: []
          #   - "docs/examples/**"
          #   - "vendor/**"
          # Your own policy files or directories, as --policies.
          policies: []
          # false runs only your policies (as --no-builtin).
          builtin: true
          # Run only these policies, categories or tags (as --enable); `sealgate policies` lists them.
          enable: []
          # Do not run these (as --disable).
          disable: []
          # The lowest severity that fails the check: error, warning or info.
          failOn: error
          # Parameters of the built-in policies, for when the repository has no ConfigMap setting them.
          parameters: {}
          #   allowedRegistries: [ghcr.io/acme, registry.example.com]   # images-allowed-registries
          #   kubernetesVersion: "1.30"                                # upgrades-removed-apis (quoted)
          # Check what Helm and kustomize render (what Argo CD and Flux apply), at the source lines.
          render: {}
          #   helm: true                    # render each chart found with helm template (as --helm)
          #   helmValues:                   # values files by chart (as --helm-values CHART=FILE)
          #     charts/web: [charts/web/values-prod.yaml]
          #   kustomize: [overlays/prod]    # kustomizations to render (as --kustomize DIR)
          # Bounds on reading one manifest file; the defaults are far above any real repository.
          limits: {}
          #   maxFileSize: 33554432         # bytes
          #   maxDepth: 256                 # nesting of lists and mappings
          #   maxAliasExpansion: 100000     # nodes YAML aliases may add to one document
          #   maxDocuments: 10000           # documents in one file

        """
}

/// `sealgate config show`: each setting a check would run with and where it came from.
struct ConfigShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print the settings a check would run with and where each comes from (default, .sealgate.yaml, a flag).",
        discussion: "Takes the flags of check, so `sealgate config show --fail-on warning` shows what that check would do."
    )

    @Argument(help: ArgumentHelp("The paths a check would be given.", valueName: "path"))
    var paths: [String] = []

    @OptionGroup var policyOptions: PolicyOptions

    @OptionGroup(title: "Repository settings") var configOptions: ConfigOptions

    @Option(name: .customLong("fail-on"), help: "The lowest severity that fails the check: error, warning or info.")
    var failOn: Severity?

    @OptionGroup(title: "Rendered manifests") var render: RenderOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("Output format: text or json.", valueName: "format"))
    var output: OutputFormat = .text

    func run() async throws {
        let settings = try CheckSettings.forCheck(
            paths: paths, options: policyOptions, failOn: failOn, render: render, configOptions: configOptions)
        // Load the policies as check would, so an unknown name in enable or disable fails here too.
        _ = try await settings.merged(policyOptions).load(places: settings.selectionPlaces)
        // Each setting as JSON shows it (lists, a bool, a string or null); the text table joins lists.
        enum Shown {
            case list([String]?)
            case flag(Bool)
            case text(String?)

            var text: String {
                switch self {
                case let .list(values?): values.isEmpty ? "[]" : values.joined(separator: ", ")
                case let .flag(flag): String(flag)
                case let .text(text?): text
                case .list(nil), .text(nil): "(not set)"
                }
            }

            var json: Value {
                switch self {
                case let .list(values?): .array(values.map { .string($0) })
                case let .flag(flag): .bool(flag)
                case let .text(text?): .string(text)
                case .list(nil), .text(nil): .null
                }
            }
        }
        let rows: [(String, Shown, CheckSettings.Source)] = [
            ("paths", .list(settings.paths.value), settings.paths.source),
            ("exclude", .list(settings.exclude.value.map(\.pattern)), settings.exclude.source),
            ("policies", .list(settings.policies.value), settings.policies.source),
            ("builtin", .flag(settings.builtin.value), settings.builtin.source),
            ("enable", .list(settings.enable.value), settings.enable.source),
            ("disable", .list(settings.disable.value), settings.disable.source),
            ("failOn", .text(settings.failOn.value.rawValue), settings.failOn.source),
            ("parameters.allowedRegistries", .list(settings.allowedRegistries.value), settings.allowedRegistries.source),
            ("parameters.kubernetesVersion", .text(settings.kubernetesVersion.value), settings.kubernetesVersion.source),
            ("render.helm", .flag(settings.helm.value), settings.helm.source),
            (
                "render.helmValues",
                .list(settings.helmValues.value.sorted { $0.key < $1.key }.flatMap { chart, files in files.map { "\(chart)=\($0)" } }),
                settings.helmValues.source
            ),
            ("render.kustomize", .list(settings.kustomize.value), settings.kustomize.source),
            ("limits.maxFileSize", .text(String(settings.limits.maxFileSize)), settings.limitSources["maxFileSize"] ?? .defaultValue),
            ("limits.maxDepth", .text(String(settings.limits.maxDepth)), settings.limitSources["maxDepth"] ?? .defaultValue),
            (
                "limits.maxAliasExpansion", .text(String(settings.limits.maxAliasExpansion)),
                settings.limitSources["maxAliasExpansion"] ?? .defaultValue
            ),
            ("limits.maxDocuments", .text(String(settings.limits.maxDocuments)), settings.limitSources["maxDocuments"] ?? .defaultValue),
        ]
        switch output {
        case .text:
            Terminal.out("settings file: \(settings.config?.path ?? (configOptions.noConfig ? "none (--no-config)" : "none found"))")
            var table = [["SETTING", "VALUE", "FROM"]]
            for (name, value, source) in rows {
                table.append([name, value.text, source.description])
            }
            for line in Table.render(table) { Terminal.out(line) }
        case .json:
            let items: [(String, Value)] = rows.map { name, value, source in
                var fields: [(String, Value)] = [("value", value.json)]
                switch source {
                case .defaultValue: fields.append(("source", .string("default")))
                case let .file(location):
                    fields += [("source", .string("file")), ("file", .string(location.file.path)), ("line", .int(location.line))]
                case let .flag(flag): fields += [("source", .string("flag")), ("flag", .string(flag))]
                case .arguments: fields.append(("source", .string("arguments")))
                }
                return (name, .object(fields))
            }
            let file: Value = settings.config.map { .string($0.path) } ?? .null
            Terminal.out(try JSONOutput.render(.object([("file", file), ("settings", .object(items))])))
        }
    }
}
