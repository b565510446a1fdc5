// sealgate · KubeManifest tests

import Dispatch
import Foundation
import Synchronization
import Testing
@testable import KubeManifest

/// Blocking work must leave Swift's cooperative pool free (the sidecar serves HTTP from it).
///
/// Each test starts as many blocking jobs as the pool has threads (one per core) and lets them finish only
/// when a task on the pool has run. Run on the pool, the jobs would hold every thread, the task could
/// never run, and only a watchdog (a minute, on a thread of its own) would end the wait: then the test
/// fails instead of hanging. No duration is measured.
struct BlockingWorkTests {
    /// As many jobs as the cooperative pool has threads.
    private let width = ProcessInfo.processInfo.activeProcessorCount

    @Test("BlockingWork.run leaves the pool free: a pool task runs while every job waits for it")
    func runLeavesThePoolFree() async {
        let release = DispatchSemaphore(value: 0)
        let (started, arrival) = AsyncStream.makeStream(of: Void.self)
        // Signals only once every job is waiting, so the jobs are all holding their threads by then.
        let releaser = Task { [width] in
            var count = 0
            for await _ in started {
                count += 1
                if count == width { break }
            }
            for _ in 0..<width { release.signal() }
        }
        let released = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<width {
                group.addTask {
                    await BlockingWork.run {
                        arrival.yield()
                        return release.wait(timeout: .now() + .seconds(300)) == .success
                    }
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        await releaser.value
        #expect(released == Array(repeating: true, count: width), "the jobs held the cooperative pool")
    }

    @Test("BlockingWork.run returns the job's value and rethrows its typed error")
    func resultAndError() async {
        #expect(await BlockingWork.run { 6 * 7 } == 42)
        let error = await #expect(throws: TestFailure.self) {
            try await BlockingWork.run { () throws(TestFailure) -> Int in throw TestFailure("refused") }
        }
        #expect(error?.description == "refused")
    }

    @Test("ManifestLoader.load reads and parses off the pool: a pool task feeds the FIFOs every load waits on")
    func loadLeavesThePoolFree() async throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let paths = (0..<width).map { root.appendingPathComponent("pipe-\($0).yaml").path }
        for path in paths { try #require(mkfifo(path, 0o600) == 0) }
        let feeder = FIFOFeeder(paths: paths, content: Array("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: piped}\n".utf8))
        feeder.start()
        let results = await withTaskGroup(of: LoadResult.self) { group in
            for path in paths { group.addTask { await ManifestLoader().load([.path(path)]) } }
            return await group.reduce(into: [LoadResult]()) { $0.append($1) }
        }
        #expect(!feeder.timedOut, "the loads held the cooperative pool")
        for result in results {
            #expect(result.parseErrors.isEmpty)
            #expect(result.objects.compactMap(\.name) == ["piped"])
        }
    }
}

/// Writes `content` into each FIFO from a task on the cooperative pool, once a reader has opened every one
/// of them, and closes them; if that task has not run within five minutes of the readers opening them,
/// closes them empty instead (the readers then see an empty file) and records ``timedOut``.
private final class FIFOFeeder: Sendable {
    let paths: [String]
    let content: [UInt8]
    /// Whether the pool task or the watchdog has taken the descriptors: only one of them may close them.
    private let claimed = Atomic(false)
    private let expired = Atomic(false)

    init(paths: [String], content: [UInt8]) {
        self.paths = paths
        self.content = content
    }

    /// Whether the watchdog had to end the wait.
    var timedOut: Bool { expired.load(ordering: .sequentiallyConsistent) }

    /// Starts the watch on a thread of its own: not the pool's, and not one Dispatch might not add.
    func start() {
        Thread { [self] in watch() }.start()
    }

    private func watch() {
        let deadline = Date().addingTimeInterval(10)
        // A non-blocking open for writing succeeds only once a reader has the FIFO open (ENXIO before).
        var descriptors: [Int32] = []
        for path in paths {
            var descriptor: Int32 = -1
            while descriptor < 0, Date() < deadline {
                descriptor = open(path, O_WRONLY | O_NONBLOCK)
                if descriptor < 0 { usleep(1_000) }
            }
            if descriptor < 0 {
                // No reader yet: the load has not started, because other tests keep the pool busy, which says
                // nothing about the loader. Wait for it with a blocking open; the verdict is the wait below.
                descriptor = open(path, O_WRONLY)
            }
            descriptors.append(descriptor)
        }
        let opened = descriptors
        let fed = DispatchSemaphore(value: 0)
        Task { [self] in
            if claim() {
                for descriptor in opened where descriptor >= 0 {
                    _ = content.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
                    close(descriptor)
                }
            }
            fed.signal()
        }
        // The loads now wait on the FIFOs. Sync tests of other suites may hold the pool's threads for a
        // while (each runs to its end), so the wait is long; only loads that hold the pool for good exhaust it.
        if fed.wait(timeout: .now() + .seconds(300)) == .timedOut, claim() {
            expired.store(true, ordering: .sequentiallyConsistent)
            for descriptor in opened where descriptor >= 0 { close(descriptor) }
        }
    }

    private func claim() -> Bool {
        claimed.compareExchange(expected: false, desired: true, ordering: .sequentiallyConsistent).exchanged
    }
}
