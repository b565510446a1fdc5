// sealgate · RE2

// Pattern syntax to a syntax tree, following the RE2 syntax page and Go's regexp/syntax (Perl flags):
// what Go accepts is accepted with the same meaning, what Go rejects is rejected with Go's error code
// and the same offending text. The tree is written in postfix order into one array and groups are kept
// on an explicit stack, so neither parsing nor compiling recurses on how deeply a pattern nests; the
// depth limit is Go's, on the height of the tree its parser builds.

/// Parses RE2 pattern syntax into an ``RE2Syntax``.
struct RE2Parser {
    /// The greatest height of a syntax tree, as Go's parser builds it (non-capturing groups add no
    /// level, adjacent literals merge, nested concatenations and alternations flatten); deeper patterns
    /// "nest too deeply".
    static let maxHeight = 1000
    /// The largest count in `{n,m}`, and the largest product of nested counts.
    static let maxRepeat = 1000

    /// Parses `pattern`, or throws the error Go's parser reports for it.
    static func parse(_ pattern: String) throws(RE2.SyntaxError) -> RE2Syntax {
        var parser = RE2Parser(pattern)
        return try parser.parse()
    }

    /// The flags a pattern can set with `(?flags)` or `(?flags:re)`.
    private struct Flags: OptionSet {
        let rawValue: UInt8
        /// `i`: letters match regardless of case.
        static let foldCase = Flags(rawValue: 1)
        /// `m`: `^` and `$` match at line starts and ends too.
        static let multiLine = Flags(rawValue: 2)
        /// `s`: `.` matches a newline too.
        static let dotNewline = Flags(rawValue: 4)
        /// `U`: repetitions are lazy unless followed by `?`.
        static let ungreedy = Flags(rawValue: 8)
    }

    /// An open group: the parts of the branch being read, and what is needed to close the group.
    private struct Group {
        /// The flags to restore when the group closes.
        var savedFlags: Flags
        /// Whether the group captures, which makes it a level of Go's tree.
        var capturing: Bool
        /// The index of the group's first node.
        var start: Int
        /// The parts of the current branch so far.
        var items: [Item] = []
        /// The branches already complete.
        var branches = 0
        /// The largest product of repeat counts on any path through the completed branches.
        var weight = 1
        /// The greatest height the completed branches have as members of an alternation.
        var memberHeight = 1
        /// The first completed branch, which is the whole group when it is the only one.
        var firstBranch: Item?
    }

    /// One part of a concatenation: a subtree a repetition operator can apply to.
    private struct Item {
        /// The index of the subtree's first node.
        var start: Int
        /// The largest product of `{n,m}` counts on any path into the subtree (Go's limit is 1,000).
        var weight = 1
        /// The subtree's height in Go's tree.
        var height = 1
        /// What the subtree is, as far as Go's tree height cares.
        var shape = Shape.other

        /// Subtrees Go's parser folds into their neighbours or parents.
        enum Shape {
            /// Literal text, which merges with adjacent literal text.
            case literal
            /// A concatenation, whose members join an enclosing concatenation; the greatest height among them.
            case concatenation(memberHeight: Int)
            /// An alternation, whose branches join an enclosing alternation; the greatest height among them.
            case alternation(memberHeight: Int)
            /// Anything else.
            case other
        }

        /// Whether the subtree is literal text.
        var isLiteral: Bool {
            if case .literal = shape { return true }
            return false
        }
    }

    private let source: String
    private let scalars: [Unicode.Scalar]
    private var position = 0
    private var flags: Flags = []
    private var nodes: [RE2Node] = []
    private var sets: [RE2RuneSet] = []
    /// The index of each distinct class in `sets`, so that a class written many times is stored once.
    private var setIndex: [RE2RuneSet: Int] = [:]
    private var groups: [Group]
    /// Where the previous token began if it was a repetition operator; two in a row are an error.
    private var lastRepetition: Int?

    private init(_ pattern: String) {
        source = pattern
        scalars = Array(pattern.unicodeScalars)
        groups = [Group(savedFlags: [], capturing: false, start: 0)]
    }

    // MARK: - Main loop

