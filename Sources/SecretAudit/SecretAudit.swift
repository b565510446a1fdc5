// sealgate · SecretAudit

internal import Diagnostics
internal import Foundation
public import GitChanges
public import KubeManifest
public import PolicyEngine
public import SealedSecrets
internal import Synchronization

/// Finds what a repository exposes: Secrets and credentials committed in plain text, and sealed values a
/// leaked key opens, in every blob of a range of history or in what is staged.
///
/// Each distinct blob is read and parsed once, however many commits and paths hold it, on ``concurrency``
/// threads; a hit is reported with the oldest audited commit that holds its blob, and whether `HEAD` still
/// has it. The policies and the unsealer of the other modules do the judging: an audit of history finds
/// exactly what `sealgate check` and `sealgate unseal` would have found at each commit.
///
/// Synchronous: the calls read and judge on the calling thread and up to ``concurrency`` others; from an
/// `async` context, run them off the cooperative pool.
public struct SecretAudit: Sendable {
    /// The repository audited.
    public let repository: GitRepository
    /// What is audited: a range of history, or the index.
    public let scope: AuditScope
    /// The files and directories audited, as the user gave them (relative to ``currentDirectory``); empty
    /// for the whole repository.
    public let paths: [String]
    /// The directory relative paths start from; nil for the process's current directory.
    public let currentDirectory: String?
    /// Whether a history walk may stop at a shallow clone's boundary and audit what the clone holds; when
    /// false, reaching the boundary is a `GitError` naming it.
    public var allowingShallow = false
    /// The loader's limits: a blob over `maxFileSize` is not read (it is listed in ``AuditReport/unread``).
    public var limits = LoaderLimits()
    /// How many blobs are read and judged at once.
    public var concurrency: Int

    /// Creates an audit.
    ///
    /// - Parameters:
    ///   - repository: the repository.
    ///   - scope: a range of history, or the index.
    ///   - paths: files or directories to audit; empty for the whole repository.
    ///   - currentDirectory: the directory relative paths start from; nil for the process's.
    ///   - concurrency: how many blobs to judge at once; nil for one per active processor.
    public init(
        repository: GitRepository, scope: AuditScope, paths: [String] = [], currentDirectory: String? = nil, concurrency: Int? = nil
    ) {
        self.repository = repository
        self.scope = scope
        self.paths = paths
        self.currentDirectory = currentDirectory
        self.concurrency = max(1, concurrency ?? ProcessInfo.processInfo.activeProcessorCount)
    }

    /// The rule of a sealed value that a compromised key opens, as reports describe it.
    public static let compromisedKeyRule = PolicyInfo(
        name: "compromised-key", category: "secrets", severity: .error,
        description: "No sealed value in the repository opens with a key that has leaked.",
        remediation:
            "Rotate the value (whoever holds the key can read it), re-seal it with the controller's current key, and retire the leaked key.",
        source: "sealgate")

