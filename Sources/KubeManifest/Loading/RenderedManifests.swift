// sealgate · KubeManifest

package import Diagnostics

/// Manifests a renderer produced (Helm, kustomize), placed back in the files a reviewer edits.
///
/// A renderer's output is a new YAML stream: its lines are nobody's. What it says about where each object
/// came from differs, and so does how closely a rendered field can be found again in its source:
///
/// - **Helm** heads each document with `# Source: CHART/templates/FILE`. A template is text, not YAML, but
///   Helm prints it in its own order, so each rendered key is looked for in the template's lines, in order
///   and inside its parent's indented block (``TemplateLines``). A key the template does not spell (one a
///   `{{ include }}` or `toYaml` wrote) is placed at the nearest enclosing key that it does.
/// - **kustomize**, asked for origin annotations, names each object's source file (`path:`), or the
///   kustomization and generator that made it (`configuredIn:`). Its output re-sorts every key, but a
///   source file is YAML, so each rendered node is placed at the node of the same path in the source
///   document of the same kind and name (``alignedNode(_:with:keyPlace:)``); what a patch added is placed at
///   its nearest enclosing node that the source has.
///
/// Either way a finding names a file and line of the repository, never of a temporary rendering.
package enum RenderedManifests {
    // MARK: - Helm

    /// One document of `helm template`'s output and the chart file it came from.
    package struct HelmDocument: Sendable {
        /// The template as Helm names it: the chart's name, then its path in the chart
        /// (`web/templates/deployment.yaml`, `web/charts/db/templates/stateful.yaml`).
        package let source: String
        /// The document's text.
        package let text: [UInt8]
    }

    /// `helm template`'s output split into its documents, each with its `# Source:` comment; documents
    /// without one (none in Helm's output) are named `unknown`.
    package static func helmDocuments(in output: [UInt8]) -> [HelmDocument] {
        var documents: [HelmDocument] = []
        var source: String?
        var text: [UInt8] = []
        var blank = true  // whether `text` holds only white space so far
        func finish() {
            if !blank || source != nil {
                documents.append(HelmDocument(source: source ?? "unknown", text: text))
            }
            source = nil
            text = []
            blank = true
        }
        for line in Self.lines(of: output) {
            let content = output[line]
            if Self.isDocumentStart(content) {
                finish()
                continue
            }
            if source == nil, blank, let named = Self.sourceComment(content) {
                source = named
                text.append(UInt8(ascii: "\n"))  // the comment's line, so line numbers stay those of the output
                continue
            }
            text += content
            text.append(UInt8(ascii: "\n"))
            if blank, content.contains(where: { !Self.isSpace($0) }) { blank = false }
        }
        finish()
        return documents
    }

    /// The path under the chart directory that Helm's `source` names: the chart's own name is its first
    /// component, whatever the directory is called.
    package static func chartRelativePath(ofHelmSource source: String) -> String? {
        guard let slash = source.firstIndex(of: "/") else { return nil }
        let rest = source[source.index(after: slash)...]
        guard !rest.isEmpty, !rest.split(separator: "/").contains("..") else { return nil }
        return String(rest)
    }

    /// The objects of Helm's rendering of the chart at `chartDirectory` (as the user names it), each placed
    /// in its template file: one ``LoadedFile`` per template, in the order Helm printed them.
    ///
    /// - Parameters:
    ///   - output: what `helm template` printed.
    ///   - chartDirectory: the chart's directory, as findings name it (`charts/web`, `.` for the current one).
    ///   - limits: the bounds every document is parsed under.
    ///   - templateText: the text of a template by its path, or nil when it cannot be read (its objects are
    ///     then placed at the template's first line).
    package static func helmFiles(
        _ output: [UInt8], chartDirectory: String, limits: LoaderLimits, templateText: (String) -> [UInt8]?
    ) -> [LoadedFile] {
        var files = FilesInOrder()
        var templates: [String: TemplateLines] = [:]
        var documentIndex: [String: Int] = [:]
        for document in helmDocuments(in: output) {
            let relative = chartRelativePath(ofHelmSource: document.source) ?? document.source
            let path = chartDirectory == "." || chartDirectory.isEmpty ? relative : "\(chartDirectory)/\(relative)"
            let file = SourceFile(path: path)
            let (slot, isNew) = files.slot(for: path)
            if isNew { templates[path] = TemplateLines(templateText(path) ?? [], file: file) }
            guard files.entries[slot].error == nil else { continue }
            let parsed: [Document]
            do throws(ManifestError) {
                parsed = try parse(document.text, file: SourceFile(path: "\(path) (rendered)"), limits: limits)
            } catch {
                files.entries[slot].error = ManifestError(
                    error.code,
                    "helm's rendering of this template is not valid YAML (\(error.reason)); run helm template with --show-only \(relative) to see it",
                    path: path)
                continue
            }
            for rendered in parsed where !rendered.isEmpty {
                var lines = templates[path]!
                let root = lines.place(rendered.root)
                templates[path] = lines
                let index = documentIndex[path, default: 0]
                documentIndex[path] = index + 1
                files.add(Document(root: root, index: index), at: slot)
            }
        }
        return files.loaded
    }

    // MARK: - kustomize

    /// The annotation kustomize's `buildMetadata: [originAnnotations]` writes on every object.
    package static let originAnnotation = "config.kubernetes.io/origin"

    /// Where kustomize says an object came from.
    package enum Origin: Sendable, Equatable {
        /// A resource file, relative to the kustomization that was built.
        case file(String)
        /// A generator (`kind`, such as `ConfigMapGenerator`) in a kustomization file, relative to the same.
        case generator(kustomization: String, kind: String)
        /// A remote resource, or an annotation sealgate cannot read: no file of the repository.
        case elsewhere
    }

    /// Reads an origin annotation's value (a small YAML mapping).
    package static func origin(fromAnnotation text: String) -> Origin {
        let documents = try? ManifestParser.documents(in: text, file: SourceFile(path: "<origin>"), format: .yaml)
        guard let root = documents?.first?.root, case .map(let mapping) = root.value else { return .elsewhere }
        if mapping["repo"] != nil { return .elsewhere }
        if case .string(let path)? = mapping["path"]?.value, !path.isEmpty { return .file(path) }
        if case .string(let kustomization)? = mapping["configuredIn"]?.value, !kustomization.isEmpty {
            let kind = mapping["configuredBy"]?.mapping?["kind"]?.string ?? ""
            return .generator(kustomization: kustomization, kind: kind)
        }
        return .elsewhere
    }

    /// The objects of kustomize's output, each placed in the repository file its origin annotation names
    /// and without that annotation (kustomize only wrote it because sealgate asked for it).
    ///
    /// - Parameters:
    ///   - output: what `kustomize build` printed, built with origin annotations.
    ///   - fallbackPath: where objects whose origin is not a file of the repository are placed (the
    ///     kustomization the user named).
    ///   - limits: the bounds the output and each source file are parsed under.
    ///   - sourcePath: the path findings name for an origin path (which is relative to the built directory).
    ///   - sourceDocuments: the documents of a source file by that path, or nil when it cannot be read.
    /// - Returns: one ``LoadedFile`` per source file, in the order of the output, or an error when the
    ///   output itself is not YAML.
    package static func kustomizeFiles(
        _ output: [UInt8], fallbackPath: String, limits: LoaderLimits, sourcePath: (String) -> String,
        sourceDocuments: (String) -> [Document]?
    ) throws(ManifestError) -> [LoadedFile] {
        let parsed = try parse(output, file: SourceFile(path: "\(fallbackPath) (rendered)"), limits: limits)
        var files = FilesInOrder()
        var sources: [String: [Document]?] = [:]
        func documents(_ path: String) -> [Document]? {
            if let known = sources[path] { return known }
            let read = sourceDocuments(path)
            sources[path] = read
            return read
        }
        for (index, rendered) in parsed.enumerated() where !rendered.isEmpty {
            let annotation = rendered.root["metadata"]?["annotations"]?[originAnnotation]?.string
            let origin = annotation.map(origin(fromAnnotation:)) ?? .elsewhere
            let root = withoutOriginAnnotation(rendered.root)
            let path: String
            let placed: Node
            switch origin {
            case .file(let relative):
                path = sourcePath(relative)
                let file = SourceFile(path: path)
                let source = documents(path).flatMap { sourceDocument(for: root, among: $0) }
                placed = alignedNode(root, with: source, keyPlace: source?.location ?? SourceLocation(file: file, line: 1, column: 1))
            case .generator(let kustomization, let kind):
                path = sourcePath(kustomization)
                let file = SourceFile(path: path)
                let entry = documents(path).flatMap { generatorEntry(kind: kind, for: root, in: $0) }
                placed = alignedNode(root, with: nil, keyPlace: entry?.location ?? SourceLocation(file: file, line: 1, column: 1))
            case .elsewhere:
                path = fallbackPath
                placed = alignedNode(root, with: nil, keyPlace: SourceLocation(file: SourceFile(path: path)))
            }
            files.add(Document(root: placed, index: index), at: files.slot(for: path).slot)
        }
        return files.loaded
    }

    /// `root` without the origin annotation, and without `metadata.annotations` when that was its only one.
    static func withoutOriginAnnotation(_ root: Node) -> Node {
        guard case .map(var top) = root.value, let metadataEntry = top.entry(for: "metadata"),
            case .map(var metadata) = metadataEntry.value.value, let annotationsEntry = metadata.entry(for: "annotations"),
            case .map(var annotations) = annotationsEntry.value.value, annotations.remove(originAnnotation) != nil
        else { return root }
        if annotations.isEmpty {
            _ = metadata.remove("annotations")
        } else {
            _ = metadata.set(
                Mapping.Entry(
                    key: "annotations", keyLocation: annotationsEntry.keyLocation,
                    value: Node(.map(annotations), at: annotationsEntry.value.location)))
        }
        _ = top.set(
            Mapping.Entry(
                key: "metadata", keyLocation: metadataEntry.keyLocation, value: Node(.map(metadata), at: metadataEntry.value.location)))
        return Node(.map(top), at: root.location)
    }

    /// The document of `documents` that holds the object kustomize rendered as `rendered`: the same kind and
    /// the same name, or the name a prefix or suffix transformer grew from it (the longest such), or the
    /// only document of that kind.
    static func sourceDocument(for rendered: Node, among documents: [Document]) -> Node? {
        let kind = rendered["kind"]?.string
        let name = rendered["metadata"]?["name"]?.string ?? ""
        let sameKind = documents.map(\.root).filter { $0["kind"]?.string == kind }
        var best: (node: Node, length: Int)?
        for candidate in sameKind {
            guard let candidateName = candidate["metadata"]?["name"]?.string, !candidateName.isEmpty else { continue }
            if candidateName == name { return candidate }
            if name.contains(candidateName), candidateName.count > best?.length ?? 0 { best = (candidate, candidateName.count) }
        }
        if let best { return best.node }
        return sameKind.count == 1 ? sameKind[0] : nil
    }

    /// The item of a kustomization's generator list (`configMapGenerator`, `secretGenerator`, …) whose name
    /// the generated object's name grew from, or the list itself.
    static func generatorEntry(kind: String, for rendered: Node, in documents: [Document]) -> Node? {
        guard let kustomization = documents.first(where: { !$0.isEmpty })?.root else { return nil }
        let field = kind.isEmpty ? "" : kind.prefix(1).lowercased() + kind.dropFirst()
        guard let entry = kustomization.mapping?.entry(for: field) else { return kustomization }
        let name = rendered["metadata"]?["name"]?.string ?? ""
        var longest: (node: Node, length: Int)?
        for item in entry.value.list ?? [] {
            guard let itemName = item["name"]?.string, !itemName.isEmpty, name.contains(itemName) else { continue }
            if itemName.count > longest?.length ?? 0 { longest = (item, itemName.count) }
        }
        return longest?.node ?? Node(entry.value.value, at: entry.keyLocation)
    }

    /// `rendered` with every node placed at the node of the same path in `source`; a node `source` does not
    /// have (a patch added it) is placed at `keyPlace`, the key of its nearest enclosing node that `source`
    /// has. Items of a list are matched by their `name` when both sides have names (as a strategic merge
    /// matches containers), otherwise by position.
    package static func alignedNode(_ rendered: Node, with source: Node?, keyPlace: SourceLocation) -> Node {
        let location = source?.location ?? keyPlace
        switch rendered.value {
        case .map(let mapping):
            let sourceMapping = source?.mapping
            var entries: [Mapping.Entry] = []
            entries.reserveCapacity(mapping.count)
            for entry in mapping {
                let sourceEntry = sourceMapping?.entry(for: entry.key)
                let keyLocation = sourceEntry?.keyLocation ?? keyPlace
                let value = alignedNode(entry.value, with: sourceEntry?.value, keyPlace: keyLocation)
                entries.append(Mapping.Entry(key: entry.key, keyLocation: keyLocation, value: value))
            }
            return Node(.map(Mapping(entries)), at: location)
        case .list(let items):
            let sourceItems = source?.list ?? []
            var byName: [String: Node] = [:]
            for item in sourceItems {
                if let name = item["name"]?.string, byName[name] == nil { byName[name] = item }
            }
            let placed = items.enumerated().map { position, item in
                let match =
                    item["name"]?.string.flatMap { byName[$0] }
                    ?? (position < sourceItems.count && sourceItems[position]["name"] == nil ? sourceItems[position] : nil)
                return alignedNode(item, with: match, keyPlace: match?.location ?? keyPlace)
            }
            return Node(.list(placed), at: location)
        default:
            return Node(rendered.value, at: location)
        }
    }

    // MARK: - Lines

    /// A renderer's output parsed as YAML.
    static func parse(_ bytes: [UInt8], file: SourceFile, limits: LoaderLimits) throws(ManifestError) -> [Document] {
        try bytes.withUnsafeBytes { raw in
            Result { () throws(ManifestError) in try ManifestParser.documents(in: raw, file: file, format: .yaml, limits: limits) }
        }.get()
    }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    /// The byte ranges of `bytes`' lines, without their line breaks.
    static func lines(of bytes: [UInt8]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        for index in bytes.indices where bytes[index] == 0x0A {
            let end = index > start && bytes[index - 1] == 0x0D ? index - 1 : index
            ranges.append(start..<end)
            start = index + 1
        }
        if start < bytes.count { ranges.append(start..<bytes.count) }
        return ranges
    }

    /// Whether a line starts a YAML document: `---`, alone or before a space.
    static func isDocumentStart(_ line: ArraySlice<UInt8>) -> Bool {
        let dashes = Array("---".utf8)
        guard line.count >= 3, Array(line.prefix(3)) == dashes else { return false }
        return line.count == 3 || isSpace(line[line.startIndex + 3])
    }

    /// The path of a `# Source: PATH` comment line.
    static func sourceComment(_ line: ArraySlice<UInt8>) -> String? {
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("# Source: ") else { return nil }
        let path = text.dropFirst("# Source: ".count).trimmingSpaces
        return path.isEmpty ? nil : path
    }
}

