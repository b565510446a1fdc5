// sealgate · RE2

// The compiled form of an RE2 pattern and the matcher that runs it. Compilation is Thompson's
// construction shaped as Go's regexp/syntax compiles (so that priorities, and with them which match
// wins, come out the same); matching is a Pike VM, which advances every live thread in lock step, one
// scalar at a time, and so takes time linear in the text for any pattern. Texts are read as the UTF-8
// bytes of Swift strings, decoded on the fly, and positions are byte offsets.

// MARK: - Program

/// A compiled pattern: instructions for the Pike VM, and what lets a search skip ahead.
struct RE2Program: Sendable {
    /// The most instructions a program may have; larger patterns are rejected as "expression too
    /// large". Go's limit is far higher (about 3.3 million); this one keeps every pattern cheap to
    /// compile and to match, and realistic patterns stay well below it (`[a-z0-9]{0,253}` takes 507).
    static let maxInstructions = 10_000

    /// What an instruction does.
    enum Opcode: UInt8, Sendable {
        /// Kills the thread: an empty class.
        case fail
        /// The pattern has matched.
        case match
        /// Consumes the code point in `argument`.
        case rune
        /// Consumes a code point in the class: ASCII by bitmap, the rest by `rangeCount` ranges
        /// starting at pair `argument` of `rangeBounds`.
        case runeSet
        /// Consumes any code point.
        case anyRune
        /// Consumes any code point but a newline.
        case anyRuneExceptNewline
        /// Continues at `next` and, with lower priority, at `argument`.
        case split
        /// Continues at `next`.
        case jump
        /// Continues at `next` if the ``RE2Assertion`` in `argument` holds here.
        case assertion
    }

    /// One instruction.
    struct Instruction: Sendable {
        /// What the instruction does.
        var opcode: Opcode
        /// Where the thread continues (-1 for none).
        var next: Int32 = -1
        /// The operand, by opcode: the other branch, a code point, an assertion, a range offset.
        var argument: Int32 = -1
        /// For `runeSet`, how many non-ASCII ranges the class has.
        var rangeCount: Int32 = 0
        /// For `runeSet`, the class's members among code points 0–63, one bit each.
        var asciiLow: UInt64 = 0
        /// For `runeSet`, the class's members among code points 64–127, one bit each.
        var asciiHigh: UInt64 = 0
    }

    /// The instructions.
    let instructions: [Instruction]
    /// The non-ASCII ranges of every class, as consecutive low, high bounds.
    let rangeBounds: [UInt32]
    /// The first instruction.
    let start: Int32
    /// Whether every match must start at the beginning of the text (the pattern begins with `^` or `\A`).
    let anchoredAtStart: Bool
    /// The UTF-8 of the literal text every match starts with, possibly empty.
    let prefix: [UInt8]
    /// Whether the pattern is that literal text and nothing else.
    let prefixIsWholeMatch: Bool
    /// How many split instructions the program has, which bounds the backtracker's stack.
    let splitCount: Int
    /// For each instruction, whether it is the split of a greedy repetition of one consuming instruction
    /// (`[A-Za-z0-9+/]*`) that the matcher may run possessively: what follows cannot begin with a
    /// character the repetition takes, cannot match without consuming, and asserts nothing but the end
    /// of the text, so no shorter run could lead to a match and no alternative needs remembering.
    let possessive: [Bool]

