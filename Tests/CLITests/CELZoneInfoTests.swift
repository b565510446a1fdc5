// sealgate · CLI tests

import Foundation
import Testing

/// `sealgate cel` looks named time zones up in `$ZONEINFO` first, as Go does; the CLI reads the variable
/// and passes the directory to the CEL library.
struct CELZoneInfoTests {
    @Test func zoneinfoIsSearchedFirst() throws {
        let directory = try CLI.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("Bad"), withIntermediateDirectories: true)
        try Data("not a zone".utf8).write(to: directory.appendingPathComponent("Bad/Zone"))
        let expression = "timestamp('2009-02-13T23:31:30Z').getHours('Bad/Zone')"

        let custom = try CLI.run(["cel", expression], environment: ["ZONEINFO": directory.path])
        #expect(custom.stderr.contains("error: malformed time zone information"))
        #expect(custom.exitCode == 1)

        let system = try CLI.run(["cel", expression], environment: ["ZONEINFO": ""])
        #expect(system.stderr.contains("error: unknown time zone Bad/Zone"))
        #expect(system.exitCode == 1)

        let london = try CLI.run(
            ["cel", "timestamp('2009-02-13T23:31:30Z').getHours('Europe/London')"], environment: ["ZONEINFO": directory.path])
        #expect(london.stdout == "23\n")
    }

    /// `sealgate check` compiles policies with the same database: `$ZONEINFO` is searched first there too.
    @Test func checkSearchesZoneinfoToo() throws {
        let directory = try CLI.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let zones = directory.appendingPathComponent("zones")
        try FileManager.default.createDirectory(at: zones.appendingPathComponent("Bad"), withIntermediateDirectories: true)
        try Data("not a zone".utf8).write(to: zones.appendingPathComponent("Bad/Zone"))
        try Data(
            """
            apiVersion: sealgate.dev/v1
            kind: Policy
            metadata: {name: office-hours}
            spec:
              match: {kinds: [ConfigMap]}
              validations:
                - expression: "timestamp(object.data.at).getHours('Bad/Zone') >= 9"
                  message: deployed before office hours

            """.utf8
        ).write(to: directory.appendingPathComponent("policy.yaml"))
        try Data("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: n}\ndata: {at: '2026-01-05T07:30:00Z'}\n".utf8)
            .write(to: directory.appendingPathComponent("config.yaml"))
        let arguments = ["check", "config.yaml", "--no-builtin", "--policies", "policy.yaml"]

        let custom = try CLI.run(arguments, in: directory, environment: ["ZONEINFO": zones.path])
        #expect(custom.stdout.contains("malformed time zone information"), "\(custom.stdout)\(custom.stderr)")
        let system = try CLI.run(arguments, in: directory, environment: ["ZONEINFO": ""])
        #expect(system.stdout.contains("unknown time zone Bad/Zone"), "\(system.stdout)\(system.stderr)")
    }
}
