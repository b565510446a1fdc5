// sealgate · CLI tests

import Foundation
import Diagnostics
import KubeManifest
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The recipes people copy: `.pre-commit-hooks.yaml`, `docs/ci/github-actions.yml` and
/// `docs/ci/gitlab-ci.yml`. Each test reads the file, takes its very commands (a renamed flag there fails
/// here), and runs them as pre-commit or the CI runner would, on a repository made and cloned the way that
/// tool makes it.
struct CIRecipesTests {
    typealias Repository = CheckBaseTests.Repository

    // MARK: - pre-commit

    @Test func eachPreCommitHookFailsOnAStagedNewFindingAndPassesACleanChange() throws {
        let hooks = try #require(try Self.recipe(".pre-commit-hooks.yaml").list)
        let ids = hooks.compactMap { $0["id"]?.string }
        #expect(ids.contains("sealgate-check") && ids.contains("sealgate-audit"))
        for hook in hooks {
            let id = hook["id"]?.string ?? "?"
            for key in ["id", "name", "entry", "language"] {
                #expect(hook[key]?.string?.isEmpty == false, "hook \(id) has no \(key)")
            }
            #expect(hook["language"]?.string == "system", "hook \(id): sealgate is installed, not built by pre-commit")
            // It runs when a commit is made; the index is what --staged reads.
            #expect(hook["stages"]?.list?.compactMap(\.string).contains("pre-commit") ?? true, "hook \(id)")

            // A Secret with its values in plain text, staged: new for check, a plaintext value for an audit.
            let violating = try CheckBaseTests.repositoryWithOldViolation()
            try violating.write(
                "apps/db.yaml",
                """
                apiVersion: v1
                kind: Secret
                metadata: {name: db, namespace: shop}
                stringData: {password: not-a-real-one}

                """)
            try violating.git("add", "apps/db.yaml")
            let failed = try #require(try Self.runHook(hook, in: violating), "hook \(id) did not run on a staged manifest")
            #expect(failed.exitCode == 1, "hook \(id): \(failed.stdout)\(failed.stderr)")

            // Old findings (web uses latest) do not stop a commit that brings none.
            let clean = try CheckBaseTests.repositoryWithOldViolation()
            try clean.write("apps/api.yaml", CheckBaseTests.deployment("api", image: "api:1.1"))
            try clean.git("add", "apps/api.yaml")
            let passed = try #require(try Self.runHook(hook, in: clean), "hook \(id) did not run on a staged manifest")
            #expect(passed.exitCode == 0, "hook \(id): \(passed.stdout)\(passed.stderr)")
        }
    }

