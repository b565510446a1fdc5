// sealgate · SecretAudit

public import GitChanges
public import PolicyEngine

/// What an audit reads.
public enum AuditScope: Sendable, Hashable, CustomStringConvertible {
    /// The trees of the commits of a range: every blob they hold, read once however many commits hold it.
    case history(GitHistoryRange)
    /// The index: what `git commit` would add or change (the staged files that differ from `HEAD`, every
    /// staged file before the first commit).
    case staged

    /// `history of HEAD`, `history of --all`, `the index`, as summaries name the scope.
    public var description: String {
        switch self {
        case let .history(range): "history of \(range)"
        case .staged: "the index"
        }
    }
}

/// Whether what a hit found in history is still in the repository's `HEAD`.
public enum HeadPresence: Sendable, Hashable {
    /// `HEAD` holds the same blob, at `path`.
    case sameBlob(path: String)
    /// `HEAD` holds another blob with a hit of the same identity (policy, object and field; see
    /// `FindingIdentity`), at `path` and `line`: the values may differ, the problem is still there.
    case sameFinding(path: String, line: Int)
    /// Neither: the problem is only in history.
    case gone

    /// Whether the problem is still at `HEAD`.
    public var isPresent: Bool { self != .gone }
}

/// One thing an audit found: a finding in one blob, and where the blob was met.
public struct AuditHit: Sendable {
    /// What was found, as `check` reports it: the policy (or `compromised-key`), severity, message, object,
    /// and the place in the file (`Finding.file` is the repository-relative path in ``commit``). A waiver
    /// annotation on the object is in `Finding.waiver`.
    public var finding: Finding
    /// The blob the finding is in.
    public let blob: GitObjectID
    /// The oldest audited commit that holds the blob; nil when the blob is staged (``AuditScope/staged``).
    public let commit: GitHistoryCommit?
    /// Whether `HEAD` still has it; nil when that was not asked (a staged blob) or there is no `HEAD` yet.
    public var atHead: HeadPresence?
    /// The entry of the acknowledgements file that covers the hit, if one does.
    public var acknowledgement: Acknowledgement?

    /// Whether the hit fails the audit: it is neither acknowledged nor waived.
    public var counts: Bool { acknowledgement == nil && finding.waiver == nil }
}

/// A blob the audit could not judge, and why (over the size limit, not YAML or JSON, a Git LFS pointer).
public struct UnreadBlob: Sendable, Hashable {
    /// The blob.
    public let blob: GitObjectID
    /// Its repository-relative path where it was first met.
    public let path: String
    /// The commit it was first met in; nil when staged.
    public let commit: GitHistoryCommit?
    /// Why it was not judged; holds no content.
    public let reason: String
}

/// Everything one audit found.
public struct AuditReport: Sendable {
    /// What was audited.
    public let scope: AuditScope
    /// The hits, oldest commit first (staged ones in path order), each distinct problem once: a blob that
    /// repeats an object of an older blob unchanged (another document of its file was edited) adds nothing.
    public var hits: [AuditHit]
    /// What the hits were looked for with: the policies that ran, or the `compromised-key` rule.
    public let rules: [PolicyInfo]
    /// How many commits were walked (0 for the index).
    public let commitCount: Int
    /// How many distinct blobs the audit judged: each was read and parsed once, however many commits and
    /// paths hold it. `HEAD`'s blobs are among them when the range does not include `HEAD`.
    public let blobsRead: Int
    /// Blobs that could not be judged.
    public let unread: [UnreadBlob]
    /// The shallow boundary commits the walk reached (only when a shallow history was allowed).
    public let shallowBoundary: [GitObjectID]
    /// Entries of the acknowledgements file that matched no hit (fixed history, or a typo).
    public var unusedAcknowledgements: [Acknowledgement] = []

    /// Creates a report.
    ///
    /// - Parameters:
    ///   - scope: what was audited.
    ///   - hits: what was found.
    ///   - rules: the policies (or rule) the hits come from.
    ///   - commitCount: how many commits were walked.
    ///   - blobsRead: how many distinct blobs were read and judged.
    ///   - unread: blobs that could not be judged.
    ///   - shallowBoundary: the shallow boundary commits reached.
    public init(
        scope: AuditScope, hits: [AuditHit], rules: [PolicyInfo], commitCount: Int, blobsRead: Int, unread: [UnreadBlob],
        shallowBoundary: [GitObjectID]
    ) {
        self.scope = scope
        self.hits = hits
        self.rules = rules
        self.commitCount = commitCount
        self.blobsRead = blobsRead
        self.unread = unread
        self.shallowBoundary = shallowBoundary
    }

    /// Whether a hit fails the audit (one that is neither acknowledged nor waived).
    public var fails: Bool { hits.contains(where: \.counts) }

    /// Marks each hit an entry of `acknowledgements` covers (same blob, same policy), and records the
    /// entries that cover nothing in ``unusedAcknowledgements``.
    public mutating func acknowledge(_ acknowledgements: [Acknowledgement]) {
        var used = Set<Int>()
        for index in hits.indices {
            guard let match = acknowledgements.indices.first(where: { acknowledgements[$0].covers(hits[index]) }) else { continue }
            hits[index].acknowledgement = acknowledgements[match]
            used.insert(match)
        }
        unusedAcknowledgements = acknowledgements.indices.filter { !used.contains($0) }.map { acknowledgements[$0] }
    }
}
