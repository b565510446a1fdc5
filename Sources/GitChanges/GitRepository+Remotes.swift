// sealgate · GitChanges

internal import CLibGit2

extension GitRepository {
    /// The URL of the remote `name` (`origin`) as the repository's configuration gives it, or nil when it has
    /// no such remote. Reports name the repository by it (SARIF's `versionControlProvenance`).
    ///
    /// A URL with credentials in it (`https://user:token@host/…`) is returned without them: a report is
    /// uploaded and shared, a token must not travel with it.
    public func remoteURL(named name: String = "origin") -> String? {
        let url: String? = try? withRepository { (repository) throws(GitError) -> String? in
            var remote: OpaquePointer?
            guard git_remote_lookup(&remote, repository, name) == 0, let remote else { return nil }
            defer { git_remote_free(remote) }
            guard let text = git_remote_url(remote) else { return nil }
            return String(cString: text)
        }
        return url.map(Self.withoutCredentials)
    }

    /// `scheme://user:secret@host/path` → `scheme://host/path`; any other form as it is.
    static func withoutCredentials(_ url: String) -> String {
        guard let scheme = url.firstRange(of: "://") else { return url }
        let rest = url[scheme.upperBound...]
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        guard let at = rest[..<authorityEnd].lastIndex(of: "@") else { return url }
        return String(url[..<scheme.upperBound]) + rest[rest.index(after: at)...]
    }
}
