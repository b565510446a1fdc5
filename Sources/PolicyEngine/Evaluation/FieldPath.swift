// sealgate · PolicyEngine

import Diagnostics
import KubeManifest

/// A validation's `fieldPath` (`spec.template.spec.containers[0].image`, `metadata.labels['app']`),
/// resolved to a place in the object's file so that a finding points at the field rather than the
/// object.
///
/// The syntax is the one Kubernetes accepts for a ValidatingAdmissionPolicy: names joined by `.`, each
/// part optionally followed by `[index]` or `['key']` subscripts, with an optional leading `.`. A path
/// outside it is refused when the policy loads (``parse(_:)``): read leniently, `data..k` meant `data.k`
/// and `data[` pointed at `data`, so a typo moved findings without a word.
enum FieldPath {
    /// The accepted forms, for messages.
    static let forms =
        "names joined by '.', each optionally followed by [index] or ['key'], such as spec.containers[0].image or metadata.labels['app.kubernetes.io/name']"

    /// Why a path is malformed, with the 1-based character where reading stopped.
    struct Problem: Error, Equatable {
        let reason: String
        let character: Int
    }

    /// The place of the field, or of the deepest part of the path that exists; nil when not even the
    /// first part exists, or when the path does not parse (the loader refuses those, so only a path
    /// built by hand reaches here malformed).
    static func location(of path: String, in root: Node) -> SourceLocation? {
        guard let components = try? parse(path) else { return nil }
        var node = root
        var found: SourceLocation?
        for component in components {
            switch component {
            case let .key(key):
                guard let entry = node.mapping?.entry(for: key) else { return found }
                found = entry.keyLocation
                node = entry.value
            case let .index(index):
                guard let list = node.list, index < list.count else { return found }
                found = list[index].location
                node = list[index]
            }
        }
        return found
    }

    /// Where `mapping` (a map an expression took from the object) is in the object: the path to it
    /// (`spec.template.spec.containers[1]`) and the place it starts. A mapping is recognised by where its
    /// first key was read, which no other mapping of the file shares; nil for an empty mapping or one
    /// that is not in `root`.
    static func place(of mapping: Mapping, in root: Node) -> (path: String, location: SourceLocation)? {
        guard let first = mapping.entries.first?.keyLocation, first != .generated else { return nil }
        var components: [PathComponent] = []
        func search(_ node: Node) -> SourceLocation? {
            switch node.value {
            case let .map(candidate):
                if candidate.entries.first?.keyLocation == first, candidate.count == mapping.count { return node.location }
                for entry in candidate.entries {
                    components.append(.key(entry.key))
                    if let found = search(entry.value) { return found }
                    components.removeLast()
                }
            case let .list(items):
                for (index, item) in items.enumerated() {
                    components.append(.index(index))
                    if let found = search(item) { return found }
                    components.removeLast()
                }
            default:
                break
            }
            return nil
        }
        guard let location = search(root) else { return nil }
        return (render(components), location)
    }

    /// The path of `components` as ``parse(_:)`` reads it: `spec.containers[1]`, `metadata.labels['app.kubernetes.io/name']`.
    static func render(_ components: [PathComponent]) -> String {
        var path = ""
        for component in components {
            switch component {
            case let .key(key):
                if isPlainName(key) {
                    path += path.isEmpty ? key : "." + key
                } else if key.contains("'") {
                    path += "[\"\(key)\"]"
                } else {
                    path += "['\(key)']"
                }
            case let .index(index):
                path += "[\(index)]"
            }
        }
        return path
    }

    /// `a.b[0]['c.d']` → key a, key b, index 0, key c.d; the empty path is no components.
    ///
    /// A name is letters, digits, `_` and `-` (a Kubernetes field name); any other key goes in
    /// `['…']` or `["…"]`, where everything up to the closing quote is the key. An index is decimal
    /// digits that fit an `Int`.
    ///
    /// - Throws: ``Problem`` at the first character that does not fit.
    static func parse(_ path: String) throws(Problem) -> [PathComponent] {
        let characters = Array(path)
        guard !characters.isEmpty else { return [] }
        var result: [PathComponent] = []
        var i = 0
        // A part starts after a '.', or at the start; a leading '.' is allowed.
        var expectName = true
        if characters[0] == "." { i = 1 }
        if i < characters.count, characters[i] == "[" { expectName = false }
        while true {
            if expectName {
                let start = i
                while i < characters.count, isNameCharacter(characters[i]) { i += 1 }
                guard i > start else {
                    if i == characters.count {
                        throw Problem(reason: "it ends where a name should follow '.'", character: i)
                    }
                    if characters[i] == "." {
                        throw Problem(reason: "it has an empty name ('..')", character: i + 1)
                    }
                    throw Problem(reason: "'\(characters[i])' cannot start a name", character: i + 1)
                }
                result.append(.key(String(characters[start..<i])))
            }
            // After a part: subscripts, then '.', or the end.
            while i < characters.count, characters[i] == "[" {
                let open = i + 1
                i += 1
                guard i < characters.count else {
                    throw Problem(reason: "the '[' is not closed", character: open)
                }
                if characters[i] == "'" || characters[i] == "\"" {
                    let quote = characters[i]
                    let quoteAt = i + 1
                    i += 1
                    let start = i
                    while i < characters.count, characters[i] != quote { i += 1 }
                    guard i < characters.count else {
                        throw Problem(reason: "the quoted key has no closing \(quote)", character: quoteAt)
                    }
                    let key = String(characters[start..<i])
                    guard !key.isEmpty else { throw Problem(reason: "the key in [] is empty", character: quoteAt) }
                    i += 1
                    guard i < characters.count, characters[i] == "]" else {
                        throw Problem(reason: "the '[' is not closed with ']' after the quoted key", character: open)
                    }
                    i += 1
                    result.append(.key(key))
                } else if characters[i].isASCII, characters[i].isNumber {
                    let start = i
                    while i < characters.count, characters[i].isASCII, characters[i].isNumber { i += 1 }
                    guard i < characters.count, characters[i] == "]" else {
                        throw Problem(reason: "the '[' is not closed with ']' after the index", character: open)
                    }
                    let digits = String(characters[start..<i])
                    guard let index = Int(digits) else {
                        throw Problem(reason: "the index \(digits) is too large", character: start + 1)
                    }
                    i += 1
                    result.append(.index(index))
                } else {
                    throw Problem(reason: "a subscript is [index] or ['key'], not '\(characters[i])'", character: i + 1)
                }
            }
            if i == characters.count { return result }
            guard characters[i] == "." else {
                throw Problem(reason: "'\(characters[i])' cannot be in a name; write such a key as ['key']", character: i + 1)
            }
            i += 1
            expectName = true
        }
    }

    /// Whether `key` can be written as a name in a path (`spec.containers`), not as `['key']`: not empty, and
    /// only ASCII letters, digits, `_` and `-`.
    static func isPlainName(_ key: String) -> Bool {
        !key.isEmpty && key.utf8.allSatisfy(isNameByte)
    }

    /// Whether a key's UTF-8 byte may stand in a name without `['…']`: ASCII letters, digits, `_` and `-`.
    static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default: false
        }
    }

    /// ``isNameByte(_:)`` for a character: whether it may stand in a name without `['…']`.
    static func isNameCharacter(_ c: Character) -> Bool {
        c.asciiValue.map(isNameByte) ?? false
    }
}