    /// Every Secret committed with values in plain text and every credential-looking literal, by the
    /// ``AuditPolicies``: each object version once, with its commit, path and line.
    ///
    /// A finding a waiver annotation covers is kept, with its `Finding.waiver`, and does not count.
    ///
    /// - Parameters:
    ///   - policies: the policies to run (``AuditPolicies/builtin()``).
    ///   - today: the date waivers are judged against.
    /// - Throws: `GitError` when a path is outside the working tree, a revision does not resolve, the
    ///   walk reaches a shallow boundary (unless ``allowingShallow``), or an object is missing.
    public func findPlaintext(_ policies: AuditPolicies, today: CalendarDate) throws(GitError) -> AuditReport {
        let options = CheckOptions(today: today, concurrency: 1)
        // The audit's policies judge each object alone, so an object met again unchanged (another document of
        // its file was edited) has the findings it had, moved to where it now stands: it is not checked again.
        let memory = AuditMemory()
        let reading = Reading(kinds: policies.kinds, memory: memory)
        return try run(rules: policies.policies.policies.map(\.info), reading: reading) { batch in
            var judged: [(Int, Judged)] = []
            var fresh: [(blob: Int, object: KubeObject, version: ObjectVersion)] = []
            for blob in batch {
                for (object, version) in zip(blob.objects, blob.versions) {
                    guard let known = memory.verdict(version) else {
                        fresh.append((blob.index, object, version))
                        continue
                    }
                    let shift = object.origin.location.line - known.line
                    judged += known.findings.map { (blob.index, $0.moved(to: blob.path, lines: shift)) }
                }
            }
            guard !fresh.isEmpty else { return judged }
            // One check for the whole batch, where no two objects share a reference, so each finding (and each
            // waiver annotation) belongs to exactly one object: the blobs of a batch share none, and objects
            // that repeat a reference inside one blob (two documents for one Secret) go to checks of their own.
            var groups: [[ObjectReference: Int]] = []
            for (position, entry) in fresh.enumerated() {
                let reference = Self.reference(of: entry.object)
                if let free = groups.indices.first(where: { groups[$0][reference] == nil }) {
                    groups[free][reference] = position
                } else {
                    groups.append([reference: position])
                }
            }
            var found = [[Judged]](repeating: [], count: fresh.count)
            for owners in groups {
                let objects = owners.values.sorted().map { fresh[$0].object }
                let report = Checker.check(objects, policies: policies.policies, fileCount: batch.count, options: options)
                for finding in report.findings where policies.keeps(finding) {
                    guard let reference = finding.object, let position = owners[reference] else { continue }
                    let entry = fresh[position]
                    found[position].append(
                        Judged(finding: finding, identity: FindingIdentity(finding, object: entry.object), version: entry.version.hashValue)
                    )
                }
            }
            memory.record(
                fresh.enumerated().map { position, entry in
                    (entry.version, AuditMemory.Verdict(line: entry.object.origin.location.line, findings: found[position]))
                })
            for (position, entry) in fresh.enumerated() { judged += found[position].map { (entry.blob, $0) } }
            return judged
        }
    }

    /// Every sealed value of every SealedSecret that a key of `ring` opens (see
    /// `Unsealer.exposure(ofValue:key:in:)`), each distinct value once, with its commit,
    /// path and line. No plaintext is returned or kept; the same sealed value met in many blobs is tried
    /// once.
    ///
    /// - Throws: `GitError` as ``findPlaintext(_:today:)``.
    public func findValuesOpened(by ring: KeyRing) throws(GitError) -> AuditReport {
        let unsealer = Unsealer(ring: ring)
        let sources = Dictionary(ring.keys.map { ($0.privateKey.fingerprint, $0.privateKey.source) }) { first, _ in first }
        let tried = Mutex<[ExposureKey: ValueExposure]>([:])
        let marker = Array("SealedSecret".utf8)
        let reading = Reading(prefilter: { $0.firstRange(of: marker) != nil }, kinds: ["SealedSecret"])
        return try run(rules: [Self.compromisedKeyRule], reading: reading) { batch in
            var judged: [(Int, Judged)] = []
            for blob in batch {
                for object in blob.objects where object.group == "bitnami.com" {
                    guard let sealed = try? SealedSecretManifest(object) else { continue }
                    for (key, value) in sealed.encryptedData {
                        let cacheKey = ExposureKey(
                            value: value, key: key, label: sealed.label, template: sealed.template["metadata"]?.description ?? "")
                        let exposure =
                            tried.withLock { $0[cacheKey] }
                            ?? {
                                let found = unsealer.exposure(ofValue: value, key: key, in: sealed)
                                tried.withLock { $0[cacheKey] = found }
                                return found
                            }()
                        guard let fingerprint = exposure.openedBy else { continue }
                        let finding = Self.exposedValue(
                            key, of: sealed, object: object, path: blob.path,
                            key: "\(fingerprint.prefix(16)) (\(sources[fingerprint] ?? "?"))",
                            sealedFor: exposure.sealedFor)
                        judged.append(
                            (
                                blob.index,
                                Judged(finding: finding, identity: FindingIdentity(finding, object: object), version: value.hashValue)
                            ))
                    }
                }
            }
            return judged
        }
    }

