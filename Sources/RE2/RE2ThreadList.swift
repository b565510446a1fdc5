// sealgate · RE2

/// The threads of one step: instructions waiting to consume the scalar at the current position, in
/// priority order, each with the position its match would start at.
struct ThreadList {
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
