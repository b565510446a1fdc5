// sealgate · SecretAudit

internal import Diagnostics
internal import KubeManifest
internal import Synchronization

/// What an audit of plaintext has learnt so far, shared by its threads: the findings of each object version
/// it judged, and the objects of each YAML document it parsed.
///
/// History repeats itself: a commit that changes one document of a three-document file makes a new blob
/// whose other two documents are byte for byte those of the blob before. The audit splits a blob at its
/// document markers (`ManifestParser.yamlDocumentChunks`), looks each chunk up by a digest of its bytes,
/// and parses only the chunks it has not met; the objects of a known chunk get the findings their versions
/// already have, moved to where they now stand. An object version met again in a new chunk (a reformatted
/// document, another file) is not judged again either.
///
/// The digests are Swift's `Hasher` (SipHash with a key drawn for each process) with the length: nobody
/// can make two chunks collide on purpose, and they live only in memory. See ``ObjectVersion``.
final class AuditMemory: Sendable {
    /// A chunk's bytes, as a digest and a length.
    struct ChunkKey: Hashable, Sendable {
        let digest: Int
        let count: Int

        init(_ bytes: UnsafeRawBufferPointer) {
            var hasher = Hasher()
            hasher.combine(bytes: bytes)
            digest = hasher.finalize()
            count = bytes.count
        }
    }

    /// The objects of a parsed chunk that the audit judges, each with its line counted from the chunk's
    /// start, and how many documents the chunk holds (the limit on documents counts them).
    struct Chunk: Sendable {
        let objects: [(version: ObjectVersion, line: Int)]
        let documents: Int
    }

    /// What judging an object version found, with the line its object stood on then.
    struct Verdict: Sendable {
        let line: Int
        let findings: [SecretAudit.Judged]
    }

    /// An object of a known chunk in another blob: its version, and the line it stands on there.
    struct Recalled: Sendable {
        let version: ObjectVersion
        let line: Int
    }

    private let chunks = Mutex<[ChunkKey: Chunk]>([:])
    private let verdicts = Mutex<[ObjectVersion: Verdict]>([:])

    /// The chunk with these bytes, if a blob that held it was parsed.
    func chunk(_ key: ChunkKey) -> Chunk? {
        chunks.withLock { $0[key] }
    }

    /// Remembers the chunks of a blob that parsed (only whole blobs: an object of a blob that does not
    /// parse is never judged, so its chunks must not be recalled).
    func remember(_ parsed: [(key: ChunkKey, chunk: Chunk)]) {
        chunks.withLock { table in
            for entry in parsed where table[entry.key] == nil { table[entry.key] = entry.chunk }
        }
    }

    /// What judging `version` found, if it was judged.
    func verdict(_ version: ObjectVersion) -> Verdict? {
        verdicts.withLock { $0[version] }
    }

    /// Records what judging versions found.
    func record(_ judged: [(version: ObjectVersion, verdict: Verdict)]) {
        verdicts.withLock { table in
            for entry in judged { table[entry.version] = entry.verdict }
        }
    }

    /// The findings of recalled objects in the blob at `path`, moved to their lines there; nil when one of
    /// them has no verdict (its chunk came from a blob whose objects were not judged), and the blob must be
    /// judged on its own.
    func findings(of recalled: [Recalled], at path: String) -> [SecretAudit.Judged]? {
        verdicts.withLock { table in
            var found: [SecretAudit.Judged] = []
            for object in recalled {
                guard let verdict = table[object.version] else { return nil }
                found += verdict.findings.map { $0.moved(to: path, lines: object.line - verdict.line) }
            }
            return found
        }
    }
}