    /// The finding for the value of `name` in `sealed` (read from `object` in the blob at `path`), which the
    /// compromised key `key` opens.
    private static func exposedValue(
        _ name: String, of sealed: SealedSecretManifest, object: KubeObject, path: String, key: String, sealedFor: ValueExposure.SealedFor?
    ) -> Finding {
        let location = object.root["spec"]?["encryptedData"]?.mapping?.entry(for: name)?.value.location ?? object.origin.location
        let identity = sealed.namespace.map { "\($0)/\(sealed.name)" } ?? sealed.name
        var message = "SealedSecret \(identity): the value of '\(name)' opens with the compromised key \(key)"
        if let sealedFor { message += ", sealed for \(sealedFor) (which the controller refuses, but the key's holder can try)" }
        message += "; rotate the value and re-seal it"
        return Finding(
            policy: compromisedKeyRule.name, category: compromisedKeyRule.category, severity: .error, message: message,
            object: reference(of: object), at: SourceLocation(path: path, line: location.line, column: location.column),
            fieldPath: "spec.encryptedData['\(name)']")
    }

    // MARK: - The run

    /// A blob to judge, and where it was first met.
    struct Subject: Sendable {
        let blob: GitObjectID
        let path: String
        let commit: GitHistoryCommit?
        /// False for a blob of `HEAD` outside the audited range: judged only to tell which hits are still there.
        let reported: Bool
    }

    /// The objects of one blob that a judge is given: the subject's index, its path, and the objects it
    /// holds of the kinds judged, with their versions when the audit remembers them (else none).
    struct ParsedBlob: Sendable {
        let index: Int
        let path: String
        let objects: [KubeObject]
        let versions: [ObjectVersion]
    }

    /// How blobs are read for a judge.
    struct Reading: Sendable {
        /// Whether a blob's bytes may hold anything the judge looks for; nil to parse every blob.
        var prefilter: (@Sendable ([UInt8]) -> Bool)?
        /// The kinds of objects judged; nil for every kind.
        var kinds: Set<String>?
        /// Where object versions and parsed documents are remembered; nil to parse each blob whole and give
        /// the judge no versions.
        var memory: AuditMemory?
    }

    /// Judges a batch of blobs whose objects' references are distinct across the blobs; returns each
    /// finding with the index of its blob.
    typealias Judge = @Sendable ([ParsedBlob]) -> [(Int, Judged)]

    /// How many blobs a judge is given at once at most: a check's fixed cost is shared by a batch.
    static let batchSize = 64

    /// A finding in one blob, with what makes it the same problem as one in another blob: its identity, and
    /// a digest of the version of what it is about (the object, or the sealed value), held only in memory.
    struct Judged: Sendable {
        let finding: Finding
        let identity: FindingIdentity
        let version: Int

        /// The same finding in another blob at `path`, whose object stands `lines` lines further down.
        func moved(to path: String, lines: Int) -> Judged {
            var finding = finding
            let line = finding.location.line
            finding.location = SourceLocation(path: path, line: line > 0 ? line + lines : 0, column: finding.location.column)
            return Judged(finding: finding, identity: identity, version: version)
        }
    }

    /// What a sealed value was tried as: the same text under the same labels opens the same way.
    private struct ExposureKey: Hashable {
        let value: String
        let key: String
        let label: [UInt8]
        let template: String
    }

