// sealgate · SealedSecrets tests

import Diagnostics
import Foundation
import KubeManifest
import Testing
@testable import SealedSecrets

/// Errors about what the caller passed say which argument and how, and their reasons name no command-line
/// flag: the command line says that in its own words.
struct ArgumentProblemTests {
    let sealer = Sealer(certificate: TestKeys.currentCertificate)

    static let problems: [SealedSecretsError.ArgumentProblem] = [
        .missing(.name, scope: .strict, singleValue: true), .missing(.namespace, scope: .namespaceWide, singleValue: true),
        .missing(.name, scope: .strict, singleValue: false), .missing(.namespace, scope: .strict, singleValue: false),
        .conflicting(.name, given: "a", own: "b"), .conflicting(.namespace, given: "a", own: "b"),
        .invalid(.name, given: "A", problem: "p", singleValue: false), .invalid(.namespace, given: "A", problem: "p", singleValue: true),
        .keySource(.notFound), .keySource(.noKey), .keySource(.notAKeyFile(what: "a socket")),
    ]

    @Test("no reason names a flag", arguments: problems)
    func noFlags(problem: SealedSecretsError.ArgumentProblem) {
        let reason = problem.reason
        #expect(!reason.contains("--") && !reason.contains("-n ") && !reason.contains("--raw"), "\(reason)")
        #expect(SealedSecretsError(.invalidInput, argument: problem).reason == reason)
    }

    @Test("the sealer says which argument is at fault, with the values; a name from the Secret is no argument")
    func sealerArguments() throws {
        let named = try manifest("apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: shop}\nstringData: {a: b}\n")
        let conflict = #expect(throws: SealedSecretsError.self) { try sealer.seal(named, options: .init(name: "web")) }
        #expect(conflict?.argument == .conflicting(.name, given: "web", own: "db"))
        #expect(conflict?.location?.description == "s.yaml:1")
        let raw = #expect(throws: SealedSecretsError.self) { try sealer.sealRaw([1], scope: .strict, name: nil, namespace: "shop") }
        #expect(raw?.argument == .missing(.name, scope: .strict, singleValue: true))
        let fromSecret = try manifest("apiVersion: v1\nkind: Secret\nmetadata: {name: 'db ', namespace: shop}\nstringData: {a: b}\n")
        let invalid = #expect(throws: SealedSecretsError.self) { try sealer.seal(fromSecret) }
        #expect(invalid?.argument == nil)
        #expect(invalid?.reason.hasPrefix("metadata.name 'db ' is not a valid Kubernetes name") == true)
    }

    @Test("a key path that does not exist is an argument problem of the key ring")
    func keyRing() {
        let error = #expect(throws: SealedSecretsError.self) { try KeyRing.load(from: ["/nonexistent/sealgate-keys"]) }
        #expect(error?.argument == .keySource(.notFound))
        #expect(error?.code == .io)
    }

    @Test("an unsealing failure names the scope to re-seal with in the library's words")
    func resealScope() {
        let advice = Unsealer.ValueFailure.resealAdvice(.namespaceWide)
        #expect(advice == "re-seal it with scope namespace-wide")
        #expect(!advice.contains("--"))
    }

    private func manifest(_ yaml: String) throws -> SecretManifest {
        let documents = try ManifestParser.documents(in: yaml, file: SourceFile(path: "s.yaml"))
        let document = try #require(documents.first)
        return try SecretManifest(try #require(KubeObject.objects(in: document).objects.first))
    }
}
