/// The rows of a CSV or TSV file, read byte by byte (RFC 4180 with the leniency of common readers).
///
/// A field that starts with a double quote runs to the closing quote; `""` inside it is one quote,
/// and delimiters and line breaks inside it are text. Text after the closing quote, up to the next
/// delimiter, is kept (`"ab"c` reads `abc`, as Python's csv module reads it); a quote inside an
/// unquoted field is text. Rows end at LF, CR or CRLF. A quoted field still open at the end of the
/// input ends there, and the row says so (``unterminated``): one stray quote must not swallow the
/// rest of a file unnoticed.
///
/// Fields are kept as bytes and decoded only when asked for, so columns a reader does not use
/// cost nothing but the scan; a field that is not valid UTF-8 is decoded as Windows-1252.
struct CSVRows {
    private let input: TextInput
    private let delimiter: UInt8
    private var buffer: [UInt8] = []
    private var pos = 0
    private var eof = false
    /// A row ended at a CR: a LF right after it belongs to the same line break.
    private var skipLF = false
    /// The physical line at `pos` (LF, CR and CRLF each end one line, as ``LineReader`` counts).
    private var line = 1
    /// The bytes of the current row's fields, one after another, and where each field ends.
    private var bytes: [UInt8] = []
    private var ends: [Int] = []
    /// The line the current row starts on.
    private(set) var rowLine = 0
    /// The line of the quote that opened a field still open at the end of the input, when the
    /// current row ended so.
    private(set) var unterminatedQuoteLine: Int?

    static let quote = UInt8(ascii: "\"")
    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D

    init(_ input: TextInput, delimiter: UInt8) {
        self.input = input
        self.delimiter = delimiter
    }

    /// The number of fields of the current row.
    var count: Int { ends.count }

    /// True when every field of the current row is empty (a blank line).
    var isBlank: Bool { bytes.isEmpty }

    /// The bytes of field `i` of the current row.
    func withField<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let start = i == 0 ? 0 : ends[i - 1]
        return try bytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[start..<ends[i]])) }
    }

    /// Field `i` of the current row as text, and whether it was read as Windows-1252.
    func field(_ i: Int) -> (text: String, fallback: Bool) {
        withField(i) { TextDecoding.decode($0) }
    }

    /// Reads the next row. Returns false at the end of the input.
    mutating func next() throws -> Bool {
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        unterminatedQuoteLine = nil
        if skipLF {
            guard try available() else { return false }
            skipLF = false
            if buffer[pos] == Self.lf { pos += 1 }
        }
        guard try available() else { return false }
        rowLine = line
        var state = ScanState()
        var out = bytes, fieldEnds = ends
        bytes = []
        ends = []
        defer {
            bytes = out
            ends = fieldEnds
        }
        while true {
            if pos >= buffer.count, try !available() {
                // The end of the input ends the row, and any field still open in it.
                if state.quoted && !state.quoteSeen { unterminatedQuoteLine = state.openLine }
                fieldEnds.append(out.count)
                return true
            }
            let chunk = buffer  // the scan moves `pos` and counts lines: it cannot borrow `self.buffer`
            let finished = chunk.withUnsafeBufferPointer { p in scan(p, &state, &out, &fieldEnds) }
            if finished { return true }
        }
    }

    /// Where a row's scan stands between two buffers.
    private struct ScanState {
        var quoted = false
        var atFieldStart = true
        /// A quote met inside a quoted field: the next byte tells a closing quote from `""`.
        var quoteSeen = false
        /// The last byte appended inside a quoted field was a CR (a LF after it is the same line break).
        var afterCR = false
        /// The line of the quote that opened the current quoted field.
        var openLine = 0
    }

    /// Scans `p` from `pos` on; true when the row ended (`pos` is then past its line break).
    private mutating func scan(_ p: UnsafeBufferPointer<UInt8>, _ s: inout ScanState, _ out: inout [UInt8], _ fieldEnds: inout [Int]) -> Bool {
        let n = p.count, delimiter = self.delimiter
        var i = pos
        defer { pos = i }
        while i < n {
            if s.quoted {
                if s.quoteSeen {
                    s.quoteSeen = false
                    if p[i] == Self.quote {
                        out.append(Self.quote)
                        i += 1
                        continue
                    }
                    s.quoted = false  // that quote closed the field; this byte is read as unquoted text
                    continue
                }
                var j = i
                while j < n, p[j] != Self.quote, p[j] != Self.lf, p[j] != Self.cr { j += 1 }
                if j > i {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: p[i..<j]))
                    s.afterCR = false
                    i = j
                }
                if i == n { break }
                let c = p[i]
                i += 1
                if c == Self.quote {
                    s.quoteSeen = true
                    s.afterCR = false
                } else {
                    if c == Self.cr || !s.afterCR { line += 1 }
                    s.afterCR = c == Self.cr
                    out.append(c)
                }
                continue
            }
            if s.atFieldStart {
                s.atFieldStart = false
                if p[i] == Self.quote {
                    s.quoted = true
                    s.openLine = line
                    i += 1
                    continue
                }
            }
            var j = i
            while j < n, p[j] != delimiter, p[j] != Self.lf, p[j] != Self.cr { j += 1 }
            if j > i {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: p[i..<j]))
                i = j
            }
            if i == n { break }
            let c = p[i]
            i += 1
            fieldEnds.append(out.count)
            if c == delimiter {
                s.atFieldStart = true
                continue
            }
            line += 1
            skipLF = c == Self.cr
            return true
        }
        return false
    }

    /// True when a byte is buffered at `pos`, reading the next chunk when needed; false at the end.
    private mutating func available() throws -> Bool {
        while pos >= buffer.count {
            if eof { return false }
            buffer.removeAll(keepingCapacity: true)
            pos = 0
            if let chunk = try input.nextChunk() { buffer = chunk } else { eof = true }
        }
        return true
    }
}
