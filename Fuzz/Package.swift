// swift-tools-version: 6.1
// sealgate fuzz targets: libFuzzer entry points over the root package's libraries. Not part of the
// normal build: scripts/fuzz.sh builds this package with the fuzzer and address sanitizers (docs/fuzzing.md).

import PackageDescription

/// The fuzz targets: each is an executable of its own, named `fuzz-<target>`.
let fuzzTargets: [(name: String, products: [String])] = [
    ("yaml-loader", ["KubeManifest"]),
    ("json-loader", ["KubeManifest"]),
    ("cel", ["Diagnostics", "KubeManifest", "CEL"]),
    ("policy-loading", ["Diagnostics", "KubeManifest", "PolicyEngine"]),
    ("sealed-value", ["KubeManifest", "SealedSecrets"]),
    ("pem-keys", ["KubeManifest", "SealedSecrets"]),
]

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "sealgate-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "sealgate", path: "..")
    ],
    targets: [
        // libFuzzer's driver entry point, declared for Swift (libFuzzer itself comes with -sanitize=fuzzer).
        .target(name: "CFuzzDriver"),
        // What the targets share: fixture paths, the strict tree comparison, input splitting.
        .target(
            name: "FuzzSupport",
            dependencies: [
                .product(name: "Diagnostics", package: "sealgate"),
                .product(name: "KubeManifest", package: "sealgate"),
            ],
            swiftSettings: strictSettings
        ),
    ]
        + fuzzTargets.map { target in
            .executableTarget(
                name: "fuzz-\(target.name)",
                dependencies: ["CFuzzDriver", "FuzzSupport"]
                    + target.products.map { .product(name: $0, package: "sealgate") },
                swiftSettings: strictSettings,
                // Only the fuzz targets link libFuzzer: the build passes the sanitizers' compile flags to every
                // module (scripts/fuzz.sh), and linking libFuzzer's main into the root package's executables
                // (policy-embedder, which the build runs) would break them.
                linkerSettings: [.unsafeFlags(["-sanitize=fuzzer"])]
            )
        },
    swiftLanguageModes: [.v6]
)
