// sealgate · CLI

internal import ArgumentParser
internal import Foundation
internal import PolicyEngine

/// Where `check` writes its reports: one format on standard output (`-o/--output FORMAT`) and any number
/// of files, each named with its own format (`--report FORMAT=FILE`).
///
/// Formats and files used to pair by position (`--format github --format sarif --output sealgate.sarif`
/// wrote the annotations into the SARIF file); a `--report` carries both halves, so nothing can pair
/// them wrongly. `--format`, kube-linter's and the old spelling of `-o`, is still read as `-o`.
struct CheckReports: ParsableArguments {
    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "The report on standard output: \(Self.formats) (default: text).", valueName: "format"),
        completion: .list(ReportFormat.allCases.map(\.rawValue)))
    var output: String?

    @Option(
        name: .customLong("report"),
        help: ArgumentHelp(
            "Also write a report to a file (atomically), its format before '=': sarif=sealgate.sarif, junit=report.xml. Repeatable.",
            valueName: "format=file"))
    var reports: [String] = []

    /// `-o` as kube-linter and earlier sealgate releases spell it; hidden, and never paired with a file.
    @Option(name: .customLong("format"), help: .hidden)
    var legacyFormats: [String] = []

    /// A `--report FORMAT=FILE`.
    struct FileReport: Equatable {
        var format: ReportFormat
        var path: String
        /// The argument as given, for messages.
        var argument: String
    }

    func validate() throws {
        _ = try standardOutput()
        _ = try files()
    }

    /// The format printed on standard output: `-o`, else `--format`, else text.
    func standardOutput() throws -> ReportFormat {
        var asked: [(flag: String, format: ReportFormat)] = []
        // `--format json --output report.json` meant the JSON report in that file.
        let paired = legacyFormats.count == 1 ? ReportFormat(rawValue: legacyFormats[0]) : nil
        if let output {
            asked.append(("--output", try OutputFlag.format(output) { Self.reportAdvice($0, pairedWith: paired) }))
        }
        for value in legacyFormats {
            asked.append(("--format", try OutputFlag.format(value, flag: "--format") { Self.reportAdvice($0, pairedWith: nil) }))
        }
        let distinct = asked.reduce(into: [ReportFormat]()) { if !$0.contains($1.format) { $0.append($1.format) } }
        guard distinct.count <= 1 else {
            let names = OutputFlag.listed(asked.map { "\($0.flag) \($0.format.rawValue)" }, "and")
            let others = distinct.dropFirst().map { "--report \($0.rawValue)=FILE" }.joined(separator: " ")
            throw ValidationError(
                "standard output takes one report, and \(names) ask for \(distinct.count); keep -o \(distinct[0].rawValue) and write the others to files: \(others)"
            )
        }
        return distinct.first ?? .text
    }

    /// The `--report`s, checked: each is FORMAT=FILE with a known format and a file, and no two name one file.
    func files() throws -> [FileReport] {
        var files: [FileReport] = []
        var written: [String: String] = [:]
        for argument in reports {
            guard let equals = argument.firstIndex(of: "=") else {
                throw ValidationError("--report '\(argument)' is not FORMAT=FILE; write it as --report \(Self.example(for: argument))")
            }
            let (name, path) = (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
            guard let format = ReportFormat(rawValue: name) else {
                throw ValidationError("--report '\(argument)': '\(name)' is not a format; give \(Self.formats) before the '='")
            }
            guard !path.isEmpty else {
                throw ValidationError("--report '\(argument)' names no file; write it as --report \(name)=FILE")
            }
            guard path != "-" else {
                throw ValidationError("--report '\(argument)': '-' is standard output, which -o prints; use -o \(name)")
            }
            let key = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
            if let first = written[key] {
                throw ValidationError(
                    "--report \(first) and --report \(argument) name one file, so one report would replace the other; give each report its own file"
                )
            }
            written[key] = argument
            files.append(FileReport(format: format, path: path, argument: argument))
        }
        return files
    }

    /// `text, json, sarif, junit or github`.
    static let formats = OutputFlag.listed(ReportFormat.allCases.map(\.rawValue))

    /// The `--report` that writes `file`, with the format it was paired with, else the one its extension suggests.
    static func reportAdvice(_ file: String, pairedWith paired: ReportFormat?) -> String {
        "--report \((paired ?? format(suggestedBy: file))?.rawValue ?? "FORMAT")=\(file)"
    }

    /// A `--report` to show for an argument without `=`: a format gets a file, a file gets a format.
    private static func example(for argument: String) -> String {
        if let format = ReportFormat(rawValue: argument) { return "\(format.rawValue)=FILE" }
        if let format = format(suggestedBy: argument) { return "\(format.rawValue)=\(argument)" }
        return "sarif=sealgate.sarif"
    }

    /// The format a file's extension names: `.sarif`, `.json`, `.xml` (JUnit), `.txt`.
    private static func format(suggestedBy file: String) -> ReportFormat? {
        switch URL(fileURLWithPath: file).pathExtension.lowercased() {
        case "sarif": .sarif
        case "json": .json
        case "xml": .junit
        case "txt", "log": .text
        default: nil
        }
    }
}
