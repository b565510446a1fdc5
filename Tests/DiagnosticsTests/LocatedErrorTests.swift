// sealgate · Diagnostics tests

import Testing
@testable import Diagnostics

/// An error of one line, as most library errors are.
private struct OneLineError: LocatedError {
    let code: ErrorCode<OneLineError>
    let reason: String
    let location: Diagnostics.SourceLocation?
}

/// An error whose reason spans lines (a caret diagram), as PolicyError's does.
private struct SpanningError: LocatedError {
    let code: ErrorCode<SpanningError>
    let reason: String
    let location: Diagnostics.SourceLocation?
    static var reasonSpansLines: Bool { true }
}

extension ErrorCode where Domain == OneLineError {
    fileprivate static var broken: Self { Self("broken") }
    fileprivate static var missing: Self { Self("missing") }
}

struct LocatedErrorTests {
    @Test("the description is path:line:column: error: reason, leaving out what is unknown")
    func description() {
        let place = SourceLocation(path: "a.yaml", line: 3, column: 7)
        #expect(OneLineError(code: .broken, reason: "bad; fix it", location: place).description == "a.yaml:3:7: error: bad; fix it")
        #expect(OneLineError(code: .broken, reason: "r", location: place.withoutColumn).description == "a.yaml:3: error: r")
        #expect(OneLineError(code: .broken, reason: "r", location: SourceLocation(path: "a.yaml")).description == "a.yaml: error: r")
        #expect(OneLineError(code: .broken, reason: "r", location: nil).description == "error: r")
    }

    @Test("the description is safe to print: input in the path or reason cannot break the line or reach the terminal")
    func sanitized() {
        let error = OneLineError(
            code: .broken, reason: "key 'a\n\u{1B}[2Jb'", location: SourceLocation(path: "dir\u{202E}/x.yaml", line: 1, column: 2))
        #expect(error.description == "dir\u{FFFD}/x.yaml:1:2: error: key 'a \u{FFFD}[2Jb'")
        let spanning = SpanningError(
            code: ErrorCode("expression"), reason: "bad\n | x\u{1B}\n | ^", location: SourceLocation(path: "p.yaml", line: 6, column: 19))
        #expect(spanning.description == "p.yaml:6:19: error: bad\n | x\u{FFFD}\n | ^")
    }

    @Test("description(reason:) keeps the place and the form for advice a caller adds")
    func addedReason() {
        let error = OneLineError(code: .missing, reason: "no name; give one", location: SourceLocation(path: "s.yaml", line: 2))
        #expect(error.description(reason: error.reason + " (--name)") == "s.yaml:2: error: no name; give one (--name)")
        #expect(error.description(reason: "x\ny") == "s.yaml:2: error: x y")
    }

    @Test("codes compare by name within their error type, and print their name")
    func codes() {
        #expect(ErrorCode<OneLineError>.broken == .broken)
        #expect(ErrorCode<OneLineError>.broken != .missing)
        #expect(ErrorCode<OneLineError>.missing.name == "missing" && "\(ErrorCode<OneLineError>.missing)" == "missing")
        let error = OneLineError(code: .broken, reason: "r", location: nil)
        switch error.code {
        case .missing: Issue.record("matched the wrong code")
        case .broken: break
        default: Issue.record("matched no code")
        }
    }
}