    /// Reads the whole pattern, token by token.
    private mutating func parse() throws(RE2.SyntaxError) -> RE2Syntax {
        while position < scalars.count {
            var repetition: Int?
            switch scalars[position] {
            case "(":
                if peek(1) == "?" {
                    try parseGroupPrefix()
                } else {
                    openGroup(restoring: flags, capturing: true)
                    position += 1
                }
            case "|":
                try finishBranch()
                position += 1
            case ")":
                try closeGroup()
                position += 1
            case "^":
                append(.assertion(flags.contains(.multiLine) ? .beginLine : .beginText))
                position += 1
            case "$":
                append(.assertion(flags.contains(.multiLine) ? .endLine : .endText))
                position += 1
            case ".":
                append(flags.contains(.dotNewline) ? .anyRune : .anyRuneExceptNewline)
                position += 1
            case "[":
                try parseClass()
            case "*", "+", "?":
                repetition = position
                let (min, max): (Int, Int?) =
                    switch scalars[position] {
                    case "*": (0, nil)
                    case "+": (1, nil)
                    default: (0, 1)
                    }
                try repeatLastItem(min: min, max: max, counted: false, operatorEnd: position + 1)
            case "{":
                if let (min, max, end) = parseCount() {
                    repetition = position
                    if min < 0 || min > Self.maxRepeat || (max ?? 0) > Self.maxRepeat || max.map({ min > $0 }) == true {
                        throw error(.invalidRepeatSize, position..<end)
                    }
                    try repeatLastItem(min: min, max: max, counted: true, operatorEnd: end)
                } else {
                    appendLiteral("{")
                    position += 1
                }
            case "\\":
                try parseBackslash()
            default:
                appendLiteral(scalars[position])
                position += 1
            }
            lastRepetition = repetition
        }
        guard groups.count == 1 else { throw error(.missingParen, whole: true) }
        try finishGroup()
        return RE2Syntax(nodes: nodes, sets: sets)
    }

    // MARK: - Groups and alternation

    /// Opens a group whose close restores `restoring`.
    private mutating func openGroup(restoring: Flags, capturing: Bool) {
        groups.append(Group(savedFlags: restoring, capturing: capturing, start: nodes.count))
    }

    /// Ends the innermost group at a `)`.
    private mutating func closeGroup() throws(RE2.SyntaxError) {
        guard groups.count > 1 else { throw error(.unexpectedParen, whole: true) }
        let restore = groups[groups.count - 1].savedFlags
        let item = try finishGroup()
        groups.removeLast()
        flags = restore
        groups[groups.count - 1].items.append(item)
    }

    /// Completes the innermost group's nodes (its last branch, then the alternation of its branches)
    /// and returns the group as an item of the enclosing concatenation.
    @discardableResult
    private mutating func finishGroup() throws(RE2.SyntaxError) -> Item {
        try finishBranch()
        let group = groups[groups.count - 1]
        var item = group.firstBranch ?? Item(start: group.start)
        item.start = group.start
        item.weight = group.weight
        if group.branches > 1 {
            nodes.append(.alternation(count: group.branches))
            item.height = group.memberHeight + 1
            item.shape = .alternation(memberHeight: group.memberHeight)
        }
        if group.capturing {
            item.height += 1
            item.shape = .other
        }
        try checkHeight(item.height)
        return item
    }

    /// Completes the innermost group's current branch (at a `|` or the group's end).
    private mutating func finishBranch() throws(RE2.SyntaxError) {
        let top = groups.count - 1
        let items = groups[top].items
        var branch = Item(start: 0, weight: items.map(\.weight).max() ?? 1)
        switch items.count {
        case 0:
            nodes.append(.empty)
        case 1:
            branch.height = items[0].height
            branch.shape = items[0].shape
        default:
            nodes.append(.concatenation(count: items.count))
            if items.allSatisfy(\.isLiteral) {
                branch.shape = .literal
            } else {
                let memberHeight =
                    items.map { item in
                        if case .concatenation(let height) = item.shape { return height }
                        return item.height
                    }.max() ?? 1
                branch.height = memberHeight + 1
                branch.shape = .concatenation(memberHeight: memberHeight)
            }
        }
        try checkHeight(branch.height)
        var memberHeight = branch.height
        if case .alternation(let height) = branch.shape { memberHeight = height }
        groups[top].weight = max(groups[top].weight, branch.weight)
        groups[top].memberHeight = max(groups[top].memberHeight, memberHeight)
        if groups[top].branches == 0 { groups[top].firstBranch = branch }
        groups[top].branches += 1
        groups[top].items = []
    }

