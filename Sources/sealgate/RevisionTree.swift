// sealgate · CLI

internal import Foundation
internal import GitChanges

/// A revision's files (a commit's tree, or the index) written out to a new temporary directory, for the
/// programs that can only read files: Helm and kustomize, when a change check renders its base.
///
/// Only regular files are written, each at most `limit` bytes (larger ones and Git LFS pointers are left
/// out, as the loader would refuse them); submodules and symbolic links are not followed, as nowhere in a
/// revision are they. Paths that would leave the directory (`..`, absolute) are skipped: a hostile tree
/// must not write elsewhere.
enum RevisionTree {
    /// Writes `source` of `repository` out; returns the directory (the caller removes it) and the
    /// repository paths written, in walk order.
    static func write(
        _ source: GitSource, of repository: GitRepository, limit: Int
    ) throws(GitError) -> (directory: String, files: [String]) {
        let directory: String
        do {
            directory = try Rendering.temporaryDirectory(prefix: "sealgate-revision")
        } catch {
            throw GitError(
                .failed, "cannot make a temporary directory to write the revision to (\(error)); check TMPDIR",
                path: FileManager.default.temporaryDirectory.path)
        }
        var written: [String] = []
        do throws(GitError) {
            guard let listing = try repository.files(in: source, under: "") else { return (directory, []) }
            let manager = FileManager.default
            for file in listing.files {
                let components = file.path.split(separator: "/", omittingEmptySubsequences: false)
                guard !file.path.hasPrefix("/"), !components.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else { continue }
                guard case .bytes(let bytes) = try repository.readBlob(file.id, limit: limit) else { continue }
                let path = directory + "/" + file.path
                try? manager.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                if manager.createFile(atPath: path, contents: Data(bytes), attributes: [.posixPermissions: 0o600]) {
                    written.append(file.path)
                }
            }
        } catch {
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
        return (directory, written)
    }
}
