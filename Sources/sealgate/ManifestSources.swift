// sealgate · CLI

internal import ArgumentParser
internal import KubeManifest

/// The manifests a command reads: files, directories and `-` for standard input, as the user named them.
///
/// The one place the CLI turns paths into ``ManifestInput``s and loads them through ``ManifestLoader``
/// (off the cooperative pool): standard input is read bounded like a file, and over that bound it is the
/// same problem as a file over it; the notices of directory walks are printed; an input that is missing
/// or does not parse ends the command with exit 2 (``loadObjects(verbose:)``), unless the command makes it
/// something else (`check` makes a manifest that does not parse a finding).
///
/// How the paths are spelled belongs to each command: `-f FILE` (``ManifestInputOptions``), or the
/// arguments of `check` and `objects`, whose help and usage errors differ.
struct ManifestSources: Sendable {
    /// The paths as given.
    let paths: [String]
    /// Whether `-` means standard input; otherwise it is a file called `-` (`--policies -`).
    let readsStandardInput: Bool
    /// The loader, with the limits every input is read under.
    var loader = ManifestLoader()
    /// What a repository's settings leave out: files found in directories, and paths named here.
    var exclusion: PathExclusion?
    /// The charts and kustomizations to render, whose objects are added to the load.
    var rendering = Rendering()

    /// The manifests at `paths`, where `-` is standard input unless `standardInput` is false.
    init(_ paths: [String], standardInput: Bool = true) {
        self.paths = paths
        readsStandardInput = standardInput
    }

    /// Refuses `-` given twice: standard input can be read once.
    func validate() throws {
        guard !readsStandardInput || paths.filter({ $0 == "-" }).count <= 1 else {
            throw ValidationError("'-' (standard input) can be given only once")
        }
    }

    /// Loads every path and prints the notices of the directory walks (the quiet ones only with
    /// `verbose`). Problems are left in the result for the command to report.
    ///
    /// - Parameter remedy: When given, standard input that holds only white space ends the command with
    ///   exit 2 and `-: error: standard input is empty; <remedy>` (nothing checked must not pass).
    func load(verbose: Bool = false, refusingBlankStandardInput remedy: String? = nil) async throws -> LoadedManifests {
        let (inputs, refused) = try await inputs(refusingBlankStandardInput: remedy)
        var result = await loader.load(inputs)
        if let exclusion { result = result.keepingFiles(exclusion.keeps) }
        let readFiles = result.files.count
        if !rendering.isEmpty { result = try await rendering.applying(to: result, loader: loader) }
        Terminal.notices(of: result, verbose: verbose)
        return LoadedManifests(result: result, refusedInputs: refused, renderedFiles: result.files.count - readFiles)
    }

    /// Every object of every path; a missing or unparsable input is printed and ends the command with exit 2.
    func loadObjects(verbose: Bool = false) async throws -> [KubeObject] {
        let loaded = try await load(verbose: verbose)
        for problem in loaded.problems { Terminal.error(problem.description) }
        guard loaded.problems.isEmpty else { throw ExitCode.unusableInput }
        return loaded.objects
    }

    /// Every document of every path, whatever value it holds (`cel --var` binds lists and scalars too, not
    /// only Kubernetes objects); each path is read as one file. A problem is printed and ends the command
    /// with exit 2.
    func loadDocuments() async throws -> [Document] {
        let (inputs, refused) = try await inputs(refusingBlankStandardInput: nil)
        for problem in refused { Terminal.error(problem.description) }
        guard refused.isEmpty else { throw ExitCode.unusableInput }
        var documents: [Document] = []
        for input in inputs {
            do {
                documents += try await BlockingWork.run { [loader] () throws(ManifestError) in try loader.documents(of: input) }
            } catch {
                Terminal.error(error.description)
                throw ExitCode.unusableInput
            }
        }
        return documents
    }

    /// The loader's inputs, standard input read now, and standard input refused for its size.
    private func inputs(refusingBlankStandardInput remedy: String?) async throws -> ([ManifestInput], [ManifestError]) {
        var inputs: [ManifestInput] = []
        var refused: [ManifestError] = []
        for path in paths {
            guard readsStandardInput, path == "-" else {
                // Named on the command line and excluded: the settings describe the repository, and a
                // pre-commit hook or an editor names files too; say so, since the user asked for it.
                if let excluded = exclusion?.pattern(excluding: path) {
                    Terminal.error(
                        "\(path): notice: not checked: excluded by '\(excluded.glob)' (\(excluded.location)); pass --no-config to check it anyway"
                    )
                    continue
                }
                inputs.append(.path(path))
                continue
            }
            do {
                let limit = loader.limits.maxFileSize
                let bytes = try await BlockingWork.run { try StandardInput.read(limit: limit) }
                if let remedy, !bytes.contains(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) {
                    Terminal.error("-: error: standard input is empty; \(remedy)")
                    throw ExitCode.unusableInput
                }
                inputs.append(.content(name: "-", bytes: bytes))
            } catch let tooLarge as StandardInput.TooLarge {
                refused.append(.tooLarge(size: nil, limit: tooLarge.limit, path: "-"))
            }
        }
        return (inputs, refused)
    }
}

/// What loading the paths of ``ManifestSources`` gave.
struct LoadedManifests {
    /// What the loader gave for the inputs it was handed.
    let result: LoadResult
    /// Inputs refused before loading (standard input over the size limit), in the order given.
    let refusedInputs: [ManifestError]
    /// How many of the result's files, at its end, hold what a renderer produced rather than what was read.
    var renderedFiles = 0

    /// The files read as they are, without the rendered ones.
    var readFiles: ArraySlice<LoadedFile> { result.files.dropLast(renderedFiles) }

    /// Every object, in order.
    var objects: [KubeObject] { result.objects }
    /// Every file read or tried, the refused inputs included.
    var fileCount: Int { refusedInputs.count + result.files.count }
    /// What could not be read or parsed: the refused inputs, then the loader's parse errors.
    var parseErrors: [ManifestError] { refusedInputs + result.parseErrors }
    /// Every problem: paths that do not exist or cannot be read, then ``parseErrors``.
    var problems: [ManifestError] { result.inputErrors + parseErrors }
}

/// `-f FILE`: where `seal`, `unseal`, `reencrypt` and `verify` read manifests from (standard input by
/// default, as `kubeseal` does).
struct ManifestInputOptions: ParsableArguments {
    @Option(
        name: [.short, .customLong("filename")],
        help: ArgumentHelp(
            "A manifest file or directory, or - for standard input (the default). Repeatable.", valueName: "file"))
    var files: [String] = []

    /// The paths, with standard input when none was given.
    var paths: [String] { files.isEmpty ? ["-"] : files }

    /// The manifests to read.
    var sources: ManifestSources { ManifestSources(paths) }

    func validate() throws {
        try sources.validate()
    }

    /// Every object; a missing or unparsable input is printed and ends the command with exit 2.
    func loadObjects() async throws -> [KubeObject] {
        try await sources.loadObjects()
    }
}
