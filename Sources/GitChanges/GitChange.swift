// sealgate · GitChanges

/// What an entry of a tree, the index or the working tree is.
public enum GitFileMode: Sendable, Hashable {
    /// A regular file (mode 100644).
    case file
    /// An executable file (mode 100755).
    case executable
    /// A symbolic link (mode 120000): its content is the path it points to.
    case symbolicLink
    /// A submodule (a gitlink, mode 160000): a commit of another repository.
    case submodule
    /// A directory (a tree, mode 040000).
    case directory

    /// The mode of a libgit2 entry; `nil` for 0, the mode of a side that does not exist.
    init?(raw: UInt32) {
        switch raw {
        case 0: return nil
        case 0o040000: self = .directory
        case 0o120000: self = .symbolicLink
        case 0o160000: self = .submodule
        case 0o100755: self = .executable
        default: self = .file  // 100644, and the old group-writable 100664
        }
    }
}

/// One path that differs between two sides of a diff, as `git diff --name-status -M` lists it.
public struct GitChange: Sendable, Hashable {
    /// How the path changed.
    public enum Kind: Sendable, Hashable {
        /// Only the new side has it (an untracked file of the working tree too: see ``GitChange/isUntracked``).
        case added
        /// Only the old side has it.
        case deleted
        /// Both sides have it, with other content or another mode.
        case modified
        /// The old path is gone and a new path holds the same or similar content (``GitChange/similarity``).
        case renamed
        /// Both sides have the path, as different kinds of entry (a file became a symbolic link).
        case typeChanged
    }

    /// One side of a change.
    public struct File: Sendable, Hashable {
        /// The path from the root of the repository, with `/` separators.
        public let path: String
        /// What the entry is.
        public let mode: GitFileMode
        /// The blob's id; `nil` when libgit2 did not compute it (a working-tree file it did not need to hash).
        public let id: GitObjectID?
    }

    /// How the path changed.
    public let kind: Kind
    /// The old side; `nil` when the path was added.
    public let old: File?
    /// The new side; `nil` when the path was deleted.
    public let new: File?
    /// For a rename, how similar the two contents are, from 0 to 100 (100: the same blob).
    public let similarity: Int?
    /// Whether the new side is a working-tree file Git does not track (nor ignore).
    public let isUntracked: Bool

    /// The path the change is listed under: the new path, or the old one for a deletion.
    public var path: String { (new ?? old)?.path ?? "" }
}