/// The files a rendering's objects are placed in, in the order each first came, with what each gave.
private struct FilesInOrder {
    var entries: [(path: String, objects: [KubeObject], skipped: [SkippedDocument], error: ManifestError?)] = []
    private var positions: [String: Int] = [:]

    /// The position of `path`'s entry, added when it is new.
    mutating func slot(for path: String) -> (slot: Int, isNew: Bool) {
        if let known = positions[path] { return (known, false) }
        positions[path] = entries.count
        entries.append((path, [], [], nil))
        return (entries.count - 1, true)
    }

    /// Adds the objects of `document` to the entry at `slot`.
    mutating func add(_ document: Document, at slot: Int) {
        let (objects, skipped) = KubeObject.objects(in: document)
        entries[slot].objects += objects
        entries[slot].skipped += skipped
    }

    var loaded: [LoadedFile] {
        entries.map { LoadedFile(file: SourceFile(path: $0.path), objects: $0.objects, skipped: $0.skipped, error: $0.error) }
    }
}

/// A Go template's lines, and where the keys of its rendering are found in them.
///
/// The search keeps a cursor, so the keys of one rendered document are found in order, and each key is
/// only looked for inside the indented block of its parent: a `name:` the template does not spell is not
/// taken from a later container. One value is kept per template file, so its second rendered document
/// is looked for after its first.
struct TemplateLines {
    private struct Line {
        /// Spaces before the content.
        var indent: Int
        /// The content after the indentation.
        var content: Substring
        /// Whether the line is blank, a comment or only template actions: it ends no block.
        var isFiller: Bool
        /// Whether the line is `---`.
        var isDocumentStart: Bool
    }

