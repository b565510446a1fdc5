// sealgate · UnsealSidecar tests

import Foundation
import Testing

@testable import UnsealSidecar

/// Modes are exact whatever the umask. The umask belongs to the whole process, so these tests run one at a
/// time and hold it changed only around the write (a test elsewhere creating a file in between would get
/// the changed umask, never a wrong mode from this suite).
@Suite(.serialized)
struct SecretDirectoryModeTests {
    @Test(
        "files and directories get exactly the configured modes under any umask",
        arguments: [
            (mode_t(0o000), UInt32(0o440), UInt32(0o755)), (0o077, 0o440, 0o755), (0o000, 0o600, 0o700), (0o077, 0o644, 0o750),
            (0o022, 0o400, 0o711),
        ])
    func exactModes(umask processUmask: mode_t, fileMode: UInt32, directoryMode: UInt32) throws {
        let directory = try TemporaryDirectory()
        let secrets = ["db": ["password": "p", "username": "u"], "api": ["token": "t"]]
        let saved = umask(processUmask)
        let outcome: SecretDirectoryWriter.Outcome
        do {
            defer { umask(saved) }
            let writer = try SecretDirectoryWriter(directory: directory.path, fileMode: fileMode, directoryMode: directoryMode)
            outcome = try writer.write(payload(secrets))
        }
        let generation = outcome.generation
        #expect(try mode(directory.path(generation)) == directoryMode)
        for (secret, keys) in secrets {
            #expect(try mode(directory.path(generation + "/" + secret)) == directoryMode)
            for key in keys.keys {
                #expect(try mode(directory.path(generation + "/" + secret + "/" + key)) == fileMode, "\(secret)/\(key)")
            }
        }
        #expect(try expectClean(directory.path, holding: secrets))
    }
}
