// sealgate · CLI

internal import ArgumentParser
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

    @Option(name: .shortAndLong, help: "Output format: text or json.")
    var output: OutputFormat = .text

    @Flag(name: .shortAndLong, help: "Also list documents that hold no Kubernetes object, and why.")
    var verbose = false

    func validate() throws {
        guard !paths.isEmpty else {
            throw ValidationError("give at least one file or directory, or - for standard input")
        }
        guard paths.filter({ $0 == "-" }).count <= 1 else {
            throw ValidationError("'-' (standard input) can be given only once")
        }
    }

    func run() async throws {
        let loader = ManifestLoader()
        let inputs = try paths.map { path throws -> ManifestInput in
            guard path == "-" else { return .path(path) }
            return .content(name: "-", bytes: try StandardInput.read(limit: loader.limits.maxFileSize))
        }
        let result = await loader.load(inputs)
        switch output {
        case .text: printText(result)
        case .json: Terminal.out(try JSONOutput.encode(ObjectsReport(result)))
        }
        for error in result.inputErrors + result.parseErrors {
            Terminal.error(error.description)
        }
        if !result.inputErrors.isEmpty || !result.parseErrors.isEmpty {
            throw ExitCode.unusableInput
        }
    }

    private func printText(_ result: LoadResult) {
        let objects = result.objects
        if objects.isEmpty {
            if result.inputErrors.isEmpty, result.parseErrors.isEmpty { Terminal.error("no Kubernetes objects found") }
        } else {
            var rows = [["KIND", "NAME", "LOCATION"]]
            for object in objects {
                let location = object.origin.location
                rows.append([object.kind, object.qualifiedName, "\(location.file.path):\(location.line)"])
            }
            for line in Table.render(rows) { Terminal.out(line) }
        }
        if verbose {
            for skipped in result.skipped {
                Terminal.out("skipped \(skipped.location.file.path):\(skipped.location.line): \(skipped.reason)")
            }
        }
    }
}

/// The `-o json` form of `sealgate objects`.
struct ObjectsReport: Encodable {
    struct Object: Encodable {
        var apiVersion: String
        var kind: String
        var namespace: String?
        var name: String?
        var generateName: String?
        var file: String
        var line: Int
        var column: Int
        var document: Int
        var listIndex: Int?
    }

    struct Skipped: Encodable {
        var file: String
        var line: Int
        var column: Int
        var document: Int
        var reason: String
    }

    struct Problem: Encodable {
        var code: String
        var message: String
        var file: String?
        var line: Int?
        var column: Int?
    }

    var objects: [Object]
    var skipped: [Skipped]
    var errors: [Problem]

    init(_ result: LoadResult) {
        objects = result.objects.map { object in
            let location = object.origin.location
            return Object(
                apiVersion: object.apiVersion, kind: object.kind, namespace: object.namespace, name: object.name,
                generateName: object.generateName, file: location.file.path, line: location.line,
                column: location.column, document: object.origin.documentIndex, listIndex: object.origin.listIndex)
        }
        skipped = result.skipped.map {
            Skipped(
                file: $0.location.file.path, line: $0.location.line, column: $0.location.column,
                document: $0.documentIndex, reason: $0.reason)
        }
        errors = (result.inputErrors + result.parseErrors).map {
            Problem(code: $0.code.name, message: $0.reason, file: $0.path, line: $0.line, column: $0.column)
        }
    }
}
