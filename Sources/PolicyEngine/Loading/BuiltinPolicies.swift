// sealgate · PolicyEngine

public import CEL
import Diagnostics
import KubeManifest

/// The built-in policy pack, compiled into the module from the repository's `policies/` folder.
public enum BuiltinPolicies {
    /// The pack's files: their paths below `policies/` and their text.
    public static var files: [(path: String, text: String)] { BuiltinPolicyFiles.files }

    /// The pack's policies, exceptions excluded, named in reports as `builtin:<path>`.
    ///
    /// - Parameters:
    ///   - names: when given, only the policies of these names are loaded (and their expressions compiled):
    ///     what a caller that runs a few of them (`sealgate audit`) needs, at a fraction of the cost.
    ///   - timeZones: where the expressions look named time zones up.
    /// - Throws: ``PolicyError`` when a file of the pack is broken (a test guards against shipping one).
    public static func load(named names: Set<String>? = nil, timeZones: CELTimeZoneDatabase = .system) throws(PolicyError) -> PolicySet {
        var objects: [KubeObject] = []
        for (path, text) in files {
            let file = SourceFile(path: "builtin:\(path)")
            let documents: [Document]
            do {
                documents = try ManifestParser.documents(in: text, file: file)
            } catch {
                throw PolicyError(.unreadable, error.reason, at: error.location ?? SourceLocation(file: file))
            }
            for document in documents {
                objects += KubeObject.objects(in: document).objects.filter { object in
                    PolicyLoader.policyKinds.contains(object.kind) && (names.map { $0.contains(object.name ?? "") } ?? true)
                }
            }
        }
        return try PolicyLoader.load(objects, timeZones: timeZones)
    }
}
