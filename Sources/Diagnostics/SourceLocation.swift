// sealgate · Diagnostics

internal import Synchronization

/// A file (or standard input) that input was read from.
///
/// Every node of a manifest keeps its file, so this is a 32-bit handle into a table of paths rather than a
/// reference: copying a location then costs no reference counting, which was a fifth of the load time when
/// it was a class. The same path always gets the same handle. The table only grows by distinct paths, which
/// a long-running process (the sidecar) reads over and over.
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

/// A place in a file: the file, and the 1-based line and column when they are known.
///
/// This is the one place type of sealgate: manifest nodes, errors, findings and sealed values all point with
/// it, and it prints in the form editors and CI annotations understand.
///
/// - **Unknown parts are 0.** A location may name only its file (an output path, a file that could not be
///   read) or a file and a line (a document, a sealed value); ``line`` and ``column`` are then 0, and
///   ``description`` leaves them out. A column is only known where the line is: a location with line 0 has
///   column 0.
/// - **Columns count Unicode scalars** (code points), 1-based: the first character of a line is column 1,
///   `é` written as one code point is one column, and as `e` plus a combining accent two. This is what
///   libyaml reports, and what the CEL lexer counts, so a column means the same everywhere.
///
/// Line and column are stored in 32 bits each (larger values are clamped): a node of a manifest carries one,
/// and a location costs no allocation and no reference counting to copy.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The file.
    public var file: SourceFile
    private var packedLine: UInt32
    private var packedColumn: UInt32

    /// The 1-based line; 0 when unknown.
    public var line: Int {
        get { Int(packedLine) }
        set {
            packedLine = UInt32(clamping: newValue)
            if packedLine == 0 { packedColumn = 0 }
        }
    }

    /// The 1-based column, counted in Unicode scalars; 0 when unknown (always when ``line`` is).
    public var column: Int {
        get { Int(packedColumn) }
        set { packedColumn = packedLine == 0 ? 0 : UInt32(clamping: newValue) }
    }

    /// Creates a location; a line or column of 0 or less is unknown, and larger values are clamped to what
    /// 32 bits hold.
    ///
    /// - Parameters:
    ///   - file: the file.
    ///   - line: the 1-based line, or 0 when unknown.
    ///   - column: the 1-based column in Unicode scalars, or 0 when unknown; ignored when `line` is unknown.
    public init(file: SourceFile, line: Int = 0, column: Int = 0) {
        self.file = file
        self.packedLine = UInt32(clamping: line)
        self.packedColumn = packedLine == 0 ? 0 : UInt32(clamping: column)
    }

    /// Creates a location in the file at `path`.
    ///
    /// - Parameters:
    ///   - path: the file, as the user gave it.
    ///   - line: the 1-based line, or 0 when unknown.
    ///   - column: the 1-based column in Unicode scalars, or 0 when unknown.
    public init(path: String, line: Int = 0, column: Int = 0) {
        self.init(file: SourceFile(path: path), line: line, column: column)
    }

    /// The same place without its column: the line alone, for messages about a whole line or document.
    public var withoutColumn: SourceLocation { SourceLocation(file: file, line: line) }

    /// `path:line:column`, `path:line` or `path`, leaving out what is unknown.
    public var description: String {
        guard packedLine > 0 else { return file.path }
        guard packedColumn > 0 else { return "\(file.path):\(packedLine)" }
        return "\(file.path):\(packedLine):\(packedColumn)"
    }

    /// Orders by path (as text), then line, then column: the order reports list places in. An unknown line
    /// or column comes before every known one.
    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        // One path is one handle: different handles are different paths.
        if lhs.file != rhs.file { return lhs.file.path < rhs.file.path }
        return (lhs.packedLine, lhs.packedColumn) < (rhs.packedLine, rhs.packedColumn)
    }
}

extension SourceLocation {
    /// Where nodes that sealgate builds itself (output it writes, not input it read) say they come from:
    /// `<generated>`, with no line.
    public static let generated = SourceLocation(file: SourceFile(path: "<generated>"))
}
