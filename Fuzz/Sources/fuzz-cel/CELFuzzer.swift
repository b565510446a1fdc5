// sealgate · fuzz target cel

import CEL
import Diagnostics
import FuzzSupport
import KubeManifest

// The input up to its first NUL is a CEL expression; the bytes after it, when there are any, are a YAML or
// JSON document bound to `params`. In the expression, `\u{1}part\u{1}` and a count byte stand for `part`
// repeated count × 40 times (FuzzInput.amplified), so the fuzzer can reach chains thousands deep. The expression is parsed (and its tree described), checked, compiled
// and evaluated over a fixed Deployment, with the variables a policy has, under a modest cost limit; the
// result and any error are rendered as the CLI renders them. Every outcome must be a value or a CELError.

/// A tenth of Kubernetes' per-expression budget: enough for every expression of the built-in pack, small
/// enough that a runaway stops well inside libFuzzer's per-input timeout.
private let costLimit = 100_000

private let environment = CELEnvironment(
    variables: ["object", "oldObject", "params", "namespaceObject", "request", "variables", "objects"],
    costLimit: costLimit)

private let deployment = Fixtures.objects("testdata/example-repo/apps/shop/frontend.yaml").first { $0.kind == "Deployment" }!
private let namespace = Fixtures.objects("testdata/example-repo/namespaces.yaml").first { $0.name == "shop" }!
private let everything = [
    "apps/shop/frontend.yaml", "apps/shop/cart.yaml", "namespaces.yaml", "network/default-deny.yaml", "rbac/roles.yaml",
]
.flatMap { Fixtures.objects("testdata/example-repo/" + $0) }

private let fixedBindings: [String: CELValue] = [
    "object": CELValue(deployment.root),
    "oldObject": .null,
    "namespaceObject": CELValue(namespace.root),
    "request": CELValue(Node(.object([("operation", .string("CREATE")), ("namespace", .string("shop"))]))),
    "variables": CELValue(Node(.object([("ready", .bool(true)), ("name", .string("frontend"))]))),
    "objects": CELValue(Node(.list(everything.map(\.root)))),
]

private let paramsFile = SourceFile(path: "params.yaml")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let (head, tail) = FuzzInput.splitAtNUL(UnsafeRawBufferPointer(start: data, count: size))
    let source = String(decoding: FuzzInput.amplified(Array(head), limit: 120_000), as: UTF8.self)

    var bindings = fixedBindings
    bindings["params"] = .null
    if let tail, let document = try? ManifestParser.documents(in: tail, file: paramsFile).first {
        bindings["params"] = CELValue(document.root)
    }

    do {
        _ = try Parser.parse(source, limits: environment.parserLimits).description
    } catch {
        _ = error.caretDiagram(in: source)
    }
    let program: CELProgram
    do {
        program = try environment.compile(source)
    } catch {
        _ = (error.description, error.caretDiagram(in: source))
        return 0
    }
    _ = (program.readVariables, program.fields(selectedOn: "object"), program.fields(selectedOn: "variables"))
    do {
        let result = try program.evaluate(bindings)
        _ = (result.jsonText, result.type.description)
    } catch {
        _ = (error.description, error.caretDiagram(in: source))
    }
    return 0
}
