// sealgate · PolicyEngine

import CEL
import Diagnostics
import Dispatch
import Synchronization
public import KubeManifest

/// How a check runs.
public struct CheckOptions: Sendable {
    /// Today's date (UTC), against which exceptions expire.
    public var today: CalendarDate
    /// How many threads evaluate at once.
    public var concurrency: Int
    /// Whether to time matching and evaluation (for the benchmark; costs a clock read per call).
    public var profile = false
    /// The most CEL steps one policy may take over the whole run, all objects together.
    ///
    /// Each object already has its own budget (Kubernetes' per-admission figure), but a policy that costs
    /// a little under it on every object, such as `objects.all(o, objects.all(p, …))`, grows with the
    /// square or cube of the repository: 990 objects ran for over ten minutes. Past this budget the
    /// policy stops and reports one finding instead of anything else, whatever order the threads took.
    /// The default is ten objects' budgets: 10,000 steps on average for each of 10,000 objects, where a
    /// field comparison costs a few steps.
    public var costBudgetPerPolicy = Self.defaultCostBudgetPerPolicy

    /// ``costBudgetPerPolicy``'s default, 100,000,000 steps.
    public static let defaultCostBudgetPerPolicy = 100_000_000

    /// Creates options.
    public init(today: CalendarDate, concurrency: Int = 2) {
        self.today = today
        self.concurrency = max(1, concurrency)
    }
}

/// The base of a change, as ``Checker/check(_:against:policies:parseErrors:fileCount:options:)`` compares
/// the head with.
public struct ChangeBase: Sendable {
    /// Every object of the base revision. Those from files the change left as they were are the head's own
    /// objects (same file, same place); the others were read from the base revision.
    public var objects: [KubeObject]
    /// The base's manifests, among those read from the base revision, that did not load.
    public var parseErrors: [ManifestError]
    /// How many files the base's objects came from.
    public var fileCount: Int
    /// The files, by their path at the head, whose content is the same at the base.
    public var unchangedFiles: Set<String>

    /// Creates the base of a change.
    ///
    /// - Parameters:
    ///   - objects: Every object of the base revision.
    ///   - parseErrors: The base's manifests that did not load.
    ///   - fileCount: How many files the base's objects came from.
    ///   - unchangedFiles: The files whose content the change left as it was, by their path at the head.
    public init(objects: [KubeObject], parseErrors: [ManifestError] = [], fileCount: Int, unchangedFiles: Set<String>) {
        self.objects = objects
        self.parseErrors = parseErrors
        self.fileCount = fileCount
        self.unchangedFiles = unchangedFiles
    }
}

/// Evaluates every object against every policy that matches it, and applies waivers and exceptions.
public enum Checker {
    /// Checks `objects` (every object of the run) against `policies`.
    ///
    /// - Parameters:
    ///   - objects: Every object of the run: those checked, and those `objects` and `paramRef` read.
    ///   - policies: The policies to run and the exceptions to apply.
    ///   - parseErrors: Manifests of the run that did not load; each becomes a
    ///     ``EngineFinding/parseError`` finding (``EngineFinding/goTemplate`` for a Go template).
    ///   - fileCount: How many files the objects came from, for the summary.
    ///   - options: Today's date, for exceptions, and how many threads to use.
    /// - Returns: Every finding, waived ones included and marked, in ``Finding/ordered(_:_:)`` order.
    public static func check(
        _ objects: [KubeObject], policies: PolicySet, parseErrors: [ManifestError] = [], fileCount: Int, options: CheckOptions
    ) -> CheckReport {
        check(objects, evaluating: nil, policies: policies, parseErrors: parseErrors, fileCount: fileCount, options: options)
    }

