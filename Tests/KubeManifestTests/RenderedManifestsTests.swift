// sealgate · KubeManifest tests

import Diagnostics
import Testing
@testable import KubeManifest

/// Objects that Helm and kustomize render, placed back at the lines of the files they came from.
struct RenderedManifestsTests {
    /// A template as charts write them: names and labels from helpers, values spliced into scalars.
    static let deploymentTemplate = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{ include "api.fullname" . }}
          labels:
            {{- include "api.labels" . | nindent 4 }}
        spec:
          replicas: {{ .Values.replicaCount }}
          template:
            spec:
              containers:
                - name: api
                  image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
                {{- range .Values.sidecars }}
                - name: {{ .name }}
                  image: {{ .image }}
                {{- end }}

        """

    static let helmOutput = """
        ---
        # Source: api/templates/service.yaml
        apiVersion: v1
        kind: Service
        metadata:
          name: release-name-api
        ---
        # Source: api/templates/deployment.yaml
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: release-name-api
          labels:
            app.kubernetes.io/name: api
        spec:
          replicas: 2
          template:
            spec:
              containers:
                - name: api
                  image: "ghcr.io/example/api:1.8.0"
                - name: proxy
                  image: envoy:1.30
                - name: logs
                  image: fluent-bit:3.0

        """

    /// `file:line:column` of a node.
    static func place(_ node: Node?) -> String {
        guard let location = node?.location else { return "missing" }
        return location.line == 0 ? location.file.path : "\(location.file.path):\(location.line):\(location.column)"
    }

    @Test("helm's output splits at each document, named by its # Source comment")
    func helmDocuments() {
        let documents = RenderedManifests.helmDocuments(in: Array(Self.helmOutput.utf8))
        #expect(documents.map(\.source) == ["api/templates/service.yaml", "api/templates/deployment.yaml"])
        // The comment's line is kept as a blank one: the document's lines stay those of helm's output.
        #expect(String(decoding: documents[0].text, as: UTF8.self).hasPrefix("\napiVersion: v1\n"))
        #expect(RenderedManifests.helmDocuments(in: Array("kind: A\n---\n\n".utf8)).map(\.source) == ["unknown"])
        #expect(RenderedManifests.helmDocuments(in: []).isEmpty)
        #expect(RenderedManifests.chartRelativePath(ofHelmSource: "api/templates/a.yaml") == "templates/a.yaml")
        #expect(RenderedManifests.chartRelativePath(ofHelmSource: "api/charts/db/templates/s.yaml") == "charts/db/templates/s.yaml")
        #expect(RenderedManifests.chartRelativePath(ofHelmSource: "api") == nil)
        #expect(RenderedManifests.chartRelativePath(ofHelmSource: "api/../../etc/passwd") == nil)
    }

    @Test("each rendered key is placed at the template line that writes it; what a helper wrote, at its key")
    func helmPlacement() throws {
        let files = RenderedManifests.helmFiles(Array(Self.helmOutput.utf8), chartDirectory: "charts/api", limits: LoaderLimits()) {
            $0 == "charts/api/templates/deployment.yaml" ? Array(Self.deploymentTemplate.utf8) : nil
        }
        #expect(files.map(\.file.path) == ["charts/api/templates/service.yaml", "charts/api/templates/deployment.yaml"])
        let deployment = try #require(files[1].objects.first)
        let root = deployment.root
        let path = "charts/api/templates/deployment.yaml"
        #expect(Self.place(root) == "\(path):1:1")
        #expect(Self.place(root["metadata"]?["name"]) == "\(path):4:3")
        // The labels came from an include: they stand at `labels:`.
        #expect(Self.place(root["metadata"]?["labels"]?["app.kubernetes.io/name"]) == "\(path):5:3")
        #expect(Self.place(root["spec"]?["replicas"]) == "\(path):8:3")
        let containers = try #require(root["spec"]?["template"]?["spec"]?["containers"]?.list)
        #expect(containers.map(Self.place) == ["\(path):12:11", "\(path):15:11", "\(path):15:11"])
        #expect(Self.place(containers[0]["image"]) == "\(path):13:11")
        // A range writes its items from one place: both sidecars' images are at its `image:`.
        #expect(Self.place(containers[2]["image"]) == "\(path):16:11")
        // A template that cannot be read: its objects stand at its first line.
        #expect(Self.place(files[0].objects.first?.root["metadata"]?["name"]) == "charts/api/templates/service.yaml:1:1")
        #expect(files.allSatisfy { $0.error == nil })
    }

    @Test("a template's second document is looked for after its first")
    func helmSecondDocument() throws {
        let template = """
            apiVersion: v1
            kind: ServiceAccount
            metadata:
              name: {{ .Release.Name }}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: {{ .Release.Name }}-config
            data:
              mode: {{ .Values.mode }}

            """
        let output = """
            ---
            # Source: api/templates/both.yaml
            apiVersion: v1
            kind: ServiceAccount
            metadata:
              name: r
            ---
            # Source: api/templates/both.yaml
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: r-config
            data:
              mode: fast

            """
        let files = RenderedManifests.helmFiles(Array(output.utf8), chartDirectory: ".", limits: LoaderLimits()) { _ in Array(template.utf8)
        }
        #expect(files.count == 1)
        let objects = try #require(files.first?.objects)
        #expect(objects.map(\.kind) == ["ServiceAccount", "ConfigMap"])
        #expect(Self.place(objects[1].root["metadata"]?["name"]) == "templates/both.yaml:9:3")
        #expect(Self.place(objects[1].root["data"]?["mode"]) == "templates/both.yaml:11:3")
        #expect(objects.map(\.origin.documentIndex) == [0, 1])
    }

    @Test("a rendering that is not YAML is an error at the template, saying how to see it")
    func helmBrokenRendering() {
        let output = "---\n# Source: api/templates/bad.yaml\nkind: [unclosed\n"
        let files = RenderedManifests.helmFiles(Array(output.utf8), chartDirectory: "charts/api", limits: LoaderLimits()) { _ in nil }
        #expect(files.count == 1)
        let error = files.first?.error
        #expect(error?.location?.file.path == "charts/api/templates/bad.yaml")
        #expect(error?.reason.contains("run helm template with --show-only templates/bad.yaml") == true)
    }

    @Test("hostile sizes stay linear: a long rendering without Source comments, and a huge template with keys it never spells")
    func helmHostileSizes() throws {
        // 200,000 lines of one document: splitting must not rescan what it kept for every line.
        let long = Array(String(repeating: "k: v\n", count: 200_000).utf8)
        #expect(RenderedManifests.helmDocuments(in: long).map(\.source) == ["unknown"])
        // 50,000 keys the template never spells, in a 100,000-line template: the search budget places the
        // rest at the document's start instead of scanning lines × keys.
        let template = Array(String(repeating: "  # filler\n", count: 100_000).utf8)
        var output = "---\n# Source: c/templates/t.yaml\nkind: ConfigMap\napiVersion: v1\nmetadata: {name: x}\ndata:\n"
        for index in 0..<50_000 { output += "  key\(index): v\n" }
        let files = RenderedManifests.helmFiles(Array(output.utf8), chartDirectory: "c", limits: LoaderLimits()) { _ in template }
        let data = try #require(files.first?.objects.first?.root["data"]?.mapping)
        #expect(data.count == 50_000)
        #expect(files.first?.file.path == "c/templates/t.yaml")
    }

    // MARK: - kustomize

    static let base = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            spec:
              containers:
                - name: web
                  image: nginx:1.27
                - name: sidecar
                  image: envoy:1.30

        """

    @Test("a kustomize object is placed node by node in its source document, whatever order kustomize printed")
    func kustomizePlacement() throws {
        // kustomize sorts keys, renames with a prefix, and a patch added replicas and reordered nothing else.
        let output = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              annotations:
                config.kubernetes.io/origin: |
                  path: ../base/deploy.yaml
              name: prod-web
            spec:
              replicas: 3
              template:
                spec:
                  containers:
                  - image: envoy:1.30
                    name: sidecar
                  - image: nginx:1.27
                    name: web

            """
        let files = try RenderedManifests.kustomizeFiles(
            Array(output.utf8), fallbackPath: "overlay/kustomization.yaml", limits: LoaderLimits(),
            sourcePath: { "repo/" + $0.replacingOccurrences(of: "../", with: "") },
            sourceDocuments: { path in
                path == "repo/base/deploy.yaml" ? try? ManifestParser.documents(in: Self.base, file: SourceFile(path: path)) : nil
            })
        #expect(files.map(\.file.path) == ["repo/base/deploy.yaml"])
        let root = try #require(files.first?.objects.first?.root)
        let file = "repo/base/deploy.yaml"
        #expect(Self.place(root) == "\(file):1:1")
        #expect(Self.place(root["metadata"]?["name"]) == "\(file):4:9")
        // Added by a patch: at its parent's key.
        #expect(Self.place(root["spec"]?["replicas"]) == "\(file):5:1")
        // Containers are matched by name, not position.
        let containers = try #require(root["spec"]?["template"]?["spec"]?["containers"]?.list)
        #expect(containers.map { Self.place($0["image"]) } == ["\(file):12:18", "\(file):10:18"])
        // The annotation sealgate asked for is gone, and with it the annotations it alone made.
        #expect(root["metadata"]?["annotations"] == nil)
        #expect(files.first?.objects.first?.annotations.isEmpty == true)
    }

    @Test("generated objects stand at their generator's item; remote ones at the kustomization; other annotations stay")
    func kustomizeOrigins() throws {
        let kustomization = """
            resources: [deploy.yaml]
            configMapGenerator:
              - name: settings
                literals: [mode=fast]
              - name: settings-extra
                literals: [a=b]

            """
        let output = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              annotations:
                config.kubernetes.io/origin: |
                  configuredIn: kustomization.yaml
                  configuredBy:
                    apiVersion: builtin
                    kind: ConfigMapGenerator
              name: settings-extra-6ct58987ht
            ---
            apiVersion: v1
            kind: Service
            metadata:
              annotations:
                config.kubernetes.io/origin: |
                  path: service.yaml
                  repo: https://github.com/example/manifests
                  ref: v1.0.0
                team: payments
              name: remote

            """
        let files = try RenderedManifests.kustomizeFiles(
            Array(output.utf8), fallbackPath: "app/kustomization.yaml", limits: LoaderLimits(), sourcePath: { "app/" + $0 },
            sourceDocuments: { path in
                path == "app/kustomization.yaml" ? try? ManifestParser.documents(in: kustomization, file: SourceFile(path: path)) : nil
            })
        #expect(files.map(\.file.path) == ["app/kustomization.yaml"])
        let objects = try #require(files.first?.objects)
        #expect(Self.place(objects[0].root) == "app/kustomization.yaml:5:5")
        #expect(Self.place(objects[1].root) == "app/kustomization.yaml")
        #expect(objects[1].annotations == ["team": "payments"])
    }

    @Test("origin annotations, as kustomize writes them")
    func origins() {
        #expect(RenderedManifests.origin(fromAnnotation: "path: ../base/a.yaml\n") == .file("../base/a.yaml"))
        #expect(
            RenderedManifests.origin(fromAnnotation: "configuredIn: k.yaml\nconfiguredBy:\n  kind: SecretGenerator\n")
                == .generator(kustomization: "k.yaml", kind: "SecretGenerator"))
        #expect(RenderedManifests.origin(fromAnnotation: "path: a.yaml\nrepo: https://x\n") == .elsewhere)
        #expect(RenderedManifests.origin(fromAnnotation: "[not, a, map]") == .elsewhere)
        #expect(RenderedManifests.origin(fromAnnotation: "path: {unclosed") == .elsewhere)
    }
}