    private let lines: [Line]
    private let file: SourceFile
    /// How many more template lines the searches may visit. A key the template does not spell is looked for
    /// to the end of its parent's block, so a huge template with many such keys could cost lines × keys;
    /// past this bound (generous for any real chart) the rest is placed at the nearest found key.
    private let budget: Budget

    private final class Budget {
        var remaining: Int
        init(_ remaining: Int) { self.remaining = remaining }
        /// Takes one line's visit; false once none is left.
        func take() -> Bool {
            guard remaining > 0 else { return false }
            remaining -= 1
            return true
        }
    }
    /// Where the next document is looked for.
    private var cursor = 0

    init(_ text: [UInt8], file: SourceFile) {
        self.file = file
        lines = RenderedManifests.lines(of: text).map { range in
            let line = String(decoding: text[range], as: UTF8.self)
            let indent = line.prefix(while: { $0 == " " }).count
            let content = line.dropFirst(indent)
            let trimmed = content.trimmingSpaces
            let filler =
                trimmed.isEmpty || trimmed.hasPrefix("#") || (trimmed.hasPrefix("{{") && trimmed.hasSuffix("}}"))
            return Line(
                indent: indent, content: content, isFiller: filler,
                isDocumentStart: indent == 0 && (trimmed == "---" || trimmed.hasPrefix("--- ")))
        }
        budget = Budget(max(1_000_000, 50 * lines.count))
    }

