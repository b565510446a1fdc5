// sealgate · CLI

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif
internal import KubeManifest

/// Reads standard input for `-` arguments, bounded like a file.
enum StandardInput {
    struct TooLarge: Error, CustomStringConvertible {
        let limit: Int
        /// The same words as a file over the limit: one problem, one message.
        var description: String { ManifestError.tooLarge(size: nil, limit: limit, path: "-").description }
    }

    static func read(limit: Int) throws -> [UInt8] {
        if isatty(STDIN_FILENO) == 1 {
            // Otherwise the command just seems to hang.
            Terminal.error("reading from standard input (end with Ctrl-D); pass -f FILE to read a file")
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(STDIN_FILENO, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                break
            }
            if n == 0 { break }
            bytes += chunk[..<n]
            guard bytes.count <= limit else { throw TooLarge(limit: limit) }
        }
        return bytes
    }
}
