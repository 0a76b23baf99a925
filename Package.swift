// swift-tools-version:6.1
import PackageDescription

/// TicketScope: train sparse subnetworks as in "Routing the Lottery" and diagnose their pruning masks.
/// One job per target; see docs/architecture.md for the module map and data flow.
let package = Package(
    name: "TicketScope",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "ticketscope", targets: ["ticketscope"]),
        .library(name: "MaskKit", targets: ["MaskKit"]),
        .library(name: "Vocabulary", targets: ["Vocabulary"]),
        .library(name: "RunStore", targets: ["RunStore"]),
        .library(name: "TensorFiles", targets: ["TensorFiles"]),
        .library(name: "WordNet", targets: ["WordNet"]),
        .library(name: "Diagnostics", targets: ["Diagnostics"]),
        .library(name: "Plots", targets: ["Plots"]),
        .library(name: "Reports", targets: ["Reports"]),
        .library(name: "NN", targets: ["NN"]),
        .library(name: "PruningCore", targets: ["PruningCore"]),
        .library(name: "Classification", targets: ["Classification"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
        // The local web view (`ticketscope serve`); no traits: neither swift-configuration nor the full-Foundation extras are needed.
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1", traits: []),
        // Already built for Hummingbird; named for the bound port (NIOCore) and a quiet server log (Logging).
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
    ],
    targets: [
        // C kernels for popcount over packed masks (AVX-512 VPOPCNTDQ / AVX2 / POPCNT chosen at run time)
        // and for packing mask bytes into bits (AVX-512 BW / AVX2).
        // Whole-or-nothing file writes (temporary file beside the target, fsync, rename): the one atomic-write helper.
        .target(name: "AtomicFile"),
        .target(name: "CMaskKernels", cSettings: [.unsafeFlags(["-O3"])]),
        .target(name: "MaskKit", dependencies: ["CMaskKernels"]),
        // The closed sets every module shares: step phases, run statuses and methods, event kinds,
        // cost phases, splits, metric names, checkpoint keys (RunStore re-exports it).
        .target(name: "Vocabulary"),
        .target(name: "RunStore", dependencies: ["MaskKit", "Vocabulary", .product(name: "GRDB", package: "GRDB.swift")]),
        .target(name: "TensorFiles", dependencies: ["AtomicFile", "CMaskKernels", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .target(name: "MaskImport", dependencies: ["MaskKit", "RunStore", "TensorFiles"]),
        .target(name: "Statistics"),
        .target(name: "WordNet"),
        .target(name: "Diagnostics", dependencies: ["MaskKit", "RunStore", "Statistics", "WordNet"]),
        .target(name: "CNNKernels", cSettings: [.unsafeFlags(["-O3"])]),
        .target(name: "NN", dependencies: ["CBLAS", "CNNKernels"]),
        .target(name: "Models", dependencies: ["NN"]),
        .target(name: "Datasets", dependencies: ["NN"]),
        // The generic prune → retrain driver (Alg. 1 loop, Alg. 2 joint fit, schedule, model state, progress).
        .target(name: "PruningCore", dependencies: ["NN", "MaskKit", "RunStore", "Diagnostics"]),
        // The CIFAR classification experiment (config, data, partitions, routing) on PruningCore.
        .target(name: "Classification", dependencies: ["PruningCore", "NN", "Models", "Datasets", "MaskKit", "RunStore", "Diagnostics"]),
        // Downloads, verifies (SHA-256) and unpacks (gzip via zlib, tar) a registered dataset archive.
        .target(name: "DatasetFetch", dependencies: ["Datasets", "CGzip"]),
        .target(name: "Audio", dependencies: ["AtomicFile", "CFFTW", "CSoxr"]),
        .target(name: "Speech", dependencies: ["Audio", "NN", "Models", "PruningCore", "MaskKit", "RunStore", "Diagnostics"]),
        .target(name: "RegionImages", dependencies: ["CCairo"]),
        .target(name: "INR", dependencies: ["NN", "Models", "PruningCore", "RegionImages", "MaskKit", "RunStore", "Diagnostics"]),
        .target(name: "Plots", dependencies: ["AtomicFile", "CCairo"]),
        .target(name: "Reports", dependencies: ["AtomicFile", "Diagnostics", "Plots", "Vocabulary", "RunStore", "WordNet", "Statistics", "RegionImages", "Audio"]),
        // The `--json` documents of runs, inspect, similarity and collapse, shared by the CLI and the web view.
        .target(name: "StoreJSON", dependencies: ["Diagnostics", "RunStore", "MaskKit"]),
        // `ticketscope serve`: the read-only web view on Hummingbird, built from the report documents.
        .target(name: "WebView", dependencies: ["Reports", "StoreJSON", "Diagnostics", "Plots", "RunStore", "MaskKit", "WordNet",
                                                .product(name: "Hummingbird", package: "hummingbird"),
                                                .product(name: "NIOCore", package: "swift-nio"), .product(name: "Logging", package: "swift-log")]),
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CFFTW", pkgConfig: "fftw3f", providers: [.apt(["libfftw3-dev"])]),
        .systemLibrary(name: "CSoxr", pkgConfig: "soxr", providers: [.apt(["libsoxr-dev"])]),
        .systemLibrary(name: "CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),
        .systemLibrary(name: "CGzip", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .executableTarget(
            name: "ticketscope",
            dependencies: [
                "AtomicFile", "MaskKit", "Vocabulary", "RunStore", "TensorFiles", "MaskImport", "WordNet", "Statistics", "Diagnostics", "Reports",
                "NN", "Models", "Datasets", "DatasetFetch", "PruningCore", "Classification", "RegionImages", "INR", "Audio", "Speech", "StoreJSON", "WebView",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "AtomicFileTests", dependencies: ["AtomicFile"]),
        .testTarget(name: "MaskKitTests", dependencies: ["MaskKit", "CMaskKernels"]),
        .testTarget(name: "VocabularyTests", dependencies: ["Vocabulary"]),
        .testTarget(name: "RunStoreTests", dependencies: ["RunStore", "MaskKit"]),
        .testTarget(name: "TensorFilesTests", dependencies: ["TensorFiles"], resources: [.copy("Fixtures")]),
        .testTarget(name: "MaskImportTests", dependencies: ["MaskImport", "RunStore", "TensorFiles", "MaskKit"]),
        .testTarget(name: "StatisticsTests", dependencies: ["Statistics", "MaskKit"], resources: [.copy("Fixtures")]),
        .testTarget(name: "WordNetTests", dependencies: ["WordNet"], resources: [.copy("Fixtures")]),
        .testTarget(name: "DiagnosticsTests", dependencies: ["Diagnostics", "RunStore", "MaskKit", "Statistics", "WordNet"], resources: [.copy("Fixtures")]),
        .testTarget(name: "NNTests", dependencies: ["NN"]),
        .testTarget(name: "ModelsTests", dependencies: ["Models", "NN", "TensorFiles"], resources: [.copy("Fixtures")]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "NN"]),
        .testTarget(name: "PruningCoreTests", dependencies: ["PruningCore", "MaskKit", "NN", "RunStore", "Diagnostics"]),
        .testTarget(name: "ClassificationTests", dependencies: ["Classification", "PruningCore", "Models", "MaskKit", "NN", "WordNet"]),
        // A loopback HTTP server for the download tests (not a product).
        .target(name: "LoopbackHTTP", path: "Tests/LoopbackHTTP"),
        .testTarget(name: "DatasetFetchTests", dependencies: ["DatasetFetch", "Datasets", "LoopbackHTTP"], resources: [.copy("Fixtures")]),
        .testTarget(name: "AudioTests", dependencies: ["Audio"], resources: [.copy("Fixtures")]),
        .testTarget(name: "SpeechTests", dependencies: ["Speech", "Audio", "Models", "NN", "PruningCore", "Classification", "RunStore", "MaskKit", "INR", "RegionImages"]),
        .testTarget(name: "INRTests", dependencies: ["INR", "Models", "RegionImages", "PruningCore", "NN", "RunStore", "MaskKit", "CCairo"]),
        .testTarget(name: "PlotsTests", dependencies: ["Plots", "CCairo"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Diagnostics", "RunStore", "MaskKit", "WordNet", "Plots"]),
        .testTarget(name: "WebViewTests", dependencies: ["WebView", "Reports", "StoreJSON", "RunStore", "MaskKit", "PruningCore"]),
        .testTarget(name: "CLITests", dependencies: ["TensorFiles", "RegionImages", "LoopbackHTTP", "ticketscope"]),
    ],
    swiftLanguageModes: [.v5]
)
