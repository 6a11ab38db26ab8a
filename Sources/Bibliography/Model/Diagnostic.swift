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
public final class DiagnosticLog: @unchecked Sendable {
    /// Everything reported so far, in report order.
    public private(set) var entries: [Diagnostic] = []
    /// Called for each diagnostic as it is reported (the CLI prints them at once).
    public var onReport: ((Diagnostic) -> Void)?
    /// At most this many diagnostics of one message kind per file are kept; the rest are counted.
    public var limitPerFile = 200
    private var perFile: [String: Int] = [:]
    /// Diagnostics dropped by ``limitPerFile``, per file.
    public private(set) var suppressed: [String: Int] = [:]

    /// Creates an empty log.
    public init() {}

    /// Adds a diagnostic.
    public func report(_ d: Diagnostic) {
        let n = perFile[d.file, default: 0]
        if n >= limitPerFile && d.severity < .error {
            suppressed[d.file, default: 0] += 1
            return
        }
        perFile[d.file] = n + 1
        entries.append(d)
        onReport?(d)
    }

    /// The number of diagnostics of at least `severity`.
    public func count(atLeast severity: Diagnostic.Severity) -> Int {
        entries.filter { $0.severity >= severity }.count + (severity <= .warning ? suppressed.values.reduce(0, +) : 0)
    }
}
