// sealgate · CLI

internal import ArgumentParser
internal import Diagnostics
internal import Foundation
internal import KubeManifest

/// A revision's files written out to a directory, read by a rendering in place of the working tree's,
/// while findings name them as the working tree's would be named.
struct RenderRoot: Sendable {
    /// The absolute directory the revision was written to.
    let readTop: String
    /// The repository's top in the working tree (absolute): paths are named as if under it.
    let shownTop: String

    /// Where to read the file findings name `shown` (relative to the working directory, or absolute).
    func read(_ shown: String) -> String {
        let absolute = RepositoryConfig.absolute(shown)
        guard absolute.hasPrefix(shownTop + "/") || absolute == shownTop else { return absolute }
        return readTop + absolute.dropFirst(shownTop.count)
    }

    /// How findings name `absolute`, a path read under ``readTop``.
    func show(_ absolute: String) -> String {
        guard absolute.hasPrefix(readTop + "/") || absolute == readTop else { return RepositoryConfig.display(absolute) }
        return RepositoryConfig.display(shownTop + absolute.dropFirst(readTop.count))
    }
}

/// `--helm`, `--helm-values` and `--kustomize`: checking what Helm and kustomize render, which is what
/// Argo CD and Flux apply, rather than the sources.
struct RenderOptions: ParsableArguments {
    @Flag(
        help: ArgumentHelp(
            "Render each Helm chart found (a directory with Chart.yaml) with helm template and check its objects, at their template files.")
    )
    var helm = false

    @Option(
        name: .customLong("helm-values"),
        help: ArgumentHelp("A values file to render a chart with, as CHART_DIR=FILE (with --helm). Repeatable.", valueName: "chart=file"))
    var helmValues: [String] = []

    @Option(
        name: .customLong("kustomize"),
        help: ArgumentHelp(
            "Render this kustomization directory with kustomize (or kubectl kustomize) and check its objects, at their source files. Repeatable.",
            valueName: "dir"))
    var kustomize: [String] = []

    func validate() throws {
        for pair in helmValues where Self.split(pair) == nil {
            throw ValidationError("--helm-values '\(pair)' is not CHART_DIR=FILE; write the chart's directory, '=', and the values file")
        }
    }

    /// `CHART=FILE` split at its first `=`, both sides non-empty.
    static func split(_ pair: String) -> (String, String)? {
        guard let equals = pair.firstIndex(of: "=") else { return nil }
        let chart = String(pair[..<equals]), file = String(pair[pair.index(after: equals)...])
        return chart.isEmpty || file.isEmpty ? nil : (chart, file)
    }

    /// The flags as plain values, for ``CheckSettings``.
    var flags: CheckSettings.RenderFlags {
        CheckSettings.RenderFlags(
            helm: helm, helmValues: helmValues.compactMap(Self.split).map { (chart: $0.0, file: $0.1) }, kustomize: kustomize)
    }
}

/// What a check renders, from the flags and the settings file, with each path as findings name it.
struct Rendering: Sendable {
    /// Whether the charts found are rendered.
    var helm = false
    /// Values files by chart directory (both relative to the working directory, or absolute).
    var helmValues: [String: [String]] = [:]
    /// Kustomization directories to render.
    var kustomize: [String] = []
    /// How long one renderer may run.
    var timeoutSeconds = 300
    /// Where the files are read from when they are not the working tree's (a revision written out).
    var root: RenderRoot?

    /// The path to read for `shown`, a path as findings name it.
    private func read(_ shown: String) -> String { root?.read(shown) ?? shown }

    /// The path findings name for `absolute`, a path that was read.
    private func show(_ absolute: String) -> String { root?.show(absolute) ?? RepositoryConfig.display(absolute) }

    /// Whether there is anything to render.
    var isEmpty: Bool { !helm && kustomize.isEmpty }

