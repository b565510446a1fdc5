// sealgate · UnsealSidecar tests

import Foundation
import Testing

@testable import UnsealSidecar

/// The output directory through ``SecretDirectoryWriter``: its layout, what a write changes, what it refuses,
/// and what the recovery at start cleans.
struct SecretDirectoryWriterTests {
    let first = payload(["db": ["username": "app", "password": "first-password"], "api": ["token": "first-token"]])

    @Test("a write lays the directory out as kubelet does: ..data, one generation, a link per secret")
    func layout() throws {
        let directory = try TemporaryDirectory()
        let writer = try SecretDirectoryWriter(directory: directory.path)
        #expect(writer.recoveryAtStart == .init(generation: nil))
        #expect(try writer.currentGeneration() == nil)
        let outcome = try writer.write(first)
        let generation = try #require(dataTarget(directory.path))
        #expect(
            outcome == .written(.init(generation: generation, previousGeneration: nil, added: ["api", "db"], changed: [], removed: [])))
        #expect(try writer.currentGeneration() == generation)
        #expect(SecretDirectoryLayout.isGenerationName(generation))
        #expect(try entries(directory.path) == ["..data", generation, "api", "db"].sorted())
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: directory.path("db")) == "..data/db")
        #expect(try entries(directory.path(generation + "/db")) == ["password", "username"])
        #expect(try view(directory.path) == ["db": ["username": "app", "password": "first-password"], "api": ["token": "first-token"]])
        #expect(try expectClean(directory.path, holding: try view(directory.path)))
    }

    @Test("a payload the current generation holds writes nothing")
    func unchanged() throws {
        let directory = try TemporaryDirectory()
        let writer = try SecretDirectoryWriter(directory: directory.path)
        try writer.write(first)
        let generation = try #require(dataTarget(directory.path))
        let before = try entries(directory.path)
        #expect(try writer.write(first) == .unchanged(generation: generation))
        #expect(try SecretDirectoryWriter(directory: directory.path).write(first) == .unchanged(generation: generation))
        #expect(dataTarget(directory.path) == generation)
        #expect(try entries(directory.path) == before)
    }

    @Test("an empty payload publishes an empty generation, then is unchanged")
    func emptyPayload() throws {
        let directory = try TemporaryDirectory()
        let writer = try SecretDirectoryWriter(directory: directory.path)
        guard case .written(let update) = try writer.write(SidecarPayload()) else {
            Issue.record("the first empty payload wrote nothing")
            return
        }
        #expect(try entries(directory.path) == ["..data", update.generation].sorted())
        #expect(try writer.write(SidecarPayload()) == .unchanged(generation: update.generation))
    }

    @Test("removed secrets and keys disappear, added ones appear, and the old generation goes")
    func changes() throws {
        let directory = try TemporaryDirectory()
        let writer = try SecretDirectoryWriter(directory: directory.path)
        try writer.write(first)
        let old = try #require(dataTarget(directory.path))
        let second: [String: [String: String]] = [
            "db": ["username": "app", "host": "db.internal"],  // password removed, host added
            "cache.v2": ["url": "redis://cache"],  // added
            // api removed
        ]
        let outcome = try writer.write(payload(second))
        let new = try #require(dataTarget(directory.path))
        #expect(new != old)
        #expect(
            outcome == .written(.init(generation: new, previousGeneration: old, added: ["cache.v2"], changed: ["db"], removed: ["api"])))
        #expect(try expectClean(directory.path, holding: second))
        #expect(!FileManager.default.fileExists(atPath: directory.path("api")))
        #expect(!FileManager.default.fileExists(atPath: directory.path("db/password")))
        // A value that changes alone changes its secret alone.
        var third = second
        third["db"]?["host"] = "db2.internal"
        guard case .written(let update) = try writer.write(payload(third)) else {
            Issue.record("a changed value wrote nothing")
            return
        }
        #expect(update.added == [] && update.changed == ["db"] && update.removed == [])
        #expect(try expectClean(directory.path, holding: third))
    }

    @Test("a file changed or removed behind the writer's back is written again")
    func tamperedGeneration() throws {
        let directory = try TemporaryDirectory()
        let writer = try SecretDirectoryWriter(directory: directory.path)
        try writer.write(first)
        let generation = try #require(dataTarget(directory.path))
        try FileManager.default.removeItem(atPath: directory.path(generation + "/api/token"))
        guard case .written(let update) = try writer.write(first) else {
            Issue.record("a missing file was not written again")
            return
        }
        #expect(update.changed == ["api"])
        let next = update.generation
        #expect(chmod(directory.path(next + "/db/password"), 0o444) == 0)
        #expect(try writer.write(first).generation != next)
        #expect(try expectClean(directory.path, holding: try view(directory.path)))
    }

    @Test("a writer with other modes rewrites every secret with them")
    func modeChange() throws {
        let directory = try TemporaryDirectory()
        try SecretDirectoryWriter(directory: directory.path).write(first)
        let writer = try SecretDirectoryWriter(directory: directory.path, fileMode: 0o400, directoryMode: 0o700)
        guard case .written(let update) = try writer.write(first) else {
            Issue.record("new modes did not make a new generation")
            return
        }
        #expect(update.changed == ["api", "db"])
        #expect(try mode(directory.path(update.generation)) == 0o700)
        #expect(try mode(directory.path(update.generation + "/db/password")) == 0o400)
    }

    @Test(
        "an invalid secret name or key refuses the whole payload, and nothing is written",
        arguments: [
            ("../x", "k"), ("a/b", "k"), ("..data", "k"), ("", "k"), (String(repeating: "a", count: 254), "k"),
            ("Upper", "k"), ("a..b", "k"), ("-a", "k"), ("a.", "k"), ("a b", "k"), ("db", "..x"), ("db", "a/b"), ("db", ""),
            ("db", "."), ("db", ".."), ("db", String(repeating: "k", count: 254)), ("db", "..data"),
        ])
    func invalidNames(secret: String, key: String) throws {
        let directory = try TemporaryDirectory()
        let writer = try SecretDirectoryWriter(directory: directory.path)
        try writer.write(first)
        let generation = try #require(dataTarget(directory.path))
        let before = try entries(directory.path)
        var bad = first
        bad.secrets["zz-valid"] = ["k": Array("valid-value".utf8)]
        bad.secrets[secret, default: [:]][key] = Array("hunter2-value".utf8)
        let error = #expect(throws: SidecarError.self) { try writer.write(bad) }
        #expect(error?.code == .invalidName)
        let message = error?.description ?? ""
        #expect(!message.contains("hunter2") && !message.contains("valid-value") && !message.contains("first-password"))
        #expect(message.contains(secret == "db" ? "key" : "secret name"))
        #expect(message.contains("nothing was written"))
        #expect(dataTarget(directory.path) == generation)
        #expect(try entries(directory.path) == before)
        #expect(try expectClean(directory.path, holding: try view(directory.path)))
        // The writer is not left needing a recovery, and the next valid write goes through.
        #expect(try writer.write(first) == .unchanged(generation: generation))
    }

    @Test(
        "a directory holding anything the writer did not create is refused, and nothing in it is removed",
        arguments: ["file", "directory", "data-directory", "foreign-link", "hidden", "dotdot", "generation-file"])
    func notOurDirectory(foreign: String) throws {
        let directory = try TemporaryDirectory()
        try SecretDirectoryWriter(directory: directory.path).write(first)
        let manager = FileManager.default
        // A stale ..data_tmp the recovery would remove, to see that it is not.
        try manager.createSymbolicLink(atPath: directory.path("..data_tmp"), withDestinationPath: "..2026_01_01_00_00_00.1")
        switch foreign {
        case "file": #expect(manager.createFile(atPath: directory.path("notes.txt"), contents: Data("x".utf8)))
        case "directory": try manager.createDirectory(atPath: directory.path("lost+found"), withIntermediateDirectories: false)
        case "data-directory":
            try manager.removeItem(atPath: directory.path("..data"))
            try manager.createDirectory(atPath: directory.path("..data"), withIntermediateDirectories: false)
        case "foreign-link": try manager.createSymbolicLink(atPath: directory.path("passwd"), withDestinationPath: "/etc/passwd")
        case "hidden": #expect(manager.createFile(atPath: directory.path(".env"), contents: Data()))
        case "dotdot": try manager.createDirectory(atPath: directory.path("..cache"), withIntermediateDirectories: false)
        default: #expect(manager.createFile(atPath: directory.path("..2026_01_01_00_00_00.2"), contents: Data()))
        }
        let before = try entries(directory.path)
        let error = #expect(throws: SidecarError.self) { try SecretDirectoryWriter(directory: directory.path) }
        #expect(error?.code == .notOurDirectory)
        #expect(error?.description.hasPrefix(directory.path + ": error: the output directory must hold only") == true)
        #expect(try entries(directory.path) == before)
    }

    @Test("the recovery at start removes leftovers and fixes the links, keeping the current generation")
    func recovery() throws {
        let directory = try TemporaryDirectory()
        try SecretDirectoryWriter(directory: directory.path).write(first)
        let current = try #require(dataTarget(directory.path))
        let manager = FileManager.default
        let stale = "..2026_01_01_00_00_00.42"
        try manager.createDirectory(atPath: directory.path(stale + "/db"), withIntermediateDirectories: true)
        #expect(manager.createFile(atPath: directory.path(stale + "/db/password"), contents: Data("old".utf8)))
        try manager.createSymbolicLink(atPath: directory.path("..data_tmp"), withDestinationPath: stale)
        try manager.removeItem(atPath: directory.path("api"))
        try manager.createSymbolicLink(atPath: directory.path("ghost"), withDestinationPath: "..data/ghost")
        let writer = try SecretDirectoryWriter(directory: directory.path)
        #expect(
            writer.recoveryAtStart
                == .init(
                    generation: current, removedGenerations: [stale], removedLinks: ["ghost"], createdLinks: ["api"],
                    removedTemporaryLink: true))
        #expect(!writer.recoveryAtStart.foundClean)
        #expect(
            try expectClean(
                directory.path, holding: ["db": ["username": "app", "password": "first-password"], "api": ["token": "first-token"]]))
        #expect(try writer.recover().foundClean)
    }

    @Test("without ..data, every generation and link goes and nothing is published until the next write")
    func missingDataLink() throws {
        let directory = try TemporaryDirectory()
        try SecretDirectoryWriter(directory: directory.path).write(first)
        let generation = try #require(dataTarget(directory.path))
        try FileManager.default.removeItem(atPath: directory.path("..data"))
        let writer = try SecretDirectoryWriter(directory: directory.path)
        #expect(writer.recoveryAtStart == .init(generation: nil, removedGenerations: [generation], removedLinks: ["api", "db"]))
        #expect(try entries(directory.path) == [])
        // A ..data pointing at a generation that is gone is removed too.
        try FileManager.default.createSymbolicLink(atPath: directory.path("..data"), withDestinationPath: generation)
        #expect(try writer.recover() == .init(generation: nil, removedDanglingDataLink: true))
        try writer.write(first)
        #expect(try expectClean(directory.path, holding: try view(directory.path)))
        #expect(try view(directory.path).count == 2)
    }

    @Test(
        "modes that would lock the writer out of its own files are refused",
        arguments: [
            (UInt32(0o040), UInt32(0o755)), (0o1440, 0o755), (0o440, 0o555), (0o440, 0o2755),
        ])
    func invalidModes(fileMode: UInt32, directoryMode: UInt32) throws {
        let directory = try TemporaryDirectory()
        let error = #expect(throws: SidecarError.self) {
            try SecretDirectoryWriter(directory: directory.path, fileMode: fileMode, directoryMode: directoryMode)
        }
        #expect(error?.code == .invalidMode)
    }

    @Test("a missing output directory is an io error naming it")
    func missingDirectory() throws {
        let directory = try TemporaryDirectory()
        let error = #expect(throws: SidecarError.self) { try SecretDirectoryWriter(directory: directory.path("absent")) }
        #expect(error?.code == .io)
        #expect(
            error?.description == directory.path("absent") + ": error: the output directory does not exist; create it (an emptyDir volume)")
    }
}
