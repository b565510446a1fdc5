// sealgate · fuzz target pem-keys

import Foundation
import FuzzSupport
import KubeManifest
import SealedSecrets

// Key and certificate loading as `--key` and `--cert` do it. The input is cut at NULs into up to four
// parts. One part is one file given to --key (a PEM text, or a key Secret / List manifest) and, as it is,
// a certificate given to --cert. Several parts are the files of a key directory (k0.yaml, k1.yaml, …), so
// keys meet loose certificates and are paired. Whatever loads is written back out (PKCS#1, PEM).

private let directory: String = {
    let path = scratchPath()
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    // libFuzzer ends with exit(); without this every run (every job of a fork run) leaves a folder behind.
    atexit { try? FileManager.default.removeItem(atPath: scratchPath()) }
    return path
}()

/// This process's folder for the files of one input.
private func scratchPath() -> String {
    NSTemporaryDirectory() + "sealgate-fuzz-pem-keys-\(ProcessInfo.processInfo.processIdentifier)"
}

private let now = Date(timeIntervalSince1970: 1_780_000_000)  // 2026-05-28, inside the test certificates' validity

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let parts = FuzzInput.parts(UnsafeRawBufferPointer(start: data, count: size), limit: 4)
    let names = (0..<parts.count).map { "\(directory)/k\($0).yaml" }
    for (part, name) in zip(parts, names) {
        guard FileManager.default.createFile(atPath: name, contents: Data(part)) else { fatalError("cannot write \(name)") }
    }
    defer { for name in names { try? FileManager.default.removeItem(atPath: name) } }

    if parts.count == 1 {
        if let certificate = try? Certificate(pem: parts[0], source: "fuzz.crt") {
            _ = (certificate.subject, certificate.notBefore, certificate.publicKey.fingerprint, certificate.publicKey.bits)
            _ = try? certificate.validateForSealing(now: now, source: "fuzz.crt")
            _ = try? certificate.pem()
        }
    }
    do {
        let ring = try KeyRing.load(from: [parts.count == 1 ? names[0] : directory])
        _ = ring.warnings
        for key in ring.keys {
            _ = (key.privateKey.fingerprint, try? key.privateKey.publicKey.fingerprint, key.certificate?.subject)
            _ = try? key.privateKey.pkcs1PEM()
        }
        _ = ring.current?.certificate?.notAfter
    } catch {
        _ = error.description
    }
    return 0
}
