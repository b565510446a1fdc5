// sealgate · UnsealSidecar

/// The file-system work of ``SecretDirectoryWriter``: a write and a recovery of one output directory, with
/// no lock of its own (the writer serialises the calls).
struct OutputDirectory: Sendable {
    typealias Layout = SecretDirectoryLayout
    typealias Step = SecretDirectoryWriter.Step

    let path: String
    let fileMode: UInt32
    let directoryMode: UInt32
    let syncsToDisk: Bool

    // MARK: - Writing

    /// Writes `payload`, which is valid, as a new generation, in the order ``SecretDirectoryWriter`` gives,
    /// calling `step` at each step; an error `step` throws stops the write with no clean-up, as a crash.
    func write(
        _ payload: SidecarPayload, step: (Step) throws(SidecarError) -> Void
    ) throws(SidecarError) -> SecretDirectoryWriter.Outcome {
        let root = try DirectoryDescriptor(opening: path)
        let previous = try currentGeneration(in: root)
        let difference = try compare(payload, with: previous, in: root)
        if let previous, difference.isEmpty { return .unchanged(generation: previous) }

        let secrets = payload.secrets.keys.sorted()
        let visible = try visibleLinks(in: root)
        let generation = try createGeneration(in: root)
        var createdLinks: [String] = []
        do throws(SidecarError) {
            try step(.generationCreated)
            let directory = try DirectoryDescriptor(in: root, name: generation)
            for secret in secrets {
                guard try directory.makeDirectory(secret, mode: 0o700) else {
                    throw SidecarError(.io, "a directory for secret '\(secret)' exists already", path: directory.path(of: secret))
                }
                let secretDirectory = try DirectoryDescriptor(in: directory, name: secret)
                for (key, value) in (payload.secrets[secret] ?? [:]).sorted(by: { $0.key < $1.key }) {
                    try secretDirectory.writeFile(key, value, mode: fileMode, sync: syncsToDisk)
                    try step(.fileWritten(secret: secret, key: key))
                }
                try secretDirectory.setMode(directoryMode)
                if syncsToDisk { try secretDirectory.sync() }
            }
            try directory.setMode(directoryMode)
            if syncsToDisk { try directory.sync() }
            try step(.generationWritten)

            for secret in secrets where !visible.contains(secret) {
                try root.makeLink(secret, to: Layout.visibleLinkTarget(of: secret))
                createdLinks.append(secret)
                try step(.linkCreated(secret: secret))
            }
            try root.removeFile(Layout.temporaryLink)
            try root.makeLink(Layout.temporaryLink, to: generation)
            try step(.temporaryLinkCreated)
            try root.rename(Layout.temporaryLink, to: Layout.dataLink)
        } catch {
            // Nothing is published yet: take back what this write added, unless a test is playing a crash.
            if error.code != .interrupted {
                try? root.removeFile(Layout.temporaryLink)
                for secret in createdLinks { try? root.removeFile(secret) }
                try? root.removeTree(generation)
            }
            throw error
        }
        if syncsToDisk { try root.sync() }
        try step(.swapped)

        let removedLinks = visible.filter { payload.secrets[$0] == nil }.sorted()
        for secret in removedLinks {
            try root.removeFile(secret)
            try step(.linkRemoved(secret: secret))
        }
        if syncsToDisk && !removedLinks.isEmpty { try root.sync() }
        try step(.removingOldGeneration)
        if let previous {
            let old = try DirectoryDescriptor(in: root, name: previous)
            for name in try old.names() {
                try old.removeTree(name)
                try step(.oldSecretRemoved(secret: name))
            }
            try root.removeTree(previous)
        }
        return .written(
            SecretDirectoryWriter.Update(
                generation: generation, previousGeneration: previous, added: difference.added, changed: difference.changed,
                removed: difference.removed))
    }

    /// The generation `..data` points at, when it is a generation directory.
    func currentGeneration(in root: DirectoryDescriptor) throws(SidecarError) -> String? {
        guard let target = try root.linkTarget(Layout.dataLink), Layout.isGenerationName(target),
            try root.kind(of: target) == .directory
        else { return nil }
        return target
    }

    /// A new, empty generation directory (mode 0700 until it is filled), under a name not taken yet.
    private func createGeneration(in root: DirectoryDescriptor) throws(SidecarError) -> String {
        for _ in 0..<16 {
            let name = Layout.newGenerationName()
            if try root.makeDirectory(name, mode: 0o700) { return name }
        }
        throw SidecarError(.io, "cannot find a free name for a new generation directory", path: path)
    }

    /// The names of the user-visible links in the directory.
    private func visibleLinks(in root: DirectoryDescriptor) throws(SidecarError) -> Set<String> {
        var links: Set<String> = []
        for name in try root.names() where !name.hasPrefix("..") {
            if try root.kind(of: name) == .symbolicLink { links.insert(name) }
        }
        return links
    }

    // MARK: - Comparing

    /// How a payload differs from a generation on disk, by secret.
    struct Difference {
        var added: [String] = []
        var changed: [String] = []
        var removed: [String] = []
        /// Something in the generation no payload would put there, or a mode other than the configured one
        /// on the generation directory itself: a fresh generation is due even if no secret differs.
        var strays = false

        var isEmpty: Bool { added.isEmpty && changed.isEmpty && removed.isEmpty && !strays }
    }

    /// How `payload` differs from `generation` (every secret added when there is none). Anything that cannot
    /// be read counts as a difference, so the next write replaces it rather than failing on it.
    private func compare(
        _ payload: SidecarPayload, with generation: String?, in root: DirectoryDescriptor
    ) throws(SidecarError) -> Difference {
        var difference = Difference()
        guard let generation, let directory = try? DirectoryDescriptor(in: root, name: generation),
            let names = try? directory.names()
        else {
            difference.added = payload.secrets.keys.sorted()
            return difference
        }
        var present: Set<String> = []
        for name in names {
            if (try? directory.kind(of: name)) == .directory { present.insert(name) } else { difference.strays = true }
        }
        if (try? directory.mode()) != directoryMode { difference.strays = true }
        for secret in payload.secrets.keys.sorted() {
            if !present.contains(secret) {
                difference.added.append(secret)
            } else if !holds(directory, secret, payload.secrets[secret] ?? [:]) {
                difference.changed.append(secret)
            }
        }
        difference.removed = present.filter { payload.secrets[$0] == nil }.sorted()
        return difference
    }

    /// Whether the secret directory `secret` in `generation` holds exactly `keys`, with the configured modes.
    private func holds(_ generation: DirectoryDescriptor, _ secret: String, _ keys: [String: [UInt8]]) -> Bool {
        guard let directory = try? DirectoryDescriptor(in: generation, name: secret), (try? directory.mode()) == directoryMode,
            let names = try? directory.names(), names == keys.keys.sorted()
        else { return false }
        return keys.allSatisfy { directory.fileHolds($0.key, $0.value, mode: fileMode) }
    }
}
