import AuthorNames
import Foundation

/// Reads BibTeX and biblatex files, streaming entry by entry.
///
/// ## Grammar (as BibTeX and biber accept it)
/// - Entries `@type{key, field = value, …}` or `@type(key, …)`, types in any
///   case; free text between entries is a comment; `@comment{…}` and
///   `@preamble{…}` are skipped.
/// - Values: `{braced}` (nested braces), `"quoted"`, bare numbers, and
///   `@string` macros (the month macros `jan`…`dec` are predefined), joined
///   with `#`. Trailing commas are accepted. A repeated field is a warning;
///   the first value wins.
/// - `crossref`: an entry inherits `author`, `editor`, `year`, `date` and
///   `month` from the entry it references (which, as BibTeX requires, usually
///   comes later in the file: such entries are held until the end).
/// - Names: `author` (or, when absent, `editor`) through BibTeX's name rules,
///   including biblatex's `given=…, family=…` form and `author+an:orcid`
///   annotations.
///
/// ## Errors
/// An unbalanced entry, a missing key or an unterminated string is reported
/// with file and line; the reader resynchronizes at the next line that starts
/// with `@` and goes on.
///
/// ## Encodings
/// UTF-8 (with or without BOM) and UTF-16 with a BOM are read as they are;
/// bytes that are not valid UTF-8 are read as Windows-1252 (a superset of
/// Latin-1), with one warning per file.
///
/// Memory is bounded by the largest entry plus one read chunk, plus the
/// `@string` macros and the entries waiting for a crossref target.
public struct BibTeXReader: BibliographyReader {
    /// Creates a reader.
    public init() {}

    public func read(_ input: TextInput, options: ReaderOptions, log: DiagnosticLog, emit: (PaperRecord) throws -> Void) throws {
        var parser = _BibTeXParser(input: input, log: log)
        try parser.run(emit: emit)
    }
}

/// Fields the reader uses; others are scanned without building strings.
private let wantedFields: Set<String> = [
    "author", "editor", "title", "year", "date", "month", "doi", "eprint", "archiveprefix", "eprinttype", "pmid",
    "url", "journal", "journaltitle", "booktitle", "crossref", "author+an:orcid", "orcid", "arxiv", "arxivid", "abstract",
    "volume", "number", "issue", "pages",
]

/// Entry types that other entries commonly cross-reference.
private let crossrefTargetTypes: Set<String> = ["proceedings", "book", "mvbook", "collection", "mvcollection", "mvproceedings", "reference", "periodical"]

/// Fields kept from a crossref target.
private let inheritedFields: Set<String> = ["author", "editor", "year", "date", "month", "booktitle", "title", "author+an:orcid"]

private let monthNames = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]

/// The predefined month macros.
private let monthMacros: [String: String] = [
    "jan": "January", "feb": "February", "mar": "March", "apr": "April", "may": "May", "jun": "June",
    "jul": "July", "aug": "August", "sep": "September", "oct": "October", "nov": "November", "dec": "December",
]

struct _BibTeXParser {
    let input: TextInput
    let log: DiagnosticLog
    var buf: [UInt8] = []
    var pos = 0            // next byte to look at
    var line = 1           // line number at `pos`
    var eof = false
    var macros: [String: String] = monthMacros
    var warnedEncoding = false
    var nameCache: [String: PersonName] = [:]
    /// Entries waiting for their crossref target: (record, target key, raw inheritable fields).
    var pending: [(record: PaperRecord, target: String)] = []
    /// Inheritable fields of entries that are crossref targets (or may be).
    var targets: [String: [String: String]] = [:]
    var entryOrdinal = 0

    init(input: TextInput, log: DiagnosticLog) {
        self.input = input
        self.log = log
    }

    var file: String { input.name }

    /// Ensures at least `n` bytes from `pos` are buffered, or eof. Returns false at eof.
    mutating func ensure(_ n: Int) throws -> Bool {
        while buf.count - pos < n {
            if eof { return false }
            if pos > (1 << 20) && pos > buf.count / 2 {
                buf.removeFirst(pos)
                pos = 0
            }
            if let c = try input.nextChunk() { buf.append(contentsOf: c) } else { eof = true }
        }
        return true
    }

