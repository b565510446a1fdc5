// sealgate · UnsealSidecar

extension OutputDirectory {
    /// What an entry of the output directory is to the writer.
    private enum Entry {
        case dataLink(target: String)
        case temporaryLink
        case generation
        case visibleLink
        /// Not the writer's: why, for the message.
        case foreign(String)
    }

    /// Cleans what an interrupted write left, after making sure the directory holds nothing else (see
    /// ``SecretDirectoryWriter``); removing and creating in an order that a crash in the middle of it
    /// leaves for the next recovery.
    func recover() throws(SidecarError) -> SecretDirectoryWriter.Recovery {
        let root = try DirectoryDescriptor(opening: path)
        var dataTarget: String?
        var temporaryLink = false
        var generations: [String] = []
        var links: [String] = []
        var foreign: [String] = []
        for name in try root.names() {
            switch try classify(name, in: root) {
            case nil: continue  // gone since the listing
            case .dataLink(let target): dataTarget = target
            case .temporaryLink: temporaryLink = true
            case .generation: generations.append(name)
            case .visibleLink: links.append(name)
            case .foreign(let why): foreign.append(why)
            }
        }
        guard foreign.isEmpty else {
            let shown = foreign.prefix(3).joined(separator: "; ") + (foreign.count > 3 ? "; and \(foreign.count - 3) more" : "")
            throw SidecarError(
                .notOurDirectory,
                "the output directory must hold only what the sidecar writes, but it holds \(shown); "
                    + "give the sidecar a directory of its own (an emptyDir volume), nothing was removed",
                path: path)
        }

        let current = dataTarget.flatMap { generations.contains($0) ? $0 : nil }
        let danglingDataLink = dataTarget != nil && current == nil
        if danglingDataLink { try root.removeFile(Layout.dataLink) }
        if temporaryLink { try root.removeFile(Layout.temporaryLink) }

        var secrets: Set<String> = []
        if let current {
            let directory = try DirectoryDescriptor(in: root, name: current)
            for name in try directory.names() where SecretName.problem(name) == nil {
                if try directory.kind(of: name) == .directory { secrets.insert(name) }
            }
        }
        let removedLinks = links.filter { !secrets.contains($0) }
        for name in removedLinks { try root.removeFile(name) }
        let createdLinks = secrets.subtracting(links).sorted()
        for name in createdLinks { try root.makeLink(name, to: Layout.visibleLinkTarget(of: name)) }
        if syncsToDisk && (danglingDataLink || temporaryLink || !removedLinks.isEmpty || !createdLinks.isEmpty) {
            try root.sync()
        }

        let removedGenerations = generations.filter { $0 != current }
        for name in removedGenerations { try root.removeTree(name) }
        return SecretDirectoryWriter.Recovery(
            generation: current, removedGenerations: removedGenerations, removedLinks: removedLinks, createdLinks: createdLinks,
            removedTemporaryLink: temporaryLink, removedDanglingDataLink: danglingDataLink)
    }

    /// What `name` is to the writer; nil when it is gone.
    private func classify(_ name: String, in root: DirectoryDescriptor) throws(SidecarError) -> Entry? {
        guard let kind = try root.kind(of: name) else { return nil }
        let shown = SecretName.quoted(name)
        switch name {
        case Layout.dataLink:
            guard kind == .symbolicLink, let target = try root.linkTarget(name) else {
                return .foreign("\(shown), which is not a symbolic link")
            }
            guard Layout.isGenerationName(target) else { return .foreign("\(shown), a link to \(SecretName.quoted(target))") }
            return .dataLink(target: target)
        case Layout.temporaryLink:
            return kind == .symbolicLink ? .temporaryLink : .foreign("\(shown), which is not a symbolic link")
        case _ where Layout.isGenerationName(name):
            return kind == .directory ? .generation : .foreign("\(shown), which is not a directory")
        case _ where name.hasPrefix(".."):
            return .foreign("\(shown)")
        default:
            guard kind == .symbolicLink else { return .foreign("\(shown) (\(Self.describe(kind)))") }
            let target = try root.linkTarget(name)
            guard target == Layout.visibleLinkTarget(of: name) else {
                return .foreign("\(shown), a link to \(target.map(SecretName.quoted) ?? "nothing")")
            }
            return .visibleLink
        }
    }

    private static func describe(_ kind: DirectoryDescriptor.Kind) -> String {
        switch kind {
        case .regularFile: "a file"
        case .directory: "a directory"
        case .symbolicLink: "a symbolic link"
        case .other: "a device, FIFO or socket"
        }
    }
}
