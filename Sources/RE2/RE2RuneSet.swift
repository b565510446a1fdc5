// sealgate · RE2

// Character classes for the RE2 engine: sets of code points as sorted ranges (here), the named classes RE2
// knows (Perl's \d \s \w, POSIX's [:alpha:] and the rest, Unicode general categories: RE2NamedClasses.swift),
// and simple case folding for (?i) (RE2CaseFolding.swift). The Unicode data comes from the standard library's scalar properties, so it follows
// the Unicode version Swift ships rather than Go's; the tables are built lazily, once per process, the
// first time a pattern needs them.

/// A set of code points held as sorted, disjoint, non-adjacent closed ranges.
///
/// Values are `UInt32` rather than `Unicode.Scalar` because a pattern may name a surrogate (`\x{D800}`):
/// Go accepts that, and such a value is simply never found in a Swift string.
struct RE2RuneSet: Hashable, Sendable {
    /// The largest code point.
    static let maxRune: UInt32 = 0x10FFFF

    /// The ranges, sorted, disjoint and never adjacent.
    private(set) var ranges: [ClosedRange<UInt32>]

    /// The set of the code points in any of `ranges`, which may overlap and come in any order.
    init(_ ranges: [ClosedRange<UInt32>] = []) {
        let sorted = ranges.sorted { $0.lowerBound < $1.lowerBound }
        var merged: [ClosedRange<UInt32>] = []
        merged.reserveCapacity(sorted.count)
        for range in sorted {
            if let last = merged.last, range.lowerBound <= last.upperBound &+ 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        self.ranges = merged
    }

    /// Every code point.
    static let all = RE2RuneSet([0...maxRune])

    /// Whether the set has no code points.
    var isEmpty: Bool { ranges.isEmpty }

    /// Whether `value` is in the set.
    func contains(_ value: UInt32) -> Bool {
        var low = 0
        var high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            if ranges[middle].upperBound < value {
                low = middle + 1
            } else if ranges[middle].lowerBound > value {
                high = middle
            } else {
                return true
            }
        }
        return false
    }

    /// The code points in this set or in `other`.
    func union(_ other: RE2RuneSet) -> RE2RuneSet {
        other.isEmpty ? self : isEmpty ? other : RE2RuneSet(ranges + other.ranges)
    }

    /// The code points not in this set.
    func inverted() -> RE2RuneSet {
        var result: [ClosedRange<UInt32>] = []
        var next: UInt32 = 0
        for range in ranges {
            if range.lowerBound > next { result.append(next...(range.lowerBound - 1)) }
            guard range.upperBound < Self.maxRune else { return RE2RuneSet(result) }
            next = range.upperBound + 1
        }
        result.append(next...Self.maxRune)
        return RE2RuneSet(result)
    }

    /// The set closed under simple case folding: with every code point, all those equal to it ignoring
    /// case (`k` brings `K` and the Kelvin sign `K`).
    func caseFolded() -> RE2RuneSet {
        var added = ranges
        for range in ranges {
            RE2CaseFolding.appendEquivalents(of: range, to: &added)
        }
        return added.count == ranges.count ? self : RE2RuneSet(added)
    }
}
