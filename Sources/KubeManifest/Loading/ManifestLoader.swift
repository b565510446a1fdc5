// sealgate · KubeManifest

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif
internal import Foundation

/// An input to load: a path on disk, or bytes already read (standard input, a blob from Git).
public enum ManifestInput: Sendable, Hashable {
    /// A file, or a directory searched recursively for `*.yaml`, `*.yml` and `*.json` (hidden entries skipped).
    case path(String)
    /// Content held in memory, shown in messages under `name` (`-` for standard input).
    case content(name: String, bytes: [UInt8])
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
}

/// Everything a load found, in a deterministic order: inputs in the order given, directory entries sorted.
public struct LoadResult: Sendable {
    /// Each file that was read or tried.
    public let files: [LoadedFile]
    /// Problems with the inputs themselves (a path that does not exist or cannot be read).
    public let inputErrors: [ManifestError]

    /// Every object of every file, in order.
    public var objects: [KubeObject] { files.flatMap(\.objects) }
    /// Every skipped document, in order.
    public var skipped: [SkippedDocument] { files.flatMap(\.skipped) }
    /// Every file that could not be parsed, in order.
    public var parseErrors: [ManifestError] { files.compactMap(\.error) }
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
    public func load(_ inputs: [ManifestInput]) async -> LoadResult {
        var jobs: [Job] = []
        var inputErrors: [ManifestError] = []
        for input in inputs {
            switch input {
            case let .content(name, bytes):
                jobs.append(.content(name: name, bytes: bytes))
            case let .path(path):
                do throws(ManifestError) {
                    try Self.expand(path, into: &jobs)
                } catch {
                    inputErrors.append(error)
                }
            }
        }
        let limits = self.limits
        let files = await withTaskGroup(of: (Int, LoadedFile).self, returning: [LoadedFile].self) { group in
            var results = [LoadedFile?](repeating: nil, count: jobs.count)
            var next = 0
            func submit() {
                let index = next
                let job = jobs[index]
                next += 1
                group.addTask { (index, Self.run(job, limits: limits)) }
            }
            while next < jobs.count, next < concurrency { submit() }
            while let (index, file) = await group.next() {
                results[index] = file
                if next < jobs.count { submit() }
            }
            return results.map { $0! }
        }
        return LoadResult(files: files, inputErrors: inputErrors)
    }

    /// Loads one file synchronously on the calling thread.
    public func loadFile(atPath path: String) -> LoadedFile {
        Self.run(.file(path), limits: limits)
    }

    // MARK: - Jobs

    private enum Job: Sendable {
        case file(String)
        case content(name: String, bytes: [UInt8])
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
        }
    }

    private static func parse(_ bytes: [UInt8], file: SourceFile, limits: LoaderLimits) -> LoadedFile {
        do throws(ManifestError) {
            let documents = try bytes.withUnsafeBytes { raw in
                Result { () throws(ManifestError) in try ManifestParser.documents(in: raw, file: file, limits: limits) }
            }.get()
            var objects: [KubeObject] = []
            var skipped: [SkippedDocument] = []
            for document in documents {
                let found = KubeObject.objects(in: document)
                objects += found.objects
                skipped += found.skipped
            }
            return LoadedFile(file: file, objects: objects, skipped: skipped, error: nil)
        } catch {
            return LoadedFile(file: file, objects: [], skipped: [], error: error)
        }
    }

    // MARK: - File system

    /// Whether a directory entry is a manifest by its name.
    static func isManifestName(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") || lower.hasSuffix(".json")
    }

    /// Adds the files `path` stands for: itself, or the manifests below it in sorted order.
    private static func expand(_ path: String, into jobs: inout [Job]) throws(ManifestError) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let reason = errno == ENOENT ? "no such file or directory; check the path" : systemError("cannot read")
            throw ManifestError(errno == ENOENT ? .notFound : .unreadable, reason, path: path)
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            jobs.append(.file(path))
            return
        }
        var visited: Set<[UInt64]> = []
        try walk(path, identity: [UInt64(info.st_dev), UInt64(info.st_ino)], visited: &visited, into: &jobs)
    }

    private static func walk(
        _ directory: String, identity: [UInt64], visited: inout Set<[UInt64]>, into jobs: inout [Job]
    ) throws(ManifestError) {
        // A symbolic link back up the tree would otherwise loop forever.
        guard visited.insert(identity).inserted else { return }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw ManifestError(.unreadable, "cannot list this directory; check its permissions", path: directory)
        }
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        for name in names.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) where !name.hasPrefix(".") {
            let child = prefix + name
            var info = stat()
            guard stat(child, &info) == 0 else { continue }  // a dangling link names nothing to load
            if info.st_mode & S_IFMT == S_IFDIR {
                try walk(child, identity: [UInt64(info.st_dev), UInt64(info.st_ino)], visited: &visited, into: &jobs)
            } else if info.st_mode & S_IFMT == S_IFREG, isManifestName(name) {
                jobs.append(.file(child))
            }
        }
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