    /// `root`, a rendered document, with its nodes placed at the template lines that wrote them.
    mutating func place(_ root: Node) -> Node {
        var end = cursor
        while end < lines.count, !(lines[end].isDocumentStart && end > cursor) { end += 1 }
        let start = SourceLocation(file: file, line: min(cursor + 1, max(lines.count, 1)), column: 1)
        let placed = place(root, in: cursor..<end, at: start)
        // The next rendered document of this template comes from a later template document.
        cursor = end < lines.count ? end + 1 : end
        return placed
    }

    private func place(_ node: Node, in region: Range<Int>, at fallback: SourceLocation) -> Node {
        switch node.value {
        case .map(let mapping):
            var entries: [Mapping.Entry] = []
            var search = region.lowerBound
            var level: Int?
            var first: SourceLocation?
            for entry in mapping {
                if let (line, column) = find(key: entry.key, in: search..<region.upperBound, column: level) {
                    level = column
                    let keyLocation = location(line: line, column: column)
                    let block = (line + 1)..<blockEnd(after: line, column: column, before: region.upperBound)
                    let value = place(entry.value, in: block, at: keyLocation)
                    entries.append(Mapping.Entry(key: entry.key, keyLocation: keyLocation, value: value))
                    search = block.upperBound
                    if first == nil { first = keyLocation }
                } else {
                    let value = place(entry.value, in: search..<search, at: fallback)
                    entries.append(Mapping.Entry(key: entry.key, keyLocation: fallback, value: value))
                }
            }
            return Node(.map(Mapping(entries)), at: first ?? fallback)
        case .list(let items):
            let dashes = dashLines(in: region)
            var placed: [Node] = []
            for (position, item) in items.enumerated() {
                guard !dashes.isEmpty else {
                    placed.append(place(item, in: region.lowerBound..<region.lowerBound, at: fallback))
                    continue
                }
                // A `range` writes many items from one; its items all come from the last dash there is.
                let slot = min(position, dashes.count - 1)
                let line = dashes[slot]
                let end = slot + 1 < dashes.count ? dashes[slot + 1] : region.upperBound
                let dash = location(line: line, column: lines[line].indent)
                placed.append(place(item, in: line..<end, at: dash))
            }
            return Node(.list(placed), at: placed.first?.location ?? fallback)
        default:
            return Node(node.value, at: fallback)
        }
    }

