// sealgate · GitChanges tests

import Foundation
import Testing
@testable import GitChanges

struct RepositoryTests {
    @Test("discovery goes up from a directory, a file or a path that does not exist, as git does")
    func discovery() throws {
        let fixture = try GitFixture()
        try fixture.write("deploy/app/a.yaml", configMap("a"))
        for start in ["", "deploy", "deploy/app", "deploy/app/a.yaml", "deploy/gone/b.yaml"] {
            let repository = try GitRepository.discover(from: fixture.path(start))
            #expect(repository.workingDirectory == fixture.root.path)
            #expect(repository.gitDirectory == fixture.path(".git"))
            #expect(!repository.isBare)
        }
    }

    @Test("a directory outside any repository is not-a-repository, naming the path")
    func notARepository() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sealgate-nogit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let error = try #require(gitError { () throws(GitError) in try GitRepository.discover(from: directory.path) })
        #expect(error.code == .notARepository)
        #expect(error.description.hasPrefix("\(directory.path): error: not in a Git repository"))
    }

    @Test("a bare repository opens, and refuses what needs a working tree")
    func bare() throws {
        let source = try GitFixture()
        try source.write("a.yaml", configMap("a"))
        try source.commitAll("one")
        let fixture = try GitFixture(cloning: source, cloneArguments: ["--bare"])
        let repository = try fixture.open()
        #expect(repository.isBare)
        #expect(repository.workingDirectory == nil)
        let head = try repository.resolve("HEAD")
        #expect(try repository.files(in: .commit(head.id), under: "")?.files.map(\.path) == ["a.yaml"])
        let path = fixture.root.path
        #expect(gitError { () throws(GitError) in try repository.repositoryPath(of: path) }?.code == .bareRepository)
        for target in [GitDiffTarget.index, .workingTree] {
            let error = try #require(gitError { () throws(GitError) in try repository.changes(from: head.id, to: target) })
            #expect(error.code == .bareRepository)
            #expect(error.description.contains("bare repository"))
        }
        #expect(gitError { () throws(GitError) in try repository.files(in: .index, under: "") }?.code == .bareRepository)
    }

    @Test("paths typed by a user map to repository paths: relative, absolute, through links, deleted")
    func repositoryPaths() throws {
        let fixture = try GitFixture()
        try fixture.write("deploy/app/a.yaml", configMap("a"))
        let repository = try fixture.open()
        let root = fixture.root.path
        #expect(try repository.repositoryPath(of: ".", currentDirectory: root) == "")
        #expect(try repository.repositoryPath(of: root) == "")
        #expect(try repository.repositoryPath(of: "deploy/", currentDirectory: root) == "deploy")
        #expect(try repository.repositoryPath(of: "./deploy/../deploy/app/a.yaml", currentDirectory: root) == "deploy/app/a.yaml")
        #expect(try repository.repositoryPath(of: "../a.yaml", currentDirectory: fixture.path("deploy/app")) == "deploy/a.yaml")
        #expect(try repository.repositoryPath(of: "gone/x/../y.yaml", currentDirectory: fixture.path("deploy")) == "deploy/gone/y.yaml")
        // A symbolic link to the working tree, from elsewhere: the same place.
        let link = FileManager.default.temporaryDirectory.appendingPathComponent("sealgate-link-\(UUID().uuidString)")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: root)
        defer { try? FileManager.default.removeItem(at: link) }
        #expect(try repository.repositoryPath(of: link.appendingPathComponent("deploy").path) == "deploy")
        for outside in ["..", "/", "../elsewhere"] {
            let error = try #require(gitError { () throws(GitError) in try repository.repositoryPath(of: outside, currentDirectory: root) })
            #expect(error.code == .outsideWorkingTree)
            #expect(error.description == "\(outside): error: is outside the repository's working tree (\(root)); give a path inside it")
        }
    }

    @Test("object ids read and print 40 hex digits, sort as their digits do")
    func objectIDs() throws {
        let hex = "0123456789abcdef0123456789abcdef01234567"
        let id = try #require(GitObjectID(hex: hex.uppercased()))
        #expect(id.description == hex)
        #expect(id.abbreviated() == "0123456789ab")
        #expect(id.abbreviated(7) == "0123456")
        #expect(id.bytes.count == 20 && id.bytes.first == 0x01 && id.bytes.last == 0x67)
        #expect(GitObjectID(hex: String(hex.dropLast())) == nil)
        #expect(GitObjectID(hex: String(hex.dropLast()) + "g") == nil)
        let ids = ["ff", "00", "0f", "f0"].map { GitObjectID(hex: $0 + String(repeating: "0", count: 38))! }
        #expect(ids.sorted().map { String($0.description.prefix(2)) } == ["00", "0f", "f0", "ff"])
    }

    @Test("one repository serves concurrent tasks, one operation at a time")
    func concurrentUse() async throws {
        let fixture = try GitFixture()
        for index in 0..<20 { try fixture.write("d\(index % 3)/f\(index).yaml", configMap("f\(index)")) }
        try fixture.commitAll("one")
        try fixture.write("d0/f0.yaml", configMap("changed"))
        let second = try fixture.commitAll("two")
        let repository = try fixture.open()
        let expected = try repository.files(in: .commit(repository.resolve("HEAD").id), under: "")?.files
        let results = try await withThrowingTaskGroup(of: Bool.self, returning: [Bool].self) { group in
            for _ in 0..<16 {
                group.addTask {
                    let head = try repository.resolve("HEAD")
                    let changes = try repository.changes(from: repository.resolve("HEAD^1").id, to: .commit(head.id))
                    let files = try repository.files(in: .commit(head.id), under: "")?.files
                    return head.id.description == second && changes.map(\.path) == ["d0/f0.yaml"] && files == expected
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results == [Bool](repeating: true, count: 16))
    }
}
