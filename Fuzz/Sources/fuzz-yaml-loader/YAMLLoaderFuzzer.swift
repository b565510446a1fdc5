// sealgate · fuzz target yaml-loader

import FuzzSupport
import KubeManifest

// Any bytes as the content of a `.yaml` file, through the reader the CLI uses, with the real limits.
// Beyond "never crash": whatever loads must come back unchanged through both emitters (the YAML emitter
// promises its output reads back as the same tree; JSON holds every tree without NaN or infinity).

private let file = SourceFile(path: "fuzz.yaml")
private let again = SourceFile(path: "fuzz-roundtrip.yaml")
private let limits = LoaderLimits()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    let documents: [Document]
    do {
        documents = try ManifestParser.documents(in: bytes, file: file, format: .yaml, limits: limits)
    } catch {
        _ = error.description
        return 0
    }
    for document in documents {
        let found = KubeObject.objects(in: document)
        for object in found.objects { _ = (object.qualifiedName, object.group, object.version, object.labels) }
        for skipped in found.skipped { _ = skipped.description }
    }
    RoundTrip.check(documents.map(\.root), limits: limits, file: again)
    return 0
}
