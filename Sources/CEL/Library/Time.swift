// sealgate · CEL

// timestamp and duration: conversions and the accessors of the language definition, each with an
// optional time zone for timestamps.

extension FunctionLibrary {
    /// `timestamp`, `duration` and the accessors; named zones are looked up in `timeZones`.
    static func timeFunctions(_ timeZones: CELTimeZoneDatabase) -> [FunctionDeclaration] {
        var declarations = [
            FunctionDeclaration("timestamp") { name in
                [
                    Overload(
                        [StaticType.timestamp, .string, .int].map { .global($0, returns: .timestamp) },
                        .unary { (value) throws(EvalFailure) in
                            switch value {
                            case .timestamp: return value
                            case let .string(s):
                                return .timestamp(try timeOperation { () throws(TimeError) in try CELTimestamp(parsing: s) })
                            case let .int(seconds):
                                return .timestamp(
                                    try timeOperation { () throws(TimeError) in try CELTimestamp(seconds: seconds, nanos: 0) })
                            default: throw .noOverload(name, value)
                            }
                        })
                ]
            },
            FunctionDeclaration("duration") { name in
                [
                    Overload(
                        [StaticType.duration, .string].map { .global($0, returns: .duration) },
                        .unary { (value) throws(EvalFailure) in
                            switch value {
                            case .duration: return value
                            case let .string(s): return .duration(try timeOperation { () throws(TimeError) in try CELDuration(parsing: s) })
                            default: throw .noOverload(name, value)
                            }
                        })
                ]
            },
        ]

        typealias Accessor = @Sendable (CELTimestamp, String?, CELTimeZoneDatabase) throws(TimeError) -> Int64
        let timestampAccessors: [(String, Accessor)] = [
            ("getFullYear", { (t, zone, database) throws(TimeError) in try t.fullYear(in: zone, database: database) }),
            ("getMonth", { (t, zone, database) throws(TimeError) in try t.month(in: zone, database: database) }),
            ("getDayOfYear", { (t, zone, database) throws(TimeError) in try t.dayOfYear(in: zone, database: database) }),
            ("getDayOfMonth", { (t, zone, database) throws(TimeError) in try t.dayOfMonth(in: zone, database: database) }),
            ("getDate", { (t, zone, database) throws(TimeError) in try t.date(in: zone, database: database) }),
            ("getDayOfWeek", { (t, zone, database) throws(TimeError) in try t.dayOfWeek(in: zone, database: database) }),
            ("getHours", { (t, zone, database) throws(TimeError) in try t.hours(in: zone, database: database) }),
            ("getMinutes", { (t, zone, database) throws(TimeError) in try t.minutes(in: zone, database: database) }),
            ("getSeconds", { (t, zone, database) throws(TimeError) in try t.seconds(in: zone, database: database) }),
            ("getMilliseconds", { (t, zone, database) throws(TimeError) in try t.milliseconds(in: zone, database: database) }),
        ]
        let durationAccessors: [String: @Sendable (CELDuration) -> Int64] = [
            "getHours": { $0.hours },
            "getMinutes": { $0.minutes },
            "getSeconds": { $0.seconds },
            "getMilliseconds": { $0.milliseconds },
        ]
        for (accessorName, accessor) in timestampAccessors {
            let forDuration = durationAccessors[accessorName]
            declarations.append(
                FunctionDeclaration(accessorName) { name in
                    [
                        Overload(
                            [.method(on: .timestamp, returns: .int)] + (forDuration == nil ? [] : [.method(on: .duration, returns: .int)]),
                            .unary { (value) throws(EvalFailure) in
                                switch value {
                                case let .timestamp(t):
                                    return .int(try timeOperation { () throws(TimeError) in try accessor(t, String?.none, timeZones) })
                                case let .duration(d):
                                    guard let forDuration else { throw .noOverload(name, value) }
                                    return .int(forDuration(d))
                                default: throw .noOverload(name, value)
                                }
                            }),
                        Overload(
                            [.method(on: .timestamp, .string, returns: .int)],
                            .binary { (value, zone) throws(EvalFailure) in
                                guard case let .timestamp(t) = value, case let .string(z) = zone else {
                                    throw .noOverload(name, value, zone)
                                }
                                return .int(try timeOperation { () throws(TimeError) in try accessor(t, z, timeZones) })
                            }),
                    ]
                })
        }
        return declarations
    }
}
