// sealgate · benchmarks

internal import ArgumentParser
internal import Foundation
internal import KubeManifest
internal import PolicyEngine

/// `sealgate-bench check`: a 10,000-object repository against the whole built-in pack, compared with the
/// bare load of the same repository measured in the same run.
struct CheckBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract:
            "Check 10,000 objects (workloads, services, RBAC, network policies, sealed secrets in 50 namespaces) against the built-in pack."
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "Number of objects in the generated repository.")
    var objects = 10_000

    @Option(
        help: ArgumentHelp(
            "Only write the generated repository to this directory (to inspect it, or run sealgate check on it).", valueName: "dir"))
    var writeTo: String?

    func run() async throws {
        if let writeTo {
            let (files, bytes) = try CheckCorpus.write(to: writeTo, objects: objects)
            print("wrote \(objects) objects, \(bytes) bytes in \(files) files to \(writeTo)")
            return
        }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("sealgate-bench-check-\(ProcessInfo.processInfo.processIdentifier)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (files, bytes) = try CheckCorpus.write(to: directory, objects: objects)
        // What `sealgate check` runs: the pack without its off-by-default policies.
        let pack = try BuiltinPolicies.load().selecting(enabled: [], disabled: []).set
        let cores = ProcessInfo.processInfo.activeProcessorCount
        print(
            "corpus: \(objects) objects, \(bytes) bytes in \(files) files, 50 namespaces; \(pack.policies.count) built-in policies (those on by default); \(cores) cores"
        )

        var findings = 0
        // The load and the check alternate, so both are timed under the same conditions; the check is
        // timed as sealgate check runs, without the profile's clock reads around every policy and object.
        let timed = await Measurement.bestInterleaved(
            runs: common.runs,
            [
                ("load (all cores, from disk)", objects, { _ = await ManifestLoader().load([.path(directory)]) }),
                (
                    "sealgate check: load + match + evaluate", objects,
                    {
                        let loaded = await ManifestLoader().load([.path(directory)])
                        let report = Checker.check(
                            loaded.objects, policies: pack, parseErrors: loaded.parseErrors, fileCount: loaded.files.count,
                            options: CheckOptions(today: "2026-11-25", concurrency: cores))
                        findings = report.findings.count
                    }
                ),
            ])
        let (load, check) = (timed[0], timed[1])
        // Where the time goes, from one more run with the profile on.
        let loaded = await ManifestLoader().load([.path(directory)])
        var options = CheckOptions(today: "2026-11-25", concurrency: cores)
        options.profile = true
        let profile =
            Checker.check(loaded.objects, policies: pack, parseErrors: loaded.parseErrors, fileCount: loaded.files.count, options: options)
            .profile ?? CheckProfile()
        Measurement.report([check], reference: load)
        let evaluation = check.seconds - load.seconds
        let threadTime = profile.matchingSeconds + profile.evaluationSeconds
        let matchShare = threadTime > 0 ? profile.matchingSeconds / threadTime : 0
        print("findings: \(findings)")
        print(
            "time: load \(Measurement.format(load.seconds * 1000, digits: 1)) ms (\(Measurement.format(100 * load.seconds / check.seconds, digits: 0))%), "
                + "matching and evaluation \(Measurement.format(evaluation * 1000, digits: 1)) ms (\(Measurement.format(100 * evaluation / check.seconds, digits: 0))%) of which "
                + "matching \(Measurement.format(100 * matchShare, digits: 0))%, evaluation \(Measurement.format(100 * (1 - matchShare), digits: 0))% of thread time"
        )
        let slowest = profile.secondsByPolicy.sorted { $0.value > $1.value }.prefix(6)
            .map { "\($0.key) \(Measurement.format($0.value * 1000, digits: 1)) ms" }
        print("slowest policies (thread time): " + slowest.joined(separator: ", "))
        print(
            "check is \(Measurement.format(check.seconds / load.seconds, digits: 2))x the bare load (target ≤ 3x) and \(Measurement.format(check.seconds, digits: 2)) s (target < 1.5 s)"
        )
    }
}

