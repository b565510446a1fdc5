// sealgate · fuzz support

import Diagnostics
public import KubeManifest

/// What the yaml-loader and json-loader targets do with one input: load it as a file of `format` with the
/// real limits, read every object's derived fields and every skip reason, then hold the emitters to
/// their round-trip promise (``RoundTrip``).
public struct LoaderFuzzing: Sendable {
    private let format: ManifestFormat
    private let file: SourceFile
    private let again: SourceFile
    private let limits = LoaderLimits()

    /// A fuzzing routine for inputs named `fuzz.<extension>`.
    public init(format: ManifestFormat, fileExtension: String) {
        self.format = format
        file = SourceFile(path: "fuzz.\(fileExtension)")
        again = SourceFile(path: "fuzz-roundtrip.\(fileExtension)")
    }

    /// Runs one input; traps (a finding) only when the round trip breaks or a crash happens below.
    public func run(_ bytes: UnsafeRawBufferPointer) {
        let documents: [Document]
        do {
            documents = try ManifestParser.documents(in: bytes, file: file, format: format, limits: limits)
        } catch {
            _ = error.description
            return
        }
        for document in documents {
            let found = KubeObject.objects(in: document)
            for object in found.objects {
                _ = (object.qualifiedName, object.group, object.version, object.labels, object.annotations)
            }
            for skipped in found.skipped { _ = skipped.description }
        }
        RoundTrip.check(documents.map(\.root), limits: limits, file: again)
    }
}
