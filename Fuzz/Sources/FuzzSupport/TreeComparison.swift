// sealgate · fuzz support

public import KubeManifest

/// Value trees compared strictly, for round-trip checks: same kinds (an int is not a double), doubles
/// bit for bit (NaN equals NaN, `-0.0` differs from `0.0`), mapping keys in the same order.
///
/// `Value`'s own `==` is JSON equality (`1 == 1.0`, NaN unequal to itself, keys as a set), which is right
/// for policies but would let an emitter that changes a type or loses a NaN pass unnoticed.
public enum TreeComparison {
    /// The path of the first difference between `a` and `b` (`$` for the roots), or nil when they match.
    public static func firstDifference(_ a: Node, _ b: Node, path: String = "$") -> String? {
        switch (a.value, b.value) {
        case (.null, .null):
            return nil
        case let (.bool(x), .bool(y)):
            return x == y ? nil : path
        case let (.int(x), .int(y)):
            return x == y ? nil : path
        case let (.double(x), .double(y)):
            return x.bitPattern == y.bitPattern || (x.isNaN && y.isNaN) ? nil : path
        case let (.string(x), .string(y)):
            return x.utf8.elementsEqual(y.utf8) ? nil : path
        case let (.list(x), .list(y)):
            guard x.count == y.count else { return path + " (list lengths \(x.count) and \(y.count))" }
            for (index, pair) in zip(x, y).enumerated() {
                if let difference = firstDifference(pair.0, pair.1, path: "\(path)[\(index)]") { return difference }
            }
            return nil
        case let (.map(x), .map(y)):
            let xs = Array(x), ys = Array(y)
            guard xs.count == ys.count else { return path + " (mapping sizes \(xs.count) and \(ys.count))" }
            for (left, right) in zip(xs, ys) {
                guard left.key.utf8.elementsEqual(right.key.utf8) else {
                    return path + " (keys \(JSONEmitter.quote(left.key)) and \(JSONEmitter.quote(right.key)))"
                }
                if let difference = firstDifference(left.value, right.value, path: path + "." + left.key) {
                    return difference
                }
            }
            return nil
        default:
            return path + " (\(a.value.typeName) and \(b.value.typeName))"
        }
    }
}
