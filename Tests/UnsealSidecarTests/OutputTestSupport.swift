// sealgate · UnsealSidecar tests

import Foundation

@testable import UnsealSidecar

/// A directory of its own for one test, removed with everything in it when the value goes.
final class TemporaryDirectory {
    let path: String

    /// A new directory in `parent`, the system's temporary directory by default.
    init(in parent: String = NSTemporaryDirectory()) throws {
        var template = Array((parent + "/sealgate-sidecar-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw CocoaError(.fileWriteUnknown) }
        path = String(cString: made)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// The path of `name` in the directory.
    func path(_ name: String) -> String { path + "/" + name }
}

/// A payload from text values.
func payload(_ secrets: [String: [String: String]]) -> SidecarPayload {
    SidecarPayload(secrets: secrets.mapValues { $0.mapValues { Array($0.utf8) } })
}

/// The names in `directory`, sorted.
func entries(_ directory: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
}

/// The generation directories in `directory`.
func generations(_ directory: String) throws -> [String] {
    try entries(directory).filter { $0.hasPrefix("..") && $0 != "..data" && $0 != "..data_tmp" }
}

/// Where `..data` points, or nil.
func dataTarget(_ directory: String) -> String? {
    try? FileManager.default.destinationOfSymbolicLink(atPath: directory + "/..data")
}

/// Permission bits of what is at `path` (a link is not followed).
func mode(_ path: String) throws -> UInt32 {
    var status = stat()
    guard lstat(path, &status) == 0 else { throw CocoaError(.fileReadNoSuchFile) }
    return UInt32(status.st_mode & 0o7777)
}

/// What an application sees: every user-visible entry of `directory`, read through its link, as text.
func view(_ directory: String) throws -> [String: [String: String]] {
    var secrets: [String: [String: String]] = [:]
    for name in try entries(directory) where !name.hasPrefix("..") {
        var keys: [String: String] = [:]
        for key in try entries(directory + "/" + name) {
            keys[key] = String(decoding: try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name + "/" + key)), as: UTF8.self)
        }
        secrets[name] = keys
    }
    return secrets
}

/// Checks that `directory` holds exactly what a finished write of `secrets` leaves: `..data` pointing at
/// the only generation, one correct link per secret, and nothing else.
func expectClean(_ directory: String, holding secrets: [String: [String: String]]) throws -> Bool {
    let generationNames = try generations(directory)
    guard generationNames.count == 1, let target = dataTarget(directory), target == generationNames[0] else { return false }
    guard try entries(directory) == (["..data", target] + secrets.keys).sorted() else { return false }
    for name in secrets.keys {
        guard try FileManager.default.destinationOfSymbolicLink(atPath: directory + "/" + name) == "..data/" + name else {
            return false
        }
    }
    return try view(directory) == secrets
}
