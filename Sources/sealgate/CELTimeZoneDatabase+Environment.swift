// sealgate · CLI

internal import CEL
internal import Foundation

extension CELTimeZoneDatabase {
    /// The zone database as Go finds it in this process: `$ZONEINFO` first when it is set, then the
    /// system's directories. The CLI reads the environment; the CEL library never does.
    static var fromProcessEnvironment: CELTimeZoneDatabase {
        CELTimeZoneDatabase(zoneinfo: ProcessInfo.processInfo.environment["ZONEINFO"])
    }
}
