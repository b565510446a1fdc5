// sealgate · CEL tests

import Diagnostics
import KubeManifest
import Testing
@testable import CEL

/// Random well-formed expressions over every function and operator, with hostile arguments (extreme
/// numbers, empty and Unicode strings, NaN, negative indexes): compiling and evaluating them must give a
/// value or a CELError, never a crash, and the cost budget must stop every one of them.
struct EvaluatorFuzzTests {
    private struct Generator {
        var state: UInt64

        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }

        mutating func pick<T>(_ options: [T]) -> T { options[next(options.count)] }

        static let atoms = [
            "0", "1", "-1", "2", "9223372036854775807", "-9223372036854775808", "0u", "18446744073709551615u", "1.5", "-0.0",
            "0.0/0.0", "1e308", "''", "'a'", "'héllo wörld'", "'🔐x'", "' padded '", "'a,b,,c'", "'%s %d %f'", "b''", "b'\\xff'",
            "null", "true", "false", "[]", "[1, 2, 3]", "['b', 'a']", "{}", "{'a': 1}", "{1: 'x', 2u: 'y'}",
            "object", "object.spec", "object.spec.replicas", "object.metadata.labels", "object.spec.template.spec.containers",
            "'1Gi'", "'500m'", "'10.0.0.1'", "'10.0.0.0/8'", "'::1'", "'https://user@example.com:8443/a%20b?x=1&x=2'",
            "'2026-01-01T00:00:00Z'", "'1h30m'", "'^[a-z]+$'", "'(a|b)*c'", "'a(b'", "'abc'", "duration('1s')",
            "timestamp('2026-01-01T00:00:00Z')", "quantity('1Gi')", "ip('10.0.0.1')", "cidr('10.0.0.0/8')",
            "url('https://example.com/x')", "format.dns1123Label()", "optional.of(1)", "optional.none()", "type(1)",
        ]
        static let unary = [
            "!", "-", "size", "type", "int", "uint", "double", "string", "bytes", "bool", "duration", "timestamp",
            "quantity", "isQuantity", "ip", "isIP", "cidr", "isCIDR", "url", "isURL", "dyn",
            "optional.of", "optional.ofNonZeroValue", "strings.quote", "format.named", "ip.isCanonical",
        ]
        static let binary = [
            "+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "&&", "||", "in", "[]", "[?]",
            "sets.contains", "sets.equivalent", "sets.intersects", "matches",
        ]
        static let methods0 = [
            "size", "lowerAscii", "upperAscii", "trim", "reverse", "join", "isSorted", "sum", "min", "max",
            "hasValue", "value", "sign", "isInteger", "asInteger", "asApproximateFloat", "family",
            "isLoopback", "isGlobalUnicast", "ip", "masked", "prefixLength", "getScheme", "getHost",
            "getHostname", "getPort", "getEscapedPath", "getQuery", "getFullYear", "getMonth",
            "getDayOfWeek", "getHours", "getMilliseconds",
        ]
        static let methods1 = [
            "contains", "startsWith", "endsWith", "matches", "charAt", "indexOf", "lastIndexOf", "split",
            "substring", "join", "format", "find", "findAll", "orValue", "or", "add", "sub",
            "isGreaterThan", "isLessThan", "compareTo", "containsIP", "containsCIDR", "validate",
            "getHours", "getFullYear",
        ]
        static let methods2 = ["replace", "split", "substring", "indexOf", "lastIndexOf", "findAll"]
        static let macros = ["all", "exists", "exists_one", "map", "filter"]

        mutating func expression(_ depth: Int) -> String {
            // Half the atoms hide their type behind dyn(), so the checker lets them through to evaluation.
            if depth <= 0 || next(4) == 0 { return next(2) == 0 ? pick(Self.atoms) : "dyn(\(pick(Self.atoms)))" }
            switch next(8) {
            case 0:
                let op = pick(Self.unary)
                return op.count == 1 ? "\(op)(\(expression(depth - 1)))" : "\(op)(\(expression(depth - 1)))"
            case 1, 2:
                let op = pick(Self.binary), a = expression(depth - 1), b = expression(depth - 1)
                switch op {
                case "[]": return "(\(a))[\(b)]"
                case "[?]": return "(\(a))[?\(b)]"
                case let name where name.contains("."), let name where name == "matches": return "\(name)(\(a), \(b))"
                default: return "(\(a)) \(op) (\(b))"
                }
            case 3: return "(\(expression(depth - 1))).\(pick(Self.methods0))()"
            case 4: return "(\(expression(depth - 1))).\(pick(Self.methods1))(\(expression(depth - 1)))"
            case 5: return "(\(expression(depth - 1))).\(pick(Self.methods2))(\(expression(depth - 1)), \(expression(depth - 1)))"
            case 6:
                let macro = pick(Self.macros)
                let body = expression(depth - 1).replacingOccurrences(of: "object.spec", with: "x")
                return macro == "map" && next(2) == 0
                    ? "(\(expression(depth - 1))).map(x, \(body), x)" : "(\(expression(depth - 1))).\(macro)(x, \(body))"
            default:
                return "(\(expression(depth - 1))) ? (\(expression(depth - 1))) : (\(expression(depth - 1)))"
            }
        }
    }

    @Test("random expressions over every function give a value or an error, never a crash")
    func randomExpressions() throws {
        let object = CELValue(try ManifestParser.documents(in: EvaluatorTests.object, file: SourceFile(path: "object.yaml"))[0].root)
        let environment = CELEnvironment(variables: ["object"], costLimit: 20_000)
        var generator = Generator(state: 0xCE1_F022)
        var values = 0, evaluationErrors = 0, compileErrors = 0
        for _ in 0..<30_000 {
            let source = generator.expression(4)
            do {
                let program = try environment.compile(source)
                do {
                    _ = try program.evaluate(["object": object]).jsonText
                    values += 1
                } catch {
                    #expect(error.code == .evaluation || error.code == .costLimit, "\(source): \(error)")
                    evaluationErrors += 1
                }
            } catch {
                compileErrors += 1
            }
        }
        // The generator reaches every outcome: values, evaluation errors and (through bad literal regexes and
        // arities) compile errors.
        #expect(values > 1_000)
        #expect(evaluationErrors > 1_000)
        #expect(compileErrors > 0)
    }
}
