// sealgate · CEL tests

import Testing
@testable import CEL

/// Every library function is declared once (``FunctionDeclaration``): these tests walk the declarations
/// and call every signature, so a signature without an implementation that takes it, or an
/// implementation that no signature admits, fails here.
struct FunctionDeclarationTests {
    /// Every signature of every declaration, as `(function, signature)`.
    static let signatures: [(String, Signature)] = FunctionLibrary.standard.declarations.flatMap { declaration in
        declaration.overloads.flatMap { overload in overload.signatures.map { (declaration.name, $0) } }
    }

    /// A CEL expression of the given type; the type parameter stands for an int.
    static func sample(_ type: StaticType) -> String {
        switch type {
        case .dyn, .parameter, .int: "1"
        case .uint: "1u"
        case .double: "1.0"
        case .bool: "true"
        case .string: "'1'"
        case .bytes: "b'1'"
        case .null: "null"
        case .type: "int"
        case .timestamp: "timestamp(0)"
        case .duration: "duration('1s')"
        case let .list(element): "[\(sample(element))]"
        case let .map(key, value): "{\(sample(key)): \(sample(value))}"
        case let .optional(wrapped): "optional.of(\(sample(wrapped)))"
        case .quantity: "quantity('1')"
        case .ip: "ip('10.0.0.1')"
        case .cidr: "cidr('10.0.0.0/8')"
        case .url: "url('https://example.com/')"
        case .namedFormat: "format.uuid()"
        case let .opaque(name): "unknown opaque type \(name)"
        }
    }

    /// A call of `function` with a sample argument of each declared type.
    static func call(_ function: String, _ signature: Signature) -> String {
        let arguments = signature.parameters.map(sample).joined(separator: ", ")
        guard let receiver = signature.receiver else { return "\(function)(\(arguments))" }
        return "(\(sample(receiver))).\(function)(\(arguments))"
    }

    @Test(arguments: signatures)
    func everySignatureIsCallable(_ function: String, _ signature: Signature) throws {
        let source = Self.call(function, signature)
        // The checker accepts the call and gives it a type its declared result admits.
        let expression = try Parser.parse(source, limits: ParserLimits())
        var checker = TypeChecker(source: source, library: .standard)
        let checked = try checker.check(expression)
        #expect(checked.isCompatible(with: signature.result), "\(source): checked as \(checked)")
        // The compiler finds an implementation, and it takes the declared types: it may refuse the
        // sample's value ('1' is no time zone), never its type.
        let program = try CELEnvironment(variables: []).compile(source)
        do throws(CELError) {
            let value = try program.evaluate([:])
            if signature.result != .dyn, signature.result != .A {
                let expected = signature.result.description.prefix { $0 != "(" }
                #expect(value.type.name == expected, "\(source) gave \(value.type.name), declared \(signature.result)")
            }
        } catch {
            #expect(!error.reason.hasPrefix("no such overload"), "\(source): \(error.reason)")
        }
    }

    @Test func everyRegisteredCallHasASignature() {
        let library = FunctionLibrary.standard
        for (name, entries) in library.global {
            let arities = Set((library.globalSignatures[name] ?? []).map(\.arity))
            #expect(Set(entries.keys) == arities, "\(name)")
        }
        for (name, entries) in library.member {
            let arities = Set((library.memberSignatures[name] ?? []).map(\.arity))
            #expect(Set(entries.keys) == arities, "\(name)")
        }
        #expect(library.global.count + library.member.count >= library.declarations.count)
    }

    @Test func namespacesComeFromTheDottedNames() {
        #expect(FunctionLibrary.standard.namespaces == ["optional", "sets", "strings", "format", "ip"])
    }

    /// Results that depend on the arguments' types, and calls no signature takes.
    static let checkedTypes: [(String, String)] = [
        ("optional.of(1)", "optional_type(int)"), ("[1, 2].min()", "int"), ("['a'].reverse()", "list(string)"),
        ("'ab'.reverse()", "string"), ("optional.of('a').value()", "string"), ("dyn([1]).reverse()", "dyn"),
        ("{'a': 1}.size()", "int"), ("quantity('1').add(1)", "kubernetes.Quantity"), ("cidr('10.0.0.0/8').ip()", "net.IP"),
        ("size(1)", "found no matching overload for 'size' applied to '(int)'"),
        ("'a'.startsWith(1)", "found no matching overload for 'startsWith' applied to 'string.(int)'"),
        ("sets.contains([1], 1)", "found no matching overload for 'sets.contains' applied to '(list(int), int)'"),
    ]

    @Test(arguments: checkedTypes)
    func checkedType(_ source: String, _ expected: String) throws {
        var checker = TypeChecker(source: source, library: .standard)
        do throws(CELError) {
            #expect(try checker.check(try Parser.parse(source, limits: ParserLimits())).description == expected)
        } catch {
            #expect(error.reason == expected)
        }
    }
}
