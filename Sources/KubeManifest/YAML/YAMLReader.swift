// sealgate · KubeManifest

internal import CLibYAML
internal import Diagnostics

/// Reads a YAML stream into documents with libyaml's event API, keeping every node's position.
///
/// The tree is built with an explicit stack, so nesting depth costs heap (bounded by
/// ``LoaderLimits/maxDepth``), never call stack. Aliases share the anchored node's storage; what they would
/// cost a consumer that walks the tree is counted against ``LoaderLimits/maxAliasExpansion``.
enum YAMLReader {
    /// Parses `bytes` (the whole file) into its documents.
    ///
    /// - Throws: ``ManifestError`` with the file, line and column of the first problem.
    static func documents(
        in bytes: UnsafeRawBufferPointer,
        file: SourceFile,
        limits: LoaderLimits
    ) throws(ManifestError) -> [Document] {
        try documents(in: bytes, file: file, limits: limits, linesBefore: 0, documentsBefore: 0)
    }

    /// Parses `bytes`, a part of `file` that starts at the beginning of a line, after `linesBefore` lines
    /// and `documentsBefore` documents of the file: nodes and documents are numbered as in the whole file.
    /// An error's position is the part's own; ``ManifestParser/documents(inChunk:of:file:limits:documentsBefore:)``
    /// does not show it.
    static func documents(
        in bytes: UnsafeRawBufferPointer,
        file: SourceFile,
        limits: LoaderLimits,
        linesBefore: Int,
        documentsBefore: Int
    ) throws(ManifestError) -> [Document] {
        let parser = LibYAMLParser(bytes: bytes)
        var builder = TreeBuilder(
            file: file, limits: limits, source: ScalarSource(bytes: bytes), linesBefore: linesBefore, documentsBefore: documentsBefore)
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(parser.handle, &event) != 0 else {
                throw parser.error(file: file, bytes: bytes)
            }
            defer { yaml_event_delete(&event) }
            if event.type == YAML_STREAM_END_EVENT { break }
            try builder.handle(&event)
        }
        return builder.documents
    }
}

// MARK: - The libyaml handle

/// Owns a `yaml_parser_t` reading from caller-owned memory; frees it on deinit.
private final class LibYAMLParser {
    let handle: UnsafeMutablePointer<yaml_parser_t>

