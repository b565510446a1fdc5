// sealgate · fuzz support

public import Diagnostics
public import KubeManifest

/// The emitters' promise, checked on every tree a loader gave: written as YAML or as JSON and read back,
/// the same tree comes out (`TreeComparison`), or the target stops with the difference.
public enum RoundTrip {
    /// Writes `roots` as one YAML stream and each root as JSON (pretty and compact), reads each back and
    /// compares; traps on the first difference, naming the emitter and the path.
    public static func check(_ roots: [Node], limits: LoaderLimits, file: SourceFile) {
        guard !roots.isEmpty else { return }
        let yaml = YAMLEmitter.emit(documents: roots)
        compare(roots, read(yaml, .yaml, limits: limits, file: file, emitter: "YAMLEmitter"), emitter: "YAMLEmitter", text: yaml)
        for root in roots {
            for pretty in [true, false] {
                guard let json = try? JSONEmitter.emit(root, pretty: pretty) else { continue }  // NaN, infinity
                let name = "JSONEmitter(pretty: \(pretty))"
                compare([root], read(json, .json, limits: limits, file: file, emitter: name), emitter: name, text: json)
            }
        }
    }

    private static func read(_ text: String, _ format: ManifestFormat, limits: LoaderLimits, file: SourceFile, emitter: String) -> [Node] {
        // The emitted text may be larger than the input (aliases expand), but never deeper: a tree the
        // loader accepted is within maxDepth, so a too-deep refusal here means the loader let one through.
        var relaxed = limits
        relaxed.maxFileSize = Int.max
        relaxed.maxAliasExpansion = Int.max
        do {
            return try ManifestParser.documents(in: text, file: file, format: format, limits: relaxed).map(\.root)
        } catch {
            fatalError("\(emitter) wrote text its reader refuses: \(error)\n--- text\n\(text)")
        }
    }

    private static func compare(_ original: [Node], _ reread: [Node], emitter: String, text: String) {
        guard original.count == reread.count else {
            fatalError("\(emitter): \(original.count) documents written, \(reread.count) read back\n--- text\n\(text)")
        }
        for (index, pair) in zip(original, reread).enumerated() {
            if let path = TreeComparison.firstDifference(pair.0, pair.1) {
                fatalError("\(emitter): document \(index) reads back different at \(path)\n--- text\n\(text)")
            }
        }
    }
}