    /// `result` with the charts among its notices rendered (when ``helm``) and the kustomizations' objects
    /// added, each renderer's failure a file error (a `render-error` finding). Blocks: call it through
    /// `BlockingWork`.
    ///
    /// - Throws: ``MissingProgram`` when a renderer is not installed.
    func apply(to result: LoadResult, loader: ManifestLoader) throws(MissingProgram) -> LoadResult {
        var files = result.files
        var notices = result.notices
        // What a renderer gave for `path`, and its notice; a failure is a render-error finding, and a
        // notice would say it was rendered.
        func add(_ rendered: [LoadedFile], at path: String, by command: String) {
            files += rendered
            guard !rendered.contains(where: { $0.error != nil }) else { return }
            notices.append(LoadNotice(path: path, kind: .rendered(by: command, objects: rendered.reduce(0) { $0 + $1.objects.count })))
        }
        let charts =
            !helm
            ? []
            : result.notices.compactMap { notice -> String? in
                if case .helmChartTemplates = notice.kind { return notice.path }
                return nil
            }
        if !charts.isEmpty {
            guard let program = Self.program("helm") else {
                throw MissingProgram(
                    reason:
                        "rendering Helm charts needs helm on PATH, and none was found; install helm (https://helm.sh) or check without --helm (charts' templates are then skipped)"
                )
            }
            // Each chart's notice is replaced by its rendering's, in the same place.
            notices = []
            for notice in result.notices {
                guard case .helmChartTemplates = notice.kind else {
                    notices.append(notice)
                    continue
                }
                // A subchart (CHART/charts/SUB) is rendered as part of its parent.
                if charts.contains(where: { $0 != notice.path && notice.path.hasPrefix(Self.join($0, "charts/")) }) { continue }
                add(renderChart(notice.path, with: program, loader: loader), at: notice.path, by: "helm template")
            }
        }
        if !kustomize.isEmpty {
            guard let (program, arguments) = Self.kustomizeProgram() else {
                throw MissingProgram(
                    reason:
                        "--kustomize needs kustomize or kubectl on PATH, and neither was found; install one (kubectl includes kustomize) or check the directories without --kustomize"
                )
            }
            for directory in kustomize {
                add(
                    renderKustomization(directory, with: program, arguments: arguments, loader: loader), at: directory,
                    by: "\(program.name) \(arguments.joined(separator: " "))")
            }
        }
        return result.replacing(files: files, notices: notices)
    }

    /// ``apply(to:loader:)`` off the cooperative pool; a renderer that is not installed is printed and ends
    /// the command with exit 2.
    func applying(to result: LoadResult, loader: ManifestLoader) async throws -> LoadResult {
        do {
            return try await BlockingWork.run { [self] () throws(MissingProgram) in try apply(to: result, loader: loader) }
        } catch {
            Terminal.error(error.description)
            throw ExitCode.unusableInput
        }
    }

    /// A renderer that is not installed: the command cannot do what it was asked (exit 2).
    struct MissingProgram: Error, CustomStringConvertible {
        let reason: String
        var description: String { "error: \(reason)" }
    }

    // MARK: - Helm

    /// The chart at `directory` rendered, one file per template; a failure is one file with the error, at
    /// the chart's `Chart.yaml`.
    private func renderChart(_ directory: String, with helm: ExternalProgram, loader: ManifestLoader) -> [LoadedFile] {
        let values = helmValues[RepositoryConfig.display(RepositoryConfig.absolute(directory))] ?? []
        let command = (["helm", "template", directory] + values.flatMap { ["--values", $0] }).joined(separator: " ")
        do {
            let arguments = ["template", read(directory)] + values.flatMap { ["--values", read($0)] }
            let output = try output(of: helm, arguments, limit: loader.limits.maxFileSize)
            let limit = loader.limits.maxFileSize
            return RenderedManifests.helmFiles(output, chartDirectory: directory, limits: loader.limits) { [self] path in
                try? ManifestLoader.readFile(read(path), limit: limit)
            }
        } catch {
            let chartFile = Self.join(directory, HelmCharts.chartFile)
            return [LoadedFile(failed: ManifestError(.renderFailed, "\(error); the command was: \(command)", path: chartFile))]
        }
    }

    // MARK: - kustomize

    /// `kustomize build` when kustomize is installed, else `kubectl kustomize`.
    static func kustomizeProgram() -> (ExternalProgram, [String])? {
        if let kustomize = program("kustomize") { return (kustomize, ["build"]) }
        if let kubectl = program("kubectl") { return (kubectl, ["kustomize"]) }
        return nil
    }

    /// The renderer called `name` on `PATH`, bounded by ``timeoutSeconds`` and a manifest file's size
    /// limit (``ExternalProgram/outputLimit`` is set per run from the loader's limits).
    private static func program(_ name: String) -> ExternalProgram? {
        ExternalProgram.find(name, searchPath: ProcessInfo.processInfo.environment["PATH"]).map {
            ExternalProgram(name: name, executable: $0, timeout: 0, outputLimit: 0)
        }
    }

    /// What `program` printed for `arguments`, or why it printed nothing to use.
    private func output(of program: ExternalProgram, _ arguments: [String], limit: Int) throws(RenderFailure) -> [UInt8] {
        var program = program
        program.timeout = Double(timeoutSeconds)
        program.outputLimit = limit
        let outcome: ExternalProgram.Outcome
        do {
            outcome = try program.runBlocking(arguments)
        } catch {
            throw RenderFailure(description: "\(program.name) could not be started (\(error.reason))")
        }
        switch outcome {
        case .exited(0, let output, _):
            return output
        case .exited(let status, _, let errors):
            throw RenderFailure(description: "\(program.name) failed (exit \(status)): \(ExternalProgram.summary(errors))")
        case .timedOut:
            throw RenderFailure(
                description: "\(program.name) did not finish within \(timeoutSeconds) s and was stopped; run it by hand to see why")
        case .outputTooLarge:
            throw RenderFailure(
                description: "\(program.name) printed more than \(limit) bytes, the size limit of one manifest file, and was stopped")
        }
    }

