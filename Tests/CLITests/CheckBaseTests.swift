// sealgate · CLI tests

import Foundation
import Testing

/// `sealgate check --base`: what a change brought, on real repositories built with the `git` program.
struct CheckBaseTests {
    /// A repository in a temporary directory; removed when the test ends.
    final class Repository {
        let root: URL

        init() throws {
            root = try CLI.scratchDirectory().resolvingSymlinksInPath()
            try git("init", "-q")
        }

        /// A clone of `source` made as a CI runner makes it (`--depth 1`, …).
        init(cloning source: Repository, _ arguments: String...) throws {
            let parent = try CLI.scratchDirectory().resolvingSymlinksInPath()
            root = parent.appendingPathComponent("clone")
            try Self.git(["clone", "-q"] + arguments + ["file://\(source.root.path)", root.path], in: parent)
        }

        deinit { try? FileManager.default.removeItem(at: root) }

        func write(_ path: String, _ text: String) throws {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }

        @discardableResult
        func commit(_ message: String) throws -> String {
            try git("add", "-A")
            try git("commit", "-q", "-m", message)
            return try git("rev-parse", "HEAD")
        }

        @discardableResult
        func git(_ arguments: String...) throws -> String { try Self.git(arguments, in: root) }

        /// git with the machine's and the user's configuration left out.
        @discardableResult
        static func git(_ arguments: [String], in directory: URL) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments =
                [
                    "git", "-c", "user.name=t", "-c", "user.email=t@e", "-c", "init.defaultBranch=main",
                    "-c", "commit.gpgsign=false", "-c", "protocol.file.allow=always",
                ] + arguments
            process.currentDirectoryURL = directory
            process.environment = ProcessInfo.processInfo.environment.merging([
                "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1",
            ]) { $1 }
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw CocoaError(.executableLoad, userInfo: ["git": arguments]) }
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
        }

        /// `sealgate check apps …` in the working tree, with only the image policy (and a network one) enabled.
        func check(_ arguments: String..., policies: [String] = ["images-no-latest-tag"]) throws -> CLIResult {
            try CLI.run(["check", "apps"] + policies.flatMap { ["--enable", $0] } + arguments, in: root)
        }
    }

    static func deployment(_ name: String, image: String, replicas: Int = 1) -> String {
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: \(name), namespace: shop}
        spec:
          replicas: \(replicas)
          selector: {matchLabels: {app: \(name)}}
          template:
            metadata: {labels: {app: \(name)}}
            spec:
              containers:
                - {name: \(name), image: '\(image)'}

        """
    }

    /// main with one old violation (web uses latest), and a feature branch checked out.
    static func repositoryWithOldViolation() throws -> Repository {
        let repository = try Repository()
        try repository.write("apps/web.yaml", deployment("web", image: "nginx:latest"))
        try repository.write("apps/api.yaml", deployment("api", image: "api:1.0"))
        try repository.commit("base")
        try repository.git("checkout", "-q", "-b", "feature")
        return repository
    }

    @Test func aNewViolationIsNewAndTheOldOneIsOnlyCounted() throws {
        let repository = try Self.repositoryWithOldViolation()
        try repository.write("apps/api.yaml", Self.deployment("api", image: "api:latest"))

        let result = try repository.check("--base", "main", "--new-only")
        #expect(result.exitCode == 1)
        #expect(
            result.stdout.hasPrefix("new\n  apps/api.yaml\n    apps/api.yaml:11:11: error: container 'api' uses the image 'api:latest'"))
        #expect(!result.stdout.contains("apps/web.yaml"))
        #expect(
            result.stdout.contains(
                "against \(try repository.git("rev-parse", "--short=7", "main")): 1 new, 0 updated, 1 already there, 0 fixed"))

        // Without --new-only every finding is listed with its state, and the old one fails too.
        let all = try repository.check("--base", "main")
        #expect(all.exitCode == 1)
        #expect(all.stdout.contains("already there\n  apps/web.yaml\n"))
    }

    @Test func movingRenamingAndReformattingBringsNothingNew() throws {
        let repository = try Self.repositoryWithOldViolation()
        try repository.git("mv", "apps/web.yaml", "apps/frontend.yaml")
        // Reformatted into flow style, after a new object, in the renamed file.
        try repository.write(
            "apps/frontend.yaml",
            """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings, namespace: shop}
            ---
            {apiVersion: apps/v1, kind: Deployment, metadata: {namespace: shop, name: web}, spec: {replicas: 1,
              selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}},
              spec: {containers: [{name: web, image: 'nginx:latest'}]}}}}

            """)
        try repository.commit("move web")
        let result = try repository.check("--base", "main", "--new-only")
        #expect(result.exitCode == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("0 new, 0 updated, 1 already there, 0 fixed"))
    }

    @Test func aFixIsReportedFixed() throws {
        let repository = try Self.repositoryWithOldViolation()
        try repository.write("apps/web.yaml", Self.deployment("web", image: "nginx:1.27"))
        let result = try repository.check("--base", "main", "--new-only", "-o", "json")
        #expect(result.exitCode == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let fixed = try #require(document["fixed"] as? [[String: Any]])
        #expect(fixed.map { $0["file"] as? String } == ["apps/web.yaml"])
        let change = try #require(document["change"] as? [String: Any])
        #expect(change["headName"] as? String == "the working tree" && change["head"] is NSNull)
        #expect(change["base"] as? String == (try repository.git("rev-parse", "main")))
        #expect(result.stderr.contains("0 new, 0 updated, 0 already there, 1 fixed"))
    }

    @Test func deletingAnObjectCanMakeAFindingOnAnUntouchedOneNew() throws {
        let repository = try Repository()
        try repository.write("apps/web.yaml", Self.deployment("web", image: "nginx:1.27"))
        try repository.write(
            "apps/deny.yaml",
            """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: default-deny, namespace: shop}
            spec: {podSelector: {}, policyTypes: [Ingress, Egress]}

            """)
        try repository.commit("base")
        try FileManager.default.removeItem(at: repository.root.appendingPathComponent("apps/deny.yaml"))
        let result = try repository.check("--base", "HEAD", "--new-only", "--fail-on", "warning", policies: ["network-workload-selected"])
        #expect(result.exitCode == 1)
        #expect(result.stdout.hasPrefix("new\n  apps/web.yaml\n"))
        #expect(result.stdout.contains("[network-workload-selected]"))
    }

    @Test func theMergeBaseKeepsABranchFromBeingBlamedForItsTarget() throws {
        let repository = try Self.repositoryWithOldViolation()
        try repository.write("apps/api.yaml", Self.deployment("api", image: "api:1.0", replicas: 2))
        try repository.commit("scale api")
        // main fixes web after the branch left it; the branch still has the old web.
        try repository.git("checkout", "-q", "main")
        try repository.write("apps/web.yaml", Self.deployment("web", image: "nginx:1.27"))
        try repository.commit("fix web")
        try repository.git("checkout", "-q", "feature")

        let mergeBase = try repository.check("--base", "main", "--new-only")
        #expect(mergeBase.exitCode == 0, "\(mergeBase.stdout)")
        #expect(mergeBase.stdout.contains("0 new, 0 updated, 1 already there"))
        // Compared with main as it is, the branch looks as if it brought the old problem back.
        let direct = try repository.check("--base", "main", "--base-mode", "direct", "--new-only")
        #expect(direct.exitCode == 1)
        #expect(direct.stdout.contains("1 new"))
    }

    @Test func stagedChecksWhatTheCommitWouldRecord() throws {
        let repository = try Self.repositoryWithOldViolation()
        try repository.write("apps/api.yaml", Self.deployment("api", image: "api:latest"))
        try repository.git("add", "apps/api.yaml")
        // The working tree fixes it again, unstaged: the commit would still record the violation.
        try repository.write("apps/api.yaml", Self.deployment("api", image: "api:2.0"))

        let staged = try repository.check("--staged", "--new-only")
        #expect(staged.exitCode == 1)
        #expect(staged.stdout.contains("apps/api.yaml:11:11: error: container 'api' uses the image 'api:latest'"))
        let workingTree = try repository.check("--base", "HEAD", "--new-only")
        #expect(workingTree.exitCode == 0)
    }

    @Test func aHeadCommitIsReadWithoutCheckingItOut() throws {
        let repository = try Self.repositoryWithOldViolation()
        try repository.write("apps/api.yaml", Self.deployment("api", image: "api:latest"))
        let commit = try repository.commit("api latest")
        try repository.git("checkout", "-q", "main")
        let result = try repository.check("--base", "main", "--head", "feature", "--new-only", "-o", "json")
        #expect(result.exitCode == 1)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect((document["change"] as? [String: Any])?["head"] as? String == commit)
        #expect((document["findings"] as? [[String: Any]])?.compactMap { $0["state"] as? String }.sorted() == ["new", "unchanged"])
    }

    @Test func aShallowCloneSaysWhatToFetch() throws {
        let origin = try Self.repositoryWithOldViolation()
        try origin.write("apps/api.yaml", Self.deployment("api", image: "api:latest"))
        try origin.commit("api latest")
        try origin.git("checkout", "-q", "main")
        try origin.git("merge", "-q", "--no-ff", "feature", "-m", "merge feature")

        // Depth 1: the merge commit alone; its first parent is not there.
        let shallow = try Repository(cloning: origin, "--depth", "1")
        let refused = try shallow.check("--base", "HEAD^1", "--base-mode", "direct")
        #expect(refused.exitCode == 2)
        #expect(refused.stderr.contains("shallow"))
        #expect(refused.stdout.isEmpty)

        // Depth 2 holds the first parent: the pull request's change, exactly.
        let deeper = try Repository(cloning: origin, "--depth", "2")
        let result = try deeper.check("--base", "HEAD^1", "--base-mode", "direct", "--new-only")
        #expect(result.exitCode == 1)
        #expect(result.stdout.contains("1 new, 0 updated, 1 already there, 0 fixed"))
    }

    @Test func unusableComparisonsAreRefusedWithWhatToDo() throws {
        let repository = try Self.repositoryWithOldViolation()
        let unknown = try repository.check("--base", "origin/main")
        #expect(unknown.exitCode == 2)
        #expect(unknown.stderr.contains("unknown revision 'origin/main'"))

        let noBase = try repository.check("--new-only")
        #expect(noBase.exitCode == 2)
        #expect(noBase.stderr.contains("--new-only compares with a base revision; give it with --base REV"))

        let both = try repository.check("--base", "main", "--staged", "--head", "main")
        #expect(both.exitCode == 2 && both.stderr.contains("--head and --staged"))

        let stdin = try CLI.run(["check", "-", "--base", "main"], in: repository.root)
        #expect(stdin.exitCode == 2 && stdin.stderr.contains("standard input has no base revision"))

        let outside = try CLI.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: outside) }
        try Data(Self.deployment("x", image: "x:1").utf8).write(to: outside.appendingPathComponent("x.yaml"))
        let notRepository = try CLI.run(["check", "x.yaml", "--base", "main"], in: outside)
        #expect(notRepository.exitCode == 2)
        #expect(notRepository.stderr.contains("not in a Git repository"))
    }
}
