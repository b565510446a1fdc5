// sealgate · build plugin

import Foundation
import PackagePlugin

/// Compiles the built-in policy pack (`policies/**/*.yaml` at the package root) into the PolicyEngine
/// module, so the `sealgate` binary carries its policies wherever it is copied.
@main
struct EmbedPolicies: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let root = context.package.directoryURL.appending(path: "policies")
        var files: [URL] = []
        if let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) {
            for case let url as URL in walker where url.pathExtension == "yaml" {
                files.append(url)
            }
        }
        files.sort { $0.path < $1.path }
        let output = context.pluginWorkDirectoryURL.appending(path: "BuiltinPolicyFiles.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(files.count) built-in policy files",
                executable: try context.tool(named: "policy-embedder").url,
                arguments: [output.path, root.path] + files.map(\.path),
                inputFiles: files,
                outputFiles: [output]
            )
        ]
    }
}
