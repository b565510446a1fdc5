// sealgate · KubeManifest

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif
public import Diagnostics
internal import Dispatch
#if canImport(FoundationEssentials)
internal import FoundationEssentials
#else
internal import Foundation
#endif
internal import Synchronization

/// An input to load: a path on disk, or bytes already read (standard input, a blob from Git).
public enum ManifestInput: Sendable, Hashable {
    /// A file, or a directory searched recursively for `*.yaml`, `*.yml` and `*.json` (hidden entries skipped).
    ///
    /// A path named here is always read, whatever it is or links to. Inside a directory, a symbolic link is
    /// followed only when it resolves to a place inside that directory; one that leads out of it, loops
    /// back to a directory enclosing it, or reaches a directory already searched is skipped with a
    /// ``LoadNotice``. A directory that cannot be listed is reported like a file that cannot be read.
    case path(String)
    /// Content held in memory, shown in messages under `name` (`-` for standard input).
    case content(name: String, bytes: [UInt8])
    /// Content of `size` bytes that was left unread because it is over ``LoaderLimits/maxFileSize`` (a Git
    /// blob, whose size is known before its content is read): it stands in the result, in its place, as a
    /// ``LoadedFile`` named `name` with the error a file of that size gets.
    case tooLarge(name: String, size: Int)
}

/// What one file gave.
public struct LoadedFile: Sendable {
    /// The file.
    public let file: SourceFile
    /// Its objects, in order.
    public let objects: [KubeObject]
    /// Its documents and items that hold no object.
    public let skipped: [SkippedDocument]
    /// Why the file could not be read, if it could not; its objects are then empty.
    public let error: ManifestError?

    /// A file that could not be read, or a rendering that failed, with why.
    package init(failed error: ManifestError) {
        self.init(file: error.location?.file ?? SourceFile(path: "-"), objects: [], skipped: [], error: error)
    }

    /// A file and what it gave.
    package init(file: SourceFile, objects: [KubeObject], skipped: [SkippedDocument], error: ManifestError?) {
        self.file = file
        self.objects = objects
        self.skipped = skipped
        self.error = error
    }
}

/// Everything a load found, in a deterministic order: inputs in the order given, directory entries sorted.
public struct LoadResult: Sendable {
    /// Each file that was read or tried, and each directory that could not be listed (with its ``LoadedFile/error``).
    public let files: [LoadedFile]
    /// Problems with the inputs themselves (a path that does not exist or cannot be read).
    public let inputErrors: [ManifestError]
    /// What directory walks left out on purpose (symbolic links out of the tree, loops), in walk order.
    public let notices: [LoadNotice]

    /// Every object of every file, in order.
    public var objects: [KubeObject] { files.flatMap(\.objects) }
    /// Every skipped document, in order.
    public var skipped: [SkippedDocument] { files.flatMap(\.skipped) }
    /// Every file that could not be parsed or read, and every directory that could not be listed, in order.
    public var parseErrors: [ManifestError] { files.compactMap(\.error) }

    /// A result of `files`, `inputErrors` and `notices`.
    package init(files: [LoadedFile], inputErrors: [ManifestError] = [], notices: [LoadNotice] = []) {
        self.files = files
        self.inputErrors = inputErrors
        self.notices = notices
    }

    /// This result with other files and notices (a renderer's objects added, its chart's notice replaced).
    package func replacing(files: [LoadedFile], notices: [LoadNotice]) -> LoadResult {
        LoadResult(files: files, inputErrors: inputErrors, notices: notices)
    }
}

/// Loads manifests from files, directories and in-memory content, using every core.
public struct ManifestLoader: Sendable {
    /// The bounds applied to every file.
    public var limits: LoaderLimits
    /// How many files are parsed at once.
    public var concurrency: Int

    /// Creates a loader.
    ///
    /// - Parameters:
    ///   - limits: the bounds applied to every file.
    ///   - concurrency: how many files to parse at once; `nil` means one per active processor.
    public init(limits: LoaderLimits = LoaderLimits(), concurrency: Int? = nil) {
        self.limits = limits
        self.concurrency = max(1, concurrency ?? ProcessInfo.processInfo.activeProcessorCount)
    }

    /// Loads `inputs`. Never throws: unreadable paths and unparsable files are reported in the result, so a
    /// caller can list every problem at once.
    ///
    /// The directory walks and the parsing run on Dispatch's threads, not on Swift's cooperative pool, which
    /// stays free for the rest of the process while a large tree loads.
    public func load(_ inputs: [ManifestInput]) async -> LoadResult {
        await BlockingWork.run { [self] in loadBlocking(inputs) }
    }

