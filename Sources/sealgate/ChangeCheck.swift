// sealgate · CLI

internal import ArgumentParser
internal import Diagnostics
internal import Foundation
internal import GitChanges
internal import KubeManifest
internal import PolicyEngine

/// What `check --base` reads: the head (the working tree, the index or a commit) whole, and of the base
/// only the files the change touched; the rest of the base is the head's own objects.
struct ChangeCheck {
    /// The paths to check, as the user gave them (relative to the working directory).
    let paths: [String]
    let options: ChangeOptions
    var loader = ManifestLoader()
    /// What the repository's settings leave out, on both sides of the comparison.
    var exclusion: PathExclusion?
    /// The charts and kustomizations to render, on both sides: each side's own files are rendered (a
    /// revision written out to a temporary directory first), so a finding of what is rendered is new,
    /// updated or already there as any other.
    var rendering = Rendering()

    /// The head, loaded as `check` loads paths, and the base and what was compared, for the checker.
    struct Loaded {
        var head: LoadedManifests
        var base: ChangeBase
        var context: ChangeContext
    }

    func load(verbose: Bool) async throws -> Loaded {
        let start = paths.first ?? "."
        let repository = try git { () throws(GitError) in try GitRepository.discover(from: start) }
        let headCommit = try resolve(options.head ?? "HEAD", in: repository)
        let given = try resolve(options.base ?? "HEAD", in: repository)
        let baseCommit: GitObjectID
        switch options.baseMode {
        case .direct: baseCommit = given.id
        case .mergeBase:
            do {
                baseCommit = try repository.mergeBase(given.id, headCommit.id)
            } catch {
                throw Self.report(error, base: given.id.description)
            }
        }

        let target: GitDiffTarget
        let headName: String
        if options.staged {
            (target, headName) = (.index, "the index")
        } else if options.head != nil {
            (target, headName) = (.commit(headCommit.id), headCommit.id.abbreviated(7))
        } else {
            (target, headName) = (.workingTree, "the working tree")
        }
        let paths = paths
        let repositoryPaths = try git { () throws(GitError) in
            try paths.map { path throws(GitError) in try repository.repositoryPath(of: path) }
        }
        let changes = try await gitOffPool { () throws(GitError) in
            try repository.changes(from: baseCommit, to: target, paths: repositoryPaths)
        }
        let changedAtHead = Set(changes.compactMap { $0.new?.path })
        let changedAtBase = Set(changes.compactMap { $0.old?.path })

        // The head, whole: the working tree as a plain check reads it, or the blobs of the index or a commit.
        let head: LoadedManifests
        var headRepositoryPath: [String: String] = [:]
        switch target {
        case .workingTree:
            var sources = ManifestSources(paths, standardInput: false)
            sources.exclusion = exclusion
            sources.loader = loader
            sources.rendering = rendering
            head = try await sources.load(verbose: verbose)
            for file in head.readFiles {
                headRepositoryPath[file.file.path] = try? repository.repositoryPath(of: file.file.path)
            }
        case .index, .commit:
            let source: GitSource = options.staged ? .index : .commit(headCommit.id)
            let limits = loader.limits
            let manifests = try await gitOffPool { () throws(GitError) in
                try repository.manifests(in: source, paths: paths, limits: limits)
            }
            let files = manifests.files.filter { exclusion?.keeps($0.name) ?? true }
            for notice in manifests.notices { Terminal.error(notice.description) }
            for problem in manifests.inputErrors { Terminal.error(problem.description) }
            guard manifests.inputErrors.isEmpty else { throw ExitCode.unusableInput }
            for file in files { headRepositoryPath[file.name] = file.file.path }
            let read = await loader.load(files.map(\.input))
            let rendered = try await renderRevision(source, of: repository, under: repositoryPaths)
            head = LoadedManifests(
                result: read.replacing(files: read.files + rendered, notices: read.notices), refusedInputs: [],
                renderedFiles: rendered.count)
        }
        let unchanged = Set(
            head.readFiles.map(\.file.path).filter { name in
                headRepositoryPath[name].map { !changedAtHead.contains($0) } ?? false
            })

        // The base: what the change touched, read from the base commit; everything else is the head's.
        let limits = loader.limits
        let touched = try await gitOffPool { () throws(GitError) in
            try repository.manifests(in: .commit(baseCommit), paths: paths, limits: limits, only: changedAtBase)
        }
        let baseResult = await loader.load(touched.files.filter { exclusion?.keeps($0.name) ?? true }.map(\.input))
        // Rendered objects are never taken from the head for the base: a change to any file a rendering
        // reads (a values file, a base, a patch) can change them, so the base renders its own.
        let kept = head.readFiles.flatMap(\.objects).filter { unchanged.contains($0.origin.location.file.path) }
        let baseRendered = try await renderRevision(.commit(baseCommit), of: repository, under: repositoryPaths)
        let base = ChangeBase(
            objects: kept + baseResult.objects + baseRendered.flatMap(\.objects),
            parseErrors: baseResult.parseErrors + baseRendered.compactMap(\.error),
            fileCount: unchanged.count + baseResult.files.count + baseRendered.count, unchangedFiles: unchanged)
        let context = ChangeContext(
            baseCommit: baseCommit.description, headCommit: target == .workingTree || target == .index ? nil : headCommit.id.description,
            headName: headName, repositoryURI: repository.remoteURL(), newOnly: options.newOnly,
            checkedOutCommit: options.head == nil ? headCommit.id.description : nil)
        if verbose {
            Terminal.error(
                "notice: comparing \(headName) with \(baseCommit.abbreviated(7)): \(TerminalText.counted(changes.count, "changed path")) under the checked paths"
            )
        }
        return Loaded(head: head, base: base, context: context)
    }

