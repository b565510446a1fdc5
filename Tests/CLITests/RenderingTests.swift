// sealgate · CLI tests

import Foundation
import Testing

/// `check --kustomize` and `check --helm`: what Argo CD and Flux would apply is checked, and each finding
/// names the repository file and line that wrote it.
struct RenderingTests {
    static let repo = "testdata/gitops-repo"
    static let fakeHelm = CLI.repositoryRoot.appendingPathComponent("Tests/Fixtures/fake-helm")

    /// `file:line:col policy` of every finding of a text report.
    static func findings(_ output: String) -> [String] {
        output.split(separator: "\n").compactMap { line -> String? in
            let text = line.trimmingCharacters(in: .whitespaces)
            guard let bracket = text.lastIndex(of: "["), let place = text.firstRange(of: ": "), text.hasSuffix("]") else { return nil }
            return String(text[..<place.lowerBound]) + " " + text[text.index(after: bracket)...].dropLast()
        }
    }

    /// The fake helm's environment: its output, and a log of its arguments.
    static func helmEnvironment(log: URL, fail: Bool = false) -> [String: String] {
        var environment = [
            "PATH": "\(fakeHelm.path):\(ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")",
            "FAKE_HELM_OUTPUT": fakeHelm.appendingPathComponent("api.rendered.yaml").path,
            "FAKE_HELM_LOG": log.path,
        ]
        if fail { environment["FAKE_HELM_FAIL"] = "1" }
        return environment
    }

    @Test("--kustomize checks what the overlay renders, at the base's lines; the overlay's pinned tag passes")
    func kustomize() throws {
        // The base alone uses :latest; rendered, the finding is at the base file's line, as when checked raw.
        let base = try CLI.run(["check", "--kustomize", "\(Self.repo)/apps/base/web"])
        #expect(base.exitCode == 1)
        #expect(Self.findings(base.stdout) == ["\(Self.repo)/apps/base/web/deployment.yaml:20:11 images-no-latest-tag"], "\(base.stdout)")
        #expect(
            base.stderr
                == "\(Self.repo)/apps/base/web: notice: rendered with kubectl kustomize: 3 objects, checked at their source files\n")
        // The production overlay pins the tag: what is deployed passes, though the base file alone would not.
        let production = try CLI.run(["check", "--kustomize", "\(Self.repo)/apps/overlays/production"])
        #expect(production.exitCode == 0, "\(production.stdout)\(production.stderr)")
        #expect(production.stdout == "no problems found in 3 objects (51 policies)\n")
        // Several at once, and no walk of the working directory besides (that would report each finding twice).
        let both = try CLI.run([
            "check", "--kustomize", "\(Self.repo)/apps/base/web", "--kustomize", "\(Self.repo)/clusters/production",
        ])
        #expect(Self.findings(both.stdout).count == 1, "\(both.stdout)")
        #expect(both.stdout.contains("in 11 objects") || both.stdout.contains("11 objects"), "\(both.stdout)")
    }

    @Test("--kustomize refuses what it cannot render: not a kustomization, no kustomize or kubectl installed")
    func kustomizeErrors() throws {
        let notKustomization = try CLI.run(["check", "--kustomize", "\(Self.repo)/docs"])
        #expect(notKustomization.exitCode == 2)
        #expect(
            notKustomization.stderr
                == "\(Self.repo)/docs: error: \(Self.repo)/docs is not a kustomization directory (no kustomization.yaml in it); name the directory that holds one\n"
        )
        let empty = try CLI.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: empty) }
        let missing = try CLI.run(["check", "--kustomize", "\(Self.repo)/apps/base/web"], environment: ["PATH": empty.path])
        #expect(missing.exitCode == 2)
        #expect(
            missing.stderr.contains("error: --kustomize needs kustomize or kubectl on PATH, and neither was found"), "\(missing.stderr)")
        #expect(missing.stdout.isEmpty)
        // A kustomization that does not build is a finding at its file, not a crash or a pass.
        let broken = try CLI.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: broken) }
        try Data("resources: [does-not-exist.yaml]\n".utf8).write(to: broken.appendingPathComponent("kustomization.yaml"))
        let failed = try CLI.run(["check", "--kustomize", broken.path])
        #expect(failed.exitCode == 1)
        #expect(failed.stdout.contains("\(broken.path)/kustomization.yaml: error: kubectl failed (exit 1): "), "\(failed.stdout)")
        #expect(failed.stdout.contains("; the command was: kubectl kustomize \(broken.path) [render-error]"), "\(failed.stdout)")
        #expect(!failed.stderr.contains("rendered with"), "\(failed.stderr)")
    }

    @Test("--helm renders each chart found and places its objects at the template lines that wrote them")
    func helm() throws {
        let scratch = try CLI.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let log = scratch.appendingPathComponent("helm.log")
        let chart = "\(Self.repo)/charts/api"
        let result = try CLI.run(["check", "--no-config", "--helm", chart], environment: Self.helmEnvironment(log: log))
        #expect(result.exitCode == 1)
        #expect(result.stderr == "\(chart): notice: rendered with helm template: 2 objects, checked at their source files\n")
        let found = Self.findings(result.stdout)
        let template = "\(chart)/templates/deployment.yaml"
        #expect(found.contains("\(template):8:3 workloads-pdb-missing"), "\(result.stdout)")
        #expect(found.contains("\(template):15:11 pss-run-as-non-root"), "\(result.stdout)")
        #expect(found.allSatisfy { $0.hasPrefix(template + ":") }, "\(result.stdout)")
        #expect(try String(contentsOf: log, encoding: .utf8) == "template \(chart)\n")
        // Values files by chart; a chart rendered once however it is reached.
        try Data().write(to: log)
        let values = "\(chart)/values.yaml"
        let withValues = try CLI.run(
            ["check", "--no-config", "--helm", "--helm-values", "\(chart)=\(values)", Self.repo + "/charts"],
            environment: Self.helmEnvironment(log: log))
        #expect(withValues.exitCode == 1)
        #expect(try String(contentsOf: log, encoding: .utf8) == "template \(chart) --values \(values)\n")
    }

    @Test("--helm's failures: helm missing is exit 2; a chart that does not render is a render-error at its Chart.yaml")
    func helmErrors() throws {
        let scratch = try CLI.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let chart = "\(Self.repo)/charts/api"
        let missing = try CLI.run(["check", "--no-config", "--helm", chart], environment: ["PATH": scratch.path])
        #expect(missing.exitCode == 2)
        #expect(missing.stderr.hasPrefix("error: rendering Helm charts needs helm on PATH, and none was found"), "\(missing.stderr)")
        let failing = try CLI.run(
            ["check", "--no-config", "--helm", chart],
            environment: Self.helmEnvironment(log: scratch.appendingPathComponent("log"), fail: true))
        #expect(failing.exitCode == 1)
        #expect(
            failing.stdout.contains(
                "\(chart)/Chart.yaml: error: helm failed (exit 1): Error: template: api/templates/deployment.yaml:4:11: executing"),
            "\(failing.stdout)")
        #expect(failing.stdout.contains("; the command was: helm template \(chart) [render-error]"))
        // Usage mistakes are exit 2 before anything runs.
        let noPair = try CLI.run(["check", "--helm", "--helm-values", "values.yaml", chart])
        #expect(noPair.exitCode == 2)
        #expect(noPair.stderr.contains("--helm-values 'values.yaml' is not CHART_DIR=FILE"), "\(noPair.stderr)")
        let noFile = try CLI.run(["check", "--no-config", "--helm", "--helm-values", "\(chart)=nope.yaml", chart])
        #expect(noFile.exitCode == 2)
        #expect(noFile.stderr == "nope.yaml: error: the values file nope.yaml for \(chart) does not exist; check the path\n")
        let withoutHelm = try CLI.run(["check", "--no-config", "--helm-values", "\(chart)=\(chart)/values.yaml", chart])
        #expect(withoutHelm.exitCode == 2)
        #expect(withoutHelm.stderr.contains("values files are given but charts are not rendered; add --helm"))
    }

    @Test("the settings file renders charts and kustomizations and sets the loader's limits; a typo is exit 2 at its line")
    func settings() throws {
        let scratch = try CLI.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let config = scratch.appendingPathComponent("settings.yaml")
        let top = CLI.repositoryRoot.appendingPathComponent(Self.repo).path
        try Data(
            """
            apiVersion: sealgate.dev/v1
            kind: Config
            check:
              render:
                helm: true
                kustomize: [\(top)/apps/base/web]

            """.utf8
        ).write(to: config)
        // Absolute paths are refused in the file: it must mean the same in every clone.
        let absolute = try CLI.run(["check", "--config", config.path])
        #expect(absolute.exitCode == 2)
        #expect(
            absolute.stderr.contains("settings.yaml:6:17: error: 'check.render.kustomize' holds the absolute path"), "\(absolute.stderr)")

        let inRepo = scratch.appendingPathComponent("repo")
        try FileManager.default.copyItem(atPath: top, toPath: inRepo.path)
        try Data(
            """
            apiVersion: sealgate.dev/v1
            kind: Config
            check:
              paths: [charts]
              render:
                helm: true
                kustomize: [apps/base/web]
              limits:
                maxDocuments: 5

            """.utf8
        ).write(to: inRepo.appendingPathComponent(".sealgate.yaml"))
        let log = scratch.appendingPathComponent("helm.log")
        let rendered = try CLI.run(["check"], in: inRepo, environment: Self.helmEnvironment(log: log))
        #expect(rendered.exitCode == 1)
        let found = Self.findings(rendered.stdout)
        #expect(found.contains("apps/base/web/deployment.yaml:20:11 images-no-latest-tag"), "\(rendered.stdout)")
        #expect(found.contains("charts/api/templates/deployment.yaml:15:11 pss-run-as-non-root"), "\(rendered.stdout)")
        #expect(try String(contentsOf: log, encoding: .utf8) == "template charts/api\n")
        let shown = try CLI.run(["config", "show"], in: inRepo)
        let rows = shown.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(rows.contains(["render.helm", "true", ".sealgate.yaml:6:11"]), "\(shown.stdout)")
        #expect(rows.contains(["render.kustomize", "apps/base/web", ".sealgate.yaml:7:16"]), "\(shown.stdout)")
        #expect(rows.contains(["limits.maxDocuments", "5", ".sealgate.yaml:9:19"]), "\(shown.stdout)")
        #expect(rows.contains(["limits.maxDepth", "256", "default"]), "\(shown.stdout)")

        // Values files by chart, relative to the file; one that does not exist is exit 2 at the file's place.
        for (values, expected) in [("charts/api/values.yaml", 1), ("charts/api/values-prod.yaml", 2)] {
            try Data(
                "apiVersion: sealgate.dev/v1\nkind: Config\ncheck:\n  paths: [charts]\n  render:\n    helm: true\n    helmValues:\n      charts/api: [\(values)]\n"
                    .utf8
            ).write(to: inRepo.appendingPathComponent(".sealgate.yaml"))
            try Data().write(to: log)
            let withValues = try CLI.run(["check"], in: inRepo, environment: Self.helmEnvironment(log: log))
            #expect(withValues.exitCode == Int32(expected), "\(withValues.stdout)\(withValues.stderr)")
            if expected == 1 {
                #expect(try String(contentsOf: log, encoding: .utf8) == "template charts/api --values \(values)\n")
            } else {
                #expect(
                    withValues.stderr
                        == ".sealgate.yaml:8:7: error: the values file \(values) for charts/api does not exist; check the path\n",
                    "\(withValues.stderr)")
            }
        }

        try Data("apiVersion: sealgate.dev/v1\nkind: Config\ncheck:\n  render:\n    helmm: true\n".utf8).write(
            to: inRepo.appendingPathComponent(".sealgate.yaml"))
        let typo = try CLI.run(["check"], in: inRepo)
        #expect(typo.exitCode == 2)
        #expect(typo.stderr.contains(".sealgate.yaml:5:5: error: unknown key 'check.render.helmm'; did you mean 'helm'?"), "\(typo.stderr)")

        try Data("apiVersion: sealgate.dev/v1\nkind: Config\ncheck:\n  limits:\n    maxFileSize: 1\n".utf8).write(
            to: inRepo.appendingPathComponent(".sealgate.yaml"))
        let tiny = try CLI.run(["check", "apps/base/web"], in: inRepo)
        #expect(tiny.exitCode == 1)
        #expect(tiny.stdout.contains("over the 1-byte limit"), "\(tiny.stdout)")
        try Data("apiVersion: sealgate.dev/v1\nkind: Config\ncheck:\n  limits:\n    maxDepth: -3\n".utf8).write(
            to: inRepo.appendingPathComponent(".sealgate.yaml"))
        let negative = try CLI.run(["check"], in: inRepo)
        #expect(negative.exitCode == 2)
        #expect(
            negative.stderr.contains(
                ".sealgate.yaml:5:15: error: 'check.limits.maxDepth' is -3; it must be from 1 to 256 (the default; it can only be lowered)"),
            "\(negative.stderr)")
    }

    @Test("against a base revision, the base renders its own files: a finding the change brought to the rendering is new")
    func comparing() throws {
        let repo = try CLI.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: repo) }
        func write(_ path: String, _ text: String) throws {
            let url = repo.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        func git(_ arguments: String...) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
            process.arguments = ["-C", repo.path, "-c", "user.name=t", "-c", "user.email=t@example.com"] + arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "git \(arguments)")
        }
        try write(
            "base/deploy.yaml",
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: web, namespace: shop}
            spec:
              containers:
                - name: web
                  image: ghcr.io/acme/web

            """)
        try write("base/kustomization.yaml", "resources: [deploy.yaml]\n")
        let pinned = "resources: [../base]\nimages:\n  - name: ghcr.io/acme/web\n    newTag: \"1.0\"\n"
        try write("overlay/kustomization.yaml", pinned)
        try git("init", "-q", "-b", "main")
        try git("add", "-A")
        try git("commit", "-q", "-m", "pinned")
        let arguments = ["check", "--kustomize", "overlay", "--base", "main", "--new-only", "--enable", "images-no-latest-tag"]
        let unchanged = try CLI.run(arguments, in: repo)
        #expect(unchanged.exitCode == 0, "\(unchanged.stdout)\(unchanged.stderr)")
        // Only the overlay changes, yet the finding is at the base's image line, and new.
        try write("overlay/kustomization.yaml", pinned.replacingOccurrences(of: "\"1.0\"", with: "latest"))
        let changed = try CLI.run(arguments, in: repo)
        #expect(changed.exitCode == 1, "\(changed.stdout)\(changed.stderr)")
        #expect(changed.stdout.hasPrefix("new\n"), "\(changed.stdout)")
        #expect(Self.findings(changed.stdout) == ["base/deploy.yaml:6:7 images-no-latest-tag"], "\(changed.stdout)")
        #expect(changed.stdout.contains("1 new, 0 updated, 0 already there, 0 fixed"), "\(changed.stdout)")
        // Committed, the same finding is already there.
        try git("commit", "-q", "-am", "latest")
        let committed = try CLI.run(arguments, in: repo)
        #expect(committed.exitCode == 0, "\(committed.stdout)\(committed.stderr)")
        #expect(committed.stdout.contains("0 new, 0 updated, 1 already there, 0 fixed"), "\(committed.stdout)")
    }
}