    /// ``load(_:)`` on the calling thread, with the files parsed on up to ``concurrency`` threads: for a
    /// caller that is already off the cooperative pool.
    package func loadBlocking(_ inputs: [ManifestInput]) -> LoadResult {
        var jobs: [Job] = []
        var inputErrors: [ManifestError] = []
        var notices: [LoadNotice] = []
        for input in inputs {
            switch input {
            case let .content(name, bytes):
                jobs.append(.content(name: name, bytes: bytes))
            case let .tooLarge(name, size):
                jobs.append(.unlistable(name, .tooLarge(size: size, limit: limits.maxFileSize, path: name)))
            case let .path(path):
                do throws(ManifestError) {
                    try Self.expand(path, into: &jobs, notices: &notices)
                } catch {
                    inputErrors.append(error)
                }
            }
        }
        let files = Self.run(jobs, limits: limits, concurrency: concurrency)
        return LoadResult(files: files, inputErrors: inputErrors, notices: notices)
    }

    /// Loads one file synchronously on the calling thread.
    public func loadFile(atPath path: String) -> LoadedFile {
        Self.run(.file(path), limits: limits)
    }

    /// Reads and parses one input with the loader's limits, on the calling thread, keeping every document:
    /// for a caller that wants any YAML or JSON value (a CEL variable), not only Kubernetes objects. A path
    /// names one file here: a directory is an error, not a walk.
    ///
    /// - Throws: ``ManifestError`` naming the input: it cannot be read, is too large, or does not parse.
    public func documents(of input: ManifestInput) throws(ManifestError) -> [Document] {
        switch input {
        case let .path(path):
            return try Self.documents(in: try Self.readFile(path, limit: limits.maxFileSize), file: SourceFile(path: path), limits: limits)
        case let .content(name, bytes):
            return try Self.documents(in: bytes, file: SourceFile(path: name), limits: limits)
        case let .tooLarge(name, size):
            throw ManifestError.tooLarge(size: size, limit: limits.maxFileSize, path: name)
        }
    }

    // MARK: - Jobs

    private enum Job: Sendable {
        case file(String)
        case content(name: String, bytes: [UInt8])
        /// A directory that could not be listed, or a file that could not be read: it stands in the results
        /// where its files would have.
        case unlistable(String, ManifestError)
    }

    /// Runs `jobs` on up to `concurrency` threads, each taking the next job when it finishes one (files
    /// differ in size), and returns their results in the jobs' order.
    private static func run(_ jobs: [Job], limits: LoaderLimits, concurrency: Int) -> [LoadedFile] {
        let next = Atomic(0)
        let results = Mutex([LoadedFile?](repeating: nil, count: jobs.count))
        DispatchQueue.concurrentPerform(iterations: min(concurrency, jobs.count)) { _ in
            while true {
                let index = next.add(1, ordering: .relaxed).oldValue
                guard index < jobs.count else { return }
                let file = run(jobs[index], limits: limits)
                results.withLock { $0[index] = file }
            }
        }
        return results.withLock { $0.map { $0! } }
    }

    private static func run(_ job: Job, limits: LoaderLimits) -> LoadedFile {
        switch job {
        case let .file(path):
            let file = SourceFile(path: path)
            do throws(ManifestError) {
                let bytes = try readFile(path, limit: limits.maxFileSize)
                return parse(bytes, file: file, limits: limits)
            } catch {
                return LoadedFile(file: file, objects: [], skipped: [], error: error)
            }
        case let .content(name, bytes):
            return parse(bytes, file: SourceFile(path: name), limits: limits)
        case let .unlistable(path, error):
            return LoadedFile(file: SourceFile(path: path), objects: [], skipped: [], error: error)
        }
    }

    private static func parse(_ bytes: [UInt8], file: SourceFile, limits: LoaderLimits) -> LoadedFile {
        do throws(ManifestError) {
            let documents = try documents(in: bytes, file: file, limits: limits)
            var objects: [KubeObject] = []
            var skipped: [SkippedDocument] = []
            for document in documents {
                let found = KubeObject.objects(in: document)
                objects += found.objects
                skipped += found.skipped
            }
            return LoadedFile(file: file, objects: objects, skipped: skipped, error: nil)
        } catch {
            return LoadedFile(file: file, objects: [], skipped: [], error: templateError(for: error, bytes: bytes, file: file))
        }
    }

    /// The error to report for a file that did not parse: a Go template's parse failure (libyaml's words
    /// about flow nodes and mapping keys) becomes ``ManifestError/Code/goTemplate`` at the first action, as
    /// the file is a template to render rather than a manifest to fix.
    package static func templateError(for error: ManifestError, bytes: [UInt8], file: SourceFile) -> ManifestError {
        let parserCodes: [ManifestError.Code] = [.syntax, .complexKey, .duplicateKey, .unknownAlias, .invalidMerge, .invalidTag]
        guard parserCodes.contains(error.code), let action = GoTemplateText.firstAction(in: bytes) else { return error }
        return ManifestError(.goTemplate, GoTemplateText.reason, at: SourceLocation(file: file, line: action.line, column: action.column))
    }

