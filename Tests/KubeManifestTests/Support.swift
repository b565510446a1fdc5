// sealgate · KubeManifest tests

import Diagnostics
import Foundation
@testable import KubeManifest

/// Parses YAML text as a file called `name`.
func parseYAML(_ text: String, name: String = "test.yaml", limits: LoaderLimits = LoaderLimits()) throws(ManifestError) -> [Document] {
    try ManifestParser.documents(in: text, file: SourceFile(path: name), format: .yaml, limits: limits)
}

/// Parses YAML text that holds one document and returns its root.
func parseOne(_ text: String) throws -> Node {
    let documents = try parseYAML(text)
    guard documents.count == 1 else { throw TestFailure("expected one document, got \(documents.count)") }
    return documents[0].root
}

/// The error a parse throws, or `nil` when it succeeds.
func parseError(
    _ text: String, name: String = "test.yaml", format: ManifestFormat = .yaml, limits: LoaderLimits = LoaderLimits()
) -> ManifestError? {
    do throws(ManifestError) {
        _ = try ManifestParser.documents(in: text, file: SourceFile(path: name), format: format, limits: limits)
        return nil
    } catch {
        return error
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The repository's top folder, found from this file's path.
let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A fresh temporary directory, removed when the returned value is cleaned up by the caller.
func makeTemporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("sealgate-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Shorthand for building expected trees: values only, positions ignored by `==`.
func node(_ value: Value) -> Node {
    Node(value, at: SourceLocation(file: SourceFile(path: "expected"), line: 1, column: 1))
}

func map(_ pairs: KeyValuePairs<String, Value>) -> Value {
    let file = SourceFile(path: "expected")
    let location = SourceLocation(file: file, line: 1, column: 1)
    return .map(Mapping(pairs.map { Mapping.Entry(key: $0.key, keyLocation: location, value: Node($0.value, at: location)) }))
}

func list(_ values: [Value]) -> Value {
    .list(values.map { node($0) })
}

/// A small deterministic generator (SplitMix64), so a failing random case reproduces.
struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<n`.
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}