    @Test func theCheckHookRunsOnlyWhenAManifestIsStaged() throws {
        let hooks = try #require(try Self.recipe(".pre-commit-hooks.yaml").list)
        let hook = try #require(hooks.first { $0["id"]?.string == "sealgate-check" })
        let repository = try CheckBaseTests.repositoryWithOldViolation()
        try repository.write("README.md", "# apps\n")
        try repository.git("add", "README.md")
        #expect(try Self.runHook(hook, in: repository) == nil)
        try repository.write(
            "apps/settings.json", #"{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "s", "namespace": "shop"}}"#)
        try repository.git("add", "apps/settings.json")
        #expect(try Self.runHook(hook, in: repository)?.exitCode == 0)
    }

    /// Runs `hook` as pre-commit does at the repository's root: it picks the staged files (deletions left
    /// out) that `files` matches and `exclude` does not, skips the hook when there are none (nil) unless
    /// `always_run`, and runs `entry` (split as shlex splits it), then `args`, then the files unless
    /// `pass_filenames: false`.
    static func runHook(_ hook: Node, in repository: Repository) throws -> CLIResult? {
        let staged = try repository.git("diff", "--staged", "--name-only", "--diff-filter=ACMRTUXB")
            .split(separator: "\n").map(String.init)
        let files = try NSRegularExpression(pattern: hook["files"]?.string ?? "")
        let exclude = try NSRegularExpression(pattern: hook["exclude"]?.string ?? "^$")
        let matching = staged.filter { name in
            let range = NSRange(name.startIndex..., in: name)
            return files.firstMatch(in: name, range: range) != nil && exclude.firstMatch(in: name, range: range) == nil
        }
        let alwaysRun = hook["always_run"]?.value == .bool(true)
        guard !matching.isEmpty || alwaysRun else { return nil }

        let entry = try #require(hook["entry"]?.string)
        #expect(!entry.contains("\"") && !entry.contains("'") && !entry.contains("\\"), "an entry with quoting needs shlex's rules")
        var command = entry.split(separator: " ").map(String.init)
        command += hook["args"]?.list?.compactMap(\.string) ?? []
        if hook["pass_filenames"]?.value != .bool(false) { command += matching }
        return try CLI.run(
            command, in: repository.root, environment: Self.runnerEnvironment, executable: URL(fileURLWithPath: "/usr/bin/env"))
    }

    // MARK: - GitHub Actions

    @Test func theGitHubWorkflowFailsOnWhatThePullRequestBringsAndWritesSARIF() throws {
        let workflow = try Self.GitHubWorkflow()
        let origin = try CheckBaseTests.repositoryWithOldViolation()
        try Self.commit(in: origin, on: "feature", "apps/api.yaml", CheckBaseTests.deployment("api", image: "api:latest"))
        let clone = try workflow.checkOut(pullRequest: 1, of: origin)

        let result = try Self.runStep(workflow.check, in: clone.root)
        #expect(result.exitCode == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains(": 1 new, 0 updated, "))
        // The annotations: the new finding only, none for what main already had.
        let annotations = result.stdout.split(separator: "\n").filter { $0.hasPrefix("::") }
        #expect(annotations.count == 1)
        #expect(annotations.first?.hasPrefix("::error file=apps/api.yaml,line=11,col=11,title=images-no-latest-tag::") == true)

        let results = try Self.sarifResults(clone.root.appendingPathComponent(workflow.sarifFile))
        let states = results.map { "\($0.rule) \($0.uri) \($0.state)" }
        #expect(states.filter { $0.hasSuffix(" new") } == ["images-no-latest-tag apps/api.yaml new"])
        #expect(states.contains("images-no-latest-tag apps/web.yaml unchanged"))
        #expect(Set(results.map(\.state)) == ["new", "unchanged"])
    }

    @Test func theGitHubWorkflowPassesAPullRequestThatBringsNothingNew() throws {
        let workflow = try Self.GitHubWorkflow()
        let origin = try CheckBaseTests.repositoryWithOldViolation()
        try Self.commit(in: origin, on: "feature", "apps/api.yaml", CheckBaseTests.deployment("api", image: "api:1.1"))
        let clone = try workflow.checkOut(pullRequest: 7, of: origin)

        let result = try Self.runStep(workflow.check, in: clone.root)
        #expect(result.exitCode == 0, "\(result.stdout)\(result.stderr)")
        #expect(!result.stdout.contains("::"))
        let results = try Self.sarifResults(clone.root.appendingPathComponent(workflow.sarifFile))
        #expect(!results.isEmpty && results.allSatisfy { $0.state == "unchanged" })
    }

    @Test func theReadmeSnippetRunsTheWorkflowsCommandAtItsDepth() throws {
        let workflow = try Self.GitHubWorkflow()
        let readme = try String(contentsOf: CLI.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.range(of: "## Checking a pull request\n"))
        let start = try #require(readme.range(of: "```yaml\n", range: section.upperBound..<readme.endIndex))
        let end = try #require(readme.range(of: "```", range: start.upperBound..<readme.endIndex))
        let snippet = try #require(
            try ManifestParser.documents(in: String(readme[start.upperBound..<end.lowerBound]), file: SourceFile(path: "README.md")).first?
                .root)
        let steps = try #require(snippet["jobs"]?["check"]?["steps"]?.list)
        // The workflow's command, its continuation lines joined as bash joins them.
        let command = workflow.check.replacingOccurrences(of: #"\s*\\\n\s*"#, with: " ", options: .regularExpression)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(steps.compactMap { $0["run"]?.string } == [command])
        let checkout = steps.first { $0["uses"]?.string?.hasPrefix("actions/checkout@") == true }
        #expect(Self.scalar(checkout?["with"]?["fetch-depth"]) == workflow.depth)
    }

    /// What the tests take from `docs/ci/github-actions.yml`.
    struct GitHubWorkflow {
        /// The `run` of the step that runs `sealgate check`.
        let check: String
        /// actions/checkout's `fetch-depth`.
        let depth: String
        /// The file upload-sarif uploads.
        let sarifFile: String

        init() throws {
            let steps = try #require(try CIRecipesTests.recipe("docs/ci/github-actions.yml")["jobs"]?["check"]?["steps"]?.list)
            func step(using action: String) throws -> Node {
                try #require(steps.first { $0["uses"]?.string?.hasPrefix(action + "@") == true }, "no step uses \(action)")
            }
            let checks = steps.compactMap { $0["run"]?.string }.filter { $0.contains("sealgate check") }
            #expect(checks.count == 1)
            check = try #require(checks.first)
            depth = try #require(CIRecipesTests.scalar(try step(using: "actions/checkout")["with"]?["fetch-depth"]))
            sarifFile = try #require(try step(using: "github/codeql-action/upload-sarif")["with"]?["sarif_file"]?.string)
        }

        /// A clone of `origin` as actions/checkout makes it for a `pull_request` event: GitHub's merge
        /// commit of the branch checked out (`feature` into `main`, `git merge --no-ff`), fetched by its
        /// SHA at the workflow's depth into a new repository and checked out detached.
        func checkOut(pullRequest number: Int, of origin: Repository) throws -> Repository {
            try origin.git("checkout", "-q", "--detach", "main")
            try origin.git("merge", "-q", "--no-ff", "feature", "-m", "Merge pull request #\(number)")
            let merge = try origin.git("rev-parse", "HEAD")
            try origin.git("update-ref", "refs/pull/\(number)/merge", merge)
            try origin.git("checkout", "-q", "feature")

            let clone = try Repository()
            try clone.git("remote", "add", "origin", "file://\(origin.root.path)")
            try clone.git(
                "fetch", "-q", "--no-tags", "--prune", "--no-recurse-submodules", "--depth=\(depth)", "origin",
                "+\(merge):refs/remotes/pull/\(number)/merge")
            try clone.git("checkout", "-q", "--force", "refs/remotes/pull/\(number)/merge")
            return clone
        }
    }

    // MARK: - GitLab CI

    @Test func theGitLabJobChecksTheMergeRequestAgainstItsDiffBaseAndWritesJUnit() throws {
        let job = try Self.GitLabJob()
        let origin = try CheckBaseTests.repositoryWithOldViolation()
        try Self.commit(in: origin, on: "feature", "apps/api.yaml", CheckBaseTests.deployment("api", image: "api:latest"))
        try Self.commit(
            in: origin, on: "feature", "apps/api.yaml", CheckBaseTests.deployment("api", image: "api:latest") + "# a second commit\n")
        // main fixed web after the branch left it: compared with main's tip, the branch would bring web back.
        try Self.commit(in: origin, on: "main", "apps/web.yaml", CheckBaseTests.deployment("web", image: "nginx:1.27"))
        let (clone, variables) = try job.checkOut(mergeRequestOf: origin)

        let result = try Self.runStep(job.script, in: clone.root, variables: variables)
        #expect(result.exitCode == 1, "\(result.stdout)\(result.stderr)")
        #expect(
            result.stdout.hasPrefix("new\n  ./apps/api.yaml\n    ./apps/api.yaml:11:11: error: container 'api' uses the image 'api:latest'")
        )
        #expect(result.stdout.contains(": 1 new, 0 updated, "))

        let cases = try Self.junitCases(clone.root.appendingPathComponent(job.junitReport))
        #expect(cases.filter(\.failed).map(\.name) == ["images-no-latest-tag Deployment shop/api"])
        #expect(cases.contains { $0.name == "images-no-latest-tag Deployment shop/web" && $0.skipped })
    }

