// sealgate · CEL

// The core semantics of the language definition: equality, ordering and arithmetic, with the
// heterogeneous numeric equality and cross-type numeric comparison Kubernetes enables.

// MARK: - Equality

extension CELValue {
    /// CEL equality. Numbers compare by value across int, uint and double; values of different
    /// non-numeric types are unequal (not an error); lists and maps compare element by element.
    func celEquals(_ other: CELValue) -> Bool {
        switch (self, other) {
        case let (.string(a), .string(b)): return a.hasSameUTF8(as: b)
        case let (.int(a), .int(b)): return a == b
        case let (.bool(a), .bool(b)): return a == b
        case (.null, .null): return true
        case let (.uint(a), .uint(b)): return a == b
        case let (.double(a), .double(b)): return a == b
        case let (.int(a), .uint(b)), let (.uint(b), .int(a)): return a >= 0 && UInt64(a) == b
        case let (.int(a), .double(b)), let (.double(b), .int(a)): return Self.compare(a, b) == 0
        case let (.uint(a), .double(b)), let (.double(b), .uint(a)): return Self.compare(a, b) == 0
        case let (.bytes(a), .bytes(b)): return a == b
        case let (.list(a), .list(b)):
            guard a.count == b.count else { return false }
            for i in 0..<a.count where !a[i].celEquals(b[i]) { return false }
            return true
        case let (.map(a), .map(b)):
            guard a.count == b.count else { return false }
            for key in a.keys {
                guard let left = a[key], let right = b[key], left.celEquals(right) else { return false }
            }
            return true
        case let (.type(a), .type(b)): return a == b
        case let (.timestamp(a), .timestamp(b)): return a == b
        case let (.duration(a), .duration(b)): return a == b
        case let (.optional(a), .optional(b)):
            switch (a, b) {
            case (nil, nil): return true
            case let (x?, y?): return x.celEquals(y)
            default: return false
            }
        case let (.opaque(a), .opaque(b)): return a.isEqual(to: b)
        default: return false
        }
    }

    /// Compares an int with a double as cel-go does (and so Kubernetes): outside the int range by the
    /// range, inside it through the int converted to a double. -1, 0, 1, or nil when the double is NaN.
    static func compare(_ a: Int64, _ b: Double) -> Int? {
        if b.isNaN { return nil }
        if b < -9_223_372_036_854_775_808.0 { return 1 }
        if b > 9_223_372_036_854_775_807.0 { return -1 }
        let x = Double(a)
        return x < b ? -1 : (x > b ? 1 : 0)
    }

    /// Compares a uint with a double as cel-go does. -1, 0, 1, or nil when the double is NaN.
    static func compare(_ a: UInt64, _ b: Double) -> Int? {
        if b.isNaN { return nil }
        if b < 0 { return 1 }
        if b > 18_446_744_073_709_551_615.0 { return -1 }
        let x = Double(a)
        return x < b ? -1 : (x > b ? 1 : 0)
    }
}

// MARK: - Ordering

extension CELValue {
    /// CEL ordering for `<`, `<=`, `>`, `>=`: -1, 0 or 1.
    ///
    /// - Throws: ``EvalFailure`` "no such overload" for values that have no order between them, and "NaN
    ///   values cannot be ordered" when a double is NaN, as cel-go does.
    func celCompare(_ other: CELValue, operator name: String) throws(EvalFailure) -> Int {
        guard let order = try celOrder(other, operator: name) else { throw EvalFailure("NaN values cannot be ordered") }
        return order
    }

    private func celOrder(_ other: CELValue, operator name: String) throws(EvalFailure) -> Int? {
        switch (self, other) {
        case let (.int(a), .int(b)): return a < b ? -1 : (a > b ? 1 : 0)
        case let (.uint(a), .uint(b)): return a < b ? -1 : (a > b ? 1 : 0)
        case let (.double(a), .double(b)):
            if a.isNaN || b.isNaN { return nil }
            return a < b ? -1 : (a > b ? 1 : 0)
        case let (.int(a), .uint(b)): return a < 0 ? -1 : (UInt64(a) < b ? -1 : (UInt64(a) > b ? 1 : 0))
        case let (.uint(a), .int(b)): return b < 0 ? 1 : (a < UInt64(b) ? -1 : (a > UInt64(b) ? 1 : 0))
        case let (.int(a), .double(b)): return Self.compare(a, b)
        case let (.double(a), .int(b)): return Self.compare(b, a).map { -$0 }
        case let (.uint(a), .double(b)): return Self.compare(a, b)
        case let (.double(a), .uint(b)): return Self.compare(b, a).map { -$0 }
        case let (.string(a), .string(b)):
            if a.hasSameUTF8(as: b) { return 0 }
            return a.utf8.lexicographicallyPrecedes(b.utf8) ? -1 : 1
        case let (.bytes(a), .bytes(b)):
            if a == b { return 0 }
            return a.lexicographicallyPrecedes(b) ? -1 : 1
        case let (.bool(a), .bool(b)): return a == b ? 0 : (a ? 1 : -1)
        case let (.timestamp(a), .timestamp(b)): return a < b ? -1 : (a > b ? 1 : 0)
        case let (.duration(a), .duration(b)): return a < b ? -1 : (a > b ? 1 : 0)
        default: throw .noOverload(name, self, other)
        }
    }
}

// MARK: - Arithmetic

