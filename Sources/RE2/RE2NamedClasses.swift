// sealgate · RE2

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
