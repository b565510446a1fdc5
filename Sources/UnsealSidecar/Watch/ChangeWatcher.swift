// sealgate · UnsealSidecar

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif
internal import Dispatch
#if canImport(FoundationEssentials)
internal import FoundationEssentials
#else
internal import Foundation
#endif
internal import Synchronization

/// Tells when the files under some paths may have changed, with inotify (Linux), so a sync follows a
/// kubelet `..data` swap or a git-sync update within milliseconds. Where inotify is missing (macOS, or
/// the watch limit is reached) it tells nothing, and the sidecar's poll is the safety net.
///
/// What is watched, for each path: the path itself and, for a directory, every directory below it; and
/// the directory holding each link along the path (`/etc/sealed/db.yaml -> ..data/db.yaml`, a git-sync
/// `link -> worktree`), where the swap that replaces the content happens. The watches are renewed after
/// each event, so a directory that appears (or a link that now points elsewhere) is watched too.
public final class ChangeWatcher: Sendable {
    /// The most directories watched below one path.
    static let maxDirectories = 2_000

    private let paths: [String]
    private let descriptor: Int32
    private let stopped = Atomic(false)

    /// Starts watching; nil when inotify is not available.
    public init?(paths: [String]) {
        #if os(Linux)
        let descriptor = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        guard descriptor >= 0 else { return nil }
        self.descriptor = descriptor
        self.paths = paths
        renewWatches()
        #else
        return nil
        #endif
    }

    deinit {
        close(descriptor)
    }

    /// The events, one `Void` per batch of changes read at once; finishes when ``stop()`` is called.
    ///
    /// A thread of its own waits on the descriptor (never one of Swift's cooperative pool): a serial
    /// Dispatch queue, which always gets a thread of its own even when others are busy.
    public func changes() -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        DispatchQueue(label: "sealgate-watch").async { [self] in
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            while !stopped.load(ordering: .relaxed) {
                var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                let ready = poll(&poller, 1, 200)
                guard ready > 0 else { continue }
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                guard count > 0 else { continue }
                renewWatches()
                continuation.yield()
            }
            continuation.finish()
        }
        return stream
    }

    /// Stops the thread of ``changes()``.
    public func stop() {
        stopped.store(true, ordering: .relaxed)
    }

    /// Adds a watch for every directory that should have one (inotify returns the same watch for a
    /// directory watched already).
    private func renewWatches() {
        #if os(Linux)
        let mask = UInt32(
            IN_CREATE | IN_DELETE | IN_MOVED_TO | IN_MOVED_FROM | IN_CLOSE_WRITE | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF)
        for directory in Self.directories(for: paths) {
            _ = inotify_add_watch(descriptor, directory, mask)
        }
        #endif
    }

    /// The directories to watch for `paths` (see ``ChangeWatcher``).
    static func directories(for paths: [String]) -> [String] {
        var result: [String] = []
        var seen: Set<String> = []
        func add(_ directory: String) {
            if seen.insert(directory).inserted { result.append(directory) }
        }
        for path in paths {
            let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
            // The directory holding each link along the path.
            var prefix = ""
            for component in absolute.split(separator: "/") {
                let parent = prefix.isEmpty ? "/" : prefix
                prefix += "/" + component
                var info = stat()
                if lstat(prefix, &info) == 0, info.st_mode & S_IFMT == S_IFLNK { add(parent) }
            }
            var info = stat()
            guard stat(absolute, &info) == 0 else { continue }
            if info.st_mode & S_IFMT != S_IFDIR {
                add(absolute.lastIndex(of: "/").map { $0 == absolute.startIndex ? "/" : String(absolute[..<$0]) } ?? ".")
                continue
            }
            // The directory and the directories below it (links to directories are not followed, except
            // kubelet's `..data`, whose target is where a mounted volume's files are).
            var pending = [absolute]
            var count = 0
            while let directory = pending.popLast(), count < maxDirectories {
                add(directory)
                count += 1
                let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
                for name in names where name != ".git" {
                    let child = directory + "/" + name
                    var entry = stat()
                    guard lstat(child, &entry) == 0 else { continue }
                    if entry.st_mode & S_IFMT == S_IFDIR, !name.hasPrefix("..") { pending.append(child) }
                }
            }
        }
        return result
    }
}
