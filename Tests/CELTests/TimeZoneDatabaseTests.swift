// sealgate · CEL tests

import Foundation
import Testing
@testable import CEL

/// Named time zones are looked up in the directories the caller gives (``CELTimeZoneDatabase``), as Go
/// looks them up in `$ZONEINFO` and then the system's; the library reads no environment variable.
struct TimeZoneDatabaseTests {
    /// A temporary zone directory: `Asia/Tokyo` a TZif file, `Bad/Zone` a file that is not one, `Asia` a
    /// directory, and a `America/Los_Angeles` that is not a TZif file either.
    private static func zoneDirectory() throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("sealgate-zoneinfo-\(UUID().uuidString)")
        for directory in ["Asia", "Bad", "America"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(directory), withIntermediateDirectories: true)
        }
        // Only the magic number is read here; the rules come from Foundation.
        try Data("TZif2 test zone".utf8).write(to: root.appendingPathComponent("Asia/Tokyo"))
        try Data("not a zone".utf8).write(to: root.appendingPathComponent("Bad/Zone"))
        try Data("not a zone".utf8).write(to: root.appendingPathComponent("America/Los_Angeles"))
        return root.path
    }

    private func hours(_ zone: String, _ database: CELTimeZoneDatabase) -> String {
        let source = "timestamp('2009-02-13T23:31:30Z').getHours('\(zone)')"
        do {
            return try CELEnvironment(variables: [], timeZones: database).compile(source).evaluate([:]).jsonText
        } catch {
            return "error: \(error.reason)"
        }
    }

    @Test func onlyTheGivenDirectoriesAreSearched() throws {
        let directory = try Self.zoneDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = CELTimeZoneDatabase(directories: [directory])
        #expect(hours("Asia/Tokyo", database) == "8")
        #expect(hours("Europe/London", database) == "error: unknown time zone Europe/London")
        #expect(hours("Bad/Zone", database) == "error: malformed time zone information")
        #expect(hours("Asia", database) == "error: is a directory")
        #expect(hours("+01:00", database) == "0")
        // The system's database has London.
        #expect(hours("Europe/London", .system) == "23")
    }

    @Test func zoneinfoComesBeforeTheSystemDirectories() throws {
        let directory = try Self.zoneDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = CELTimeZoneDatabase(zoneinfo: directory)
        #expect(database.directories == [directory] + CELTimeZoneDatabase.systemDirectories)
        // Its files are searched, then the system's: London is found there, and as in Go a broken copy
        // in an earlier directory does not hide a good one in a later directory.
        #expect(hours("Bad/Zone", database) == "error: malformed time zone information")
        #expect(hours("Bad/Zone", .system) == "error: unknown time zone Bad/Zone")
        #expect(hours("Europe/London", database) == "23")
        #expect(hours("America/Los_Angeles", database) == "15")
    }

    @Test func anEmptyZoneinfoIsTheSystemDatabase() {
        #expect(CELTimeZoneDatabase(zoneinfo: nil) == .system)
        #expect(CELTimeZoneDatabase(zoneinfo: "") == .system)
        #expect(CELEnvironment(variables: []).timeZones == .system)
    }
}
