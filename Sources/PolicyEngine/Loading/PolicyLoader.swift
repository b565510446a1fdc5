// sealgate · PolicyEngine

import Diagnostics
public import KubeManifest
public import CEL

/// Everything the policy documents of a run define.
public struct PolicySet: Sendable {
    /// The policies to run, with unique names.
    public var policies: [Policy] = []
    /// The exceptions that waive findings of ``policies``; kept whatever they name, so an exception for a
    /// policy that does not run waives nothing rather than failing the load.
    public var exceptions: [PolicyException] = []

    /// An empty set.
    public init() {}

    /// The policies and exceptions of both sets; a policy of `other` with the name of one of this set
    /// replaces it.
    ///
    /// - Returns: What was replaced, so the caller can say so: a user policy that takes a built-in's name
    ///   should override it knowingly, never silently.
    @discardableResult
    public mutating func merge(_ other: PolicySet) -> [PolicyReplacement] {
        var replacements: [PolicyReplacement] = []
        for policy in other.policies {
            if let index = policies.firstIndex(where: { $0.info.name == policy.info.name }) {
                replacements.append(PolicyReplacement(replaced: policies[index].info, replacement: policy))
                policies[index] = policy
            } else {
                policies.append(policy)
            }
        }
        exceptions += other.exceptions
        return replacements
    }

    /// The set with only the policies a selection picks, each selector being a policy's name, category
    /// or tag (``PolicyInfo/selectors``): with `enabled` empty, every policy enabled by default; otherwise
    /// every policy `enabled` names, whether enabled by default or not. `disabled` then removes policies.
    ///
    /// - Returns: The selected set, and the selectors that name no policy of the set (a typo that would
    ///   otherwise silently select nothing).
    public func selecting(enabled: [String], disabled: [String]) -> (set: PolicySet, unknown: [String]) {
        let known = Set(policies.flatMap(\.info.selectors))
        var selected = self
        selected.policies = policies.filter { policy in
            let selectors = policy.info.selectors
            let picked = enabled.isEmpty ? policy.info.enabledByDefault : selectors.contains(where: enabled.contains)
            return picked && !selectors.contains(where: disabled.contains)
        }
        return (selected, (enabled + disabled).filter { !known.contains($0) })
    }

    /// The policies that do not run unless a selection names them (``PolicyInfo/enabledByDefault``).
    public var offByDefault: [PolicyInfo] { policies.map(\.info).filter { !$0.enabledByDefault } }
}

/// A policy that ``PolicySet/merge(_:)`` replaced with another of the same name.
public struct PolicyReplacement: Sendable {
    /// The policy that no longer runs (its `source` says where it came from, `builtin:…` for the pack).
    public let replaced: PolicyInfo
    /// The policy that runs in its place.
    public let replacement: Policy
}

/// Reads policy documents: `sealgate.dev/v1` Policy and PolicyException, and
/// `admissionregistration.k8s.io/v1` ValidatingAdmissionPolicy with its ValidatingAdmissionPolicyBindings.
/// Every CEL expression is compiled here, once.
public enum PolicyLoader {
    /// The names a policy expression may read.
    public static let variableNames = ["object", "oldObject", "params", "namespaceObject", "request", "variables", "objects"]

    /// The environment policy expressions compile in, with the system's time-zone database.
    static let environment = CELEnvironment(variables: variableNames)

    /// The environment policy expressions compile in, looking named time zones up in `timeZones`.
    static func environment(_ timeZones: CELTimeZoneDatabase) -> CELEnvironment {
        timeZones == .system ? environment : CELEnvironment(variables: variableNames, timeZones: timeZones)
    }

    /// The kinds this loader reads; other objects among the inputs are ignored.
    public static let policyKinds: Set<String> = [
        "Policy", "PolicyException", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding",
    ]

