import Foundation

/// Paths to the package and its fixtures.
public enum Fixtures {
    /// The package root, found from this file's path (Tests/TestSupport/TestSupport.swift).
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The absolute path of `Tests/Fixtures/<relative>`.
    public static func path(_ relative: String) -> String {
        packageRoot.appendingPathComponent("Tests/Fixtures").appendingPathComponent(relative).path
    }

    /// The contents of a fixture as UTF-8 text.
    public static func text(_ relative: String) throws -> String {
        try String(contentsOfFile: path(relative), encoding: .utf8)
    }

    /// The bundled sample listing.
    public static var sampleListing: String { path("listing/profile-listing.txt") }

    /// A fresh temporary directory. All of a test process's directories live under one root,
    /// which is removed when the process exits.
    public static func temporaryDirectory() throws -> String {
        let dir = URL(fileURLWithPath: temporaryRoot).appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.path
    }

    /// This process's root for temporary directories, removed at exit.
    private static let temporaryRoot: String = {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("coauthor-tests-\(getpid())-\(UUID().uuidString)").path
        atexit { try? FileManager.default.removeItem(atPath: Fixtures.temporaryRootForCleanup) }
        return root
    }()

    /// The root as the exit handler sees it (a C function pointer captures nothing).
    fileprivate static var temporaryRootForCleanup: String { temporaryRoot }
}

/// What a run of the `coauthor` binary printed and returned.
public struct CLIResult: Sendable {
    /// Standard output.
    public var stdout: String
    /// Standard error.
    public var stderr: String
    /// Exit status.
    public var status: Int32
    /// Standard output as bytes.
    public var stdoutData: Data
}

/// Runs the built `coauthor` executable.
public enum CoauthorBinary {
    /// The executable next to the test bundle (SwiftPM builds it for the CLI test target).
    public static var url: URL {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("coauthor"),
            Bundle.main.bundleURL.appendingPathComponent("coauthor"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("coauthor"),
            Fixtures.packageRoot.appendingPathComponent(".build/debug/coauthor"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates.last!
    }

    /// Runs `coauthor args…`, feeding `stdin`, in `directory` (default: the package root).
    public static func run(_ args: [String], stdin: Data? = nil, directory: String? = nil,
                           environment: [String: String]? = nil) throws -> CLIResult {
        let p = Process()
        p.executableURL = url
        p.arguments = args
        p.currentDirectoryURL = URL(fileURLWithPath: directory ?? Fixtures.packageRoot.path)
        if let environment { p.environment = environment }
        let out = Pipe(), err = Pipe(), inp = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = inp
        try p.run()
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        group.enter()
        DispatchQueue.global().async {
            if let stdin { inp.fileHandleForWriting.write(stdin) }
            try? inp.fileHandleForWriting.close()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        return CLIResult(stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self),
                         status: p.terminationStatus, stdoutData: outData)
    }
}

/// A small deterministic random number generator (SplitMix64) for seeded tests.
public struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64
    /// Creates a generator from a seed.
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
