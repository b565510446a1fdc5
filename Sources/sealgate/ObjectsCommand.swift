// sealgate · CLI

internal import ArgumentParser
internal import Diagnostics
internal import KubeManifest

/// `sealgate objects PATH...`: what sealgate sees in a set of manifests.
struct ObjectsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "objects",
        abstract: "List the Kubernetes objects found in files and directories.",
        discussion: """
            Directories are searched recursively for *.yaml, *.yml and *.json files; hidden files and \
            folders are skipped. Multi-document files and List objects are expanded. Use - to read \
            standard input. Exits 2 when an input is missing or does not parse.
            """
    )

    @Argument(help: ArgumentHelp("Files or directories to read, or - for standard input.", valueName: "path"))
    var paths: [String]

    @Option(name: .shortAndLong, help: ArgumentHelp("Output format: text or json.", valueName: "format"))
    var output: OutputFormat = .text

    @Flag(name: .shortAndLong, help: "Also list documents that hold no Kubernetes object, and why, and symbolic links skipped as loops.")
    var verbose = false

    func validate() throws {
        guard !paths.isEmpty else {
            throw ValidationError("give at least one file or directory, or - for standard input")
        }
        try ManifestSources(paths).validate()
    }

    func run() async throws {
        // Problems are listed after what did load, so one broken file does not hide the rest.
        let loaded = try await ManifestSources(paths).load(verbose: verbose)
        switch output {
        case .text: printText(loaded)
        case .json: Terminal.out(try JSONOutput.render(ObjectsReport.json(loaded)))
        }
        for error in loaded.problems {
            Terminal.error(error.description)
        }
        if !loaded.problems.isEmpty {
            throw ExitCode.unusableInput
        }
    }

    private func printText(_ loaded: LoadedManifests) {
        let objects = loaded.objects
        if objects.isEmpty {
            if loaded.problems.isEmpty { Terminal.error("no Kubernetes objects found") }
        } else {
            var rows = [["KIND", "NAME", "LOCATION"]]
            for object in objects {
                rows.append([object.kind, object.qualifiedName, object.origin.location.withoutColumn.description])
            }
            for line in Table.render(rows) { Terminal.out(line) }
        }
        if verbose {
            for skipped in loaded.result.skipped {
                Terminal.out(TerminalText.oneLine("skipped \(skipped.location.withoutColumn): \(skipped.reason)"))
            }
        }
    }
}

/// The `-o json` form of `sealgate objects`: `objects`, `skipped` and `errors`, each a list.
enum ObjectsReport {
    static func json(_ loaded: LoadedManifests) -> Value {
        let objects: [Value] = loaded.objects.map { object in
            let location = object.origin.location
            return .object([
                ("apiVersion", .string(object.apiVersion)),
                ("kind", .string(object.kind)),
                ("namespace", .string(object.namespace)),
                ("name", .string(object.name)),
                ("generateName", .string(object.generateName)),
                ("file", .string(location.file.path)),
                ("line", .int(location.line)),
                ("column", .int(location.column)),
                ("document", .int(object.origin.documentIndex)),
                ("listIndex", .int(object.origin.listIndex)),
            ])
        }
        let skipped: [Value] = loaded.result.skipped.map {
            .object([
                ("file", .string($0.location.file.path)),
                ("line", .int($0.location.line)),
                ("column", .int($0.location.column)),
                ("document", .int($0.documentIndex)),
                ("reason", .string($0.reason)),
            ])
        }
        let errors: [Value] = loaded.problems.map {
            .object([
                ("code", .string($0.code.name)),
                ("message", .string($0.reason)),
                ("file", .string($0.location?.file.path)),
                ("line", .int($0.location.flatMap { $0.line > 0 ? $0.line : nil })),
                ("column", .int($0.location.flatMap { $0.column > 0 ? $0.column : nil })),
            ])
        }
        return .object([("objects", .array(objects)), ("skipped", .array(skipped)), ("errors", .array(errors))])
    }
}
