// sealgate · Diagnostics tests

import Testing
@testable import Diagnostics

struct SourceLocationTests {
    @Test("a location prints path:line:column, path:line or path, leaving out what is unknown")
    func description() {
        #expect(SourceLocation(path: "a.yaml", line: 3, column: 7).description == "a.yaml:3:7")
        #expect(SourceLocation(path: "a.yaml", line: 3).description == "a.yaml:3")
        #expect(SourceLocation(path: "a.yaml").description == "a.yaml")
        #expect(SourceLocation(path: "-", line: 1, column: 1).description == "-:1:1")
        #expect(SourceLocation.generated.description == "<generated>")
    }

    @Test("a column without a line is unknown too, and negative numbers are unknown")
    func unknownParts() {
        let noLine = SourceLocation(path: "a.yaml", line: 0, column: 9)
        #expect((noLine.line, noLine.column) == (0, 0))
        #expect(noLine.description == "a.yaml")
        let negative = SourceLocation(path: "a.yaml", line: -4, column: -1)
        #expect((negative.line, negative.column) == (0, 0))
        var moved = SourceLocation(path: "a.yaml", line: 2, column: 5)
        moved.line += 7
        #expect(moved.description == "a.yaml:9:5")
        moved.line = 0
        #expect(moved.column == 0)
        #expect(SourceLocation(path: "a.yaml", line: 2, column: 5).withoutColumn.description == "a.yaml:2")
    }

    @Test("line and column clamp to 32 bits rather than wrap")
    func clamping() {
        let far = SourceLocation(path: "a.yaml", line: Int(UInt32.max) + 10, column: Int.max)
        #expect(far.line == Int(UInt32.max) && far.column == Int(UInt32.max))
    }

    @Test("one path is one file, whichever location names it")
    func interning() {
        let first = SourceFile(path: "dir/one.yaml")
        #expect(SourceFile(path: "dir/one.yaml") == first)
        #expect(SourceFile(path: "dir/two.yaml") != first)
        #expect(SourceLocation(path: "dir/one.yaml", line: 1, column: 2) == SourceLocation(file: first, line: 1, column: 2))
    }

    @Test("locations order by path, then line, then column; unknown parts first")
    func ordering() {
        let places = [
            SourceLocation(path: "b.yaml", line: 1, column: 1),
            SourceLocation(path: "a.yaml", line: 10, column: 1),
            SourceLocation(path: "a.yaml", line: 2, column: 30),
            SourceLocation(path: "a.yaml", line: 2),
            SourceLocation(path: "a.yaml", line: 2, column: 4),
            SourceLocation(path: "a.yaml"),
        ]
        #expect(places.sorted().map(\.description) == ["a.yaml", "a.yaml:2", "a.yaml:2:4", "a.yaml:2:30", "a.yaml:10:1", "b.yaml:1:1"])
    }
}