    /// Throws if a subtree of height `height` makes the pattern nest more deeply than Go allows.
    private func checkHeight(_ height: Int) throws(RE2.SyntaxError) {
        if height > Self.maxHeight { throw error(.nestingDepth, whole: true) }
    }

    /// Parses what follows `(?`: a named group, a non-capturing group with flags, or flags alone.
    private mutating func parseGroupPrefix() throws(RE2.SyntaxError) {
        let start = position
        let remaining = scalars.count - start
        let pythonName = remaining > 4 && peek(2) == "P" && peek(3) == "<"
        let perlName = remaining > 3 && peek(2) == "<"
        if pythonName || perlName {
            // (?P<name>re) or (?<name>re): lookbehind, (?<=re) and (?<!re), ends up here and is refused.
            guard let close = scalars[start...].firstIndex(of: ">") else {
                throw error(.invalidNamedCapture, start..<scalars.count)
            }
            let name = scalars[(start + (pythonName ? 4 : 3))..<close]
            guard !name.isEmpty, name.allSatisfy({ $0 == "_" || Self.isASCIIAlphanumeric($0) }) else {
                throw error(.invalidNamedCapture, start..<(close + 1))
            }
            openGroup(restoring: flags, capturing: true)
            position = close + 1
            return
        }
        var newFlags = flags
        var negated = false
        var sawFlag = false
        var index = start + 2
        while index < scalars.count {
            let c = scalars[index]
            index += 1
            let flag: Flags
            switch c {
            case "i": flag = .foldCase
            case "m": flag = .multiLine
            case "s": flag = .dotNewline
            case "U": flag = .ungreedy
            case "-":
                guard !negated else { throw error(.invalidPerlOp, start..<index) }
                negated = true
                sawFlag = false
                continue
            case ":", ")":
                guard !negated || sawFlag else { throw error(.invalidPerlOp, start..<index) }
                if c == ":" { openGroup(restoring: flags, capturing: false) }
                flags = newFlags
                position = index
                return
            default:
                throw error(.invalidPerlOp, start..<index)
            }
            if negated { newFlags.remove(flag) } else { newFlags.insert(flag) }
            sawFlag = true
        }
        throw error(.invalidPerlOp, start..<index)
    }

    // MARK: - Repetition

    /// Applies a repetition operator, spanning `position..<operatorEnd` plus an optional `?`, to the
    /// last item of the current concatenation.
    private mutating func repeatLastItem(min: Int, max: Int?, counted: Bool, operatorEnd: Int) throws(RE2.SyntaxError) {
        var end = operatorEnd
        var greedy = !flags.contains(.ungreedy)
        if end < scalars.count, scalars[end] == "?" {
            end += 1
            greedy.toggle()
        }
        if let previous = lastRepetition { throw error(.invalidRepeatOp, previous..<end) }
        let top = groups.count - 1
        guard var item = groups[top].items.last else { throw error(.missingRepeatArgument, position..<end) }
        if counted {
            // As Go: the product of nested counts may not exceed 1,000; a count of zero hides its operand.
            let count = max ?? min
            item.weight = count == 0 ? 1 : count * item.weight
            if (min >= 2 || (max ?? 0) >= 2) && item.weight > Self.maxRepeat {
                throw error(.invalidRepeatSize, position..<end)
            }
        }
        item.height += 1
        item.shape = .other
        try checkHeight(item.height)
        nodes.append(.repetition(RE2Repetition(min: min, max: max, greedy: greedy, operandStart: item.start)))
        groups[top].items[groups[top].items.count - 1] = item
        position = end
    }

