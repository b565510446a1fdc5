// sealgate · CEL tests

import Foundation
import Testing
@testable import CEL

/// Issue 9, item 3: chains (`a.b.c…`, `x[0][0]…`, `1 + 2 + …`) used to parse in a loop into a tree as
/// deep as the chain was long, and the checker, compiler, evaluator and `description` then recursed
/// once per link until the stack ran out (SIGSEGV). The parser now bounds the tree's height by the same
/// limit as nesting, and balances runs of `&&`/`||`.
struct DepthLimitTests {
    private static func failure(_ source: String) -> CELError? {
        do throws(CELError) {
            _ = try Parser.parse(source)
            return nil
        } catch {
            return error
        }
    }

    static let tooLong: [(String, String)] = [
        ("5,000 selects", "x" + String(repeating: ".a", count: 5_000)),
        ("1,000 indexes", "x" + String(repeating: "[0]", count: 1_000)),
        ("700 additions", (0..<700).map { _ in "1" }.joined(separator: " + ")),
        ("700 equalities", (0..<700).map { _ in "x" }.joined(separator: " == ")),
        ("1,000 method calls", "x" + String(repeating: ".size()", count: 1_000)),
        ("201 selects", "x" + String(repeating: ".a", count: 200)),
        ("201 negations of a select", String(repeating: "-(", count: 201) + "x" + String(repeating: ")", count: 201)),
    ]

    @Test("a chain whose tree would be higher than the limit is refused where it crosses it", arguments: tooLong.map(\.0))
    func chainsAreRefused(_ name: String) throws {
        let source = try #require(Self.tooLong.first { $0.0 == name }?.1)
        let error = try #require(Self.failure(source))
        #expect(error.code == .tooComplex)
        #expect(error.reason == "the expression nests more than 200 levels deep; simplify it")
        #expect(error.line == 1)
    }

    @Test("the error points at the link that crosses the limit")
    func position() throws {
        // x is level 1, each '.a' one more: the 200th select makes level 201; its '.' is at column 400.
        let error = try #require(Self.failure("x" + String(repeating: ".a", count: 5_000)))
        #expect(error.column == 400)
        let multiline = "x\n" + String(repeating: ".a\n", count: 300)
        let second = try #require(Self.failure(multiline))
        #expect((second.line, second.column) == (201, 1))
        // 199 selects make a tree of height 200, which is accepted.
        #expect(Self.failure("x" + String(repeating: ".a", count: 199)) == nil)
    }

    @Test("runs of && and || are balanced: 1,000 or 5,000 terms evaluate, with cel-go's results")
    func logicalChains() throws {
        let environment = CELEnvironment(variables: ["x"])
        for count in [1_000, 5_000] {
            let all = try environment.compile((0..<count).map { "x[\($0 % 3)] > 0" }.joined(separator: " && "))
            #expect(try all.evaluate(["x": .list(CELList([.int(1), .int(2), .int(3)]))]).jsonText == "true")
            #expect(try all.evaluate(["x": .list(CELList([.int(1), .int(0), .int(3)]))]).jsonText == "false")
            let any = try environment.compile((0..<count).map { "x == \($0)" }.joined(separator: " || "))
            #expect(try any.evaluate(["x": .int(Int64(count - 1))]).jsonText == "true")
            #expect(try any.evaluate(["x": .int(-1)]).jsonText == "false")
        }
        // The shape: up to three terms lean left as before; more are balanced.
        #expect(try Parser.parse("a && b && c").description == "_&&_(_&&_(a, b), c)")
        #expect(try Parser.parse("a || b || c || d").description == "_||_(_||_(a, b), _||_(c, d))")
        #expect(try Parser.parse((0..<10_000).map { "a\($0)" }.joined(separator: " && ")).height == 15)
        // Errors are absorbed and reported as in a left-leaning chain: the leftmost failure wins, and a
        // false anywhere decides.
        let errors = try environment.compile("x.a && true && x.b && true")
        #expect(throws: CELError.self) { try errors.evaluate(["x": .map(CELMap([]))]) }
        do {
            _ = try errors.evaluate(["x": .map(CELMap([]))])
        } catch {
            #expect(error.reason == "no such key: 'a'")
        }
        #expect(try environment.compile("x.a && true && x.b && false").evaluate(["x": .map(CELMap([]))]).jsonText == "false")
    }

