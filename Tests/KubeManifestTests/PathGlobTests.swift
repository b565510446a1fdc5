// sealgate · KubeManifest tests

@testable import KubeManifest
import Testing

/// The patterns of `.sealgate.yaml`'s `exclude`.
struct PathGlobTests {
    private func matches(_ pattern: String, _ path: String) throws -> Bool {
        try PathGlob(pattern).matches(path)
    }

    @Test("* and ? stay within one name; ** crosses directories, none included")
    func wildcards() throws {
        #expect(try matches("*.yaml", "a.yaml"))
        #expect(try !matches("*.yaml", "dir/a.yaml"))
        #expect(try matches("apps/?.yaml", "apps/a.yaml"))
        #expect(try !matches("apps/?.yaml", "apps/ab.yaml"))
        #expect(try matches("**/*.json", "a.json"))
        #expect(try matches("**/*.json", "x/y/z/a.json"))
        #expect(try matches("docs/**/test-*.yaml", "docs/test-1.yaml"))
        #expect(try matches("docs/**/test-*.yaml", "docs/a/b/test-1.yaml"))
        #expect(try !matches("docs/**/test-*.yaml", "docs/a/b/prod.yaml"))
        #expect(try matches("a*b*c", "abc") && matches("a*b*c", "aXbYc") && !matches("a*b*c", "aXbY"))
    }

    @Test("a pattern naming a directory covers everything below it; patterns are anchored")
    func directories() throws {
        #expect(try matches("vendor", "vendor/chart/deploy.yaml"))
        #expect(try matches("vendor/", "vendor/a.yaml"))
        #expect(try matches("vendor/**", "vendor/a/b.yaml"))
        #expect(try matches("vendor/**", "vendor"))
        #expect(try !matches("vendor/**", "apps/vendor/a.yaml"))
        #expect(try matches("**/vendor/**", "apps/vendor/a.yaml"))
        #expect(try !matches("vendor", "vendored/a.yaml"))
        #expect(try matches("docs/examples/**", "docs/examples/x.yaml"))
        #expect(try !matches("docs/examples/**", "docs/example.yaml"))
    }

    @Test("patterns that cannot mean what they seem are refused with what to write")
    func refused() {
        for pattern in ["", "/abs/**", "!keep.yaml", "a/[ab].yaml", "{a,b}/**", "a\\*", "a//b", "../x", "a/./b", "a**/b"] {
            #expect(throws: PathGlob.Problem.self, "\(pattern)") { try PathGlob(pattern) }
        }
        #expect(
            throws: PathGlob.Problem(
                description: "'a**/b' has '**' inside the name 'a**'; '**' stands alone between slashes (a/**/b), use '*' within a name")
        ) {
            try PathGlob("a**/b")
        }
    }
}