    mutating func run(emit: (PaperRecord) throws -> Void) throws {
        while true {
            // Free text: skip to the next '@'.
            guard try skipTo(UInt8(ascii: "@")) else { break }
            let entryLine = line
            let atLineStart = atStartOfLine(pos)
            pos += 1
            // Entry type.
            _ = try ensure(64)
            skipSpace()
            let typeStart = pos
            while try ensure(1), isIdentByte(buf[pos]) { pos += 1 }
            let type = String(decoding: buf[typeStart..<pos], as: UTF8.self).lowercased()
            if type.isEmpty { continue }  // a stray '@' in free text
            skipSpaceCountingLines()
            guard try ensure(1) else { break }
            let open = buf[pos]
            guard open == UInt8(ascii: "{") || open == UInt8(ascii: "(") else {
                if type != "comment" && atLineStart {
                    log.report(Diagnostic(.warning, file: file, line: entryLine, message: "\"@\(type)\" is not followed by { or (; skipped as free text"))
                }
                continue
            }
            if type == "comment" {
                // @comment{…}: skip a balanced group (BibTeX ignores it).
                _ = try scanEntryBody(open: open, startLine: entryLine, recovering: false)
                continue
            }
            guard let (body, bodyLine) = try scanEntryBody(open: open, startLine: entryLine, recovering: true) else { continue }
            entryOrdinal += 1
            try handleEntry(type: type, body: body, line: bodyLine, entryLine: entryLine, emit: emit)
        }
        // Entries that wait for a crossref target.
        for (r, target) in pending {
            var rec = r
            if let t = targets[target.lowercased()] {
                inherit(&rec, from: t)
            } else {
                log.report(Diagnostic(.warning, file: file, line: rec.source.line, record: rec.source.key,
                                      message: "crossref target \"\(target)\" not found; nothing inherited"))
            }
            try emit(rec)
        }
    }

    // MARK: Scanning

