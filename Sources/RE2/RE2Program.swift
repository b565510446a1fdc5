// sealgate · RE2

// The compiled form of an RE2 pattern. RE2Compiler.swift builds it, RE2Program+Search.swift runs it on
// RE2PikeVM.swift or RE2Backtracker.swift. Compilation is Thompson's construction shaped as Go's
// regexp/syntax compiles (so that priorities, and with them which match wins, come out the same);
// matching is a Pike VM, which advances every live thread in lock step, one scalar at a time, and so
// takes time linear in the text for any pattern. Texts are read as the UTF-8 bytes of Swift strings,
// decoded on the fly, and positions are byte offsets.

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
