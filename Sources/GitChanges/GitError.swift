// sealgate · GitChanges

public import Diagnostics

/// Why a Git operation failed: what went wrong, about which repository or path, and what to do.
///
/// The ``description`` is the message a user sees (`LocatedError`): `path: error: reason`, where the path is
/// the repository's or the one the user gave. Tests match on ``code``.
public struct GitError: LocatedError, Sendable, Equatable {
    /// The kinds of failure; the codes are static members (`.unknownRevision`).
    public typealias Code = ErrorCode<GitError>

    /// What kind of failure this is.
    public let code: Code
    /// What is wrong and, where it helps, what to do; never contains file content.
    public let reason: String
    /// The repository or path the failure is about, when there is one.
    public let location: SourceLocation?
    /// The object the failure is about, when known: for `shallowBoundary`, the commit to fetch.
    public let object: GitObjectID?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The kind of failure.
    ///   - reason: What is wrong and what to do.
    ///   - path: The repository or path the failure is about.
    ///   - object: The object the failure is about, when known.
    public init(_ code: Code, _ reason: String, path: String?, object: GitObjectID? = nil) {
        self.code = code
        self.reason = reason
        self.location = path.map { SourceLocation(path: $0) }
        self.object = object
    }
}

extension ErrorCode where Domain == GitError {
    /// No repository holds the path (discovery went up to the root or a file-system boundary).
    public static var notARepository: Self { Self("not-a-repository") }
    /// The operation needs a working tree and the repository is bare.
    public static var bareRepository: Self { Self("bare-repository") }
    /// The repository is owned by another user and Git's `safe.directory` does not list it.
    public static var untrustedOwner: Self { Self("untrusted-owner") }
    /// A path lies outside the repository's working tree.
    public static var outsideWorkingTree: Self { Self("outside-working-tree") }
    /// A revision names no branch, tag or object of this repository.
    public static var unknownRevision: Self { Self("unknown-revision") }
    /// An abbreviated id matches more than one object.
    public static var ambiguousRevision: Self { Self("ambiguous-revision") }
    /// A revision names a tree or a blob, not a commit.
    public static var notACommit: Self { Self("not-a-commit") }
    /// A commit is not in the repository because the clone is shallow: it lies beyond the boundary of the
    /// fetched history (``GitError/object`` names it when libgit2 does).
    public static var shallowBoundary: Self { Self("shallow-boundary") }
    /// An object the repository refers to is missing, in a repository that is not shallow (a partial
    /// clone, or a damaged one).
    public static var missingObject: Self { Self("missing-object") }
    /// Two commits share no history, so they have no merge base.
    public static var noMergeBase: Self { Self("no-merge-base") }
    /// libgit2 failed for another reason (its message is in the reason).
    public static var failed: Self { Self("git-failed") }
}
