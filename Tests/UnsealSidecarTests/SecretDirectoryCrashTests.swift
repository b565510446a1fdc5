// sealgate · UnsealSidecar tests

import Foundation
import Synchronization
import Testing

@testable import UnsealSidecar

/// A write stopped at each of its steps, as a SIGKILL there would stop it, then a new writer on the same
/// directory: it must publish the old payload or the new one, whole, with nothing left over, and write on.
struct SecretDirectoryCrashTests {
    let old: [String: [String: String]] = ["db": ["username": "app", "password": "old"], "api": ["token": "old"], "gone": ["k": "v"]]
    let new: [String: [String: String]] = [
        "db": ["username": "app", "password": "new", "host": "h"], "api": ["token": "old"], "fresh": ["k": "v"],
    ]
    let after: [String: [String: String]] = ["after": ["k": "v"]]

    @Test("a crash at any step of a replacing write recovers to the old or the new generation")
    func crashReplacing() throws {
        try crashAtEveryStep(from: old, to: new)
    }

    @Test("a crash at any step of the first write recovers to nothing or the new generation")
    func crashFirstWrite() throws {
        try crashAtEveryStep(from: nil, to: new)
    }

    private func crashAtEveryStep(from start: [String: [String: String]]?, to target: [String: [String: String]]) throws {
        let steps = try recordSteps(from: start, to: target)
        let swap = try #require(steps.firstIndex(of: .swapped))
        // Every kind of step is met, so none goes untested.
        #expect(steps.contains(.generationCreated) && steps.contains(.temporaryLinkCreated) && steps.contains(.removingOldGeneration))
        #expect(steps.contains(.linkCreated(secret: "fresh")))
        if start != nil {
            #expect(steps.contains(.linkRemoved(secret: "gone")) && steps.contains(.oldSecretRemoved(secret: "gone")))
        }
        for (index, step) in steps.enumerated() {
            let directory = try TemporaryDirectory()
            if let start { try SecretDirectoryWriter(directory: directory.path).write(payload(start)) }
            let previous = dataTarget(directory.path)
            let crashing = try writer(directory) { $0 == index ? .crash : .proceed }
            let error = #expect(throws: SidecarError.self, "\(step)") { try crashing.write(payload(target)) }
            #expect(error?.code == .interrupted)
            // Nothing was cleaned up: the new generation is still beside the old one, and ..data points at
            // the old one before the swap, at the new one from then on.
            let left = try generations(directory.path)
            #expect(left.count == (previous == nil ? 1 : 2), "\(step)")
            let written = left.first { $0 != previous }
            #expect(dataTarget(directory.path) == (index < swap ? previous : written), "\(step)")
            if index >= swap {
                // The swap alone publishes the new payload whole: the links of new secrets were made before it.
                for (secret, keys) in target {
                    for (key, value) in keys {
                        let bytes = FileManager.default.contents(atPath: directory.path(secret + "/" + key))
                        #expect(bytes == Data(value.utf8), "\(step): \(secret)/\(key)")
                    }
                }
            }

            let recovered = try SecretDirectoryWriter(directory: directory.path)
            let expected = index < swap ? (start ?? [:]) : target
            #expect(recovered.recoveryAtStart.generation == (index < swap ? previous : written), "\(step)")
            // Only a first write crashed after its swap leaves no generation to remove.
            #expect(recovered.recoveryAtStart.removedGenerations.isEmpty == (previous == nil && index >= swap), "\(step)")
            if index < swap && start == nil {
                #expect(try entries(directory.path) == [], "\(step)")
            } else {
                #expect(try expectClean(directory.path, holding: expected), "\(step)")
            }
            try recovered.write(payload(after))
            #expect(try expectClean(directory.path, holding: after), "\(step)")
        }
    }

    /// The steps of a write from `start` to `target`, in order.
    private func recordSteps(
        from start: [String: [String: String]]?, to target: [String: [String: String]]
    ) throws -> [SecretDirectoryWriter.Step] {
        let directory = try TemporaryDirectory()
        if let start { try SecretDirectoryWriter(directory: directory.path).write(payload(start)) }
        let steps = Mutex<[SecretDirectoryWriter.Step]>([])
        let recording = try SecretDirectoryWriter(
            directory: directory.path, fileMode: 0o440, directoryMode: 0o755, syncsToDisk: true,
            stepHook: { step in
                steps.withLock { $0.append(step) }
                return .proceed
            })
        try recording.write(payload(target))
        return steps.withLock { $0 }
    }

    /// A writer that counts the steps of its writes and asks `decide` about each by its index.
    private func writer(
        _ directory: TemporaryDirectory, decide: @escaping @Sendable (Int) -> SecretDirectoryWriter.StepDecision
    ) throws -> SecretDirectoryWriter {
        let count = Mutex(0)
        return try SecretDirectoryWriter(
            directory: directory.path, fileMode: 0o440, directoryMode: 0o755, syncsToDisk: true,
            stepHook: { _ in
                decide(
                    count.withLock { count in
                        defer { count += 1 }
                        return count
                    })
            })
    }
}
