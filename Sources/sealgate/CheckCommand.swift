// sealgate · CLI

internal import Diagnostics
internal import ArgumentParser
internal import CEL
internal import FileIO
internal import Foundation
internal import KubeManifest
internal import PolicyEngine

/// `sealgate check PATH...`: every object of the manifests against the policies, as CI runs it.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check manifests against the built-in policy pack and your own policies.",
        discussion: """
            Directories are searched recursively for YAML and JSON files; - reads standard input. Without a \
            path, check reads the paths of .sealgate.yaml (found from the working directory up to the \
            repository's top), or the working directory; flags override its settings. -o prints the report \
            in one format on standard output; each --report FORMAT=FILE also writes one to a file. \
            Exits 1 when a finding at or above --fail-on is not waived (a manifest that does not parse is a \
            parse-error finding), 2 when an input or a policy is unusable. Waive a finding with the \
            annotation ignore.sealgate.dev/<policy>: "<reason>" or a PolicyException (in --policies or among \
            the checked manifests).
            """
    )

    @Argument(
        help: ArgumentHelp(
            "Files or directories to check, or - for standard input (default: check.paths of .sealgate.yaml, or .).", valueName: "path"))
    var paths: [String] = []

    @OptionGroup var policyOptions: PolicyOptions

    @OptionGroup(title: "Repository settings") var configOptions: ConfigOptions

    @OptionGroup(title: "Checking a change") var change: ChangeOptions

    @OptionGroup(title: "Rendered manifests") var render: RenderOptions

    @OptionGroup(title: "Reports") var reports: CheckReports

    @Option(name: .customLong("fail-on"), help: "The lowest severity that fails the check: error, warning or info (default: error).")
    var failOn: Severity?

    @Flag(name: .shortAndLong, help: "Also list waived findings, with their reasons, and symbolic links skipped as loops.")
    var verbose = false

    @Option(help: .hidden)
    var today: CalendarDate?

    func validate() throws {
        try ManifestSources(paths).validate()
        if change.isActive, paths.contains("-") {
            throw ValidationError(
                "standard input has no base revision to compare with; give the files or directories of the repository to check")
        }
    }

    func run() async throws {
        let settings = try CheckSettings.forCheck(
            paths: paths, options: policyOptions, failOn: failOn, render: render, configOptions: configOptions)
        try settings.validateRendering()
        let paths = settings.paths.value
        let policyOptions = settings.merged(policyOptions)
        var policies = try await policyOptions.loadForCheck(places: settings.selectionPlaces)
        // Standard input over the size limit is the same problem as a file over it: a parse-error finding.
        // `helm template … | sealgate check -` where helm failed: nothing checked must not pass.
        var changed: ChangeCheck.Loaded?
        let loaded: LoadedManifests
        if change.isActive {
            var changeCheck = ChangeCheck(paths: paths, options: change)
            changeCheck.exclusion = settings.exclusion
            changeCheck.loader.limits = settings.limits
            changeCheck.rendering = settings.rendering
            changed = try await changeCheck.load(verbose: verbose)
            loaded = changed!.head
        } else {
            var sources = ManifestSources(paths)
            sources.exclusion = settings.exclusion
            sources.loader.limits = settings.limits
            sources.rendering = settings.rendering
            loaded = try await sources.load(verbose: verbose, refusingBlankStandardInput: "pipe manifests into sealgate check -")
        }
        for problem in loaded.result.inputErrors { Terminal.error(problem.description) }
        guard loaded.result.inputErrors.isEmpty else { throw ExitCode.unusableInput }
        if loaded.fileCount == 0 {
            Terminal.error("notice: no .yaml, .yml or .json files in \(paths.joined(separator: ", ")); nothing was checked")
        }
        var objects = try repositoryObjects(loaded.objects, policyPaths: policyOptions.policyPaths, policies: &policies)
        // The parameters of .sealgate.yaml, as the ConfigMaps the pack reads; at the base too, when comparing.
        let generated = settings.parameterObjects(among: objects)
        objects += generated
        if changed != nil { changed!.base.objects += generated }
        try refuseReportsOverInputs(manifests: loaded.result.files.map(\.file.path), policies: policies)

        let (parseErrors, fileCount) = (loaded.parseErrors, loaded.fileCount)
        let options = CheckOptions(today: today ?? PolicyOptions.today, concurrency: ProcessInfo.processInfo.activeProcessorCount)
        let checked = await BlockingWork.run { [policies, changed, objects] in
            guard let changed else {
                return Checker.check(objects, policies: policies, parseErrors: parseErrors, fileCount: fileCount, options: options)
            }
            var base = changed.base
            base.objects = PolicyLoader.separateSealgateDocuments(base.objects).objects
            var report = Checker.check(
                objects, against: base, policies: policies, parseErrors: parseErrors, fileCount: fileCount, options: options)
            report.change = changed.context
            return report
        }
        let report = settings.removingGenerated(generated.count, from: checked)

        // The files first: a report that cannot be written ends the run before standard output claims success.
        for file in try reports.files() {
            let plain = ReportOptions(color: false, toolVersion: sealgateVersion, verbose: verbose)
            let text = Reporter.render(report, as: file.format, options: plain)
            try AtomicFile.write(Array(text.utf8), to: file.path, mode: AtomicFile.publicMode)
        }
        let shown = try reports.standardOutput()
        let styled = ReportOptions(color: shown == .text && Terminal.isColorTerminal, toolVersion: sealgateVersion, verbose: verbose)
        let text = Reporter.render(report, as: shown, options: styled)
        Terminal.write(text.hasSuffix("\n") || text.isEmpty ? text : text + "\n")
        if shown != .text {
            // A machine format went to standard output: the summary goes to standard error for the log.
            let counts = report.severityCounts
            var line =
                "sealgate check: \(TerminalText.counted(counts.errors, "error")), \(TerminalText.counted(counts.warnings, "warning")), \(counts.info) info in \(TerminalText.counted(report.objectCount, "object"))"
            if let change = report.changeSummary { line += "; \(change)" }
            Terminal.error(line)
        }
        if report.fails(at: settings.failOn.value) { throw ExitCode.foundProblem }
    }

    /// The objects to check, without sealgate's own documents found among them.
    ///
    /// A PolicyException in the checked tree is applied: it is part of the repository and reviewed like
    /// the rest (as a waiver annotation is), and checking it as an object would only count it. A Policy
    /// there is not run, since which policies run is the invocation's choice (`--policies`), and the
    /// notice says so because a policy that silently never runs is what this guards against. Documents
    /// under a `--policies` path were loaded as policies already and are only left out.
    private func repositoryObjects(_ loaded: [KubeObject], policyPaths: [String], policies: inout PolicySet) throws -> [KubeObject] {
        let (objects, documents) = PolicyLoader.separateSealgateDocuments(loaded)
        let policyRoots = policyPaths.map(Self.canonicalPath)
        var exceptions: [KubeObject] = []
        for document in documents {
            let path = Self.canonicalPath(document.origin.location.file.path)
            if policyRoots.contains(where: { path == $0 || path.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") }) { continue }
            let place = "\(document.origin.location): notice: \(document.kind) '\(document.name ?? "")'"
            switch document.kind {
            case "PolicyException":
                exceptions.append(document)
                if verbose { Terminal.error("\(place) is among the checked manifests: it is applied, not checked as an object") }
            case "Policy":
                Terminal.error("\(place) is among the checked manifests and does not run; pass its file or directory with --policies")
            default:
                if verbose { Terminal.error("\(place) is sealgate configuration, not an object to check; it is ignored") }
            }
        }
        do {
            policies.exceptions += try PolicyLoader.load(exceptions, timeZones: .fromProcessEnvironment).exceptions
        } catch {
            Terminal.error(ErrorHints.message(for: error))
            throw ExitCode.unusableInput
        }
        return objects
    }

    /// Ends the command before anything runs when a `--report` would replace a file this check reads (a
    /// manifest or a policy file; a typo such as `--report sarif=deploy.yaml` would destroy it), or when two
    /// `--report`s are one file through a link (the second report would replace the first).
    private func refuseReportsOverInputs(manifests: [String], policies: PolicySet) throws {
        let policyFiles = policies.policies.map(\.info.source) + policies.exceptions.map(\.location.file.path)
        var inputs: [[Int]: String] = [:]
        for path in policyFiles { if let identity = Self.identity(path) { inputs[identity] = "a policy file" } }
        for path in manifests { if let identity = Self.identity(path) { inputs[identity] = "a manifest" } }
        var written: [[Int]: String] = [:]
        for file in try reports.files() {
            // A file that does not exist yet is no input; two --reports naming it were refused by validate().
            guard let identity = Self.identity(file.path) else { continue }
            if let input = inputs[identity] {
                Terminal.error(
                    "\(file.path): error: --report \(file.argument) names \(input) this check reads, which the report would replace; write the report to another file"
                )
                throw ExitCode.unusableInput
            }
            if let first = written[identity] {
                Terminal.error(
                    "\(file.path): error: --report \(file.argument) names the same file as --report \(first), so one report would replace the other; give each report its own file"
                )
                throw ExitCode.unusableInput
            }
            written[identity] = file.argument
        }
    }

    /// The device and inode of the file at `path`, through symbolic links; nil when there is none.
    private static func identity(_ path: String) -> [Int]? {
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: resolved),
            let device = (attributes[.systemNumber] as? NSNumber)?.intValue,
            let inode = (attributes[.systemFileNumber] as? NSNumber)?.intValue
        else { return nil }
        return [device, inode]
    }

    /// `path` absolute, with symbolic links resolved, so `./policies` and `policies/x.yaml` compare.
    private static func canonicalPath(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
}
