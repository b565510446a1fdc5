// sealgate · KubeManifest tests

import Diagnostics
import Foundation
import Testing
@testable import KubeManifest

/// Loading what the emitters write gives back an equal tree, for every manifest the repository ships.
struct RoundTripTests {
    /// Every YAML and JSON file under testdata/ (the deliberately broken ones live in Tests/Fixtures/invalid),
    /// but for Go templates: a Helm chart's templates, and the stray template the GitOps fixture plants.
    static let fixtures: [String] = {
        let testdata = repositoryRoot.appendingPathComponent("testdata")
        guard let walker = FileManager.default.enumerator(atPath: testdata.path) else { return [] }
        let names = walker.compactMap { $0 as? String }.filter { ManifestLoader.isManifestName($0) }.sorted()
        return HelmCharts.withoutTemplates(names).kept.filter { !$0.hasPrefix("gitops-repo/legacy/") }
    }()

    private func load(_ relativePath: String) throws -> [Document] {
        let path = repositoryRoot.appendingPathComponent("testdata").appendingPathComponent(relativePath).path
        let bytes = try ManifestLoader.readFile(path, limit: LoaderLimits().maxFileSize)
        return try bytes.withUnsafeBytes { raw in
            Result { () throws(ManifestError) in try ManifestParser.documents(in: raw, file: SourceFile(path: relativePath)) }
        }.get()
    }

    @Test("there are fixtures to round-trip")
    func fixturesExist() {
        #expect(Self.fixtures.count >= 15)
        #expect(Self.fixtures.contains("example-repo/apps/shop/anchors.yaml"))
        #expect(Self.fixtures.contains("example-repo/apps/shop/config.json"))
    }

    @Test("YAML output reads back equal", arguments: fixtures)
    func yaml(path: String) throws {
        let documents = try load(path)
        let text = YAMLEmitter.emit(documents: documents.map(\.root))
        let again = try parseYAML(text, name: "emitted.yaml")
        #expect(again.count == documents.count, "\(text)")
        for (original, emitted) in zip(documents, again) {
            #expect(original.root == emitted.root, "\(path) document \(original.index):\n\(text)")
        }
    }

    @Test("JSON output reads back equal", arguments: fixtures)
    func json(path: String) throws {
        for document in try load(path) {
            for pretty in [true, false] {
                let text = try JSONEmitter.emit(document.root, pretty: pretty)
                let again = try ManifestParser.documents(in: text, file: SourceFile(path: "emitted.json"), format: .json)
                #expect(again.count == 1)
                #expect(again.first?.root == document.root, "\(path) document \(document.index):\n\(text)")
            }
        }
    }

    @Test("emitting is stable: the output of a reload emits the same text")
    func stable() throws {
        for path in Self.fixtures {
            let roots = try load(path).map(\.root)
            let first = YAMLEmitter.emit(documents: roots)
            let second = YAMLEmitter.emit(documents: try parseYAML(first).map(\.root))
            #expect(first == second, "\(path)")
        }
    }
}
