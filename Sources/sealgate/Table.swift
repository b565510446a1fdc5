// sealgate · CLI

internal import Diagnostics

/// Left-aligned columns separated by two spaces, like `kubectl get`. Cells hold names from the input, so each
/// is put on one line and made safe to print (``TerminalText/oneLine(_:)``).
enum Table {
    static func render(_ rows: [[String]]) -> [String] {
        let rows = rows.map { $0.map(TerminalText.oneLine) }
        guard let columns = rows.map(\.count).max() else { return [] }
        var widths = [Int](repeating: 0, count: columns)
        for row in rows {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) }
        }
        return rows.map { row in
            var line = ""
            for (i, cell) in row.enumerated() {
                line += cell
                if i < row.count - 1 { line += String(repeating: " ", count: widths[i] - cell.count + 2) }
            }
            return line
        }
    }
}
