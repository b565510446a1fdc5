// sealgate · CLI tests

import Foundation
import Testing

@testable import sealgate

/// Every `sealgate` command line in README.md and docs/*.md, read from their fenced blocks: each one
/// parses with the real command tree (a renamed flag or a value no longer taken fails here), and the
/// blocks marked `<!-- doc-test: run -->` are run by `sh`, each `$ ` line in turn, their output compared
/// with the one shown (docs/architecture.md, "Documentation that is tested", says how to mark a block).
struct DocsSnippetTests {
    static let documents = ["README.md"] + Self.markdown(in: "docs")

    @Test("every sealgate command line of README.md and docs/ parses, or fails as the output shown says")
    func everyCommandParses() throws {
        let snippets = try Self.documents.flatMap { try DocSnippet.all(in: $0) }
        // Enough that a change to the extraction which loses most of them cannot pass unnoticed.
        #expect(snippets.count > 100)
        for snippet in snippets {
            guard let problem = Sealgate.usageProblem(snippet.arguments) else { continue }
            let printed = "error: " + (problem.split(separator: "\n").first ?? "")
            let shown = (snippet.output ?? []).contains { DocSnippet.lineMatches(printed, $0) }
            #expect(shown, "\(snippet.place): `\(snippet.text)` does not parse: \(problem)")
        }
    }

    @Test(
        "the blocks marked to run print what they show",
        arguments: try Self.documents.flatMap { try FencedBlock.all(in: $0) }.filter(\.runs))
    func markedBlockRuns(_ block: FencedBlock) throws {
        let scratch = try Self.scratchRepository()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let steps = block.steps
        #expect(!steps.isEmpty, "\(block.place): a block marked to run shows no `$ ` command")
        // The built sealgate first on PATH, so the block runs the code under test.
        let path = CLI.binary.deletingLastPathComponent().path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        var exitCode: Int32 = 0
        for step in steps {
            // Each line runs in a shell of its own, so `echo $?` is answered from the line before.
            let result =
                step.command == "echo $?"
                ? CLIResult(stdout: "\(exitCode)\n", stderr: "", exitCode: 0)
                : try CLI.run(
                    ["-c", step.command], in: scratch, environment: ["PATH": path, "NO_COLOR": "1"],
                    executable: URL(fileURLWithPath: "/bin/sh"), mergingStandardError: true)
            exitCode = result.exitCode
            let printed = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            #expect(
                DocSnippet.matches(printed: Self.trimmed(printed), shown: Self.trimmed(step.output)),
                "\(block.place): `\(step.command)` printed:\n\(result.stdout)")
        }
    }

    @Test("the shell words of a documented command line are split as a shell splits them")
    func shellWords() {
        #expect(
            DocSnippet.commands(in: #"helm template charts/api | sealgate check - --enable 'images-*' 2>&1"#)
                == [["check", "-", "--enable", "images-*"]])
        #expect(
            DocSnippet.commands(
                in: #"SEALGATE_CERT=a.crt sealgate seal -f s.yaml > out.yaml && sealgate verify --key "my key.pem" -f out.yaml # ok"#)
                == [["seal", "-f", "s.yaml"], ["verify", "--key", "my key.pem", "-f", "out.yaml"]])
        #expect(
            DocSnippet.commands(in: #"sealgate cel "object$(printf '.a%.0s' $(seq 3))""#) == [["cel", "object$(printf '.a%.0s' $(seq 3))"]])
        #expect(DocSnippet.commands(in: "make demo   # builds sealgate") == [])
    }

    @Test("a line of shown output matches with … for what is left out")
    func elision() {
        #expect(DocSnippet.matches(printed: ["a", "b", "c", "d"], shown: ["a", "…", "d"]))
        #expect(DocSnippet.matches(printed: ["a", "d"], shown: ["a", "…", "d"]))
        #expect(DocSnippet.matches(printed: ["key: AQBwxtLv1fK1wAnB1D16"], shown: ["key: AQBw…"]))
        #expect(!DocSnippet.matches(printed: ["a", "b"], shown: ["a"]))
        #expect(!DocSnippet.matches(printed: ["a", "x"], shown: ["a", "…", "d"]))
    }

    /// The `.md` files of `directory`, relative to the repository's top.
    private static func markdown(in directory: String) -> [String] {
        let url = CLI.repositoryRoot.appendingPathComponent(directory)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.filter { $0.hasSuffix(".md") }.sorted().map { directory + "/" + $0 }
    }

    /// A directory where `testdata`, `policies` and `Tests` are the repository's (through links), so that a
    /// documented command reads them by the paths shown and writes its files somewhere of its own.
    private static func scratchRepository() throws -> URL {
        let scratch = try CLI.scratchDirectory()
        for name in ["testdata", "policies", "Tests"] {
            try FileManager.default.createSymbolicLink(
                at: scratch.appendingPathComponent(name), withDestinationURL: CLI.repositoryRoot.appendingPathComponent(name))
        }
        return scratch
    }

    private static func trimmed(_ lines: [String]) -> [String] {
        var lines = lines
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }
}

