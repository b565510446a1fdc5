// sealgate · KubeManifest

internal import Dispatch

/// Work that holds its thread until it is done (parsing, policy evaluation, RSA, reading files), run where
/// it does not take a thread from Swift's cooperative pool.
///
/// The cooperative pool has one thread per core, and every `async` function of the process shares it. A
/// call that keeps one of them busy for seconds (checking a repository, generating a 4096-bit key) from an
/// `async` context would leave the sidecar's HTTP server, in the same process, without a thread to answer
/// on. Such work goes through ``run(_:)``: it runs on a Dispatch global queue, whose threads are not the
/// pool's, and the caller is suspended (holding no thread) until it ends.
///
/// It lives in KubeManifest because every sealgate module that does such work (SealedSecrets,
/// PolicyEngine, CEL) and every caller that awaits it (the CLI, the sidecar) imports this module; `package`
/// keeps it out of the public API, where a library user chooses their own threads.
package enum BlockingWork {
    /// Runs `work` on a Dispatch global queue and returns what it returns, or throws what it throws.
    ///
    /// `work` runs to its end even when the calling task is cancelled: it cannot be stopped halfway.
    package static func run<Output: Sendable, Failure: Error>(
        _ work: @escaping @Sendable () throws(Failure) -> Output
    ) async throws(Failure) -> Output {
        let result: Result<Output, Failure> = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: Result { () throws(Failure) -> Output in try work() })
            }
        }
        return try result.get()
    }
}