    /// Compiles `syntax`, parsed from `pattern`; throws "expression too large" past ``maxInstructions``.
    init(compiling syntax: RE2Syntax, pattern: String, possessiveRepetitions: Bool = true) throws(RE2.SyntaxError) {
        var compiler = RE2Compiler(syntax: syntax, pattern: pattern)
        let root = try compiler.compile(0..<syntax.nodes.count)
        let match = try compiler.emit(Instruction(opcode: .match))
        compiler.patch(root.exits, to: match)
        compiler.skipJumps()
        let instructions = compiler.instructions
        let start = compiler.resolve(root.entry)

        var anchored = false
        var pc = Int(start)
        while instructions[pc].opcode == .assertion {
            if instructions[pc].argument == RE2Assertion.beginText.rawValue { anchored = true }
            pc = Int(instructions[pc].next)
        }
        var prefix: [UInt8] = []
        pc = Int(start)
        while instructions[pc].opcode == .rune, let scalar = Unicode.Scalar(UInt32(instructions[pc].argument)) {
            prefix.append(contentsOf: String(scalar).utf8)
            pc = Int(instructions[pc].next)
        }

        self.instructions = instructions
        self.rangeBounds = compiler.rangeBounds
        self.start = start
        self.anchoredAtStart = anchored
        self.prefix = prefix
        self.prefixIsWholeMatch = !prefix.isEmpty && instructions[pc].opcode == .match
        self.splitCount = instructions.count { $0.opcode == .split }
        let bounds = compiler.rangeBounds
        self.possessive = instructions.indices.map { possessiveRepetitions && Self.isPossessive(split: $0, instructions, bounds) }
    }

    // MARK: - Possessive repetitions

    private static func isConsuming(_ instruction: Instruction) -> Bool {
        switch instruction.opcode {
        case .rune, .runeSet, .anyRune, .anyRuneExceptNewline: true
        default: false
        }
    }

    /// See ``possessive``: a greedy split whose preferred branch is one consuming instruction that leads
    /// straight back to the split.
    static func isPossessive(split pc: Int, _ instructions: [Instruction], _ bounds: [UInt32]) -> Bool {
        let split = instructions[pc]
        guard split.opcode == .split, split.next >= 0, split.argument >= 0 else { return false }
        let body = instructions[Int(split.next)]
        guard isConsuming(body), body.next == Int32(pc) else { return false }
        // Every way the continuation can go before it consumes.
        var seen = Set<Int>()
        var pending = [Int(split.argument)]
        while let current = pending.popLast() {
            guard current >= 0, seen.insert(current).inserted else { continue }
            let instruction = instructions[current]
            switch instruction.opcode {
            case .match:
                return false
            case .fail:
                continue
            case .jump:
                pending.append(Int(instruction.next))
            case .split:
                pending.append(Int(instruction.next))
                pending.append(Int(instruction.argument))
            case .assertion:
                // The end of the text cannot hold while the repetition still has a character to take.
                guard instruction.argument == RE2Assertion.endText.rawValue else { return false }
            case .rune, .runeSet, .anyRune, .anyRuneExceptNewline:
                guard disjoint(body, instruction, bounds) else { return false }
            }
        }
        return true
    }

    /// Whether no character is taken by both consuming instructions (conservative: false when unsure).
    private static func disjoint(_ a: Instruction, _ b: Instruction, _ bounds: [UInt32]) -> Bool {
        switch (a.opcode, b.opcode) {
        case (.rune, .rune):
            return a.argument != b.argument
        case (.rune, .runeSet), (.runeSet, .rune):
            let (rune, set) = a.opcode == .rune ? (a, b) : (b, a)
            return bounds.withUnsafeBufferPointer { !set.accepts(rune.argument, bounds: $0) }
        case (.runeSet, .runeSet):
            // The ASCII members are bitmaps; beyond ASCII, only a class without such ranges is certain.
            return a.asciiLow & b.asciiLow == 0 && a.asciiHigh & b.asciiHigh == 0 && (a.rangeCount == 0 || b.rangeCount == 0)
        default:
            return false
        }
    }

    /// How many bytes the UTF-8 sequence starting with `leadByte` has.
    static func scalarWidth(leadByte: UInt8) -> Int {
        leadByte < 0x80 ? 1 : leadByte < 0xE0 ? 2 : leadByte < 0xF0 ? 3 : 4
    }
}

// MARK: - Compiler

/// Builds a program from a syntax tree, in one pass over its postfix nodes.
private struct RE2Compiler {
    /// An instruction operand still to be pointed at what follows a fragment.
    struct Exit {
        /// The instruction.
        var pc: Int32
        /// Whether the operand is `argument` (a split's second branch) rather than `next`.
        var isArgument: Bool
    }

