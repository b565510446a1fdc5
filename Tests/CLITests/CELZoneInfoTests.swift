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
}
