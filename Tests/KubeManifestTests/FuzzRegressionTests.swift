// sealgate · KubeManifest tests

import Foundation
import KubeManifest
import Testing

/// Inputs the fuzz targets (Fuzz/) turned up, kept so each stays fixed; Tests/Fixtures/fuzz/README.md says
/// what each did.
struct FuzzRegressionTests {
    private static let fixtures = repositoryRoot.appendingPathComponent("Tests/Fixtures/fuzz")

    @Test("an alias cannot nest its anchor past the depth limit (yaml-loader)")
    func aliasDepth() throws {
        let text = try String(contentsOf: Self.fixtures.appendingPathComponent("yaml-alias-depth.yaml"), encoding: .utf8)
        let error = try #require(parseError(text))
        #expect(error.code == .tooDeep)
        #expect(error.location?.line == 3 && error.location?.column == 205)
        #expect(error.reason == "alias '*a0' nests deeper than 256 levels; flatten the document or raise the depth limit")
    }

    @Test("an alias may bring its anchor's levels exactly up to the depth limit", arguments: [(3, true), (4, false)])
    func aliasDepthBoundary(levels: Int, loads: Bool) {
        // The root mapping, `levels` lists, then the anchor's four: 1 + 3 + 4 = 8 levels is the limit.
        let text = "a: &a [[[[1]]]]\nb: " + String(repeating: "[", count: levels) + "*a" + String(repeating: "]", count: levels) + "\n"
        let error = parseError(text, limits: LoaderLimits(maxDepth: 8))
        #expect((error == nil) == loads)
        if !loads { #expect(error?.code == .tooDeep) }
    }

    @Test("a mapping merged from an anchor counts its levels as the same mapping written inline does")
    func mergedAliasDepth() {
        // root, use, inner, then the merge source's mapping and x's three lists: 7 levels as written.
        let aliased = "base: &base {x: [[[1]]]}\nuse:\n  inner:\n    <<: *base\n"
        let inline = "use:\n  inner:\n    <<: {x: [[[1]]]}\n"
        for text in [aliased, inline] {
            #expect(parseError(text, limits: LoaderLimits(maxDepth: 7)) == nil)
            #expect(parseError(text, limits: LoaderLimits(maxDepth: 6))?.code == .tooDeep)
        }
    }
}