/// One `sealgate` command line of a fenced block of the documentation, with the output shown after it.
struct DocSnippet: CustomTestStringConvertible, Sendable {
    /// `file:line` of the command.
    var place: String
    /// The command line as written (continuation lines joined).
    var text: String
    /// The words after `sealgate`.
    var arguments: [String]
    /// The lines shown after the command in a `console` block (nil in `sh` and YAML blocks, which show none).
    var output: [String]?

    var testDescription: String { "\(place): \(text)" }

    /// The marker, on the line before a fenced block, that has the block run and its output compared.
    static let runMarker = "<!-- doc-test: run -->"

    /// The command lines of every fenced block of `file`: `$ ` lines of `console` blocks (and of blocks
    /// without a language), every line of `sh`, `bash` and `shell` blocks, and `run:` steps and `- sealgate`
    /// list items of YAML blocks.
    static func all(in file: String) throws -> [DocSnippet] {
        try FencedBlock.all(in: file).flatMap(snippets(of:))
    }

    /// The snippets of one block.
    private static func snippets(of block: FencedBlock) -> [DocSnippet] {
        var lines: [(line: Int, command: String, output: [String]?)] = []
        switch block.language {
        case "console", "":
            lines = block.steps.map { ($0.line, $0.command, $0.output) }
        case "sh", "bash", "shell":
            lines = block.commandLines.map { ($0.line, $0.command, nil) }
        case "yaml", "yml":
            for (index, line) in block.body.enumerated() {
                guard let match = line.firstMatch(of: /^\s*(?:-\s+)?(?:run:\s+)?(sealgate\s.*)$/) else { continue }
                lines.append((block.firstLine + index, String(match.1), nil))
            }
        default:
            break
        }
        return lines.flatMap { line in
            commands(in: line.command).map { arguments in
                DocSnippet(
                    place: "\(block.file):\(line.line)", text: line.command.trimmingCharacters(in: .whitespaces), arguments: arguments,
                    output: line.output)
            }
        }
    }

    // MARK: - Shell words

    /// A word or an operator of a shell command line.
    enum Token: Equatable {
        case word(String)
        case operator_(String)
    }

    /// The arguments of each `sealgate` command of a shell command line: the line is split at pipes,
    /// `&&`, `||`, `;` and `&`, redirections are left out, and so are `NAME=value` assignments before the
    /// program.
    static func commands(in line: String) -> [[String]] {
        var segments: [[Token]] = [[]]
        for token in words(line) {
            if case .operator_(let op) = token, ["|", "||", "&&", ";", "&"].contains(op) {
                segments.append([])
            } else {
                segments[segments.count - 1].append(token)
            }
        }
        return segments.compactMap { segment in
            var words: [String] = []
            var skipNext = false
            for token in segment {
                switch token {
                case .operator_(let op):
                    // `> file` takes the next word; `2>&1` does not.
                    skipNext = !op.contains("&")
                case .word(let word):
                    if skipNext {
                        skipNext = false
                    } else if words.isEmpty, word.firstMatch(of: /^[A-Za-z_][A-Za-z0-9_]*=/) != nil {
                        continue
                    } else {
                        words.append(word)
                    }
                }
            }
            guard words.first == "sealgate" else { return nil }
            return Array(words.dropFirst())
        }
    }

    /// The line split into words as a POSIX shell splits them (quotes, backslashes, `$( )` kept whole, `#`
    /// comments), with the control and redirection operators as tokens of their own.
    static func words(_ line: String) -> [Token] {
        var tokens: [Token] = []
        var current = ""
        var inWord = false
        var characters = Array(line)[...]
        func flush() {
            if inWord { tokens.append(.word(current)) }
            current = ""
            inWord = false
        }
        while let character = characters.popFirst() {
            switch character {
            case "\\":
                if let next = characters.popFirst() { current.append(next) }
                inWord = true
            case "'":
                while let next = characters.popFirst(), next != "'" { current.append(next) }
                inWord = true
            case "\"":
                while let next = characters.popFirst(), next != "\"" {
                    if next == "\\", let escaped = characters.first, "\"\\$`".contains(escaped) {
                        current.append(characters.removeFirst())
                    } else {
                        current.append(next)
                    }
                }
                inWord = true
            case "$" where characters.first == "(":
                current.append("$")
                var depth = 0
                while let next = characters.popFirst() {
                    current.append(next)
                    if next == "(" { depth += 1 }
                    if next == ")" { depth -= 1 }
                    if depth == 0 { break }
                }
                inWord = true
            case " ", "\t":
                flush()
            case "#" where !inWord:
                characters = []
            case "|", "&", ";", "<", ">":
                // A redirection's file descriptor (`2>`) belongs to the operator.
                var op = current.allSatisfy(\.isNumber) && inWord && "<>".contains(character) ? current : ""
                if op.isEmpty { flush() } else { (current, inWord) = ("", false) }
                op.append(character)
                while let next = characters.first, "|&>".contains(next), (op + String(next)).count <= 3 {
                    op.append(characters.removeFirst())
                }
                if op.hasSuffix("&"), let digit = characters.first, digit.isNumber, op.contains(">") {
                    op.append(characters.removeFirst())
                }
                tokens.append(.operator_(op))
            default:
                current.append(character)
                inWord = true
            }
        }
        flush()
        return tokens
    }

