// sealgate · CLI

internal import KubeManifest

/// Reads standard input for `-` arguments, bounded like a file.
enum StandardInput {
    struct TooLarge: Error, CustomStringConvertible {
        let limit: Int
        /// The same words as a file over the limit: one problem, one message.
        var description: String { ManifestError.tooLarge(size: nil, limit: limit, path: "-").description }
    }

    static func read(limit: Int) throws -> [UInt8] {
        if Platform.isTerminal(.input) {
            // Otherwise the command just seems to hang.
            Terminal.error("reading from standard input (end with Ctrl-D); pass -f FILE to read a file")
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            // A read error ends the input as its end would: what was read so far is what there is.
            guard let n = chunk.withUnsafeMutableBytes({ Platform.read(.input, into: $0) }), n > 0 else { break }
            bytes += chunk[..<n]
            guard bytes.count <= limit else { throw TooLarge(limit: limit) }
        }
        return bytes
    }
}
