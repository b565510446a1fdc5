// sealgate · FileIO tests

import Foundation
import Testing

@testable import FileIO

/// Writing and preparing files as the CLI does: whole, with the mode asked for, replacing only on commit.
struct AtomicWriteTests {
    @Test("files are written atomically, created with the mode asked for, replacing what was there")
    func atomicFile() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("secret.yaml").path
        try AtomicFile.write(Array("first".utf8), to: path, mode: AtomicFile.privateMode)
        try AtomicFile.write(Array("second".utf8), to: path, mode: AtomicFile.publicMode)
        #expect(String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self) == "second")
        // Replacing keeps the file's own mode (AtomicFileTests covers the rest of that contract).
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["secret.yaml"])
        let error = #expect(throws: FileIOError.self) {
            try AtomicFile.write([1], to: directory.appendingPathComponent("missing/dir/x").path, mode: 0o600)
        }
        #expect(error?.code == .io)
    }

    @Test("prepared files replace their targets only on commit, and leave nothing behind when dropped")
    func preparedFiles() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let key = directory.appendingPathComponent("tls.key").path, cert = directory.appendingPathComponent("tls.crt").path
        try AtomicFile.write(Array("old key".utf8), to: key, mode: AtomicFile.privateMode)
        try AtomicFile.write(Array("old cert".utf8), to: cert, mode: AtomicFile.publicMode)
        do {
            let prepared = try AtomicFile.prepare(Array("new key".utf8), for: key, mode: AtomicFile.privateMode)
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).count == 3)
            #expect(prepared.path == key)
        }
        // Dropped without commit: the targets are unchanged and the temporary file is gone.
        #expect(String(decoding: try Data(contentsOf: URL(fileURLWithPath: key)), as: UTF8.self) == "old key")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["tls.crt", "tls.key"])
        let files = [
            try AtomicFile.prepare(Array("new key".utf8), for: key, mode: AtomicFile.privateMode),
            try AtomicFile.prepare(Array("new cert".utf8), for: cert, mode: AtomicFile.publicMode),
        ]
        for file in files { try file.commit() }
        #expect(String(decoding: try Data(contentsOf: URL(fileURLWithPath: key)), as: UTF8.self) == "new key")
        #expect(String(decoding: try Data(contentsOf: URL(fileURLWithPath: cert)), as: UTF8.self) == "new cert")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["tls.crt", "tls.key"])
    }

    private func makeTemporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sealgate-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
