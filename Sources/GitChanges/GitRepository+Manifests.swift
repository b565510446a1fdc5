// sealgate · GitChanges

internal import CLibGit2
public import KubeManifest

/// One manifest file of a revision, ready for `ManifestLoader`.
public struct GitManifestFile: Sendable, Hashable {
    /// The name messages show: the path as the user would see it in the working tree (`deploy/app.yaml`
    /// for the path `deploy` typed in the repository's root), exactly as a directory walk names the file.
    public let name: String
    /// The blob and its repository-relative path.
    public let file: GitFile
    /// What to load: the blob's bytes under ``name``, or, for a blob over the size limit, its name and size
    /// (its content is not read).
    public let input: ManifestInput
}

/// The manifests of a revision under the paths a user gave, read as a directory walk of the checked-out
/// tree would read them.
public struct GitManifests: Sendable {
    /// The files, in the order a load of the same paths on disk lists them.
    public let files: [GitManifestFile]
    /// Paths that name nothing in the revision (`ManifestError.Code.notFound`), as a load reports paths
    /// that do not exist.
    public let inputErrors: [ManifestError]
    /// Submodules, symbolic links, LFS pointers and unmerged paths that were not read, named as the user
    /// would see them.
    public let notices: [GitNotice]

    /// The inputs to give `ManifestLoader.load(_:)`, in order.
    public var inputs: [ManifestInput] { files.map(\.input) }
}

extension GitRepository {
    /// The manifests a load of `paths` would read in the working tree, read from `source` instead: a path
    /// naming a file is read whatever its name; a path naming a directory is walked with the loader's own
    /// rules (hidden names skipped, `.yaml`, `.yml` and `.json` files taken, names sorted by their bytes),
    /// and every blob is bounded by `limits.maxFileSize` before its content is read. Loading
    /// ``GitManifests/inputs`` then gives the objects, positions and skipped documents a load of the
    /// checked-out files gives, under the same names.
    ///
    /// Unlike a walk of the working tree, symbolic links are never followed (each is a notice), and
    /// submodules and Git LFS pointers are notices too.
    ///
    /// - Parameters:
    ///   - source: the commit or the index to read.
    ///   - paths: files or directories as the user gave them (relative to `currentDirectory`).
    ///   - currentDirectory: the directory relative paths start from; `nil` for the process's current
    ///     directory.
    ///   - limits: the loader's limits (only `LoaderLimits.maxFileSize` is used here).
    ///   - only: when given, the repository-relative paths of the only files to read (the others the walk
    ///     finds are left out, unread): the files a change touched, when the rest is known to be the same.
    /// - Throws: ``GitError`` when a path is outside the working tree, the repository is bare, the commit is
    ///   missing, or libgit2 fails.
    public func manifests(
        in source: GitSource, paths: [String], currentDirectory: String? = nil, limits: LoaderLimits = LoaderLimits(),
        only: Set<String>? = nil
    ) throws(GitError) -> GitManifests {
        var named: [(typed: String, inRepository: String)] = []
        for path in paths {
            named.append((path, try repositoryPath(of: path, currentDirectory: currentDirectory)))
        }
        return try withRepository { (repository) throws(GitError) -> GitManifests in
            let odb = try objectDatabase(of: repository)
            defer { git_odb_free(odb) }
            var files: [GitManifestFile] = []
            var inputErrors: [ManifestError] = []
            var notices: [GitNotice] = []
            for (typed, inRepository) in named {
                guard let listing = try listing(of: source, under: inRepository, filter: ManifestLoader.walkTakes, in: repository)
                else {
                    inputErrors.append(ManifestError(.notFound, "no such file or directory in \(source); check the path", path: typed))
                    continue
                }
                let shown = { (path: String) in Self.shownPath(path, named: inRepository, typed: typed) }
                notices += listing.notices.map { GitNotice(path: shown($0.path), kind: $0.kind) }
                // A Helm chart's templates are left out as a directory walk leaves them out.
                let charts = HelmCharts.withoutTemplates(listing.files.map(\.path))
                let kept = Set(charts.kept)
                notices += charts.charts.map { GitNotice(path: shown($0.directory), kind: .helmChartTemplates(count: $0.templates)) }
                for file in listing.files where kept.contains(file.path) && only?.contains(file.path) ?? true {
                    let name = shown(file.path)
                    let input: ManifestInput
                    switch try readBlob(file.id, limit: limits.maxFileSize, from: odb) {
                    case let .bytes(bytes):
                        input = .content(name: name, bytes: bytes)
                    case let .tooLarge(size):
                        input = .tooLarge(name: name, size: size)
                    case .lfsPointer:
                        notices.append(GitNotice(path: name, kind: .lfsPointer))
                        continue
                    }
                    files.append(GitManifestFile(name: name, file: file, input: input))
                }
            }
            return GitManifests(files: files, inputErrors: inputErrors, notices: notices)
        }
    }

    /// How a directory walk of `typed` (which is `named` in the repository) names the entry at `path`.
    private static func shownPath(_ path: String, named: String, typed: String) -> String {
        guard let below = path.below(named), !below.isEmpty else { return typed }
        return (typed.hasSuffix("/") ? typed : typed + "/") + below
    }
}
