// sealgate · RE2

/// Simple case folding, as Go's `unicode.SimpleFold` defines it: code points fall into orbits of
/// case-equivalents (`A a`, `K k K`, `S s ſ`, `Σ σ ς`).
///
/// The orbits are derived from the standard library's one-to-one lowercase, uppercase and titlecase
/// mappings. Dotted and dotless i (U+0130, U+0131) stay alone, as in Unicode's CaseFolding.txt, which
/// folds them only under Turkish rules.
enum RE2CaseFolding {
    /// Every code point with case-equivalents, ascending, and the next member of its orbit: the
    /// smallest larger member, or the smallest member after the largest.
    private static let orbits: (members: [UInt32], next: [UInt32]) = buildOrbits()

    /// The code points equal to `value` ignoring case, `value` included.
    static func equivalents(of value: UInt32) -> [UInt32] {
        guard let index = index(of: value) else { return [value] }
        var result = [value]
        var member = orbits.next[index]
        while member != value, let next = Self.index(of: member) {
            result.append(member)
            member = orbits.next[next]
        }
        return result
    }

    /// Appends the case-equivalents of every code point in `range` to `ranges`, as one-point ranges.
    static func appendEquivalents(of range: ClosedRange<UInt32>, to ranges: inout [ClosedRange<UInt32>]) {
        let members = orbits.members
        // The first member not below the range, by binary search.
        var low = 0
        var high = members.count
        while low < high {
            let middle = (low + high) / 2
            if members[middle] < range.lowerBound { low = middle + 1 } else { high = middle }
        }
        var index = low
        while index < members.count, members[index] <= range.upperBound {
            for equivalent in equivalents(of: members[index]) where !range.contains(equivalent) {
                ranges.append(equivalent...equivalent)
            }
            index += 1
        }
    }

    /// The position of `value` in the orbit table, if it has case-equivalents.
    private static func index(of value: UInt32) -> Int? {
        let members = orbits.members
        var low = 0
        var high = members.count
        while low < high {
            let middle = (low + high) / 2
            if members[middle] < value {
                low = middle + 1
            } else if members[middle] > value {
                high = middle
            } else {
                return middle
            }
        }
        return nil
    }

    /// Builds the orbit table by joining every code point to its one-scalar case mappings.
    private static func buildOrbits() -> (members: [UInt32], next: [UInt32]) {
        // Union-find over the code points that have a case mapping.
        var parent: [UInt32: UInt32] = [:]
        func root(_ value: UInt32) -> UInt32 {
            var value = value
            while let up = parent[value], up != value {
                let grandparent = parent[up] ?? up
                parent[value] = grandparent
                value = grandparent
            }
            return value
        }
        let excluded: Set<UInt32> = [0x130, 0x131]
        // Cased letters all lie below U+20000 (Go's last folding code point is U+1E943).
        for value in UInt32(0x41)..<0x20000 where !excluded.contains(value) {
            guard let scalar = Unicode.Scalar(value), scalar.properties.changesWhenCaseMapped else { continue }
            let properties = scalar.properties
            for mapping in [properties.lowercaseMapping, properties.uppercaseMapping, properties.titlecaseMapping] {
                var scalars = mapping.unicodeScalars.makeIterator()
                guard let mapped = scalars.next(), scalars.next() == nil, mapped.value != value,
                    !excluded.contains(mapped.value)
                else { continue }
                if parent[value] == nil { parent[value] = value }
                if parent[mapped.value] == nil { parent[mapped.value] = mapped.value }
                let (a, b) = (root(value), root(mapped.value))
                if a != b { parent[max(a, b)] = min(a, b) }
            }
        }
        var groups: [UInt32: [UInt32]] = [:]
        for value in parent.keys { groups[root(value), default: []].append(value) }
        var pairs: [(UInt32, UInt32)] = []
        for group in groups.values {
            let sorted = group.sorted()
            for (index, member) in sorted.enumerated() {
                pairs.append((member, sorted[(index + 1) % sorted.count]))
            }
        }
        pairs.sort { $0.0 < $1.0 }
        return (pairs.map(\.0), pairs.map(\.1))
    }
}
