// sealgate · KubeManifest tests

import Diagnostics
import Foundation
import Testing
@testable import KubeManifest

struct ManifestLoaderTests {
    private func write(_ text: String, to path: String, in root: URL) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    private func configMap(_ name: String) -> String {
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: \(name)}\n"
    }

    @Test("directories are walked recursively in sorted order; hidden entries and other files are skipped")
    func directoryWalk() async throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try write(configMap("b"), to: "b.yaml", in: root)
        try write(configMap("a"), to: "a.yml", in: root)
        try write(configMap("nested"), to: "sub/dir/c.YAML", in: root)
        try write("{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"j\"}}", to: "j.json", in: root)
        try write(configMap("hidden"), to: ".hidden/h.yaml", in: root)
        try write(configMap("dotfile"), to: ".dot.yaml", in: root)
        try write(configMap("text"), to: "notes.txt", in: root)
        let result = await ManifestLoader().load([.path(root.path)])
        #expect(result.inputErrors.isEmpty)
        #expect(result.parseErrors.isEmpty)
        #expect(result.objects.compactMap(\.name) == ["a", "b", "j", "nested"])
        #expect(result.files.map { URL(fileURLWithPath: $0.file.path).lastPathComponent } == ["a.yml", "b.yaml", "j.json", "c.YAML"])
    }

    @Test("a file named directly is read whatever its extension; inputs keep their order")
    func explicitFiles() async throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try write(configMap("txt"), to: "manifest.txt", in: root)
        try write(configMap("first"), to: "z.yaml", in: root)
        let result = await ManifestLoader().load([
            .path(root.appendingPathComponent("z.yaml").path),
            .path(root.appendingPathComponent("manifest.txt").path),
            .content(name: "-", bytes: Array(configMap("stdin").utf8)),
        ])
        #expect(result.objects.compactMap(\.name) == ["first", "txt", "stdin"])
        #expect(result.objects.last?.origin.location.file.path == "-")
    }

    @Test("a missing path is an input error; a broken file is a parse error; the rest still loads")
    func errorsAreCollected() async throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try write(configMap("good"), to: "good.yaml", in: root)
        try write("a: [1, 2\n", to: "broken.yaml", in: root)
        let missing = root.appendingPathComponent("missing.yaml").path
        let result = await ManifestLoader().load([.path(root.path), .path(missing)])
        #expect(result.objects.compactMap(\.name) == ["good"])
        #expect(result.inputErrors.map(\.code) == [.notFound])
        #expect(result.inputErrors.first?.description == "\(missing): error: no such file or directory; check the path")
        #expect(result.parseErrors.map(\.code) == [.syntax])
        #expect(result.parseErrors.first?.location?.file.path == root.appendingPathComponent("broken.yaml").path)
    }

    @Test("a symbolic link that loops back up the tree is followed once")
    func symlinkLoop() async throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try write(configMap("only"), to: "dir/x.yaml", in: root)
        try FileManager.default.createSymbolicLink(
            atPath: root.appendingPathComponent("dir/loop").path, withDestinationPath: root.appendingPathComponent("dir").path)
        let result = await ManifestLoader().load([.path(root.path)])
        #expect(result.objects.compactMap(\.name) == ["only"])
        let directory = root.appendingPathComponent("dir").path
        #expect(result.notices == [LoadNotice(path: directory + "/loop", kind: .linkLoop(ancestor: directory))])
        #expect(result.notices.first?.isVerbose == true)
    }

    @Test("a symbolic link that leaves the tree is skipped with a notice, for a directory or a file")
    func symlinkOutOfTree() async throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try write(configMap("inside"), to: "repo/a.yaml", in: root)
        try write(configMap("outside"), to: "elsewhere/b.yaml", in: root)
        let repo = root.appendingPathComponent("repo").path
        try FileManager.default.createSymbolicLink(atPath: repo + "/root", withDestinationPath: "/")
        try FileManager.default.createSymbolicLink(atPath: repo + "/other", withDestinationPath: "../elsewhere")
        try FileManager.default.createSymbolicLink(atPath: repo + "/c.yaml", withDestinationPath: "../elsewhere/b.yaml")
        let result = await ManifestLoader().load([.path(repo)])
        #expect(result.objects.compactMap(\.name) == ["inside"])
        let elsewhere = try #require(ManifestLoader.resolvedPath(root.appendingPathComponent("elsewhere").path))
        #expect(
            result.notices == [
                LoadNotice(path: repo + "/c.yaml", kind: .linkOutsideTree(target: elsewhere + "/b.yaml", root: repo)),
                LoadNotice(path: repo + "/other", kind: .linkOutsideTree(target: elsewhere, root: repo)),
                LoadNotice(path: repo + "/root", kind: .linkOutsideTree(target: "/", root: repo)),
            ])
        #expect(result.notices.allSatisfy { !$0.isVerbose })
        #expect(result.notices.last?.description == "\(repo)/root: notice: symbolic link leads outside \(repo) (to /); skipped")
    }

    @Test("a symbolic link inside the tree is followed; the directory it leads to is loaded once, under its own path")
    func symlinkInsideTree() async throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try write(configMap("real"), to: "repo/z/real.yaml", in: root)
        try write(configMap("hidden"), to: "repo/.generated/h.yaml", in: root)
        let repo = root.appendingPathComponent("repo").path
        // "a" sorts before "z": the link is still not what the directory is loaded under.
        try FileManager.default.createSymbolicLink(atPath: repo + "/a", withDestinationPath: "z")
        try FileManager.default.createSymbolicLink(atPath: repo + "/generated", withDestinationPath: ".generated")
        try FileManager.default.createSymbolicLink(atPath: repo + "/link.yaml", withDestinationPath: "z/real.yaml")
        let result = await ManifestLoader().load([.path(repo)])
        #expect(result.files.map(\.file.path) == [repo + "/link.yaml", repo + "/z/real.yaml", repo + "/generated/h.yaml"])
        #expect(result.notices == [LoadNotice(path: repo + "/a", kind: .linkToSearched(searched: repo + "/z"))])
        #expect(result.notices.allSatisfy { $0.isVerbose })
    }

    @Test("a symbolic link given as the path itself is read wherever it leads")
    func namedSymlink() async throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try write(configMap("target"), to: "elsewhere/t.yaml", in: root)
        let link = root.appendingPathComponent("link").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: root.appendingPathComponent("elsewhere").path)
        let result = await ManifestLoader().load([.path(link)])
        #expect(result.objects.compactMap(\.name) == ["target"])
        #expect(result.notices.isEmpty)
    }

    @Test("a file over the size limit is refused without being read")
    func sizeLimit() async throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try write(String(repeating: "# padding\n", count: 200), to: "big.yaml", in: root)
        let loader = ManifestLoader(limits: LoaderLimits(maxFileSize: 1_000))
        let result = await loader.load([.path(root.path)])
        #expect(result.parseErrors.map(\.code) == [.fileTooLarge])
    }

    @Test("content left unread for its size stands in its place as a file with the size error")
    func tooLargeInput() async throws {
        let loader = ManifestLoader(limits: LoaderLimits(maxFileSize: 1_000))
        let result = await loader.load([
            .content(name: "a.yaml", bytes: Array(configMap("a").utf8)),
            .tooLarge(name: "big.yaml", size: 2_000),
            .content(name: "c.yaml", bytes: Array(configMap("c").utf8)),
        ])
        #expect(result.files.map(\.file.path) == ["a.yaml", "big.yaml", "c.yaml"])
        #expect(result.objects.compactMap(\.name) == ["a", "c"])
        #expect(
            result.parseErrors.map(\.description) == [
                "big.yaml: error: file is 2000 bytes, over the 1000-byte limit; split it into smaller files"
            ])
    }

    @Test("loading with one worker gives the same result as with many")
    func deterministic() async throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        for i in 0..<40 { try write(configMap("cm\(i)") + "---\n" + configMap("cm\(i)b"), to: "d\(i % 3)/f\(i).yaml", in: root) }
        let parallel = await ManifestLoader(concurrency: 8).load([.path(root.path)])
        let serial = await ManifestLoader(concurrency: 1).load([.path(root.path)])
        #expect(parallel.objects.count == 80)
        #expect(parallel.objects.compactMap(\.name) == serial.objects.compactMap(\.name))
    }
}
