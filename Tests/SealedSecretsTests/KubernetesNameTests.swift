// sealgate · SealedSecrets tests

import SealedSecrets
import Testing

struct KubernetesNameTests {
    @Test("names Kubernetes accepts", arguments: ["db", "db-1", "a", "app.example.com", "0day", String(repeating: "a", count: 253)])
    func validNames(name: String) {
        #expect(KubernetesName.nameProblem(name) == nil)
    }

    @Test(
        "names Kubernetes refuses, each with the reason",
        arguments: [
            ("", "it is empty"),
            ("Db", "it contains the upper-case letter 'D'"),
            ("db ", "it contains a space"),
            ("db/x", "it contains '/'"),
            ("db\nx", "it contains U+000A"),
            ("db\u{1B}[31m", "it contains U+001B"),
            ("-db", "a part between dots starts or ends with '-'"),
            ("db.", "it has an empty part between dots"),
            ("a..b", "it has an empty part between dots"),
            (String(repeating: "a", count: 254), "it is 254 bytes long, over Kubernetes' limit of 253"),
        ])
    func invalidNames(name: String, reason: String) {
        #expect(KubernetesName.nameProblem(name) == reason)
    }

    @Test("namespaces are labels: no dots, at most 63 bytes")
    func namespaces() {
        #expect(KubernetesName.namespaceProblem("kube-system") == nil)
        #expect(KubernetesName.namespaceProblem("Prod") == "it contains the upper-case letter 'P'")
        #expect(KubernetesName.namespaceProblem("a.b") == "it contains '.'")
        #expect(KubernetesName.namespaceProblem("prod-") == "it starts or ends with '-'")
        #expect(KubernetesName.namespaceProblem(String(repeating: "n", count: 64)) == "it is 64 bytes long, over Kubernetes' limit of 63")
    }
}
