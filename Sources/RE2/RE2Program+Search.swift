// sealgate · RE2

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
            states <= Self.maxBacktrackStates
        {
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