    func isIdentByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x5F || b == 0x2D || b == 0x2B || b == 0x3A
    }

    /// True when only spaces precede `i` on its line.
    func atStartOfLine(_ i: Int) -> Bool {
        var j = i - 1
        while j >= 0, buf[j] == 0x20 || buf[j] == 0x09 { j -= 1 }
        return j < 0 || buf[j] == 0x0A || buf[j] == 0x0D
    }

    mutating func skipSpace() {
        while pos < buf.count, buf[pos] == 0x20 || buf[pos] == 0x09 { pos += 1 }
    }

    mutating func skipSpaceCountingLines() {
        while pos < buf.count {
            let b = buf[pos]
            if b == 0x0A { line += 1 } else if b != 0x20 && b != 0x09 && b != 0x0D { break }
            pos += 1
        }
    }

    /// Advances to the next occurrence of `byte`, counting lines. False at eof.
    mutating func skipTo(_ byte: UInt8) throws -> Bool {
        while true {
            while pos < buf.count {
                let b = buf[pos]
                if b == byte { return true }
                if b == 0x0A { line += 1 }
                pos += 1
            }
            if !(try ensure(1)) { return false }
        }
    }

    /// True when `i` starts a line that begins an entry: optional spaces, '@', letters, then { or (.
    func startsEntryLine(_ i: Int) -> Bool {
        var j = i
        while j < buf.count, buf[j] == 0x20 || buf[j] == 0x09 { j += 1 }
        guard j < buf.count, buf[j] == UInt8(ascii: "@") else { return false }
        j += 1
        let s = j
        while j < buf.count, isIdentByte(buf[j]) { j += 1 }
        if j == s { return false }
        while j < buf.count, buf[j] == 0x20 || buf[j] == 0x09 { j += 1 }
        return j < buf.count && (buf[j] == UInt8(ascii: "{") || buf[j] == UInt8(ascii: "("))
    }

    /// Scans from the opening delimiter at `pos` to its match. Returns the body bytes
    /// (between the delimiters) and the line of the body's start, or nil when the entry
    /// is unterminated (reported; the scan resumes at the next entry line).
    ///
    /// While scanning, `pos` stays at the body's first byte (so buffer compaction keeps
    /// it); `off` is the scan position relative to it.
    mutating func scanEntryBody(open: UInt8, startLine: Int, recovering: Bool) throws -> ([UInt8], Int)? {
        let close: UInt8 = open == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: ")")
        pos += 1
        let bodyLine = line
        var depth = 0
        var inQuote = false
        var off = 0
        var lineAt = line
        func finish(_ end: Int, resumeAt: Int) -> ([UInt8], Int) {
            let body = Array(buf[pos..<(pos + end)])
            pos += resumeAt
            line = lineAt
            return (body, bodyLine)
        }
        while true {
            if pos + off >= buf.count {
                if !(try ensure(off + 1)) {
                    if recovering && depth == 0 && !inQuote {
                        log.report(Diagnostic(.error, file: file, line: startLine,
                                              message: "entry has no closing \(close == UInt8(ascii: "}") ? "}" : ")"); read to the end of the file"))
                        return finish(off, resumeAt: off)
                    }
                    log.report(Diagnostic(.error, file: file, line: startLine,
                                          message: "entry is not closed before the end of the file (unbalanced braces or an unterminated string); entry skipped"))
                    pos = buf.count
                    line = lineAt
                    return nil
                }
            }
            let b = buf[pos + off]
            if b == 0x0A {
                lineAt += 1
                if recovering {
                    _ = try ensure(off + 80)
                    if startsEntryLine(pos + off + 1) {
                        if depth > 0 || inQuote {
                            log.report(Diagnostic(.error, file: file, line: startLine,
                                                  message: "entry is not closed before the next entry at line \(lineAt) (unbalanced braces or an unterminated string); entry skipped"))
                            pos += off + 1
                            line = lineAt
                            return nil
                        }
                        log.report(Diagnostic(.error, file: file, line: startLine,
                                              message: "entry has no closing \(close == UInt8(ascii: "}") ? "}" : ")") before the next entry at line \(lineAt); read up to there"))
                        return finish(off, resumeAt: off + 1)
                    }
                }
            } else if b == UInt8(ascii: "\\") {
                // Skip the escaped byte, but never a line break (line numbers stay right).
                off += (pos + off + 1 < buf.count && buf[pos + off + 1] == 0x0A) ? 1 : 2
                continue
            } else if b == UInt8(ascii: "{") {
                depth += 1
            } else if b == UInt8(ascii: "}") {
                if depth == 0 && close == b && !inQuote { return finish(off, resumeAt: off + 1) }
                depth = max(0, depth - 1)
            } else if b == UInt8(ascii: "\"") && depth == 0 {
                inQuote.toggle()
            } else if b == close && depth == 0 && !inQuote {
                return finish(off, resumeAt: off + 1)
            }
            off += 1
        }
    }

    // MARK: Entries

    /// Decodes bytes as UTF-8, or Windows-1252 with one warning per file.
    mutating func decode(_ bytes: ArraySlice<UInt8>, line: Int) -> String {
        if let s = String(validating: bytes, as: UTF8.self) { return s }
        if !warnedEncoding {
            warnedEncoding = true
            log.report(Diagnostic(.warning, file: file, line: line, message: "not valid UTF-8; read as Windows-1252 (Latin-1) from here on where needed"))
        }
        return TextDecoding.windows1252(bytes)
    }

    mutating func handleEntry(type: String, body: [UInt8], line: Int, entryLine: Int, emit: (PaperRecord) throws -> Void) throws {
        var p = _FieldParser(bytes: body, line: line)
        switch type {
        case "preamble":
            return
        case "string":
            let fields = p.fields(parser: &self, wantAll: true, recordName: "@string")
            for (name, value) in fields { macros[name] = value }
            return
        default:
            break
        }
        let key = p.key()
        let recordName = key ?? "entry at line \(entryLine)"
        if key == nil {
            log.report(Diagnostic(.warning, file: file, line: entryLine, record: "@\(type)", message: "entry has no key"))
        }
        let fields = p.fields(parser: &self, wantAll: false, recordName: recordName)
        var f: [String: String] = [:]
        for (k, v) in fields where f[k] == nil { f[k] = v }
        // Any entry may be a crossref target, before or after the entries that use it (biber allows
        // both); keys compare case-insensitively, as in BibTeX. Only the inheritable fields are kept
        // (a title only for book-like entries, where it becomes the child's venue).
        if let k = key {
            let bookLike = crossrefTargetTypes.contains(type)
            let kept = f.filter { inheritedFields.contains($0.key) && ($0.key != "title" || bookLike) }
            if !kept.isEmpty { targets[k.lowercased()] = kept }
        }
        var record = makeRecord(type: type, key: key, fields: f, entryLine: entryLine)
        if let target = f["crossref"]?.trimmingCharacters(in: .whitespaces), !target.isEmpty {
            if let t = targets[target.lowercased()] {
                inherit(&record, from: t)
            } else {
                pending.append((record, target))
                return
            }
        }
        try emit(record)
    }

    /// Parses a name list; each distinct written name is parsed once.
    mutating func names(_ raw: String) -> (names: [PersonName], truncated: Bool) {
        let (list, truncated) = NameParser.splitBibTeXList(raw)
        var parsed: [PersonName] = []
        parsed.reserveCapacity(list.count)
        for w in list {
            let n: PersonName
            if let c = nameCache[w] { n = c } else {
                n = NameParser.bibtex(w)
                if nameCache.count < 1_000_000 { nameCache[w] = n }
            }
            if !n.family.isEmpty || !n.given.isEmpty { parsed.append(n) }
        }
        return (parsed, truncated)
    }

    mutating func makeRecord(type: String, key: String?, fields f: [String: String], entryLine: Int) -> PaperRecord {
        let source = SourceLocation(file: file, line: entryLine, key: key)
        var record = PaperRecord(source: source, title: "", authors: [], entryType: type)
        if let t = f["title"] { record.title = LaTeX.toUnicode(t).collapsingWhitespace() }
        applyNames(&record, fields: f)
        applyDate(&record, fields: f)
        if let d = f["doi"] { record.doi = Identifiers.doi(d) }
        if record.doi == nil, let u = f["url"] { record.doi = Identifiers.doi(fromURL: u) }
        let eprintType = (f["archiveprefix"] ?? f["eprinttype"])?.lowercased()
        if let e = f["eprint"], eprintType == "arxiv" || Identifiers.looksLikeArxiv(e) { record.arxiv = Identifiers.arxiv(e) }
        if record.arxiv == nil, let a = f["arxiv"] ?? f["arxivid"] { record.arxiv = Identifiers.arxiv(a) }
        if record.arxiv == nil, let u = f["url"] { record.arxiv = Identifiers.arxiv(fromURL: u) }
        if let pm = f["pmid"] { record.pmid = pm.trimmingCharacters(in: .whitespaces) }
        if let u = f["url"] { record.url = u.trimmingCharacters(in: .whitespaces) }
        if let v = f["journal"] ?? f["journaltitle"] ?? f["booktitle"] { record.venue = LaTeX.toUnicode(v).collapsingWhitespace() }
        if let a = f["abstract"] { record.abstract = LaTeX.toUnicode(a).collapsingWhitespace() }
        record.setLocator(volume: f["volume"], issue: f["number"] ?? f["issue"], pages: f["pages"])
        return record
    }

    mutating func applyNames(_ record: inout PaperRecord, fields f: [String: String]) {
        guard let raw = f["author"] ?? f["editor"] else { return }
        let (list, truncated) = names(raw)
        var orcids: [Int: String] = [:]
        if let ann = f["author+an:orcid"], f["author"] != nil {
            // biblatex data annotation: 1="0000-…"; 2="…"
            for part in ann.split(separator: ";") {
                let kv = part.split(separator: "=", maxSplits: 1)
                if kv.count == 2, let i = Int(kv[0].trimmingCharacters(in: .whitespaces)) {
                    orcids[i] = kv[1].trimmingCharacters(in: CharacterSet(charactersIn: " \"{}"))
                }
            }
        }
        record.authors = list.enumerated().map { i, n in
            WrittenAuthor(name: n, identifiers: orcids[i + 1].map { [AuthorIdentifier(.orcid, $0)] } ?? [])
        }
        record.truncated = truncated
    }

    mutating func applyDate(_ record: inout PaperRecord, fields f: [String: String]) {
        var year: Int?, month: Int?, day: Int?
        if let y = f["year"] { year = Identifiers.firstYear(in: y) }
        if let d = f["date"].flatMap({ PartialDate(parsing: $0) }) {
            if year == nil { year = d.year }
            if d.year == year { month = d.month; day = d.day }
        }
        if month == nil, let m = f["month"] { month = Identifiers.month(m) }
        if let y = year { record.date = PartialDate(year: y, month: month, day: day) }
    }

    func inherit(_ record: inout PaperRecord, from t: [String: String]) {
        var r = record
        var copy = self
        if r.authors.isEmpty, t["author"] != nil || t["editor"] != nil {
            copy.applyNames(&r, fields: t)
        }
        if r.date == nil { copy.applyDate(&r, fields: t) }
        if r.venue == nil, let b = t["booktitle"] ?? t["title"] { r.venue = LaTeX.toUnicode(b).collapsingWhitespace() }
        record = r
    }
}