    /// A compiled subtree: where it starts, what must be patched to continue after it, and whether it
    /// can match the empty string.
    struct Fragment {
        /// The first instruction.
        var entry: Int32
        /// The operands to point at whatever follows.
        var exits: [Exit]
        /// Whether the fragment can match without consuming anything.
        var nullable: Bool
    }

    /// The tree being compiled.
    let syntax: RE2Syntax
    /// The pattern, for error messages.
    let pattern: String
    /// The program so far.
    var instructions: [RE2Program.Instruction] = []
    /// The non-ASCII ranges of the classes laid out so far.
    var rangeBounds: [UInt32] = []
    /// Classes already laid out, by set index: their bitmaps and ranges, shared by every copy.
    private var laidOut: [Int: RE2Program.Instruction] = [:]

    /// A compiler for `syntax`, parsed from `pattern`.
    init(syntax: RE2Syntax, pattern: String) {
        self.syntax = syntax
        self.pattern = pattern
    }

    /// Compiles the nodes in `range`, which hold exactly one subtree.
    ///
    /// Only counted repetitions recurse (to compile further copies of their operand), and only those
    /// with a count of two or more, whose nesting Go's limit on the product of counts keeps under ten.
    mutating func compile(_ range: Range<Int>) throws(RE2.SyntaxError) -> Fragment {
        var stack: [Fragment] = []
        var firstInstruction: [Int] = []
        firstInstruction.reserveCapacity(range.count)
        for index in range {
            firstInstruction.append(instructions.count)
            switch syntax.nodes[index] {
            case .rune(let value):
                stack.append(try consuming(RE2Program.Instruction(opcode: .rune, argument: Int32(value))))
            case .runeSet(let set):
                stack.append(try runeSet(set))
            case .anyRune:
                stack.append(try consuming(RE2Program.Instruction(opcode: .anyRune)))
            case .anyRuneExceptNewline:
                stack.append(try consuming(RE2Program.Instruction(opcode: .anyRuneExceptNewline)))
            case .assertion(let assertion):
                let pc = try emit(RE2Program.Instruction(opcode: .assertion, argument: assertion.rawValue))
                stack.append(Fragment(entry: pc, exits: [Exit(pc: pc, isArgument: false)], nullable: true))
            case .empty:
                stack.append(try empty())
            case .concatenation(let count):
                stack.append(try concatenate(try pop(count, from: &stack)))
            case .alternation(let count):
                stack.append(try alternate(try pop(count, from: &stack)))
            case .repetition(let repetition):
                guard let operand = stack.popLast(), repetition.operandStart >= range.lowerBound else {
                    throw RE2.SyntaxError(.internalError, pattern)
                }
                let operandRange = repetition.operandStart..<index
                stack.append(try repeated(
                    operand, repetition, operandRange: operandRange,
                    firstInstruction: firstInstruction[repetition.operandStart - range.lowerBound]))
            }
        }
        guard stack.count == 1, let fragment = stack.last else { throw RE2.SyntaxError(.internalError, pattern) }
        return fragment
    }

    // MARK: - Instructions

    /// Appends `instruction`, or throws when the program would grow past its limit.
    mutating func emit(_ instruction: RE2Program.Instruction) throws(RE2.SyntaxError) -> Int32 {
        guard instructions.count < RE2Program.maxInstructions else { throw RE2.SyntaxError(.tooLarge, pattern) }
        instructions.append(instruction)
        return Int32(instructions.count - 1)
    }

    /// Points every exit in `exits` at `target`.
    mutating func patch(_ exits: [Exit], to target: Int32) {
        for exit in exits {
            if exit.isArgument {
                instructions[Int(exit.pc)].argument = target
            } else {
                instructions[Int(exit.pc)].next = target
            }
        }
    }

    /// The first instruction at or after `pc` that is not a jump.
    func resolve(_ pc: Int32) -> Int32 {
        var pc = pc
        var steps = 0
        while pc >= 0, instructions[Int(pc)].opcode == .jump, steps < instructions.count {
            pc = instructions[Int(pc)].next
            steps += 1
        }
        return pc
    }

