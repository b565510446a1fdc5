// sealgate · RE2

/// A Pike VM over one text: runs a program's threads in lock step, in priority order, so the first
/// thread to match wins and lower-priority ones are dropped, which gives leftmost-first matches.
struct PikeVM {
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
