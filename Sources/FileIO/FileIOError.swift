// sealgate · FileIO

/// Why a file could not be written: what is wrong, what to do, and the path at fault.
///
/// The reason carries the system's own word for the failure (`strerror`), never the bytes being written,
/// so a message about a file of plaintext never contains the plaintext.
public struct FileIOError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure, stable so callers and tests can match on it.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's stable name, as a machine-readable report shows it.
        public let name: String
        private init(_ name: String) { self.name = name }
        /// The code's name.
        public var description: String { name }

        /// Reading or writing a file failed: the path is empty, a directory, a dangling or looping link,
        /// in a directory that does not exist, or the system refused (permissions, a full disk).
        public static let io = Code("io")
    }

    /// What kind of failure this is.
    public let code: Code
    /// What is wrong and what to do.
    public let reason: String
    /// The path the failure is about, as the caller gave it; nil when there is none (an empty path).
    public let path: String?

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The kind of failure.
    ///   - reason: What is wrong and what to do, for a person to read.
    ///   - path: The path at fault, as the caller gave it.
    public init(_ code: Code, _ reason: String, path: String? = nil) {
        self.code = code
        self.reason = reason
        self.path = path
    }

    /// `path: error: reason`, or `error: reason`; on one line and safe to print, since the path is the
    /// user's (a file name can hold a line break or a terminal escape).
    public var description: String {
        Self.printable((path.map { "\($0): " } ?? "") + "error: \(reason)")
    }

    /// `text` as a terminal may show it, by the rule every sealgate message keeps (KubeManifest's
    /// `TerminalText.oneLine`, which this module cannot import): a run of line breaks becomes one space, a
    /// tab a space, and any other control character or bidirectional override U+FFFD.
    static func printable(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var afterBreak = false
        for scalar in text.unicodeScalars {
            let isBreak = [0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029].contains(scalar.value)
            if isBreak, afterBreak { continue }
            afterBreak = isBreak
            if isBreak || scalar.value == 0x09 {
                out.append(" ")
            } else if scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value) || (0x202A...0x202E).contains(scalar.value)
                || (0x2066...0x2069).contains(scalar.value)
            {
                out.append("\u{FFFD}")
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }
}
