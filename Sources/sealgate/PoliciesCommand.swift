// sealgate · CLI

internal import ArgumentParser
internal import Diagnostics
internal import FileIO
internal import KubeManifest
internal import PolicyEngine

/// `sealgate policies`: the policies a check would run, listed (the default) or exported for the API server.
struct PoliciesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policies",
        abstract: "List the active policies, or export them as ValidatingAdmissionPolicies.",
        subcommands: [PoliciesListCommand.self, PoliciesExportCommand.self],
        defaultSubcommand: PoliciesListCommand.self
    )
}

/// `sealgate policies [list]`: the policies a check would run, with their category, severity and description.
struct PoliciesListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the active policies with their category, severity and description."
    )

    @OptionGroup var policyOptions: PolicyOptions
    @OptionGroup(title: "Repository settings") var configOptions: ConfigOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("Output format: text or json.", valueName: "format"))
    var output: OutputFormat = .text

    func run() async throws {
        let settings = try CheckSettings.forPolicies(policyOptions, configOptions)
        let (set, offByDefault) = try await settings.merged(policyOptions).loadWithSelection(places: settings.selectionPlaces)
        let policies = set.policies.sorted { ($0.info.category, $0.info.name) < ($1.info.category, $1.info.name) }
        switch output {
        case .text:
            var rows = [["NAME", "CATEGORY", "SEVERITY", "SCOPE", "TAGS", "DESCRIPTION"]]
            for policy in policies {
                rows.append([
                    policy.info.name, policy.info.category, policy.info.severity.rawValue,
                    policy.usesObjects ? "repository" : "object", policy.info.tags.isEmpty ? "-" : policy.info.tags.joined(separator: ","),
                    policy.info.description,
                ])
            }
            for line in Table.render(rows) { Terminal.out(line) }
            Terminal.out(
                "\(TerminalText.counted(policies.count, "policy", "policies")); scope 'repository' policies read every object (sealgate's `objects`), 'object' ones also run as a ValidatingAdmissionPolicy"
            )
            if !offByDefault.isEmpty {
                let names = offByDefault.map(\.name).sorted().joined(separator: ", ")
                Terminal.out("off by default, run with --enable NAME: \(names)")
            }
        case .json:
            let items: [Value] = policies.map { policy in
                .object([
                    ("name", .string(policy.info.name)), ("category", .string(policy.info.category)),
                    ("severity", .string(policy.info.severity.rawValue)), ("description", .string(policy.info.description)),
                    ("remediation", .string(policy.info.remediation)), ("source", .string(policy.info.source)),
                    ("usesObjects", .bool(policy.usesObjects)), ("origin", .string(policy.origin)),
                    ("tags", .array(policy.info.tags.map { .string($0) })), ("enabledByDefault", .bool(policy.info.enabledByDefault)),
                ])
            }
            let off: [Value] = offByDefault.map { .string($0.name) }
            Terminal.out(try JSONOutput.render(.object([("policies", .array(items)), ("offByDefault", .array(off))])))
        }
    }
}

