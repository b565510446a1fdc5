// sealgate · UnsealSidecar

extension SecretDirectoryWriter {
    /// What a ``SecretDirectoryWriter/write(_:)`` did.
    public enum Outcome: Sendable, Equatable {
        /// The current generation already holds the payload, with the configured modes: nothing was written.
        case unchanged(generation: String)
        /// A new generation was written and swapped in.
        case written(Update)

        /// The generation `..data` points at after the write.
        public var generation: String {
            switch self {
            case .unchanged(let generation): generation
            case .written(let update): update.generation
            }
        }
    }

    /// A generation swapped in by a write, and how its secrets differ from the one it replaced: names only,
    /// for a log line.
    public struct Update: Sendable, Equatable {
        /// The new generation's directory name (`..2026_12_06_23_30_00.123456789`).
        public let generation: String
        /// The generation it replaced, now removed; nil for the first write into the directory.
        public let previousGeneration: String?
        /// Secrets the previous generation did not hold, sorted.
        public let added: [String]
        /// Secrets whose keys, values or modes differ from the previous generation's, sorted.
        public let changed: [String]
        /// Secrets the new generation no longer holds, sorted; their user-visible links are gone.
        public let removed: [String]

        /// Creates an update report.
        ///
        /// - Parameters:
        ///   - generation: The new generation's directory name.
        ///   - previousGeneration: The generation it replaced, if any.
        ///   - added: Secrets new in this generation.
        ///   - changed: Secrets whose content or modes changed.
        ///   - removed: Secrets no longer present.
        public init(generation: String, previousGeneration: String?, added: [String], changed: [String], removed: [String]) {
            self.generation = generation
            self.previousGeneration = previousGeneration
            self.added = added
            self.changed = changed
            self.removed = removed
        }
    }

    /// What ``SecretDirectoryWriter/recover()`` found and cleaned: names only, for a log line.
    public struct Recovery: Sendable, Equatable {
        /// The generation `..data` points at once recovered; nil when there is none (a new directory, or one
        /// whose `..data` was missing or dangling: nothing is published until the next write).
        public let generation: String?
        /// Generation directories `..data` did not point at (a write interrupted before or after its swap),
        /// now removed, sorted.
        public let removedGenerations: [String]
        /// User-visible links of secrets the current generation does not hold, now removed, sorted.
        public let removedLinks: [String]
        /// User-visible links the current generation's secrets lacked, now created, sorted.
        public let createdLinks: [String]
        /// Whether a `..data_tmp` left by an interrupted swap was removed.
        public let removedTemporaryLink: Bool
        /// Whether a `..data` pointing at a generation that does not exist was removed.
        public let removedDanglingDataLink: Bool

        /// Creates a recovery report.
        ///
        /// - Parameters:
        ///   - generation: The current generation after recovery, if any.
        ///   - removedGenerations: Generation directories removed.
        ///   - removedLinks: User-visible links removed.
        ///   - createdLinks: User-visible links created.
        ///   - removedTemporaryLink: Whether `..data_tmp` was removed.
        ///   - removedDanglingDataLink: Whether a dangling `..data` was removed.
        public init(
            generation: String?, removedGenerations: [String] = [], removedLinks: [String] = [], createdLinks: [String] = [],
            removedTemporaryLink: Bool = false, removedDanglingDataLink: Bool = false
        ) {
            self.generation = generation
            self.removedGenerations = removedGenerations
            self.removedLinks = removedLinks
            self.createdLinks = createdLinks
            self.removedTemporaryLink = removedTemporaryLink
            self.removedDanglingDataLink = removedDanglingDataLink
        }

        /// Whether the directory was already clean: nothing was removed or created.
        public var foundClean: Bool {
            removedGenerations.isEmpty && removedLinks.isEmpty && createdLinks.isEmpty && !removedTemporaryLink
                && !removedDanglingDataLink
        }
    }
}
