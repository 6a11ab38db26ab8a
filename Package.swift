// swift-tools-version:6.0
import Foundation
import PackageDescription

let package = Package(
    name: "Coauthor",
    products: [
        .executable(name: "coauthor", targets: ["coauthor"]),
        .library(name: "CoauthorKit", targets: ["CoauthorKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
    ],
    targets: [
        // Graphviz's C library (libgvc + libcgraph), found through pkg-config.
        .systemLibrary(
            name: "CGraphviz",
            pkgConfig: "libgvc",
            providers: [.apt(["libgraphviz-dev"])]
        ),
        // zlib, for reading .gz inputs transparently.
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // mimalloc, linked into the command so that it serves every malloc and free of the
        // process (the Swift runtime's included): reading a large file makes millions of small
        // objects on two threads, and glibc's allocator spent a sixth of the time on them.
        .systemLibrary(
            name: "CMimalloc",
            providers: [.apt(["libmimalloc-dev"])]
        ),
        .target(name: "AuthorNames"),
        .target(name: "Bibliography", dependencies: ["AuthorNames", "CZlib"]),
        .target(name: "CollaborationGraph"),
        .target(name: "Rendering", dependencies: ["CGraphviz"]),
        .target(name: "CoauthorKit", dependencies: ["AuthorNames", "Bibliography", "CollaborationGraph", "Rendering"]),
        .executableTarget(
            name: "coauthor",
            dependencies: ["CoauthorKit", "CMimalloc", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .target(name: "TestSupport", dependencies: ["CollaborationGraph"], path: "Tests/TestSupport"),
        .testTarget(name: "AuthorNamesTests", dependencies: ["AuthorNames", "TestSupport"]),
        // CSV.swift reads generated CSV in the tests too: the reference for the row reader.
        .testTarget(name: "BibliographyTests", dependencies: ["Bibliography", "TestSupport", .product(name: "CSV", package: "CSV.swift")]),
        .testTarget(name: "CollaborationGraphTests", dependencies: ["CollaborationGraph", "TestSupport"], exclude: ["Fixtures"]),
        // CSV.swift reads the written CSV back in the tests: an independent parser (used by tests only).
        .testTarget(name: "RenderingTests", dependencies: ["Rendering", "CoauthorKit", "TestSupport", .product(name: "CSV", package: "CSV.swift")]),
        .testTarget(name: "CoauthorKitTests", dependencies: ["CoauthorKit", "AuthorNames", "Bibliography", "CollaborationGraph", "Rendering", "TestSupport"]),
        .testTarget(name: "CoauthorCLITests", dependencies: ["coauthor", "CoauthorKit", "TestSupport"]),
    ]
)

// The libFuzzer harness (Scripts/fuzz.sh) is built only on request: libFuzzer supplies its main.
if ProcessInfo.processInfo.environment["COAUTHOR_FUZZ"] != nil {
    package.products.append(.executable(name: "CoauthorFuzz", targets: ["CoauthorFuzz"]))
    package.targets.append(.executableTarget(name: "CoauthorFuzz", dependencies: ["AuthorNames", "Bibliography"]))
}
