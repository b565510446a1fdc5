// sealgate · KubeManifest tests

import Diagnostics
import Testing
@testable import KubeManifest

/// A mapping scans its entries up to ``Mapping/indexThreshold`` and keeps a hash index above it; lookups
/// must answer the same on both sides of the threshold, through additions, replacements and removals.
struct MappingTests {
    private static func entry(_ key: String, _ value: Int) -> Mapping.Entry {
        Mapping.Entry(key: key, keyLocation: SourceLocation(path: "m.yaml"), value: Node(.int(Int64(value))))
    }

    @Test("lookups by key find every entry below, at and above the index threshold", arguments: [1, 12, 13, 40])
    func lookups(_ count: Int) {
        var mapping = Mapping()
        for i in 0..<count { mapping.set(Self.entry("k\(i)", i)) }
        #expect(mapping.count == count)
        for i in 0..<count {
            #expect(mapping.position(of: "k\(i)") == i)
            #expect(mapping.value(forKey: "k\(i)") == .int(Int64(i)))
            #expect(mapping["k\(i)"]?.value == .int(Int64(i)))
        }
        #expect(mapping.value(forKey: "absent") == nil)
        #expect(mapping.position(of: "absent") == nil)
    }

    @Test("replacing and removing keys keeps lookups right as the mapping crosses the threshold")
    func updates() {
        var mapping = Mapping()
        for i in 0..<14 { mapping.set(Self.entry("k\(i)", i)) }
        // Replacing keeps the position; removing shifts the later entries and drops below the threshold.
        #expect(mapping.set(Self.entry("k3", 30)) == 3)
        #expect(mapping.value(forKey: "k3") == .int(30))
        #expect(mapping.remove("k0")?.value == .int(0))
        #expect(mapping.remove("k1")?.value == .int(1))
        #expect(mapping.count == 12)
        #expect(mapping.position(of: "k2") == 0)
        #expect(mapping.value(forKey: "k13") == .int(13))
        #expect(mapping.value(forKey: "k0") == nil)
        // And back above it.
        mapping.set(Self.entry("k0", 100))
        mapping.set(Self.entry("k1", 101))
        #expect(mapping.position(of: "k1") == 13)
        #expect(mapping.value(forKey: "k0") == .int(100))
        #expect(mapping.keys == (2..<14).map { "k\($0)" } + ["k0", "k1"])
    }
}