    /// Loads the policies among `objects`.
    ///
    /// - Parameters:
    ///   - objects: Documents read from policy files; kinds other than ``policyKinds`` are ignored.
    ///   - source: How reporters name where the policies came from (`builtin:` for the pack);
    ///     nil to use each object's file.
    ///   - timeZones: Where the expressions look named time zones up (`getHours('Europe/Berlin')`); the
    ///     caller decides (the CLI honours `ZONEINFO`), since a library reads no environment.
    /// - Throws: ``PolicyError`` at the first field that is wrong (a missing name, an expression that does
    ///   not compile, two policies with one name).
    public static func load(
        _ objects: [KubeObject], source: ((KubeObject) -> String)? = nil, timeZones: CELTimeZoneDatabase = .system
    ) throws(PolicyError) -> PolicySet {
        let environment = environment(timeZones)
        var set = PolicySet()
        var admissionPolicies: [KubeObject] = []
        var bindings: [KubeObject] = []
        var seen: [String: SourceLocation] = [:]
        for object in objects {
            let where_ = source?(object) ?? object.origin.location.file.path
            switch (object.group, object.kind) {
            case ("sealgate.dev", "Policy"):
                let policy = try sealgatePolicy(object, source: where_, environment: environment)
                try unique(policy.info.name, policy.location, &seen)
                set.policies.append(policy)
            case ("sealgate.dev", "PolicyException"):
                set.exceptions.append(try exception(object))
            case ("admissionregistration.k8s.io", "ValidatingAdmissionPolicy"):
                admissionPolicies.append(object)
            case ("admissionregistration.k8s.io", "ValidatingAdmissionPolicyBinding"):
                bindings.append(object)
            default:
                continue
            }
        }
        for object in admissionPolicies {
            let name = try Fields(object.root, path: "").map("metadata")?.requiredString("name") ?? ""
            let own = bindings.filter { ($0.root["spec"]?["policyName"]?.string) == name }
            for policy in try admissionPolicy(
                object, bindings: own, source: source?(object) ?? object.origin.location.file.path, environment: environment)
            {
                try unique(policy.info.name, policy.location, &seen)
                set.policies.append(policy)
            }
        }
        for binding in bindings {
            let target = binding.root["spec"]?["policyName"]?.string ?? ""
            if !admissionPolicies.contains(where: { $0.name == target }) {
                throw PolicyError(
                    .missingBoundPolicy,
                    "ValidatingAdmissionPolicyBinding \(binding.name ?? "") binds the policy '\(target)', which is not among the policies given; \(Self.boundPolicyAdvice)",
                    at: binding.origin.location)
            }
        }
        return set
    }

    /// What an error with code `missingBoundPolicy` advises, at the end of its reason.
    public static let boundPolicyAdvice = "load its file with the others"

    /// Splits the objects of a checked tree into the repository's objects and sealgate's own documents
    /// (`sealgate.dev` Policy, PolicyException, PolicyTest), which configure a check rather than being
    /// objects a check looks at.
    public static func separateSealgateDocuments(_ objects: [KubeObject]) -> (objects: [KubeObject], sealgateDocuments: [KubeObject]) {
        var kept: [KubeObject] = []
        var documents: [KubeObject] = []
        for object in objects {
            if object.group == "sealgate.dev" { documents.append(object) } else { kept.append(object) }
        }
        return (kept, documents)
    }

    private static func unique(_ name: String, _ location: SourceLocation, _ seen: inout [String: SourceLocation]) throws(PolicyError) {
        if let first = seen[name] {
            throw PolicyError(.duplicate, "a second policy named '\(name)' (the first is at \(first)); rename one", at: location)
        }
        seen[name] = location
    }

    // MARK: - sealgate.dev/v1 Policy

    private static func sealgatePolicy(_ object: KubeObject, source: String, environment: CELEnvironment) throws(PolicyError) -> Policy {
        let root = Fields(object.root, path: "")
        guard let metadata = try root.map("metadata") else {
            throw PolicyError(.invalid, "the Policy has no metadata; give it metadata.name", at: object.origin.location)
        }
        let name = try metadata.requiredString("name")
        guard let spec = try root.map("spec") else {
            throw PolicyError(.invalid, "Policy '\(name)' has no spec", at: object.origin.location)
        }
        let severityText = try spec.string("severity") ?? "error"
        guard let severity = Severity(rawValue: severityText) else {
            throw PolicyError(
                .invalid, "'spec.severity' must be error, warning or info, not '\(severityText)'",
                at: spec.node["severity"]?.location ?? spec.node.location)
        }
        let match = try matchRules(spec.map("match"))
        var params: ParamSource?
        if let inline = spec.node["params"], inline.value != .null {
            params = .inline(inline)
        }
        if let reference = try spec.map("paramRef") {
            params = .reference(
                apiVersion: try reference.string("apiVersion"), kind: try reference.requiredString("kind"),
                name: try reference.string("name"), namespace: try reference.string("namespace"),
                selector: try reference.selector("selector"),
                denyWhenMissing: try reference.string("parameterNotFoundAction") == "Deny")
        }
        let info = PolicyInfo(
            name: name, category: try spec.string("category") ?? "custom", severity: severity,
            description: try spec.string("description") ?? "", remediation: try spec.string("remediation") ?? "", source: source,
            tags: try tags(spec), enabledByDefault: try spec.bool("enabledByDefault") ?? true)
        return try compiledPolicy(
            info: info, spec: spec, match: match, params: params, location: object.origin.location, origin: "sealgate",
            environment: environment)
    }

