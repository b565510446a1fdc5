// sealgate · CLI

internal import ArgumentParser
internal import Foundation
internal import KubeManifest
internal import PolicyEngine
internal import SealedSecrets

/// `sealgate check PATH...`: every object of the manifests against the policies, as CI runs it.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check manifests against the built-in policy pack and your own policies.",
        discussion: """
            Directories are searched recursively for YAML and JSON files; - reads standard input. Each \
            --format writes to the --output at the same position, or to standard output when it has none. \
            Exits 1 when a finding at or above --fail-on is not waived, 2 when an input or a policy is \
            unusable. Waive a finding with the annotation ignore.sealgate.dev/<policy>: "<reason>" or a \
            PolicyException.
            """
    )

    @Argument(help: ArgumentHelp("Files or directories to check, or - for standard input.", valueName: "path"))
    var paths: [String] = []

    @OptionGroup var policyOptions: PolicyOptions

    @Option(help: ArgumentHelp("Report format: text, json, sarif, junit or github. Repeatable.", valueName: "format"))
    var format: [ReportFormat] = []

    @Option(name: .customLong("output"), help: ArgumentHelp("Write the report of the --format at the same position to this file. Repeatable.", valueName: "file"))
    var outputs: [String] = []

    @Option(name: .customLong("fail-on"), help: "The lowest severity that fails the check: error, warning or info.")
    var failOn: Severity = .error

    @Flag(name: .shortAndLong, help: "Also list waived findings, with their reasons, and symbolic links skipped as loops.")
    var verbose = false

    @Option(help: .hidden)
    var today: String?

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("give at least one file or directory to check, or - for standard input") }
        guard paths.filter({ $0 == "-" }).count <= 1 else { throw ValidationError("'-' (standard input) can be given only once") }
        guard outputs.count <= max(format.count, 1) else {
            throw ValidationError("there are more --output files (\(outputs.count)) than --format options (\(format.count)); pair each --output with a --format")
        }
        if format.count - outputs.count > 1 {
            throw ValidationError("only one --format can go to standard output; give the others an --output file")
        }
    }

    func run() async throws {
        let policies = try await policyOptions.load()
        let loader = ManifestLoader()
        var inputs: [ManifestInput] = []
        for path in paths {
            inputs.append(path == "-" ? .content(name: "-", bytes: try StandardInput.read(limit: loader.limits.maxFileSize)) : .path(path))
        }
        let loaded = await loader.load(inputs)
        Terminal.notices(of: loaded, verbose: verbose)
        for problem in loaded.inputErrors { Terminal.error(problem.description) }
        guard loaded.inputErrors.isEmpty else { throw ExitCode.unusableInput }

        let report = Checker.check(
            loaded.objects, policies: policies, parseErrors: loaded.parseErrors, fileCount: loaded.files.count,
            options: CheckOptions(today: today ?? PolicyOptions.today, concurrency: ProcessInfo.processInfo.activeProcessorCount))

        let formats = format.isEmpty ? [ReportFormat.text] : format
        for (index, reportFormat) in formats.enumerated() {
            let path = index < outputs.count ? outputs[index] : nil
            let options = ReportOptions(
                color: path == nil && reportFormat == .text && Terminal.isColorTerminal, toolVersion: sealgateVersion, verbose: verbose)
            let text = Reporter.render(report, as: reportFormat, options: options)
            if let path {
                try AtomicFile.write(Array(text.utf8), to: path, mode: AtomicFile.publicMode)
            } else {
                Terminal.write(text.hasSuffix("\n") || text.isEmpty ? text : text + "\n")
            }
        }
        if !formats.contains(.text) || outputs.count == formats.count {
            // Machine formats went to files or stdout: the summary goes to standard error for the log.
            let counts = report.severityCounts
            func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
            Terminal.error("sealgate check: \(count(counts.errors, "error")), \(count(counts.warnings, "warning")), \(counts.info) info in \(count(report.objectCount, "object"))")
        }
        if report.fails(at: failOn) { throw ExitCode.foundProblem }
    }
}
