// sealgate · GitChanges

internal import Diagnostics
internal import KubeManifest

/// Where files are read from without a checkout: a commit's tree, or the index.
public enum GitSource: Sendable, Hashable, CustomStringConvertible {
    /// The tree of a commit.
    case commit(GitObjectID)
    /// The index (the staging area): what `git commit` would record, partially staged files as staged.
    case index

    /// `commit 1a2b3c4d5e6f` or `the index`, as messages name it.
    public var description: String {
        switch self {
        case let .commit(id): "commit \(id.abbreviated())"
        case .index: "the index"
        }
    }
}

/// A file of a tree or of the index: a blob, and the path and mode it is stored under.
public struct GitFile: Sendable, Hashable {
    /// The path from the root of the repository, with `/` separators.
    public let path: String
    /// The blob's id: the same id is the same content, wherever and whenever it is stored.
    public let id: GitObjectID
    /// ``GitFileMode/file`` or ``GitFileMode/executable``.
    public let mode: GitFileMode
}

/// An entry of a tree or of the index that is not read as a file, and why. Not an error: the rest is read,
/// and the CLI shows notices on standard error.
public struct GitNotice: Sendable, Hashable, CustomStringConvertible {
    /// Why an entry was left out.
    public enum Kind: Sendable, Hashable {
        /// A submodule: a commit of another repository, whose files are not in this one.
        case submodule(commit: GitObjectID)
        /// A symbolic link (to `target`): a revision's links are never followed, so nothing is read from
        /// outside the repository or twice.
        case symbolicLink(target: String)
        /// A Git LFS pointer: the file's content is stored outside the repository.
        case lfsPointer
        /// A path with a merge conflict in the index, which has no single content to read.
        case unmerged
        /// A Helm chart whose `templates/` held `count` files, which are Go templates, not manifests (as a
        /// directory walk leaves them out).
        case helmChartTemplates(count: Int)
    }

    /// The entry, as the caller named it: repository-relative in a listing, as the user typed it in a
    /// manifest load.
    public let path: String
    /// Why it was left out.
    public let kind: Kind

    /// Creates a notice.
    public init(path: String, kind: Kind) {
        self.path = path
        self.kind = kind
    }

    /// `path: notice: what; skipped`, on one line and safe to print (`TerminalText.oneLine(_:)`).
    public var description: String {
        if case let .helmChartTemplates(count) = kind {
            return TerminalText.oneLine("\(path): notice: " + HelmCharts.noticeText(directory: path, templates: count))
        }
        let what =
            switch kind {
            case let .submodule(commit): "submodule (commit \(commit.abbreviated())), whose files are in another repository"
            case let .symbolicLink(target): "symbolic link (to \(target)), not followed in a revision"
            case .lfsPointer: "Git LFS pointer, whose content is not in the repository"
            case .unmerged: "unmerged path (a merge conflict in the index)"
            case .helmChartTemplates: ""
            }
        return TerminalText.oneLine("\(path): notice: \(what); skipped")
    }
}

/// The files found under a path, and the entries left out.
public struct GitListing: Sendable {
    /// The files, in the order a directory walk of the checked-out tree visits them (each directory's
    /// names sorted by their bytes, depth first).
    public var files: [GitFile]
    /// Submodules, symbolic links and unmerged paths, in the same order.
    public var notices: [GitNotice]
}

/// What a blob read gave.
public enum GitBlobContent: Sendable, Hashable {
    /// The blob's bytes.
    case bytes([UInt8])
    /// A Git LFS pointer (its content starts `version https://git-lfs.github.com/spec/v1`): the file itself
    /// is stored elsewhere.
    case lfsPointer
    /// The blob is larger than the limit; its content was not read.
    case tooLarge(size: Int)
}