    /// Makes every instruction continue past jumps, so the matcher never meets one.
    mutating func skipJumps() {
        for index in instructions.indices {
            instructions[index].next = resolve(instructions[index].next)
            if instructions[index].opcode == .split {
                instructions[index].argument = resolve(instructions[index].argument)
            }
        }
    }

    // MARK: - Fragments

    /// Removes the top `count` fragments from `stack` and returns them, bottom first.
    private mutating func pop(_ count: Int, from stack: inout [Fragment]) throws(RE2.SyntaxError) -> [Fragment] {
        guard count > 0, stack.count >= count else { throw RE2.SyntaxError(.internalError, pattern) }
        let parts = Array(stack.suffix(count))
        stack.removeLast(count)
        return parts
    }

    /// A fragment of the one instruction `instruction`, which consumes a code point.
    private mutating func consuming(_ instruction: RE2Program.Instruction) throws(RE2.SyntaxError) -> Fragment {
        let pc = try emit(instruction)
        return Fragment(entry: pc, exits: [Exit(pc: pc, isArgument: false)], nullable: false)
    }

    /// A fragment that matches the empty string.
    private mutating func empty() throws(RE2.SyntaxError) -> Fragment {
        let pc = try emit(RE2Program.Instruction(opcode: .jump))
        return Fragment(entry: pc, exits: [Exit(pc: pc, isArgument: false)], nullable: true)
    }

    /// A fragment consuming a code point of class `index`.
    private mutating func runeSet(_ index: Int) throws(RE2.SyntaxError) -> Fragment {
        let set = syntax.sets[index]
        if set.isEmpty {
            let pc = try emit(RE2Program.Instruction(opcode: .fail))
            return Fragment(entry: pc, exits: [], nullable: false)
        }
        if set == RE2RuneSet.all { return try consuming(RE2Program.Instruction(opcode: .anyRune)) }
        if set.ranges == [0...0x09, 0x0B...RE2RuneSet.maxRune] {
            return try consuming(RE2Program.Instruction(opcode: .anyRuneExceptNewline))
        }
        if let instruction = laidOut[index] { return try consuming(instruction) }
        var instruction = RE2Program.Instruction(opcode: .runeSet, argument: Int32(rangeBounds.count / 2))
        for range in set.ranges {
            if range.lowerBound < 0x80 {
                for value in range.lowerBound...min(range.upperBound, 0x7F) {
                    if value < 64 { instruction.asciiLow |= 1 << UInt64(value) } else { instruction.asciiHigh |= 1 << UInt64(value - 64) }
                }
            }
            if range.upperBound >= 0x80 {
                rangeBounds.append(max(range.lowerBound, 0x80))
                rangeBounds.append(range.upperBound)
                instruction.rangeCount += 1
            }
        }
        laidOut[index] = instruction
        return try consuming(instruction)
    }

    /// `parts` one after the other.
    private mutating func concatenate(_ parts: [Fragment]) throws(RE2.SyntaxError) -> Fragment {
        guard var result = parts.first else { return try empty() }
        for part in parts.dropFirst() {
            patch(result.exits, to: part.entry)
            result = Fragment(entry: result.entry, exits: part.exits, nullable: result.nullable && part.nullable)
        }
        return result
    }

    /// One of `parts`, earlier ones preferred: a chain of splits.
    private mutating func alternate(_ parts: [Fragment]) throws(RE2.SyntaxError) -> Fragment {
        guard let last = parts.last else { return try empty() }
        var entry = last.entry
        for part in parts.dropLast().reversed() {
            entry = try emit(RE2Program.Instruction(opcode: .split, next: part.entry, argument: entry))
        }
        return Fragment(entry: entry, exits: parts.flatMap(\.exits), nullable: parts.contains(where: \.nullable))
    }

