// sealgate · fuzz support

public import KubeManifest

/// Files of the repository that the targets use as fixed inputs (the key ring, the object to evaluate).
public enum Fixtures {
    /// The repository's root, found from this file's place at build time (`Fuzz/Sources/FuzzSupport/`), so a
    /// target run from any directory finds `testdata/`.
    public static let root: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(4)
        return parts.joined(separator: "/")
    }()

    /// A path below the repository's root.
    public static func path(_ relative: String) -> String {
        root + "/" + relative
    }

    /// The objects of a fixture manifest; stops the target when the fixture does not load, since every
    /// finding after that would be about the harness, not the code under test.
    public static func objects(_ relative: String) -> [KubeObject] {
        let loaded = ManifestLoader().loadFile(atPath: path(relative))
        if let error = loaded.error { fatalError("fixture \(relative) does not load: \(error)") }
        return loaded.objects
    }
}
