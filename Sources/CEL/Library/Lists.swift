// sealgate · CEL

// Kubernetes' list library (isSorted, sum, min, max; indexOf, lastIndexOf and reverse are declared with
// the string functions of the same names) and cel-go's sets extension.

extension FunctionLibrary {
    /// `isSorted`, `sum`, `min` and `max`.
    static var listFunctions: [FunctionDeclaration] {
        [
            FunctionDeclaration("isSorted", cost: CostModel.comparingElements) { name in
                [
                    Overload(
                        [.method(on: .list(.A), returns: .bool)],
                        .unary { (list) throws(EvalFailure) in
                            let values = try list.list(for: name)
                            guard values.count > 1 else { return .bool(true) }
                            for i in 1..<values.count {
                                if try values[i - 1].celCompare(values[i], operator: name) > 0 { return .bool(false) }
                            }
                            return .bool(true)
                        })
                ]
            },
            FunctionDeclaration("sum", cost: CostModel.summing) { name in
                [
                    Overload(
                        [.method(on: .list(.A), returns: .A)],
                        .unary { (list) throws(EvalFailure) in
                            let values = try list.list(for: name)
                            guard var total = values.first else { return .int(0) }
                            switch total {
                            case .int, .uint, .double, .duration: break
                            default: throw EvalFailure("\(name)() needs a list of numbers or durations; it holds \(total.type.withArticle)")
                            }
                            for value in values.dropFirst() { total = try CELValue.add(total, value) }
                            return total
                        })
                ]
            },
            FunctionDeclaration("min", cost: CostModel.comparingElements) { name in
                [
                    Overload(
                        [.method(on: .list(.A), returns: .A)],
                        .unary { (list) throws(EvalFailure) in try Self.extreme(list, name) { $0 < 0 } })
                ]
            },
            FunctionDeclaration("max", cost: CostModel.comparingElements) { name in
                [
                    Overload(
                        [.method(on: .list(.A), returns: .A)],
                        .unary { (list) throws(EvalFailure) in try Self.extreme(list, name) { $0 > 0 } })
                ]
            },
        ]
    }

    /// The element of a non-empty list that `better` prefers over every other (the first of equals).
    private static func extreme(_ list: CELValue, _ name: String, _ better: (Int) -> Bool) throws(EvalFailure) -> CELValue {
        let values = try list.list(for: name)
        guard var best = values.first else { throw EvalFailure("\(name)() of an empty list") }
        for value in values.dropFirst() {
            if better(try value.celCompare(best, operator: name)) { best = value }
        }
        return best
    }

    /// `sets.contains`, `sets.equivalent` and `sets.intersects`.
    static var setFunctions: [FunctionDeclaration] {
        let signature = Signature.global(.list(.A), .list(.A), returns: .bool)
        return [
            FunctionDeclaration("sets.contains", cost: CostModel.pairwise) { name in
                [
                    Overload(
                        [signature],
                        .binary { (a, b) throws(EvalFailure) in
                            .bool(try Self.contains(a.list(for: name), all: b.list(for: name)))
                        })
                ]
            },
            FunctionDeclaration("sets.equivalent", cost: CostModel.pairwise) { name in
                [
                    Overload(
                        [signature],
                        .binary { (a, b) throws(EvalFailure) in
                            let x = try a.list(for: name), y = try b.list(for: name)
                            return .bool(Self.contains(x, all: y) && Self.contains(y, all: x))
                        })
                ]
            },
            FunctionDeclaration("sets.intersects", cost: CostModel.pairwise) { name in
                [
                    Overload(
                        [signature],
                        .binary { (a, b) throws(EvalFailure) in
                            let x = try a.list(for: name), y = try b.list(for: name)
                            return .bool(y.contains { element in x.contains { $0.celEquals(element) } })
                        })
                ]
            },
        ]
    }

    private static func contains(_ list: CELList, all other: CELList) -> Bool {
        other.allSatisfy { element in list.contains { $0.celEquals(element) } }
    }
}
