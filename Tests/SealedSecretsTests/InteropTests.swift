// sealgate · SealedSecrets tests

import Foundation
import KubeManifest
import Testing
@testable import SealedSecrets

/// Compatibility with an independent implementation of the format: the Python script under
/// testdata/interop (built on the `cryptography` package, sharing no code with sealgate).
struct InteropTests {
    static let directory = testdata("interop")
    static let script = directory + "/sealed_secrets_vectors.py"

    /// Whether Python with `cryptography` can run the script here; the committed vectors are checked either way.
    static let pythonAvailable: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import cryptography"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    static var ring: KeyRing { try! KeyRing.load(from: [directory + "/key"]) }

    /// Runs the script with `stdin`, returning its standard output.
    static func python(_ arguments: [String], stdin: [UInt8]) throws -> (output: [UInt8], status: Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script] + arguments
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data(stdin))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (Array(data), process.terminationStatus)
    }

    @Test("sealgate unseals every value the Python implementation sealed, in every scope")
    func committedVectors() throws {
        let text = try String(contentsOfFile: Self.directory + "/sealed-by-python.yaml", encoding: .utf8)
        let sealed = try objects(text, name: "sealed-by-python.yaml").map { try SealedSecretManifest($0) }
        let expectedJSON = try Data(contentsOf: URL(fileURLWithPath: Self.directory + "/expected-plaintext.json"))
        let expected = try #require(try JSONSerialization.jsonObject(with: expectedJSON) as? [String: [String: String]])
        #expect(Set(sealed.map(\.scope)) == Set(SealingScope.allCases))
        #expect(sealed.count == expected.count)
        for outcome in Unsealer(ring: Self.ring).open(sealed) {
            let values = try #require(expected[outcome.sealed.name], "no expected plaintext for \(outcome.sealed.name)")
            #expect(outcome.values.count == values.count)
            for (key, result) in outcome.values {
                let want = try #require(values[key].flatMap { Data(base64Encoded: $0) }, "\(outcome.sealed.name).\(key)")
                #expect(try result.get() == Array(want), "\(outcome.sealed.name).\(key)")
            }
        }
    }

    static let samples: [(String, [UInt8])] = [
        ("empty", []), ("text", Array("correct horse battery staple".utf8)), ("binary", (0...255).map { UInt8($0) }),
        ("unicode", Array("grüße 🔐".utf8)), ("large", Array(repeating: 0x5A, count: 70_000)),
    ]

    @Test(
        "the Python implementation opens what sealgate seals, in every scope",
        .enabled(if: pythonAvailable, "skipped: python3 with the cryptography package is not installed"),
        arguments: SealingScope.allCases)
    func pythonOpensSealgate(scope: SealingScope) throws {
        let certificate = try #require(Self.ring.current?.certificate)
        let label = scope.label(namespace: "interop", name: "from-sealgate")
        for (name, plaintext) in Self.samples {
            let sealed = Base64.encode(try HybridCipher.seal(plaintext, label: label, to: certificate.publicKey))
            let opened = try Self.python(
                ["unseal", "--key", Self.directory + "/key/tls.key", "--label", String(decoding: label, as: UTF8.self)],
                stdin: Array(sealed.utf8))
            #expect(opened.status == 0, "\(name)")
            #expect(opened.output == plaintext, "\(name)")
        }
    }

    @Test(
        "sealgate opens what the Python implementation seals now, and refuses it under another label",
        .enabled(if: pythonAvailable, "skipped: python3 with the cryptography package is not installed"))
    func sealgateOpensPython() throws {
        let key = try #require(Self.ring.keys.first).privateKey
        for (name, plaintext) in Self.samples {
            let sealed = try Self.python(
                ["seal", "--cert", Self.directory + "/key/tls.crt", "--label", "interop/from-python"], stdin: plaintext)
            #expect(sealed.status == 0, "\(name)")
            let bytes = try #require(Base64.decode(String(decoding: sealed.output, as: UTF8.self)), "\(name)")
            #expect(try HybridCipher.open(bytes, label: Array("interop/from-python".utf8), with: key) == plaintext, "\(name)")
            #expect(throws: SealedSecretsError.self) { try HybridCipher.open(bytes, label: Array("interop".utf8), with: key) }
        }
    }
}
