// sealgate · RE2

// Character classes for the RE2 engine: sets of code points as sorted ranges, the named classes RE2
// knows (Perl's \d \s \w, POSIX's [:alpha:] and the rest, Unicode general categories), and simple case
// folding for (?i). The Unicode data comes from the standard library's scalar properties, so it follows
// the Unicode version Swift ships rather than Go's; the tables are built lazily, once per process, the
// first time a pattern needs them.

// MARK: - Code point sets

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

// MARK: - Case folding

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
                      !excluded.contains(mapped.value) else { continue }
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

// MARK: - Named classes

/// The named character classes of RE2 syntax.
enum RE2NamedClasses {
    /// Perl's classes by their escape letter, positive forms (`\d`, `\s`, `\w`); the uppercase escapes
    /// are their complements. `\s` is `[\t\n\f\r ]`, without `\v`, as in RE2.
    static let perl: [Unicode.Scalar: RE2RuneSet] = [
        "d": RE2RuneSet([0x30...0x39]),
        "s": RE2RuneSet([0x09...0x0A, 0x0C...0x0D, 0x20...0x20]),
        "w": RE2RuneSet([0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A]),
    ]

    /// The POSIX classes by name (`alpha` for `[:alpha:]`); all ASCII.
    static let posix: [String: RE2RuneSet] = [
        "alnum": RE2RuneSet([0x30...0x39, 0x41...0x5A, 0x61...0x7A]),
        "alpha": RE2RuneSet([0x41...0x5A, 0x61...0x7A]),
        "ascii": RE2RuneSet([0x00...0x7F]),
        "blank": RE2RuneSet([0x09...0x09, 0x20...0x20]),
        "cntrl": RE2RuneSet([0x00...0x1F, 0x7F...0x7F]),
        "digit": RE2RuneSet([0x30...0x39]),
        "graph": RE2RuneSet([0x21...0x7E]),
        "lower": RE2RuneSet([0x61...0x7A]),
        "print": RE2RuneSet([0x20...0x7E]),
        "punct": RE2RuneSet([0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E]),
        "space": RE2RuneSet([0x09...0x0D, 0x20...0x20]),
        "upper": RE2RuneSet([0x41...0x5A]),
        "word": RE2RuneSet([0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A]),
        "xdigit": RE2RuneSet([0x30...0x39, 0x41...0x46, 0x61...0x66]),
    ]

    /// The Unicode class a `\p{name}` escape names, or nil when the name is unknown.
    ///
    /// Names are general categories (`L`, `Lu`, `Nd`, …, `LC`, `Cn`), their long aliases (`Letter`,
    /// `Uppercase_Letter`), `Any`, `Assigned` and `ASCII`, looked up ignoring case, spaces, underscores
    /// and hyphens, as Go 1.25 does. Script names (`Greek`, `Han`) are not supported: the standard
    /// library exposes no script property.
    static func unicodeClass(named name: String) -> RE2RuneSet? {
        let key = canonicalName(name)
        switch key {
        case "Any": return RE2RuneSet.all
        case "Ascii": return posix["ascii"]
        case "Assigned": return UnicodeCategories.table["Cn"].map { $0.inverted() }
        default:
            let category = categoryAliases[key] ?? key
            return UnicodeCategories.table[category]
        }
    }

    /// `name` without spaces, underscores and hyphens, with its first letter uppercase and the rest
    /// lowercase: the form names are compared in.
    private static func canonicalName(_ name: String) -> String {
        var result = ""
        for scalar in name.unicodeScalars where scalar != " " && scalar != "_" && scalar != "-" {
            var value = scalar.value
            if result.isEmpty, (0x61...0x7A).contains(value) { value -= 0x20 }
            if !result.isEmpty, (0x41...0x5A).contains(value) { value += 0x20 }
            result.unicodeScalars.append(Unicode.Scalar(value) ?? scalar)
        }
        return result
    }

