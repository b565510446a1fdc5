// sealgate · RE2

/// Builds a program from a syntax tree, in one pass over its postfix nodes.
struct RE2Compiler {
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
                stack.append(
                    try repeated(
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
