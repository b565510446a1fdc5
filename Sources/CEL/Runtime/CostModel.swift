// sealgate · CEL

// What a call costs, charged before it runs: by the size of its inputs and of the result it is about
// to build. The factors are Kubernetes' (cel-go's runtime cost): walking a string or bytes costs one
// step per ten bytes (StringTraversalCostFactor 0.1); a regular expression costs the text walk times a
// quarter of the program (RegexStringLengthCostFactor 0.25, on the pattern's length there, on the
// compiled program here, which is what the matcher's work grows with); creating a list or a map costs
// one step per element. With the default budget of 1,000,000 steps one evaluation can therefore walk
// or build at most about 10 MB of strings and a million list elements, whatever the expression.

enum CostModel {
    /// Bytes of string or bytes walked or built per step.
    static let bytesPerStep = 10

    /// The steps to walk or build `bytes` bytes.
    @inline(__always)
    static func walk(_ bytes: Int) -> Int {
        (bytes + bytesPerStep - 1) / bytesPerStep
    }

    /// The steps to read a value's top level: a string's or bytes' walk, a list's or map's elements.
    /// Lists and maps are not descended into: a call that only counts or visits the top level
    /// (`size`, `sum`, `isSorted` on numbers) pays for that.
    @inline(__always)
    static func top(_ value: CELValue) -> Int {
        switch value {
        case let .string(s): walk(s.utf8.count)
        case let .bytes(b): walk(b.count)
        case let .list(l): l.count
        case let .map(m): m.count
        default: 0
        }
    }

    /// The steps to walk a string or bytes; 0 for anything else.
    @inline(__always)
    static func text(_ value: CELValue) -> Int {
        switch value {
        case let .string(s): walk(s.utf8.count)
        case let .bytes(b): walk(b.count)
        default: 0
        }
    }

    /// The default charge of a library function: the walk of each string or bytes argument. Lists and
    /// maps are free here (`size`, `dyn`, `optional.of` do not visit them); the functions that iterate
    /// over them declare their own rules (``comparingElements``, ``pairwise``, …).
    @inline(__always)
    static func topLevels(_ a: CELValue, _ b: CELValue, _ c: CELValue, _ d: CELValue) -> Int {
        text(a) &+ text(b) &+ text(c) &+ text(d)
    }

    /// Multiplication that saturates instead of overflowing: costs are compared with a budget, never
    /// used as sizes.
    @inline(__always)
    static func times(_ a: Int, _ b: Int) -> Int {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? .max : product
    }
}

// MARK: - Deep size

extension CELValue {
    /// The steps to visit every part of the value (one per element, entry and scalar, plus the walk of
    /// every string and bytes), counted only up to `limit`: past it the answer is `limit + 1`, found
    /// without visiting more. Values can share parts (`[s, s, s]`, or lists of lists built by
    /// `cel.bind`), so the deep size can be exponential in the memory held; only a bounded count is safe.
    func deepSize(limit: Int) -> Int {
        // Scalars inside a list or map are counted where they are met, and only containers wait in
        // `pending`: `x in ['a', 'b', 'c']` charges this for every evaluation, and a worklist of every
        // element cost an allocation and more than the search itself. The count is the same either way.
        var total = 0
        var pending: [CELValue] = []
        var next: CELValue? = self
        while let value = next ?? pending.popLast() {
            next = nil
            total &+= 1
            switch value {
            case let .string(s): total &+= CostModel.walk(s.utf8.count)
            case let .bytes(b): total &+= CostModel.walk(b.count)
            case let .list(list):
                for element in list {
                    if let size = element.scalarDeepSize {
                        total &+= size
                    } else {
                        pending.append(element)
                    }
                    if total &+ pending.count > limit { return limit &+ 1 }
                }
            case let .map(map):
                for key in map.keys {
                    total &+= key.value.scalarDeepSize ?? 1
                    let entry = map[key] ?? .null
                    if let size = entry.scalarDeepSize {
                        total &+= size
                    } else {
                        pending.append(entry)
                    }
                    if total &+ pending.count > limit { return limit &+ 1 }
                }
            case let .optional(wrapped?): next = wrapped
            default: break
            }
            if total > limit { return limit &+ 1 }
        }
        return total
    }

