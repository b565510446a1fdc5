// sealgate · CLI

internal import ArgumentParser
internal import CEL
internal import Diagnostics
internal import KubeManifest

/// `sealgate cel EXPR [--object FILE] [--var NAME=FILE]…`: evaluates one CEL expression, for policy authors
/// trying an expression before it goes into a policy.
struct CELCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cel",
        abstract: "Evaluate a CEL expression, as a policy or a ValidatingAdmissionPolicy would.",
        discussion: """
            Prints the result as one line of JSON. 'object' is the first object in --object FILE; \
            'oldObject', 'params', 'namespaceObject' and 'request' are null unless bound with --var, as in \
            Kubernetes when they are absent. The standard library and Kubernetes' CEL libraries (strings, \
            lists, sets, regex, quantity, IP/CIDR, URL, format, optionals) are available. Exits 1 when the \
            expression fails to evaluate, 2 when it does not parse or names something undeclared.
            """
    )

    /// The variables a ValidatingAdmissionPolicy declares, bound to null when not given.
    static let admissionVariables = ["oldObject", "params", "namespaceObject", "request"]

    @Argument(help: ArgumentHelp("The CEL expression.", valueName: "expression"))
    var expression: String

    @Option(
        name: .customLong("object"),
        help: ArgumentHelp(
            "A manifest whose first object is bound to 'object', or - for standard input.", valueName: "file"))
    var objectFile: String?

    @Option(
        name: .customLong("var"),
        help: ArgumentHelp(
            "Bind NAME to the first document of FILE (YAML or JSON; - for standard input). Repeatable.", valueName: "name=file"))
    var variables: [String] = []

    @Option(help: ArgumentHelp("The most evaluation steps before the expression is stopped.", valueName: "steps"))
    var costLimit: Int = CELEnvironment.defaultCostLimit

    func validate() throws {
        var names: Set<String> = objectFile == nil ? [] : ["object"]
        var stdinUses = objectFile == "-" ? 1 : 0
        for binding in variables {
            guard let (name, file) = Self.split(binding) else {
                throw ValidationError("--var '\(binding)' must be NAME=FILE, such as --var params=params.yaml")
            }
            guard Self.isName(name) else {
                throw ValidationError(
                    "--var '\(binding)': '\(name)' is not a CEL name (letters, digits and '_', not starting with a digit)")
            }
            guard names.insert(name).inserted else {
                throw ValidationError("--var '\(binding)': '\(name)' is bound twice")
            }
            if file == "-" { stdinUses += 1 }
        }
        guard stdinUses <= 1 else { throw ValidationError("'-' (standard input) can be given only once") }
        guard costLimit > 0 else { throw ValidationError("--cost-limit must be a positive number of steps") }
    }

    func run() async throws {
        var bindings: [String: CELValue] = [:]
        for name in Self.admissionVariables { bindings[name] = .null }
        if let objectFile {
            bindings["object"] = CELValue(try await Self.firstObject(objectFile).root)
        }
        for binding in variables {
            guard let (name, file) = Self.split(binding) else { continue }
            bindings[name] = CELValue(try await Self.firstDocument(file))
        }
        var declared = ["object"] + Self.admissionVariables
        declared += bindings.keys.filter { !declared.contains($0) }.sorted()
        let environment = CELEnvironment(variables: declared, costLimit: costLimit, timeZones: .fromProcessEnvironment)

        let program: CELProgram
        do {
            program = try environment.compile(expression)
        } catch {
            report(error)
            throw ExitCode.unusableInput
        }
        do {
            // The printed result is charged too: sharing lets a cheap expression describe a huge value.
            let result = try await BlockingWork.run { [bindings] () throws(CELError) in try program.evaluateForOutput(bindings) }
            Terminal.out(result.jsonText)
        } catch {
            report(error, hint: error.reason.hasPrefix("no value is bound to the variable 'object'") ? "pass --object FILE" : nil)
            throw ExitCode.foundProblem
        }
    }

    private func report(_ error: CELError, hint: String? = nil) {
        var reason = error.reason
        if error.code == .costLimit { reason += " or pass a larger --cost-limit" }
        if let hint { reason += "; \(hint)" }
        Terminal.error(error.description(reason: reason) + "\n" + error.caretDiagram(in: expression))
    }

    // MARK: - Inputs

    private static func split(_ binding: String) -> (String, String)? {
        guard let equals = binding.firstIndex(of: "=") else { return nil }
        let name = String(binding[..<equals]), file = String(binding[binding.index(after: equals)...])
        guard !name.isEmpty, !file.isEmpty else { return nil }
        return (name, file)
    }

    private static func isName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else { return false }
        return name.unicodeScalars.allSatisfy {
            $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil))
        }
    }

    private static func firstObject(_ path: String) async throws -> KubeObject {
        guard let object = try await ManifestSources([path]).loadObjects().first else {
            Terminal.error(
                "\(path): error: no Kubernetes object found; --object needs a manifest with apiVersion and kind (use --var NAME=FILE for other values)"
            )
            throw ExitCode.unusableInput
        }
        return object
    }

    /// The first document of `path` that is not empty, whatever value it holds.
    private static func firstDocument(_ path: String) async throws -> Node {
        guard let document = try await ManifestSources([path]).loadDocuments().first(where: { !$0.isEmpty }) else {
            Terminal.error("\(path): error: the file holds no document; --var needs a YAML or JSON value")
            throw ExitCode.unusableInput
        }
        return document.root
    }
}
