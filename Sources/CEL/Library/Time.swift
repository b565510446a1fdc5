// sealgate · CEL

// timestamp and duration: conversions and the accessors of the language definition, each with an
// optional time zone for timestamps.

extension FunctionLibrary {
    mutating func addTime() {
        global("timestamp", .unary { (value) throws(EvalFailure) in
            switch value {
            case .timestamp: return value
            case let .string(s): return .timestamp(try timeOperation { () throws(TimeError) in try CELTimestamp(parsing: s) })
            case let .int(seconds): return .timestamp(try timeOperation { () throws(TimeError) in try CELTimestamp(seconds: seconds, nanos: 0) })
            default: throw .noOverload("timestamp", value)
            }
        })
        global("duration", .unary { (value) throws(EvalFailure) in
            switch value {
            case .duration: return value
            case let .string(s): return .duration(try timeOperation { () throws(TimeError) in try CELDuration(parsing: s) })
            default: throw .noOverload("duration", value)
            }
        })

        typealias Accessor = @Sendable (CELTimestamp, String?) throws(TimeError) -> Int64
        let timestampAccessors: [(String, Accessor)] = [
            ("getFullYear", { (t, zone) throws(TimeError) in try t.fullYear(in: zone) }),
            ("getMonth", { (t, zone) throws(TimeError) in try t.month(in: zone) }),
            ("getDayOfYear", { (t, zone) throws(TimeError) in try t.dayOfYear(in: zone) }),
            ("getDayOfMonth", { (t, zone) throws(TimeError) in try t.dayOfMonth(in: zone) }),
            ("getDate", { (t, zone) throws(TimeError) in try t.date(in: zone) }),
            ("getDayOfWeek", { (t, zone) throws(TimeError) in try t.dayOfWeek(in: zone) }),
            ("getHours", { (t, zone) throws(TimeError) in try t.hours(in: zone) }),
            ("getMinutes", { (t, zone) throws(TimeError) in try t.minutes(in: zone) }),
            ("getSeconds", { (t, zone) throws(TimeError) in try t.seconds(in: zone) }),
            ("getMilliseconds", { (t, zone) throws(TimeError) in try t.milliseconds(in: zone) }),
        ]
        let durationAccessors: [String: @Sendable (CELDuration) -> Int64] = [
            "getHours": { $0.hours },
            "getMinutes": { $0.minutes },
            "getSeconds": { $0.seconds },
            "getMilliseconds": { $0.milliseconds },
        ]
        for (name, accessor) in timestampAccessors {
            let forDuration = durationAccessors[name]
            member(name, .unary { (value) throws(EvalFailure) in
                switch value {
                case let .timestamp(t): return .int(try timeOperation { () throws(TimeError) in try accessor(t, nil) })
                case let .duration(d):
                    guard let forDuration else { throw .noOverload(name, value) }
                    return .int(forDuration(d))
                default: throw .noOverload(name, value)
                }
            })
            member(name, .binary { (value, zone) throws(EvalFailure) in
                guard case let .timestamp(t) = value, case let .string(z) = zone else { throw .noOverload(name, value, zone) }
                return .int(try timeOperation { () throws(TimeError) in try accessor(t, z) })
            })
        }
    }
}