    /// ``deepSize(limit:)`` of a value with no parts (one step, plus the walk of a string or bytes); nil
    /// for a list, a map or an optional.
    @inline(__always)
    private var scalarDeepSize: Int? {
        switch self {
        case let .string(s): 1 &+ CostModel.walk(s.utf8.count)
        case let .bytes(b): 1 &+ CostModel.walk(b.count)
        case .list, .map, .optional: nil
        default: 1
        }
    }
}

extension CELValue {
    /// A list, a map or an optional: a value equality descends into.
    var isContainer: Bool {
        switch self {
        case .list, .map, .optional: true
        default: false
        }
    }
}

extension Frame {
    /// Steps left before the budget runs out.
    var remaining: Int { Swift.max(0, costLimit - cost) }

    /// Charges the deep size of `value`, counting no further than the budget allows.
    mutating func chargeDeepSize(of value: CELValue) throws(EvalFailure) {
        try charge(value.deepSize(limit: remaining))
    }

    /// Charges for comparing two values element by element: the smaller deep size, which bounds the
    /// work of CEL equality (it stops at the first difference and never goes deeper than either side).
    mutating func chargeComparison(_ x: CELValue, _ y: CELValue) throws(EvalFailure) {
        switch (x, y) {
        case let (.string(a), .string(b)): try charge(1 &+ CostModel.walk(Swift.min(a.utf8.count, b.utf8.count)))
        case let (.bytes(a), .bytes(b)): try charge(1 &+ CostModel.walk(Swift.min(a.count, b.count)))
        case (.list, .list), (.map, .map), (.optional, .optional):
            let left = x.deepSize(limit: remaining)
            try charge(y.deepSize(limit: Swift.min(left, remaining)))
        default: try charge(1)
        }
    }
}

// MARK: - Calls

/// What a library call costs before it runs, from its arguments (a method's receiver first; `.null`
/// past the last) and the steps left in the budget (so an estimate that has to look into an argument
/// looks no further than could be paid for).
typealias CallCost = @Sendable (CELValue, CELValue, CELValue, CELValue, _ remaining: Int) -> Int

extension CostModel {
    // The cost rules library functions declare (``FunctionDeclaration/cost``). Functions whose work and
    // result are linear in their string and bytes arguments use ``textArguments``; the others name
    // their rule here.

    /// The walk of every string and bytes argument: the default rule.
    static let textArguments: CallCost = { a, b, c, d, _ in topLevels(a, b, c, d) }

    /// Read the input once and build a result at most twice its size (a list: its elements): `charAt`,
    /// `substring`, `lowerAscii`, `reverse`, `strings.quote`, ….
    static let copying: CallCost = { a, b, c, d, _ in topLevels(a, b, c, d) &+ times(3, top(a)) }

    /// `replace`.
    static let replacing: CallCost = { s, old, new, limit, remaining in replaceCost(s, old, new, limit, remaining) }

    /// `split`.
    static let splitting: CallCost = { s, separator, limit, _, _ in splitCost(s, separator, limit) }

    /// `join`.
    static let joining: CallCost = { list, separator, _, _, remaining in joinCost(list, separator, remaining) }

    /// `format`.
    static let formatting: CallCost = { template, arguments, _, _, remaining in formatCost(template, arguments, remaining) }

    /// `sum`: one step per element.
    static let summing: CallCost = { list, _, _, _, _ in top(list) }

    /// `indexOf`, `lastIndexOf`, `isSorted`, `min`, `max`: on lists these compare elements, and elements
    /// may be long strings or whole objects.
    static let comparingElements: CallCost = { a, b, c, d, remaining in
        guard case .list = a else { return topLevels(a, b, c, d) }
        return topLevels(a, b, c, d) &+ a.deepSize(limit: remaining) &+ b.deepSize(limit: remaining)
    }

    /// `sets.contains`, `sets.equivalent`, `sets.intersects`: every element of one list against every
    /// element of the other.
    static let pairwise: CallCost = { a, b, _, _, remaining in
        times(top(a), top(b)) &+ a.deepSize(limit: remaining) &+ b.deepSize(limit: remaining)
    }

