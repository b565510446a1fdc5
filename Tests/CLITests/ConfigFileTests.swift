// sealgate · CLI tests

import Foundation
import Testing

/// `.sealgate.yaml`: found from the checked path up, read strictly, overridden by flags; and `sealgate config`.
struct ConfigFileTests {
    typealias Repository = CheckBaseTests.Repository

    /// A Pod whose image has the tag `latest`: one images-no-latest-tag finding.
    static func pod(_ name: String, image: String = "nginx:latest") -> String {
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: \(name), namespace: shop}
        spec:
          containers:
            - name: web
              image: \(image)

        """
    }

    static func config(_ check: String) -> String {
        "apiVersion: sealgate.dev/v1\nkind: Config\ncheck:\n" + check
    }

    /// A repository with a finding under `apps/` and one under `docs/examples/`.
    static func planted() throws -> Repository {
        let repository = try Repository()
        try repository.write("apps/web.yaml", pod("web"))
        try repository.write("docs/examples/example.yaml", pod("example"))
        return repository
    }

    @Test("discovered from a subdirectory; excludes drop the planted finding; --no-config brings it back")
    func discoveryAndExclude() throws {
        let repository = try Self.planted()
        try repository.write(
            ".sealgate.yaml", Self.config("  enable: [images-no-latest-tag]\n  exclude: [\"docs/examples/**\"]\n"))
        let fromApps = try CLI.run(["check"], in: repository.root.appendingPathComponent("apps"))
        #expect(fromApps.exitCode == 1)
        // Without a path the file's directory is checked; findings are named from the working directory.
        #expect(fromApps.stdout.contains("web.yaml:6:7:") && fromApps.stdout.contains("[images-no-latest-tag]"))
        #expect(!fromApps.stdout.contains("example.yaml"))
        #expect(fromApps.stdout.contains("1 error"))

        let root = try CLI.run(["check", "."], in: repository.root)
        #expect(!root.stdout.contains("example.yaml"))
        let unconfigured = try CLI.run(["check", ".", "--no-config", "--enable", "images-no-latest-tag"], in: repository.root)
        #expect(unconfigured.stdout.contains("docs/examples/example.yaml:6:7:"))
        // A file named on the command line is excluded too, with a notice saying so and how to check it.
        let named = try CLI.run(["check", "docs/examples/example.yaml"], in: repository.root)
        #expect(named.exitCode == 0)
        #expect(
            named.stderr.contains("docs/examples/example.yaml: notice: not checked: excluded by 'docs/examples/**' (.sealgate.yaml:5:13)"))
    }

    @Test("--config names the file; paths in it are relative to it; without a path check reads check.paths")
    func configFlagAndPaths() throws {
        let repository = try Self.planted()
        try repository.write("other/web.yaml", Self.pod("other"))
        try repository.write("settings/ci.yaml", Self.config("  paths: [../other]\n  enable: [images-no-latest-tag]\n"))
        let result = try CLI.run(["check", "--config", "settings/ci.yaml"], in: repository.root)
        #expect(result.exitCode == 1)
        #expect(result.stdout.contains("other/web.yaml:6:7:"))
        #expect(!result.stdout.contains("apps/web.yaml") && !result.stdout.contains("example.yaml"))
        // Paths given replace check.paths.
        let given = try CLI.run(["check", "--config", "settings/ci.yaml", "apps"], in: repository.root)
        #expect(given.stdout.contains("apps/web.yaml:6:7:") && !given.stdout.contains("other/web.yaml"))
        let missing = try CLI.run(["check", "--config", "nope.yaml"], in: repository.root)
        #expect(missing.exitCode == 2)
        #expect(missing.stderr.contains("nope.yaml: error: --config names a file that does not exist"))
        // No file and no path: the working directory.
        let none = try CLI.run(["check", "--enable", "images-no-latest-tag"], in: repository.root)
        #expect(none.exitCode == 1 && none.stdout.contains("apps/web.yaml:6:7:") && none.stdout.contains("docs/examples/example.yaml:6:7:"))
    }

    @Test("flags beat the file key by key")
    func precedence() throws {
        let repository = try Repository()
        try repository.write("apps/web.yaml", Self.pod("web"))
        // The Pod has no probes: a workloads-probes warning.
        try repository.write(".sealgate.yaml", Self.config("  enable: [workloads-probes]\n  failOn: warning\n"))
        #expect(try CLI.run(["check"], in: repository.root).exitCode == 1)
        #expect(try CLI.run(["check", "--fail-on", "error"], in: repository.root).exitCode == 0)
        let enabled = try CLI.run(["check", "--enable", "images-no-latest-tag"], in: repository.root)
        #expect(enabled.stdout.contains("[images-no-latest-tag]") && !enabled.stdout.contains("[workloads-probes]"))
        let show = try CLI.run(["config", "show", "--fail-on", "error"], in: repository.root)
        #expect(show.exitCode == 0)
        let lines = show.stdout.split(separator: "\n").map {
            $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        }
        #expect(lines.contains("failOn error flag --fail-on"))
        #expect(lines.contains("enable workloads-probes .sealgate.yaml:4:11"))
        #expect(lines.contains("builtin true default"))
        #expect(show.stdout.hasPrefix("settings file: .sealgate.yaml\n"))
        let json = try CLI.run(["config", "show", "-o", "json"], in: repository.root)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let failOn = (object?["settings"] as? [String: Any])?["failOn"] as? [String: Any]
        #expect(failOn?["source"] as? String == "file" && failOn?["line"] as? Int == 5)
        #expect(failOn?["value"] as? String == "warning")
        let builtin = (object?["settings"] as? [String: Any])?["builtin"] as? [String: Any]
        #expect(builtin?["value"] as? Bool == true && builtin?["source"] as? String == "default")
    }

    @Test("parameters reach the built-in pack as the ConfigMaps it reads, and are no objects of the report")
    func parameters() throws {
        let repository = try Repository()
        try repository.write("apps/web.yaml", Self.pod("web", image: "quay.io/evil/web:1.0"))
        try repository.write(
            ".sealgate.yaml", Self.config("  enable: [images-allowed-registries]\n  parameters:\n    allowedRegistries: [ghcr.io/acme]\n"))
        let result = try CLI.run(["check"], in: repository.root)
        #expect(result.exitCode == 1)
        #expect(result.stdout.contains("not an allowed registry (allowed: ghcr.io/acme)"))
        #expect(result.stdout.hasSuffix("in 1 file (1 object, 1 policy)\n"))
        #expect(!result.stdout.contains("check.parameters"))

        try repository.write(
            "apps/ingress.yaml", "apiVersion: networking.k8s.io/v1beta1\nkind: Ingress\nmetadata: {name: web, namespace: shop}\n")
        try repository.write(
            ".sealgate.yaml", Self.config("  enable: [upgrades-removed-apis]\n  parameters:\n    kubernetesVersion: \"1.21\"\n"))
        #expect(try CLI.run(["check", "--enable", "images-no-latest-tag"], in: repository.root).exitCode == 0)
        try repository.write(
            ".sealgate.yaml", Self.config("  enable: [upgrades-removed-apis]\n  parameters:\n    kubernetesVersion: \"1.22\"\n"))
        let upgraded = try CLI.run(["check"], in: repository.root)
        #expect(upgraded.exitCode == 1)
        #expect(upgraded.stdout.contains("which Kubernetes 1.22 no longer serves"))

        // The repository's own ConfigMap wins; a different value in the file is a notice.
        try repository.write(
            "platform/version.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: sealgate-kubernetes-version}\ndata: {version: \"1.21\"}\n")
        let both = try CLI.run(["check"], in: repository.root)
        #expect(both.exitCode == 0)
        #expect(both.stderr.contains(".sealgate.yaml:6:24: notice: check.parameters.kubernetesVersion is not used"))
    }

    @Test("a typo, a wrong type, a bad pattern, an unknown policy or version: exit 2 at file:line:col")
    func strictness() throws {
        let repository = try Repository()
        try repository.write("apps/web.yaml", Self.pod("web"))
        let cases: [(String, String)] = [
            (Self.config("  exclud: [vendor/**]\n"), ".sealgate.yaml:4:3: error: unknown key 'check.exclud'; did you mean 'exclude'?"),
            (Self.config("  builtin: \"no\"\n"), ".sealgate.yaml:4:12: error: 'check.builtin' must be true or false, not a string"),
            (Self.config("  exclude: vendor/**\n"), ".sealgate.yaml:4:12: error: 'check.exclude' must be a list of strings, not a string"),
            (Self.config("  exclude: [\"vendor/[ab]\"]\n"), ".sealgate.yaml:4:13: error: check.exclude: 'vendor/[ab]' holds '['"),
            (Self.config("  failOn: fatal\n"), ".sealgate.yaml:4:11: error: check.failOn is 'fatal', not a severity"),
            (
                Self.config("  disable: [workloads-probe]\n"),
                ".sealgate.yaml:4:13: error: no policy, category or tag is called 'workloads-probe'"
            ),
            (
                Self.config("  parameters:\n    kubernetesVersion: 1.30\n"),
                ".sealgate.yaml:5:24: error: 'check.parameters.kubernetesVersion' must be a string"
            ),
            (
                "apiVersion: sealgate.dev/v2\nkind: Config\n",
                ".sealgate.yaml:1:13: error: apiVersion 'sealgate.dev/v2' is not one this sealgate reads"
            ),
            ("apiVersion: sealgate.dev/v1\nkind: Policy\n", ".sealgate.yaml:2:7: error: kind 'Policy' is not a settings file's"),
        ]
        for (text, expected) in cases {
            try repository.write(".sealgate.yaml", text)
            let result = try CLI.run(["check"], in: repository.root)
            #expect(result.exitCode == 2, "\(text)")
            #expect(result.stderr.hasPrefix(expected), "\(result.stderr)")
            #expect(try CLI.run(["config", "show"], in: repository.root).exitCode == 2)
        }
    }

    @Test("excludes apply to both sides of --staged and --base")
    func excludedInChanges() throws {
        let repository = try Repository()
        try repository.write("apps/web.yaml", Self.pod("web", image: "nginx:1.27"))
        try repository.write(".sealgate.yaml", Self.config("  enable: [images-no-latest-tag]\n  exclude: [vendor/]\n"))
        let base = try repository.commit("base")
        try repository.write("vendor/chart.yaml", Self.pod("vendored"))
        try repository.git("add", "-A")
        let staged = try CLI.run(["check", "--staged"], in: repository.root)
        #expect(staged.exitCode == 0, "\(staged.stdout)")
        #expect(!staged.stdout.contains("vendor/chart.yaml"))
        try repository.commit("vendor")
        try repository.git("rm", "-q", "vendor/chart.yaml")
        try repository.write("apps/web.yaml", Self.pod("web", image: "nginx:1.28"))
        try repository.commit("unvendor")
        // The vendored file was removed since the base: its findings at the base are not 'fixed' either.
        let compared = try CLI.run(["check", "--base", base, "-o", "json"], in: repository.root)
        #expect(compared.exitCode == 0)
        #expect(!compared.stdout.contains("vendor/chart.yaml"))
        let all = try CLI.run(["check", "--base", "HEAD~1", "--base-mode", "direct", "-o", "json"], in: repository.root)
        #expect(!all.stdout.contains("vendor/chart.yaml"))
        let unconfigured = try CLI.run(
            ["check", "--no-config", "--enable", "images-no-latest-tag", "--base", "HEAD~1", "--base-mode", "direct", "-o", "json"],
            in: repository.root)
        #expect(unconfigured.stdout.contains("vendor/chart.yaml"))
    }

    @Test("policies and policies export run with the file's selection, under the flags")
    func policiesCommands() throws {
        let repository = try Self.planted()
        try repository.write(".sealgate.yaml", Self.config("  enable: [network]\n  disable: [network-workload-selected]\n"))
        let listed = try CLI.run(["policies"], in: repository.root)
        let rows = listed.stdout.split(separator: "\n").dropFirst().filter {
            !$0.contains(" policies; ") && !$0.hasPrefix("off by default")
        }
        let names = rows.compactMap { $0.split(separator: " ").first.map(String.init) }
        #expect(!names.isEmpty && names.allSatisfy { $0.hasPrefix("network-") }, "\(listed.stdout)")
        #expect(!names.contains("network-workload-selected") && names.contains("network-default-deny"))
        let flagged = try CLI.run(["policies", "--enable", "images-no-latest-tag"], in: repository.root)
        #expect(flagged.stdout.contains("images-no-latest-tag") && !flagged.stdout.contains("network-default-deny"))
        let exported = try CLI.run(["policies", "export"], in: repository.root)
        #expect(exported.stdout.contains("name: network-no-ingress-from-everywhere") && !exported.stdout.contains("pss-no-privileged"))
        try repository.write(".sealgate.yaml", Self.config("  disable: [no-such-policy]\n"))
        let typo = try CLI.run(["policies"], in: repository.root)
        #expect(
            typo.exitCode == 2 && typo.stderr.contains(".sealgate.yaml:4:13: error: no policy, category or tag is called 'no-such-policy'"))
    }

    @Test("config init writes a file that reads, refuses to replace it, and replaces it with --force")
    func initialize() throws {
        let repository = try Repository()
        try repository.write("apps/web.yaml", Self.pod("web", image: "nginx:1.27"))
        let created = try CLI.run(["config", "init"], in: repository.root)
        #expect(created.exitCode == 0)
        let path = repository.root.appendingPathComponent(".sealgate.yaml").path
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(written.contains("apiVersion: sealgate.dev/v1\nkind: Config\n"))
        #expect(try CLI.run(["config", "show"], in: repository.root).exitCode == 0)
        #expect(try CLI.run(["check", "--enable", "images-no-latest-tag"], in: repository.root).exitCode == 0)

        try Data("# mine\n".utf8).write(to: URL(fileURLWithPath: path))
        let refused = try CLI.run(["config", "init"], in: repository.root)
        #expect(refused.exitCode == 2)
        #expect(refused.stderr.contains(".sealgate.yaml: error: the file exists"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "# mine\n")
        #expect(try CLI.run(["config", "init", "--force"], in: repository.root).exitCode == 0)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == written)
    }
}