    /// Parses `{n}`, `{n,}` or `{n,m}` at the current position: the counts (-1 for a count too large
    /// to read) and the index after `}`, or nil if the text is not of that form and `{` is a literal.
    private func parseCount() -> (min: Int, max: Int?, end: Int)? {
        var index = position + 1
        guard let min = parseInteger(&index), index < scalars.count else { return nil }
        var max: Int? = min
        if scalars[index] == "," {
            index += 1
            guard index < scalars.count else { return nil }
            if scalars[index] == "}" {
                max = nil
            } else {
                guard let value = parseInteger(&index) else { return nil }
                max = value
            }
        }
        guard index < scalars.count, scalars[index] == "}" else { return nil }
        if max == -1 { return (-1, nil, index + 1) }
        return (min, max, index + 1)
    }

    /// Reads a decimal integer without leading zeros at `index`, advancing past it; -1 if it is
    /// larger than 10^8.
    private func parseInteger(_ index: inout Int) -> Int? {
        let start = index
        while index < scalars.count, ("0"..."9").contains(scalars[index]) { index += 1 }
        guard index > start, scalars[start] != "0" || index == start + 1 else { return nil }
        var value = 0
        for digit in scalars[start..<index] {
            guard value < 100_000_000 else { return -1 }
            value = value * 10 + Int(digit.value - 0x30)
        }
        return value
    }

    // MARK: - Escapes

    /// Parses a backslash sequence outside a class: an assertion, `\Q…\E`, a class escape, or a
    /// literal.
    private mutating func parseBackslash() throws(RE2.SyntaxError) {
        switch peek(1) {
        case "A":
            append(.assertion(.beginText))
            position += 2
        case "z":
            append(.assertion(.endText))
            position += 2
        case "b":
            append(.assertion(.wordBoundary))
            position += 2
        case "B":
            append(.assertion(.notWordBoundary))
            position += 2
        case "C":
            // Any byte: meaningless on scalars, and refused by Go too.
            throw error(.invalidEscape, position..<(position + 2))
        case "Q":
            // Literal text up to \E or the end of the pattern.
            var index = position + 2
            while index < scalars.count, !(scalars[index] == "\\" && index + 1 < scalars.count && scalars[index + 1] == "E") {
                appendLiteral(scalars[index])
                index += 1
            }
            position = Swift.min(index + 2, scalars.count)
        case "p", "P":
            let set = try parseUnicodeClass()
            appendSet(set)
        default:
            if let set = parsePerlClass() {
                appendSet(set)
            } else {
                appendLiteral(try parseEscape())
            }
        }
    }

    /// Parses a single-character escape at the current position (a backslash) and returns its code
    /// point: escaped punctuation, `\a \f \t \n \r \v`, octal `\123`, hex `\x41` and `\x{10FFFF}`.
    private mutating func parseEscape() throws(RE2.SyntaxError) -> UInt32 {
        let start = position
        guard position + 1 < scalars.count else { throw error(.trailingBackslash, "") }
        let c = scalars[position + 1]
        position += 2
        switch c {
        case "a": return 0x07
        case "f": return 0x0C
        case "n": return 0x0A
        case "r": return 0x0D
        case "t": return 0x09
        case "v": return 0x0B
        case "1"..."7", "0":
            // A lone nonzero digit would be a back-reference, which RE2 does not have.
            guard c == "0" || Self.isOctalDigit(peek(0)) else { break }
            var value = c.value - 0x30
            for _ in 0..<2 {
                guard let digit = peek(0), Self.isOctalDigit(digit) else { break }
                value = value * 8 + digit.value - 0x30
                position += 1
            }
            return value
        case "x":
            guard let first = peek(0) else { break }
            position += 1
            if first == "{" {
                var value: UInt32 = 0
                var digits = 0
                while true {
                    guard let next = peek(0) else { throw error(.invalidEscape, start..<position) }
                    position += 1
                    if next == "}" { break }
                    guard let digit = Self.hexValue(next) else { throw error(.invalidEscape, start..<position) }
                    value = value * 16 + digit
                    guard value <= RE2RuneSet.maxRune else { throw error(.invalidEscape, start..<position) }
                    digits += 1
                }
                guard digits > 0 else { break }
                return value
            }
            let second = peek(0)
            if second != nil { position += 1 }
            guard let high = Self.hexValue(first), let low = second.flatMap(Self.hexValue) else { break }
            return high * 16 + low
        default:
            // Escaped ASCII punctuation (anything but a letter or digit) stands for itself.
            if c.isASCII, !Self.isASCIIAlphanumeric(c) { return c.value }
        }
        throw error(.invalidEscape, start..<position)
    }

