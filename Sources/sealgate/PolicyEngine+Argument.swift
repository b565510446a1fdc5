// sealgate · CLI

// A conformance of a library type is visible to the whole module, so these imports are public.
public import ArgumentParser
public import PolicyEngine

/// `-o` and `--report` formats: text, json, sarif, junit, github.
extension ReportFormat: ExpressibleByArgument {}

/// `--fail-on error|warning|info`.
extension Severity: ExpressibleByArgument {}

extension CalendarDate: ExpressibleByArgument {
    /// `--today YYYY-MM-DD`.
    public init?(argument: String) {
        self.init(parsing: argument)
    }
}