    // MARK: - Output

    /// Whether `printed` is what `shown` shows: each shown line is a printed line, `…` in a line stands for
    /// any text, and a line that is only `…` for any number of lines.
    static func matches(printed: [String], shown: [String]) -> Bool {
        guard let first = shown.first else { return printed.isEmpty }
        let rest = Array(shown.dropFirst())
        if first.trimmingCharacters(in: .whitespaces) == "…" {
            return (0...printed.count).contains { matches(printed: Array(printed.dropFirst($0)), shown: rest) }
        }
        guard let line = printed.first, lineMatches(line, first) else { return false }
        return matches(printed: Array(printed.dropFirst()), shown: rest)
    }

    /// `line` against one shown line in which `…` stands for any text.
    static func lineMatches(_ line: String, _ shown: String) -> Bool {
        let pieces = shown.split(separator: "…", omittingEmptySubsequences: false).map(String.init)
        guard pieces.count > 1 else { return line == shown }
        guard line.hasPrefix(pieces[0]), line.hasSuffix(pieces[pieces.count - 1]),
            line.count >= pieces[0].count + pieces[pieces.count - 1].count
        else { return false }
        var remainder = line.dropFirst(pieces[0].count).dropLast(pieces[pieces.count - 1].count)
        for piece in pieces.dropFirst().dropLast() where !piece.isEmpty {
            guard let range = remainder.range(of: piece) else { return false }
            remainder = remainder[range.upperBound...]
        }
        return true
    }
}

/// A fenced block of a Markdown file.
struct FencedBlock: CustomTestStringConvertible, Sendable {
    var file: String
    /// The line of the block's first line of text.
    var firstLine: Int
    /// The language after the opening fence (`console`, `sh`, `yaml`), or empty.
    var language: String
    /// The lines between the fences, without the fence's indentation.
    var body: [String]
    /// The block is marked to run: the line before its fence is ``runMarker``.
    var runs: Bool

    var place: String { "\(file):\(firstLine)" }
    var testDescription: String { place }

    /// The marker, on the line before a fenced block, that has the block run and its output compared.
    static let runMarker = "<!-- doc-test: run -->"

    /// Each `$ ` command of the block (continuation lines joined), its line, and the lines shown after it.
    var steps: [(line: Int, command: String, output: [String])] {
        var steps: [(line: Int, command: String, output: [String])] = []
        for (index, line) in commandLines(where: { $0.hasPrefix("$ ") }) {
            var output: [String] = []
            var next = line.end
            while next < body.count, !body[next].hasPrefix("$ ") {
                output.append(body[next])
                next += 1
            }
            steps.append((firstLine + index, String(line.command.dropFirst(2)), output))
        }
        return steps
    }

    /// Every line of the block as a command (continuation lines joined), with its line, for `sh` blocks.
    var commandLines: [(line: Int, command: String)] {
        commandLines { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map { (firstLine + $0.index, $0.line.command) }
    }

    /// The lines that `isCommand` picks, each joined with the lines a trailing `\\` continues it on, with
    /// its index in the body and the index of the line after it.
    private func commandLines(where isCommand: (String) -> Bool) -> [(index: Int, line: (command: String, end: Int))] {
        var found: [(index: Int, line: (command: String, end: Int))] = []
        var index = 0
        while index < body.count {
            guard isCommand(body[index]) else {
                index += 1
                continue
            }
            let start = index
            var command = body[index]
            index += 1
            while command.hasSuffix("\\"), index < body.count {
                command = String(command.dropLast()) + " " + body[index]
                index += 1
            }
            found.append((start, (command, index)))
        }
        return found
    }

    /// Every fenced block of `file`, a path from the repository's top.
    static func all(in file: String) throws -> [FencedBlock] {
        let text = try String(contentsOf: CLI.repositoryRoot.appendingPathComponent(file), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var blocks: [FencedBlock] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("```") else {
                index += 1
                continue
            }
            let language = String(trimmed.dropFirst(3)).trimmingCharacters(in: .whitespaces)
            let indent = line.prefix { $0 == " " }.count
            let marked =
                lines[..<index].last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }?.trimmingCharacters(in: .whitespaces) == runMarker
            var end = index + 1
            while end < lines.count, !lines[end].trimmingCharacters(in: .whitespaces).hasPrefix("```") { end += 1 }
            let body = lines[(index + 1)..<min(end, lines.count)].map { String($0.dropFirst(min(indent, $0.prefix { $0 == " " }.count))) }
            blocks.append(FencedBlock(file: file, firstLine: index + 2, language: language, body: body, runs: marked))
            index = end + 1
        }
        return blocks
    }
}
