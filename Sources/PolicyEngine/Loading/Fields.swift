// sealgate · PolicyEngine

import KubeManifest

/// Typed reads of a document's fields, each failing with a ``PolicyError`` at the field's place that says
/// what was expected.
struct Fields {
    let node: Node
    /// The path of `node` in its document, for messages: `spec.validations[0]`.
    let path: String

    init(_ node: Node, path: String) {
        self.node = node
        self.path = path
    }

    private func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The mapping under `key`, or nil when absent or null.
    func map(_ key: String) throws(PolicyError) -> Fields? {
        guard let child = node[key], child.value != .null else { return nil }
        guard case .map = child.value else {
            throw PolicyError(.invalid, "'\(name(key))' must be a mapping, not \(child.value.typeNameWithArticle)", at: child.location)
        }
        return Fields(child, path: name(key))
    }

    /// The string under `key`, or nil when absent or null.
    func string(_ key: String) throws(PolicyError) -> String? {
        guard let child = node[key], child.value != .null else { return nil }
        guard case let .string(text) = child.value else {
            throw PolicyError(
                .invalid, "'\(name(key))' must be a string, not \(child.value.typeNameWithArticle); quote it", at: child.location)
        }
        return text
    }

    /// The bool under `key`, or nil when absent or null.
    func bool(_ key: String) throws(PolicyError) -> Bool? {
        guard let child = node[key], child.value != .null else { return nil }
        guard case let .bool(flag) = child.value else {
            throw PolicyError(.invalid, "'\(name(key))' must be true or false, not \(child.value.typeNameWithArticle)", at: child.location)
        }
        return flag
    }

    /// The string under `key`; absent is an error.
    func requiredString(_ key: String) throws(PolicyError) -> String {
        guard let text = try string(key), !text.isEmpty else {
            throw PolicyError(.invalid, "'\(name(key))' is required", at: node[key]?.location ?? node.location)
        }
        return text
    }

    /// The list of mappings under `key`; absent or null is empty.
    func list(_ key: String) throws(PolicyError) -> [Fields] {
        guard let child = node[key], child.value != .null else { return [] }
        guard case let .list(items) = child.value else {
            throw PolicyError(.invalid, "'\(name(key))' must be a list, not \(child.value.typeNameWithArticle)", at: child.location)
        }
        var result: [Fields] = []
        for (i, item) in items.enumerated() {
            guard case .map = item.value else {
                throw PolicyError(
                    .invalid, "'\(name(key))[\(i)]' must be a mapping, not \(item.value.typeNameWithArticle)", at: item.location)
            }
            result.append(Fields(item, path: "\(name(key))[\(i)]"))
        }
        return result
    }

    /// The list of strings under `key`; absent or null is empty.
    func strings(_ key: String) throws(PolicyError) -> [String] {
        guard let child = node[key], child.value != .null else { return [] }
        guard case let .list(items) = child.value else {
            throw PolicyError(
                .invalid, "'\(name(key))' must be a list of strings, not \(child.value.typeNameWithArticle)", at: child.location)
        }
        var result: [String] = []
        for (i, item) in items.enumerated() {
            guard case let .string(text) = item.value else {
                throw PolicyError(
                    .invalid, "'\(name(key))[\(i)]' must be a string, not \(item.value.typeNameWithArticle)", at: item.location)
            }
            result.append(text)
        }
        return result
    }

    /// The string-to-string mapping under `key`; absent or null is empty.
    func stringMap(_ key: String) throws(PolicyError) -> [String: String] {
        guard let fields = try map(key) else { return [:] }
        var result: [String: String] = [:]
        guard case let .map(mapping) = fields.node.value else { return [:] }
        for entry in mapping {
            guard case let .string(text) = entry.value.value else {
                throw PolicyError(
                    .invalid, "'\(fields.path).\(entry.key)' must be a string, not \(entry.value.value.typeNameWithArticle); quote it",
                    at: entry.value.location)
            }
            result[entry.key] = text
        }
        return result
    }

    /// The label selector under `key`, if any.
    func selector(_ key: String) throws(PolicyError) -> LabelSelector? {
        guard let fields = try map(key) else { return nil }
        var requirements: [LabelSelector.Requirement] = []
        for expression in try fields.list("matchExpressions") {
            let text = try expression.requiredString("operator")
            guard let op = LabelSelector.Operator(rawValue: text) else {
                throw PolicyError(
                    .invalid, "'\(expression.path).operator' must be \(LabelSelector.Operator.spelledOut), not '\(text)'",
                    at: expression.node["operator"]?.location ?? expression.node.location)
            }
            requirements.append(.init(key: try expression.requiredString("key"), operator: op, values: try expression.strings("values")))
        }
        return LabelSelector(matchLabels: try fields.stringMap("matchLabels"), matchExpressions: requirements)
    }
}
