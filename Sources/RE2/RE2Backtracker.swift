// sealgate · RE2

// The bit-state backtracker, the RE2 engine's matcher for small programs on short texts (as in Go's
// regexp, which uses one under the same limits). It explores one path at a time, higher-priority
// branches first, so the first match it reaches is the leftmost-first one; and it marks every
// (instruction, position) state it has been in, never entering one twice, so its work is bounded by
// the program size times the text length, like the Pike VM's, while its steps are much cheaper. The
// marks are kept position by position and cleared only as far as the search gets, so a search that
// stops early (as each of many successive `allMatches` searches does) costs no more than it explores.

// MARK: - Entry point

extension RE2Program {
    /// Searches `input` from byte `from` by backtracking. The caller has checked the program and
    /// the text are within ``maxBacktrackInstructions`` and ``maxBacktrackStates``.
    func backtrack(_ input: RE2Input, from: Int) -> Range<Int>? {
        let positions = input.bytes.count - from + 1
        let words = (instructions.count * positions + 63) / 64
        // Every split state is entered at most once and leaves at most one job behind.
        let jobCapacity = splitCount * positions + 1
        return instructions.withUnsafeBufferPointer { program -> Range<Int>? in
            rangeBounds.withUnsafeBufferPointer { bounds -> Range<Int>? in
                prefix.withUnsafeBufferPointer { prefix -> Range<Int>? in
                    possessive.withUnsafeBufferPointer { possessive -> Range<Int>? in
                        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: words) { visited -> Range<Int>? in
                            withUnsafeTemporaryAllocation(of: Int.self, capacity: jobCapacity) { jobs -> Range<Int>? in
                                guard let visited = visited.baseAddress, let jobs = jobs.baseAddress else { return nil }
                                var backtracker = Backtracker(
                                    program: program, bounds: bounds, possessive: possessive, input: input, prefix: prefix,
                                    visited: visited, jobs: jobs, base: from, start: start)
                                // Clearing a small bitmap at once is cheaper than clearing it as the search goes.
                                if words <= 64 { backtracker.clear(words: words) }
                                return backtracker.search(anchored: anchoredAtStart)
                            }
                        }
                    }
                }
            }
        }
    }
}

// MARK: - Backtracker

/// A backtracking search over one text.
private struct Backtracker {
    /// The program's instructions.
    let program: UnsafeBufferPointer<RE2Program.Instruction>
    /// The program's class ranges.
    let bounds: UnsafeBufferPointer<UInt32>
    /// Which splits may run possessively (``RE2Program/possessive``).
    let possessive: UnsafeBufferPointer<Bool>
    /// The text.
    let input: RE2Input
    /// The literal prefix every match starts with, possibly empty.
    let prefix: UnsafeBufferPointer<UInt8>
    /// One bit per (position, instruction) state, position-major: set once the state has been entered.
    let visited: UnsafeMutablePointer<UInt64>
    /// The splits whose second branch is still to be tried, newest last: instruction << 32 | (position - base).
    let jobs: UnsafeMutablePointer<Int>
    /// The first byte position searched; states are numbered from it.
    let base: Int
    /// The program's first instruction.
    let start: Int32
    /// How many words of `visited` have been zeroed; the rest is uninitialized.
    private var clearedWords = 0

    /// A backtracker over the given program, text and storage, searching from byte `base`.
    init(
        program: UnsafeBufferPointer<RE2Program.Instruction>, bounds: UnsafeBufferPointer<UInt32>,
        possessive: UnsafeBufferPointer<Bool>, input: RE2Input, prefix: UnsafeBufferPointer<UInt8>,
        visited: UnsafeMutablePointer<UInt64>, jobs: UnsafeMutablePointer<Int>, base: Int, start: Int32
    ) {
        self.program = program
        self.bounds = bounds
        self.possessive = possessive
        self.input = input
        self.prefix = prefix
        self.visited = visited
        self.jobs = jobs
        self.base = base
        self.start = start
    }

    /// Zeroes the marks up to word `words` of `visited`.
    mutating func clear(words: Int) {
        guard words > clearedWords else { return }
        (visited + clearedWords).initialize(repeating: 0, count: words - clearedWords)
        clearedWords = words
    }

    /// The leftmost-first match starting at or after `base`.
    ///
    /// States stay marked from one start position to the next: a state that led to no match from an
    /// earlier start leads to none from a later one either.
    mutating func search(anchored: Bool) -> Range<Int>? {
        var position = base
        while true {
            if !prefix.isEmpty {
                guard let found = RE2Program.find(prefix, in: input.bytes, from: position) else { return nil }
                position = found
            }
            if let end = preferredMatchEnd(from: position) { return position..<end }
            guard !anchored, position < input.bytes.count else { return nil }
            position += input.decode(at: position).width
        }
    }

    /// The end of the highest-priority match starting at `position`, if there is one.
    private mutating func preferredMatchEnd(from position: Int) -> Int? {
        var pc = start
        var position = position
        var pending = 0
        let rowLength = program.count
        var cleared = clearedWords
        defer { clearedWords = cleared }
        while true {
            // Follow the preferred branches until the path matches or dies.
            path: while true {
                let state = (position - base) * rowLength + Int(pc)
                let word = state >> 6
                if word >= cleared {
                    (visited + cleared).initialize(repeating: 0, count: word + 1 - cleared)
                    cleared = word + 1
                }
                let mask: UInt64 = 1 << UInt64(state & 63)
                if visited[word] & mask != 0 { break path }
                visited[word] |= mask
                let instruction = program[Int(pc)]
                switch instruction.opcode {
                case .match:
                    return position
                case .split:
                    if possessive[Int(pc)] {
                        // Take every character the repetition can, then go on: no shorter run can match.
                        let body = program[Int(instruction.next)]
                        if body.opcode == .runeSet {
                            // ASCII bytes straight against the class's bitmap, without decoding: the run of a
                            // validation pattern (`^[A-Za-z0-9+/]*={0,2}$` over a kilobyte of base64) is
                            // nearly all of its work. The loop below goes on from the first other byte.
                            let bytes = input.bytes
                            while position < bytes.count, bytes[position] < 0x80, body.classContains(ascii: bytes[position]) {
                                position += 1
                            }
                        }
                        while true {
                            let (scalar, width) = input.decode(at: position)
                            guard body.accepts(scalar, bounds: bounds) else { break }
                            position += width
                        }
                        pc = instruction.argument
                        continue path
                    }
                    jobs[pending] = Int(pc) << 32 | (position - base)
                    pending += 1
                    pc = instruction.next
                case .jump:
                    pc = instruction.next
                case .assertion:
                    let after = input.decode(at: position).scalar
                    guard RE2Assertion.holds(instruction.argument, before: input.scalar(before: position), after: after)
                    else { break path }
                    pc = instruction.next
                case .fail:
                    break path
                case .rune, .runeSet, .anyRune, .anyRuneExceptNewline:
                    let (scalar, width) = input.decode(at: position)
                    guard instruction.accepts(scalar, bounds: bounds) else { break path }
                    position += width
                    pc = instruction.next
                }
            }
            // Then take the second branch of the most recent split still pending.
            guard pending > 0 else { return nil }
            pending -= 1
            let job = jobs[pending]
            pc = program[job >> 32].argument
            position = base + (job & 0xFFFF_FFFF)
        }
    }
}
