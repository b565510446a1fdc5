// sealgate · CLI tests

import Foundation
import Testing

struct ObjectsCommandTests {
    @Test("lists the example repository with kind, namespace/name and file:line")
    func exampleRepository() throws {
        let result = try CLI.run("objects", "testdata/example-repo")
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("KIND") == true)
        #expect(lines.count == 22)  // the header and 21 objects
        let rows = lines.dropFirst().map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
        #expect(rows.contains(["Deployment", "shop/frontend", "testdata/example-repo/apps/shop/frontend.yaml:4"]))
        #expect(rows.contains(["ConfigMap", "shop/shop-settings", "testdata/example-repo/apps/shop/config.json:1"]))
        #expect(rows.contains(["ServiceAccount", "payments/payments-api", "testdata/example-repo/apps/payments/list.yaml:5"]))
        #expect(rows.contains(["ClusterRole", "ops-wildcard", "testdata/example-repo/rbac/roles.yaml:17"]))
        #expect(!result.stdout.contains(".github"))
        #expect(!result.stdout.contains("values.yaml"))
    }

    @Test("--verbose also lists what was skipped, and why")
    func verbose() throws {
        let result = try CLI.run("objects", "-v", "testdata/example-repo")
        #expect(result.exitCode == 0)
        #expect(result.stdout.contains("skipped testdata/example-repo/empty.yaml:5: empty document\n"))
        #expect(
            result.stdout.contains("skipped testdata/example-repo/helm/values.yaml:3: not a Kubernetes object (no apiVersion or kind)\n"))
    }

    @Test("-o json gives every object with its position")
    func json() throws {
        let result = try CLI.run("objects", "-o", "json", "testdata/example-repo/apps/payments")
        #expect(result.exitCode == 0)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let objects = try #require(report["objects"] as? [[String: Any]])
        #expect(objects.count == 7)
        let account = try #require(objects.first { $0["kind"] as? String == "ServiceAccount" })
        #expect(account["apiVersion"] as? String == "v1")
        #expect(account["namespace"] as? String == "payments")
        #expect(account["name"] as? String == "payments-api")
        #expect(account["file"] as? String == "testdata/example-repo/apps/payments/list.yaml")
        #expect(account["line"] as? Int == 5)
        #expect(account["column"] as? Int == 5)
        #expect(account["listIndex"] as? Int == 0)
        #expect((report["errors"] as? [Any])?.isEmpty == true)
    }

    @Test("-o json has a fixed field order and shows what is missing as null")
    func jsonShape() throws {
        let result = try CLI.run(
            "objects", "-o", "json", "-", stdin: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns\n---\nfoo: 1\n")
        #expect(result.exitCode == 0)
        #expect(
            result.stdout == """
                {
                  "objects": [
                    {
                      "apiVersion": "v1",
                      "kind": "Namespace",
                      "namespace": null,
                      "name": "ns",
                      "generateName": null,
                      "file": "-",
                      "line": 1,
                      "column": 1,
                      "document": 0,
                      "listIndex": null
                    }
                  ],
                  "skipped": [
                    {
                      "file": "-",
                      "line": 6,
                      "column": 1,
                      "document": 1,
                      "reason": "not a Kubernetes object (no apiVersion or kind)"
                    }
                  ],
                  "errors": []
                }

                """)
    }

    @Test("- reads standard input")
    func standardInput() throws {
        let result = try CLI.run("objects", "-", stdin: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: from-stdin\n")
        #expect(result.exitCode == 0)
        #expect(result.stdout == "KIND       NAME        LOCATION\nNamespace  from-stdin  -:1\n")
    }

    @Test("nothing found is not an error, but it is said")
    func nothingFound() throws {
        let result = try CLI.run("objects", "testdata/example-repo/helm")
        #expect(result.exitCode == 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "no Kubernetes objects found\n")
    }

    static let invalidInputs: [(file: String, message: String)] = [
        ("bad-json.json", "Tests/Fixtures/invalid/bad-json.json:3:23:"),
        (
            "billion-laughs.yaml",
            "Tests/Fixtures/invalid/billion-laughs.yaml:7:8: error: aliases expand to more than 100000 nodes in this document; this looks like an alias bomb (\"billion laughs\"); expand the aliases by hand"
        ),
        ("binary.yaml", "Tests/Fixtures/invalid/binary.yaml:3:1: error: binary file (a NUL byte); sealgate reads YAML and JSON text"),
        ("deep.yaml", "Tests/Fixtures/invalid/deep.yaml:2:257: error: nesting is deeper than 256 levels; flatten the document"),
        (
            "duplicate-key.yaml",
            "Tests/Fixtures/invalid/duplicate-key.yaml:8:3: error: duplicate key 'LOG_LEVEL' (first defined at line 6); remove one of them"
        ),
        (
            "invalid-utf8.yaml",
            "Tests/Fixtures/invalid/invalid-utf8.yaml:2:14: error: the file is not valid UTF-8 (invalid leading UTF-8 octet); save it as UTF-8"
        ),
        (
            "tab-indent.yaml",
            "Tests/Fixtures/invalid/tab-indent.yaml:3:1: error: tab character in indentation; YAML indents with spaces, so replace the tab with spaces"
        ),
        (
            "unknown-alias.yaml",
            "Tests/Fixtures/invalid/unknown-alias.yaml:3:11: error: this '*' starts an alias, and no anchor of its name is defined before it; quote the value if it is text that starts with '*'"
        ),
        (
            "unterminated-quote.yaml",
            "Tests/Fixtures/invalid/unterminated-quote.yaml:7:1: error: unterminated quoted string that starts at line 4, column 14; add the closing quote"
        ),
    ]

    @Test("each hostile or broken input exits 2 with its position and a fix", arguments: invalidInputs)
    func invalidInput(file: String, message: String) throws {
        let result = try CLI.run("objects", "Tests/Fixtures/invalid/\(file)")
        #expect(result.exitCode == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix(message), "\(result.stderr)")
        #expect(!result.stderr.contains("Fatal error"))
    }

    @Test("a missing path exits 2 and names it; the other inputs are still listed")
    func missingPath() throws {
        let result = try CLI.run("objects", "testdata/example-repo/namespaces.yaml", "no/such/file.yaml")
        #expect(result.exitCode == 2)
        #expect(result.stdout.contains("Namespace"))
        #expect(result.stderr == "no/such/file.yaml: error: no such file or directory; check the path\n")
    }

    @Test("no path, or - twice, is a usage error")
    func usage() throws {
        let none = try CLI.run("objects")
        #expect(none.exitCode == 2)
        #expect(none.stderr.contains("Missing expected argument"))
        let twice = try CLI.run("objects", "-", "-")
        #expect(twice.exitCode == 2)
        #expect(twice.stderr.contains("'-' (standard input) can be given only once"))
    }
}
