// sealgate · CLI tests

import Foundation
import Testing

@testable import sealgate

/// One flag convention: `-o/--output FORMAT` is what standard output shows, on every command; a file is
/// written by `check --report FORMAT=FILE` or `-w FILE`. Parsed in process, as `sealgate` parses them.
struct OutputFlagTests {
    static let formats = "text, json, sarif, junit or github"

    @Test(
        "what check takes for its reports",
        arguments: [
            ["-o", "sarif"], ["--output", "json"], ["--format", "junit"], ["--format", "json", "-o", "json"],
            ["--report", "sarif=sealgate.sarif"], ["-o", "github", "--report", "sarif=sealgate.sarif", "--report", "junit=reports/j.xml"],
            ["--report", "json=a.json", "--report", "json=b.json"], ["--report", "text=out=put.txt"],
        ])
    func checkAccepts(_ flags: [String]) {
        #expect(Sealgate.usageProblem(["check", "."] + flags) == nil)
    }

    @Test(
        "what check refuses, each with the argument named and what to write instead",
        arguments: [
            (
                ["-o", "sealgate.sarif"],
                "--output takes a format now (\(formats)), not a file; to write 'sealgate.sarif' use --report sarif=sealgate.sarif"
            ),
            (
                ["--output", "reports/out"],
                "--output takes a format now (\(formats)), not a file; to write 'reports/out' use --report FORMAT=reports/out"
            ),
            (
                ["--format", "json", "--output", "out.yaml"],
                "--output takes a format now (\(formats)), not a file; to write 'out.yaml' use --report json=out.yaml"
            ),
            (
                ["--format", "sarif", "--output", "report.xml"],
                "--output takes a format now (\(formats)), not a file; to write 'report.xml' use --report sarif=report.xml"
            ),
            (["-o", "xml"], "--output 'xml' is not a format; give \(formats)"),
            (["--format", "yaml"], "--format 'yaml' is not a format; give \(formats)"),
            (
                ["-o", "json", "--format", "sarif"],
                "standard output takes one report, and --output json and --format sarif ask for 2; keep -o json and write the others to files: --report sarif=FILE"
            ),
            (
                ["--format", "github", "--format", "sarif", "--format", "junit"],
                "standard output takes one report, and --format github, --format sarif and --format junit ask for 3; keep -o github and write the others to files: --report sarif=FILE --report junit=FILE"
            ),
            (["--report", "sarif"], "--report 'sarif' is not FORMAT=FILE; write it as --report sarif=FILE"),
            (["--report", "out.sarif"], "--report 'out.sarif' is not FORMAT=FILE; write it as --report sarif=out.sarif"),
            (["--report", "out"], "--report 'out' is not FORMAT=FILE; write it as --report sarif=sealgate.sarif"),
            (["--report", "xml=out.xml"], "--report 'xml=out.xml': 'xml' is not a format; give \(formats) before the '='"),
            (["--report", "json="], "--report 'json=' names no file; write it as --report json=FILE"),
            (["--report", "json=-"], "--report 'json=-': '-' is standard output, which -o prints; use -o json"),
            (
                ["--report", "json=out/a.json", "--report", "sarif=out/../out/a.json"],
                "--report json=out/a.json and --report sarif=out/../out/a.json name one file, so one report would replace the other; give each report its own file"
            ),
        ])
    func checkRefuses(_ flags: [String], message: String) {
        #expect(Sealgate.usageProblem(["check", "."] + flags) == message)
    }

    @Test("audit: -o, or --format as before; two different formats are refused")
    func audit() {
        #expect(Sealgate.usageProblem(["audit", "-o", "json"]) == nil)
        #expect(Sealgate.usageProblem(["audit", "--format", "json"]) == nil)
        #expect(Sealgate.usageProblem(["audit", "--output", "json", "--format", "json"]) == nil)
        #expect(
            Sealgate.usageProblem(["audit", "-o", "json", "--format", "text"])
                == "-o json and --format text ask for two reports on standard output; give -o once")
    }

    @Test("policies export: -o yaml|json and -w FILE; --output with a file says to use -w")
    func export() {
        #expect(Sealgate.usageProblem(["policies", "export", "-o", "json", "-w", "vap.json"]) == nil)
        #expect(Sealgate.usageProblem(["policies", "export", "--output-file", "admission/rbac.yaml"]) == nil)
        #expect(
            Sealgate.usageProblem(["policies", "export", "--output", "admission/rbac.yaml"])
                == "--output takes a format now (yaml or json), not a file; to write 'admission/rbac.yaml' use -w admission/rbac.yaml")
        #expect(Sealgate.usageProblem(["policies", "export", "-o", "text"]) == "--output 'text' is not a format; give yaml or json")
    }

    @Test(
        "every command that prints for people or machines takes -o FORMAT",
        arguments: [
            ["objects", "-o", "json", "x.yaml"], ["policies", "-o", "json"], ["policies", "list", "-o", "json"], ["version", "-o", "json"],
            ["config", "show", "-o", "json"], ["seal", "-o", "json", "-f", "s.yaml", "--cert", "c.pem"], ["audit", "-o", "json"],
        ])
    func everyCommand(_ arguments: [String]) {
        #expect(Sealgate.usageProblem(arguments) == nil)
    }

    @Test("policies export -o json writes the objects as JSON, without the YAML header")
    func exportJSON() throws {
        let result = try CLI.run(["policies", "export", "--enable", "workloads-no-default-namespace", "-o", "json"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("{\n"))
        #expect(result.stdout.contains(#""kind": "ValidatingAdmissionPolicyBinding""#))
    }

    @Test("a --report that cannot be written ends the check with exit 2 before standard output")
    func unwritableReport() throws {
        let result = try CLI.run(["check", "testdata/example-repo/namespaces.yaml", "--report", "json=no/such/dir/report.json"])
        #expect(result.exitCode == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("no/such/dir/report.json"), "\(result.stderr)")
    }
}
