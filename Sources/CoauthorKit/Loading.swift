import Bibliography
import Foundation

/// What to read and how.
public struct LoadOptions: Sendable {
    /// Input paths, `-` for stdin.
    public var inputs: [String]
    /// Forced input format, or nil to detect.
    public var format: InputFormat?
    /// The year for listing dates without one.
    public var referenceYear: Int
    /// Owner for truncated bylines.
    public var owner: OwnerOption
    /// Alias file path.
    public var aliasesPath: String?
    /// CSV column mapping.
    public var columns: [String: String]
    /// Keep every author slot's resolution.
    public var keepAssignments = false

    /// Creates options.
    public init(inputs: [String], format: InputFormat? = nil, referenceYear: Int = LoadOptions.currentYear,
                owner: OwnerOption = .none, aliasesPath: String? = nil, columns: [String: String] = [:]) {
        self.inputs = inputs
        self.format = format
        self.referenceYear = referenceYear
        self.owner = owner
        self.aliasesPath = aliasesPath
        self.columns = columns
    }

    /// This year, by the system clock (UTC).
    public static var currentYear: Int {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC")!
        return cal.component(.year, from: Date())
    }
}

/// Why loading produced nothing usable.
public struct LoadError: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    public var message: String
    public var description: String { message }
}

/// A corpus with the diagnostics and per-input outcomes of reading it.
public struct LoadedCorpus {
    /// The corpus.
    public var corpus: Corpus
    /// Every diagnostic.
    public var log: DiagnosticLog
    /// Per-input results.
    public var outcomes: [InputLoader.Outcome]
}

/// Reads inputs into a corpus.
public enum Loader {
    /// Reads every input, merges and resolves. Diagnostics go to `log` as they happen.
    ///
    /// - Throws: ``LoadError`` when no input could be read or none held a record.
    public static func load(_ options: LoadOptions, log: DiagnosticLog, progress: InputLoader.Progress? = nil) throws -> LoadedCorpus {
        var aliases: AliasTable?
        if let path = options.aliasesPath {
            let source: InputSource
            do { source = try InputSource(path: path) } catch { throw LoadError(message: "\(error)") }
            let bytes = try TextInput(source).readAllBytes()
            let (text, fallback) = TextDecoding.decode(bytes)
            if fallback { log.report(Diagnostic(.warning, file: path, message: "not valid UTF-8; read as Windows-1252")) }
            aliases = AliasTable(text: text, file: path, log: log)
        }
        let builder = CorpusBuilder(options: CorpusOptions(owner: options.owner, aliases: aliases, keepAssignments: options.keepAssignments), log: log)
        let outcomes = Timings.measure("read") { InputLoader.load(options.inputs, format: options.format,
                                        options: ReaderOptions(referenceYear: options.referenceYear, columns: options.columns),
                                        into: builder, log: log, progress: progress) }
        let total = outcomes.reduce(0) { $0 + $1.records }
        if outcomes.allSatisfy({ $0.failed }) {
            throw LoadError(message: options.inputs.count == 1 ? "the input could not be read" : "none of the inputs could be read")
        }
        if total == 0 {
            throw LoadError(message: "no records found in the input" + (options.inputs.count == 1 ? "" : "s"))
        }
        let corpus = Timings.measure("build") { builder.build() }
        return LoadedCorpus(corpus: corpus, log: log, outcomes: outcomes)
    }
}

extension TextInput {
    /// Every remaining byte (for small side files such as alias tables).
    public func readAllBytes() throws -> [UInt8] {
        var all: [UInt8] = []
        while let c = try nextChunk() { all += c }
        return all
    }
}