extension CELValue {
    /// `a + b`: numbers of one type, strings, bytes, lists, and time values.
    static func add(_ a: CELValue, _ b: CELValue) throws(EvalFailure) -> CELValue {
        switch (a, b) {
        case let (.int(x), .int(y)):
            let (r, o) = x.addingReportingOverflow(y)
            if o { throw .overflow }
            return .int(r)
        case let (.uint(x), .uint(y)):
            let (r, o) = x.addingReportingOverflow(y)
            if o { throw .overflow }
            return .uint(r)
        case let (.double(x), .double(y)): return .double(x + y)
        case let (.string(x), .string(y)): return .string(x + y)
        case let (.bytes(x), .bytes(y)): return .bytes(x + y)
        case let (.list(x), .list(y)):
            // Lists are values: adding an empty one gives the other as it is, with no copy (`initContainers +
            // containers`, where most pods have no init containers).
            if x.isEmpty { return b }
            if y.isEmpty { return a }
            return .list(CELList(x.values + y.values))
        case let (.duration(x), .duration(y)): return .duration(try timeOperation { () throws(TimeError) in try x.adding(y) })
        case let (.timestamp(x), .duration(y)), let (.duration(y), .timestamp(x)):
            return .timestamp(try timeOperation { () throws(TimeError) in try x.adding(y) })
        default: throw .noOverload("_+_", a, b)
        }
    }

    /// `a - b`.
    static func subtract(_ a: CELValue, _ b: CELValue) throws(EvalFailure) -> CELValue {
        switch (a, b) {
        case let (.int(x), .int(y)):
            let (r, o) = x.subtractingReportingOverflow(y)
            if o { throw .overflow }
            return .int(r)
        case let (.uint(x), .uint(y)):
            let (r, o) = x.subtractingReportingOverflow(y)
            if o { throw .overflow }
            return .uint(r)
        case let (.double(x), .double(y)): return .double(x - y)
        case let (.duration(x), .duration(y)): return .duration(try timeOperation { () throws(TimeError) in try x.subtracting(y) })
        case let (.timestamp(x), .duration(y)): return .timestamp(try timeOperation { () throws(TimeError) in try x.subtracting(y) })
        case let (.timestamp(x), .timestamp(y)): return .duration(try timeOperation { () throws(TimeError) in try x.difference(y) })
        default: throw .noOverload("_-_", a, b)
        }
    }

    /// `a * b`.
    static func multiply(_ a: CELValue, _ b: CELValue) throws(EvalFailure) -> CELValue {
        switch (a, b) {
        case let (.int(x), .int(y)):
            let (r, o) = x.multipliedReportingOverflow(by: y)
            if o { throw .overflow }
            return .int(r)
        case let (.uint(x), .uint(y)):
            let (r, o) = x.multipliedReportingOverflow(by: y)
            if o { throw .overflow }
            return .uint(r)
        case let (.double(x), .double(y)): return .double(x * y)
        default: throw .noOverload("_*_", a, b)
        }
    }

    /// `a / b`; integer division truncates toward zero, and dividing by zero is an error.
    static func divide(_ a: CELValue, _ b: CELValue) throws(EvalFailure) -> CELValue {
        switch (a, b) {
        case let (.int(x), .int(y)):
            if y == 0 { throw EvalFailure("division by zero") }
            let (r, o) = x.dividedReportingOverflow(by: y)
            if o { throw .overflow }
            return .int(r)
        case let (.uint(x), .uint(y)):
            if y == 0 { throw EvalFailure("division by zero") }
            return .uint(x / y)
        case let (.double(x), .double(y)): return .double(x / y)
        default: throw .noOverload("_/_", a, b)
        }
    }

    /// `a % b`; the result has the sign of `a`, and a zero modulus is an error.
    static func remainder(_ a: CELValue, _ b: CELValue) throws(EvalFailure) -> CELValue {
        switch (a, b) {
        case let (.int(x), .int(y)):
            if y == 0 { throw EvalFailure("modulus by zero") }
            let (r, o) = x.remainderReportingOverflow(dividingBy: y)
            if o { throw .overflow }
            return .int(r)
        case let (.uint(x), .uint(y)):
            if y == 0 { throw EvalFailure("modulus by zero") }
            return .uint(x % y)
        default: throw .noOverload("_%_", a, b)
        }
    }

    /// `-a`.
    static func negate(_ a: CELValue) throws(EvalFailure) -> CELValue {
        switch a {
        case let .int(x):
            if x == .min { throw .overflow }
            return .int(-x)
        case let .double(x): return .double(-x)
        default: throw .noOverload("-_", a)
        }
    }
}

/// Runs a time operation, turning its error into an evaluation failure.
func timeOperation<T>(_ body: () throws(TimeError) -> T) throws(EvalFailure) -> T {
    do throws(TimeError) { return try body() } catch { throw EvalFailure(error.detail.map { "\(error.message): \($0)" } ?? error.message) }
}

extension String {
    /// Whether the two strings are the same sequence of code points (CEL's string equality, where Swift's
    /// `==` would also equate canonically equivalent strings): the same UTF-8 bytes. Lengths are compared
    /// first and the bytes in place, as comparing through the generic `utf8` views cost a few hundred
    /// instructions a call in the pack's hot paths.
    func hasSameUTF8(as other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        var (a, b) = (self, other)
        return a.withUTF8 { x in b.withUTF8 { y in x.elementsEqual(y) } }
    }
}
