// sealgate · KubeManifest tests

import Testing
@testable import KubeManifest

struct KubeObjectTests {
    private func objects(_ text: String) throws -> (objects: [KubeObject], skipped: [SkippedDocument]) {
        var objects: [KubeObject] = []
        var skipped: [SkippedDocument] = []
        for document in try parseYAML(text) {
            let found = KubeObject.objects(in: document)
            objects += found.objects
            skipped += found.skipped
        }
        return (objects, skipped)
    }

    @Test("the view reads identity and metadata")
    func identity() throws {
        let found = try objects(
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: shop
              labels: {app: web, replicas: 3}
              annotations:
                note: hello
            """)
        let object = try #require(found.objects.first)
        #expect(object.apiVersion == "apps/v1")
        #expect(object.group == "apps")
        #expect(object.version == "v1")
        #expect(object.kind == "Deployment")
        #expect(object.name == "web")
        #expect(object.namespace == "shop")
        #expect(object.qualifiedName == "shop/web")
        #expect(object.labels == ["app": "web"])  // a non-string label value is not a label
        #expect(object.annotations == ["note": "hello"])
        #expect(object.origin.location.line == 1)
        #expect(object.origin.listIndex == nil)
    }

    @Test("the core group is empty; generated and missing names read sensibly")
    func names() throws {
        let found = try objects(
            """
            apiVersion: v1
            kind: Pod
            metadata: {generateName: job-, namespace: ci}
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: shop}
            ---
            apiVersion: v1
            kind: ConfigMap
            """)
        #expect(found.objects.map(\.group) == ["", "", ""])
        #expect(found.objects.map(\.qualifiedName) == ["ci/job-*", "shop", "<unnamed>"])
    }

    @Test("List and *List documents are unwrapped into their items, with their own positions")
    func lists() throws {
        let found = try objects(
            """
            apiVersion: v1
            kind: List
            items:
              - apiVersion: v1
                kind: Secret
                metadata: {name: a, namespace: ns}
              - just: data
              - apiVersion: v1
                kind: Secret
                metadata: {name: b, namespace: ns}
            ---
            apiVersion: v1
            kind: SecretList
            items:
              - {apiVersion: v1, kind: Secret, metadata: {name: c}}
            ---
            apiVersion: example.com/v1
            kind: AllowList
            spec: {entries: []}
            """)
        #expect(found.objects.map(\.qualifiedName) == ["ns/a", "ns/b", "c", "<unnamed>"])
        #expect(found.objects.map(\.kind) == ["Secret", "Secret", "Secret", "AllowList"])
        #expect(found.objects[1].origin.location.line == 8)
        #expect(found.objects[1].origin.location.column == 5)
        #expect(found.objects[1].origin.listIndex == 2)
        #expect(found.objects[2].origin.documentIndex == 1)
        #expect(found.skipped.map(\.reason) == ["item 1 of List is not a Kubernetes object (no apiVersion or kind)"])
        #expect(found.skipped.first?.location.line == 7)
    }

    @Test("documents that are not objects are skipped with a reason")
    func skipped() throws {
        let found = try objects(
            """
            replicaCount: 3
            image: {repository: nginx}
            ---
            ---
            kind: Deployment
            ---
            apiVersion: v1
            ---
            - a
            - b
            ---
            just a string
            ---
            apiVersion: v1
            kind: ""
            """)
        #expect(found.objects.isEmpty)
        #expect(
            found.skipped.map(\.reason) == [
                "not a Kubernetes object (no apiVersion or kind)",
                "empty document",
                "not a Kubernetes object (kind but no apiVersion)",
                "not a Kubernetes object (apiVersion but no kind)",
                "not a Kubernetes object (a list at the top level)",
                "not a Kubernetes object (a string at the top level)",
                "not a Kubernetes object (apiVersion but no kind)",
            ])
    }

    @Test("a List inside a List is expanded; its objects carry the position of the outer item")
    func nestedLists() throws {
        let found = try objects(
            """
            apiVersion: v1
            kind: List
            items:
              - apiVersion: v1
                kind: ConfigMap
                metadata: {name: first}
              - apiVersion: v1
                kind: SecretList
                items:
                  - apiVersion: v1
                    kind: List
                    items:
                      - {apiVersion: v1, kind: Secret, metadata: {name: deep}}
                      - {note: not an object}
                  - {apiVersion: v1, kind: Secret, metadata: {name: inner}}
            """)
        #expect(found.objects.map(\.name) == ["first", "deep", "inner"])
        #expect(found.objects.map(\.origin.listIndex) == [0, 1, 1])
        #expect(found.objects.map(\.origin.location.line) == [4, 13, 15])
        #expect(found.skipped.map(\.reason) == ["item 1 of List is not a Kubernetes object (no apiVersion or kind)"])
    }
}

/// The object view holds the object as the API server stores it: null mapping entries dropped.
struct StoredFormTests {
    @Test("null entries are dropped at every depth; list items, other values and positions stay")
    func nullsDropped() throws {
        let yaml = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              annotations:
            spec:
              template:
                spec:
                  initContainers:
                  containers:
                    - name: web
                      env: ~
                      args: [a, null]

            """
        let document = try parseYAML(yaml)[0]
        let object = try #require(KubeObject.objects(in: document).objects.first)
        let spec = try #require(object.root["spec"]?["template"]?["spec"]?.mapping)
        #expect(spec["initContainers"] == nil && object.root["metadata"]?["annotations"] == nil)
        let container = try #require(spec["containers"]?.list?.first)
        #expect(container["env"] == nil && container["name"]?.string == "web")
        #expect(container["args"]?.list?.count == 2)  // a list keeps its length
        #expect(container.location.line == 11 && spec["containers"]?.location.line == 11)
        #expect(object.name == "web" && object.annotations.isEmpty)
    }

    @Test("an object without nulls is kept as it is")
    func noNulls() throws {
        let document = try parseYAML("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: '1'}\n")[0]
        let object = try #require(KubeObject.objects(in: document).objects.first)
        #expect(object.root == document.root)
        #expect(object.root["data"]?["a"]?.location.line == 4)
    }
}
