// sealgate · fuzz target json-loader

import FuzzSupport
import KubeManifest

// Any bytes as the content of a `.json` file, with the real limits; what loads must come back unchanged
// through both emitters, as in yaml-loader.

private let file = SourceFile(path: "fuzz.json")
private let again = SourceFile(path: "fuzz-roundtrip.json")
private let limits = LoaderLimits()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    let documents: [Document]
    do {
        documents = try ManifestParser.documents(in: bytes, file: file, format: .json, limits: limits)
    } catch {
        _ = error.description
        return 0
    }
    for document in documents {
        let found = KubeObject.objects(in: document)
        for object in found.objects { _ = (object.qualifiedName, object.group, object.version, object.annotations) }
        for skipped in found.skipped { _ = skipped.description }
    }
    RoundTrip.check(documents.map(\.root), limits: limits, file: again)
    return 0
}