    @Test func theGitLabJobPassesAMergeRequestThatBringsNothingNew() throws {
        let job = try Self.GitLabJob()
        let origin = try CheckBaseTests.repositoryWithOldViolation()
        try Self.commit(in: origin, on: "feature", "apps/api.yaml", CheckBaseTests.deployment("api", image: "api:1.1"))
        let (clone, variables) = try job.checkOut(mergeRequestOf: origin)

        let result = try Self.runStep(job.script, in: clone.root, variables: variables)
        #expect(result.exitCode == 0, "\(result.stdout)\(result.stderr)")
        let cases = try Self.junitCases(clone.root.appendingPathComponent(job.junitReport))
        #expect(!cases.isEmpty && !cases.contains(where: \.failed))
    }

    /// What the tests take from `docs/ci/gitlab-ci.yml`.
    struct GitLabJob {
        /// The job's `script`, its lines one after another as the runner runs them.
        let script: String
        /// `GIT_DEPTH`.
        let depth: String
        /// `artifacts:reports:junit`.
        let junitReport: String

        init() throws {
            let job = try #require(try CIRecipesTests.recipe("docs/ci/gitlab-ci.yml")["sealgate"])
            let lines = try #require(job["script"]?.list).compactMap(\.string)
            #expect(lines.contains { $0.hasPrefix("sealgate check ") })
            script = lines.joined(separator: "\n")
            depth = try #require(CIRecipesTests.scalar(job["variables"]?["GIT_DEPTH"]))
            junitReport = try #require(job["artifacts"]?["reports"]?["junit"]?.string)
        }