    /// `body` zero or one time; greedy prefers one.
    private mutating func quest(_ body: Fragment, greedy: Bool) throws(RE2.SyntaxError) -> Fragment {
        let pc = try emit(RE2Program.Instruction(opcode: .split, next: greedy ? body.entry : -1, argument: greedy ? -1 : body.entry))
        return Fragment(entry: pc, exits: body.exits + [Exit(pc: pc, isArgument: greedy)], nullable: true)
    }

    /// The loop of a star or plus: a split after `body` that goes back into it or on.
    private mutating func loop(_ body: Fragment, greedy: Bool) throws(RE2.SyntaxError) -> Fragment {
        let pc = try emit(RE2Program.Instruction(opcode: .split, next: greedy ? body.entry : -1, argument: greedy ? -1 : body.entry))
        patch(body.exits, to: pc)
        return Fragment(entry: pc, exits: [Exit(pc: pc, isArgument: greedy)], nullable: true)
    }

    /// `body` zero or more times. When `body` can match the empty string this compiles as `(body+)?`,
    /// as Go does, so that priorities come out right: `(|a)*` on "aa" matches "", not "aa".
    private mutating func star(_ body: Fragment, greedy: Bool) throws(RE2.SyntaxError) -> Fragment {
        if body.nullable { return try quest(try plus(body, greedy: greedy), greedy: greedy) }
        return try loop(body, greedy: greedy)
    }

    /// `body` one or more times.
    private mutating func plus(_ body: Fragment, greedy: Bool) throws(RE2.SyntaxError) -> Fragment {
        let loop = try loop(body, greedy: greedy)
        return Fragment(entry: body.entry, exits: loop.exits, nullable: body.nullable)
    }

    /// A repetition of `operand` (compiled from the nodes in `operandRange`, its instructions starting at
    /// `firstInstruction`), expanded as Go's simplifier does: `x{2,}` is `xx+`, `x{2,5}` is `xx(x(x(x)?)?)?`.
    private mutating func repeated(
        _ operand: Fragment, _ repetition: RE2Repetition, operandRange: Range<Int>, firstInstruction: Int
    ) throws(RE2.SyntaxError) -> Fragment {
        let greedy = repetition.greedy
        var spare: Fragment? = operand
        switch (repetition.min, repetition.max) {
        case (0, 0?):
            // x{0} matches the empty string; x's instructions, just compiled, are dropped.
            instructions.removeSubrange(firstInstruction..<instructions.count)
            return try empty()
        case (0, nil):
            return try star(operand, greedy: greedy)
        case (1, nil):
            return try plus(operand, greedy: greedy)
        case (let min, nil):
            var parts: [Fragment] = []
            for _ in 0..<min { parts.append(try copy(&spare, operandRange)) }
            parts[parts.count - 1] = try plus(parts[parts.count - 1], greedy: greedy)
            return try concatenate(parts)
        case (1, 1?):
            return operand
        case (let min, let max?):
            var parts: [Fragment] = []
            for _ in 0..<min { parts.append(try copy(&spare, operandRange)) }
            if max > min {
                var suffix = try quest(try copy(&spare, operandRange), greedy: greedy)
                for _ in (min + 1)..<max {
                    suffix = try quest(try concatenate([try copy(&spare, operandRange), suffix]), greedy: greedy)
                }
                parts.append(suffix)
            }
            return try concatenate(parts)
        }
    }

    /// The already compiled operand the first time, a fresh compilation of `range` after that.
    private mutating func copy(_ spare: inout Fragment?, _ range: Range<Int>) throws(RE2.SyntaxError) -> Fragment {
        if let fragment = spare {
            spare = nil
            return fragment
        }
        return try compile(range)
    }
}

// MARK: - Searching

extension RE2Program {
    /// The largest program the backtracker runs; larger ones always use the Pike VM (Go's limit too).
    static let maxBacktrackInstructions = 500
    /// The most (instruction, position) states the backtracker may track, one bit each (Go's limit too).
    static let maxBacktrackStates = 256 * 1024

