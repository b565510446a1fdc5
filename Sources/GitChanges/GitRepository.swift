// sealgate · GitChanges

internal import CLibGit2
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif
internal import KubeManifest
internal import Synchronization

/// A Git repository opened through libgit2: revisions, merge bases, changes between trees, and the files
/// of a commit or of the index, read without checking anything out.
///
/// `GitRepository` is `Sendable`: libgit2 lets one thread at a time use a repository and what is taken
/// from it, so every operation holds the repository's lock for as long as it calls libgit2, and hands
/// back plain Swift values (ids, paths, bytes) that hold no libgit2 object. Two tasks may share one
/// repository; their operations run one after the other.
public final class GitRepository: Sendable {
    /// The `git_repository`, used by one thread at a time.
    private let handle: Mutex<OpaquePointer>

    /// The Git directory (`.git` of a working tree, the repository itself when it is bare), as libgit2
    /// found it, without a trailing slash.
    public let gitDirectory: String
    /// The root of the working tree, every symbolic link resolved, without a trailing slash; `nil` when the
    /// repository is bare.
    public let workingDirectory: String?
    /// The directory shared by all worktrees of the repository (`.git` of the main one), where Git keeps
    /// the `shallow` file.
    private let commonDirectory: String

    /// Whether the repository has no working tree.
    public var isBare: Bool { workingDirectory == nil }

    private init(_ repository: sending OpaquePointer) {
        gitDirectory = Self.trimmingSlash(String(cString: git_repository_path(repository)))
        commonDirectory = Self.trimmingSlash(String(cString: git_repository_commondir(repository)))
        workingDirectory = git_repository_workdir(repository).map { workdir in
            let path = Self.trimmingSlash(String(cString: workdir))
            return Self.realPath(path) ?? path
        }
        handle = Mutex(repository)
    }

    deinit {
        handle.withLock { git_repository_free($0) }
    }

    /// Opens the repository that holds `path`, searching upwards from it as `git` does: the nearest
    /// directory with a `.git` (a directory, or a file pointing to one, as in a worktree or submodule), or
    /// a bare repository. The search does not cross into another file system.
    ///
    /// - Parameter path: a file or directory, relative to the current directory or absolute; it need not
    ///   exist (a path deleted in the working tree is searched for from its nearest existing parent).
    /// - Throws: ``GitError`` with `notARepository` when no repository holds the path,
    ///   `untrustedOwner` when Git's ownership check refuses it.
    public static func discover(from path: String) throws(GitError) -> GitRepository {
        guard LibGit2.initialization >= 0 else {
            throw GitError(LibGit2.failure(LibGit2.initialization), while: "initialising libgit2", path: nil)
        }
        let start = nearestDirectory(path)
        var repository: OpaquePointer?
        let code = git_repository_open_ext(&repository, start, 0, nil)
        guard code == 0, let repository else {
            let failure = LibGit2.failure(code)
            if code == GIT_ENOTFOUND.rawValue {
                throw GitError(
                    .notARepository,
                    "not in a Git repository (nor in any directory above it); run sealgate inside a clone, or give a path in one",
                    path: path)
            }
            if code == GIT_EOWNER.rawValue {
                throw GitError(
                    .untrustedOwner,
                    "the repository is owned by another user; if you trust it, run git config --global --add safe.directory <its path>",
                    path: path)
            }
            throw GitError(failure, while: "opening the repository", path: path)
        }
        return GitRepository(repository)
    }

