import Foundation

/// The output formats for tables.
public enum TableFormat: String, CaseIterable, Sendable {
    /// RFC 4180 CSV (LF line ends): a cell with a quote, comma or line break is quoted, its quotes doubled.
    case csv
    /// Tab-separated values; tabs and newlines inside cells become spaces.
    case tsv
    /// One JSON object per line, keys in column order.
    case jsonl
    /// Aligned columns for reading in a terminal.
    case table
}

/// A table cell with its type, so JSON keeps numbers as numbers.
public enum Cell: Sendable, Equatable {
    case text(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case empty

    /// The cell as CSV text: shortest round-trip form for doubles, `true`/`false` for booleans.
    public var text: String {
        switch self {
        case .text(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return Cell.format(d)
        case .bool(let b): return b ? "true" : "false"
        case .empty: return ""
        }
    }

    /// Formats a double deterministically: integers without a fraction, otherwise the shortest
    /// representation that round-trips; non-finite values as empty text.
    public static func format(_ d: Double) -> String {
        if !d.isFinite { return "" }
        if d == d.rounded() && abs(d) < 1e15 { return String(Int64(d)) }
        return "\(d)"
    }

    /// Optional text: empty when nil.
    public static func opt(_ s: String?) -> Cell { s.map { .text($0) } ?? .empty }
    /// Optional int: empty when nil.
    public static func opt(_ i: Int?) -> Cell { i.map { .int($0) } ?? .empty }
}

/// Options for CSV output.
public struct CSVOptions: Sendable {
    /// Prefix text cells that begin with = + - @ tab or CR with `'` (OWASP's CSV-injection advice).
    public var neutralizeFormulas: Bool
    /// Write a UTF-8 byte-order mark, so spreadsheet programs show accents right.
    public var byteOrderMark: Bool

    /// Creates options.
    public init(neutralizeFormulas: Bool = true, byteOrderMark: Bool = false) {
        self.neutralizeFormulas = neutralizeFormulas
        self.byteOrderMark = byteOrderMark
    }
}

/// Writes a table row by row in one of the ``TableFormat``s.
public final class TableWriter {
    /// The format.
    public let format: TableFormat
    /// The column names.
    public let columns: [String]
    private let options: CSVOptions
    private var buffered: [[String]] = []
    private var out: [UInt8] = []

    /// Starts a table with a header.
    public init(format: TableFormat, columns: [String], options: CSVOptions = CSVOptions()) {
        self.format = format
        self.columns = columns
        self.options = options
        switch format {
        case .csv:
            if options.byteOrderMark { out = [0xEF, 0xBB, 0xBF] }
            for (i, c) in columns.enumerated() {
                if i > 0 { out.append(0x2C) }
                Self.appendCSVField(c, to: &out)
            }
        case .tsv:
            if options.byteOrderMark { out = [0xEF, 0xBB, 0xBF] }
            appendLine(columns.map(Self.tsvClean).joined(separator: "\t"))
        case .jsonl:
            break
        case .table:
            buffered.append(columns)
        }
    }

    private func appendLine(_ s: String) {
        out.append(contentsOf: s.utf8)
        out.append(0x0A)
    }

    /// Appends one CSV cell: as it is, or in quotes with its quotes doubled when it holds a quote,
    /// comma, CR or LF (RFC 4180). Decided on the bytes, so a quote followed by a combining mark
    /// is still quoted.
    static func appendCSVField(_ text: String, to out: inout [UInt8]) {
        var t = text
        t.withUTF8 { p in
            var plain = true
            for b in p where b == 0x22 || b == 0x2C || b == 0x0A || b == 0x0D { plain = false; break }
            if plain { out.append(contentsOf: p); return }
            out.append(0x22)
            for b in p {
                if b == 0x22 { out.append(0x22) }
                out.append(b)
            }
            out.append(0x22)
        }
    }

    static func tsvClean(_ s: String) -> String {
        guard s.contains(where: { $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return s }
        return String(s.map { $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : $0 })
    }

    /// Neutralizes spreadsheet formulas in a text cell and drops control characters (NUL and the
    /// like) other than tab and line breaks, which quoting handles.
    static func safe(_ cell: Cell, _ options: CSVOptions) -> String {
        var t = cell.text
        // Scanned as contiguous bytes (a UTF-8 view iterated byte by byte is several times slower).
        if t.withUTF8({ $0.contains { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D || $0 == 0x7F } }) {
            t = String(String.UnicodeScalarView(t.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F || $0 == "\t" || $0 == "\n" || $0 == "\r" }))
        }
        // The characters that start a formula are ASCII: the first byte decides.
        guard options.neutralizeFormulas, case .text = cell, let f = t.utf8.first else { return t }
        switch f {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D: return "'" + t
        default: return t
        }
    }

    /// Appends one row; it must have one cell per column.
    public func row(_ cells: [Cell]) {
        precondition(cells.count == columns.count, "row has \(cells.count) cells for \(columns.count) columns")
        if format == .table {
            buffered.append(cells.map { $0.text.replacingOccurrences(of: "\n", with: " ") })
            return
        }
        // The buffer is worked on as a local: each append to the stored property would be a
        // dynamic exclusivity check.
        var buffer: [UInt8] = []
        swap(&buffer, &out)
        Self.append(cells, format: format, columns: columns, options: options, to: &buffer)
        swap(&buffer, &out)
    }

    /// Bytes reserved per row in each of ``rows(_:_:)``'s buffers.
    static let reservedPerRow = 256

    /// Below this many rows, ``rows(_:_:)`` formats them on the calling thread alone.
    static let parallelRows = 4_096

    /// Appends `count` rows, row `i` made of `cells(i)`, as ``row(_:)`` one by one would. A long
    /// table is made on every core at once: each core formats runs of rows into buffers of their
    /// own, joined in order at the end. `cells` is called from several threads at once, so it may
    /// only read.
    public func rows(_ count: Int, _ cells: @Sendable (Int) -> [Cell]) {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        // A few runs per core, so that a core done early takes another.
        let runs = count < Self.parallelRows || cores < 2 ? 1 : min(cores * 4, count / (Self.parallelRows / 4))
        rows(count, runs: runs, cells)
    }

    /// ``rows(_:_:)`` in `runs` runs of rows at once (1: row by row on the calling thread).
    func rows(_ count: Int, runs: Int, _ cells: @Sendable (Int) -> [Cell]) {
        guard runs > 1, format != .table else {
            for i in 0..<count { row(cells(i)) }
            return
        }
        let (format, columns, options) = (self.format, self.columns, self.options)
        let parts = _Runs(count: runs)
        DispatchQueue.concurrentPerform(iterations: runs) { k in
            let range = count * k / runs..<count * (k + 1) / runs
            var bytes: [UInt8] = []
            // Room for typical rows, so that the buffer is not copied as it grows (capacity never
            // written is never touched).
            bytes.reserveCapacity(range.count * Self.reservedPerRow)
            for i in range {
                let row = cells(i)
                precondition(row.count == columns.count, "row has \(row.count) cells for \(columns.count) columns")
                Self.append(row, format: format, columns: columns, options: options, to: &bytes)
            }
            parts.store(bytes, at: k)
        }
        out.reserveCapacity(out.count + parts.bytes.reduce(0) { $0 + $1.count } + 1)
        for p in parts.bytes { out.append(contentsOf: p) }
    }

    /// Appends one row of a CSV, TSV or JSON Lines table.
    private static func append(_ cells: [Cell], format: TableFormat, columns: [String], options: CSVOptions, to buffer: inout [UInt8]) {
        switch format {
        case .csv:
            // Each row starts with the line break that ends the one before; finish() ends the last.
            buffer.append(0x0A)
            for i in cells.indices {
                if i > 0 { buffer.append(0x2C) }
                appendCSVField(safe(cells[i], options), to: &buffer)
            }
        case .tsv:
            buffer.append(contentsOf: cells.map { tsvClean(safe($0, options)) }.joined(separator: "\t").utf8)
            buffer.append(0x0A)
        case .jsonl:
            var s = "{"
            for (i, c) in cells.enumerated() {
                if i > 0 { s += "," }
                s += JSON.string(columns[i]) + ":" + JSON.value(c)
            }
            s += "}"
            buffer.append(contentsOf: s.utf8)
            buffer.append(0x0A)
        case .table:
            preconditionFailure("aligned tables are buffered, not appended row by row")
        }
    }

    /// The complete output, handed over (the writer keeps no copy: a long table is not copied
    /// again at its end).
    public func finish() -> [UInt8] {
        var b: [UInt8] = []
        swap(&b, &out)
        switch format {
        case .csv:
            b.append(0x0A)  // capacity for it is reserved by rows(_:_:)
            return b
        case .tsv, .jsonl:
            return b
        case .table:
            var widths = [Int](repeating: 0, count: columns.count)
            for r in buffered { for (i, c) in r.enumerated() { widths[i] = max(widths[i], Self.displayWidth(c)) } }
            var s = ""
            for (k, r) in buffered.enumerated() {
                var line = ""
                for (i, c) in r.enumerated() {
                    line += c
                    if i < r.count - 1 { line += String(repeating: " ", count: widths[i] - Self.displayWidth(c) + 2) }
                }
                s += line + "\n"
                if k == 0 { s += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n" }
            }
            return Array(s.utf8)
        }
    }

    /// Terminal columns a string takes: wide (CJK) characters count twice.
    static func displayWidth(_ s: String) -> Int {
        var w = 0
        for u in s.unicodeScalars {
            let v = u.value
            if u.properties.generalCategory == .nonspacingMark { continue }
            w += (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFF00...0xFF60).contains(v) || (0x20000...0x3FFFD).contains(v) ? 2 : 1
        }
        return w
    }
}

/// The buffers of ``TableWriter/rows(_:_:)``'s runs, each stored by the one thread that made it
/// (through a pointer: stores to an array property from several threads would overlap accesses).
private final class _Runs: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<[UInt8]>
    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: [])
    }
    deinit {
        _ = slots.deinitialize()
        slots.deallocate()
    }
    /// Stores run `k`'s buffer (each `k` from one thread only).
    func store(_ b: [UInt8], at k: Int) { slots[k] = b }
    /// The buffers, in order (once every run is stored).
    var bytes: UnsafeMutableBufferPointer<[UInt8]> { slots }
}

/// Minimal JSON text for table rows and exports.
public enum JSON {
    /// A JSON string literal, with control characters, quotes and backslashes escaped,
    /// and `<`, `>`, `&` escaped so the text is safe inside HTML too.
    public static func string(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }

    /// A cell as a JSON value.
    public static func value(_ c: Cell) -> String {
        switch c {
        case .text(let s): return string(s)
        case .int(let i): return String(i)
        case .double(let d): return d.isFinite ? Cell.format(d) : "null"
        case .bool(let b): return b ? "true" : "false"
        case .empty: return "null"
        }
    }
}
