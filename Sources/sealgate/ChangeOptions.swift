// sealgate · CLI

internal import ArgumentParser

/// How `check` compares with a base revision: `--base`, `--base-mode`, `--head`, `--staged`, `--new-only`.
struct ChangeOptions: ParsableArguments {
    /// Where the base of the comparison is taken.
    enum BaseMode: String, ExpressibleByArgument, CaseIterable {
        /// The merge base of `--base` and the head: what the branch changed, not what its target gained since.
        case mergeBase = "merge-base"
        /// `--base` itself (a pull request's merge commit against its first parent).
        case direct
    }

    @Option(
        help: ArgumentHelp(
            "Compare with this revision (origin/main, HEAD^1, a commit) and mark each finding new, updated or already there.",
            valueName: "rev"))
    var base: String?

    @Option(
        name: .customLong("base-mode"),
        help: ArgumentHelp(
            "merge-base (default): compare with where the head left --base; direct: with --base itself.", valueName: "mode"))
    var baseMode: BaseMode = .mergeBase

    @Option(help: ArgumentHelp("Check this commit instead of the working tree (needs --base).", valueName: "rev"))
    var head: String?

    @Flag(help: "Check the index, what git commit would record, against HEAD (or --base).")
    var staged = false

    @Flag(name: .customLong("new-only"), help: "Fail only on findings the change brought (new or updated); count the others.")
    var newOnly = false

    /// Whether the check compares with a base at all.
    var isActive: Bool { base != nil || staged }

    func validate() throws {
        if head != nil, staged {
            throw ValidationError("--head and --staged name two heads; give one (--staged checks the index, --head REV a commit)")
        }
        guard !isActive else { return }
        for (flag, given) in [("--head", head != nil), ("--new-only", newOnly), ("--base-mode", baseMode != .mergeBase)] where given {
            throw ValidationError("\(flag) compares with a base revision; give it with --base REV (for example --base origin/main)")
        }
    }
}