    /// `spec.tags`: names a selection picks the policy by, so each must be one word a command line can
    /// carry (`pss-baseline`), not a phrase.
    private static func tags(_ spec: Fields) throws(PolicyError) -> [String] {
        let tags = try spec.strings("tags")
        for (index, tag) in tags.enumerated()
        where tag.isEmpty || !tag.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.:".contains($0)) }) {
            let place = spec.node["tags"]?.list?[index].location ?? spec.node.location
            throw PolicyError(
                .invalid, "'spec.tags[\(index)]' must be one word of letters, digits, '-', '_', '.' or ':', not '\(tag)'", at: place)
        }
        return tags
    }

    /// The expressions of a policy spec, compiled: matchConditions, variables, validations.
    static func compiledPolicy(
        info: PolicyInfo, spec: Fields, match: MatchRules, params: ParamSource?, location: SourceLocation, origin: String,
        environment: CELEnvironment
    ) throws(PolicyError) -> Policy {
        var conditions: [NamedExpression] = []
        for condition in try spec.list("matchConditions") {
            let compiled = try expression(condition, "expression", in: environment)
            // As in Kubernetes: conditions decide whether the policy applies, before any variable exists.
            if compiled.program.readVariables.contains("variables") {
                throw PolicyError(
                    .expression, "'\(condition.path).expression' reads variables, which matchConditions cannot; test the object directly",
                    at: compiled.location)
            }
            conditions.append(NamedExpression(name: try condition.requiredString("name"), expression: compiled))
        }
        var variables: [NamedExpression] = []
        for variable in try spec.list("variables") {
            let variableName = try variable.requiredString("name")
            if variables.contains(where: { $0.name == variableName }) {
                throw PolicyError(.invalid, "the variable '\(variableName)' is defined twice", at: variable.node.location)
            }
            variables.append(NamedExpression(name: variableName, expression: try expression(variable, "expression", in: environment)))
        }
        for (index, variable) in variables.enumerated() {
            let later = Set(variables[index...].map(\.name))
            if let fields = variable.expression.program.fields(selectedOn: "variables"),
                let ahead = fields.first(where: { later.contains($0) })
            {
                throw PolicyError(
                    .expression,
                    "the variable '\(variable.name)' reads variables.\(ahead), which is defined after it (or is itself); variables may only read earlier ones",
                    at: variable.expression.location)
            }
        }
        var validations: [Validation] = []
        let entries = try spec.list("validations")
        guard !entries.isEmpty else {
            throw PolicyError(
                .invalid, "policy '\(info.name)' has no validations; add spec.validations with at least one expression",
                at: spec.node.location)
        }
        for entry in entries {
            validations.append(
                Validation(
                    expression: try expression(entry, "expression", in: environment), message: try entry.string("message"),
                    messageExpression: try entry.node["messageExpression"] == nil
                        ? nil : expression(entry, "messageExpression", in: environment),
                    fieldPath: try fieldPath(entry), reason: try entry.string("reason"),
                    items: try itemFindings(entry, origin: origin, environment: environment)))
        }
        return Policy(
            info: info, location: location, match: match, matchConditions: conditions, variables: variables,
            validations: validations, params: params,
            origin: origin)
    }

    /// The name the item of a validation's `items.messageExpression` is bound to.
    public static let itemVariable = "item"

    /// A validation's `items` (sealgate Policies only): its list expression compiled as the others are,
    /// its messageExpression with ``itemVariable`` declared after the policy's variables.
    static func itemFindings(_ entry: Fields, origin: String, environment: CELEnvironment) throws(PolicyError) -> ItemFindings? {
        guard let items = try entry.map("items") else { return nil }
        guard origin == "sealgate" else {
            throw PolicyError(
                .invalid,
                "'\(items.path)' is a field of sealgate Policies, which a ValidatingAdmissionPolicy cannot have; write the policy as a sealgate.dev/v1 Policy to report each item",
                at: items.node.location)
        }
        let itemEnvironment = CELEnvironment(
            variables: environment.variables + [itemVariable], costLimit: environment.costLimit, parserLimits: environment.parserLimits,
            timeZones: environment.timeZones)
        return ItemFindings(
            expression: try expression(items, "expression", in: environment),
            messageExpression: items.node["messageExpression"] == nil
                ? nil : try expression(items, "messageExpression", in: itemEnvironment))
    }

    /// A validation's `fieldPath`, refused when malformed: read leniently, a typo would quietly point
    /// findings somewhere else (`data..k` at `data.k`, `data[` at `data`), and Kubernetes refuses it.
    static func fieldPath(_ entry: Fields) throws(PolicyError) -> String? {
        guard let path = try entry.string("fieldPath") else { return nil }
        do {
            _ = try FieldPath.parse(path)
        } catch {
            throw PolicyError(
                .invalid,
                "'\(entry.path).fieldPath' is not a field path: '\(TerminalText.oneLine(path))' at character \(error.character): \(error.reason); write \(FieldPath.forms)",
                at: entry.node["fieldPath"]?.location ?? entry.node.location)
        }
        return path
    }

    /// Compiles the CEL expression under `key`; an error points into the policy file.
    ///
    /// The error's place is the character the CEL error points at, found in the file through the way the
    /// expression's scalar is written (`Node.sourceLocation(ofLine:column:)`): past the
    /// quote of a quoted scalar, on the right line and past the indentation of a block scalar. Where the
    /// file cannot show that character exactly (an escape sequence before it in a double-quoted scalar, a
    /// line the scalar folds before it), the error points at the start of the scalar, and the caret diagram
    /// in the message shows the character in the expression.
    static func expression(
        _ fields: Fields, _ key: String, in environment: CELEnvironment = environment
    ) throws(PolicyError) -> PolicyExpression {
        let text = try fields.requiredString(key)
        let node = fields.node[key] ?? fields.node
        do {
            return PolicyExpression(source: text, location: node.location, program: try environment.compile(text))
        } catch {
            throw PolicyError(
                .expression, "'\(fields.path).\(key)': \(error.reason)\n" + error.caretDiagram(in: text),
                at: node.sourceLocation(ofLine: error.line, column: error.column) ?? node.location)
        }
    }

    /// The `match` of a sealgate Policy or PolicyException; everything when absent.
    private static func matchRules(_ rules: Fields?) throws(PolicyError) -> MatchRules {
        var match = MatchRules()
        guard let rules else { return match }
        match.kinds = try rules.strings("kinds")
        match.namespaces = try rules.strings("namespaces")
        match.excludeNamespaces = try rules.strings("excludeNamespaces")
        match.names = try rules.strings("names")
        match.labelSelectors = try rules.selector("labelSelector").map { [$0] } ?? []
        match.namespaceSelectors = try rules.selector("namespaceSelector").map { [$0] } ?? []
        return match
    }

    // MARK: - PolicyException

    private static func exception(_ object: KubeObject) throws(PolicyError) -> PolicyException {
        let root = Fields(object.root, path: "")
        let name = try root.map("metadata")?.requiredString("name") ?? ""
        guard let spec = try root.map("spec") else {
            throw PolicyError(
                .invalid, "PolicyException '\(name)' has no spec; give spec.policies, spec.match and spec.reason",
                at: object.origin.location)
        }
        let policies = try spec.strings("policies")
        guard !policies.isEmpty else {
            throw PolicyError(
                .invalid, "PolicyException '\(name)' names no policies; list them in spec.policies ('*' for all)", at: spec.node.location)
        }
        let match = try matchRules(spec.map("match"))
        var expires: CalendarDate?
        if let node = spec.node["expires"], node.value != .null {
            let text: String
            switch node.value {
            case let .string(s): text = s
            default: text = node.value.description
            }
            // A date that does not exist must not load: compared as text, 2027-13-45 would waive forever.
            guard let date = CalendarDate(parsing: text) else {
                throw PolicyError(
                    .invalid,
                    "'spec.expires' of PolicyException '\(name)' is not a date that exists: '\(text)'; write YYYY-MM-DD (such as 2026-12-31) or an RFC 3339 time",
                    at: node.location)
            }
            expires = date
        }
        return PolicyException(
            name: name, location: object.origin.location, policies: policies, match: match,
            reason: try spec.string("reason") ?? "", expires: expires)
    }
}