    /// Checks the head of a change against its base: every finding of the head with its
    /// ``Finding/state``, and in ``CheckReport/fixed`` the base's findings the change removed.
    ///
    /// Both revisions are checked whole, so `objects`, `namespaceObject` and `params` come from the revision
    /// of the object judged, and at the head `oldObject` is the same object at the base (null when it is new,
    /// and `request.operation` is then `CREATE`, else `UPDATE`). What cannot have changed is not evaluated
    /// twice: at the base, an object from one of `base.unchangedFiles` is evaluated only by the policies that
    /// read beyond their object; the others found at the base what they found at the head.
    ///
    /// - Parameters:
    ///   - objects: Every object of the head.
    ///   - base: The base revision's objects, parse errors and the files the change left as they were.
    ///   - policies: The policies to run and the exceptions to apply, the same for both revisions.
    ///   - parseErrors: The head's manifests that did not load.
    ///   - fileCount: How many files the head's objects came from.
    ///   - options: Today's date, for exceptions, and how many threads to use.
    /// - Returns: The head's report with states, and the fixed findings.
    public static func check(
        _ objects: [KubeObject], against base: ChangeBase, policies: PolicySet, parseErrors: [ManifestError] = [], fileCount: Int,
        options: CheckOptions
    ) -> CheckReport {
        var head = check(
            objects, evaluating: nil, baseObjects: base.objects, policies: policies, parseErrors: parseErrors, fileCount: fileCount,
            options: options)
        let wider = Set(policies.policies.filter(\.readsBeyondItsObject).map(\.info.name))
        let unchanged = base.unchangedFiles
        var baseReport = check(
            base.objects, evaluating: nil, policies: policies, parseErrors: base.parseErrors, fileCount: base.fileCount, options: options,
            skipping: { policy, object in !wider.contains(policy.info.name) && unchanged.contains(object.origin.location.file.path) })
        // What the skipped pairs would have found: the same as at the head. Engine findings about those
        // files (parse errors, waivers without reason) are the head's too, as the base run did not read them.
        baseReport.findings += head.findings.filter { finding in
            guard unchanged.contains(finding.location.file.path), !wider.contains(finding.policy) else { return false }
            guard let check = finding.engineFinding else { return true }
            return check.isLoadFailure
        }
        let comparison = Baseline.compare(head: head.findings, headObjects: objects, base: baseReport.findings, baseObjects: base.objects)
        head.findings = comparison.findings
        head.fixed = comparison.fixed.sorted(by: Finding.ordered)
        return head
    }