/// Parses the inside of one entry: the key, then `name = value` fields.
struct _FieldParser {
    let bytes: [UInt8]
    let line: Int
    var i = 0

    init(bytes: [UInt8], line: Int) {
        self.bytes = bytes
        self.line = line
    }

    func lineAt(_ k: Int) -> Int {
        var n = line
        var j = 0
        while j < k && j < bytes.count { if bytes[j] == 0x0A { n += 1 }; j += 1 }
        return n
    }

    mutating func skipWS() {
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { i += 1 } else { break }
        }
    }

    /// Reads the key: everything up to the first comma; nil when the entry starts with a field.
    mutating func key() -> String? {
        skipWS()
        let s = i
        while i < bytes.count, bytes[i] != UInt8(ascii: ","), bytes[i] != UInt8(ascii: "=") { i += 1 }
        if i < bytes.count, bytes[i] == UInt8(ascii: "=") {
            // No key: this is the first field.
            i = s
            return nil
        }
        var e = i
        while e > s, bytes[e - 1] == 0x20 || bytes[e - 1] == 0x09 || bytes[e - 1] == 0x0A || bytes[e - 1] == 0x0D { e -= 1 }
        if i < bytes.count { i += 1 }
        if e == s { return nil }
        return String(decoding: bytes[s..<e], as: UTF8.self)
    }

    /// Reads every field; with `wantAll` false, values of unused fields are skipped.
    mutating func fields(parser: inout _BibTeXParser, wantAll: Bool, recordName: String) -> [(String, String)] {
        var out: [(String, String)] = []
        var seen: [String] = []
        while true {
            skipWS()
            while i < bytes.count, bytes[i] == UInt8(ascii: ",") { i += 1; skipWS() }
            if i >= bytes.count { break }
            let nameStart = i
            while i < bytes.count {
                let b = bytes[i]
                if b == UInt8(ascii: "=") || b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == UInt8(ascii: ",")
                    || b == UInt8(ascii: "{") || b == UInt8(ascii: "}") || b == UInt8(ascii: "\"") { break }
                i += 1
            }
            let name = String(decoding: bytes[nameStart..<i], as: UTF8.self).lowercased()
            skipWS()
            guard !name.isEmpty, i < bytes.count, bytes[i] == UInt8(ascii: "=") else {
                parser.log.report(Diagnostic(.warning, file: parser.file, line: lineAt(nameStart), record: recordName,
                                             message: name.isEmpty ? "unexpected text where a field name should be; skipped to the next field"
                                                 : "field \"\(name)\" has no '='; skipped"))
                skipToComma()
                continue
            }
            i += 1
            let want = wantAll || wantedFields.contains(name)
            guard let value = value(parser: &parser, build: want, recordName: recordName, field: name) else {
                skipToComma()
                continue
            }
            if seen.contains(name) {
                parser.log.report(Diagnostic(.warning, file: parser.file, line: lineAt(nameStart), record: recordName,
                                             message: "field \"\(name)\" appears twice; the first value is kept"))
                continue
            }
            seen.append(name)
            if want { out.append((name, value)) }
        }
        return out
    }

    mutating func skipToComma() {
        var depth = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "{") { depth += 1 } else if b == UInt8(ascii: "}") { depth = max(0, depth - 1) } else if b == UInt8(ascii: ",") && depth == 0 { i += 1; return }
            i += 1
        }
    }

    /// Reads `part # part # …`. Returns nil (after reporting) for a malformed value.
    mutating func value(parser: inout _BibTeXParser, build: Bool, recordName: String, field: String) -> String? {
        var result: [UInt8] = []
        while true {
            skipWS()
            guard i < bytes.count else {
                parser.log.report(Diagnostic(.warning, file: parser.file, line: lineAt(i), record: recordName, message: "field \"\(field)\" has no value"))
                return nil
            }
            let b = bytes[i]
            if b == UInt8(ascii: "{") {
                var depth = 1
                let s = i + 1
                i += 1
                while i < bytes.count && depth > 0 {
                    let c = bytes[i]
                    if c == UInt8(ascii: "\\") { i += 2; continue }
                    if c == UInt8(ascii: "{") { depth += 1 } else if c == UInt8(ascii: "}") { depth -= 1 }
                    i += 1
                }
                if depth > 0 {
                    parser.log.report(Diagnostic(.error, file: parser.file, line: lineAt(s), record: recordName, message: "unbalanced braces in field \"\(field)\""))
                    return nil
                }
                if build { result.append(contentsOf: bytes[s..<(i - 1)]) }
            } else if b == UInt8(ascii: "\"") {
                var depth = 0
                let s = i + 1
                i += 1
                while i < bytes.count {
                    let c = bytes[i]
                    if c == UInt8(ascii: "\\") { i += 2; continue }
                    if c == UInt8(ascii: "{") { depth += 1 } else if c == UInt8(ascii: "}") { depth -= 1 } else if c == UInt8(ascii: "\"") && depth == 0 { break }
                    i += 1
                }
                if i >= bytes.count {
                    parser.log.report(Diagnostic(.error, file: parser.file, line: lineAt(s), record: recordName, message: "unterminated string in field \"\(field)\""))
                    return nil
                }
                if build { result.append(contentsOf: bytes[s..<i]) }
                i += 1
            } else if b >= 0x30 && b <= 0x39 {
                let s = i
                while i < bytes.count, bytes[i] >= 0x30 && bytes[i] <= 0x39 { i += 1 }
                if build { result.append(contentsOf: bytes[s..<i]) }
            } else if parser.isIdentByte(b) || b >= 0x80 {
                let s = i
                while i < bytes.count, parser.isIdentByte(bytes[i]) || bytes[i] >= 0x80 || bytes[i] == UInt8(ascii: ".") { i += 1 }
                let macro = String(decoding: bytes[s..<i], as: UTF8.self).lowercased()
                if let m = parser.macros[macro] {
                    if build { result.append(contentsOf: Array(m.utf8)) }
                } else {
                    parser.log.report(Diagnostic(.warning, file: parser.file, line: lineAt(s), record: recordName,
                                                 message: "undefined macro \"\(macro)\" in field \"\(field)\"; read as empty"))
                }
            } else {
                parser.log.report(Diagnostic(.warning, file: parser.file, line: lineAt(i), record: recordName,
                                             message: "unexpected character in the value of field \"\(field)\"; field skipped"))
                return nil
            }
            skipWS()
            if i < bytes.count, bytes[i] == UInt8(ascii: "#") { i += 1; continue }
            break
        }
        if !build { return "" }
        return parser.decode(result[...], line: line)
    }
}

