// sealgate · FileIO tests

import Foundation
import Testing

@testable import FileIO

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `AtomicFile` does with each kind of thing it can find at a path.
struct AtomicFileTests {
    private let directory: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("sealgate-atomic-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    private func path(_ name: String) -> String { "\(directory)/\(name)" }

    private func contents(_ path: String) throws -> String {
        String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
    }

    private func status(_ path: String, following: Bool = true) -> stat {
        var status = stat()
        _ = following ? stat(path, &status) : lstat(path, &status)
        return status
    }

    private func kind(_ path: String) -> mode_t { status(path, following: false).st_mode & S_IFMT }

    /// Every name in the directory, so a test sees a temporary file left behind.
    private func listing() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: directory).sorted() }

    @Test("a new file gets the mode asked for; a replaced file keeps its own mode")
    func modes() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let target = path("secret.yaml")
        #expect(try AtomicFile.write(Array("first".utf8), to: target, mode: AtomicFile.privateMode) == .created(path: target))
        #expect(status(target).st_mode & 0o777 == 0o600)
        chmod(target, 0o640)
        let outcome = try AtomicFile.write(Array("second".utf8), to: target, mode: AtomicFile.privateMode)
        #expect(outcome == .replaced(path: target, mode: 0o640))
        #expect(status(target).st_mode & 0o777 == 0o640)
        #expect(try contents(target) == "second")
        #expect(try listing() == ["secret.yaml"])
    }

    @Test("a replaced file keeps its owner and group")
    func owner() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Only root may give a file away; elsewhere the owner is the writer's anyway.
        guard getuid() == 0 else { return }
        let target = path("owned.yaml")
        try AtomicFile.write(Array("first".utf8), to: target, mode: AtomicFile.publicMode)
        #expect(chown(target, 4321, 8765) == 0)
        try AtomicFile.write(Array("second".utf8), to: target, mode: AtomicFile.publicMode)
        #expect(status(target).st_uid == 4321)
        #expect(status(target).st_gid == 8765)
    }

    @Test("a symbolic link stays a link; its target is replaced and keeps its mode")
    func symbolicLink() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: path("real"), withIntermediateDirectories: true)
        let target = path("real/config.yaml")
        try AtomicFile.write(Array("old".utf8), to: target, mode: 0o644)
        #expect(symlink("real/config.yaml", path("link.yaml")) == 0)  // relative, as dotfile managers make them
        #expect(symlink(path("link.yaml"), path("link-to-link.yaml")) == 0)
        let outcome = try AtomicFile.write(Array("new".utf8), to: path("link-to-link.yaml"), mode: AtomicFile.privateMode)
        #expect(outcome == .replaced(path: path("link-to-link.yaml"), mode: 0o644))
        #expect(kind(path("link.yaml")) == S_IFLNK)
        #expect(kind(path("link-to-link.yaml")) == S_IFLNK)
        #expect(try contents(target) == "new")
        #expect(status(target).st_mode & 0o777 == 0o644)
        #expect(try FileManager.default.contentsOfDirectory(atPath: path("real")) == ["config.yaml"])
    }

    @Test("a link to a file that does not exist yet creates that file, as a shell's > would")
    func danglingLink() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(symlink("later.yaml", path("link.yaml")) == 0)
        let outcome = try AtomicFile.write(Array("plaintext".utf8), to: path("link.yaml"), mode: AtomicFile.privateMode)
        #expect(outcome == .created(path: path("link.yaml")))
        #expect(kind(path("link.yaml")) == S_IFLNK)
        #expect(try contents(path("later.yaml")) == "plaintext")
        #expect(status(path("later.yaml")).st_mode & 0o777 == 0o600)
    }

    @Test("a link loop, a directory or a missing directory is an error that names the path")
    func errors() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(symlink("b", path("a")) == 0)
        #expect(symlink("a", path("b")) == 0)
        let loop = #expect(throws: FileIOError.self) { try AtomicFile.write([1], to: path("a"), mode: 0o600) }
        #expect(loop?.description == "\(path("a")): error: too many levels of symbolic links; point the link at a file")
        let directoryError = #expect(throws: FileIOError.self) { try AtomicFile.write([1], to: directory, mode: 0o600) }
        #expect(directoryError?.description == "\(directory): error: is a directory; name a file to write")
        let missing = #expect(throws: FileIOError.self) { try AtomicFile.write([1], to: path("no/such/x"), mode: 0o600) }
        #expect(missing?.description == "\(path("no/such/x")): error: the directory \(path("no/such")) does not exist; create it first")
        #expect(try listing() == ["a", "b"])
    }

    @Test("a FIFO is written through and stays a FIFO")
    func fifo() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let fifo = path("pipe")
        #expect(mkfifo(fifo, 0o600) == 0)
        // Opening a FIFO for writing waits for a reader, as `echo > fifo` does. The reader is a thread of its
        // own: a task could wait for a place in the test pool that the blocked writer holds.
        let received = LockedData()
        let reader = Thread { received.set(FileHandle(forReadingAtPath: fifo)?.readDataToEndOfFile() ?? Data()) }
        reader.start()
        let outcome = try AtomicFile.write(Array("through the pipe".utf8), to: fifo, mode: AtomicFile.privateMode)
        #expect(outcome == .wroteThrough(path: fifo))
        while !received.isSet { usleep(1000) }
        #expect(String(decoding: received.value, as: UTF8.self) == "through the pipe")
        #expect(kind(fifo) == S_IFIFO)
        #expect(try listing() == ["pipe"])
    }

    @Test("a link to a character device writes to the device and leaves the link alone")
    func device() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(symlink("/dev/null", path("sink")) == 0)
        #expect(
            try AtomicFile.write(Array("discarded".utf8), to: path("sink"), mode: AtomicFile.privateMode)
                == .wroteThrough(path: path("sink")))
        #expect(kind(path("sink")) == S_IFLNK)
        #expect(kind("/dev/null") == S_IFCHR)
        #expect(try listing() == ["sink"])
    }

    #if os(Linux)
    @Test("/proc/self/fd/N of an open regular file is written through: same file, only the new content")
    func descriptorName() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let target = path("out.txt")
        try AtomicFile.write(Array("a much longer previous content".utf8), to: target, mode: 0o644)
        let fd = open(target, O_WRONLY)
        #expect(fd >= 0)
        defer { close(fd) }
        let inode = status(target).st_ino
        #expect(symlink("/proc/self/fd/\(fd)", path("stdout-link")) == 0)
        #expect(
            try AtomicFile.write(Array("new".utf8), to: path("stdout-link"), mode: AtomicFile.privateMode)
                == .wroteThrough(path: path("stdout-link")))
        #expect(try contents(target) == "new")
        #expect(status(target).st_ino == inode)
        #expect(status(target).st_mode & 0o777 == 0o644)
        #expect(try listing() == ["out.txt", "stdout-link"])
    }
    #endif

    @Test("a temporary file is listed (for the signal handler) until it is renamed into place or dropped")
    func temporaryFilesAreListed() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let target = path("plain.yaml")
        var prepared: AtomicFile.Prepared? = try AtomicFile.prepare(Array("plaintext".utf8), for: target, mode: AtomicFile.privateMode)
        let temporary = try #require(try listing().first)
        #expect(temporary.hasPrefix(".plain.yaml\(AtomicFile.temporaryMarker)"))
        #expect(status(path(temporary)).st_mode & 0o777 == 0o600)
        #expect(TemporaryFiles.listed.contains(path(temporary)))
        prepared = nil
        #expect(!TemporaryFiles.listed.contains(path(temporary)))
        #expect(try listing() == [])

        // (removeAll() itself is exercised by the CLI's signal tests: here it would delete the temporary
        // files of other suites running at the same time.)
        try AtomicFile.write(Array("plaintext".utf8), to: target, mode: AtomicFile.privateMode)
        #expect(!TemporaryFiles.listed.contains { $0.hasPrefix(directory) })
        #expect(try listing() == ["plain.yaml"])
        _ = prepared
    }
}

/// Bytes handed from a reader thread to the test.
private final class LockedData: @unchecked Sendable {  // every access holds `lock`
    private let lock = NSLock()
    private var data: Data?

    func set(_ value: Data) { lock.withLock { data = value } }
    var isSet: Bool { lock.withLock { data != nil } }
    var value: Data { lock.withLock { data ?? Data() } }
}