    /// Parses `\d \D \s \S \w \W` at the current position, or returns nil if there is none.
    private mutating func parsePerlClass() -> RE2RuneSet? {
        guard let letter = peek(1), let lower = Unicode.Scalar(letter.value | 0x20),
            let base = RE2NamedClasses.perl[lower]
        else { return nil }
        position += 2
        let set = flags.contains(.foldCase) ? base.caseFolded() : base
        return letter == lower ? set : set.inverted()
    }

    /// Parses `\pL`, `\p{Name}`, `\PL`, `\P{Name}` or `\p{^Name}` at the current position.
    private mutating func parseUnicodeClass() throws(RE2.SyntaxError) -> RE2RuneSet {
        let start = position
        var negated = scalars[position + 1] == "P"
        let name: String
        let end: Int
        if peek(2) == "{" {
            guard let close = scalars[start...].firstIndex(of: "}") else {
                throw error(.invalidCharRange, start..<scalars.count)
            }
            name = Self.text(scalars[(start + 3)..<close])
            end = close + 1
        } else {
            end = Swift.min(start + 3, scalars.count)
            name = Self.text(scalars[(start + 2)..<end])
        }
        var key = Substring(name)
        if key.first == "^" {
            negated.toggle()
            key = key.dropFirst()
        }
        guard let base = RE2NamedClasses.unicodeClass(named: String(key)) else {
            throw error(.invalidCharRange, start..<end)
        }
        position = end
        let set = flags.contains(.foldCase) ? base.caseFolded() : base
        return negated ? set.inverted() : set
    }

    // MARK: - Character classes

    /// Parses a bracketed class `[…]` or `[^…]` at the current position.
    private mutating func parseClass() throws(RE2.SyntaxError) {
        let start = position
        position += 1
        let negated = peek(0) == "^"
        if negated { position += 1 }
        var literals: [ClosedRange<UInt32>] = []
        var set = RE2RuneSet()
        var first = true  // `]` right after `[` or `[^` is a literal
        while position >= scalars.count || scalars[position] != "]" || first {
            first = false
            // [:alpha:] and [:^alpha:]; without a closing ":]" the `[` is a literal.
            if peek(0) == "[", peek(1) == ":", scalars.count - position > 2,
                let close = Self.indexOfColonBracket(in: scalars, from: position + 2)
            {
                let written = Self.text(scalars[position..<(close + 2)])
                var name = Substring(Self.text(scalars[(position + 2)..<close]))
                let negatedName = name.first == "^"
                if negatedName { name = name.dropFirst() }
                guard let base = RE2NamedClasses.posix[String(name)] else {
                    throw error(.invalidCharRange, written)
                }
                let folded = flags.contains(.foldCase) ? base.caseFolded() : base
                set = set.union(negatedName ? folded.inverted() : folded)
                position = close + 2
                continue
            }
            if peek(0) == "\\", let letter = peek(1) {
                if letter == "p" || letter == "P" {
                    set = set.union(try parseUnicodeClass())
                    continue
                }
                if let perl = parsePerlClass() {
                    set = set.union(perl)
                    continue
                }
            }
            // A single character or a range.
            let rangeStart = position
            let low = try parseClassCharacter(classStart: start)
            var high = low
            if scalars.count - position >= 2, scalars[position] == "-", scalars[position + 1] != "]" {
                position += 1
                high = try parseClassCharacter(classStart: start)
                guard high >= low else { throw error(.invalidCharRange, rangeStart..<position) }
            }
            literals.append(low...high)
        }
        position += 1  // the ]
        var literalSet = RE2RuneSet(literals)
        if flags.contains(.foldCase) { literalSet = literalSet.caseFolded() }
        set = set.union(literalSet)
        appendSet(negated ? set.inverted() : set)
    }