/// Identifier normalization shared by readers.
public enum Identifiers {
    /// A DOI without URL or "doi:" prefix, lowercased; nil when it does not look like a DOI.
    public static func doi(_ raw: String) -> String? {
        // Lowercased once (DOIs are case-insensitive); prefixes are stripped in order.
        var s = Substring(raw.lowercased()).trimmingWhitespace()
        for prefix in ["https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi.org/", "doi:", "doi "] where s.hasPrefix(prefix) {
            s = s.dropFirst(prefix.count)
        }
        s = s.trimmingWhitespace()
        guard s.hasPrefix("10."), s.utf8.contains(0x2F) else { return nil }
        return String(s)
    }

    /// The DOI in a doi.org URL, if any.
    public static func doi(fromURL url: String) -> String? {
        let l = url.lowercased()
        guard l.contains("doi.org/10.") else { return nil }
        return doi(String(url[url.range(of: "10.", options: .caseInsensitive)!.lowerBound...]))
    }

    /// True for "2306.12345", "2306.12345v2", "math/0601001".
    public static func looksLikeArxiv(_ s: String) -> Bool { arxiv(s) != nil }

    /// An arXiv id without "arXiv:" prefix and version.
    public static func arxiv(_ raw: String) -> String? {
        var s = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if s.lowercased().hasPrefix("arxiv:") { s = String(s.dropFirst(6)) }
        if let r = s.range(of: "v", options: .backwards), s[r.upperBound...].allSatisfy(\.isNumber), !s[r.upperBound...].isEmpty,
           s[..<r.lowerBound].last?.isNumber == true
        {
            s = String(s[..<r.lowerBound])
        }
        let new = s.split(separator: ".")
        if new.count == 2, new[0].count == 4, new[0].allSatisfy(\.isNumber), (4...5).contains(new[1].count), new[1].allSatisfy(\.isNumber) { return s }
        let old = s.split(separator: "/")
        if old.count == 2, old[1].count == 7, old[1].allSatisfy(\.isNumber), old[0].allSatisfy({ $0.isLetter || $0 == "-" || $0 == "." }) { return s.lowercased() }
        return nil
    }

