// sealgate · PolicyEngine

import CEL
import Diagnostics
import KubeManifest
import Synchronization

/// What every evaluation of a run shares: the objects as one CEL list, and the Namespaces by name.
final class RunContext: Sendable {
    let objects: [KubeObject]
    /// `objects`, bound once for every expression that reads it.
    let objectsValue: CELValue
    let namespaces: [String: KubeObject]
    /// The objects at the base of a change, when the run checks one; `oldObject` is read from them.
    private let baseObjects: ObjectIndex?

    init(objects: [KubeObject], baseObjects: [KubeObject]? = nil) {
        self.objects = objects
        self.baseObjects = baseObjects.map(ObjectIndex.init)
        objectsValue = .list(CELList(nodes: objects.map(\.root)))
        var namespaces: [String: KubeObject] = [:]
        for object in objects where object.kind == "Namespace" && object.group.isEmpty {
            if let name = object.name { namespaces[name] = object }
        }
        self.namespaces = namespaces
    }

    func namespaceLabels(_ name: String) -> [String: String]? { namespaces[name]?.labels }

    /// The same object at the base of the change (same API group, kind, namespace and name), or nil when it is
    /// new or the run has no base.
    func oldObject(of object: KubeObject) -> KubeObject? {
        baseObjects?.object(ObjectKey(object), preferring: object.origin.location.file)
    }

    /// What every policy evaluated on `object` binds the same way, found once for all of them.
    func bindings(for object: KubeObject) -> ObjectBindings {
        let oldObject = oldObject(of: object)
        return ObjectBindings(
            object: object, value: CELValue(object.root), oldObject: oldObject, oldValue: oldObject.map { CELValue($0.root) } ?? .null,
            namespaceValue: object.namespace.flatMap { namespaces[$0] }.map { CELValue($0.root) } ?? .null)
    }
}

/// An object as the policies evaluated on it see it: `object`, `oldObject` and `namespaceObject`.
struct ObjectBindings {
    let object: KubeObject
    /// `object`.
    let value: CELValue
    /// The object at the base of the change, if it was there.
    let oldObject: KubeObject?
    /// `oldObject`: null when the object is new or the run has no base.
    let oldValue: CELValue
    /// `namespaceObject`: the object's Namespace, null when the repository does not have it.
    let namespaceValue: CELValue
}

/// What a policy's expressions read, by name, in the positional order of ``PolicyLoader/variableNames``.
private enum Bindings {
    /// The position of `variables`, set after the array is made (the variables' map holds the array too).
    static let variables = 5

    /// The bindings in order. An array literal is allocated directly, where Array(repeating:count:) looked up
    /// its generic type in the runtime on every evaluation.
    static func make(
        object: CELValue?, oldObject: CELValue, params: CELValue, namespaceObject: CELValue?, request: CELValue?, objects: CELValue
    ) -> [CELValue?] {
        assert(PolicyLoader.variableNames == ["object", "oldObject", "params", "namespaceObject", "request", "variables", "objects"])
        return [object, oldObject, params, namespaceObject, request, nil, objects]
    }
}

/// A policy ready for a run: its params resolved, and the variables that do not depend on the object
/// (such as `objects.filter(o, o.kind == 'NetworkPolicy')`) evaluated once; the others are evaluated per
/// object when an expression first reads them.
final class PreparedPolicy: Sendable {
    /// One set of params the policy runs with (a params selector can find several), with the values of
    /// the run-constant variables under them.
    struct Instance: Sendable {
        let params: CELValue
        /// By variable index; nil for the variables that depend on the object.
        let constants: [Result<CELValue, CELError>?]
    }

    let policy: Policy
    let instances: [Instance]
    /// Set when the params the policy needs are missing and it must say so.
    let missingParams: String?
    private let names: [String]
    private let variablePrograms: [CELProgram]
    private let kinds: Set<String>?
    private let readsRequest: Bool

    /// The steps this policy has taken over the run, all threads together, against its limit.
    private let runBudget: RunCostBudget