    /// Why a renderer gave nothing to check.
    struct RenderFailure: Error, CustomStringConvertible {
        let description: String
    }

    /// The kustomization at `directory` rendered with origin annotations, its objects placed in their source
    /// files. The annotations are asked for by building a kustomization, in a temporary directory, that has
    /// `directory` as its one resource; the user's files are not touched.
    private func renderKustomization(
        _ directory: String, with program: ExternalProgram, arguments: [String], loader: ManifestLoader
    ) -> [LoadedFile] {
        let kustomizationFile = Self.kustomizationFile(in: read(directory)).map { Self.join(directory, ($0 as NSString).lastPathComponent) }
        let shownCommand = "\(program.name) \(arguments.joined(separator: " ")) \(directory)"
        func failure(_ reason: String) -> [LoadedFile] {
            [LoadedFile(failed: ManifestError(.renderFailed, reason, path: kustomizationFile ?? directory))]
        }
        let target = RepositoryConfig.absolute(read(directory))
        let wrapper: String
        do {
            wrapper = try Self.temporaryDirectory(prefix: "sealgate-render")
        } catch {
            return failure("cannot make a temporary directory to render in (\(error)); check TMPDIR")
        }
        defer { try? FileManager.default.removeItem(atPath: wrapper) }
        let text = "resources:\n- \(Self.relativePath(from: wrapper, to: target))\nbuildMetadata: [originAnnotations]\n"
        guard FileManager.default.createFile(atPath: Self.join(wrapper, "kustomization.yaml"), contents: Data(text.utf8)) else {
            return failure("cannot write a kustomization in \(wrapper) to render with; check TMPDIR")
        }
        let output: [UInt8]
        do {
            output = try self.output(of: program, arguments + [wrapper], limit: loader.limits.maxFileSize)
        } catch {
            return failure("\(error); the command was: \(shownCommand)")
        }
        let limits = loader.limits
        do {
            return try RenderedManifests.kustomizeFiles(
                output, fallbackPath: kustomizationFile ?? directory, limits: limits,
                sourcePath: { show(Self.unresolved(RepositoryConfig.absolute(Self.join(wrapper, $0)), near: target)) },
                sourceDocuments: { path in
                    guard let bytes = try? ManifestLoader.readFile(read(path), limit: limits.maxFileSize) else { return nil }
                    return try? bytes.withUnsafeBytes { raw in
                        try Result { () throws(ManifestError) in
                            try ManifestParser.documents(in: raw, file: SourceFile(path: path), limits: limits)
                        }.get()
                    }
                })
        } catch {
            return failure("\(program.name) printed what is not YAML (\(error.reason)); the command was: \(shownCommand)")
        }
    }

    /// `path` (absolute, as kustomize resolved it, symbolic links followed) spelled through `given`, the
    /// directory the user named, or the nearest of its ancestors whose resolved path holds it: a
    /// repository reached through a link is named as the user reaches it.
    static func unresolved(_ path: String, near given: String) -> String {
        var ancestor = given
        while true {
            let resolved = URL(fileURLWithPath: ancestor).resolvingSymlinksInPath().path
            if path == resolved { return ancestor }
            if path.hasPrefix(resolved == "/" ? "/" : resolved + "/") {
                return ancestor == "/" ? path : ancestor + path.dropFirst(resolved == "/" ? 0 : resolved.count)
            }
            guard ancestor != "/", !ancestor.isEmpty else { return path }
            ancestor = (ancestor as NSString).deletingLastPathComponent
        }
    }

    /// The kustomization file of `directory`, as kustomize looks for it, or nil.
    static func kustomizationFile(in directory: String) -> String? {
        for name in ["kustomization.yaml", "kustomization.yml", "Kustomization"] {
            let path = join(directory, name)
            if FileManager.default.fileExists(atPath: path) { return path }
        }
        return nil
    }

    /// A new directory, readable by its owner only, under the temporary directory (`TMPDIR`), named
    /// `prefix-XXXXXX`; its absolute path.
    static func temporaryDirectory(prefix: String) throws(PlatformError) -> String {
        let base = FileManager.default.temporaryDirectory.path
        return RepositoryConfig.absolute(try Platform.makeTemporaryDirectory(join(base, "\(prefix)-XXXXXX")).get())
    }

    /// The relative path from directory `from` to `to`, both absolute and standardized.
    static func relativePath(from: String, to: String) -> String {
        let source = from.split(separator: "/"), target = to.split(separator: "/")
        var common = 0
        while common < source.count, common < target.count, source[common] == target[common] { common += 1 }
        let ups = Array(repeating: "..", count: source.count - common)
        let path = (ups + target[common...].map(String.init)).joined(separator: "/")
        return path.isEmpty ? "." : path
    }

    static func join(_ directory: String, _ name: String) -> String {
        directory.isEmpty || directory == "." ? name : directory.hasSuffix("/") ? directory + name : "\(directory)/\(name)"
    }
}