    init(bytes: UnsafeRawBufferPointer) {
        handle = .allocate(capacity: 1)
        // yaml_parser_initialize only fails when malloc does, which Swift treats as fatal elsewhere too.
        _ = yaml_parser_initialize(handle)
        let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self)
        yaml_parser_set_input_string(handle, base, bytes.count)
    }

    deinit {
        yaml_parser_delete(handle)
        handle.deallocate()
    }

    /// Turns libyaml's error state into a message with a position and, for the common mistakes, a fix.
    func error(file: SourceFile, bytes: UnsafeRawBufferPointer) -> ManifestError {
        let p = handle.pointee
        let problem = p.problem.map { String(cString: $0) } ?? "unknown error"
        if p.error == YAML_MEMORY_ERROR {
            return ManifestError(.syntax, "out of memory while parsing YAML", path: file.path)
        }
        if p.error == YAML_READER_ERROR {
            // Reader errors carry a byte offset instead of a mark.
            let (line, column) = ManifestParser.lineAndColumn(ofByte: p.problem_offset, in: bytes)
            if problem.contains("UTF-8") || problem.contains("UTF-16") {
                return ManifestError(
                    .invalidUTF8, "the file is not valid UTF-8 (\(problem)); save it as UTF-8",
                    path: file.path, line: line, column: column)
            }
            if problem.contains("control characters") {
                let what = p.problem_value == 0 ? "a NUL byte" : "control character \(Self.hex(p.problem_value))"
                return ManifestError(
                    .binaryFile, "\(what) is not allowed in YAML; is this a binary file?",
                    path: file.path, line: line, column: column)
            }
            return ManifestError(.syntax, problem, path: file.path, line: line, column: column)
        }
        let mark = p.problem_mark
        let line = Int(mark.line) + 1
        let column = Int(mark.column) + 1
        let context = p.context.map { String(cString: $0) }
        let contextMark = p.context_mark
        let at = "line \(contextMark.line + 1), column \(contextMark.column + 1)"
        if Int(mark.index) < bytes.count, bytes[Int(mark.index)] == UInt8(ascii: "\t") {
            return ManifestError(
                .syntax, "tab character in indentation; YAML indents with spaces, so replace the tab with spaces",
                path: file.path, line: line, column: column)
        }
        if let context, context.contains("quoted scalar"), problem.contains("end of stream") {
            return ManifestError(
                .syntax, "unterminated quoted string that starts at \(at); add the closing quote",
                path: file.path, line: line, column: column)
        }
        if let keyStart = Self.overlongKeyStart(
            problem: problem, context: context, problemIndex: Int(mark.index), contextIndex: Int(contextMark.index), in: bytes)
        {
            // libyaml gives up on a plain "key: value" whose key runs past 1024 characters, and then reports
            // the colon ("mapping values are not allowed in this context"), which says nothing of the cause.
            let (keyLine, keyColumn) = ManifestParser.lineAndColumn(ofByte: keyStart, in: bytes)
            return ManifestError(
                .syntax,
                "a key longer than \(Self.simpleKeyLimit) characters must be written as an explicit key ('? ' before it, ': ' before its value on the next line) or shortened",
                path: file.path, line: keyLine, column: keyColumn)
        }
        var reason = problem
        if let context { reason += " (\(context) at \(at))" }
        return ManifestError(.syntax, reason, path: file.path, line: line, column: column)
    }

    /// The longest key libyaml reads in the plain `key: value` form (YAML 1.2 allows implementations 1024).
    static let simpleKeyLimit = 1024

    /// The byte offset where a key starts when libyaml's error is really "this key is too long for the
    /// `key: value` form": the error is about a missing or unexpected `:`, and a `:` that ends a key follows
    /// on the same line more than ``simpleKeyLimit`` characters after the key's start.
    static func overlongKeyStart(
        problem: String, context: String?, problemIndex: Int, contextIndex: Int, in bytes: UnsafeRawBufferPointer
    ) -> Int? {
        let keyStart: Int
        if problem.hasPrefix("mapping values are not allowed") {
            // The mark is on the colon; the key starts after the line's indentation and any "- ".
            guard problemIndex <= bytes.count else { return nil }
            var start = problemIndex
            while start > 0, bytes[start - 1] != UInt8(ascii: "\n") { start -= 1 }
            while start < problemIndex,
                bytes[start] == UInt8(ascii: " ") || bytes[start] == UInt8(ascii: "-")
                    || bytes[start] == UInt8(ascii: "{") || bytes[start] == UInt8(ascii: "[")
            {
                start += 1
            }
            keyStart = start
        } else if problem.hasPrefix("did not find expected ',' or '}'"), problemIndex <= bytes.count {
            // In a flow mapping the mark is on the colon too; the key starts after the '{' or ','.
            var start = problemIndex
            while start > 0, ![UInt8(ascii: "\n"), UInt8(ascii: "{"), UInt8(ascii: ",")].contains(bytes[start - 1]) { start -= 1 }
            while start < problemIndex, bytes[start] == UInt8(ascii: " ") { start += 1 }
            keyStart = start
        } else if problem.hasPrefix("could not find expected ':'"), context?.contains("simple key") == true {
            keyStart = contextIndex
        } else {
            return nil
        }
        guard keyStart < bytes.count else { return nil }
        // Find the first ": " (or ":" at the end of the line) after the key's start, counting characters.
        var characters = 0
        var index = keyStart
        while index < bytes.count, bytes[index] != UInt8(ascii: "\n") {
            if bytes[index] == UInt8(ascii: ":") {
                let next = index + 1 < bytes.count ? bytes[index + 1] : UInt8(ascii: "\n")
                if next == UInt8(ascii: " ") || next == UInt8(ascii: "\n") || next == UInt8(ascii: "\r") {
                    return characters > simpleKeyLimit ? keyStart : nil
                }
            }
            if bytes[index] & 0xC0 != 0x80 { characters += 1 }  // UTF-8 continuation bytes are no new character
            index += 1
        }
        return nil
    }

    private static func hex(_ value: Int32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

// MARK: - Building the tree

/// Turns the event stream into ``Document`` values.
private struct TreeBuilder {
    /// An open list or mapping.
    struct Frame {
        var isMap: Bool
        var location: SourceLocation
        var anchor: String?
        /// Nodes in this subtree, counting what aliases inside it expand to.
        var weight = 1
        /// Levels of lists and mappings in this subtree, itself included, counting what aliases inside it
        /// expand to: an alias to a deep anchor nests that anchor's levels again where it stands.
        var height = 1
        var items: [Node] = []
        var mapping = Mapping()
        /// `<<` values, each with the number of explicit entries before it (where its keys go).
        var merges: [(position: Int, source: Node)] = []
        var pendingKey: PendingKey?
    }

    struct PendingKey {
        var key: String
        var location: SourceLocation
        var isMerge: Bool
    }

    let file: SourceFile
    let limits: LoaderLimits
    /// Where string scalars are in the file, for their ``ScalarLayout``.
    private var source: ScalarSource
    /// The lines and documents of the file before the bytes parsed (0 for a whole file).
    private let linesBefore: Int
    private let documentsBefore: Int
    var documents: [Document] = []
    private var stack: [Frame] = []
    private var anchors: [String: (node: Node, weight: Int, height: Int)] = [:]
    private var root: Node?
    private var aliasExpansion = 0

    init(file: SourceFile, limits: LoaderLimits, source: ScalarSource, linesBefore: Int, documentsBefore: Int) {
        self.file = file
        self.limits = limits
        self.source = source
        self.linesBefore = linesBefore
        self.documentsBefore = documentsBefore
    }

    mutating func handle(_ event: inout yaml_event_t) throws(ManifestError) {
        let location = SourceLocation(
            file: file, line: linesBefore + Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            guard documentsBefore + documents.count < limits.maxDocuments else {
                throw ManifestError(
                    .tooManyDocuments,
                    "more than \(limits.maxDocuments) documents in one file; split the file",
                    at: location)
            }
            anchors.removeAll(keepingCapacity: true)
            aliasExpansion = 0
            root = nil
        case YAML_DOCUMENT_END_EVENT:
            documents.append(Document(root: root ?? Node(.null, at: location), index: documentsBefore + documents.count))
        case YAML_SCALAR_EVENT:
            try scalar(event.data.scalar, at: location, end: event.end_mark)
        case YAML_ALIAS_EVENT:
            let name = String(cString: event.data.alias.anchor)
            guard let target = anchors[name] else {
                // The name is not quoted: an unquoted password that starts with '*' parses as an alias, and
                // the message would print it in a CI log. The line and column say which one it is.
                throw ManifestError(
                    .unknownAlias,
                    "this '*' starts an alias, and no anchor of its name is defined before it; quote the value if it is text that starts with '*'",
                    at: location)
            }
            aliasExpansion += target.weight
            guard aliasExpansion <= limits.maxAliasExpansion else {
                throw ManifestError(
                    .aliasBudget,
                    "aliases expand to more than \(limits.maxAliasExpansion) nodes in this document; "
                        + "this looks like an alias bomb (\"billion laughs\"); expand the aliases by hand",
                    at: location)
            }
            // The depth limit is checked when a list or mapping opens; an alias opens none, yet puts all of
            // its anchor's levels here, so without this a chain of anchors nests far past the limit.
            guard stack.count + target.height <= limits.maxDepth else {
                throw ManifestError(
                    .tooDeep,
                    "alias '*\(name)' nests deeper than \(limits.maxDepth) levels; flatten the document or raise the depth limit",
                    at: location)
            }
            var node = target.node
            node.location = location
            try attach(node, weight: target.weight, height: target.height, isMergeKey: false)
        case YAML_SEQUENCE_START_EVENT:
            try open(isMap: false, anchor: event.data.sequence_start.anchor, at: location)
        case YAML_MAPPING_START_EVENT:
            try open(isMap: true, anchor: event.data.mapping_start.anchor, at: location)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            let frame = stack.removeLast()
            let node: Node
            if frame.isMap {
                let mapping = frame.merges.isEmpty ? frame.mapping : try Self.merge(frame.merges, into: frame.mapping)
                node = Node(.map(mapping), at: frame.location)
            } else {
                node = Node(.list(frame.items), at: frame.location)
            }
            if let anchor = frame.anchor { anchors[anchor] = (node, frame.weight, frame.height) }
            try attach(node, weight: frame.weight, height: frame.height, isMergeKey: false)
        default:
            break  // stream start: nothing to build
        }
    }

    private mutating func open(
        isMap: Bool, anchor: UnsafeMutablePointer<UInt8>?, at location: SourceLocation
    )
        throws(ManifestError)
    {
        guard stack.count < limits.maxDepth else {
            throw ManifestError(
                .tooDeep,
                "nesting is deeper than \(limits.maxDepth) levels; flatten the document",
                at: location)
        }
        stack.append(Frame(isMap: isMap, location: location, anchor: anchor.map { String(cString: $0) }))
    }

    private mutating func scalar(
        _ scalar: yaml_event_t.__Unnamed_union_data.__Unnamed_struct_scalar, at location: SourceLocation, end: yaml_mark_t
    ) throws(ManifestError) {
        let bytes = UnsafeBufferPointer(start: scalar.value, count: scalar.length)
        let plain = scalar.style == YAML_PLAIN_SCALAR_STYLE
        let value: Value
        if let tag = scalar.tag {
            let tagName = String(cString: tag)
            let text = String(decoding: bytes, as: UTF8.self)
            switch ScalarResolver.resolve(tagged: text, tag: tagName) {
            case let .value(v): value = v
            case .applicationTag: value = .string(text)
            case .mismatch:
                throw ManifestError(
                    .invalidTag, "'\(tagName)' does not fit this scalar; remove the tag or fix the value",
                    at: location)
            }
        } else if plain, let resolved = ScalarResolver.resolvePlain(bytes: bytes) {
            value = resolved
        } else {
            value = .string(String(decoding: bytes, as: UTF8.self))
        }
        var node = Node(value, at: location)
        // A string can be a CEL expression whose errors point into it: keep how it was written. With a tag or
        // an anchor before it, the node starts there, not at the scalar.
        if case .string = value, scalar.tag == nil, scalar.anchor == nil {
            let layout = source.layout(
                style: Self.style(scalar.style), start: (location.line - linesBefore - 1, location.column - 1),
                end: (Int(end.line), Int(end.column)), value: bytes)
            node = Node(value, at: location, layout: layout)
        }
        if let anchor = scalar.anchor { anchors[String(cString: anchor)] = (node, 1, 0) }
        let isMergeKey =
            plain && scalar.tag == nil && bytes.count == 2
            && bytes[0] == UInt8(ascii: "<") && bytes[1] == UInt8(ascii: "<")
        try attach(node, weight: 1, height: 0, isMergeKey: isMergeKey)
    }

    private static func style(_ style: yaml_scalar_style_t) -> ScalarLayout.Style {
        switch style {
        case YAML_PLAIN_SCALAR_STYLE: .plain
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: .literal
        case YAML_FOLDED_SCALAR_STYLE: .folded
        default: .unknown
        }
    }

    /// Puts a finished node into its parent (or makes it the document's root).
    private mutating func attach(_ node: Node, weight: Int, height: Int, isMergeKey: Bool) throws(ManifestError) {
        guard !stack.isEmpty else {
            root = node
            return
        }
        let top = stack.count - 1
        stack[top].weight += weight
        stack[top].height = max(stack[top].height, height + 1)
        if !stack[top].isMap {
            stack[top].items.append(node)
            return
        }
        guard let pending = stack[top].pendingKey else {
            stack[top].pendingKey = PendingKey(key: try Self.key(of: node), location: node.location, isMerge: isMergeKey)
            return
        }
        stack[top].pendingKey = nil
        if pending.isMerge {
            stack[top].merges.append((stack[top].mapping.count, node))
            return
        }
        if let first = stack[top].mapping.entry(for: pending.key) {
            throw ManifestError(
                .duplicateKey,
                "duplicate key '\(pending.key)' (first defined at line \(first.keyLocation.line)); remove one of them",
                at: pending.location)
        }
        stack[top].mapping.append(Mapping.Entry(key: pending.key, keyLocation: pending.location, value: node))
    }

    /// A mapping key as kubectl (sigs.k8s.io/yaml) sees it: scalars become their string form (`on: x` has the
    /// key "true", `1e3: x` the key "1000"); a null key is refused, as kubectl refuses it.
    private static func key(of node: Node) throws(ManifestError) -> String {
        switch node.value {
        case let .string(s): return s
        case let .bool(b): return b ? "true" : "false"
        case let .int(i): return String(i)
        case let .double(d): return goFloatKey(d)
        case .null:
            throw ManifestError(
                .complexKey, "a mapping key cannot be null; quote it (\"~\" or \"null\") if you mean the text",
                at: node.location)
        case .list, .map:
            throw ManifestError(
                .complexKey, "a mapping key must be a scalar, not \(node.value.typeNameWithArticle)", at: node.location)
        }
    }

    /// Go's `strconv.FormatFloat(d, 'g', -1, 32)`, the form sigs.k8s.io/yaml gives a float key, with YAML's
    /// spellings of the special values.
    static func goFloatKey(_ d: Double) -> String {
        switch GoFloat.format(d, singlePrecision: true) {
        case "NaN": ".nan"
        case "+Inf": ".inf"
        case "-Inf": "-.inf"
        case let text: text
        }
    }

    /// Applies `<<` merges: a merged key is added only when the mapping does not set it explicitly (anywhere)
    /// and no earlier merge source gave it; merged keys go where their `<<` stood.
    private static func merge(_ merges: [(position: Int, source: Node)], into explicit: Mapping) throws(ManifestError) -> Mapping {
        var result = Mapping()
        var nextMerge = 0
        for position in 0...explicit.count {
            while nextMerge < merges.count, merges[nextMerge].position == position {
                for source in try mergeSources(merges[nextMerge].source) {
                    for entry in source where explicit.position(of: entry.key) == nil && result.position(of: entry.key) == nil {
                        result.append(entry)
                    }
                }
                nextMerge += 1
            }
            if position < explicit.count { result.append(explicit[position]) }
        }
        return result
    }

    private static func mergeSources(_ node: Node) throws(ManifestError) -> [Mapping] {
        switch node.value {
        case let .map(m):
            return [m]
        case let .list(items):
            var sources: [Mapping] = []
            for item in items {
                guard let m = item.mapping else {
                    throw ManifestError(
                        .invalidMerge, "a merge key ('<<') takes mappings, but this list item is \(item.value.typeNameWithArticle)",
                        at: item.location)
                }
                sources.append(m)
            }
            return sources
        default:
            throw ManifestError(
                .invalidMerge,
                "a merge key ('<<') takes a mapping or a list of mappings, not \(node.value.typeNameWithArticle)",
                at: node.location)
        }
    }
}