    /// The arXiv id of an arXiv DOI ("10.48550/arxiv.2001.12345"), if it is one.
    public static func arxiv(fromDOI doi: String) -> String? {
        let prefix = "10.48550/arxiv."
        guard doi.lowercased().hasPrefix(prefix) else { return nil }
        return arxiv(String(doi.dropFirst(prefix.count)))
    }

    /// The arXiv id in an arxiv.org URL, if any.
    public static func arxiv(fromURL url: String) -> String? {
        for marker in ["arxiv.org/abs/", "arxiv.org/pdf/"] {
            if let r = url.range(of: marker, options: .caseInsensitive) {
                var id = String(url[r.upperBound...])
                if id.hasSuffix(".pdf") { id.removeLast(4) }
                return arxiv(id)
            }
        }
        return nil
    }

    /// The first plausible four-digit year (1000–2999) in `s`.
    public static func firstYear(in s: String) -> Int? {
        var run = 0, value = 0
        var found: Int?
        func close() { if run == 4 && (value / 1000 == 1 || value / 1000 == 2) && found == nil { found = value } }
        for b in s.utf8 {
            if b >= 0x30 && b <= 0x39 {
                run += 1
                if run <= 4 { value = value * 10 + Int(b - 0x30) }  // longer runs are not years (and must not overflow)
            } else {
                close()
                if found != nil { return found }
                run = 0; value = 0
            }
        }
        close()
        return found
    }

