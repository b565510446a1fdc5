// sealgate · PolicyEngine

import CEL
import KubeManifest

/// What every evaluation of a run shares: the objects as one CEL list, and the Namespaces by name.
final class RunContext: Sendable {
    let objects: [KubeObject]
    /// `objects`, bound once for every expression that reads it.
    let objectsValue: CELValue
    let namespaces: [String: KubeObject]

    init(objects: [KubeObject]) {
        self.objects = objects
        objectsValue = .list(CELList(nodes: objects.map(\.root)))
        var namespaces: [String: KubeObject] = [:]
        for object in objects where object.kind == "Namespace" && object.group.isEmpty {
            if let name = object.name { namespaces[name] = object }
        }
        self.namespaces = namespaces
    }

    func namespaceLabels(_ name: String) -> [String: String]? { namespaces[name]?.labels }
}

/// The positions of the variables in ``PolicyLoader/variableNames``.
private enum Slot {
    static let object = 0, oldObject = 1, params = 2, namespaceObject = 3, request = 4, variables = 5, objects = 6
}

/// A policy ready for a run: its params resolved, and the variables that do not depend on the object
/// (such as `objects.filter(o, o.kind == 'NetworkPolicy')`) evaluated once.
struct PreparedPolicy: Sendable {
    /// One set of params the policy runs with (a params selector can find several), with the values of
    /// the run-constant variables under them.
    struct Instance: Sendable {
        let params: CELValue
        let constants: [String: Result<CELValue, CELError>]
    }

    let policy: Policy
    let instances: [Instance]
    /// Set when the params the policy needs are missing and it must say so.
    let missingParams: String?
    /// For each variable, the variables it reads (all earlier ones when it reads `variables` whole).
    private let dependencies: [String: [String]]
    private let kinds: Set<String>?

    init(_ policy: Policy, context: RunContext) {
        self.policy = policy
        kinds = policy.match.kinds.isEmpty ? nil : Set(policy.match.kinds.map { $0.split(separator: "/").last.map(String.init) ?? $0 })
        var dependencies: [String: [String]] = [:]
        for (index, (name, expression)) in policy.variables.enumerated() {
            let earlier = policy.variables[..<index].map(\.name)
            dependencies[name] = expression.program.fields(selectedOn: "variables").map { fields in earlier.filter(fields.contains) } ?? earlier
        }
        self.dependencies = dependencies

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
        var constantNames: [String] = []
        for (name, expression) in policy.variables
        where expression.program.readVariables.isDisjoint(with: perObject) && dependencies[name, default: []].allSatisfy(constantNames.contains) {
            constantNames.append(name)
        }
        instances = params.map { value in
            var constants: [String: Result<CELValue, CELError>] = [:]
            for name in constantNames {
                guard let expression = policy.variables.first(where: { $0.name == name })?.expression else { continue }
                var bindings: [CELValue?] = [nil, .null, value, nil, nil, nil, context.objectsValue]
                bindings[Slot.variables] = Self.variablesMap(dependencies[name, default: []].compactMap { dependency in
                    (try? constants[dependency]?.get()).map { (dependency, $0) }
                })
                constants[name] = Result { () throws(CELError) in try expression.program.evaluate(positional: bindings) }
            }
            return Instance(params: value, constants: constants)
        }
    }

    private static func variablesMap(_ pairs: [(String, CELValue)]) -> CELValue {
        .map(CELMap(pairs.map { (CELMapKey.string($0.0), $0.1) }))
    }

    func applies(to object: KubeObject, context: RunContext) -> Bool {
        if let kinds, !kinds.contains(object.kind) { return false }
        return policy.match.matches(object, namespaceLabels: context.namespaceLabels)
    }

    // MARK: - Evaluation

    func evaluate(_ object: KubeObject, context: RunContext) -> [Finding] {
        if let missingParams {
            return [finding(object, "the policy's params (\(missingParams)) are not in the repository, and it denies without them", at: object.origin.location)]
        }
        var findings: [Finding] = []
        for instance in instances {
            findings += evaluate(object, instance: instance, context: context)
        }
        return findings
    }

