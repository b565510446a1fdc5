// sealgate · fuzz target sealed-value

import FuzzSupport
import KubeManifest
import SealedSecrets

// One `encryptedData` value of a SealedSecret, opened by the Unsealer with a fixed ring of two test keys
// (testdata/keys/current and testdata/interop/key): base64, the length prefix, RSA-OAEP with the scope's
// label, AES-GCM, and on failure the diagnosis that tries the other scopes. It must never crash; a value
// that opens must become a Secret.
//
// Input: a flags byte, then `namespace\n name\n` and the value.
//   flags bit 0: the value is raw bytes, base64-encoded by the harness (so mutations reach the binary
//                layers directly); clear: the value is the base64 text itself, as written in a manifest.
//   flags bits 1-2: the scope annotations: none (strict), namespace-wide, cluster-wide, or both.
// A missing newline leaves the namespace or name empty.

private let unsealer: Unsealer = {
    do {
        let ring = try KeyRing.load(from: [
            Fixtures.path("testdata/keys/current/tls.key"), Fixtures.path("testdata/interop/key/tls.key"),
        ])
        return Unsealer(ring: ring)
    } catch {
        fatalError("the fixed key ring does not load: \(error)")
    }
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    guard let flags = bytes.first else { return 0 }
    var rest = bytes.dropFirst()[...]
    func line() -> String {
        guard let newline = rest.firstIndex(of: UInt8(ascii: "\n")) else { return "" }
        defer { rest = rest[(newline + 1)...] }
        return String(decoding: rest[..<newline], as: UTF8.self)
    }
    let namespace = line()
    let name = line()
    let value =
        flags & 1 == 1
        ? base64(Array(rest))
        : String(decoding: rest, as: UTF8.self)

    var annotations: [(String, Value)] = []
    if flags & 2 != 0 { annotations.append((SealingScope.namespaceWideAnnotation, .string("true"))) }
    if flags & 4 != 0 { annotations.append((SealingScope.clusterWideAnnotation, .string("true"))) }
    var metadata: [(String, Value)] = [("name", .string(name)), ("namespace", .string(namespace))]
    if !annotations.isEmpty { metadata.append(("annotations", .object(annotations))) }

    let secret = SealedSecretManifest(
        name: name, namespace: namespace, metadata: Node(.object(metadata)).mapping!,
        encryptedData: [("value", value)], template: Mapping())
    for outcome in unsealer.open([secret]) {
        if outcome.failures.isEmpty {
            _ = try? unsealer.secret(from: outcome)
        }
        for failure in outcome.failures { _ = (failure.description, failure.code) }
    }
    return 0
}

/// Standard base64 with padding, written here rather than taken from the code under test.
private func base64(_ bytes: [UInt8]) -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    var out: [UInt8] = []
    out.reserveCapacity((bytes.count + 2) / 3 * 4)
    var index = 0
    while index < bytes.count {
        let chunk = bytes[index..<min(index + 3, bytes.count)]
        let b0 = Int(chunk[chunk.startIndex])
        let b1 = chunk.count > 1 ? Int(chunk[chunk.startIndex + 1]) : 0
        let b2 = chunk.count > 2 ? Int(chunk[chunk.startIndex + 2]) : 0
        out.append(alphabet[b0 >> 2])
        out.append(alphabet[(b0 & 0x03) << 4 | b1 >> 4])
        out.append(chunk.count > 1 ? alphabet[(b1 & 0x0F) << 2 | b2 >> 6] : UInt8(ascii: "="))
        out.append(chunk.count > 2 ? alphabet[b2 & 0x3F] : UInt8(ascii: "="))
        index += 3
    }
    return String(decoding: out, as: UTF8.self)
}