    /// The long names of the general categories, in canonical form, with the category each names.
    private static let categoryAliases: [String: String] = [
        "Lc": "LC", "Casedletter": "LC",
        "Other": "C", "Control": "Cc", "Cntrl": "Cc", "Format": "Cf", "Unassigned": "Cn",
        "Privateuse": "Co", "Surrogate": "Cs",
        "Letter": "L", "Lowercaseletter": "Ll", "Modifierletter": "Lm", "Otherletter": "Lo",
        "Titlecaseletter": "Lt", "Uppercaseletter": "Lu",
        "Mark": "M", "Combiningmark": "M", "Spacingmark": "Mc", "Enclosingmark": "Me", "Nonspacingmark": "Mn",
        "Number": "N", "Decimalnumber": "Nd", "Digit": "Nd", "Letternumber": "Nl", "Othernumber": "No",
        "Punctuation": "P", "Punct": "P", "Connectorpunctuation": "Pc", "Dashpunctuation": "Pd",
        "Closepunctuation": "Pe", "Finalpunctuation": "Pf", "Initialpunctuation": "Pi",
        "Otherpunctuation": "Po", "Openpunctuation": "Ps",
        "Symbol": "S", "Currencysymbol": "Sc", "Modifiersymbol": "Sk", "Mathsymbol": "Sm", "Othersymbol": "So",
        "Separator": "Z", "Lineseparator": "Zl", "Paragraphseparator": "Zp", "Spaceseparator": "Zs",
    ]
}

// MARK: - General categories

/// The code points of every Unicode general category, from one pass over all code points.
private enum UnicodeCategories {
    /// Sets by canonical category name: the two-letter categories (`Lu`, `Cn`), the one-letter
    /// groups (`L`, `C`, the latter including unassigned code points as in Go 1.25) and `LC`.
    static let table: [String: RE2RuneSet] = build()

    /// Classifies every code point, collecting runs of one category into ranges.
    private static func build() -> [String: RE2RuneSet] {
        var ranges = [[ClosedRange<UInt32>]](repeating: [], count: names.count)
        var runStart: UInt32 = 0
        var runCategory = -1
        func closeRun(before end: UInt32) {
            if runCategory >= 0 { ranges[runCategory].append(runStart...(end - 1)) }
        }
        for value in UInt32(0)...RE2RuneSet.maxRune {
            // Surrogates are not scalars: the run before them ends, and they join Cs below.
            guard let scalar = Unicode.Scalar(value) else { continue }
            let category = index(of: scalar.properties.generalCategory)
            if category != runCategory || value == 0xE000 {
                closeRun(before: value == 0xE000 ? 0xD800 : value)
                runStart = value
                runCategory = category
            }
        }
        closeRun(before: RE2RuneSet.maxRune + 1)
        var table: [String: RE2RuneSet] = [:]
        for (category, name) in names.enumerated() {
            let set = RE2RuneSet(ranges[category] + (name == "Cs" ? [0xD800...0xDFFF] : []))
            table[name] = set
            let group = String(name.prefix(1))
            table[group] = (table[group] ?? RE2RuneSet()).union(set)
        }
        table["LC"] = ["Lu", "Ll", "Lt"].reduce(RE2RuneSet()) { $0.union(table[$1] ?? RE2RuneSet()) }
        return table
    }

    /// The two-letter names of the general categories, in the order ``index(of:)`` numbers them.
    private static let names = [
        "Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Pc", "Pd", "Ps", "Pe",
        "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So", "Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Co", "Cn",
    ]

    /// The position of `category` in ``names``.
    private static func index(of category: Unicode.GeneralCategory) -> Int {
        switch category {
        case .uppercaseLetter: 0
        case .lowercaseLetter: 1
        case .titlecaseLetter: 2
        case .modifierLetter: 3
        case .otherLetter: 4
        case .nonspacingMark: 5
        case .spacingMark: 6
        case .enclosingMark: 7
        case .decimalNumber: 8
        case .letterNumber: 9
        case .otherNumber: 10
        case .connectorPunctuation: 11
        case .dashPunctuation: 12
        case .openPunctuation: 13
        case .closePunctuation: 14
        case .initialPunctuation: 15
        case .finalPunctuation: 16
        case .otherPunctuation: 17
        case .mathSymbol: 18
        case .currencySymbol: 19
        case .modifierSymbol: 20
        case .otherSymbol: 21
        case .spaceSeparator: 22
        case .lineSeparator: 23
        case .paragraphSeparator: 24
        case .control: 25
        case .format: 26
        case .surrogate: 27
        case .privateUse: 28
        case .unassigned: 29
        @unknown default: 29
        }
    }
}
