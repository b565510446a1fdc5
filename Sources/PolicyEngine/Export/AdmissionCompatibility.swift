// sealgate · PolicyEngine

import CEL

/// What a policy's expressions use that the API server's CEL environment for a ValidatingAdmissionPolicy
/// does not have, so that the policy cannot be exported: sealgate's `objects`, functions of sealgate's CEL
/// that Kubernetes' base environment leaves out, and fields of the typed `namespaceObject` and `request`
/// that Kubernetes does not declare.
///
/// Kubernetes' base environment (`k8s.io/apiserver/pkg/cel/environment/base.go`) has cel-go's strings
/// extension at version 2 and no bindings extension; sealgate's CEL also has `reverse()` (strings version
/// 3, and the lists extension) and `cel.bind`, which the API server refuses to compile. `namespaceObject`
/// and `request` are typed there (`BuildNamespaceType`, `BuildRequestType` in the admission CEL
/// compiler), so selecting a field they do not declare is a compile error, where sealgate's dynamic
/// values only give an evaluation error.
enum AdmissionCompatibility {
    /// Why the API server would not run `policy`, one reason per problem; empty when it would.
    static func problems(in policy: Policy) -> [String] {
        var problems: [String] = []
        if policy.usesObjects {
            problems.append("reads objects (every object of the repository), which the API server does not have")
        }
        if policy.params == nil, policy.reads("params") {
            problems.append(
                "reads params but has neither spec.params nor spec.paramRef; the API server declares params only for a policy with a paramKind"
            )
        }
        var seen: Set<String> = []
        for expression in policy.expressions {
            for problem in Self.problems(inExpression: expression.source) where seen.insert(problem).inserted {
                problems.append(problem)
            }
        }
        return problems
    }

    /// The functions and fields of `source` that the API server does not have.
    static func problems(inExpression source: String) -> [String] {
        // Every policy expression compiled when it loaded, so it parses; an expression that does not has
        // nothing to report here.
        guard let tree = try? Parser.parse(source) else { return [] }
        var scan = Scan()
        scan.visit(tree, shadowed: [])
        return scan.problems
    }

    /// Functions sealgate's CEL has that Kubernetes' does not, with what to say about each.
    static let sealgateOnlyFunctions: [String: String] = [
        "reverse":
            "calls reverse(), which Kubernetes' CEL does not have (cel-go's strings extension version 3); reverse the list or string another way",
        "cel.bind":
            "calls cel.bind(), which Kubernetes' CEL does not have (cel-go's bindings extension); compute the value in a variable instead",
    ]

    /// The fields Kubernetes declares on a typed variable; `nil` for a value of any shape (a map, a list,
    /// a string), below which nothing is checked.
    indirect enum Schema {
        case fields([String: Schema?])

        static let groupVersionKind = Schema.fields(["group": nil, "version": nil, "kind": nil])
        static let groupVersionResource = Schema.fields(["group": nil, "version": nil, "resource": nil])

        /// `namespaceObject`: the Namespace fields the API server exposes.
        static let namespace = Schema.fields([
            "metadata": .fields([
                "name": nil, "generateName": nil, "namespace": nil, "labels": nil, "annotations": nil, "UID": nil,
                "creationTimestamp": nil, "deletionGracePeriodSeconds": nil, "deletionTimestamp": nil, "generation": nil,
                "resourceVersion": nil, "finalizers": nil,
            ]),
            "spec": .fields(["finalizers": nil]),
            "status": .fields(["conditions": nil, "phase": nil]),
        ])

        /// `request`: the admission request's fields.
        static let request = Schema.fields([
            "kind": groupVersionKind, "resource": groupVersionResource, "subResource": nil, "requestKind": groupVersionKind,
            "requestResource": groupVersionResource, "requestSubResource": nil, "name": nil, "namespace": nil, "operation": nil,
            "userInfo": .fields(["username": nil, "uid": nil, "groups": nil, "extra": nil]), "dryRun": nil, "options": nil,
        ])
    }

