// sealgate · PolicyEngine

public import Diagnostics
public import KubeManifest

/// `sealgate.dev/v1 PolicyTest` documents: resources with the result a policy must give for each, as
/// `kyverno test` and `opa test` give their users.
///
/// ```yaml
/// apiVersion: sealgate.dev/v1
/// kind: PolicyTest
/// metadata: {name: images-no-latest-tag}
/// spec:
///   policy: images-no-latest-tag
///   params: {...}            # optional: the params for every case (a case may give its own)
///   objects: [...]           # optional: other objects in the run (a case may add its own)
///   cases:
///     - name: a pinned tag passes
///       expect: pass         # pass: no finding of the policy on the object; fail: at least one
///       message: "…"         # optional, with fail: a part of a finding's message
///       object: {...}
/// ```
public enum PolicyTests {
    /// What a policy gave for a case's object, or what the case says it must give.
    public enum Outcome: String, CaseIterable, Sendable, CustomStringConvertible {
        /// No finding of the policy on the object.
        case pass
        /// At least one finding of the policy on the object.
        case fail
        /// The policy could not decide (an expression failed or gave a non-bool). A case cannot expect it:
        /// a test that pinned an evaluation failure would keep a broken policy green.
        case error

        /// The outcomes a case may write under `expect`.
        public static let expectable: [Outcome] = [.pass, .fail]

        /// The word a PolicyTest writes, as `expect` takes it and results show it.
        public var description: String { rawValue }
    }

    /// The outcome of one case.
    public struct CaseResult: Sendable {
        /// The PolicyTest's `metadata.name`, so results of several tests can be told apart.
        public let test: String
        /// The case's `name`, or its path in the test (`spec.cases[2]`) when it has none.
        public let name: String
        /// Where the case is, for a failing case's message.
        public let location: SourceLocation
        /// What the case says the policy must give.
        public let expected: Outcome
        /// What the policy gave.
        public let actual: Outcome
        /// The messages of the policy's findings on the object.
        public let messages: [String]
        /// Why the case failed; nil when it passed.
        public let problem: String?

        /// Whether the policy gave what the case expects (and, with `message`, a matching message).
        public var passed: Bool { problem == nil }
    }

    /// Runs every PolicyTest among `objects` against `policies`.
    ///
    /// - Throws: ``PolicyError`` for a test that is malformed or names a policy that is not loaded.
    public static func run(_ objects: [KubeObject], policies: PolicySet, today: CalendarDate) throws(PolicyError) -> [CaseResult] {
        var results: [CaseResult] = []
        for object in objects where object.group == "sealgate.dev" && object.kind == "PolicyTest" {
            results += try run(object, policies: policies, today: today)
        }
        return results
    }

    private static func run(_ test: KubeObject, policies: PolicySet, today: CalendarDate) throws(PolicyError) -> [CaseResult] {
        let root = Fields(test.root, path: "")
        let testName = try root.map("metadata")?.string("name") ?? "<unnamed>"
        guard let spec = try root.map("spec") else {
            throw PolicyError(.invalid, "PolicyTest '\(testName)' has no spec", at: test.origin.location)
        }
        let policyName = try spec.requiredString("policy")
        guard var policy = policies.policies.first(where: { $0.info.name == policyName }) else {
            let known = policies.policies.map(\.info.name).sorted().joined(separator: ", ")
            throw PolicyError(
                .invalid, "PolicyTest '\(testName)' tests the policy '\(policyName)', which is not loaded (loaded: \(known))",
                at: spec.node["policy"]?.location ?? spec.node.location)
        }
        if let params = spec.node["params"], params.value != .null { policy.params = .inline(params) }
        let context = try objects(spec, testName)
        var results: [CaseResult] = []
        let cases = try spec.list("cases")
        guard !cases.isEmpty else {
            throw PolicyError(.invalid, "PolicyTest '\(testName)' has no cases", at: spec.node.location)
        }
        for entry in cases {
            let caseName = try entry.string("name") ?? entry.path
            let expectText = try entry.requiredString("expect")
            guard let expected = Outcome(rawValue: expectText), Outcome.expectable.contains(expected) else {
                let choices = Outcome.expectable.map(\.rawValue).joined(separator: " or ")
                throw PolicyError(
                    .invalid, "'\(entry.path).expect' must be \(choices), not '\(expectText)'",
                    at: entry.node["expect"]?.location ?? entry.node.location)
            }
            guard let node = entry.node["object"],
                let object = KubeObject(node, origin: ObjectOrigin(location: node.location, documentIndex: 0))
            else {
                throw PolicyError(
                    .invalid, "case '\(caseName)' of PolicyTest '\(testName)' needs an object with apiVersion and kind",
                    at: entry.node.location)
            }
            // A case may add objects to the run and replace the params.
            var casePolicy = policy
            if let params = entry.node["params"], params.value != .null { casePolicy.params = .inline(params) }
            var set = PolicySet()
            set.policies = [casePolicy]
            let run = context + (try objects(entry, testName)) + [object]
            let report = Checker.check(
                run, evaluating: [run.count - 1], policies: set, fileCount: 1, options: CheckOptions(today: today, concurrency: 1))
            let own = report.activeFindings.filter { $0.policy == policyName && $0.object == object.reference }
            let undecided = own.filter { $0.message.hasPrefix(PreparedPolicy.undecidedPrefix) }
            let actual: Outcome = !undecided.isEmpty ? .error : (own.isEmpty ? .pass : .fail)
            var problem: String?
            if actual != expected {
                problem = "expected \(expected), got \(actual)"
            } else if let wanted = try entry.string("message"), !own.contains(where: { $0.message.contains(wanted) }) {
                problem = "no finding's message contains \"\(wanted)\""
            }
            results.append(
                CaseResult(
                    test: testName, name: caseName, location: entry.node.location, expected: expected, actual: actual,
                    messages: own.map(\.message), problem: problem))
        }
        return results
    }

    /// The objects under `objects` of a test's spec or of one case.
    private static func objects(_ fields: Fields, _ testName: String) throws(PolicyError) -> [KubeObject] {
        var objects: [KubeObject] = []
        for node in fields.node["objects"]?.list ?? [] {
            guard let object = KubeObject(node, origin: ObjectOrigin(location: node.location, documentIndex: 0)) else {
                throw PolicyError(
                    .invalid,
                    "an entry of \(fields.path.isEmpty ? "" : fields.path + ".")objects of PolicyTest '\(testName)' is not a Kubernetes object (apiVersion and kind)",
                    at: node.location)
            }
            objects.append(object)
        }
        return objects
    }
}
