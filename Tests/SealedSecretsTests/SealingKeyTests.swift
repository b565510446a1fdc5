// sealgate · SealedSecrets tests

import Foundation
import SealedSecrets
import Testing

struct SealingKeyTests {
    /// 2026-01-01T00:00:00Z: 2,912,442 whole days before the end of 9999.
    let now = Date(timeIntervalSince1970: 1_767_225_600)

    @Test(
        "parameters OpenSSL cannot build a certificate from are refused before generating a key",
        arguments: [
            (
                4096, 2_912_443, "a",
                "days 2912443 would end the certificate after 9999-12-31, the last date X.509 can hold; use at most 2912442"
            ),
            (
                4096, Int.max, "a",
                "days 9223372036854775807 would end the certificate after 9999-12-31, the last date X.509 can hold; use at most 2912442"
            ),
            (4096, 0, "a", "days must be at least 1, not 0"),
            (1024, 10, "a", "bits must be between 2048 and 16384, not 1024"),
            (4096, 10, "", "commonName must be 1 to 64 characters (X.509's limit), not 0"),
            (4096, 10, String(repeating: "é", count: 65), "commonName must be 1 to 64 characters (X.509's limit), not 65"),
            (4096, 10, "a\u{1B}[2J", "commonName contains the control character U+001B; use printable text"),
        ])
    func refused(bits: Int, days: Int, commonName: String, problem: String) {
        #expect(SealingKey.parameterProblem(bits: bits, days: days, commonName: commonName, now: now)?.description == problem)
        let error = #expect(throws: SealedSecretsError.self) {
            try SealingKey.generate(bits: bits, days: days, commonName: commonName, now: now)
        }
        #expect(error?.code == .badKey)
    }

    @Test("the longest validity and common name X.509 holds are accepted, and the certificate ends on the last day")
    func limitsAccepted() throws {
        let longest = String(repeating: "é", count: 64)
        #expect(SealingKey.parameterProblem(bits: 2048, days: 2_912_442, commonName: longest, now: now) == nil)
        let key = try SealingKey.generate(bits: 2048, days: 2_912_442, commonName: longest, now: now)
        let notAfter = try #require(key.certificate?.notAfter)
        #expect(notAfter <= SealingKey.latestNotAfter)
        #expect(SealingKey.latestNotAfter.timeIntervalSince(notAfter) < 86_400)
    }
}
