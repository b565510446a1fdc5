// sealgate · CLI

internal import ArgumentParser
internal import CEL
internal import Diagnostics
internal import Foundation
internal import KubeManifest
internal import PolicyEngine

/// Which policies run: the built-in pack, more from files, and a selection by name, category or tag.
struct PolicyOptions: ParsableArguments {
    @Option(
        name: .customLong("policies"),
        help: ArgumentHelp(
            "A policy file or directory (sealgate Policy, PolicyException, ValidatingAdmissionPolicy and its bindings). Repeatable.",
            valueName: "path"))
    var policyPaths: [String] = []

    @Flag(name: .customLong("no-builtin"), help: "Do not load the built-in policy pack; only --policies.")
    var noBuiltin = false

    @Option(
        name: .customLong("enable"),
        help: ArgumentHelp(
            "Run only these policies, categories or tags (pss-baseline, pss-restricted), off-by-default ones included. Repeatable.",
            valueName: "name|category|tag"))
    var enabled: [String] = []

    @Option(
        name: .customLong("disable"),
        help: ArgumentHelp("Do not run these policies, categories or tags. Repeatable.", valueName: "name|category|tag")
    )
    var disabled: [String] = []

    func validate() throws {
        if noBuiltin, policyPaths.isEmpty {
            throw ValidationError("--no-builtin leaves no policies; add --policies DIR")
        }
    }

    /// The selected policies and every exception; a policy that does not load ends the command with exit 2.
    func load(places: [String: SourceLocation] = [:]) async throws -> PolicySet {
        try await loadWithSelection(places: places).selected
    }

    /// The selected policies, and the policies that are off by default and were not selected, which
    /// `sealgate policies` names so that a user can find them. An unknown name in `places` (written in a
    /// settings file) is reported at its place there.
    func loadWithSelection(places: [String: SourceLocation] = [:]) async throws -> (selected: PolicySet, offByDefault: [PolicyInfo]) {
        var set = PolicySet()
        do {
            // Compiling policies is CEL work: off the cooperative pool, like evaluating them.
            if !noBuiltin {
                set = try await BlockingWork.run { () throws(PolicyError) in try BuiltinPolicies.load(timeZones: .fromProcessEnvironment) }
            }
            if !policyPaths.isEmpty {
                let objects = try await Self.loadDocuments(policyPaths)
                let documents = objects.filter { PolicyLoader.policyKinds.contains($0.kind) }
                let loaded = try await BlockingWork.run { () throws(PolicyError) in
                    try PolicyLoader.load(documents, timeZones: .fromProcessEnvironment)
                }
                // Replacing a built-in by name is allowed (a team's stricter variant), but never silently.
                for replaced in set.merge(loaded) {
                    // Point at the name, the thing to change; the document's start when it cannot be found.
                    let document = objects.first { $0.origin.location == replaced.replacement.location }
                    let place = document?.root["metadata"]?["name"]?.location ?? replaced.replacement.location
                    Terminal.error(
                        "\(place): notice: policy '\(replaced.replaced.name)' replaces the built-in policy of the same name (\(replaced.replaced.source)); rename it to run both"
                    )
                }
            }
        } catch let error as PolicyError {
            Terminal.error(ErrorHints.message(for: error))
            throw ExitCode.unusableInput
        }
        let selection = set.selecting(enabled: enabled, disabled: disabled)
        if let name = selection.unknown.first {
            Terminal.error(
                "\(places[name].map { "\($0): " } ?? "")error: no policy, category or tag is called '\(name)'; `sealgate policies` lists them"
            )
            throw ExitCode.unusableInput
        }
        let selectedNames = Set(selection.set.policies.map(\.info.name))
        return (selection.set, set.offByDefault.filter { !selectedNames.contains($0.name) })
    }

    /// The selected policies, which must be at least one: a check against nothing "finds no problems",
    /// and exit 0 would tell CI the repository passed.
    func loadForCheck(places: [String: SourceLocation] = [:]) async throws -> PolicySet {
        let set = try await load(places: places)
        guard set.policies.isEmpty else { return set }
        if !enabled.isEmpty || !disabled.isEmpty {
            Terminal.error("error: --enable and --disable leave no policies to check against; `sealgate policies` lists them")
        } else {
            Terminal.error(
                "error: no policies to check against: --policies \(policyPaths.joined(separator: ", ")) holds no Policy or ValidatingAdmissionPolicy; pass --policies DIR with policies or drop --no-builtin"
            )
        }
        throw ExitCode.unusableInput
    }

    /// The objects of `paths` (where `-` is a file, not standard input); an input that is missing or does
    /// not parse ends the command with exit 2.
    static func loadDocuments(_ paths: [String]) async throws -> [KubeObject] {
        try await ManifestSources(paths, standardInput: false).loadObjects()
    }

    /// Today in UTC, against which exceptions expire.
    static var today: CalendarDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: Date())
        // The system clock always names a real day; the fallback only keeps the types honest.
        return CalendarDate(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1) ?? "1970-01-01"
    }
}
