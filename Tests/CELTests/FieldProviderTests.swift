// sealgate · CEL tests

import Testing
import Synchronization
@testable import CEL

/// Fields computed when read (``CELFieldProvider``): what is never read is never computed, and a field
/// that fails says what the provider says.
struct FieldProviderTests {
    /// Squares of the field's number (`n3` is 9); `bad` fails. Counts what it computes.
    final class Squares: CELFieldProvider {
        let computed = Mutex<[String]>([])

        var fieldNames: [String] { ["n2", "n3", "bad"] }

        func value(ofField name: String) throws(CELError) -> CELValue? {
            guard fieldNames.contains(name) else { return nil }
            computed.withLock { $0.append(name) }
            guard let n = Int64(name.dropFirst()) else {
                throw CELError(.evaluation, "the field '\(name)' has no number", line: 1, column: 1)
            }
            return .int(n * n)
        }
    }

    private func run(_ source: String, _ provider: Squares) -> String {
        do {
            let program = try CELEnvironment(variables: ["m"]).compile(source)
            return try program.evaluate(["m": .map(CELMap(fields: provider))]).jsonText
        } catch {
            return "error: \(error.code): \(error.reason)"
        }
    }

    static let cases: [(source: String, expected: String, computed: [String])] = [
        ("m.n3", "9", ["n3"]),
        ("m.n2 + m.n2", "8", ["n2", "n2"]),
        ("m.?n3.orValue(0)", "9", ["n3"]),
        ("m.?missing.orValue(0)", "0", []),
        ("has(m.bad) && size(m) == 3", "true", []),
        ("m.missing", "error: evaluation: no such key: 'missing'", []),
        // The provider's reason is the whole message: CEL adds no wording of its own.
        ("m.bad", "error: evaluation: the field 'bad' has no number", ["bad"]),
        ("true || m.bad > 0", "true", []),
    ]

    @Test(arguments: cases)
    func fieldsAreComputedWhenRead(_ source: String, _ expected: String, _ computed: [String]) {
        let provider = Squares()
        #expect(run(source, provider) == expected)
        #expect(provider.computed.withLock { $0 } == computed)
    }
}
