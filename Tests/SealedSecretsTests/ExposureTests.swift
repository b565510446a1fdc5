// sealgate · SealedSecrets tests

import KubeManifest
import Testing
@testable import SealedSecrets

/// `Unsealer.exposure`: which key of a ring opens each sealed value, without a plaintext.
struct ExposureTests {
    @Test("only the values sealed to a key of the ring open, and each names the key")
    func onlyTheRingsValues() throws {
        let current = try sealAndReload(sampleSecret)
        let old = try Sealer(certificate: TestKeys.oldCertificate).seal(secret(sampleSecret))
        let fingerprint = TestKeys.current.keys[0].privateKey.fingerprint

        let exposures = Unsealer(ring: TestKeys.current).exposure(of: current)
        #expect(exposures.map(\.key) == current.encryptedData.map(\.key))
        #expect(exposures.allSatisfy { $0.openedBy == fingerprint && $0.sealedFor == nil })
        #expect(Unsealer(ring: TestKeys.current).exposure(of: old).allSatisfy { !$0.isOpen })
        #expect(Unsealer(ring: TestKeys.both).exposure(of: old).allSatisfy { $0.openedBy == TestKeys.old.keys[0].privateKey.fingerprint })
    }

    @Test("a value the controller would refuse (the SealedSecret was renamed) is still exposed, and says what it was sealed for")
    func renamedIsStillExposed() throws {
        var renamed = try sealAndReload(sampleSecret)
        renamed.name = "db-v2"
        var metadata = renamed.metadata
        metadata.put("name", .string("db-v2"))
        renamed.metadata = metadata
        let exposure = try #require(Unsealer(ring: TestKeys.current).exposure(of: renamed).first)
        #expect(exposure.isOpen)
        #expect(exposure.sealedFor?.description == "strict scope as shop/db")
    }

    @Test("values that are not sealed values open with no key")
    func notSealed() throws {
        var sealed = try sealAndReload(sampleSecret)
        sealed.encryptedData = [("password", "hunter2"), ("token", "AAAA")]
        #expect(Unsealer(ring: TestKeys.both).exposure(of: sealed).map(\.isOpen) == [false, false])
    }
}
