// sealgate · benchmarks

/// Timing and the report table shared by every benchmark case.
struct Measurement {
    var name: String
    var items: Int
    var seconds: Double

    var itemsPerSecond: Double { Double(items) / seconds }

    /// Runs `body` `runs` times and keeps the fastest: the least disturbed by everything else on the machine.
    static func best(_ name: String, items: Int, runs: Int, _ body: () async throws -> Void) async rethrows -> Measurement {
        var best = Double.infinity
        for _ in 0..<runs {
            let start = ContinuousClock.now
            try await body()
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            best = min(best, seconds)
        }
        return Measurement(name: name, items: items, seconds: best)
    }

    /// Runs each of `cases` once per round, `runs` rounds, and keeps each one's fastest. Compared with
    /// timing one case `runs` times and then the next, a disturbance (a compiler starting, the page cache
    /// being evicted) falls on both cases alike rather than on whichever was being timed, so their ratio is
    /// measured under the same conditions.
    static func bestInterleaved(runs: Int, _ cases: [(name: String, items: Int, body: () async -> Void)]) async -> [Measurement] {
        var best = [Double](repeating: .infinity, count: cases.count)
        for _ in 0..<runs {
            for (index, timed) in cases.enumerated() {
                let start = ContinuousClock.now
                await timed.body()
                let elapsed = ContinuousClock.now - start
                best[index] = min(best[index], Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
            }
        }
        return zip(cases, best).map { Measurement(name: $0.name, items: $0.items, seconds: $1) }
    }

    /// Prints the measurements as a table, each with its ratio to `reference`.
    static func report(_ measurements: [Measurement], reference: Measurement) {
        let header = ["case", "items", "wall", "items/s", "vs reference"]
        var rows = [header]
        for m in [reference] + measurements {
            rows.append([
                m.name, String(m.items), format(m.seconds * 1000, digits: 1) + " ms",
                format(m.itemsPerSecond, digits: 0), format(m.seconds / reference.seconds, digits: 2) + "x",
            ])
        }
        var widths = [Int](repeating: 0, count: header.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        for row in rows {
            print(
                row.enumerated().map { i, cell in
                    i == 0 ? cell.padding(to: widths[i]) : String(repeating: " ", count: widths[i] - cell.count) + cell
                }.joined(separator: "  "))
        }
    }

    static func format(_ value: Double, digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        guard digits > 0 else { return String(Int(rounded)) }
        let text = String(rounded)
        let fraction = text.split(separator: ".").last.map(\.count) ?? 0
        return text + String(repeating: "0", count: max(0, digits - fraction))
    }
}

extension String {
    fileprivate func padding(to width: Int) -> String {
        self + String(repeating: " ", count: max(0, width - count))
    }
}