    private static func documents(in bytes: [UInt8], file: SourceFile, limits: LoaderLimits) throws(ManifestError) -> [Document] {
        try bytes.withUnsafeBytes { raw in
            Result { () throws(ManifestError) in try ManifestParser.documents(in: raw, file: file, limits: limits) }
        }.get()
    }

    // MARK: - File system

    /// Whether a directory entry is a manifest by its name.
    static func isManifestName(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") || lower.hasSuffix(".json")
    }

    /// Whether a directory walk takes an entry named `name`: it enters a directory and loads a regular file
    /// unless the name is hidden (starts with `.`), and loads a file only by a manifest extension. Trees read
    /// from elsewhere (a Git revision) go through this same rule, so they load exactly the files a walk of
    /// the checked-out tree would.
    package static func walkTakes(_ name: String, isDirectory: Bool) -> Bool {
        !name.hasPrefix(".") && (isDirectory || isManifestName(name))
    }

    /// The order a directory walk visits the names of one directory in: by their UTF-8 bytes, so it does
    /// not depend on the locale or on Unicode normalization.
    package static func walkOrder(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// Adds the files `path` stands for: itself, or the manifests below it in sorted order.
    private static func expand(_ path: String, into jobs: inout [Job], notices: inout [LoadNotice]) throws(ManifestError) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let reason = errno == ENOENT ? "no such file or directory; check the path" : systemError("cannot read")
            throw ManifestError(errno == ENOENT ? .notFound : .unreadable, reason, path: path)
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            jobs.append(.file(path))
            return
        }
        var walk = DirectoryWalk(root: path, resolvedRoot: resolvedPath(path) ?? path)
        walk.search(path, id: FileID(info))
        // A Helm chart's templates are not manifests: left out, with one notice per chart.
        let files = walk.jobs.compactMap { job -> String? in if case let .file(file) = job { file } else { nil } }
        let charts = HelmCharts.withoutTemplates(files)
        let kept = Set(charts.kept)
        jobs += walk.jobs.filter { job in if case let .file(file) = job { kept.contains(file) } else { true } }
        notices += walk.notices
        notices += charts.charts.map { LoadNotice(path: $0.directory, kind: .helmChartTemplates(count: $0.templates)) }
    }

    /// A device and inode: what makes two paths the same directory.
    private struct FileID: Hashable {
        // The C types, whose widths differ: dev_t is Int32 on Darwin (a conversion to UInt64 would trap on a
        // negative device number) and UInt64 on Linux.
        let device: dev_t
        let inode: ino_t

        init(_ info: stat) {
            device = info.st_dev
            inode = info.st_ino
        }
    }

    /// One directory named by the user, searched depth first in sorted order.
    ///
    /// Symbolic links to directories are followed only after the whole tree has been searched without
    /// them, so a directory that is both in the tree and the target of a link is loaded under its own path
    /// (findings then name the real file), and a link that only leads back into the tree is a notice.
    private struct DirectoryWalk {
        /// The directory as the user named it, for notices.
        let root: String
        /// Its real path: symbolic links that resolve outside it are not followed.
        let resolvedRoot: String
        var jobs: [Job] = []
        var notices: [LoadNotice] = []
        /// Every directory searched so far, with the path it was searched under.
        private var searched: [FileID: String] = [:]
        /// Links to directories inside the tree, waiting until the tree has been searched.
        private var pendingLinks: [(path: String, id: FileID, loops: Bool)] = []

        init(root: String, resolvedRoot: String) {
            self.root = root
            self.resolvedRoot = resolvedRoot
        }

        /// Searches `directory` and then, in the order they were found, the links to directories in it.
        mutating func search(_ directory: String, id: FileID) {
            searchTree(directory, id: id)
            var next = 0
            while next < pendingLinks.count {
                let link = pendingLinks[next]
                next += 1
                if let earlier = searched[link.id] {
                    let kind: LoadNotice.Kind = link.loops ? .linkLoop(ancestor: earlier) : .linkToSearched(searched: earlier)
                    notices.append(LoadNotice(path: link.path, kind: kind))
                } else {
                    searchTree(link.path, id: link.id)
                }
            }
        }

        /// Searches `directory` and the directories below it, queueing the links to directories it meets.
        private mutating func searchTree(_ directory: String, id: FileID) {
            searched[id] = directory
            let names: [String]
            do throws(ManifestError) {
                names = try ManifestLoader.listDirectory(directory)
            } catch {
                jobs.append(.unlistable(directory, error))
                return
            }
            let prefix = directory.hasSuffix("/") ? directory : directory + "/"
            // Hidden names are left out before any stat; the extension rule waits for the entry's type.
            for name in names.sorted(by: ManifestLoader.walkOrder) where ManifestLoader.walkTakes(name, isDirectory: true) {
                let child = prefix + name
                var info = stat()
                guard lstat(child, &info) == 0 else { continue }
                let isLink = info.st_mode & S_IFMT == S_IFLNK
                if isLink {
                    guard stat(child, &info) == 0 else { continue }  // a dangling link names nothing to load
                }
                let isDirectory = info.st_mode & S_IFMT == S_IFDIR
                let isManifest = info.st_mode & S_IFMT == S_IFREG && ManifestLoader.walkTakes(name, isDirectory: false)
                guard isDirectory || isManifest else { continue }
                if isLink {
                    guard let target = ManifestLoader.resolvedPath(child) else { continue }
                    guard Self.isInside(target, resolvedRoot) else {
                        notices.append(LoadNotice(path: child, kind: .linkOutsideTree(target: target, root: root)))
                        continue
                    }
                    if isDirectory {
                        // A link to the directory holding it, or to one above, would loop.
                        let here = ManifestLoader.resolvedPath(directory) ?? directory
                        pendingLinks.append((child, FileID(info), Self.isInside(here, target)))
                        continue
                    }
                }
                if isDirectory {
                    let id = FileID(info)
                    // Only a bind mount reaches a directory twice without a link; load it once.
                    if let earlier = searched[id] {
                        notices.append(LoadNotice(path: child, kind: .linkToSearched(searched: earlier)))
                        continue
                    }
                    searchTree(child, id: id)
                } else {
                    jobs.append(.file(child))
                }
            }
        }

        /// Whether the real path `path` is `root` or lies below it.
        static func isInside(_ path: String, _ root: String) -> Bool {
            root == "/" || path == root || path.hasPrefix(root.hasSuffix("/") ? root : root + "/")
        }
    }

    /// The names in `directory`, unsorted, without `.` and `..`.
    static func listDirectory(_ directory: String) throws(ManifestError) -> [String] {
        guard let handle = opendir(directory) else {
            throw ManifestError(.unreadable, systemError("cannot list this directory") + "; check its permissions", path: directory)
        }
        defer { closedir(handle) }
        var names: [String] = []
        while true {
            errno = 0
            guard let entry = readdir(handle) else {
                guard errno == 0 else {
                    throw ManifestError(.unreadable, systemError("cannot list this directory") + "; check its permissions", path: directory)
                }
                return names
            }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != ".", name != ".." { names.append(name) }
        }
    }

    /// The absolute path `path` resolves to, every symbolic link followed; `nil` when it cannot be resolved.
    static func resolvedPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Reads a whole file, refusing (before reading) one over `limit` bytes; a pipe or device, whose size
    /// is not known up front, is read until it ends or passes the limit.
    ///
    /// - Throws: ``ManifestError`` naming `path`: it cannot be opened or read, is a directory, or is too large.
    public static func readFile(_ path: String, limit: Int) throws(ManifestError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw ManifestError(errno == ENOENT ? .notFound : .unreadable, systemError("cannot open"), path: path)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw ManifestError(.unreadable, systemError("cannot stat"), path: path) }
        guard info.st_mode & S_IFMT != S_IFDIR else {
            throw ManifestError(.unreadable, "is a directory, not a file", path: path)
        }
        let expected = Int(info.st_size)
        guard expected <= limit else {
            throw ManifestError.tooLarge(size: expected, limit: limit, path: path)
        }
        // Regular files report their size; pipes and devices report 0 and are read until EOF.
        var bytes = [UInt8](repeating: 0, count: max(expected, 0) + 1)
        var count = 0
        while true {
            if count == bytes.count {
                guard bytes.count <= limit else { break }
                // An array, not `repeatElement`: appending that went element by element, which made a
                // named device or pipe read ~30 times slower than standard input.
                bytes += [UInt8](repeating: 0, count: max(bytes.count, 65_536))
            }
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + count, $0.count - count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ManifestError(.unreadable, systemError("cannot read"), path: path)
            }
            if n == 0 { break }
            count += n
        }
        guard count <= limit else {
            throw ManifestError.tooLarge(size: nil, limit: limit, path: path)
        }
        bytes.removeSubrange(count...)
        return bytes
    }

    private static func systemError(_ what: String) -> String {
        "\(what): \(String(cString: strerror(errno)))"
    }
}
