// sealgate · benchmarks

internal import Foundation

/// A deterministic repository of realistic manifests: the same bytes on every machine and every run.
struct Corpus {
    var paths: [String]
    var bytes: [[UInt8]]

    /// Writes `files` files of `objectsPerFile` objects each under `directory` (in 20 folders, as a
    /// GitOps repository groups apps).
    static func write(to directory: String, files: Int, objectsPerFile: Int) throws -> Corpus {
        var generator = Generator(seed: 0x5EA1_6A7E)
        var corpus = Corpus(paths: [], bytes: [])
        for fileIndex in 0..<files {
            let folder = "\(directory)/team-\(fileIndex % 20)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            var text = ""
            for objectIndex in 0..<objectsPerFile {
                if objectIndex > 0 { text += "---\n" }
                text += generator.object(number: fileIndex * objectsPerFile + objectIndex)
            }
            let path = "\(folder)/app-\(fileIndex).yaml"
            let bytes = Array(text.utf8)
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            corpus.paths.append(path)
            corpus.bytes.append(bytes)
        }
        return corpus
    }
}

/// Makes manifests from a fixed seed (a 64-bit linear congruential generator: stable across platforms,
/// unlike the system's random numbers).
struct Generator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next(_ bound: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int((state >> 33) % UInt64(bound))
    }

    mutating func object(number: Int) -> String {
        let namespace = "ns-\(next(50))"
        let name = "app-\(number)"
        switch number % 5 {
        case 0, 1: return deployment(name: name, namespace: namespace)
        case 2: return service(name: name, namespace: namespace)
        case 3: return configMap(name: name, namespace: namespace)
        default: return role(name: name, namespace: namespace)
        }
    }

    private mutating func deployment(name: String, namespace: String) -> String {
        let replicas = 1 + next(5)
        let cpu = 100 * (1 + next(8))
        let memory = 64 << next(5)
        return """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: \(name)
              namespace: \(namespace)
              labels:
                app.kubernetes.io/name: \(name)
                app.kubernetes.io/part-of: shop
                team: team-\(next(20))
              annotations:
                deployment.kubernetes.io/revision: "\(1 + next(30))"
            spec:
              replicas: \(replicas)
              selector:
                matchLabels:
                  app.kubernetes.io/name: \(name)
              template:
                metadata:
                  labels:
                    app.kubernetes.io/name: \(name)
                spec:
                  serviceAccountName: \(name)
                  securityContext:
                    runAsNonRoot: true
                    seccompProfile:
                      type: RuntimeDefault
                  containers:
                    - name: app
                      image: registry.example.com/shop/\(name):1.\(next(20)).\(next(10))
                      ports:
                        - containerPort: 8080
                          name: http
                      env:
                        - name: LOG_LEVEL
                          value: info
                        - name: FEATURE_FLAGS
                          value: "checkout,search"
                        - name: UPSTREAM_URL
                          value: http://upstream-\(next(40)).\(namespace).svc.cluster.local:8080
                        - name: POD_NAME
                          valueFrom:
                            fieldRef:
                              fieldPath: metadata.name
                      resources:
                        requests:
                          cpu: \(cpu)m
                          memory: \(memory)Mi
                        limits:
                          memory: \(memory * 2)Mi
                      securityContext:
                        allowPrivilegeEscalation: false
                        readOnlyRootFilesystem: true
                        capabilities:
                          drop: ["ALL"]
                      readinessProbe:
                        httpGet:
                          path: /healthz
                          port: http
                        periodSeconds: 10
                      livenessProbe:
                        httpGet:
                          path: /livez
                          port: http
                        initialDelaySeconds: \(5 + next(20))
                        failureThreshold: 3
                  tolerations:
                    - key: dedicated
                      operator: Equal
                      value: shop
                      effect: NoSchedule

            """
    }

    private mutating func service(name: String, namespace: String) -> String {
        """
        apiVersion: v1
        kind: Service
        metadata:
          name: \(name)
          namespace: \(namespace)
          labels:
            app.kubernetes.io/name: \(name)
        spec:
          type: ClusterIP
          selector:
            app.kubernetes.io/name: \(name)
          ports:
            - name: http
              port: 80
              targetPort: \(8000 + next(100))
              protocol: TCP

        """
    }

    private mutating func configMap(name: String, namespace: String) -> String {
        var text = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: \(name)-config
              namespace: \(namespace)
            data:

            """
        for key in 0..<(6 + next(6)) {
            text += "  setting_\(key): \"value-\(next(100_000))\"\n"
        }
        text += """
              app.properties: |
                server.port=8080
                cache.size=\(next(1000))
                retry.count=3

            """
        return text
    }

    private mutating func role(name: String, namespace: String) -> String {
        """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata:
          name: \(name)-reader
          namespace: \(namespace)
        rules:
          - apiGroups: [""]
            resources: ["configmaps", "services"]
            verbs: ["get", "list", "watch"]
          - apiGroups: ["apps"]
            resources: ["deployments"]
            verbs: ["get", "list"]

        """
    }
}
