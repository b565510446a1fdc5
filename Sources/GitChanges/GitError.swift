// sealgate · GitChanges

internal import KubeManifest

/// Why a Git operation failed: what went wrong, about which repository or path, and what to do.
///
/// The ``description`` is the message a user sees: `path: error: reason`. Tests match on ``code``.
public struct GitError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure, stable across releases so callers and tests can match on it.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's stable name.
        public let name: String
        private init(_ name: String) { self.name = name }
        /// The code's name.
        public var description: String { name }

        /// No repository holds the path (discovery went up to the root or a file-system boundary).
        public static let notARepository = Code("not-a-repository")
        /// The operation needs a working tree and the repository is bare.
        public static let bareRepository = Code("bare-repository")
        /// The repository is owned by another user and Git's `safe.directory` does not list it.
        public static let untrustedOwner = Code("untrusted-owner")
        /// A path lies outside the repository's working tree.
        public static let outsideWorkingTree = Code("outside-working-tree")
        /// A revision names no branch, tag or object of this repository.
        public static let unknownRevision = Code("unknown-revision")
        /// An abbreviated id matches more than one object.
        public static let ambiguousRevision = Code("ambiguous-revision")
        /// A revision names a tree or a blob, not a commit.
        public static let notACommit = Code("not-a-commit")
        /// A commit is not in the repository because the clone is shallow: it lies beyond the boundary of the
        /// fetched history (``GitError/object`` names it when libgit2 does).
        public static let shallowBoundary = Code("shallow-boundary")
        /// An object the repository refers to is missing, in a repository that is not shallow (a partial
        /// clone, or a damaged one).
        public static let missingObject = Code("missing-object")
        /// Two commits share no history, so they have no merge base.
        public static let noMergeBase = Code("no-merge-base")
        /// libgit2 failed for another reason (its message is in the reason).
        public static let failed = Code("git-failed")
    }

    /// What kind of failure this is.
    public let code: Code
    /// What is wrong and, where it helps, what to do; never contains file content.
    public let reason: String
    /// The repository or path the failure is about, when there is one.
    public let path: String?
    /// The object the failure is about, when known: for ``Code/shallowBoundary``, the commit to fetch.
    public let object: GitObjectID?

    /// Creates an error.
    public init(_ code: Code, _ reason: String, path: String?, object: GitObjectID? = nil) {
        self.code = code
        self.reason = reason
        self.path = path
        self.object = object
    }

    /// `path: error: reason`, without the path when there is none; on one line and safe to print
    /// (`TerminalText.oneLine(_:)`), since paths and revisions come from the user and the repository.
    public var description: String {
        TerminalText.oneLine((path.map { "\($0): " } ?? "") + "error: \(reason)")
    }
}
