// sealgate · benchmarks

internal import ArgumentParser
internal import CEL
internal import Diagnostics
internal import KubeManifest

/// `sealgate-bench cel`: typical policy expressions over a typical Deployment, each compiled once and
/// evaluated in a loop on one core.
struct CELBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cel",
        abstract: "Evaluations per second of typical policy expressions over a Deployment of three containers."
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "Evaluations per measurement of each expression.")
    var evaluations = 200_000

    /// The expressions, with the rate issue 4 asks of the first two kinds.
    static let cases: [(name: String, expression: String, target: Int?)] = [
        ("field comparison", "object.spec.replicas >= 2", 1_000_000),
        (
            "limits on every container",
            "object.spec.template.spec.containers.all(c, has(c.resources.limits) && has(c.resources.limits.memory))", 200_000
        ),
        (
            "no privileged (optionals)",
            "object.spec.template.spec.containers.all(c, !c.?securityContext.?privileged.orValue(false))", 200_000
        ),
        (
            "memory limit quantity",
            "object.spec.template.spec.containers.all(c, quantity(c.resources.limits.memory).isLessThan(quantity('2Gi')))", 200_000
        ),
        (
            "requests within limits",
            "object.spec.template.spec.containers.all(c, quantity(c.resources.requests.cpu).compareTo(quantity(c.resources.limits.cpu)) <= 0)",
            200_000
        ),
        (
            "image pinned (regex)",
            "object.spec.template.spec.containers.all(c, c.image.matches('^[a-z0-9.-]+(:[0-9]+)?/[a-z0-9/._-]+:[A-Za-z0-9_.-]+$'))", 200_000
        ),
        ("no latest tag", "!object.spec.template.spec.containers.exists(c, c.image.endsWith(':latest'))", 200_000),
        (
            "name is a DNS label",
            "object.metadata.name.matches('^[a-z0-9]([-a-z0-9]*[a-z0-9])?$') && size(object.metadata.name) <= 63", nil
        ),
        (
            "selector matches labels",
            "'app' in object.metadata.labels && object.metadata.labels['app'] == object.spec.selector.matchLabels['app']", nil
        ),
        (
            "no host namespaces",
            "!object.spec.template.spec.?hostNetwork.orValue(false) && !object.spec.template.spec.?hostPID.orValue(false)", nil
        ),
        (
            "ports above 1024",
            "object.spec.template.spec.containers.all(c, c.?ports.orValue([]).all(p, p.containerPort > 1024))", 200_000
        ),
        ("container names (map)", "object.spec.template.spec.containers.map(c, c.name).all(n, n.size() < 64)", 200_000),
    ]

    static let deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: checkout
          namespace: shop
          labels: {app: checkout, tier: backend}
        spec:
          replicas: 3
          selector:
            matchLabels: {app: checkout}
          template:
            metadata:
              labels: {app: checkout, tier: backend}
            spec:
              serviceAccountName: checkout
              securityContext: {runAsNonRoot: true}
              containers:
                - name: app
                  image: registry.example.com/shop/checkout:1.4.2
                  ports: [{containerPort: 8080}, {containerPort: 9090}]
                  resources:
                    requests: {cpu: 250m, memory: 256Mi}
                    limits: {cpu: "1", memory: 512Mi}
                  securityContext: {allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true}
                - name: sidecar
                  image: registry.example.com/mesh/proxy:2.0.1
                  ports: [{containerPort: 15001}]
                  resources:
                    requests: {cpu: 100m, memory: 64Mi}
                    limits: {cpu: 500m, memory: 128Mi}
                  securityContext: {allowPrivilegeEscalation: false}
                - name: metrics
                  image: registry.example.com/ops/exporter:0.9.0
                  ports: [{containerPort: 9100}]
                  resources:
                    requests: {cpu: 50m, memory: 32Mi}
                    limits: {cpu: 200m, memory: 64Mi}
        """

    func run() async throws {
        let documents = try ManifestParser.documents(in: Self.deployment, file: SourceFile(path: "deployment.yaml"))
        let object = CELValue(documents[0].root)
        let environment = CELEnvironment(variables: ["object"])
        print("CEL: each expression compiled once, evaluated \(evaluations) times on one core; best of \(common.runs) runs")
        var rows = [["case", "result", "ns/eval", "evals/s", "target"]]
        for (name, expression, target) in Self.cases {
            let program = try environment.compile(expression)
            let result = try program.evaluate(positional: [object])
            let n = evaluations
            let measurement = await Measurement.best(name, items: n, runs: common.runs) {
                var trues = 0
                for _ in 0..<n {
                    if case .bool(true) = try! program.evaluate(positional: [object]) { trues += 1 }
                }
                precondition(trues == 0 || trues == n)
            }
            let rate = measurement.itemsPerSecond
            rows.append([
                name, result.jsonText, Measurement.format(measurement.seconds * 1e9 / Double(n), digits: 0),
                Measurement.format(rate, digits: 0),
                target.map { rate >= Double($0) ? "≥ \($0) met" : "≥ \($0) MISSED" } ?? "",
            ])
        }
        var widths = [Int](repeating: 0, count: rows[0].count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        for row in rows {
            print(
                row.enumerated().map { i, cell in
                    i == 0
                        ? cell + String(repeating: " ", count: widths[i] - cell.count)
                        : String(repeating: " ", count: widths[i] - cell.count) + cell
                }.joined(separator: "  "))
        }
    }
}
