// sealgate · Diagnostics

internal import Synchronization

/// A file (or standard input) that manifests were read from.
///
/// Every node keeps its file, so this is a 32-bit handle into a table of paths rather than a reference:
/// copying a location then costs no reference counting, which was a fifth of the load time when it was a
/// class. The same path always gets the same handle. The table only grows by distinct paths, which a
/// long-running process (the sidecar) reads over and over.
public struct SourceFile: Sendable, Hashable, CustomStringConvertible {
    let id: UInt32

    /// The file at `path`: as the user gave it (relative paths stay relative), or `-` for standard input.
    public init(path: String) {
        id = SourceFileTable.shared.intern(path)
    }

    /// The path, as messages and findings show it.
    public var path: String { SourceFileTable.shared.path(of: id) }

    /// The path.
    public var description: String { path }
}

/// The paths behind ``SourceFile`` handles.
private final class SourceFileTable: Sendable {
    static let shared = SourceFileTable()

    private struct State {
        var ids: [String: UInt32] = [:]
        var paths: [String] = []
    }

    private let state = Mutex(State())

    func intern(_ path: String) -> UInt32 {
        state.withLock { state in
            if let id = state.ids[path] { return id }
            let id = UInt32(state.paths.count)
            state.paths.append(path)
            state.ids[path] = id
            return id
        }
    }

    func path(of id: UInt32) -> String {
        state.withLock { $0.paths[Int(id)] }
    }
}

/// Where a node starts in its file: 1-based line and column (columns count characters, not bytes).
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file the node was read from.
    public let file: SourceFile
    private let packedLine: UInt32
    private let packedColumn: UInt32

    /// The 1-based line.
    public var line: Int { Int(packedLine) }
    /// The 1-based column, in characters.
    public var column: Int { Int(packedColumn) }

    /// Creates a location; lines and columns are clamped to what 32 bits hold.
    public init(file: SourceFile, line: Int, column: Int) {
        self.file = file
        self.packedLine = UInt32(clamping: line)
        self.packedColumn = UInt32(clamping: column)
    }

    /// `path:line:column`, the form editors and CI annotations understand.
    public var description: String { "\(file.path):\(line):\(column)" }
}

extension SourceLocation {
    /// Where nodes that sealgate builds itself (output it writes, not input it read) say they come from:
    /// line 0 of `<generated>`.
    public static let generated = SourceLocation(file: SourceFile(path: "<generated>"), line: 0, column: 0)
}