    /// The typed variables, by name.
    static let typedVariables: [String: Schema] = ["namespaceObject": .namespace, "request": .request]

    /// Macros whose leading identifier arguments name variables of the macro's own scope.
    private static let bindingMacros: Set<String> = [
        "all", "exists", "exists_one", "existsOne", "map", "filter", "transformList", "transformMap", "transformMapEntry", "optMap",
        "optFlatMap",
    ]

    /// A walk over one expression's tree that collects its problems, each once.
    private struct Scan {
        var problems: [String] = []

        mutating func report(_ problem: String) {
            if !problems.contains(problem) { problems.append(problem) }
        }

        /// Visits `node`; `shadowed` holds the comprehension variables in scope, which hide the globals of
        /// the same name.
        mutating func visit(_ node: Expr, shadowed: Set<String>) {
            switch node.kind {
            case .literal, .identifier:
                return
            case let .select(operand, _, _):
                checkTypedSelection(node, shadowed: shadowed)
                visit(operand, shadowed: shadowed)
            case let .call(function, target, arguments):
                if let name = Self.functionName(function, target: target, shadowed: shadowed),
                    let problem = AdmissionCompatibility.sealgateOnlyFunctions[name]
                {
                    report(problem)
                }
                var inner = shadowed
                var bodies = arguments
                if function == "bind", let target, case .identifier("cel") = target.kind, arguments.count == 3,
                    case let .identifier(name) = arguments[0].kind
                {
                    // cel.bind(name, init, body): the name is in scope in the body only.
                    visit(arguments[1], shadowed: shadowed)
                    visit(arguments[2], shadowed: shadowed.union([name]))
                    return
                }
                if target != nil, AdmissionCompatibility.bindingMacros.contains(function), arguments.count >= 2 {
                    let leading = arguments.count >= 3 && function != "map" && function != "filter" ? 2 : 1
                    for argument in arguments.prefix(min(leading, arguments.count - 1)) {
                        if case let .identifier(name) = argument.kind { inner.insert(name) }
                    }
                    bodies = Array(arguments.dropFirst(min(leading, arguments.count - 1)))
                }
                if let target { visit(target, shadowed: shadowed) }
                for argument in bodies { visit(argument, shadowed: inner) }
            case let .list(elements):
                for element in elements { visit(element.value, shadowed: shadowed) }
            case let .map(entries):
                for entry in entries {
                    visit(entry.key, shadowed: shadowed)
                    visit(entry.value, shadowed: shadowed)
                }
            case let .message(_, fields):
                for field in fields { visit(field.value, shadowed: shadowed) }
            }
        }

        /// The name a call is known by: `cel.bind` for the namespaced macro, the function's own name
        /// otherwise (a method and a global function of one name are the same library entry).
        static func functionName(_ function: String, target: Expr?, shadowed: Set<String>) -> String? {
            if function == "bind", let target, case .identifier("cel") = target.kind, !shadowed.contains("cel") { return "cel.bind" }
            return function
        }

        /// For `namespaceObject.a.b` and `request.a.b`, reports the first field Kubernetes does not declare.
        /// The walk reaches the inner selections of a chain too; they give the same report, kept once.
        mutating func checkTypedSelection(_ node: Expr, shadowed: Set<String>) {
            var path: [String] = []
            var current = node
            while case let .select(operand, field, _) = current.kind {
                path.insert(field, at: 0)
                current = operand
            }
            guard case let .identifier(root) = current.kind, !shadowed.contains(root),
                let schema = AdmissionCompatibility.typedVariables[root]
            else { return }
            var level: Schema? = schema
            var walked = root
            for field in path {
                guard case let .fields(fields)? = level else { return }
                guard let next = fields[field] else {
                    report(
                        "reads \(walked).\(field), which the API server's \(root) does not have (it declares \(fields.keys.sorted().joined(separator: ", ")))"
                    )
                    return
                }
                walked += "." + field
                level = next
            }
        }
    }
}
