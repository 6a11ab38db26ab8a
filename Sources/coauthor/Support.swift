import ArgumentParser
import Bibliography
import CoauthorKit
import Foundation
import Rendering

/// Printing diagnostics, progress and outputs; mapping failures to exit codes.
enum CLI {
    /// Corpora the commands are done with, left for the system to reclaim at exit (see ``finish(_:strict:)``).
    nonisolated(unsafe) static var keptUntilExit: [Corpus] = []

    /// True when stderr is a terminal (progress is shown only then).
    static let stderrIsTerminal = isatty(2) == 1

    /// Writes text to stderr.
    static func err(_ s: String) {
        FileHandle.standardError.write(Data((s.hasSuffix("\n") ? s : s + "\n").utf8))
    }

    /// Writes bytes to stdout.
    static func out(_ bytes: [UInt8]) {
        FileHandle.standardOutput.write(Data(bytes))
    }

    /// Writes text to stdout.
    static func out(_ s: String) { out(Array(s.utf8)) }

    /// A log that prints diagnostics as they arrive (notes only when verbose).
    static func makeLog(verbose: Bool) -> DiagnosticLog {
        let log = DiagnosticLog()
        log.onReport = { d in
            if d.severity >= .warning || verbose {
                if stderrIsTerminal { clearProgress() }
                err(d.description)
            }
        }
        return log
    }

    nonisolated(unsafe) static var progressShown = false

    /// Shows progress on stderr when it is a terminal.
    static func progress(_ input: String, _ bytes: Int, _ records: Int) {
        guard stderrIsTerminal else { return }
        let mb = Double(bytes) / 1_048_576
        FileHandle.standardError.write(Data("\r\u{1B}[2Kreading \(input): \(String(format: "%.1f", mb)) MB, \(records) records".utf8))
        progressShown = true
    }

    static func clearProgress() {
        if progressShown {
            FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
            progressShown = false
        }
    }

    /// Loads the inputs, or exits with status 1 when nothing usable remained.
    static func load(_ input: InputOptions, keepAssignments: Bool = false) throws -> LoadedCorpus {
        let log = makeLog(verbose: input.verbose)
        var options = input.loadOptions
        options.keepAssignments = keepAssignments
        do {
            let loaded = try Loader.load(options, log: log, progress: progress)
            clearProgress()
            for line in log.suppressedSummary(includingNotes: input.verbose) { err(line) }
            return loaded
        } catch {
            clearProgress()
            err("coauthor: \(error)")
            throw ExitCode(1)
        }
    }

    /// Writes a table to `-o FILE` (atomically) or stdout.
    static func emit(_ bytes: [UInt8], to output: String?) throws {
        if let path = output, path != "-" {
            do { try AtomicFile.write(bytes, to: path) } catch {
                err("coauthor: \(error)")
                throw ExitCode(1)
            }
        } else {
            out(bytes)
        }
    }

    /// Exits with status 2 when `--strict` was given and problems were reported.
    ///
    /// The corpus is kept until the process exits: the command is done with it, and freeing a large
    /// corpus object by object takes a noticeable part of the run (2% of a `perf` profile of
    /// `coauthor papers` on 158,356 entries) for memory the system reclaims at exit anyway.
    static func finish(_ loaded: LoadedCorpus, strict: Bool) throws {
        keptUntilExit.append(loaded.corpus)
        let n = loaded.log.count(atLeast: .warning)
        if strict && n > 0 {
            err("coauthor: --strict: \(n) warning(s) or error(s) reported")
            throw ExitCode(2)
        }
    }

    /// Refuses an output file path that is a directory, or whose parent is a file, before any work.
    static func checkOutputFile(_ path: String?, option: String = "-o") throws {
        guard let path, path != "-" else { return }
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
            throw ValidationError("\(option) \(path) is a directory")
        }
        try requireDirectoryAncestor(URL(fileURLWithPath: path).deletingLastPathComponent(), of: path, option: option)
    }

    /// Refuses an output path that exists and is not a directory, before any work.
    static func checkOutputDirectory(_ path: String, option: String = "--out") throws {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue {
            throw ValidationError("\(option) \(path) exists and is not a directory")
        }
        try requireDirectoryAncestor(URL(fileURLWithPath: path), of: path, option: option)
    }

    /// The nearest existing one of `dir` and its ancestors must be a directory (the rest is created).
    private static func requireDirectoryAncestor(_ start: URL, of path: String, option: String) throws {
        var dir = start
        while dir.path != "/" && !FileManager.default.fileExists(atPath: dir.path) { dir = dir.deletingLastPathComponent() }
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDir), !isDir.boolValue {
            throw ValidationError("\(option) \(path): \(dir.path) is not a directory")
        }
    }
}

extension CLI {
    /// Builds the view's network, turning name-lookup failures into a clear error (exit 1).
    /// With `applyTop` false, `--top` is left to the caller (tables rank on the whole view).
    static func network(_ loaded: LoadedCorpus, projection: ProjectionFlags, view: ViewFlags,
                        metrics: MetricOptions = MetricOptions(), applyTop: Bool = true, announceSkipped: Bool = true) throws -> Network {
        do {
            var options = try view.options()
            if !applyTop { options.top = nil }
            let net = try ViewBuilder.network(loaded.corpus, projection: projection.projection, view: options,
                                              metricOptions: metrics) { err("coauthor: warning: \($0)") }
            if announceSkipped && !net.skippedPapers.isEmpty {
                let n = net.skippedPapers.count
                err("coauthor: \(n) paper\(n == 1 ? "" : "s") with more than \(projection.maxAuthors) authors left out of the graph (--max-authors 0 keeps all):")
                for line in net.skippedPaperDescriptions() { err("  " + line) }
            }
            return net
        } catch let e as LookupError {
            err("coauthor: \(e)")
            throw ExitCode(1)
        }
    }

    /// Looks up one person, or exits with status 1 and the candidates.
    static func person(_ name: String, in corpus: Corpus) throws -> Int {
        do { return try PersonLookup(corpus).find(name) } catch {
            err("coauthor: \(error)")
            throw ExitCode(1)
        }
    }
}
