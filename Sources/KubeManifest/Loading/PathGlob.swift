// sealgate · KubeManifest

/// A pattern over `/`-separated relative paths, as a repository's settings name files to leave out:
/// `*` is any run of characters within one name, `?` one character within a name, and a `**` segment any
/// number of directories (none included). A pattern is anchored at the directory it is relative to, so
/// `vendor/**` is the top `vendor` only and `**/vendor/**` is every `vendor`; a trailing `/` is `/**`.
///
/// A path matches when the pattern matches it or one of the directories above it: `docs/examples`
/// covers everything below `docs/examples`, as it does for a directory walk that would enter it.
public struct PathGlob: Sendable, Hashable, CustomStringConvertible {
    /// What is wrong with a pattern, said so that the user can rewrite it.
    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        /// The explanation, with what to write instead.
        public let description: String
    }

    private enum Segment: Hashable {
        /// `**`: any number of names.
        case anyDepth
        /// One name, with `*` and `?` as wildcards.
        case name([Character])
    }

    /// The pattern as written.
    public let pattern: String
    private let segments: [Segment]

    /// Reads `pattern`.
    ///
    /// - Throws: ``Problem`` for an empty or absolute pattern, a `.` or `..` segment, `**` inside a name,
    ///   and the syntax other tools give meanings this matcher does not have (`[…]`, `{…}`, `\`, a leading `!`).
    public init(_ pattern: String) throws(Problem) {
        self.pattern = pattern
        guard !pattern.isEmpty else { throw Problem(description: "the pattern is empty; remove it or write a path such as vendor/**") }
        guard !pattern.hasPrefix("/") else {
            throw Problem(
                description:
                    "'\(pattern)' starts with '/'; patterns are relative to the settings file's directory, so write it without the '/'")
        }
        if pattern.hasPrefix("!") {
            throw Problem(description: "'\(pattern)' starts with '!'; negated patterns are not supported, so list what to leave out only")
        }
        for special in ["[", "]", "{", "}", "\\"] where pattern.contains(special) {
            throw Problem(
                description:
                    "'\(pattern)' holds '\(special)', which has no meaning here; only *, ? and ** are wildcards, so write each path separately"
            )
        }
        var names = pattern.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if names.last == "" { names[names.count - 1] = "**" }
        var segments: [Segment] = []
        for name in names {
            switch name {
            case "":
                throw Problem(description: "'\(pattern)' holds '//'; write one '/' between names")
            case ".", "..":
                throw Problem(
                    description: "'\(pattern)' holds a '\(name)' segment; write the path from the settings file's directory without it")
            case "**":
                // Two `**` in a row mean what one does.
                if segments.last != .anyDepth { segments.append(.anyDepth) }
            default:
                guard !name.contains("**") else {
                    throw Problem(
                        description:
                            "'\(pattern)' has '**' inside the name '\(name)'; '**' stands alone between slashes (a/**/b), use '*' within a name"
                    )
                }
                segments.append(.name(Array(name)))
            }
        }
        self.segments = segments
    }

    /// Whether `path` (relative, `/`-separated, without `.` or `..` segments) or a directory above it matches.
    public func matches(_ path: String) -> Bool {
        let names = path.split(separator: "/").map { Array($0) }
        // A pattern that matches a directory matches everything below it.
        return (1...max(names.count, 1)).contains { count in Self.match(segments[...], names.prefix(count)) }
    }

    public var description: String { pattern }

    private static func match(_ segments: ArraySlice<Segment>, _ names: ArraySlice<[Character]>) -> Bool {
        guard let first = segments.first else { return names.isEmpty }
        switch first {
        case .anyDepth:
            let rest = segments.dropFirst()
            return (names.startIndex...names.endIndex).contains { start in match(rest, names[start...]) }
        case let .name(pattern):
            guard let name = names.first, matchName(pattern[...], name[...]) else { return false }
            return match(segments.dropFirst(), names.dropFirst())
        }
    }

    /// `*` and `?` within one name; a `*` tries each length, shortest first.
    private static func matchName(_ pattern: ArraySlice<Character>, _ name: ArraySlice<Character>) -> Bool {
        guard let first = pattern.first else { return name.isEmpty }
        switch first {
        case "*":
            let rest = pattern.dropFirst()
            return (name.startIndex...name.endIndex).contains { start in matchName(rest, name[start...]) }
        case "?":
            return !name.isEmpty && matchName(pattern.dropFirst(), name.dropFirst())
        default:
            return name.first == first && matchName(pattern.dropFirst(), name.dropFirst())
        }
    }
}

extension LoadResult {
    /// The result with only the files whose path `keep` accepts; what the inputs themselves gave (input
    /// errors, notices of the walks) is kept. For a caller that leaves files out after a walk (a
    /// repository's `exclude` settings), so that an excluded file's objects and parse errors are not reported.
    public func keepingFiles(_ keep: (String) -> Bool) -> LoadResult {
        LoadResult(files: files.filter { keep($0.file.path) }, inputErrors: inputErrors, notices: notices)
    }
}