    /// Which matcher runs a search.
    enum Engine: Sendable, CaseIterable {
        /// The backtracker when the program and the text are small enough, else the Pike VM.
        case automatic
        /// Always the Pike VM.
        case pikeVM
    }

    /// Finds the leftmost-first match in `text` (valid UTF-8) that starts at or after byte `from`, with
    /// the text before `from` still in view for `^`, `\b` and the like. With `stopAtFirstMatch`, returns
    /// the first match found, which is enough to know there is one.
    ///
    /// Small programs on short texts run on the bit-state backtracker, which follows one path at a
    /// time and is faster there; everything else runs on the Pike VM. Both give the same match, and
    /// both take time proportional to the program size times the text length at worst. `engine`
    /// lets tests run either.
    func search(
        _ text: UnsafeBufferPointer<UInt8>, from: Int, stopAtFirstMatch: Bool, engine: Engine = .automatic
    ) -> Range<Int>? {
        if anchoredAtStart && from != 0 { return nil }
        if prefixIsWholeMatch {
            return Self.find(prefix, in: text, from: from).map { $0..<($0 + prefix.count) }
        }
        let input = RE2Input(bytes: text)
        let (states, overflow) = instructions.count.multipliedReportingOverflow(by: text.count - from + 1)
        if engine != .pikeVM, instructions.count <= Self.maxBacktrackInstructions, !overflow,
           states <= Self.maxBacktrackStates {
            return backtrack(input, from: from)
        }
        return pikeSearch(input, from: from, stopAtFirstMatch: stopAtFirstMatch)
    }

    /// The Pike VM search.
    private func pikeSearch(_ input: RE2Input, from: Int, stopAtFirstMatch: Bool) -> Range<Int>? {
        let size = instructions.count
        return instructions.withUnsafeBufferPointer { program in
            rangeBounds.withUnsafeBufferPointer { bounds in
                prefix.withUnsafeBufferPointer { prefix in
                    withUnsafeTemporaryAllocation(of: Int32.self, capacity: 6 * size + 2) { words in
                        withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * size) { starts in
                            guard let words = words.baseAddress, let starts = starts.baseAddress else { return nil }
                            words.initialize(repeating: 0, count: 2 * size)
                            let machine = PikeVM(
                                program: program, bounds: bounds, input: input, prefix: prefix, stack: words + 4 * size,
                                start: start, anchored: anchoredAtStart)
                            var current = ThreadList(seen: words, pcs: words + 2 * size, starts: starts, size: size)
                            var next = ThreadList(seen: words + size, pcs: words + 3 * size, starts: starts + size, size: size)
                            return machine.run(from: from, stopAtFirstMatch: stopAtFirstMatch, &current, &next)
                        }
                    }
                }
            }
        }
    }

    /// The first byte offset at or after `from` where `needle` occurs in `text`.
    static func find(_ needle: [UInt8], in text: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        needle.withUnsafeBufferPointer { needle in find(needle, in: text, from: from) }
    }

    /// The first byte offset at or after `from` where `needle` (not empty) occurs in `text`.
    static func find(_ needle: UnsafeBufferPointer<UInt8>, in text: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard let first = needle.first, text.count >= needle.count else { return nil }
        var index = from
        let last = text.count - needle.count
        outer: while index <= last {
            if text[index] == first {
                for offset in 1..<needle.count where text[index + offset] != needle[offset] {
                    index += 1
                    continue outer
                }
                return index
            }
            index += 1
        }
        return nil
    }
}

// MARK: - Text and instruction helpers

/// A text being searched: the UTF-8 of a Swift string, decoded a scalar at a time.
struct RE2Input {
    /// The bytes, valid UTF-8.
    let bytes: UnsafeBufferPointer<UInt8>