    /// Collects the blobs, judges each once, and reports each distinct problem of the audited blobs once,
    /// with whether `HEAD` still has it.
    private func run(rules: [PolicyInfo], reading: Reading, judge: @escaping Judge) throws(GitError) -> AuditReport {
        let collected = try collect()
        let subjects = collected.subjects
        var judged = try judgeAll(subjects, reading: reading, judge: judge)
        if !judged.unresolved.isEmpty {
            // Blobs that recalled a chunk whose objects were never judged (the blob that held it first did not
            // parse as a whole): judged again on their own, parsed whole.
            var alone = reading
            alone.memory = nil
            let again = try judgeAll(judged.unresolved.map { subjects[$0] }, reading: alone, judge: judge)
            for (position, index) in judged.unresolved.enumerated() { judged.results[index] = again.results[position] }
        }

        var headPaths: [GitObjectID: String] = [:]
        for file in collected.head ?? [] where headPaths[file.id] == nil { headPaths[file.id] = file.path }
        var headIdentities: [FindingIdentity: (path: String, line: Int)] = [:]
        for (index, subject) in subjects.enumerated() {
            guard let path = headPaths[subject.blob] else { continue }
            for result in judged.results[index] where headIdentities[result.identity] == nil {
                headIdentities[result.identity] = (path, result.finding.location.line)
            }
        }

        struct Version: Hashable {
            let identity: FindingIdentity
            let message: String
            let version: Int
        }
        var seen: Set<Version> = []
        var hits: [AuditHit] = []
        for (index, subject) in subjects.enumerated() where subject.reported {
            for result in judged.results[index].sorted(by: { Finding.ordered($0.finding, $1.finding) }) {
                guard seen.insert(Version(identity: result.identity, message: result.finding.message, version: result.version)).inserted
                else { continue }
                var atHead: HeadPresence?
                if collected.head != nil {
                    if let path = headPaths[subject.blob] {
                        atHead = .sameBlob(path: path)
                    } else if let place = headIdentities[result.identity] {
                        atHead = .sameFinding(path: place.path, line: place.line)
                    } else {
                        atHead = .gone
                    }
                }
                hits.append(AuditHit(finding: result.finding, blob: subject.blob, commit: subject.commit, atHead: atHead))
            }
        }
        return AuditReport(
            scope: scope, hits: hits, rules: rules, commitCount: collected.commitCount, blobsRead: judged.reads,
            unread: judged.unread, shallowBoundary: collected.boundary)
    }

    /// The blobs to judge (the audited ones, then `HEAD`'s others), `HEAD`'s manifest files (nil when there
    /// is no `HEAD` to compare with), and the walk's size.
    private func collect() throws(GitError) -> (subjects: [Subject], head: [GitFile]?, commitCount: Int, boundary: [GitObjectID]) {
        var inRepository: [String] = []
        for path in paths { inRepository.append(try repository.repositoryPath(of: path, currentDirectory: currentDirectory)) }
        if inRepository.isEmpty { inRepository = [""] }
        let head = try headCommit()
        switch scope {
        case let .history(range):
            let history = try repository.manifestHistory(range, under: inRepository, allowingShallow: allowingShallow)
            var subjects = history.blobs.map { Subject(blob: $0.id, path: $0.path, commit: $0.commit, reported: true) }
            let headFiles = try head.map { (id) throws(GitError) in try repository.manifestFiles(at: id, under: inRepository) }
            var listed = Set(subjects.map(\.blob))
            for file in headFiles ?? [] where listed.insert(file.id).inserted {
                subjects.append(Subject(blob: file.id, path: file.path, commit: nil, reported: false))
            }
            return (subjects, headFiles, history.commits.count, history.boundary)
        case .staged:
            // What the commit would add or change; before the first commit, everything staged.
            let changed = try head.map { (id) throws(GitError) in
                Set(try repository.changes(from: id, to: .index, paths: inRepository, findRenames: false).compactMap { $0.new?.path })
            }
            let typed = paths.isEmpty ? [repository.workingDirectory ?? "."] : paths
            let staged = try repository.manifests(
                in: .index, paths: typed, currentDirectory: currentDirectory, limits: limits, only: changed)
            var listed: Set<GitObjectID> = []
            let subjects = staged.files.filter { listed.insert($0.file.id).inserted }.map { file in
                Subject(blob: file.file.id, path: file.file.path, commit: nil, reported: true)
            }
            return (subjects, nil, 0, [])
        }
    }

