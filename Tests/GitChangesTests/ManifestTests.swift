// sealgate · GitChanges tests

import Foundation
import KubeManifest
import Testing
@testable import GitChanges

struct ManifestTests {
    /// A repository whose tree exercises the walk's rules: nested and hidden directories, names that sort
    /// differently by path and by name, every manifest extension, other files, several documents and a List,
    /// a document that is no object, and a file that does not parse.
    private func repository() throws -> GitFixture {
        let fixture = try GitFixture()
        try fixture.write("deploy/a.yaml", configMap("a") + "---\n" + configMap("a2") + "---\njust a string\n")
        try fixture.write("deploy/a/b.yml", configMap("b"))
        try fixture.write("deploy/a-b.YAML", "\n\n# comment\n" + configMap("ab"))
        try fixture.write(
            "deploy/list.json",
            """
            {"apiVersion": "v1", "kind": "List", "items": [
              {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "j1"}},
              {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "j2"}}]}
            """)
        try fixture.write("deploy/broken.yaml", configMap("broken") + "data: [unclosed\n")
        try fixture.write("deploy/.hidden/h.yaml", configMap("hidden"))
        try fixture.write("deploy/.dot.yaml", configMap("dot"))
        try fixture.write("deploy/README.md", "# not a manifest\n")
        try fixture.write("deploy/z/deep/d.json", #"{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "d"}}"#)
        try fixture.write("deploy/notes.txt", configMap("txt"))
        try fixture.write("other/o.yaml", configMap("o"))
        try fixture.commitAll("manifests")
        return fixture
    }

    /// Everything a load gives that a policy or a message can see, with the positions.
    private func summary(_ result: LoadResult) -> [String] {
        result.files.map { "file \($0.file.path) \($0.error.map(\.description) ?? "")" }
            + result.objects.map {
                "object \($0.kind)/\($0.name ?? "") at \($0.origin.location) doc \($0.origin.documentIndex) item \($0.origin.listIndex ?? -1)"
            }
            + result.skipped.map { "skipped \($0)" }
            + result.inputErrors.map { "input \($0)" }
    }

    private func load(_ manifests: GitManifests, limits: LoaderLimits = LoaderLimits()) async -> [String] {
        let result = await ManifestLoader(limits: limits).load(manifests.inputs)
        return summary(result) + manifests.inputErrors.map { "input \($0)" }
    }

    @Test("a commit loads exactly as its checkout: files, objects, positions, skipped documents, errors")
    func commitEqualsCheckout() async throws {
        let fixture = try repository()
        let repository = try fixture.open()
        let head = GitSource.commit(try repository.resolve("HEAD").id)
        for paths in [["deploy"], ["deploy/", "other/o.yaml"], ["deploy/a", "deploy/notes.txt"], ["."]] {
            let disk = summary(await ManifestLoader().load(paths.map { .path(fixture.path($0)) }))
            // Absolute paths name files as the disk load does.
            let absolute = try repository.manifests(in: head, paths: paths.map { fixture.path($0) })
            #expect(await load(absolute) == disk, "\(paths)")
            #expect(!disk.isEmpty)
        }
        // What the comparison covered: positions, a List's items, a skipped document, a parse error.
        let disk = summary(await ManifestLoader().load([.path(fixture.path("deploy"))]))
        let a = fixture.path("deploy/a.yaml")
        #expect(disk.contains("object ConfigMap/a2 at \(a):8:1 doc 1 item -1"))
        #expect(disk.contains("object ConfigMap/j2 at \(fixture.path("deploy/list.json")):3:3 doc 0 item 1"))
        #expect(disk.contains { $0.hasPrefix("skipped \(a):15:1") })
        #expect(
            disk.contains { $0.hasPrefix("file \(fixture.path("deploy/broken.yaml")) \(fixture.path("deploy/broken.yaml")):8:1: error:") })
        // Relative paths, from a subdirectory, name files relative to it, as a walk from there would.
        let fromDeploy = try repository.manifests(in: head, paths: [".", "../other"], currentDirectory: fixture.path("deploy"))
        #expect(
            fromDeploy.files.map(\.name) == [
                "./a/b.yml", "./a-b.YAML", "./a.yaml", "./broken.yaml", "./list.json", "./z/deep/d.json", "../other/o.yaml",
            ])
        #expect(fromDeploy.files.map(\.file.path).first == "deploy/a/b.yml")
        #expect(fromDeploy.files.first?.file.id.description == (try fixture.git("rev-parse", "HEAD:deploy/a/b.yml")))
    }

    @Test("the index loads as the staged files would, partially staged files with their staged content")
    func indexEqualsStagedCheckout() async throws {
        let fixture = try repository()
        try fixture.write("deploy/a.yaml", configMap("staged"))
        try fixture.write("deploy/new.yaml", configMap("new"))
        try fixture.git("add", "deploy")
        let staged = summary(await ManifestLoader().load([.path(fixture.path("deploy"))]))
        try fixture.write("deploy/a.yaml", configMap("unstaged") + configMap("more"))
        try fixture.write("deploy/untracked.yaml", configMap("untracked"))
        let repository = try fixture.open()
        let fromIndex = try repository.manifests(in: .index, paths: [fixture.path("deploy")])
        #expect(await load(fromIndex) == staged)
    }

    @Test("a blob over the size limit is refused unread, with the error the same file on disk gets")
    func sizeLimit() async throws {
        let fixture = try repository()
        let repository = try fixture.open()
        let limits = LoaderLimits(maxFileSize: 70)
        let disk = summary(await ManifestLoader(limits: limits).load([.path(fixture.path("deploy"))]))
        let manifests = try repository.manifests(
            in: .commit(repository.resolve("HEAD").id), paths: [fixture.path("deploy")], limits: limits)
        #expect(await load(manifests, limits: limits) == disk)
        #expect(manifests.inputs.contains { if case .tooLarge = $0 { true } else { false } })
        #expect(disk.contains { $0.contains("file-too-large") || $0.contains("over the 70-byte limit") })
    }

    @Test("a path that is not in the revision is an input error; links, submodules and LFS pointers are notices")
    func notFoundAndNotices() async throws {
        let fixture = try repository()
        let first = try fixture.git("rev-parse", "HEAD")
        try FileManager.default.createSymbolicLink(atPath: fixture.path("deploy/link.yaml"), withDestinationPath: "/etc/passwd")
        try fixture.write("deploy/lfs.yaml", "version https://git-lfs.github.com/spec/v1\noid sha256:00\nsize 1\n")
        try fixture.git("update-index", "--add", "--cacheinfo", "160000,\(first),deploy/vendor")
        try FileManager.default.createDirectory(atPath: fixture.path("deploy/vendor"), withIntermediateDirectories: true)
        try fixture.commitAll("more")
        try fixture.git("rm", "-q", "-r", "other")
        try fixture.commitAll("no other")
        let repository = try fixture.open()
        let manifests = try repository.manifests(
            in: .commit(repository.resolve("HEAD").id), paths: ["deploy", "other"], currentDirectory: fixture.root.path)
        #expect(
            manifests.inputErrors.map(\.description) == [
                "other: error: no such file or directory in commit \(try fixture.git("rev-parse", "--short=12", "HEAD")); check the path"
            ])
        #expect(manifests.inputErrors.map(\.code) == [.notFound])
        #expect(
            manifests.notices.map(\.description) == [
                "deploy/link.yaml: notice: symbolic link (to /etc/passwd), not followed in a revision; skipped",
                "deploy/vendor: notice: submodule (commit \(first.prefix(12))), whose files are in another repository; skipped",
                "deploy/lfs.yaml: notice: Git LFS pointer, whose content is not in the repository; skipped",
            ])
        #expect(!manifests.files.contains { $0.name.hasSuffix("lfs.yaml") || $0.name.hasSuffix("link.yaml") })
        // The older commit still has `other`.
        let older = try repository.manifests(
            in: .commit(repository.resolve("HEAD^1").id), paths: ["other"], currentDirectory: fixture.root.path)
        #expect(older.files.map(\.name) == ["other/o.yaml"])
    }
}