    /// `matches`, `find`, and with `all` `findAll`, whose pattern is compiled on each call.
    static func regex(all: Bool) -> CallCost {
        { text, pattern, limit, _, _ in
            guard case let .string(p) = pattern else { return topLevels(text, pattern, limit, .null) }
            // A pattern's program has at most a few instructions per byte of pattern; compiling it
            // costs its walk, matching costs the text walk times a quarter of the program.
            let program = 1 &+ times(p.utf8.count, 3) / 4
            return walk(p.utf8.count) &+ regexCost(text, instructions: program, all: all, limit: limit)
        }
    }

    /// Matching a program of `instructions` over `text`; for findAll, also the list of matches built.
    static func regexCost(_ text: CELValue, instructions: Int, all: Bool, limit: CELValue) -> Int {
        let bytes = top(text)
        var cost = times(1 &+ bytes, 1 &+ instructions / 4)
        if all, case let .string(s) = text {
            var matches = s.utf8.count + 1
            if case let .int(n) = limit, n >= 0 { matches = Swift.min(matches, Int(clamping: n)) }
            cost &+= matches &+ bytes
        }
        return cost
    }

    /// replace: the scan, then the result, whose size is known once the occurrences are counted.
    private static func replaceCost(_ s: CELValue, _ old: CELValue, _ new: CELValue, _ limit: CELValue, _ remaining: Int) -> Int {
        guard case let .string(text) = s, case let .string(pattern) = old, case let .string(replacement) = new else {
            return topLevels(s, old, new, limit)
        }
        let scan = walk(text.utf8.count) &+ walk(pattern.utf8.count) &+ walk(replacement.utf8.count)
        // Counting occurrences is itself a walk: skip it when even the walk cannot be paid for.
        guard scan <= remaining else { return scan }
        var most = -1
        if case let .int(n) = limit { most = n < 0 ? -1 : Int(clamping: n) }
        var count = pattern.isEmpty ? text.scalarCount + 1 : SubstringSearch(Array(pattern.utf8)).count(in: Array(text.utf8), limit: most)
        if most >= 0 { count = Swift.min(count, most) }
        let resultBytes = text.utf8.count &+ times(count, replacement.utf8.count)
        return times(2, scan) &+ walk(resultBytes)
    }

    /// split: the scan, then one element per piece (an empty separator splits at every character).
    private static func splitCost(_ s: CELValue, _ separator: CELValue, _ limit: CELValue) -> Int {
        guard case let .string(text) = s, case let .string(pattern) = separator else { return topLevels(s, separator, limit, .null) }
        let scan = walk(text.utf8.count) &+ walk(pattern.utf8.count)
        // The pieces hold every byte of the text: walking it and building them costs twice the walk.
        var pieces = text.utf8.count + 1
        if pattern.utf8.count > 0 { pieces = text.utf8.count / pattern.utf8.count + 1 }
        if case let .int(n) = limit, n >= 0 { pieces = Swift.min(pieces, Int(clamping: n)) }
        return times(2, scan) &+ pieces
    }

    /// join: the elements' bytes and the separators between them.
    private static func joinCost(_ list: CELValue, _ separator: CELValue, _ remaining: Int) -> Int {
        guard case let .list(elements) = list else { return topLevels(list, separator, .null, .null) }
        var bytes = 0
        let most = times(remaining, bytesPerStep)
        for element in elements {
            if case let .string(s) = element { bytes &+= s.utf8.count }
            if bytes > most { break }
        }
        if case let .string(s) = separator { bytes &+= times(Swift.max(0, elements.count - 1), s.utf8.count) }
        return elements.count &+ times(2, walk(bytes))
    }

    /// format: the template, plus what the arguments can print as: a few steps per value (a number is
    /// at most a few dozen characters, `%.100f` of a large double a few hundred) and the walk of every
    /// string.
    private static func formatCost(_ template: CELValue, _ arguments: CELValue, _ remaining: Int) -> Int {
        guard case let .string(text) = template else { return topLevels(template, arguments, .null, .null) }
        let clauses = text.utf8.reduce(0) { $0 &+ ($1 == UInt8(ascii: "%") ? 1 : 0) }
        return walk(text.utf8.count) &+ times(clauses, 50) &+ times(4, arguments.deepSize(limit: remaining))
    }
}
