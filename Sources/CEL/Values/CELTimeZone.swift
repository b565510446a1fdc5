// sealgate · CEL

import Foundation
import GoFormats
import Synchronization

/// How a CEL time-zone argument maps instants to wall-clock offsets.
enum CELTimeZone: Sendable {
    /// A constant offset, seconds east of UTC.
    case fixed(Int64)
    /// An IANA zone.
    case named(TimeZone)

    /// Seconds east of UTC in effect at the instant.
    func offset(atUnixSeconds seconds: Int64) -> Int64 {
        switch self {
        case .fixed(let offset):
            offset
        case .named(let zone):
            Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds))))
        }
    }

    /// cel-go's reading of a zone argument (stdlib `inTimeZone`): text without `:` is a
    /// location name for Go's `time.LoadLocation` (`""`, `UTC` and `Local` are UTC); text
    /// with `:` is `hours:minutes`, each read by Go's `strconv.Atoi` (so a sign is optional and
    /// any digit count is accepted), the offset being `h*60 - m` minutes when the text starts
    /// with `-`, else `h*60 + m`. Errors carry Go's wording, which cel-go passes through. Names are
    /// looked up in `database`.
    static func resolve(_ zone: String?, in database: CELTimeZoneDatabase = .system) throws(TimeError) -> CELTimeZone {
        guard let zone else { return .fixed(0) }
        let bytes = Array(zone.utf8)
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else {
            return try named(zone, in: database)
        }
        let hours: Int64
        let minutes: Int64
        do throws(GoAtoi.Failure) {
            hours = try GoAtoi.parse(String(decoding: bytes[..<colon], as: UTF8.self))
            minutes = try GoAtoi.parse(String(decoding: bytes[(colon + 1)...], as: UTF8.self))
        } catch {
            throw TimeError(error.message)
        }
        // Go int arithmetic wraps; so does time.Duration(offset) * time.Minute.
        let offsetMinutes =
            bytes[0] == UInt8(ascii: "-")
            ? hours &* 60 &- minutes
            : hours &* 60 &+ minutes
        let offset = CELDuration(nanoseconds: offsetMinutes &* CELDuration.nanosPerMinute)
        // int(duration.Seconds()): Go's float path, truncated.
        return .fixed(Int64(offset.secondsValue))
    }

    // MARK: Named zones

    /// A zone name looked up in a database.
    private struct CacheKey: Hashable {
        let name: String
        let database: CELTimeZoneDatabase
    }

    private static let cache = Mutex<[CacheKey: Result<TimeZone?, TimeError>]>([:])
    private static let cacheLimit = 512

    private static func named(_ name: String, in database: CELTimeZoneDatabase) throws(TimeError) -> CELTimeZone {
        let key = CacheKey(name: name, database: database)
        let cached = cache.withLock { $0[key] }
        let result = cached ?? load(name, in: database)
        if cached == nil {
            cache.withLock { entries in
                if entries.count < cacheLimit { entries[key] = result }
            }
        }
        switch result {
        case .success(let zone?): return .named(zone)
        case .success(nil): return .fixed(0)
        case .failure(let error): throw error
        }
    }

    /// Go's `time.LoadLocation`: the name must be a TZif file in one of the database's
    /// directories (Go's: the directory in `ZONEINFO`, then the usual Unix locations); its rules
    /// come from Foundation. `nil` means UTC.
    private static func load(_ name: String, in database: CELTimeZoneDatabase) -> Result<TimeZone?, TimeError> {
        // cel-go's servers run with UTC as the local zone, so "Local" is UTC too.
        if name.isEmpty || name == "UTC" || name == "Local" { return .success(nil) }
        if name.contains("..") || name.hasPrefix("/") || name.hasPrefix("\\") {
            return .failure(TimeError("time: invalid location name"))
        }
        let unknown = TimeError("unknown time zone " + name)
        let directories = existingDirectories(database.directories)
        if directories.isEmpty {
            // No zone database here; Go would fall back to its embedded copy of IANA's.
            guard looksLikeIANAName(name) else { return .failure(unknown) }
        } else {
            var firstError: TimeError?
            var found = false
            for directory in directories {
                switch zoneFile(directory + "/" + name) {
                case .missing: continue
                case .directory: firstError = firstError ?? TimeError("is a directory")
                case .notTZif: firstError = firstError ?? TimeError("malformed time zone information")
                case .tzif: found = true
                }
                if found { break }
            }
            if !found { return .failure(firstError ?? unknown) }
        }
        guard let zone = TimeZone(identifier: name) else { return .failure(unknown) }
        return .success(zone)
    }

    private enum ZoneFile { case missing, directory, notTZif, tzif }

    private static func zoneFile(_ path: String) -> ZoneFile {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return .missing }
        if isDirectory.boolValue { return .directory }
        guard let handle = FileHandle(forReadingAtPath: path) else { return .missing }
        defer { try? handle.close() }
        let magic = (try? handle.read(upToCount: 4)) ?? Data()
        return magic == Data("TZif".utf8) ? .tzif : .notTZif
    }

    /// The directories among `candidates` that exist here.
    private static func existingDirectories(_ candidates: [String]) -> [String] {
        candidates.filter { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
    }

    /// Without a zone database, keep to names IANA publishes, so Foundation's extra
    /// identifiers ("PST", "GMT+5", ...) are refused as Go refuses them.
    private static func looksLikeIANAName(_ name: String) -> Bool {
        if topLevelNames.contains(name) { return true }
        guard let slash = name.firstIndex(of: "/") else { return false }
        return areaNames.contains(String(name[..<slash]))
    }

    private static let areaNames: Set<String> = [
        "Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Brazil",
        "Canada", "Chile", "Etc", "Europe", "Indian", "Mexico", "Pacific", "US",
    ]

    private static let topLevelNames: Set<String> = [
        "CET", "CST6CDT", "Cuba", "EET", "EST", "EST5EDT", "Egypt", "Eire", "Factory", "GB", "GB-Eire",
        "GMT", "GMT+0", "GMT-0", "GMT0", "Greenwich", "HST", "Hongkong", "Iceland", "Iran", "Israel",
        "Jamaica", "Japan", "Kwajalein", "Libya", "MET", "MST", "MST7MDT", "NZ", "NZ-CHAT", "Navajo",
        "PRC", "PST8PDT", "Poland", "Portugal", "ROC", "ROK", "Singapore", "Turkey", "UCT", "UTC",
        "Universal", "W-SU", "WET", "Zulu",
    ]
}