    /// The path of `path` inside the working tree, with `/` separators and no `.` or `..` components: `""`
    /// for the root of the working tree, `deploy/app.yaml` for a file below it.
    ///
    /// This is how a path a user typed (relative to the directory they are in) names the same place in a
    /// commit or in the index. Symbolic links along the part of the path that exists are resolved, as for
    /// the working tree's own path; the rest (a path deleted from the working tree) is taken as written.
    ///
    /// - Parameters:
    ///   - path: absolute, or relative to `currentDirectory`.
    ///   - currentDirectory: the directory relative paths start from; `nil` for the process's current
    ///     directory.
    /// - Throws: ``GitError`` with `bareRepository` (there is no working tree), or
    ///   `outsideWorkingTree`.
    public func repositoryPath(of path: String, currentDirectory: String? = nil) throws(GitError) -> String {
        guard let root = workingDirectory else { throw bareRepositoryError(doing: "mapping a path into the working tree") }
        let base = currentDirectory ?? Self.processDirectory()
        let resolved = Self.resolve(path.hasPrefix("/") ? path : base + "/" + path)
        guard let below = root == "/" ? resolved.dropFirst() : resolved.below(root) else {
            throw GitError(
                .outsideWorkingTree,
                "is outside the repository's working tree (\(root)); give a path inside it",
                path: path)
        }
        return String(below)
    }

    /// Whether the repository is a shallow clone (`git clone --depth`): its history stops at the commits of
    /// ``shallowBoundary()``, whose parents are not in it.
    public var isShallow: Bool {
        handle.withLock { git_repository_is_shallow($0) == 1 }
    }

    /// The commits where a shallow clone's history stops (Git's `shallow` file): each is in the repository,
    /// its parents are not. Empty when the repository is not shallow.
    public func shallowBoundary() -> [GitObjectID] {
        guard let bytes = try? ManifestLoader.readFile(commonDirectory + "/shallow", limit: 64 << 20) else { return [] }
        return bytes.split(separator: UInt8(ascii: "\n")).compactMap { line in
            GitObjectID(hex: String(decoding: line, as: UTF8.self).trimmingSpaces())
        }
    }

    /// Runs `body` with the `git_repository`, holding the lock, on the calling thread.
    func withRepository<Result: Sendable>(
        _ body: (OpaquePointer) throws(GitError) -> Result
    ) throws(GitError) -> Result {
        try handle.withLock { (repository: inout sending OpaquePointer) throws(GitError) -> Result in
            try body(repository)
        }
    }

    /// The error for an operation that needs a working tree, in a bare repository.
    func bareRepositoryError(doing what: String) -> GitError {
        GitError(
            .bareRepository,
            "is a bare repository (no working tree), which \(what) needs; run sealgate in a clone with a working tree",
            path: gitDirectory)
    }

    /// What the repository is called in messages: its working tree, or its Git directory when bare.
    var displayPath: String { workingDirectory ?? gitDirectory }

    // MARK: - Paths

    private static func trimmingSlash(_ path: String) -> String {
        path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }

    private static func processDirectory() -> String {
        guard let directory = getcwd(nil, 0) else { return "." }
        defer { free(directory) }
        return String(cString: directory)
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The existing directory nearest to `path`: itself, or the first existing parent.
    private static func nearestDirectory(_ path: String) -> String {
        var candidate = path.isEmpty ? "." : path
        while true {
            var info = stat()
            if stat(candidate, &info) == 0, info.st_mode & S_IFMT == S_IFDIR { return candidate }
            guard let slash = candidate.lastIndex(of: "/") else { return "." }
            candidate = slash == candidate.startIndex ? "/" : String(candidate[..<slash])
        }
    }

    /// `absolute` with every symbolic link of its longest existing prefix resolved, and `.` and `..` of the
    /// rest applied as written.
    private static func resolve(_ absolute: String) -> String {
        let components = absolute.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        for existing in stride(from: components.count, through: 0, by: -1) {
            guard let base = realPath("/" + components[..<existing].joined(separator: "/")) else { continue }
            var result = base.split(separator: "/").map(String.init)
            for component in components[existing...] {
                switch component {
                case ".": continue
                case "..": _ = result.popLast()
                default: result.append(component)
                }
            }
            return "/" + result.joined(separator: "/")
        }
        return absolute
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and carriage returns.
    fileprivate func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        return String(drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}
