// sealgate · fuzz target policy-loading

import Diagnostics
import FuzzSupport
import KubeManifest
import PolicyEngine

// Any bytes as a policy file given with --policies: read as YAML with the real limits, every policy
// document loaded by PolicyLoader (which compiles each expression), then the policies that load are run
// over three fixed objects, so match rules, variables, messageExpressions, fieldPaths, waivers and
// exceptions are evaluated too. Every outcome must be a policy set and a report, or a PolicyError.

private let file = SourceFile(path: "fuzz-policy.yaml")

private let objects =
    Fixtures.objects("testdata/example-repo/apps/shop/frontend.yaml").filter { $0.kind == "Deployment" }
    + Fixtures.objects("testdata/example-repo/namespaces.yaml").filter { $0.name == "shop" }
    + Fixtures.objects("testdata/example-repo/network/default-deny.yaml").prefix(1)

private let options = CheckOptions(today: "2026-06-01", concurrency: 1)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    guard let documents = try? ManifestParser.documents(in: bytes, file: file, format: .yaml) else { return 0 }
    let candidates = documents.flatMap { KubeObject.objects(in: $0).objects }.filter { PolicyLoader.policyKinds.contains($0.kind) }
    let policies: PolicySet
    do {
        policies = try PolicyLoader.load(candidates)
    } catch {
        _ = error.description
        return 0
    }
    let report = Checker.check(objects, policies: policies, fileCount: 1, options: options)
    for finding in report.findings { _ = (finding.message, finding.location.description) }
    return 0
}
