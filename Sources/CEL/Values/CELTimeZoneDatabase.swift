// sealgate · CEL

/// Where the timestamp accessors look up a named time zone (`getHours('Europe/Berlin')`): directories
/// of TZif files, searched in order, as Go's `time.LoadLocation` searches them. The zone's rules come
/// from Foundation; the directories decide which names exist, as they do for cel-go.
///
/// The library never reads the environment: a program that honours `ZONEINFO` as Go does reads it and
/// passes it to ``init(zoneinfo:)``.
public struct CELTimeZoneDatabase: Sendable, Hashable {
    /// The directories, searched in order; those that do not exist are skipped. When none exists, names
    /// that IANA publishes are accepted (Go would use its embedded copy of the database).
    public var directories: [String]

    /// The directories Go searches on Unix.
    public static let systemDirectories = ["/usr/share/zoneinfo", "/usr/share/lib/zoneinfo", "/usr/lib/locale/TZ", "/etc/zoneinfo"]

    /// The system's zone database: ``systemDirectories``.
    public static let system = CELTimeZoneDatabase(directories: systemDirectories)

    /// A database of these directories.
    public init(directories: [String]) {
        self.directories = directories
    }

    /// Go's search with `ZONEINFO` set to `zoneinfo`: that directory first, then the system's. Nil or
    /// empty gives ``system``.
    public init(zoneinfo: String?) {
        guard let zoneinfo, !zoneinfo.isEmpty else {
            self = .system
            return
        }
        self.init(directories: [zoneinfo] + Self.systemDirectories)
    }
}