    /// Reads one character of a class, plain or escaped.
    private mutating func parseClassCharacter(classStart: Int) throws(RE2.SyntaxError) -> UInt32 {
        guard position < scalars.count else { throw error(.missingBracket, classStart..<scalars.count) }
        if scalars[position] == "\\" { return try parseEscape() }
        position += 1
        return scalars[position - 1].value
    }

    /// The index of the first ":]" at or after `index`.
    private static func indexOfColonBracket(in scalars: [Unicode.Scalar], from index: Int) -> Int? {
        var index = index
        while index + 1 < scalars.count {
            if scalars[index] == ":", scalars[index + 1] == "]" { return index }
            index += 1
        }
        return nil
    }

    // MARK: - Emitting nodes

    /// Appends a one-node item to the current concatenation; literal text (a case-folded letter among
    /// it) counts as such for the nesting limit.
    private mutating func append(_ node: RE2Node, isLiteral: Bool = false) {
        var item = Item(start: nodes.count)
        if case .rune = node { item.shape = .literal }
        if isLiteral { item.shape = .literal }
        groups[groups.count - 1].items.append(item)
        nodes.append(node)
    }

    /// Appends a literal code point, as the set of its case-equivalents under the `i` flag.
    private mutating func appendLiteral(_ scalar: Unicode.Scalar) {
        appendLiteral(scalar.value)
    }

    /// Appends a literal code point, as the set of its case-equivalents under the `i` flag.
    private mutating func appendLiteral(_ value: UInt32) {
        if flags.contains(.foldCase) {
            let equivalents = RE2CaseFolding.equivalents(of: value)
            if equivalents.count > 1 {
                append(.runeSet(index(of: RE2RuneSet(equivalents.map { $0...$0 }))), isLiteral: true)
                return
            }
        }
        append(.rune(value))
    }

    /// Appends a class node for `set`, already folded for the `i` flag where that applies.
    private mutating func appendSet(_ set: RE2RuneSet) {
        if set.ranges.count == 1, set.ranges[0].lowerBound == set.ranges[0].upperBound {
            append(.rune(set.ranges[0].lowerBound))
            return
        }
        append(.runeSet(index(of: set)))
    }

    /// The index of `set` in `sets`, where it is added if new.
    private mutating func index(of set: RE2RuneSet) -> Int {
        if let index = setIndex[set] { return index }
        sets.append(set)
        setIndex[set] = sets.count - 1
        return sets.count - 1
    }

    // MARK: - Helpers

    /// The scalar `offset` places after the current position, if the pattern is that long.
    private func peek(_ offset: Int) -> Unicode.Scalar? {
        position + offset < scalars.count ? scalars[position + offset] : nil
    }

    /// The error `code` naming the pattern's scalars in `range`.
    private func error(_ code: RE2.SyntaxError.Code, _ range: Range<Int>) -> RE2.SyntaxError {
        RE2.SyntaxError(code, Self.text(scalars[range]))
    }

    /// The error `code` naming `text`, or the whole pattern.
    private func error(_ code: RE2.SyntaxError.Code, _ text: String = "", whole: Bool = false) -> RE2.SyntaxError {
        RE2.SyntaxError(code, whole ? source : text)
    }

    /// The string of `scalars`.
    private static func text(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    /// Whether `c` is an ASCII letter or digit.
    private static func isASCIIAlphanumeric(_ c: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(c) || ("A"..."Z").contains(c) || ("a"..."z").contains(c)
    }

    /// Whether `c` is present and an octal digit.
    private static func isOctalDigit(_ c: Unicode.Scalar?) -> Bool {
        c.map { ("0"..."7").contains($0) } ?? false
    }

    /// The value of `c` as a hexadecimal digit.
    private static func hexValue(_ c: Unicode.Scalar) -> UInt32? {
        switch c {
        case "0"..."9": c.value - 0x30
        case "a"..."f": c.value - 0x61 + 10
        case "A"..."F": c.value - 0x41 + 10
        default: nil
        }
    }
}