    /// Every shape that recurses in a later stage, as a function of how many times it repeats.
    static let shapes: [(String, @Sendable (Int) -> String)] = [
        ("selects", { "x" + String(repeating: ".a", count: $0) }),
        ("optional selects", { "x" + String(repeating: ".?a", count: $0) }),
        ("indexes", { "x" + String(repeating: "[0]", count: $0) }),
        ("additions", { (0...$0).map { _ in "x" }.joined(separator: " + ") }),
        ("comparisons", { (0...$0).map { _ in "x" }.joined(separator: " == ") }),
        ("method calls", { "x" + String(repeating: ".size()", count: $0) }),
        ("nested calls", { String(repeating: "dyn(", count: $0) + "x" + String(repeating: ")", count: $0) }),
        ("negations", { String(repeating: "-(", count: $0) + "x" + String(repeating: ")", count: $0) }),
        ("nots", { String(repeating: "!(", count: $0) + "x" + String(repeating: ")", count: $0) }),
        ("lists", { String(repeating: "[", count: $0) + "x" + String(repeating: "]", count: $0) }),
        ("maps", { String(repeating: "{'a': ", count: $0) + "x" + String(repeating: "}", count: $0) }),
        ("conditionals", { String(repeating: "x ? x : ", count: $0) + "x" }),
        ("right-nested additions", { String(repeating: "x + (", count: $0) + "x" + String(repeating: ")", count: $0) }),
        ("macros", { n in (0..<n).map { "[x].all(v\($0), " }.joined() + "true" + String(repeating: ")", count: n) }),
        ("binds", { n in (0..<n).map { "cel.bind(v\($0), x, " }.joined() + "v0" + String(repeating: ")", count: n) }),
        ("list literal types", { String(repeating: "[", count: $0) + "1" + String(repeating: "]", count: $0) + " == 1" }),
    ]

    /// The shape repeated as often as the parser accepts (one more is refused as too complex).
    static func deepest(_ name: String) throws -> String {
        let shape = try #require(shapes.first { $0.0 == name }?.1)
        var low = 1, high = 1_000
        #expect(failure(shape(high))?.code == .tooComplex)
        #expect(failure(shape(low)) == nil)
        while high - low > 1 {
            let middle = (low + high) / 2
            if failure(shape(middle)) == nil { low = middle } else { high = middle }
        }
        return shape(low)
    }

    /// Measured in a debug build: the worst of these needs between 2 and 4 MiB of stack (the compiler's
    /// recursion is about 14 KiB a level at -Onone); Linux gives the main thread and Swift's task threads
    /// 8 MiB. See docs/cel-limits.md.
    @Test("the deepest accepted trees parse, check, compile, evaluate and print on an 8 MiB thread", arguments: shapes.map(\.0))
    func deepestFitsSmallStack(_ name: String) throws {
        let source = try Self.deepest(name)
        let outcome = Self.onThread(stackSize: 8 << 20) { Self.everyStage(source) }
        #expect(outcome == "compiled" || outcome == "check")
    }

    @Test("the deepest accepted trees go through every stage on a task", arguments: shapes.map(\.0))
    func deepestFitsTask(_ name: String) async throws {
        let source = try Self.deepest(name)
        let outcome = await Task.detached { Self.everyStage(source) }.value
        #expect(outcome == "compiled" || outcome == "check")
    }

    /// Parses, checks, compiles, prints and evaluates `source` over values of several types: "compiled",
    /// or the code of the error that stopped it before evaluation.
    @Sendable static func everyStage(_ source: String) -> String {
        let environment = CELEnvironment(variables: ["x"])
        do throws(CELError) {
            _ = try Parser.parse(source).description
            let program = try environment.compile(source)
            for value: CELValue in [.int(1), .bool(true), .map(CELMap([])), .list(CELList([.int(1)]))] {
                _ = (try? program.evaluate(["x": value]))?.jsonText
            }
            return "compiled"
        } catch {
            return "\(error.code)"
        }
    }

    /// Runs `body` on a new thread with `stackSize` bytes of stack and waits for its result.
    static func onThread(stackSize: Int, _ body: @escaping @Sendable () -> String) -> String? {
        let done = DispatchSemaphore(value: 0)
        let result = LockedResult()
        let thread = Thread {
            result.set(body())
            done.signal()
        }
        thread.stackSize = stackSize
        thread.start()
        done.wait()
        return result.get()
    }
}

/// A result handed from the worker thread to the test.
private final class LockedResult: @unchecked Sendable {  // guarded by `lock`
    private let lock = NSLock()
    private var value: String?
    func set(_ new: String) { lock.withLock { value = new } }
    func get() -> String? { lock.withLock { value } }
}
