// sealgate · UnsealSidecar

extension SecretDirectoryWriter {
    /// A point in a write where a test can stop it, leaving the file system as a crash (SIGKILL, a power
    /// cut after the last fsync) at that point would leave it: the writer throws `interrupted` and cleans
    /// nothing up. The steps come in this order (see ``SecretDirectoryWriter``).
    package enum Step: Sendable, Hashable, CustomStringConvertible {
        /// The new, empty generation directory exists.
        case generationCreated
        /// One file of the new generation is written (and fsynced).
        case fileWritten(secret: String, key: String)
        /// Every file and directory of the new generation is written, with its final mode, and fsynced.
        case generationWritten
        /// The user-visible link of a secret the current generation does not hold is created; it dangles
        /// until the swap.
        case linkCreated(secret: String)
        /// `..data_tmp` points at the new generation: the moment before the swap.
        case temporaryLinkCreated
        /// `..data` points at the new generation and the directory is fsynced: the moment after the swap.
        case swapped
        /// The user-visible link of a secret the new generation no longer holds is removed.
        case linkRemoved(secret: String)
        /// The links are final; the old generation is about to be removed.
        case removingOldGeneration
        /// One secret's directory of the old generation is removed (the generation is half gone).
        case oldSecretRemoved(secret: String)

        /// The step's name, with the secret and key it is about.
        package var description: String {
            switch self {
            case .generationCreated: "generation created"
            case .fileWritten(let secret, let key): "file \(secret)/\(key) written"
            case .generationWritten: "generation written"
            case .linkCreated(let secret): "link \(secret) created"
            case .temporaryLinkCreated: "..data_tmp created"
            case .swapped: "..data swapped"
            case .linkRemoved(let secret): "link \(secret) removed"
            case .removingOldGeneration: "removing the old generation"
            case .oldSecretRemoved(let secret): "old generation's \(secret) removed"
            }
        }
    }

    /// What a test's hook wants at a ``Step``.
    package enum StepDecision: Sendable, Equatable {
        /// Go on with the write.
        case proceed
        /// Stop here as a crash would: throw `interrupted` and leave everything as it is.
        case crash
    }

    /// Called at every ``Step`` of a write, with the writer's lock held (it must not call the writer).
    package typealias StepHook = @Sendable (Step) -> StepDecision
}
