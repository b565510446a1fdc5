// sealgate · SealedSecrets tests

import Foundation
import KubeManifest
import Testing
@testable import SealedSecrets

/// Base64 is decoded as Go's `base64.StdEncoding.DecodeString` decodes it (the API server for `data`, the
/// Bitnami controller for `encryptedData`); each case below follows one of its rules.
struct Base64Tests {
    static let accepted: [(String, [UInt8], String)] = [
        ("", [], "empty input is no bytes"),
        ("QUJD", Array("ABC".utf8), "one full group"),
        ("QUI=", Array("AB".utf8), "three digits and one '='"),
        ("QQ==", Array("A".utf8), "two digits and '=='"),
        ("QUJDREVG", Array("ABCDEF".utf8), "two groups"),
        ("QUJD\nREVG\n", Array("ABCDEF".utf8), "line breaks are ignored"),
        ("Q\r\nU\rJ\nD", Array("ABC".utf8), "CR and LF anywhere, even inside a group"),
        ("QQ=\n=", Array("A".utf8), "a line break between the two '='"),
        ("QQ==\r\n\r\n", Array("A".utf8), "line breaks after the padding"),
        ("QR==", [0x41], "left-over bits that are not zero (StdEncoding is not Strict)"),
        ("QUM=", [0x41, 0x43], "left-over bits of a three-digit group are dropped"),
        ("+/+/", [0xFB, 0xFF, 0xBF], "'+' and '/' are the last two digits"),
    ]

    @Test("what Go's StdEncoding accepts decodes to the same bytes", arguments: accepted)
    func accepts(text: String, bytes: [UInt8], rule: String) {
        #expect(Base64.decode(text) == bytes, "\(rule)")
    }

    static let refused: [(String, String)] = [
        ("QQ===", "a third '=' (kubectl and the controller refuse it; Foundation's decoder took it)"),
        ("QUI==", "two '=' after three digits"),
        ("QUJD=", "an '=' after a full group"),
        ("QUJD====", "a group of padding alone"),
        ("QQ", "a group without its padding"),
        ("QUI", "three digits without '='"),
        ("QQ=", "'==' cut short"),
        ("Q", "one digit alone"),
        ("Q===", "one digit and padding"),
        ("=QQ=", "padding first"),
        ("QQ==QQ==", "data after the padding"),
        ("QQ==\nQUJD", "data after the padding on the next line"),
        ("QUJDQ", "five digits"),
        ("QUJD ", "a trailing space"),
        (" QUJD", "a leading space"),
        ("QU JD", "a space inside"),
        ("QUJD\t", "a tab"),
        ("QU-_", "the URL alphabet"),
        ("QUJ\u{E9}", "a letter outside ASCII"),
        ("QUJD\0", "a NUL byte"),
    ]

    @Test("what Go's StdEncoding refuses is invalid", arguments: refused)
    func refuses(text: String, rule: String) {
        #expect(Base64.decode(text) == nil, "\(rule)")
    }

    @Test("decoding reverses encoding for every length and every byte value")
    func roundTrip() {
        for length in 0..<70 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ length) }
            #expect(Base64.decode(Base64.encode(bytes)) == bytes, "\(length) bytes")
        }
        let all = (0...255).map(UInt8.init)
        #expect(Base64.decode(Base64.encode(all)) == all)
    }

    @Test("a Secret's data, a sealed value and a key Secret all use the one decoder")
    func everyCallerRefusesExtraPadding() throws {
        let padded = #expect(throws: SealedSecretsError.self) {
            try secret("apiVersion: v1\nkind: Secret\nmetadata: {name: a}\ndata:\n  password: aHVudGVyMg===\n")
        }
        #expect(padded?.description == "input.yaml:5:13: error: 'data.password' is not valid base64; use 'stringData' for plain text")

        let sealed = try sealAndReload(
            "apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: shop}\nstringData: {password: hunter2}\n")
        var damaged = sealed
        damaged.encryptedData[0].value += "="
        let outcome = try #require(Unsealer(ring: TestKeys.current).open([damaged]).first)
        #expect(outcome.failures.map(\.code) == [.invalidInput])
        #expect(outcome.failures.first?.reason == "is not valid base64; it was damaged after sealing, re-seal it")

        let keySecret = try String(contentsOfFile: testdata("keys/bitnami-key-secret.yaml"), encoding: .utf8)
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("key.yaml").path
        let broken = try #require(keySecret.range(of: #"tls\.key: [A-Za-z0-9+/]+=*"#, options: .regularExpression))
        try (keySecret.replacingCharacters(in: broken, with: keySecret[broken] + "===")).write(
            toFile: path, atomically: true, encoding: .utf8)
        let keyError = #expect(throws: SealedSecretsError.self) { try KeyRing.load(from: [path]) }
        #expect(keyError?.reason.hasPrefix("'data.tls.key' of Secret") == true, "\(String(describing: keyError))")
    }
}