    /// The line and 0-based column of `key` as a mapping key in `range`, at `column` when given.
    private func find(key: String, in range: Range<Int>, column: Int?) -> (Int, Int)? {
        for index in range where !lines[index].isFiller || lines[index].content.contains(":") {
            guard budget.take() else { return nil }
            var content = lines[index].content
            var at = lines[index].indent
            while content.hasPrefix("- ") {
                let rest = content.dropFirst(2)
                let spaces = rest.prefix(while: { $0 == " " }).count
                at += 2 + spaces
                content = rest.dropFirst(spaces)
            }
            if let column, at != column { continue }
            for spelling in [key, "\"\(key)\"", "'\(key)'"] where content.hasPrefix(spelling) {
                let after = content.dropFirst(spelling.count)
                if after.hasPrefix(":"), after.dropFirst().first.map({ $0 == " " || $0 == "\t" }) ?? true {
                    return (index, at)
                }
            }
        }
        return nil
    }

    /// The line after the block of the key at `line` and `column`: the first later line, not filler, that is
    /// indented less, or as much without being a list item.
    private func blockEnd(after line: Int, column: Int, before limit: Int) -> Int {
        var index = line + 1
        while index < limit {
            guard budget.take() else { return limit }
            let candidate = lines[index]
            if !candidate.isFiller {
                if candidate.isDocumentStart || candidate.indent < column { return index }
                if candidate.indent == column, !candidate.content.hasPrefix("-") { return index }
            }
            index += 1
        }
        return limit
    }

    /// The lines of `region` that start a list item, at the indentation of the first one.
    private func dashLines(in region: Range<Int>) -> [Int] {
        var indent: Int?
        var found: [Int] = []
        for index in region where !lines[index].isFiller && lines[index].content.hasPrefix("-") && !lines[index].isDocumentStart {
            guard budget.take() else { break }
            if indent == nil { indent = lines[index].indent }
            if lines[index].indent == indent { found.append(index) }
        }
        return found
    }

    /// A 1-based place in the template from a 0-based line and column (columns count characters).
    private func location(line: Int, column: Int) -> SourceLocation {
        SourceLocation(file: file, line: line + 1, column: column + 1)
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    fileprivate var trimmingSpaces: String {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return String(text)
    }
}
