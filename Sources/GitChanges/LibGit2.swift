// sealgate · GitChanges

internal import CLibGit2

/// What sealgate needs of libgit2 besides the calls themselves: one initialisation per process, and the
/// error it recorded.
///
/// libgit2's rules (its `THREADING.md`): `git_libgit2_init` must run before any other call; error details
/// are kept per thread, so they are read on the thread of the failing call, before any other libgit2 call;
/// and an object (a `git_repository` and everything taken from it) must not be used by two threads at
/// once, which ``GitRepository`` ensures with a lock.
enum LibGit2 {
    /// The result of `git_libgit2_init`, called once: Swift runs a static's initializer exactly once, on
    /// first use, whatever the thread. libgit2 is never shut down; it lives as long as the process.
    static let initialization: Int32 = git_libgit2_init()

    /// A failed call: libgit2's return code, and the class and message it recorded on this thread.
    struct Failure: Error {
        let code: Int32
        let errorClass: Int32
        let message: String

        /// Whether libgit2 reported an object missing from the object database (some calls return
        /// `GIT_ENOTFOUND`, others a plain `-1` with the same message).
        var isMissingObject: Bool {
            errorClass == Int32(GIT_ERROR_ODB.rawValue) && (code == GIT_ENOTFOUND.rawValue || message.hasPrefix("object not found"))
        }

        /// The 40-hex id libgit2's message names (`object not found - no match for id (…)`), if any.
        var namedObject: GitObjectID? {
            let bytes = Array(message.utf8)
            var start = 0
            while start + 40 <= bytes.count {
                if let id = GitObjectID(hex: String(decoding: bytes[start..<start + 40], as: UTF8.self)) { return id }
                start += 1
            }
            return nil
        }
    }

    /// Throws the error libgit2 recorded when `code` is negative.
    static func check(_ code: Int32) throws(Failure) {
        guard code < 0 else { return }
        throw failure(code)
    }

    /// The error libgit2 recorded for a call that returned `code`.
    static func failure(_ code: Int32) -> Failure {
        guard let last = git_error_last() else {
            return Failure(code: code, errorClass: 0, message: "libgit2 error \(code)")
        }
        return Failure(code: code, errorClass: last.pointee.klass, message: String(cString: last.pointee.message))
    }
}

extension GitError {
    /// An unexpected libgit2 failure while doing `what`.
    init(_ failure: LibGit2.Failure, while what: String, path: String?) {
        self.init(.failed, "\(what) failed: \(failure.message)", path: path)
    }
}

extension String {
    /// This path below `directory` (`""` for the root) when it is `directory` or lies below it, compared
    /// byte by byte as Git compares paths (not by Unicode equivalence); `""` for `directory` itself.
    func below(_ directory: String) -> Substring? {
        guard !directory.isEmpty else { return Substring(self) }
        let path = utf8
        guard path.starts(with: directory.utf8) else { return nil }
        let end = path.index(path.startIndex, offsetBy: directory.utf8.count)
        if end == path.endIndex { return "" }
        guard path[end] == UInt8(ascii: "/") else { return nil }
        return Substring(path[path.index(after: end)...])
    }
}
