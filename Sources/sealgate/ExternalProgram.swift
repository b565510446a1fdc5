// sealgate · CLI

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
        /// The program exited (or was killed by a signal, then `status` is 128 + the signal).
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
    /// - Throws: A ``RunError`` when the program cannot be started.
    func run(_ arguments: [String]) async throws -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        let run = Run(outputLimit: outputLimit)
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        do {
            try process.run()
        } catch {
            throw RunError(program: name, reason: error.localizedDescription)
        }
        // The parent's copies of the write ends, so that end of file comes when the child closes its own.
        try? output.fileHandleForWriting.close()
        try? errors.fileHandleForWriting.close()
        let seconds = timeout
        return await BlockingWork.run {
            let readers = DispatchGroup()
            DispatchQueue.global().async(group: readers) {
                if run.collectOutput(from: output.fileHandleForReading) { process.terminate() }
            }
            let errorsRead = DispatchSemaphore(value: 0)
            DispatchQueue.global().async {
                run.collectErrors(from: errors.fileHandleForReading)
                errorsRead.signal()
            }
            if exited.wait(timeout: .now() + seconds) == .timedOut {
                run.markTimedOut()
                process.terminate()
                if exited.wait(timeout: .now() + 2) == .timedOut {
                    Platform.kill(process.processIdentifier)
                    exited.wait()
                }
            }
            // A child of the program (an auth plugin) may keep a pipe open after the program is gone: the
            // run ends with the program, whatever such a straggler still writes.
            _ = readers.wait(timeout: .now() + 1)
            _ = errorsRead.wait(timeout: .now() + 1)
            return run.outcome(status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal)
        }
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
        private var overflow = false
        private var expired = false

        init(outputLimit: Int) { self.outputLimit = outputLimit }

        /// Reads standard output to its end; returns true (and stops reading) once it passes the limit.
        func collectOutput(from handle: FileHandle) -> Bool {
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { return false }
                let stop = lock.withLock {
                    guard output.count + chunk.count <= outputLimit else {
                        overflow = true
                        output = []
                        return true
                    }
                    output.append(contentsOf: chunk)
                    return false
                }
                if stop {
                    try? handle.close()
                    return true
                }
            }
        }

        /// Reads standard error to its end, keeping its first ``ExternalProgram/errorLimit`` bytes.
        func collectErrors(from handle: FileHandle) {
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { return }
                lock.withLock {
                    errors.append(contentsOf: chunk.prefix(max(0, ExternalProgram.errorLimit - errors.count)))
                }
            }
        }

        func markTimedOut() {
            lock.withLock { expired = true }
        }

        func outcome(status: Int32, signalled: Bool) -> Outcome {
            lock.withLock {
                if overflow { return .outputTooLarge(errors: errors) }
                if expired { return .timedOut(errors: errors) }
                return .exited(status: signalled ? 128 + status : status, output: output, errors: errors)
            }
        }
    }
}
