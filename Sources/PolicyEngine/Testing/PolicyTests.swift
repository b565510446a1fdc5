// sealgate · PolicyEngine

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
    /// The outcome of one case.
    public struct CaseResult: Sendable {
        /// The test's name and the case's name.
        public let test: String
        public let name: String
        /// Where the case is.
        public let location: SourceLocation
        public let expected: String
        /// `pass`, `fail`, or `error` when the policy could not decide.
        public let actual: String
        /// The messages of the policy's findings on the object.
        public let messages: [String]
        /// Why the case failed; nil when it passed.
        public let problem: String?

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
            throw PolicyError(.invalid, "PolicyTest '\(testName)' tests the policy '\(policyName)', which is not loaded (loaded: \(known))", at: spec.node["policy"]?.location ?? spec.node.location)
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
            let expected = try entry.requiredString("expect")
            guard expected == "pass" || expected == "fail" else {
                throw PolicyError(.invalid, "'\(entry.path).expect' must be pass or fail, not '\(expected)'", at: entry.node["expect"]?.location ?? entry.node.location)
            }
            guard let node = entry.node["object"], let object = KubeObject(node, origin: ObjectOrigin(location: node.location, documentIndex: 0)) else {
                throw PolicyError(.invalid, "case '\(caseName)' of PolicyTest '\(testName)' needs an object with apiVersion and kind", at: entry.node.location)
            }
            // A case may add objects to the run and replace the params.
            var casePolicy = policy
            if let params = entry.node["params"], params.value != .null { casePolicy.params = .inline(params) }
            var set = PolicySet()
            set.policies = [casePolicy]
            let run = context + (try objects(entry, testName)) + [object]
            let report = Checker.check(run, policies: set, fileCount: 1, options: CheckOptions(today: today, concurrency: 1))
            let own = report.activeFindings.filter { $0.policy == policyName && $0.object == object.reference }
            let undecided = own.filter { $0.message.hasPrefix("the policy could not decide") }
            let actual = !undecided.isEmpty ? "error" : (own.isEmpty ? "pass" : "fail")
            var problem: String?
            if actual != expected {
                problem = "expected \(expected), got \(actual)"
            } else if let wanted = try entry.string("message"), !own.contains(where: { $0.message.contains(wanted) }) {
                problem = "no finding's message contains \"\(wanted)\""
            }
            results.append(CaseResult(
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
                throw PolicyError(.invalid, "an entry of \(fields.path.isEmpty ? "" : fields.path + ".")objects of PolicyTest '\(testName)' is not a Kubernetes object (apiVersion and kind)", at: node.location)
            }
            objects.append(object)
        }
        return objects
    }
}