    /// The scalar starting at byte `index`, and its length; (-1, 0) at the end of the text.
    @inline(__always)
    func decode(at index: Int) -> (scalar: Int32, width: Int) {
        guard index < bytes.count else { return (-1, 0) }
        let lead = Int32(bytes[index])
        if lead < 0x80 { return (lead, 1) }
        // A Swift string's UTF-8 is valid: the continuation bytes are there.
        func continuation(_ offset: Int) -> Int32 { Int32(bytes[index + offset]) & 0x3F }
        if lead < 0xE0 { return ((lead & 0x1F) << 6 | continuation(1), 2) }
        if lead < 0xF0 { return ((lead & 0x0F) << 12 | continuation(1) << 6 | continuation(2), 3) }
        return ((lead & 0x07) << 18 | continuation(1) << 12 | continuation(2) << 6 | continuation(3), 4)
    }

    /// The scalar ending just before byte `index`, or -1 at the start of the text.
    func scalar(before index: Int) -> Int32 {
        guard index > 0 else { return -1 }
        var lead = index - 1
        while lead > 0, bytes[lead] & 0xC0 == 0x80 { lead -= 1 }
        return decode(at: lead).scalar
    }
}

extension RE2Program.Instruction {
    /// Whether this instruction consumes `scalar` (-1, the end of the text, is never consumed);
    /// `bounds` are the program's class ranges.
    @inline(__always)
    func accepts(_ scalar: Int32, bounds: UnsafeBufferPointer<UInt32>) -> Bool {
        switch opcode {
        case .rune: return scalar == argument
        case .anyRune: return scalar >= 0
        case .anyRuneExceptNewline: return scalar >= 0 && scalar != 0x0A
        case .runeSet:
            if scalar < 0x80 {
                guard scalar >= 0 else { return false }
                return scalar < 64 ? asciiLow >> UInt64(scalar) & 1 != 0 : asciiHigh >> UInt64(scalar - 64) & 1 != 0
            }
            let value = UInt32(scalar)
            let base = Int(argument) * 2
            var low = 0
            var high = Int(rangeCount)
            while low < high {
                let middle = (low + high) / 2
                if bounds[base + 2 * middle + 1] < value {
                    low = middle + 1
                } else if bounds[base + 2 * middle] > value {
                    high = middle
                } else {
                    return true
                }
            }
            return false
        case .fail, .match, .split, .jump, .assertion:
            return false
        }
    }
}

extension RE2Assertion {
    /// Whether the assertion with raw value `kind` holds between scalars `before` and `after`
    /// (-1 for the ends of the text).
    static func holds(_ kind: Int32, before: Int32, after: Int32) -> Bool {
        switch RE2Assertion(rawValue: kind) {
        case .beginText: before < 0
        case .endText: after < 0
        case .beginLine: before < 0 || before == 0x0A
        case .endLine: after < 0 || after == 0x0A
        case .wordBoundary: isWordCharacter(before) != isWordCharacter(after)
        case .notWordBoundary: isWordCharacter(before) == isWordCharacter(after)
        case nil: false
        }
    }

    /// Whether `scalar` is an ASCII word character, `[0-9A-Za-z_]`, as `\b` understands words.
    static func isWordCharacter(_ scalar: Int32) -> Bool {
        switch scalar {
        case 0x30...0x39, 0x41...0x5A, 0x5F, 0x61...0x7A: true
        default: false
        }
    }
}

// MARK: - Pike VM

/// The threads of one step: instructions waiting to consume the scalar at the current position, in
/// priority order, each with the position its match would start at.
private struct ThreadList {
    /// Per instruction, the generation in which it was last reached; equal to `generation` means it
    /// is already in the list (or was passed through on the way to one that is).
    let seen: UnsafeMutablePointer<Int32>
    /// The waiting instructions, highest priority first.
    let pcs: UnsafeMutablePointer<Int32>
    /// Where each waiting thread's match starts.
    let starts: UnsafeMutablePointer<Int>
    /// The number of instructions.
    let size: Int
    /// How many threads are waiting.
    var count = 0
    /// The current generation; bumping it empties the list in constant time.
    var generation: Int32 = 1

    /// An empty list over the given storage, `size` entries each; `seen` must be zeroed.
    init(seen: UnsafeMutablePointer<Int32>, pcs: UnsafeMutablePointer<Int32>, starts: UnsafeMutablePointer<Int>, size: Int) {
        self.seen = seen
        self.pcs = pcs
        self.starts = starts
        self.size = size
    }

