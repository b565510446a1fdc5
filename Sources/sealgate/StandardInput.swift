// sealgate · CLI

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Reads standard input for `-` arguments, bounded like a file.
enum StandardInput {
    struct TooLarge: Error, CustomStringConvertible {
        let limit: Int
        var description: String { "-: error: standard input is over the \(limit)-byte limit; write it to a file and split it" }
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