    /// What ``rendering`` renders from `source`'s files: the revision written out to a temporary directory
    /// (removed afterwards), its charts under `checked` (the checked paths as repository paths) and the
    /// kustomizations that exist in it rendered there, each file named as the working tree's would be.
    /// Nothing when nothing is rendered.
    private func renderRevision(_ source: GitSource, of repository: GitRepository, under checked: [String]) async throws -> [LoadedFile] {
        guard !rendering.isEmpty, let top = repository.workingDirectory else { return [] }
        let limits = loader.limits
        let written = try await gitOffPool { () throws(GitError) in
            try RevisionTree.write(source, of: repository, limit: limits.maxFileSize)
        }
        defer { try? FileManager.default.removeItem(atPath: written.directory) }
        var revision = rendering
        let root = RenderRoot(readTop: written.directory, shownTop: top)
        revision.root = root
        let charts = HelmCharts.withoutTemplates(written.files).charts.filter { chart in
            checked.contains {
                $0.isEmpty || chart.directory == $0 || chart.directory.hasPrefix($0 + "/") || $0.hasPrefix(chart.directory + "/")
            }
        }
        let notices = charts.map { chart in
            LoadNotice(
                path: RepositoryConfig.display(top + (chart.directory.isEmpty ? "" : "/" + chart.directory)),
                kind: .helmChartTemplates(count: chart.templates))
        }
        revision.kustomize = rendering.kustomize.filter { Rendering.kustomizationFile(in: root.read($0)) != nil }
        return try await revision.applying(to: LoadResult(files: [], notices: notices), loader: loader).files
    }

    private func resolve(_ revision: String, in repository: GitRepository) throws -> GitCommit {
        try git { () throws(GitError) in try repository.resolve(revision) }
    }

    /// Runs a Git operation; its error is printed with what to do about it, and ends the command with exit 2.
    private func git<T>(_ body: () throws(GitError) -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw Self.report(error)
        }
    }

    /// ``git(_:)`` off the cooperative pool, for operations that read many objects.
    private func gitOffPool<T: Sendable>(_ body: @escaping @Sendable () throws(GitError) -> T) async throws -> T {
        do {
            return try await BlockingWork.run(body)
        } catch {
            throw Self.report(error)
        }
    }

    /// Prints a Git error with the flags that fix it; returns the exit code (2) to end the command with.
    static func report(_ error: GitError, base: String? = nil) -> ExitCode {
        Terminal.error(error.description)
        switch error.code {
        case .shallowBoundary:
            let commit = base ?? error.object.map { $0.description } ?? "<base commit>"
            Terminal.error(
                "hint: this clone is shallow; fetch the history the comparison needs (actions/checkout with fetch-depth: 0, "
                    + "or git fetch --deepen=50), or fetch the base alone with git fetch --depth=1 origin \(commit) and pass --base-mode direct"
            )
        case .unknownRevision:
            Terminal.error("hint: on a pull request's merge commit, --base HEAD^1 --base-mode direct needs no other branch")
        case .noMergeBase:
            Terminal.error("hint: to compare with the revision as it is, pass --base-mode direct")
        default:
            break
        }
        return ExitCode.unusableInput
    }
}
