// sealgate · CLI tests

import Foundation
import Testing

/// The count lines of seal, verify and a change check, with 1 and with 2 of each thing counted (the
/// check's, policies' and tests' are in ConfigurationErrorTests, the audit's in AuditTests).
struct SummaryCountTests {
    /// A Secret `db` in `shop` with `count` values.
    private static func secret(values count: Int) -> String {
        let values = (1...count).map { "v\($0): x" }.joined(separator: ", ")
        return "apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: shop}\nstringData: {\(values)}\n"
    }

    @Test("seal --merge-into and verify count keys, values, SealedSecrets and keys of the ring", arguments: [1, 2])
    func sealAndVerify(count: Int) throws {
        let directory = try CLI.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("db-sealed.yaml").path
        let cert = SealCommandTests.cert
        #expect(try CLI.run(["seal", "--cert", cert, "-w", file], stdin: Array(Self.secret(values: count).utf8)).exitCode == 0)
        let merged = try CLI.run(["seal", "--cert", cert, "--merge-into", file], stdin: Array(Self.secret(values: count).utf8))
        #expect(merged.stderr == "merged \(count == 1 ? "1 key" : "2 keys") into \(file)\n")
        let keys = count == 1 ? [SealCommandTests.key] : [SealCommandTests.key, "testdata/keys/old"]
        let verified = try CLI.run(["verify", "-f", file] + keys.flatMap { ["--key", $0] })
        #expect(
            verified.stdout
                == (count == 1
                    ? "ok: the 1 value in 1 SealedSecret decrypts with 1 key\n"
                    : "ok: all 2 values in 1 SealedSecret decrypt with 2 keys\n"))
    }

    @Test("-v on a change check counts the changed paths", arguments: [1, 2])
    func changedPaths(count: Int) throws {
        let repository = try CheckBaseTests.repositoryWithOldViolation()
        try repository.write("apps/api.yaml", CheckBaseTests.deployment("api", image: "api:1.1"))
        if count == 2 { try repository.write("apps/web.yaml", CheckBaseTests.deployment("web", image: "nginx:1.27")) }
        let result = try repository.check("--base", "main", "-v")
        let paths = count == 1 ? "1 changed path" : "2 changed paths"
        #expect(result.stderr.contains(": \(paths) under the checked paths"), "\(result.stderr)")
    }
}
