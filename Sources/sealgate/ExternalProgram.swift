// sealgate · CLI

internal import Diagnostics
internal import Foundation

/// A program sealgate runs on the user's behalf (helm, kustomize, kubectl), found on `PATH`, run with a
/// bound on its time and on what it prints, so a renderer that loops or floods cannot hang CI or grow
/// the process. Its standard input is `/dev/null`: it never waits for a terminal.
struct ExternalProgram: Sendable {
    /// The name the user knows it by (`helm`).
    let name: String
    /// Its absolute path.
    let path: String

    /// The first executable called `name` in the `PATH` of `environment`, or nil.
    static func find(_ name: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> ExternalProgram? {
        let directories = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        for directory in directories where !directory.isEmpty {
            let candidate = "\(directory)/\(name)"
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue,
                FileManager.default.isExecutableFile(atPath: candidate)
            {
                return ExternalProgram(name: name, path: candidate)
            }
        }
        return nil
    }

    /// Why a run gave no output to use; ``description`` says what happened and what to do.
    enum Failure: Error, CustomStringConvertible {
        case couldNotStart(program: String, reason: String)
        case timedOut(program: String, seconds: Int)
        case outputTooLarge(program: String, limit: Int)
        case failed(program: String, status: Int32, errorOutput: String)

        var description: String {
            switch self {
            case let .couldNotStart(program, reason):
                "\(program) could not be started (\(reason))"
            case let .timedOut(program, seconds):
                "\(program) did not finish within \(seconds) s and was stopped; run it by hand to see why"
            case let .outputTooLarge(program, limit):
                "\(program) printed more than \(limit) bytes, the size limit of one manifest file, and was stopped"
            case let .failed(program, status, errorOutput):
                errorOutput.isEmpty
                    ? "\(program) failed (exit \(status)) and printed no reason"
                    : "\(program) failed (exit \(status)): \(errorOutput)"
            }
        }
    }

    /// The most of the program's standard error kept for a message: its last lines are what explain a failure.
    static let errorOutputLimit = 64 << 10

    /// Runs the program with `arguments` in `directory` and returns what it printed on standard output.
    ///
    /// Blocks the calling thread: call it through `BlockingWork`.
    func run(_ arguments: [String], in directory: String? = nil, timeout seconds: Int, outputLimit: Int) throws(Failure) -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = errors
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }

        let collected = Collected(outputLimit: outputLimit)
        let readers = DispatchGroup()
        do {
            try process.run()
        } catch {
            throw .couldNotStart(program: name, reason: "\(error.localizedDescription)")
        }
        for (pipe, isOutput) in [(output, true), (errors, false)] {
            let handle = pipe.fileHandleForReading
            DispatchQueue.global().async(group: readers) {
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    if collected.add(Array(chunk), toOutput: isOutput), process.isRunning { process.terminate() }
                }
            }
        }
        var timedOut = false
        if exited.wait(timeout: .now() + .seconds(seconds)) == .timedOut {
            timedOut = true
            process.terminate()
            if exited.wait(timeout: .now() + .seconds(2)) == .timedOut {
                Platform.forceKill(process.processIdentifier)
                exited.wait()
            }
        }
        // A grandchild may hold the pipes open after the program exited; its output is not waited for long.
        _ = readers.wait(timeout: .now() + .seconds(2))
        let (bytes, errorText, overflowed) = collected.result()
        if timedOut { throw .timedOut(program: name, seconds: seconds) }
        if overflowed { throw .outputTooLarge(program: name, limit: outputLimit) }
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw .failed(program: name, status: process.terminationStatus, errorOutput: Self.lastLines(of: errorText))
        }
        return bytes
    }

    /// The last few non-blank lines of a program's standard error, on one line and safe to print.
    static func lastLines(of text: String, count: Int = 4) -> String {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return TerminalText.oneLine(lines.suffix(count).joined(separator: " | "))
    }

    /// What the readers collected, behind a lock.
    private final class Collected: @unchecked Sendable {  // state behind `lock`
        private let lock = NSLock()
        private let outputLimit: Int
        private var output: [UInt8] = []
        private var errors: [UInt8] = []
        private var overflowed = false

        init(outputLimit: Int) { self.outputLimit = outputLimit }

        /// Adds a chunk; true when standard output just went over the limit (the program is to be stopped).
        func add(_ chunk: [UInt8], toOutput: Bool) -> Bool {
            lock.withLock {
                if toOutput {
                    guard !overflowed else { return false }
                    if output.count + chunk.count > outputLimit {
                        overflowed = true
                        output = []
                        return true
                    }
                    output += chunk
                } else {
                    errors += chunk
                    if errors.count > ExternalProgram.errorOutputLimit {
                        errors.removeFirst(errors.count - ExternalProgram.errorOutputLimit)
                    }
                }
                return false
            }
        }

        func result() -> (output: [UInt8], errors: String, overflowed: Bool) {
            lock.withLock { (output, String(decoding: errors, as: UTF8.self), overflowed) }
        }
    }
}