    init(_ policy: Policy, context: RunContext, costBudgetPerRun: Int = CheckOptions.defaultCostBudgetPerPolicy) {
        self.policy = policy
        runBudget = RunCostBudget(limit: costBudgetPerRun)
        kinds = Self.kinds(of: policy)
        let names = policy.variables.map(\.name)
        self.names = names
        let programs = policy.variables.map(\.expression.program)
        variablePrograms = programs
        // For each variable, the earlier variables it reads.
        let dependencies: [[Int]] = policy.variables.enumerated().map { index, variable in
            guard let fields = variable.expression.program.fields(selectedOn: "variables") else { return Array(0..<index) }
            return (0..<index).filter { fields.contains(names[$0]) }
        }

        readsRequest = policy.reads("request")

        // Params: inline, or found among the run's objects.
        var params: [CELValue] = [.null]
        var missing: String?
        switch policy.params {
        case nil: break
        case let .inline(node)?: params = [CELValue(node)]
        case let .reference(apiVersion, kind, name, namespace, selector, deny)?:
            let found = context.objects.filter { object in
                object.kind == kind && (apiVersion.map { $0 == object.apiVersion } ?? true)
                    && (name.map { $0 == object.name } ?? true) && (namespace.map { $0 == object.namespace } ?? true)
                    && (selector.map { $0.matches(object.labels) } ?? true)
            }
            if !found.isEmpty {
                params = found.map { CELValue($0.root) }
            } else if deny {
                missing = "\(kind)" + (name.map { " '\($0)'" } ?? "") + (namespace.map { " in namespace '\($0)'" } ?? "")
            }
        }
        missingParams = missing

        // Variables that read neither the object nor anything about it are the same for every object.
        let perObject: Set<String> = ["object", "oldObject", "namespaceObject", "request"]
        var constant = [Bool](repeating: false, count: names.count)
        for (index, variable) in policy.variables.enumerated() {
            constant[index] =
                variable.expression.program.readVariables.isDisjoint(with: perObject) && dependencies[index].allSatisfy { constant[$0] }
        }
        // They are computed the way evaluation computes every variable (lazily, through the same fields), with
        // nothing about an object bound.
        instances = params.map { value in
            let variables = PolicyVariables(names: names, programs: programs, budget: nil)
            defer { variables.release() }
            var bindings = Bindings.make(
                object: nil, oldObject: .null, params: value, namespaceObject: nil, request: nil, objects: context.objectsValue)
            bindings[Bindings.variables] = .map(CELMap(fields: variables))
            variables.bindings = bindings
            let constants = names.indices.map { constant[$0] ? variables.value(at: $0) : nil }
            return Instance(params: value, constants: constants)
        }
    }

    /// Whether the policy can apply to objects of `kind` (its kinds list names it, or it has none).
    func mayApply(toKind kind: String) -> Bool {
        kinds.map { $0.contains(kind) } ?? true
    }

    /// Whether `policy` can apply to an object of one of `kinds`: when it cannot, a run has nothing to
    /// prepare for it (its run-constant variables, a scan of the repository, would be computed for nothing).
    static func mayApply(_ policy: Policy, toAnyOf kinds: Set<String>) -> Bool {
        Self.kinds(of: policy).map { !$0.isDisjoint(with: kinds) } ?? true
    }

    /// The kinds a policy's match names, without their groups (`apps/Deployment` is `Deployment`); nil for
    /// every kind.
    private static func kinds(of policy: Policy) -> Set<String>? {
        policy.match.kinds.isEmpty ? nil : Set(policy.match.kinds.map { $0.split(separator: "/").last.map(String.init) ?? $0 })
    }

    func applies(to object: KubeObject, context: RunContext) -> Bool {
        policy.match.matches(object, namespaceLabels: context.namespaceLabels)
    }

    // MARK: - Evaluation

    /// Whether the policy took more steps over the run than its budget allows; it then evaluates no more.
    var isOverRunBudget: Bool { runBudget.isSpent }

    /// The one finding a policy past its run budget reports, at the policy's own document.
    func overRunBudgetFinding(objectCount: Int) -> Finding {
        Finding(
            policy: policy.info.name, category: policy.info.category, severity: policy.info.severity,
            message: "\(Self.undecidedPrefix): its expressions took more than \(runBudget.limit) steps over this run's "
                + "\(objectCount) objects, the limit for one policy in one run, so it was stopped and reports nothing else; "
                + "compute what does not depend on the object in a variable, or avoid iterating objects for every object",
            at: policy.location)
    }

