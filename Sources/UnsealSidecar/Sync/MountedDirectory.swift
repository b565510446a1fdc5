// sealgate · UnsealSidecar

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Reads a volume kubelet keeps up to date (a mounted ConfigMap or Secret) as one consistent version.
///
/// kubelet writes each version of a volume's content into a new hidden directory and then points the
/// `..data` link at it with one rename; the visible names are links through `..data`. A reader that opened
/// the visible names one by one could read some files of the old version and some of the new. Resolving
/// `..data` once and reading the version's own directory sees one version whole (kubelet removes the old
/// directory only after the swap, and a read that loses that race fails rather than mixes).
enum MountedDirectory {
    /// The directory to read for `path`: the version `path/..data` points at when `path` is such a volume,
    /// else `path` itself (a file, a plain directory, a git-sync checkout).
    static func consistentView(of path: String) -> String {
        let data = path.hasSuffix("/") ? path + "..data" : path + "/..data"
        var info = stat()
        guard lstat(data, &info) == 0, info.st_mode & S_IFMT == S_IFLNK, let resolved = realpath(data, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