/// A repository as a platform team keeps one: 50 namespaces, each with its Namespace, quota, default-deny
/// NetworkPolicy and RBAC, then workloads with their Services, ConfigMaps and SealedSecrets; a few
/// planted problems so that the findings are not empty.
enum CheckCorpus {
    static func write(to directory: String, objects count: Int) throws -> (files: Int, bytes: Int) {
        var generator = Generator(seed: 0xC4EC_2026)
        var documents: [String: [String]] = [:]
        let namespaces = (0..<50).map { "team-\($0)" }
        var made = 0
        for namespace in namespaces {
            documents["\(namespace)/namespace.yaml", default: []] += [
                "apiVersion: v1\nkind: Namespace\nmetadata: {name: \(namespace), labels: {team: \(namespace), pod-security.kubernetes.io/enforce: restricted}}\n",
                "apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: quota, namespace: \(namespace)}\nspec: {hard: {requests.cpu: '20', requests.memory: 40Gi}}\n",
                "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: default-deny, namespace: \(namespace)}\nspec: {podSelector: {}, policyTypes: [Ingress, Egress]}\n",
                "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: deployer, namespace: \(namespace)}\nrules: [{apiGroups: [apps], resources: [deployments], verbs: [get, list, watch, update, patch]}]\n",
                "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: deployer, namespace: \(namespace)}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: deployer}\nsubjects: [{kind: Group, name: \(namespace)-devs, apiGroup: rbac.authorization.k8s.io}]\n",
            ]
            made += 5
        }
        var index = 0
        while made < count {
            let namespace = namespaces[generator.next(50)]
            let name = "app-\(index)"
            let file = "\(namespace)/\(name).yaml"
            let planted = index % 97 == 0
            documents[file, default: []].append(
                workload(
                    name: name, namespace: namespace, kind: index % 10 == 7 ? "StatefulSet" : (index % 10 == 9 ? "CronJob" : "Deployment"),
                    planted: planted, generator: &generator))
            documents[file, default: []].append(
                "apiVersion: v1\nkind: Service\nmetadata: {name: \(name), namespace: \(namespace)}\nspec: {selector: {app: \(name)}, ports: [{port: 80, targetPort: 8080}]}\n"
            )
            documents[file, default: []].append(
                "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: \(name), namespace: \(namespace)}\nspec:\n  podSelector: {matchLabels: {app: \(name)}}\n  policyTypes: [Ingress]\n  ingress: [{from: [{podSelector: {matchLabels: {app: gateway}}}], ports: [{port: 8080}]}]\n"
            )
            documents[file, default: []].append(
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: \(name)-config, namespace: \(namespace)}\ndata: {LOG_LEVEL: info, UPSTREAM: 'http://\(name).\(namespace).svc'}\n"
            )
            var sealed =
                "apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata: {name: \(name)-db, namespace: \(namespace)}\nspec:\n  encryptedData:\n"
            for key in ["username", "password"] {
                var value = ""
                for _ in 0..<(700 / 8) { value += String(generator.next(1 << 30), radix: 36) }
                sealed += "    \(key): \(Data(value.utf8).base64EncodedString())\n"
            }
            sealed += "  template: {metadata: {name: \(name)-db, namespace: \(namespace)}, type: Opaque}\n"
            documents[file, default: []].append(sealed)
            made += 5
            index += 1
        }
        var bytes = 0
        for (path, items) in documents {
            let url = URL(fileURLWithPath: "\(directory)/\(path)")
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            let text = items.joined(separator: "---\n")
            bytes += text.utf8.count
            try Data(text.utf8).write(to: url)
        }
        return (documents.count, bytes)
    }

    private static func workload(name: String, namespace: String, kind: String, planted: Bool, generator: inout Generator) -> String {
        let image = planted ? "nginx:latest" : "registry.example.com/\(namespace)/\(name):1.\(generator.next(30)).\(generator.next(10))"
        let memory = 64 << generator.next(5)
        let pod = """
            metadata:
              labels: {app: \(name), team: \(namespace)}
            spec:
              serviceAccountName: \(name)
              automountServiceAccountToken: false
              securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
              containers:
                - name: app
                  image: \(image)
                  ports: [{containerPort: 8080, name: http}]
                  env:
                    - {name: LOG_LEVEL, value: info}
                    - {name: DB_PASSWORD, valueFrom: {secretKeyRef: {name: \(name)-db, key: password}}}
                  resources:
                    requests: {cpu: \(100 * (1 + generator.next(8)))m, memory: \(memory)Mi}
                    limits: {memory: \(memory * 2)Mi}
                  securityContext:
                    allowPrivilegeEscalation: false
                    readOnlyRootFilesystem: true
                    privileged: \(planted)
                    capabilities: {drop: [ALL]}
                  readinessProbe: {httpGet: {path: /healthz, port: http}}
            """
        func indented(_ spaces: Int) -> String {
            pod.split(separator: "\n", omittingEmptySubsequences: false).map { String(repeating: " ", count: spaces) + $0 }.joined(
                separator: "\n")
        }
        switch kind {
        case "CronJob":
            return
                "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: \(name), namespace: \(namespace), labels: {app: \(name)}}\nspec:\n  schedule: '*/15 * * * *'\n  jobTemplate:\n    spec:\n      template:\n\(indented(8))\n"
        default:
            return
                "apiVersion: apps/v1\nkind: \(kind)\nmetadata: {name: \(name), namespace: \(namespace), labels: {app: \(name)}}\nspec:\n  replicas: \(1 + generator.next(4))\n  selector: {matchLabels: {app: \(name)}}\n  template:\n\(indented(4))\n"
        }
    }
}
