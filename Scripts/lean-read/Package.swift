// swift-tools-version:5.10
// A lower bound for the BibTeX read (see Sources/lean-read/main.swift); not part of the product.
// AuthorNames is the project's own (a link to ../../Sources/AuthorNames).
import PackageDescription

let package = Package(
    name: "lean-read",
    targets: [
        .target(name: "AuthorNames"),
        .executableTarget(name: "lean-read", dependencies: ["AuthorNames"]),
    ]
)