    /// Empties the list.
    mutating func clear() {
        count = 0
        if generation == Int32.max {
            seen.update(repeating: 0, count: size)
            generation = 0
        }
        generation += 1
    }
}

/// A Pike VM over one text: runs a program's threads in lock step, in priority order, so the first
/// thread to match wins and lower-priority ones are dropped, which gives leftmost-first matches.
private struct PikeVM {
    /// The program's instructions.
    let program: UnsafeBufferPointer<RE2Program.Instruction>
    /// The program's class ranges.
    let bounds: UnsafeBufferPointer<UInt32>
    /// The text.
    let input: RE2Input
    /// The literal prefix every match starts with, possibly empty.
    let prefix: UnsafeBufferPointer<UInt8>
    /// Room for the instructions still to visit while following splits: 2 × size + 2 entries.
    let stack: UnsafeMutablePointer<Int32>
    /// The program's first instruction.
    let start: Int32
    /// Whether matches can only start at the beginning of the text.
    let anchored: Bool

    /// Runs from byte `from`, returning the leftmost-first match (or any match, with `stopAtFirstMatch`).
    func run(from: Int, stopAtFirstMatch: Bool, _ current: inout ThreadList, _ next: inout ThreadList) -> Range<Int>? {
        var position = from
        var before = input.scalar(before: position)
        var (scalar, width) = input.decode(at: position)
        var matched: Range<Int>?
        while true {
            if current.count == 0 {
                // No thread left: done if a match was found or none can start later; else skip ahead.
                if matched != nil || (anchored && position != 0) { break }
                if !prefix.isEmpty {
                    guard let found = RE2Program.find(prefix, in: input.bytes, from: position) else { break }
                    if found != position {
                        position = found
                        before = input.scalar(before: position)
                        (scalar, width) = input.decode(at: position)
                        current.clear()
                    }
                }
            }
            if matched == nil && (!anchored || position == 0) {
                add(&current, start, start: position, before: before, after: scalar)
            }
            let nextPosition = position + width
            let (following, followingWidth) = width == 0 ? (-1, 0) : input.decode(at: nextPosition)
            next.clear()
            var index = 0
            while index < current.count {
                let instruction = program[Int(current.pcs[index])]
                let threadStart = current.starts[index]
                index += 1
                if instruction.opcode == .match {
                    if stopAtFirstMatch { return threadStart..<position }
                    // This thread outranks every one after it: they are dropped.
                    matched = threadStart..<position
                    break
                }
                if instruction.accepts(scalar, bounds: bounds) {
                    add(&next, instruction.next, start: threadStart, before: scalar, after: following)
                }
            }
            if width == 0 { break }
            position = nextPosition
            before = scalar
            scalar = following
            width = followingWidth
            swap(&current, &next)
        }
        return matched
    }

    /// Adds the threads reachable from `pc` without consuming anything, in priority order, to `list`;
    /// `before` and `after` are the scalars around the position (-1 at the ends), for assertions.
    @inline(__always)
    func add(_ list: inout ThreadList, _ pc: Int32, start: Int, before: Int32, after: Int32) {
        stack[0] = pc
        var top = 1
        while top > 0 {
            top -= 1
            let pc = Int(stack[top])
            if list.seen[pc] == list.generation { continue }
            list.seen[pc] = list.generation
            let instruction = program[pc]
            switch instruction.opcode {
            case .split:
                stack[top] = instruction.argument
                stack[top + 1] = instruction.next
                top += 2
            case .jump:
                stack[top] = instruction.next
                top += 1
            case .assertion:
                if RE2Assertion.holds(instruction.argument, before: before, after: after) {
                    stack[top] = instruction.next
                    top += 1
                }
            case .fail:
                break
            case .match, .rune, .runeSet, .anyRune, .anyRuneExceptNewline:
                list.pcs[list.count] = Int32(pc)
                list.starts[list.count] = start
                list.count += 1
            }
        }
    }
}