    func evaluate(_ bound: ObjectBindings, context: RunContext) -> [Finding] {
        let object = bound.object
        guard !runBudget.isSpent else { return [] }
        if let missingParams {
            return [
                finding(
                    object, "the policy's params (\(missingParams)) are not in the repository, and it denies without them",
                    at: object.origin.location)
            ]
        }
        var findings: [Finding] = []
        for instance in instances {
            findings += evaluate(bound, instance: instance, context: context)
        }
        return findings
    }

    private func evaluate(_ bound: ObjectBindings, instance: Instance, context: RunContext) -> [Finding] {
        let object = bound.object
        var bindings = Bindings.make(
            object: bound.value, oldObject: bound.oldValue, params: instance.params, namespaceObject: bound.namespaceValue,
            request: readsRequest ? Self.request(for: object, updating: bound.oldObject != nil) : .null, objects: context.objectsValue)
        // Every expression of the policy for this object, variables included, spends from one budget.
        let budget = CELCostBudget(limit: Self.costBudgetPerObject)
        defer { runBudget.spend(budget.spent) }
        // `variables` is computed as expressions read it, each variable once, as Kubernetes does: a variable
        // no expression reaches (`has(x) && variables.needsX`) is never evaluated. The variables evaluate
        // with the same bindings, which hold their map: released at the end to break that cycle.
        var variables: PolicyVariables?
        defer { variables?.release() }
        if !names.isEmpty {
            let provider = PolicyVariables(names: names, programs: variablePrograms, budget: budget, known: instance.constants)
            bindings[Bindings.variables] = .map(CELMap(fields: provider))
            provider.bindings = bindings
            variables = provider
        }

        for named in policy.matchConditions {
            let (name, condition) = (named.name, named.expression)
            do {
                switch try condition.program.evaluate(positional: bindings, sharing: budget) {
                case .bool(true): continue
                case .bool(false): return []
                case let other:
                    return [undecided(object, "matchCondition '\(name)' gave \(other.type.name), not a bool", condition)]
                }
            } catch {
                return [undecided(object, "matchCondition '\(name)' failed: \(error.reason)", condition)]
            }
        }
        var findings: [Finding] = []
        for validation in policy.validations {
            do {
                let verdict = try validation.expression.program.evaluate(positional: bindings, sharing: budget)
                guard case let .bool(passed) = verdict else {
                    findings.append(undecided(object, "the validation gave \(verdict.type.name), not a bool", validation.expression))
                    continue
                }
                if passed { continue }
                // The validation's own message is built only where it is used: a validation with `items`
                // whose items each have a message of their own never needs it.
                var built: String?
                func message() -> String {
                    if let built { return built }
                    var text = validation.message ?? "failed expression: \(validation.expression.source)"
                    if let messageExpression = validation.messageExpression,
                        case let .string(evaluated)? = try? messageExpression.program.evaluate(positional: bindings, sharing: budget),
                        let usable = Self.usableMessage(evaluated)
                    {
                        text = usable
                    }
                    built = text
                    return text
                }
                if let items = validation.items {
                    let each = itemFindings(items, message: message, object: object, bindings: bindings, budget: budget)
                    if !each.isEmpty {
                        findings += each
                        continue
                    }
                }
                let location = validation.fieldPath.flatMap { FieldPath.location(of: $0, in: object.root) } ?? object.origin.location
                var result = finding(object, message(), at: location)
                result.fieldPath = validation.fieldPath
                findings.append(result)
            } catch {
                findings.append(undecided(object, error.reason, validation.expression))
                // The shared budget is spent: every later validation would fail the same way, one finding each.
                if error.code == .costLimit, budget.remaining == 0 { break }
            }
        }
        return findings
    }

    /// One finding per item a failed validation's `items` names, each at the item's place in the object
    /// with its path; empty when the expression fails or gives no list, so the validation reports on the
    /// object as it would without `items` (its verdict stands either way).
    private func itemFindings(
        _ items: ItemFindings, message: () -> String, object: KubeObject, bindings: [CELValue?], budget: CELCostBudget
    ) -> [Finding] {
        guard case let .list(list)? = try? items.expression.program.evaluate(positional: bindings, sharing: budget) else { return [] }
        var findings: [Finding] = []
        var seen: Set<String> = []
        for item in list.prefix(ItemFindings.limit) {
            let text: String
            if let messageExpression = items.messageExpression,
                case let .string(itemText)? = try? messageExpression.program.evaluate(positional: bindings + [item], sharing: budget),
                let usable = Self.usableMessage(itemText)
            {
                text = usable
            } else {
                text = message()
            }
            var place: (path: String, location: SourceLocation)?
            if case let .map(map) = item, let mapping = map.sourceMapping {
                place = FieldPath.place(of: mapping, in: object.root)
            }
            // The same item named twice (two lists that share it) is one finding.
            guard seen.insert("\(place?.path ?? "")\u{0}\(text)").inserted else { continue }
            var result = finding(object, text, at: place?.location ?? object.origin.location)
            result.fieldPath = place?.path
            findings.append(result)
        }
        return findings
    }

