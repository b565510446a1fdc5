// sealgate · benchmarks

internal import ArgumentParser

/// `sealgate-bench`: measures sealgate against a reference taken in the same run (release builds only
/// give meaningful figures: `swift run -c release sealgate-bench load`).
@main
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sealgate-bench",
        abstract: "Benchmarks for sealgate; each case prints its own figures beside a reference measured in the same run.",
        subcommands: [
            LoadBenchmark.self, SealBenchmark.self, UnsealBenchmark.self, CELBenchmark.self, CheckBenchmark.self, CheckBaseBenchmark.self,
            GitBenchmark.self, AuditBenchmark.self, SidecarBenchmark.self,
        ]
    )
}

/// Options every benchmark case shares.
struct CommonOptions: ParsableArguments {
    @Option(help: "How many times to run each measurement; the fastest run is reported.")
    var runs = 5

    func validate() throws {
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
    }
}