    /// A month number from "3", "03", "mar", "March", "Mar." (nil when none).
    public static func month(_ raw: String) -> Int? {
        let s = raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        if let n = Int(s), (1...12).contains(n) { return n }
        if s.count >= 3, let i = monthNames.firstIndex(where: { $0.hasPrefix(String(s.prefix(3))) }) { return i + 1 }
        return nil
    }
}

extension String {
    /// Runs of white space (including newlines and non-breaking spaces) collapsed to one space, ends trimmed.
    func collapsingWhitespace() -> String {
        // Fast path: single ASCII spaces between words, nothing to trim.
        var clean = true
        var prev: UInt8 = 0x20
        for b in utf8 {
            if b == 0x09 || b == 0x0A || b == 0x0D || (b == 0x20 && prev == 0x20) || b == 0xC2 || b >= 0xE2 { clean = false; break }
            prev = b
        }
        if clean && prev != 0x20 { return self }
        var out = ""
        out.reserveCapacity(utf8.count)
        var pending = false
        for ch in self {
            if ch.isWhitespace { pending = !out.isEmpty; continue }
            if pending { out.append(" "); pending = false }
            out.append(ch)
        }
        return out
    }
}

extension Substring {
    /// Without leading and trailing white space (any Unicode white space or line break).
    func trimmingWhitespace() -> Substring {
        var a = startIndex, b = endIndex
        while a < b, self[a].isWhitespace { a = index(after: a) }
        while b > a, self[index(before: b)].isWhitespace { b = index(before: b) }
        return self[a..<b]
    }
}