    /// The steps all of a policy's expressions may take together for one object (and one set of params):
    /// Kubernetes' `RuntimeCELCostBudget`, ten times one expression's limit. Without it a policy of
    /// twenty validations that each spend their whole budget took 14 s on one object (debug build), and a
    /// policy file has room for hundreds of thousands of validations.
    static let costBudgetPerObject = 10_000_000

    /// The most bytes of a messageExpression's result that become a finding's message: Kubernetes'
    /// `MaxEvaluatedMessageExpressionSizeBytes`. Without it one policy could make every object's finding
    /// megabytes long (300 objects × 1 MB messages wrote 300 MB of report and took 1.2 GB).
    static let maxMessageExpressionBytes = 5 * 1024

    /// A messageExpression's result as Kubernetes uses it: trimmed, and only when it is not empty, fits in
    /// ``maxMessageExpressionBytes`` and holds no line break; otherwise the validation's `message` is used.
    static func usableMessage(_ text: String) -> String? {
        let trimmed = String(text.trimmingWhitespace)
        guard !trimmed.isEmpty, trimmed.utf8.count <= maxMessageExpressionBytes,
            !trimmed.utf8.contains(UInt8(ascii: "\n"))
        else { return nil }
        return trimmed
    }

    /// The `request` a ValidatingAdmissionPolicy sees for creating the object, or for updating it when the
    /// base of a change has it.
    private static func request(for object: KubeObject, updating: Bool) -> CELValue {
        .map(
            CELMap([
                (.string("operation"), .string(updating ? "UPDATE" : "CREATE")),
                (.string("name"), object.name.map(CELValue.string) ?? .null),
                (.string("namespace"), object.namespace.map(CELValue.string) ?? .null),
                (
                    .string("kind"),
                    .map(
                        CELMap([
                            (.string("group"), .string(object.group)), (.string("version"), .string(object.version)),
                            (.string("kind"), .string(object.kind)),
                        ]))
                ),
                (
                    .string("resource"),
                    .map(
                        CELMap([
                            (.string("group"), .string(object.group)), (.string("version"), .string(object.version)),
                            (.string("resource"), .string(ResourceNames.plural(of: object.kind))),
                        ]))
                ),
                (.string("dryRun"), .bool(false)),
            ]))
    }

    // MARK: - Findings

    private func finding(_ object: KubeObject, _ message: String, at location: SourceLocation) -> Finding {
        Finding(
            policy: policy.info.name, category: policy.info.category, severity: policy.info.severity, message: message,
            object: object.reference, at: location)
    }

    /// How the message of a finding that could not decide begins; a PolicyTest recognises an `error`
    /// outcome by it.
    static let undecidedPrefix = "the policy could not decide"

    /// A finding for an expression that could not decide: it failed, or gave a non-bool.
    private func undecided(_ object: KubeObject, _ reason: String, _ expression: PolicyExpression) -> Finding {
        finding(
            object, "\(Self.undecidedPrefix): \(reason) (expression at \(expression.location.withoutColumn))", at: object.origin.location)
    }
}

/// The steps one policy takes over a run, added up from every thread.
private final class RunCostBudget: Sendable {
    let limit: Int
    private let spent = Atomic<Int>(0)

    init(limit: Int) { self.limit = limit }

    /// Whether more than `limit` steps were taken.
    var isSpent: Bool { spent.load(ordering: .relaxed) > limit }

    func spend(_ steps: Int) {
        guard steps > 0 else { return }
        // Saturating: a long run must not wrap around to a small number.
        var current = spent.load(ordering: .relaxed)
        while true {
            let (sum, overflow) = current.addingReportingOverflow(steps)
            let (exchanged, original) = spent.compareExchange(
                expected: current, desired: overflow ? Int.max : sum, ordering: .relaxed)
            if exchanged { return }
            current = original
        }
    }
}