/// `sealgate policies export`: every selected policy that can run in the API server, as an
/// `admissionregistration.k8s.io/v1` ValidatingAdmissionPolicy and its ValidatingAdmissionPolicyBinding.
struct PoliciesExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the policies that can run in the API server as ValidatingAdmissionPolicies with their bindings.",
        discussion: """
            Each selected policy becomes an admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy and a \
            ValidatingAdmissionPolicyBinding of the same name, in one YAML stream (with -o json, JSON objects \
            one after another), so the rules a check runs before merge also run at admission. The binding's validationActions follow the severity (error: \
            Deny, warning: Warn, info: Audit) unless --action sets one for all. Policies the API server cannot \
            run (they read objects, or use what Kubernetes' CEL does not have) are listed on standard error \
            with the reason. Exits 2 when none can be exported.
            """
    )

    /// `--action`: the binding's `validationActions` for every policy.
    enum Action: String, CaseIterable, ExpressibleByArgument {
        case Deny, Warn, Audit

        var exported: AdmissionExport.Action {
            switch self {
            case .Deny: .deny
            case .Warn: .warn
            case .Audit: .audit
            }
        }
    }

    @OptionGroup var policyOptions: PolicyOptions
    @OptionGroup(title: "Repository settings") var configOptions: ConfigOptions

    @Option(
        help: "The validationActions of every binding: Deny, Warn or Audit (default: by severity, error Deny, warning Warn, info Audit).")
    var action: Action?

    @Option(
        name: [.customShort("w"), .customLong("output-file")],
        help: ArgumentHelp("Write to this file (atomically) instead of standard output.", valueName: "file"))
    var outputPath: String?

    @Option(
        name: .shortAndLong, help: ArgumentHelp("Output format: yaml or json (default: yaml).", valueName: "format"),
        completion: .list(ManifestFormatOption.allCases.map(\.rawValue)))
    var output: String = ManifestFormatOption.yaml.rawValue

    func validate() throws {
        let _: ManifestFormatOption = try OutputFlag.format(output) { "-w \($0)" }
    }

    func run() async throws {
        let settings = try CheckSettings.forPolicies(policyOptions, configOptions)
        let set = try await settings.merged(policyOptions).load(places: settings.selectionPlaces)
        let policies = set.policies.sorted { $0.info.name < $1.info.name }
        var documents: [Node] = []
        var exported = 0
        var skipped = 0
        for policy in policies {
            switch AdmissionExport.export(policy, action: action?.exported) {
            case let .exported(nodes):
                documents += nodes
                exported += 1
            case let .unexportable(reasons):
                skipped += 1
                Terminal.error(TerminalText.oneLine("skipped \(policy.info.name): \(reasons.joined(separator: "; "))"))
            }
        }
        guard exported > 0 else {
            let why =
                switch policies.count {
                case 0: "no policy is selected"
                case 1: "the selected policy cannot run in the API server (the reason is above)"
                default: "none of the \(policies.count) selected policies can run in the API server (the reasons are above)"
                }
            Terminal.error("error: nothing to export: \(why)")
            throw ExitCode.unusableInput
        }
        let format: ManifestFormatOption = try OutputFlag.format(output) { "-w \($0)" }
        // JSON has no comments: the header is YAML's alone.
        let text = (format == .yaml ? header() : "") + (try ManifestOutput.render(documents, format: format))
        try ManifestOutput.write(text, to: outputPath, mode: AtomicFile.publicMode, newline: false)
        Terminal.error(
            "exported \(TerminalText.counted(exported, "policy", "policies")) as ValidatingAdmissionPolicies with their bindings"
                + (outputPath.map { " to \($0)" } ?? "") + (skipped == 0 ? "" : "; \(skipped) cannot run in the API server"))
    }

    /// The comment the stream starts with: who wrote it, and the command that writes it again.
    private func header() -> String {
        let command = (["sealgate", "policies", "export"] + Array(CommandLine.arguments.dropFirst(3))).joined(separator: " ")
        return "# Generated by sealgate \(sealgateVersion): \(TerminalText.oneLine(command))\n"
            + "# The policies that can run in the API server, each as a ValidatingAdmissionPolicy and its binding.\n"
    }
}

/// `sealgate policy …`: working on policies themselves.
struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Work on policies: run their tests.",
        subcommands: [PolicyTestCommand.self]
    )
}

/// `sealgate policy test DIR...`: the PolicyTest documents of DIR against the policies of DIR.
struct PolicyTestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the PolicyTest documents of directories against the policies beside them.",
        discussion: """
            Each PolicyTest names a policy and lists objects with the expected result: pass (no finding of \
            the policy on the object) or fail (at least one). Exits 1 when a case gives another result, 2 \
            when a policy or a test is malformed.
            """
    )

    @Argument(help: ArgumentHelp("Directories or files holding policies and their tests.", valueName: "path"))
    var paths: [String] = []

    @Flag(name: .shortAndLong, help: "List every case, not only the failing ones.")
    var verbose = false

    @Option(help: .hidden)
    var today: CalendarDate?

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("give the directory of the policies to test, such as policies/") }
    }

    func run() async throws {
        let objects = try await PolicyOptions.loadDocuments(paths)
        let results: [PolicyTests.CaseResult]
        do throws(PolicyError) {
            let policies = try PolicyLoader.load(objects.filter { PolicyLoader.policyKinds.contains($0.kind) })
            let today = today ?? PolicyOptions.today
            results = try await BlockingWork.run { () throws(PolicyError) in try PolicyTests.run(objects, policies: policies, today: today)
            }
        } catch {
            Terminal.error(ErrorHints.message(for: error))
            throw ExitCode.unusableInput
        }
        guard !results.isEmpty else {
            Terminal.error("error: no PolicyTest documents in \(paths.joined(separator: ", ")); see `sealgate policy test --help`")
            throw ExitCode.unusableInput
        }
        for result in results where verbose || !result.passed {
            let place = result.location.withoutColumn
            if let problem = result.problem {
                Terminal.out(TerminalText.oneLine("FAIL \(result.test): \(result.name) (\(place)): \(problem)"))
                for message in result.messages { Terminal.out("     finding: " + TerminalText.oneLine(message)) }
            } else {
                Terminal.out(TerminalText.oneLine("ok   \(result.test): \(result.name)"))
            }
        }
        let failed = results.filter { !$0.passed }.count
        let tests = Set(results.map(\.test)).count
        Terminal.out(
            "\(results.count - failed) of \(TerminalText.counted(results.count, "case")) passed in \(TerminalText.counted(tests, "test"))"
                + (failed == 0 ? "" : "; \(failed) failed"))
        if failed > 0 { throw ExitCode.foundProblem }
    }
}
