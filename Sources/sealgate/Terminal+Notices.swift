// sealgate · CLI

internal import KubeManifest

extension Terminal {
    /// Prints what the directory walks of `result` left out, on standard error: links that lead out of the
    /// tree always, loops and second ways to a directory only with `verbose`.
    static func notices(of result: LoadResult, verbose: Bool = false) {
        for notice in result.notices where verbose || !notice.isVerbose {
            error(notice.description)
        }
    }
}
