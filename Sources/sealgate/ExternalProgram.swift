// sealgate · CLI

internal import Diagnostics
internal import Foundation
internal import KubeManifest

/// Running a program the user installed (kubectl), bounded in time and in output: a cluster that hangs, an
/// auth plugin that waits forever, or an answer that never ends must not hang a CI job or fill the memory.
struct ExternalProgram {
    /// The program's name, for messages (`kubectl`).
    var name: String
    /// Its full path.
    var executable: URL
    /// How long it may run; then it is stopped (SIGTERM, then SIGKILL two seconds later).
    var timeout: Double
    /// The most bytes of standard output kept; one more stops the program.
    var outputLimit: Int

    /// The most bytes of standard error kept for a message; the rest is read and dropped.
    static let errorLimit = 64 << 10

    /// How a run ended.
    enum Outcome: Sendable {
        /// The program exited (or was ended by a signal: then `status` is 128 + the signal).
        case exited(status: Int32, output: [UInt8], errors: [UInt8])
        /// It wrote more than `outputLimit` bytes to standard output and was stopped.
        case outputTooLarge(errors: [UInt8])
        /// It was still running at the time limit and was stopped.
        case timedOut(errors: [UInt8])
    }

    /// The program called `name` in the directories of `searchPath` (a `PATH` value), or nil when none
    /// holds an executable file of that name.
    static func find(_ name: String, searchPath: String?) -> URL? {
        for directory in (searchPath ?? "").split(separator: ":") where !directory.isEmpty {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue,
                FileManager.default.isExecutableFile(atPath: candidate.path)
            {
                return candidate
            }
        }
        return nil
    }

    /// Runs the program with `arguments`, standard input closed, and waits for it within the time limit.
    ///
    /// The child is started and reaped here (posix_spawn, waitpid), not with Foundation's `Process`, which
    /// learns that a child ended only when every process holding a descriptor it shares has closed it: a
    /// credential plugin that kubectl left running would hold the run until it ends.
    ///
    /// - Throws: A ``RunError`` when the program cannot be started.
    func run(_ arguments: [String]) async throws(RunError) -> Outcome {
        try await BlockingWork.run { [self] () throws(RunError) -> Outcome in try runBlocking(arguments) }
    }

    /// ``run(_:)`` on the calling thread, for a caller already off the cooperative pool.
    func runBlocking(_ arguments: [String]) throws(RunError) -> Outcome {
        let (name, path, seconds, limit) = (name, executable.path, timeout, outputLimit)
        guard let output = Platform.pipe() else { throw RunError(program: name, reason: "cannot create a pipe") }
        guard let errors = Platform.pipe() else {
            for descriptor in [output.read, output.write] { Platform.close(descriptor) }
            throw RunError(program: name, reason: "cannot create a pipe")
        }
        let spawned = Platform.spawn(path, arguments: arguments, output: output.write, errors: errors.write)
        // The parent's copies of the write ends, so that end of file comes when the child closes its own.
        Platform.close(output.write)
        Platform.close(errors.write)
        let pid: Int32
        switch spawned {
        case .success(let started): pid = started
        case .failure(let failure):
            Platform.close(output.read)
            Platform.close(errors.read)
            throw RunError(program: name, reason: failure.reason)
        }
        let run = Run(outputLimit: limit)
        // Threads of their own: each blocks until its end, and Dispatch's pool has only as many threads
        // as cores. Each reader closes its own descriptor when it is done, never another thread while it
        // reads.
        let outputRead = DispatchSemaphore(value: 0)
        Self.detach {
            if run.collect(from: output.read, isOutput: true) { Platform.stop(pid, .terminate) }
            outputRead.signal()
        }
        let errorsRead = DispatchSemaphore(value: 0)
        Self.detach {
            _ = run.collect(from: errors.read, isOutput: false)
            errorsRead.signal()
        }
        let exited = DispatchSemaphore(value: 0)
        Self.detach {
            run.exited(with: Platform.waitForExit(pid))
            exited.signal()
        }
        if exited.wait(timeout: .now() + seconds) == .timedOut {
            run.markTimedOut()
            Platform.stop(pid, .terminate)
            if exited.wait(timeout: .now() + 2) == .timedOut {
                Platform.stop(pid, .kill)
                exited.wait()
            }
        }
        // A child of the program (an auth plugin) may keep a pipe open after the program is gone: the
        // run ends with the program, whatever such a straggler still writes.
        _ = outputRead.wait(timeout: .now() + 1)
        _ = errorsRead.wait(timeout: .now() + 1)
        return run.outcome()
    }

    /// A program's standard error as one printable line of at most 400 characters, its lines joined by "; ".
    static func summary(_ errors: [UInt8]) -> String {
        let lines = String(decoding: errors, as: UTF8.self).split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !lines.isEmpty else { return "it printed no error" }
        let text = TerminalText.oneLine(lines.joined(separator: "; "))
        return text.count > 400 ? String(text.prefix(400)) + "…" : text
    }

    /// Runs `work` on a new thread.
    private static func detach(_ work: @escaping @Sendable () -> Void) {
        Thread { work() }.start()
    }

    /// A program that could not be started.
    struct RunError: Error {
        var program: String
        var reason: String
    }

    /// What one run collected, shared by its reader threads.
    final class Run: @unchecked Sendable {  // state behind `lock`
        private let outputLimit: Int
        private let lock = NSLock()
        private var output: [UInt8] = []
        private var errors: [UInt8] = []
        private var status: Int32 = 0
        private var overflow = false
        private var expired = false

        init(outputLimit: Int) { self.outputLimit = outputLimit }

        /// Reads `descriptor` to its end and closes it: standard output up to the limit (returning true,
        /// and stopping, once it passes it), standard error keeping its first ``ExternalProgram/errorLimit``
        /// bytes and dropping the rest.
        func collect(from descriptor: Int32, isOutput: Bool) -> Bool {
            defer { Platform.close(descriptor) }
            var buffer = [UInt8](repeating: 0, count: 64 << 10)
            while true {
                let count = buffer.withUnsafeMutableBytes { Platform.read(descriptor: descriptor, into: $0) } ?? 0
                if count == 0 { return false }
                let chunk = buffer[..<count]
                let stop = lock.withLock {
                    guard isOutput else {
                        errors.append(contentsOf: chunk.prefix(max(0, ExternalProgram.errorLimit - errors.count)))
                        return false
                    }
                    guard output.count + count <= outputLimit else {
                        overflow = true
                        output = []
                        return true
                    }
                    output.append(contentsOf: chunk)
                    return false
                }
                if stop { return true }
            }
        }

        func exited(with status: Int32) {
            lock.withLock { self.status = status }
        }

        func markTimedOut() {
            lock.withLock { expired = true }
        }

        func outcome() -> Outcome {
            lock.withLock {
                if overflow { return .outputTooLarge(errors: errors) }
                if expired { return .timedOut(errors: errors) }
                return .exited(status: status, output: output, errors: errors)
            }
        }
    }
}
