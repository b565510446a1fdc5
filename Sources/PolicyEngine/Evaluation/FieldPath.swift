// sealgate · PolicyEngine

import KubeManifest

/// A validation's `fieldPath` (`spec.template.spec.containers[0].image`, `metadata.labels['app']`),
/// resolved to a place in the object's file so that a finding points at the field rather than the
/// object.
enum FieldPath {
    /// The place of the field, or of the deepest part of the path that exists; nil when not even the
    /// first part exists.
    static func location(of path: String, in root: Node) -> SourceLocation? {
        var node = root
        var found: SourceLocation?
        for component in components(path) {
            switch component {
            case let .key(key):
                guard let entry = node.mapping?.entry(for: key) else { return found }
                found = entry.keyLocation
                node = entry.value
            case let .index(index):
                guard let list = node.list, index >= 0, index < list.count else { return found }
                found = list[index].location
                node = list[index]
            }
        }
        return found
    }

    /// `a.b[0]['c.d']` → key a, key b, index 0, key c.d. A leading `.` is allowed.
    static func components(_ path: String) -> [PathComponent] {
        var result: [PathComponent] = []
        var current = ""
        var characters = Array(path)[...]
        func flush() {
            if !current.isEmpty { result.append(.key(current)) }
            current = ""
        }
        while let c = characters.popFirst() {
            switch c {
            case ".": flush()
            case "[":
                flush()
                var inside = ""
                while let d = characters.popFirst(), d != "]" { inside.append(d) }
                if let index = Int(inside) {
                    result.append(.index(index))
                } else {
                    result.append(.key(inside.trimmingCharacters(quotes: "'\"")))
                }
            default: current.append(c)
            }
        }
        flush()
        return result
    }
}

extension String {
    fileprivate func trimmingCharacters(quotes: String) -> String {
        var text = Substring(self)
        while let first = text.first, quotes.contains(first) { text = text.dropFirst() }
        while let last = text.last, quotes.contains(last) { text = text.dropLast() }
        return String(text)
    }
}