    /// ``check(_:policies:parseErrors:fileCount:options:)`` that evaluates the policies only on the objects
    /// at `evaluating` (all when nil); the others are still in `objects` for `objects` and `paramRef` to
    /// read. A PolicyTest case needs its own object's findings only: evaluating every object of the test
    /// for every case made a test of 3,000 objects and 3,000 cases take 13 s, growing with the product.
    /// `baseObjects` are the objects `oldObject` is found among; `skipping` says which policy need not run
    /// on which object.
    static func check(
        _ objects: [KubeObject], evaluating: [Int]?, baseObjects: [KubeObject]? = nil, policies: PolicySet,
        parseErrors: [ManifestError] = [],
        fileCount: Int, options: CheckOptions, skipping: (@Sendable (Policy, KubeObject) -> Bool)? = nil
    ) -> CheckReport {
        let targets = evaluating ?? Array(objects.indices)
        let context = RunContext(objects: objects, baseObjects: baseObjects)
        // Preparing evaluates the run-constant variables (`objects.filter(…)` over the whole repository):
        // on all threads too, since the evaluation waits for it.
        let kinds = Set(targets.map { objects[$0].kind })
        let preparedSlots = Mutex<[PreparedPolicy?]>(Array(repeating: nil, count: policies.policies.count))
        DispatchQueue.concurrentPerform(iterations: policies.policies.count) { index in
            // A policy that matches no object of the run is not prepared: it evaluates nothing.
            guard PreparedPolicy.mayApply(policies.policies[index], toAnyOf: kinds) else { return }
            let one = PreparedPolicy(policies.policies[index], context: context, costBudgetPerRun: options.costBudgetPerPolicy)
            preparedSlots.withLock { $0[index] = one }
        }
        let prepared = preparedSlots.withLock { $0.compactMap { $0 } }
        // The policies that can apply to each kind, found once per kind rather than per object.
        var byKind: [String: [PreparedPolicy]] = [:]
        for kind in kinds {
            byKind[kind] = prepared.filter { $0.mayApply(toKind: kind) }
        }
        let candidates = byKind

        // The threads take the objects a chunk at a time, each the next chunk no thread has taken, so a
        // thread that meets costly objects (or loses its core for a while) leaves the rest to the others: a
        // fixed share each left one thread working alone for up to a third of the evaluation. The findings are
        // kept by chunk, and so come out in the same order whichever thread took which chunk.
        let chunkSize = Self.chunkSize
        let chunks = (targets.count + chunkSize - 1) / chunkSize
        let workers = min(options.concurrency, max(1, chunks))
        let results = ResultSlots(chunks: chunks)
        let nextChunk = Atomic<Int>(0)
        let profile = options.profile
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            var timing = CheckProfile()
            let clock = ContinuousClock()
            // What the policies that can apply find on one object (timed, with the profile on).
            func check(_ object: KubeObject, into findings: inout [Finding]) {
                let bound = context.bindings(for: object)
                for policy in candidates[object.kind] ?? [] {
                    if let skipping, skipping(policy.policy, object) { continue }
                    if profile {
                        let start = clock.now
                        let applies = policy.applies(to: object, context: context)
                        let matched = clock.now
                        if applies { findings += policy.evaluate(bound, context: context) }
                        let evaluated = (clock.now - matched).seconds
                        timing.matchingSeconds += (matched - start).seconds
                        timing.evaluationSeconds += evaluated
                        timing.secondsByPolicy[policy.policy.info.name, default: 0] += evaluated
                    } else if policy.applies(to: object, context: context) {
                        findings += policy.evaluate(bound, context: context)
                    }
                }
            }
            while true {
                let chunk = nextChunk.wrappingAdd(1, ordering: .relaxed).oldValue
                guard chunk < chunks else { break }
                var findings: [Finding] = []
                for index in (chunk * chunkSize)..<min((chunk + 1) * chunkSize, targets.count) {
                    check(objects[targets[index]], into: &findings)
                }
                // Sorted here, on every thread at once: the sort of all findings at the end then merges runs.
                findings.sort(by: Finding.ordered)
                results.set(chunk, findings)
            }
            results.add(timing)
        }
        var findings = results.all
        // A policy past its run budget reports that alone: which objects it had finished when the budget ran
        // out depends on the threads, and half a policy's findings would read as its whole answer.
        let stopped = prepared.filter(\.isOverRunBudget)
        if !stopped.isEmpty {
            let names = Set(stopped.map(\.policy.info.name))
            findings.removeAll { names.contains($0.policy) }
            findings += stopped.map { $0.overRunBudgetFinding(objectCount: targets.count) }
        }
        // Only evaluated objects have findings to waive, and only their waivers are checked.
        let evaluated = evaluating.map { $0.map { objects[$0] } } ?? objects
        findings += waiverFindings(evaluated, policies: Set(policies.policies.map(\.info.name)))
        findings += exceptionFindings(policies.exceptions, today: options.today)
        findings = applyWaivers(findings, objects: evaluated, exceptions: policies.exceptions.filter { isLive($0, today: options.today) })
        findings += parseErrors.map { error in
            Finding(EngineFinding(loading: error), message: error.reason, at: error.location ?? SourceLocation(path: "-"))
        }
        findings.sort(by: Finding.ordered)
        var report = CheckReport(
            findings: findings, policies: policies.policies.map(\.info), objectCount: objects.count, fileCount: fileCount)
        if profile { report.profile = results.profile }
        return report
    }

    /// How many objects a thread takes at a time: small enough that the threads end together, large enough
    /// that the findings come in few sorted runs and the shared counter is rarely touched.
    static let chunkSize = 256

    // MARK: - Waivers and exceptions

    static let waiverPrefix = "ignore.sealgate.dev/"

    /// A waiver annotation without a reason is itself a finding.
    private static func waiverFindings(_ objects: [KubeObject], policies: Set<String>) -> [Finding] {
        var findings: [Finding] = []
        for object in objects {
            for (key, reason) in object.annotations where key.hasPrefix(waiverPrefix) {
                let policy = String(key.dropFirst(waiverPrefix.count))
                let location = object.root["metadata"]?["annotations"]?.mapping?.entry(for: key)?.keyLocation ?? object.origin.location
                if reason.trimmingWhitespace.isEmpty {
                    findings.append(
                        Finding(
                            .waiverWithoutReason,
                            message: "the annotation \(key) waives '\(policy)' without a reason; write why the policy does not apply here",
                            object: object.reference, at: location))
                } else if !policies.contains(policy) {
                    findings.append(
                        Finding(
                            .waiverUnknownPolicy,
                            message:
                                "the annotation \(key) waives '\(policy)', which is not an active policy; check the name (sealgate policies lists them)",
                            object: object.reference, at: location))
                }
            }
        }
        return findings
    }

    private static func isLive(_ exception: PolicyException, today: CalendarDate) -> Bool {
        !exception.reason.trimmingWhitespace.isEmpty && (exception.expires.map { $0 >= today } ?? true)
    }

    /// Expired exceptions say so; exceptions without a reason are findings.
    private static func exceptionFindings(_ exceptions: [PolicyException], today: CalendarDate) -> [Finding] {
        exceptions.compactMap { exception in
            let location = exception.location
            if exception.reason.trimmingWhitespace.isEmpty {
                return Finding(
                    .exceptionWithoutReason,
                    message: "PolicyException '\(exception.name)' gives no reason, so it waives nothing; set spec.reason",
                    at: location)
            }
            if let expires = exception.expires, expires < today {
                return Finding(
                    .exceptionExpired,
                    message:
                        "PolicyException '\(exception.name)' expired on \(expires) and no longer waives \(exception.policies.joined(separator: ", ")); fix the findings or extend spec.expires",
                    at: location)
            }
            return nil
        }
    }

    private static func applyWaivers(_ findings: [Finding], objects: [KubeObject], exceptions: [PolicyException]) -> [Finding] {
        // A finding is waived by an exception or by a waiver annotation: with neither in the run (most
        // runs), no object need be named and hashed.
        guard !exceptions.isEmpty || objects.contains(where: { $0.annotations.keys.contains { $0.hasPrefix(waiverPrefix) } }) else {
            return findings
        }
        // Only objects that findings name can be waived: index just those.
        let named = Set(findings.compactMap(\.object))
        guard !named.isEmpty else { return findings }
        var byReference: [ObjectReference: KubeObject] = [:]
        for object in objects {
            let reference = object.reference
            if named.contains(reference) { byReference[reference] = object }
        }
        return findings.map { finding in
            guard let reference = finding.object, let object = byReference[reference] else { return finding }
            var waived = finding
            if let reason = object.annotations[waiverPrefix + finding.policy], !reason.trimmingWhitespace.isEmpty {
                waived.waiver = Waiver(reason: reason, source: "annotation \(waiverPrefix + finding.policy)")
                return waived
            }
            for exception in exceptions
            where (exception.policies.contains(finding.policy) || exception.policies.contains("*"))
                && exception.match.matches(object, namespaceLabels: { _ in nil })
            {
                waived.waiver = Waiver(reason: exception.reason, source: "PolicyException \(exception.name)")
                return waived
            }
            return finding
        }
    }
}

