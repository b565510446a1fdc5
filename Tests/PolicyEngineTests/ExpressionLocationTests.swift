// sealgate · PolicyEngine tests

import Diagnostics
import KubeManifest
import Testing
@testable import PolicyEngine

/// Where an error in a policy expression points: the file's line and column of the character the CEL
/// error names, for every way YAML (and JSON) can write the expression. Columns count Unicode scalars
/// everywhere, so each expression puts a precomposed `é`, an `e` with a combining accent (two scalars, one
/// character) and an emoji before the error.
struct ExpressionLocationTests {
    static let header = "apiVersion: sealgate.dev/v1\nkind: Policy\nmetadata: {name: p}\nspec:\n  validations:\n"
    /// Precomposed, combining, and outside the Basic Multilingual Plane.
    static let (precomposed, combining, emoji) = ("\u{E9}", "e\u{301}", "\u{1F44D}")
    /// `objekt` starts at scalar 38 of this line (37 characters before it, 36 of them in the caret's dots).
    static let line = "size('\(precomposed)') + size('\(combining)') + size('\(emoji)') > objekt"

    private func location(_ yaml: String, name: String = "policies.yaml") throws -> (place: String, reason: String) {
        let error = try #require(throws: PolicyError.self) { try policies(yaml, name: name) }
        #expect(error.code == .expression)
        return (error.location?.description ?? "", error.reason)
    }

    @Test("the CEL error counts the columns of its expression in Unicode scalars, and the caret stands under the character")
    func celColumns() throws {
        let (_, reason) = try location(Self.header + "    - expression: \(Self.line)\n")
        #expect(reason.hasPrefix("'spec.validations[0].expression': undeclared reference to 'objekt'"))
        #expect(reason.hasSuffix(" | \(Self.line)\n | " + String(repeating: ".", count: 36) + "^"))
    }

    @Test("a plain scalar on one line: the node's column plus the expression's")
    func plain() throws {
        #expect(try location(Self.header + "    - expression: \(Self.line)\n").place == "policies.yaml:6:56")
    }

    @Test("a single-quoted scalar: past the quote, each '' two columns of the file")
    func singleQuoted() throws {
        let quoted = Self.line.replacingOccurrences(of: "'", with: "''")
        #expect(try location(Self.header + "    - expression: '\(quoted)'\n").place == "policies.yaml:6:63")
    }

    @Test("a double-quoted scalar: past the quote, each \\\" two columns of the file")
    func doubleQuoted() throws {
        #expect(try location(Self.header + "    - expression: \"\(Self.line)\"\n").place == "policies.yaml:6:57")
        let escapedQuotes = "size(\\\"\(Self.precomposed)\\\") + size('\(Self.combining)') + size('\(Self.emoji)') > objekt"
        #expect(try location(Self.header + "    - expression: \"\(escapedQuotes)\"\n").place == "policies.yaml:6:59")
    }

    @Test("a double-quoted scalar with an escape sequence: exact before it, the scalar's start after it")
    func doubleQuotedEscapes() throws {
        let escapedBefore = "size('\\u00e9') + size('\(Self.combining)') + size('\(Self.emoji)') > objekt"
        #expect(try location(Self.header + "    - expression: \"\(escapedBefore)\"\n").place == "policies.yaml:6:19")
        let escapedAfter = "objekt == '\(Self.combining)\\u00e9'"
        #expect(try location(Self.header + "    - expression: \"\(escapedAfter)\"\n").place == "policies.yaml:6:20")
    }

    @Test("a literal block scalar: the expression's line n is the nth line after the '|', past the indentation")
    func literal() throws {
        let yaml = Self.header + "    - expression: |\n        size('\(Self.precomposed)') +\n          \(Self.line.dropFirst(12))\n"
        let (place, reason) = try location(yaml)
        #expect(place == "policies.yaml:8:36")
        #expect(reason.hasSuffix("\n |   \(Self.line.dropFirst(12))\n | " + String(repeating: ".", count: 26) + "^"))
    }

    @Test("a literal block scalar with an indentation indicator and a leading empty line")
    func literalWithIndicator() throws {
        let yaml = Self.header + "    - expression: |2\n\n          '\(Self.emoji)' == objekt\n"
        #expect(try location(yaml).place == "policies.yaml:8:18")
    }

    @Test("a folded block scalar: exact on its first line, the scalar's start after a folded line break")
    func folded() throws {
        #expect(try location(Self.header + "    - expression: >\n        \(Self.line)\n").place == "policies.yaml:7:46")
        let split = Self.header + "    - expression: >\n        \(Self.line.prefix(23))\n        \(Self.line.dropFirst(24))\n"
        #expect(try location(split).place == "policies.yaml:6:19")
    }

    @Test("a flow scalar over two lines: exact on its first line, the scalar's start after the fold")
    func flowOverLines() throws {
        #expect(try location(Self.header + "    - expression: size('\(Self.emoji)') + objekt +\n        1\n").place == "policies.yaml:6:31")
        #expect(try location(Self.header + "    - expression: size('\(Self.emoji)') + 1 +\n        objekt\n").place == "policies.yaml:6:19")
        #expect(
            try location(Self.header + "    - expression: 'size(''\(Self.emoji)'') + objekt +\n        1'\n").place == "policies.yaml:6:34")
        #expect(
            try location(Self.header + "    - expression: \"size('\(Self.emoji)') + objekt +\n        1\"\n").place == "policies.yaml:6:32")
    }

    @Test("a JSON string: past the quote, each \\\" two columns, and the start after another escape")
    func json() throws {
        let document =
            #"{"apiVersion": "sealgate.dev/v1", "kind": "Policy", "metadata": {"name": "p"}, "spec": {"validations": [{"expression": "EXPR"}]}}"#
        let exact = document.replacingOccurrences(
            of: "EXPR", with: #"size(\"\#(Self.precomposed)\") + size('\#(Self.combining)') + size('\#(Self.emoji)') > objekt"#)
        #expect(try location(exact, name: "p.json").place == "p.json:1:160")
        let escaped = document.replacingOccurrences(of: "EXPR", with: #"size('\u00e9') > objekt"#)
        #expect(try location(escaped, name: "p.json").place == "p.json:1:120")
    }
}
