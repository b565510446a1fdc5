// sealgate · UnsealSidecar tests

import Foundation
import Testing

@testable import UnsealSidecar

/// Payloads: which names they accept, and that no text made from one shows a value.
struct SidecarPayloadTests {
    @Test(
        "secret names are Kubernetes object names (DNS-1123 subdomains)",
        arguments: [
            ("db", true), ("a", true), ("0", true), ("my-app.v2", true), ("a.b.c", true), ("a-b--c", true),
            (String(repeating: "a", count: 253), true), (String(repeating: "a", count: 254), false), ("", false),
            ("Db", false), ("a_b", false), ("a/b", false), ("../x", false), ("..data", false), (".", false), ("..", false),
            ("-a", false), ("a-", false), (".a", false), ("a.", false), ("a..b", false), ("a.-b", false), ("a-.b", false),
            ("é", false), ("a b", false), ("a\nb", false),
        ])
    func secretNames(name: String, valid: Bool) {
        #expect((SecretName.problem(name) == nil) == valid)
        let result = Result { () throws(SidecarError) in try SidecarPayload(secrets: [name: ["k": [1]]]).validate() }
        #expect(((try? result.get()) != nil) == valid)
    }

    @Test("an invalid name is named in the error, and what is wrong with it")
    func invalidNameMessages() {
        func message(_ secrets: [String: [String: [UInt8]]]) -> String? {
            do {
                try SidecarPayload(secrets: secrets).validate()
                return nil
            } catch {
                return error.description
            }
        }
        #expect(
            message(["Db": ["k": [1]]])
                == "error: secret name 'Db' is not a valid Kubernetes object name: it contains 'D'; use lowercase letters, "
                + "digits, '-' and '.', starting and ending with a letter or digit; nothing was written")
        #expect(
            message(["db": ["../passwd": [1]]])
                == "error: secret 'db' key '../passwd' is not a valid Secret key: it contains '/'; rename it to use only "
                + "letters, digits, '-', '_' and '.'; nothing was written")
        #expect(message(["a..b": [:]])?.contains("it has an empty part between two '.'") == true)
        #expect(message(["a.-b": [:]])?.contains("starts or ends with '-'") == true)
        #expect(message([String(repeating: "a", count: 300): [:]])?.contains("'\(String(repeating: "a", count: 64))…'") == true)
        #expect(message(["ok": ["k": [1]]]) == nil)
    }

    @Test("descriptions, debug descriptions and dumps show names and sizes, never a value")
    func noValueInText() {
        let payload = SidecarPayload(secrets: [
            "db": ["password": Array("hunter2-secret".utf8), "username": Array("admin".utf8)], "api": ["token": []],
        ])
        #expect(payload.description == "SidecarPayload(2 secrets: api (token 0 bytes), db (password 14 bytes, username 5 bytes))")
        #expect(SidecarPayload().description == "SidecarPayload(0 secrets)")
        #expect(SidecarPayload(secrets: ["a": [:]]).description == "SidecarPayload(1 secret: a (no keys))")
        var dumped = ""
        dump(payload, to: &dumped)
        for text in [String(describing: payload), String(reflecting: payload), dumped, "\(payload)"] {
            #expect(!text.contains("hunter2") && !text.contains("admin") && !text.contains("104"), "\(text)")
        }
    }
}