    /// `HEAD`'s commit; nil before the first commit.
    private func headCommit() throws(GitError) -> GitObjectID? {
        do {
            return try repository.resolve("HEAD").id
        } catch {
            guard error.code == .unknownRevision else { throw error }
            return nil
        }
    }

    /// Reads, parses and judges each subject once, on up to ``concurrency`` threads: reads take the
    /// repository's lock one at a time, parsing and judging run side by side. Each thread gathers the blobs
    /// it parsed into batches (up to ``batchSize``, no object reference twice) and judges a batch at once.
    /// With a memory, the objects of chunks parsed before get their findings after every batch is judged;
    /// the subjects whose findings cannot be had that way are returned as `unresolved`.
    private func judgeAll(
        _ subjects: [Subject], reading: Reading, judge: @escaping Judge
    ) throws(GitError) -> (results: [[Judged]], unread: [UnreadBlob], reads: Int, unresolved: [Int]) {
        let next = Atomic(0)
        let reads = Atomic(0)
        let found = Mutex([[Judged]](repeating: [], count: subjects.count))
        let recalled = Mutex([Int: [AuditMemory.Recalled]]())
        let unread = Mutex([Int: UnreadBlob]())
        let failure = Mutex<GitError?>(nil)
        let limits = limits
        let repository = repository
        DispatchQueue.concurrentPerform(iterations: min(concurrency, max(1, subjects.count))) { _ in
            var batch: [ParsedBlob] = []
            var references: Set<ObjectReference> = []
            func flush() {
                guard !batch.isEmpty else { return }
                let judged = judge(batch)
                found.withLock { found in for (index, finding) in judged { found[index].append(finding) } }
                batch = []
                references = []
            }
            defer { flush() }
            while true {
                let index = next.add(1, ordering: .relaxed).oldValue
                guard index < subjects.count else { return }
                let subject = subjects[index]
                let content: GitBlobContent
                do throws(GitError) {
                    content = try repository.readBlob(subject.blob, limit: limits.maxFileSize)
                } catch {
                    failure.withLock { first in if first == nil { first = error } }
                    return
                }
                reads.add(1, ordering: .relaxed)
                func skip(_ reason: String) {
                    guard subject.reported else { return }
                    unread.withLock {
                        $0[index] = UnreadBlob(blob: subject.blob, path: subject.path, commit: subject.commit, reason: reason)
                    }
                }
                switch content {
                case let .tooLarge(size):
                    skip(ManifestError.tooLarge(size: size, limit: limits.maxFileSize, path: subject.path).reason)
                case .lfsPointer:
                    skip("a Git LFS pointer, whose content is not in the repository")
                case let .bytes(bytes):
                    if let prefilter = reading.prefilter, !prefilter(bytes) { continue }
                    let parsed: BlobObjects
                    do throws(ManifestError) {
                        parsed = try Self.objects(in: bytes, path: subject.path, limits: limits, reading: reading)
                    } catch {
                        skip(error.reason)
                        continue
                    }
                    if !parsed.recalled.isEmpty { recalled.withLock { $0[index] = parsed.recalled } }
                    guard !parsed.objects.isEmpty else { continue }
                    let named = Set(parsed.objects.map(Self.reference(of:)))
                    if batch.count >= Self.batchSize || !references.isDisjoint(with: named) { flush() }
                    batch.append(ParsedBlob(index: index, path: subject.path, objects: parsed.objects, versions: parsed.versions))
                    references.formUnion(named)
                }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        // Every batch is judged now, so every chunk a blob recalled has its verdicts, unless the blob that
        // held it first was not judged.
        var results = found.withLock { $0 }
        var unresolved: [Int] = []
        if let memory = reading.memory {
            for (index, objects) in recalled.withLock({ $0 }).sorted(by: { $0.key < $1.key }) {
                guard let recalledFindings = memory.findings(of: objects, at: subjects[index].path) else {
                    unresolved.append(index)
                    continue
                }
                results[index] += recalledFindings
            }
        }
        let skipped = unread.withLock { $0 }.sorted { $0.key < $1.key }.map(\.value)
        return (results, skipped, reads.load(ordering: .relaxed), unresolved)
    }

    /// What a blob holds for a judge: the objects parsed (with their versions when the audit remembers
    /// them), and the objects of chunks parsed before, which are not parsed again.
    struct BlobObjects {
        var objects: [KubeObject] = []
        var versions: [ObjectVersion] = []
        var recalled: [AuditMemory.Recalled] = []
    }

    /// Parses a blob's bytes: whole, or, with a memory, chunk by chunk, parsing only the chunks not met
    /// before and recalling the others.
    ///
    /// - Throws: `ManifestError` when the blob does not parse (always the error of a parse of the whole
    ///   blob, so it is the same as without a memory).
    private static func objects(
        in bytes: [UInt8], path: String, limits: LoaderLimits, reading: Reading
    ) throws(ManifestError)
        -> BlobObjects
    {
        let file = SourceFile(path: path)
        func judged(_ documents: [Document]) -> [KubeObject] {
            documents.flatMap { KubeObject.objects(in: $0).objects }.filter { reading.kinds?.contains($0.kind) ?? true }
        }
        func whole() throws(ManifestError) -> BlobObjects {
            let objects = judged(try ManifestLoader(limits: limits, concurrency: 1).documents(of: .content(name: path, bytes: bytes)))
            return BlobObjects(objects: objects, versions: reading.memory == nil ? [] : objects.map { ObjectVersion($0.root) })
        }
        guard let memory = reading.memory else { return try whole() }
        let split = bytes.withUnsafeBytes { raw -> BlobObjects? in
            guard let chunks = ManifestParser.yamlDocumentChunks(in: raw, file: file), chunks.count > 1 else { return nil }
            var blob = BlobObjects()
            var parsed: [(key: AuditMemory.ChunkKey, chunk: AuditMemory.Chunk)] = []
            var documents = 0
            for chunk in chunks {
                let key = AuditMemory.ChunkKey(UnsafeRawBufferPointer(rebasing: raw[chunk.range]))
                if let known = memory.chunk(key) {
                    blob.recalled += known.objects.map { AuditMemory.Recalled(version: $0.version, line: chunk.linesBefore + $0.line) }
                    documents += known.documents
                    continue
                }
                guard
                    let found = ManifestParser.documents(inChunk: chunk, of: raw, file: file, limits: limits, documentsBefore: documents)
                else { return nil }
                documents += found.count
                let objects = judged(found)
                let versions = objects.map { ObjectVersion($0.root) }
                blob.objects += objects
                blob.versions += versions
                parsed.append(
                    (
                        key,
                        AuditMemory.Chunk(
                            objects: zip(versions, objects).map { ($0, $1.origin.location.line - chunk.linesBefore) },
                            documents: found.count)
                    ))
            }
            memory.remember(parsed)
            return blob
        }
        // Not split (JSON, a directive, an unusual line break), or a chunk does not parse alone: the whole
        // blob is parsed, for its objects or for the error a parse of the file gives.
        if let split { return split }
        return try whole()
    }

    /// The reference a finding names `object` by.
    private static func reference(of object: KubeObject) -> ObjectReference {
        ObjectReference(apiVersion: object.apiVersion, kind: object.kind, namespace: object.namespace, name: object.name)
    }
}
