// swift-tools-version: 6.1
// sealgate: seal Kubernetes Secrets, check manifests against CEL policies, unseal in the cluster.

import PackageDescription

/// Settings every sealgate-owned Swift target shares.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "sealgate",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Diagnostics", targets: ["Diagnostics"]),
        .library(name: "KubeManifest", targets: ["KubeManifest"]),
        .library(name: "SealedSecrets", targets: ["SealedSecrets"]),
        .library(name: "FileIO", targets: ["FileIO"]),
        .library(name: "RE2", targets: ["RE2"]),
        .library(name: "GoFormats", targets: ["GoFormats"]),
        .library(name: "KubernetesValues", targets: ["KubernetesValues"]),
        .library(name: "CEL", targets: ["CEL"]),
        .library(name: "PolicyEngine", targets: ["PolicyEngine"]),
        .library(name: "GitChanges", targets: ["GitChanges"]),
        .library(name: "SecretAudit", targets: ["SecretAudit"]),
        .library(name: "UnsealSidecar", targets: ["UnsealSidecar"]),
        .library(name: "SidecarServer", targets: ["SidecarServer"]),
        .library(name: "SidecarCLI", targets: ["SidecarCLI"]),
        .executable(name: "sealgate", targets: ["sealgate"]),
        .executable(name: "sealgate-sidecar", targets: ["sealgate-sidecar"]),
        .executable(name: "sealgate-bench", targets: ["sealgate-bench"]),
    ],
    dependencies: [
        // The CLI's flag parsing, help and completion; only the executables import it.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // `swift package generate-documentation`: builds the library modules' DocC catalogs, so their API
        // can be read the way Swift users expect and CI can see a broken link or undocumented symbol.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
        // The sidecar: logs (swift-log), metrics through the swift-metrics API exported by swift-prometheus,
        // its HTTP endpoints (Hummingbird 2), and signals and graceful shutdown (swift-service-lifecycle).
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // No traits: the sidecar needs neither swift-configuration nor the full Foundation extras.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // Only to read the errno of a listening socket that cannot bind (Hummingbird already brings it).
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // MARK: - System libraries (Debian packages; see scripts/install-deps.sh)
        .systemLibrary(name: "CLibYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CLibGit2", pkgConfig: "libgit2", providers: [.apt(["libgit2-dev"])]),

        // MARK: - Libraries

        // The bottom of the graph: places in files, the shape of errors, and what text may reach a terminal.
        // It imports only the standard library, so every module, FileIO included, points and prints alike.
        .target(
            name: "Diagnostics",
            swiftSettings: strictSettings
        ),

        .target(
            name: "KubeManifest",
            dependencies: ["Diagnostics", "CLibYAML"],
            swiftSettings: strictSettings
        ),

        // FileIO imports only the platform and Diagnostics: the sidecar, or PolicyEngine's reports, can
        // write files atomically without importing SealedSecrets and OpenSSL.
        .target(
            name: "FileIO",
            dependencies: ["Diagnostics"],
            swiftSettings: strictSettings
        ),

        .target(
            name: "SealedSecrets",
            dependencies: ["Diagnostics", "KubeManifest", "COpenSSL"],
            swiftSettings: strictSettings
        ),

        // RE2, GoFormats and KubernetesValues hold no CEL type: the CLI, the sidecar or an audit can use
        // an RE2 engine, Go's formats or Kubernetes' quantities without the interpreter.
        .target(
            name: "RE2",
            swiftSettings: strictSettings
        ),

        .target(
            name: "GoFormats",
            swiftSettings: strictSettings
        ),

        .target(
            name: "KubernetesValues",
            dependencies: ["GoFormats"],
            swiftSettings: strictSettings
        ),

        .target(
            name: "CEL",
            dependencies: ["Diagnostics", "KubeManifest", "RE2", "GoFormats", "KubernetesValues"],
            swiftSettings: strictSettings
        ),

        .target(
            name: "PolicyEngine",
            dependencies: ["Diagnostics", "KubeManifest", "CEL"],
            swiftSettings: strictSettings,
            plugins: ["EmbedPolicies"]
        ),

        // Everything Git, through libgit2 (never the git program): repositories, revisions, changes, and the
        // files of a revision read without a checkout, for ManifestLoader.
        .target(
            name: "GitChanges",
            dependencies: ["KubeManifest", "CLibGit2"],
            swiftSettings: strictSettings
        ),

        // What a repository exposes: plaintext Secrets and credentials in its history or its index, and the
        // sealed values a leaked key opens. It joins GitChanges' history to the policies and the unsealer.
        .target(
            name: "SecretAudit",
            dependencies: ["Diagnostics", "GitChanges", "PolicyEngine", "SealedSecrets", "KubeManifest", "GoFormats"],
            swiftSettings: strictSettings
        ),

        // The sidecar's work, without a network: read SealedSecrets and keys through kubelet's `..data`,
        // decrypt for one namespace, write kubelet's AtomicWriter layout, watch for changes, count in metrics.
        .target(
            name: "UnsealSidecar",
            dependencies: [
                "Diagnostics", "KubeManifest", "SealedSecrets", "FileIO",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: strictSettings
        ),

        // The sidecar's HTTP side and process lifecycle: probes, Prometheus metrics, the certificate and the
        // verify endpoint (Hummingbird), signals and graceful shutdown (ServiceLifecycle). Kept apart so the
        // core above builds and tests without SwiftNIO.
        .target(
            name: "SidecarServer",
            dependencies: [
                "UnsealSidecar", "SealedSecrets", "KubeManifest", "Diagnostics",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),

        // `sealgate sidecar`'s flags and log lines, shared by the full CLI and `sealgate-sidecar`. Nothing on
        // the sidecar's side imports Foundation itself (FoundationEssentials only), so the binary that ships
        // in the image links neither ICU nor libcurl nor libgit2 and pays less memory in every pod.
        .target(
            name: "SidecarCLI",
            dependencies: [
                "Diagnostics", "UnsealSidecar", "SidecarServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),

        // MARK: - Build tools (the built-in policy pack is compiled into PolicyEngine)
        .executableTarget(
            name: "policy-embedder",
            swiftSettings: strictSettings
        ),
        .plugin(
            name: "EmbedPolicies",
            capability: .buildTool(),
            dependencies: ["policy-embedder"]
        ),

        // MARK: - Executables
        .executableTarget(
            name: "sealgate",
            dependencies: [
                "Diagnostics",
                "KubeManifest",
                "SealedSecrets",
                "FileIO",
                "CEL",
                "PolicyEngine",
                "GitChanges",
                "SecretAudit",
                "KubernetesValues",
                "UnsealSidecar",
                "SidecarServer",
                "SidecarCLI",
                "COpenSSL",
                "CLibGit2",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "sealgate-sidecar",
            dependencies: [
                "Diagnostics", "SidecarCLI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "sealgate-bench",
            dependencies: [
                "Diagnostics",
                "KubeManifest",
                "SealedSecrets",
                "CEL",
                "PolicyEngine",
                "GitChanges",
                "SecretAudit",
                "UnsealSidecar",
                "CLibYAML",
                "COpenSSL",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),

        // MARK: - Tests
        .testTarget(
            name: "DiagnosticsTests",
            dependencies: ["Diagnostics"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "KubeManifestTests",
            dependencies: ["KubeManifest", "Diagnostics"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SealedSecretsTests",
            dependencies: ["SealedSecrets", "KubeManifest", "Diagnostics"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "FileIOTests",
            dependencies: ["FileIO"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RE2Tests",
            dependencies: ["RE2"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "GoFormatsTests",
            dependencies: ["GoFormats"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "KubernetesValuesTests",
            dependencies: ["KubernetesValues", "GoFormats"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CELTests",
            dependencies: ["CEL", "Diagnostics"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "PolicyEngineTests",
            dependencies: ["PolicyEngine", "KubeManifest", "CEL", "Diagnostics"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "GitChangesTests",
            dependencies: ["GitChanges", "KubeManifest"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SecretAuditTests",
            dependencies: ["SecretAudit", "GitChanges", "PolicyEngine", "SealedSecrets", "KubeManifest", "Diagnostics"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "UnsealSidecarTests",
            dependencies: ["UnsealSidecar", "SealedSecrets", "KubeManifest", "Diagnostics"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SidecarServerTests",
            dependencies: [
                "SidecarServer", "UnsealSidecar", "SealedSecrets", "KubeManifest", "Diagnostics",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CLITests",
            // KubeManifest (and Diagnostics, for its file type) only to read the YAML of the CI recipes
            // (.pre-commit-hooks.yaml, docs/ci/) whose commands the tests run.
            dependencies: ["sealgate", "KubeManifest", "Diagnostics"],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
