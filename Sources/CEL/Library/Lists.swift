// sealgate · CEL

// Kubernetes' list library (isSorted, sum, min, max; indexOf and lastIndexOf live with the string
// functions of the same names) and cel-go's sets extension.

extension FunctionLibrary {
    mutating func addLists() {
        member("isSorted", .unary { (list) throws(EvalFailure) in
            let values = try list.list(for: "isSorted")
            guard values.count > 1 else { return .bool(true) }
            for i in 1..<values.count {
                if try values[i - 1].celCompare(values[i], operator: "isSorted") > 0 { return .bool(false) }
            }
            return .bool(true)
        })
        member("sum", .unary { (list) throws(EvalFailure) in
            let values = try list.list(for: "sum")
            guard var total = values.first else { return .int(0) }
            switch total {
            case .int, .uint, .double, .duration: break
            default: throw EvalFailure("sum() needs a list of numbers or durations; it holds \(total.type.withArticle)")
            }
            for value in values.dropFirst() { total = try CELValue.add(total, value) }
            return total
        })
        member("min", .unary { (list) throws(EvalFailure) in try Self.extreme(list, "min") { $0 < 0 } })
        member("max", .unary { (list) throws(EvalFailure) in try Self.extreme(list, "max") { $0 > 0 } })
    }

    private static func extreme(_ list: CELValue, _ name: String, _ better: (Int) -> Bool) throws(EvalFailure) -> CELValue {
        let values = try list.list(for: name)
        guard var best = values.first else { throw EvalFailure("\(name)() of an empty list") }
        for value in values.dropFirst() {
            if better(try value.celCompare(best, operator: name)) { best = value }
        }
        return best
    }

    mutating func addSets() {
        global("sets.contains", .binary { (a, b) throws(EvalFailure) in
            .bool(try Self.contains(a.list(for: "sets.contains"), all: b.list(for: "sets.contains")))
        })
        global("sets.equivalent", .binary { (a, b) throws(EvalFailure) in
            let x = try a.list(for: "sets.equivalent"), y = try b.list(for: "sets.equivalent")
            return .bool(Self.contains(x, all: y) && Self.contains(y, all: x))
        })
        global("sets.intersects", .binary { (a, b) throws(EvalFailure) in
            let x = try a.list(for: "sets.intersects"), y = try b.list(for: "sets.intersects")
            return .bool(y.contains { element in x.contains { $0.celEquals(element) } })
        })
    }

    private static func contains(_ list: CELList, all other: CELList) -> Bool {
        other.allSatisfy { element in list.contains { $0.celEquals(element) } }
    }
}