        /// A clone of `origin` as GitLab's runner makes it for a merge request pipeline of `feature` into
        /// `main`: the pipeline's ref fetched at `GIT_DEPTH` into a new repository, its commit checked out
        /// detached; and the merge request's variables.
        func checkOut(mergeRequestOf origin: Repository) throws -> (Repository, [String: String]) {
            let head = try origin.git("rev-parse", "feature")
            try origin.git("update-ref", "refs/pipelines/42", head)
            let clone = try Repository()
            try clone.git("remote", "add", "origin", "file://\(origin.root.path)")
            try clone.git("fetch", "-q", "--depth", depth, "--prune", "origin", "+refs/pipelines/42:refs/pipelines/42")
            try clone.git("checkout", "-q", "-f", head)
            let variables = [
                "CI_PIPELINE_SOURCE": "merge_request_event",
                "CI_COMMIT_SHA": head,
                "CI_MERGE_REQUEST_DIFF_BASE_SHA": try origin.git("merge-base", "main", "feature"),
                "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main",
                "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME": "feature",
            ]
            return (clone, variables)
        }
    }

    // MARK: - Running recipes

    /// Commits `text` as `path` on `branch` of `repository`, then checks `feature` out again.
    static func commit(in repository: Repository, on branch: String, _ path: String, _ text: String) throws {
        try repository.git("checkout", "-q", branch)
        try repository.write(path, text)
        try repository.commit("\(path) on \(branch)")
        try repository.git("checkout", "-q", "feature")
    }

    /// The environment the recipes' commands see: the built sealgate first on PATH, no Git configuration
    /// of the machine or the user.
    static let runnerEnvironment: [String: String] = [
        "PATH": CLI.binary.deletingLastPathComponent().path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
        "GIT_CONFIG_GLOBAL": "/dev/null",
        "GIT_CONFIG_NOSYSTEM": "1",
    ]

    /// Runs `script` as both runners run a step's shell: bash with errexit and pipefail, in `directory`,
    /// with the runner's `variables` set.
    static func runStep(_ script: String, in directory: URL, variables: [String: String] = [:]) throws -> CLIResult {
        try CLI.run(
            ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], in: directory,
            environment: runnerEnvironment.merging(variables) { $1 }, executable: URL(fileURLWithPath: "/bin/bash"))
    }

    /// The YAML file at `path` in this repository.
    static func recipe(_ path: String) throws -> Node {
        let text = try String(contentsOf: CLI.repositoryRoot.appendingPathComponent(path), encoding: .utf8)
        return try #require(try ManifestParser.documents(in: text, file: SourceFile(path: path)).first?.root)
    }

    /// A scalar as YAML wrote it (`2` and `"2"` alike).
    static func scalar(_ node: Node?) -> String? {
        switch node?.value {
        case let .string(text): text
        case let .int(number): String(number)
        default: nil
        }
    }

    /// Each result of a SARIF log: its rule, file and `baselineState`.
    static func sarifResults(_ url: URL) throws -> [(rule: String, uri: String, state: String)] {
        let log = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        #expect(log["version"] as? String == "2.1.0")
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let results = try #require(run["results"] as? [[String: Any]])
        return results.map { result in
            let location = (result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]
            return (
                result["ruleId"] as? String ?? "", (location?["artifactLocation"] as? [String: Any])?["uri"] as? String ?? "",
                result["baselineState"] as? String ?? ""
            )
        }
    }

    /// Each test case of a JUnit report, named `suite case`, with whether it failed or was skipped.
    static func junitCases(_ url: URL) throws -> [JUnitCase] {
        let parser = XMLParser(data: try Data(contentsOf: url))
        let reader = JUnitReader()
        parser.delegate = reader
        #expect(parser.parse(), "the JUnit report does not parse: \(parser.parserError.map { "\($0)" } ?? "")")
        return reader.cases
    }

    struct JUnitCase {
        var name: String
        var failed = false
        var skipped = false
    }

    final class JUnitReader: NSObject, XMLParserDelegate {
        var suite = ""
        var cases: [JUnitCase] = []

        func parser(
            _ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            switch element {
            case "testsuite": suite = attributes["name"] ?? ""
            case "testcase": cases.append(JUnitCase(name: "\(suite) \(attributes["name"] ?? "")"))
            case "failure": cases[cases.count - 1].failed = true
            case "skipped": cases[cases.count - 1].skipped = true
            default: break
            }
        }
    }
}
