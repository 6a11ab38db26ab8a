/// A problem found in the input: where it is, which record, and what is wrong.
///
/// Readers never stop at a bad record; they report it as a `Diagnostic` and go
/// on. The command line prints them on stderr as `file:line: severity: message`.
public struct Diagnostic: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// How serious the problem is.
    public enum Severity: Int, Sendable, Hashable, Comparable {
        /// Information: something was assumed (an inferred year, a merge).
        case note = 0
        /// The record was read, but something in it was wrong or repaired.
        case warning = 1
        /// The record (or part of the input) could not be used.
        case error = 2

        public static func < (a: Severity, b: Severity) -> Bool { a.rawValue < b.rawValue }

        /// The word printed before the message.
        public var label: String {
            switch self {
            case .note: return "note"
            case .warning: return "warning"
            case .error: return "error"
            }
        }
    }

    /// How serious it is.
    public var severity: Severity
    /// The input's name as the user gave it (`-` for stdin).
    public var file: String
    /// The 1-based line, when known.
    public var line: Int?
    /// The 1-based column, when known.
    public var column: Int?
    /// The record's key or number, when known (a BibTeX key, a PMID, "record 7").
    public var record: String?
    /// What is wrong, in one sentence.
    public var message: String

    /// Creates a diagnostic.
    public init(_ severity: Severity, file: String, line: Int? = nil, column: Int? = nil, record: String? = nil, message: String) {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.record = record
        self.message = message
    }

    /// `file:line:column: warning: record: message`
    public var description: String {
        var s = file
        if let line { s += ":\(line)" }
        if let column { s += ":\(column)" }
        s += ": \(severity.label): "
        if let record { s += "\(record): " }
        return s + message
    }

    public static func < (a: Diagnostic, b: Diagnostic) -> Bool {
        if a.file != b.file { return a.file < b.file }
        if (a.line ?? 0) != (b.line ?? 0) { return (a.line ?? 0) < (b.line ?? 0) }
        if (a.column ?? 0) != (b.column ?? 0) { return (a.column ?? 0) < (b.column ?? 0) }
        return a.message < b.message
    }
}

/// Collects diagnostics from every stage and knows whether any was serious.
///
/// Per input, at most ``limitPerFile`` notes and as many warnings are kept and
/// shown; the rest are counted (``suppressedSummary``). Errors are never dropped.
public final class DiagnosticLog: @unchecked Sendable {
    /// Everything kept, in report order.
    public private(set) var entries: [Diagnostic] = []
    /// Called for each kept diagnostic as it is reported (the CLI prints them at once).
    public var onReport: ((Diagnostic) -> Void)?
    /// Notes, and separately warnings, kept per input; the rest are counted.
    public var limitPerFile = 200
    private var kept: [String: [Int]] = [:]          // file → count kept per severity
    private var dropped: [String: [Int]] = [:]       // file → count dropped per severity
    private var totals = [0, 0, 0]                   // per severity, kept + dropped

    /// Creates an empty log.
    public init() {}

    /// Adds a diagnostic.
    public func report(_ d: Diagnostic) {
        let sev = d.severity.rawValue
        totals[sev] += 1
        if d.severity < .error {
            let n = kept[d.file]?[sev] ?? 0
            if n >= limitPerFile {
                dropped[d.file, default: [0, 0, 0]][sev] += 1
                return
            }
            kept[d.file, default: [0, 0, 0]][sev] = n + 1
        }
        entries.append(d)
        onReport?(d)
    }

    /// The number of diagnostics reported of at least `severity`, shown or not.
    public func count(atLeast severity: Diagnostic.Severity) -> Int {
        (severity.rawValue...2).reduce(0) { $0 + totals[$1] }
    }

    /// One line per input whose diagnostics were cut short: "file: 12 more warnings not shown".
    /// Notes count only when they are being shown (`includingNotes`).
    public func suppressedSummary(includingNotes: Bool) -> [String] {
        dropped.keys.sorted().compactMap { file in
            let c = dropped[file]!
            var parts: [String] = []
            if c[1] > 0 { parts.append("\(c[1]) more warning\(c[1] == 1 ? "" : "s")") }
            if c[0] > 0 && includingNotes { parts.append("\(c[0]) more note\(c[0] == 1 ? "" : "s")") }
            return parts.isEmpty ? nil : "\(file): \(parts.joined(separator: " and ")) not shown (the first \(limitPerFile) of each are)"
        }
    }
}