    private func evaluate(_ object: KubeObject, instance: Instance, context: RunContext) -> [Finding] {
        var bindings: [CELValue?] = Array(repeating: nil, count: PolicyLoader.variableNames.count)
        bindings[Slot.object] = CELValue(object.root)
        bindings[Slot.oldObject] = .null
        bindings[Slot.params] = instance.params
        bindings[Slot.namespaceObject] = object.namespace.flatMap { context.namespaces[$0] }.map { CELValue($0.root) } ?? .null
        bindings[Slot.request] = Self.request(for: object)
        bindings[Slot.objects] = context.objectsValue
        var computed = instance.constants

        for (name, condition) in policy.matchConditions {
            do {
                switch try evaluate(condition, bindings: &bindings, computed: &computed) {
                case .bool(true): continue
                case .bool(false): return []
                case let other:
                    return [undecided(object, "matchCondition '\(name)' gave \(other.type.name), not a bool", condition)]
                }
            } catch {
                return [undecided(object, "matchCondition '\(name)' failed: \(error.reason)", condition, error: error)]
            }
        }
        var findings: [Finding] = []
        for validation in policy.validations {
            do {
                let verdict = try evaluate(validation.expression, bindings: &bindings, computed: &computed)
                guard case let .bool(passed) = verdict else {
                    findings.append(undecided(object, "the validation gave \(verdict.type.name), not a bool", validation.expression))
                    continue
                }
                if passed { continue }
                var message = validation.message ?? "failed expression: \(validation.expression.source)"
                if let messageExpression = validation.messageExpression,
                   case let .string(text)? = try? evaluate(messageExpression, bindings: &bindings, computed: &computed),
                   !text.isEmpty {
                    message = text
                }
                let location = validation.fieldPath.flatMap { FieldPath.location(of: $0, in: object.root) } ?? object.origin.location
                var result = finding(object, message, at: location)
                result.fieldPath = validation.fieldPath
                findings.append(result)
            } catch {
                findings.append(undecided(object, error.reason, validation.expression, error: error))
            }
        }
        return findings
    }

    /// Evaluates `expression`, first computing the variables it reads.
    private func evaluate(
        _ expression: PolicyExpression, bindings: inout [CELValue?], computed: inout [String: Result<CELValue, CELError>]
    ) throws(CELError) -> CELValue {
        if expression.program.readVariables.contains("variables") {
            let needed = expression.program.fields(selectedOn: "variables").map { Array($0) } ?? policy.variables.map(\.name)
            var pairs: [(String, CELValue)] = []
            for name in policy.variables.map(\.name) where needed.contains(name) {
                if let value = try variable(name, bindings: &bindings, computed: &computed) { pairs.append((name, value)) }
            }
            bindings[Slot.variables] = Self.variablesMap(pairs)
        }
        return try expression.program.evaluate(positional: bindings)
    }

    /// The value of variable `name`, computed (with what it reads) on first use.
    private func variable(
        _ name: String, bindings: inout [CELValue?], computed: inout [String: Result<CELValue, CELError>]
    ) throws(CELError) -> CELValue? {
        if let done = computed[name] { return try done.get() }
        guard let expression = policy.variables.first(where: { $0.name == name })?.expression else { return nil }
        var pairs: [(String, CELValue)] = []
        for dependency in dependencies[name, default: []] {
            if let value = try variable(dependency, bindings: &bindings, computed: &computed) { pairs.append((dependency, value)) }
        }
        bindings[Slot.variables] = Self.variablesMap(pairs)
        let result = Result { () throws(CELError) in try expression.program.evaluate(positional: bindings) }
        computed[name] = result
        do { return try result.get() } catch {
            throw CELError(error.code, "variable '\(name)' failed: \(error.reason)", line: error.line, column: error.column)
        }
    }

    /// The `request` a ValidatingAdmissionPolicy sees for creating the object.
    private static func request(for object: KubeObject) -> CELValue {
        .map(CELMap([
            (.string("operation"), .string("CREATE")),
            (.string("name"), object.name.map(CELValue.string) ?? .null),
            (.string("namespace"), object.namespace.map(CELValue.string) ?? .null),
            (.string("kind"), .map(CELMap([
                (.string("group"), .string(object.group)), (.string("version"), .string(object.version)), (.string("kind"), .string(object.kind)),
            ]))),
            (.string("resource"), .map(CELMap([
                (.string("group"), .string(object.group)), (.string("version"), .string(object.version)),
                (.string("resource"), .string(ResourceNames.plural(of: object.kind))),
            ]))),
            (.string("dryRun"), .bool(false)),
        ]))
    }

    // MARK: - Findings

    private func finding(_ object: KubeObject, _ message: String, at location: SourceLocation) -> Finding {
        Finding(
            policy: policy.info.name, category: policy.info.category, severity: policy.info.severity, message: message,
            object: object.reference, file: location.file.path, line: location.line, column: location.column)
    }

    /// A finding for an expression that could not decide: it failed, or gave a non-bool.
    private func undecided(_ object: KubeObject, _ reason: String, _ expression: PolicyExpression, error: CELError? = nil) -> Finding {
        let place = "\(expression.location.file.path):\(expression.location.line)"
        return finding(object, "the policy could not decide: \(reason) (expression at \(place))", at: object.origin.location)
    }
}
