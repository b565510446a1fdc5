// sealgate · benchmarks

internal import ArgumentParser
internal import CLibYAML
internal import Foundation
internal import KubeManifest

/// `sealgate-bench load`: loading a repository of manifests, against libyaml's bare event parse of the same
/// bytes.
struct LoadBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Load 10,000 objects (about 10 MB of YAML in 1,000 files) and compare with libyaml's bare parse."
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "Number of files in the generated corpus.")
    var files = 1_000

    @Option(help: "Objects per file.")
    var objectsPerFile = 10

    func run() async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("sealgate-bench-load-\(ProcessInfo.processInfo.processIdentifier)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let corpus = try Corpus.write(to: directory, files: files, objectsPerFile: objectsPerFile)
        let objects = files * objectsPerFile
        print("corpus: \(objects) objects, \(corpus.bytes.reduce(0) { $0 + $1.count }) bytes in \(files) files")
        print("cores: \(ProcessInfo.processInfo.activeProcessorCount)")

        let reference = await Measurement.best("libyaml event parse (1 core, in memory)", items: objects, runs: common.runs) {
            for bytes in corpus.bytes { Self.bareParse(bytes) }
        }
        var loaded = 0
        let full = await Measurement.best("sealgate load (all cores, from disk)", items: objects, runs: common.runs) {
            loaded = await ManifestLoader().load([.path(directory)]).objects.count
        }
        let single = await Measurement.best("sealgate load (1 core, from disk)", items: objects, runs: common.runs) {
            _ = await ManifestLoader(concurrency: 1).load([.path(directory)]).objects.count
        }
        guard loaded == objects else {
            throw ValidationError("loaded \(loaded) objects, expected \(objects): the corpus or the loader is wrong")
        }
        Measurement.report([full, single], reference: reference)
    }

    /// libyaml's event loop and nothing else: the floor for any loader built on it.
    private static func bareParse(_ bytes: [UInt8]) {
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        _ = yaml_parser_initialize(parser)
        defer { yaml_parser_delete(parser) }
        bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(parser, buffer.baseAddress, buffer.count)
            var event = yaml_event_t()
            while yaml_parser_parse(parser, &event) != 0 {
                let done = event.type == YAML_STREAM_END_EVENT
                yaml_event_delete(&event)
                if done { break }
            }
        }
    }
}
