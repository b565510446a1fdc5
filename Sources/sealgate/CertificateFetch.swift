// sealgate · CLI

internal import SidecarCLI
internal import Foundation
#if canImport(FoundationNetworking)
internal import FoundationNetworking
#endif
internal import SealedSecrets

/// Fetching a sealing certificate over http(s), bounded in size and in time: a server that streams forever
/// or stalls must not grow the process or hang a CI job.
struct CertificateFetch {
    /// The most bytes a certificate download may have. A PEM certificate is 1–3 KiB; a chain a few times
    /// that. Anything past this is not a certificate.
    static let maxBytes = 1 << 20

    /// How long the whole download may take, from the request to the last byte.
    var timeout: RequestTimeout

    /// Downloads `url`, or throws a ``SealedSecretsError`` `io` naming it.
    func fetch(_ url: URL) async throws -> [UInt8] {
        let configuration = URLSessionConfiguration.ephemeral
        let seconds = timeout.seconds
        configuration.timeoutIntervalForRequest = seconds
        configuration.timeoutIntervalForResource = seconds
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        let delegate = Collector(limit: Self.maxBytes)
        let session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: nil)
        defer { session.invalidateAndCancel() }
        let task = session.dataTask(with: URLRequest(url: url))
        // The deadline is kept here too: a server that sends a byte just often enough defeats an idle timeout.
        let deadline = DispatchWorkItem { [weak task] in
            delegate.timedOut()
            task?.cancel()
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: deadline)
        defer { deadline.cancel() }
        let result = await withCheckedContinuation { continuation in
            delegate.start(task, then: continuation)
        }
        let place = url.absoluteString
        switch result {
        case .success(let status, let bytes):
            guard (200..<300).contains(status) else {
                throw SealedSecretsError(.io, "fetching the certificate answered HTTP \(status)", path: place)
            }
            return bytes
        case .tooLarge:
            throw SealedSecretsError(
                .io, "the answer is larger than \(Self.maxBytes >> 20) MiB, which no certificate is; check the URL",
                path: place)
        case .timedOut:
            throw SealedSecretsError(
                .io,
                "fetching the certificate took longer than \(timeout); check the URL, raise --request-timeout, or download the certificate and pass the file",
                path: place)
        case .failed(let reason):
            throw SealedSecretsError(.io, "cannot fetch the certificate: \(reason)", path: place)
        }
    }

    /// How a download ended.
    enum Result: Sendable {
        case success(status: Int, bytes: [UInt8])
        case tooLarge
        case timedOut
        case failed(String)
    }

    /// Collects the body, cancelling the task once it passes the limit; reports once.
    final class Collector: NSObject, URLSessionDataDelegate, @unchecked Sendable {  // state behind `lock`
        private let limit: Int
        private let lock = NSLock()
        private var bytes: [UInt8] = []
        private var status = 0
        private var overflow = false
        private var expired = false
        private var continuation: CheckedContinuation<Result, Never>?
        private var finished: Result?

        init(limit: Int) { self.limit = limit }

        func start(_ task: URLSessionDataTask, then continuation: CheckedContinuation<Result, Never>) {
            lock.withLock {
                if let finished { continuation.resume(returning: finished) } else { self.continuation = continuation }
            }
            task.resume()
        }

        func timedOut() {
            lock.withLock { expired = true }
        }

        func urlSession(
            _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
            completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void
        ) {
            let tooLarge = response.expectedContentLength > Int64(limit)
            lock.withLock {
                status = (response as? HTTPURLResponse)?.statusCode ?? 200
                if tooLarge { overflow = true }
            }
            completionHandler(tooLarge ? .cancel : .allow)
        }

        func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
            let cancel = lock.withLock {
                guard !overflow else { return true }
                guard bytes.count + data.count <= limit else {
                    overflow = true
                    bytes = []
                    return true
                }
                bytes.append(contentsOf: data)
                return false
            }
            if cancel { dataTask.cancel() }
        }

        func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
            lock.withLock {
                let result: Result
                if overflow {
                    result = .tooLarge
                } else if expired || (error as? URLError)?.code == .timedOut {
                    result = .timedOut
                } else if let error {
                    result = .failed(error.localizedDescription)
                } else {
                    result = .success(status: status, bytes: bytes)
                }
                finish(result)
            }
        }

        /// Resumes the waiting caller once; called with `lock` held.
        private func finish(_ result: Result) {
            guard finished == nil else { return }
            finished = result
            continuation?.resume(returning: result)
            continuation = nil
        }
    }
}

/// `--request-timeout`: a duration as kubectl writes it (`30s`, `2m`, `1h`, or a number of seconds).
typealias RequestTimeout = KubectlDuration

extension KubectlDuration {
    /// The default request timeout: long enough for a slow cluster's ingress, short enough for a CI job.
    static let standard = KubectlDuration("30s")!
}