/// The findings of each chunk of objects, and the timings of each thread, collected without a data race.
private final class ResultSlots: Sendable {
    private let findings: Mutex<[[Finding]]>
    private let timings = Mutex(CheckProfile())

    init(chunks: Int) { findings = Mutex(Array(repeating: [], count: chunks)) }

    func set(_ chunk: Int, _ found: [Finding]) {
        findings.withLock { $0[chunk] = found }
    }

    /// Adds where one thread's time went.
    func add(_ profile: CheckProfile) {
        timings.withLock { total in
            total.matchingSeconds += profile.matchingSeconds
            total.evaluationSeconds += profile.evaluationSeconds
            total.secondsByPolicy.merge(profile.secondsByPolicy, uniquingKeysWith: +)
        }
    }

    /// Every finding, chunk by chunk.
    var all: [Finding] { findings.withLock { $0.flatMap { $0 } } }

    var profile: CheckProfile { timings.withLock { $0 } }
}

extension Duration {
    fileprivate var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}

extension KubeObject {
    /// The reference findings carry.
    var reference: ObjectReference {
        ObjectReference(apiVersion: apiVersion, kind: kind, namespace: namespace, name: name)
    }
}

extension String {
    var trimmingWhitespace: Substring {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.isWhitespace }.map { index(after: $0) } ?? start
        return self[start..<max(start, end)]
    }
}
