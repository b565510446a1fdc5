// sealgate · KubeManifest

internal import Diagnostics

/// Something a directory walk chose not to read, and why. Not an error: the load goes on, and the command's
/// outcome does not change; the CLI shows notices on standard error.
public struct LoadNotice: Sendable, Hashable, CustomStringConvertible {
    /// Why an entry was left out.
    public enum Kind: Sendable, Hashable {
        /// A symbolic link that resolves to `target`, outside `root`, the directory the user named: a walk
        /// never leaves the tree it was given (`ln -s / repo/root` must not read `/proc`).
        case linkOutsideTree(target: String, root: String)
        /// A symbolic link to `ancestor`, a directory that encloses it, which would loop forever.
        case linkLoop(ancestor: String)
        /// A symbolic link to a directory already searched as `searched`, whose files are loaded once.
        case linkToSearched(searched: String)
        /// A Helm chart (a directory with `Chart.yaml`) whose `templates/` held `count` files: Go templates
        /// that Helm renders, not manifests.
        case helmChartTemplates(count: Int)
        /// A chart or kustomization that was rendered (by the command shown, such as `helm template`) and
        /// whose `objects` are checked at their source files instead.
        case rendered(by: String, objects: Int)
    }

    /// The entry that was left out, as the walk reached it.
    public let path: String
    /// Why.
    public let kind: Kind

    /// Creates a notice.
    public init(path: String, kind: Kind) {
        self.path = path
        self.kind = kind
    }

    /// Whether a user needs to see it by default. A link out of the tree hides files the user may have
    /// expected to be checked; a loop or a second way to the same directory loses nothing, so it is shown
    /// only on request (`-v`).
    public var isVerbose: Bool {
        switch kind {
        case .linkOutsideTree, .helmChartTemplates, .rendered: false
        case .linkLoop, .linkToSearched: true
        }
    }

    /// `path: notice: what; skipped`, on one line and safe to print (`TerminalText.oneLine(_:)`).
    public var description: String {
        if case let .helmChartTemplates(count) = kind {
            return TerminalText.oneLine("\(path): notice: " + HelmCharts.noticeText(directory: path, templates: count))
        }
        if case let .rendered(command, objects) = kind {
            let counted = TerminalText.counted(objects, "object")
            return TerminalText.oneLine("\(path): notice: rendered with \(command): \(counted), checked at their source files")
        }
        let what =
            switch kind {
            case let .linkOutsideTree(target, root): "symbolic link leads outside \(root) (to \(target))"
            case let .linkLoop(ancestor): "symbolic link loops back to \(ancestor)"
            case let .linkToSearched(searched): "symbolic link leads to \(searched), which is searched already"
            case .helmChartTemplates, .rendered: ""
            }
        return TerminalText.oneLine("\(path): notice: \(what); skipped")
    }
}
