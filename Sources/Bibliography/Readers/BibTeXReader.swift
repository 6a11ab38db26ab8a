import AuthorNames
import Dispatch
import Foundation
import Synchronization

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
/// ## Work on every core
/// The calling thread finds the entries (their delimiters, `@string` macros,
/// errors of structure) and hands them on in batches; the fields, names and
/// titles of a batch are parsed on one thread per other core (and on the
/// calling thread whenever it would wait) while the next batch is found; the
/// records are emitted in file order with their diagnostics, so the output and
/// the messages are the same as a one-thread read. Each distinct written name
/// is parsed once, whichever thread meets it first.
///
/// Memory is bounded by the largest entry plus one read chunk and three
/// batches of entries, plus the `@string` macros, the fields each keyed entry
/// could hand down to a crossref (author, editor, dates, booktitle), and the
/// entries waiting for a crossref target.
public struct BibTeXReader: BibliographyReader {
    /// Entries per batch handed to the parsing threads.
    static let batchSize = 2048

    /// Creates a reader.
    public init() {}

    public func read(_ input: TextInput, options: ReaderOptions, log: DiagnosticLog, emit: (consuming PaperRecord) throws -> Void) throws {
        var scanner = _BibTeXScanner(input: input, expectedRecords: options.expectedRecords)
        try scanner.run(log: log, emit: emit)
    }
}

/// The fields the reader uses; others are scanned without building strings.
enum _Field: Int, CaseIterable {
    // The fields a crossref target hands down come first (see ``_Inherited``).
    case author, editor, title, year, date, month, booktitle, authorORCID
    case doi, eprint, archiveprefix, eprinttype, pmid, url, journal, journaltitle, crossref, arxiv, arxivid, abstract,
         volume, number, issue, pages

    /// The field's name as written (lower case).
    var name: String {
        switch self {
        case .authorORCID: return "author+an:orcid"
        default: return String(describing: self)
        }
    }

    /// Every field's name in bytes, by raw value.
    static let names: [[UInt8]] = allCases.map { Array($0.name.utf8) }
    static let shortest = names.map(\.count).min()!, longest = names.map(\.count).max()!

    /// The field named by `bytes` (compared without case), or nil for a field the reader does not use.
    static func named(_ bytes: UnsafeBufferPointer<UInt8>) -> _Field? {
        let n = bytes.count
        guard n >= shortest, n <= longest else { return nil }
        let first = bytes[0] | 0x20
        for (k, name) in names.enumerated() where name.count == n && name[0] == first {
            var same = true
            for j in 1..<n where (bytes[j] >= 0x41 && bytes[j] <= 0x5A ? bytes[j] | 0x20 : bytes[j]) != name[j] { same = false; break }
            if same { return _Field(rawValue: k) }
        }
        return nil
    }

}

/// Field values by field.
protocol _FieldValues {
    subscript(_ field: _Field) -> String? { get }
}

/// The values of the fields the reader uses, by ``_Field`` raw value.
typealias _Fields = [String?]

extension _Fields: _FieldValues {
    subscript(_ field: _Field) -> String? { self[field.rawValue] }
}

/// What a crossref target hands down: author, editor, dates, booktitle, ORCID annotations, and its
/// title when it is book-like (the child's venue). Kept for every entry with a key, so stored inline.
struct _Inherited: _FieldValues, Sendable {
    var values: (String?, String?, String?, String?, String?, String?, String?, String?)

    /// The inheritable fields of `f`, or nil when it has none.
    init?(_ f: _Fields, bookLike: Bool) {
        values = (f[0], f[1], bookLike ? f[2] : nil, f[3], f[4], f[5], f[6], f[7])
        if values.0 == nil && values.1 == nil && values.2 == nil && values.3 == nil && values.4 == nil && values.5 == nil
            && values.6 == nil && values.7 == nil { return nil }
    }

    subscript(_ field: _Field) -> String? {
        switch field {
        case .author: return values.0
        case .editor: return values.1
        case .title: return values.2
        case .year: return values.3
        case .date: return values.4
        case .month: return values.5
        case .booktitle: return values.6
        case .authorORCID: return values.7
        default: return nil
        }
    }
}

/// Entry types that other entries commonly cross-reference.
private let crossrefTargetTypes: Set<String> = ["proceedings", "book", "mvbook", "collection", "mvcollection", "mvproceedings", "reference", "periodical"]

/// The predefined month macros.
private let monthMacros: [String: String] = [
    "jan": "January", "feb": "February", "mar": "March", "apr": "April", "may": "May", "jun": "June",
    "jul": "July", "aug": "August", "sep": "September", "oct": "October", "nov": "November", "dec": "December",
]

/// One entry as found: its type, the bytes between its delimiters, where it is, the macros defined
/// before it, and the diagnostics the scan reported before it (in file order).
struct _RawEntry: Sendable {
    var type: String
    var body: [UInt8]
    var bodyLine: Int
    var entryLine: Int
    var macros: [String: String]
    /// Diagnostics that come before this entry; an item with no type carries only these.
    var before: [Diagnostic] = []
    /// The first line read as Windows-1252 before this entry (in an `@string`), if any, and how
    /// many of `before` come ahead of it.
    var encodingBefore: (line: Int, at: Int)?
}

/// One entry parsed: its record (nil when unusable), the inheritable fields when it may be a
/// crossref target, its crossref, and what was reported.
struct _ParsedEntry: Sendable {
    var record: PaperRecord? = nil
    /// The key, when the entry has one and fields to hand down (lowercased and hashed only when
    /// a crossref asks for it).
    var targetKey: String?
    var targetFields: _Inherited?
    var crossref: String?
    var diagnostics: [Diagnostic] = []
    /// The entry's line when a value in it was read as Windows-1252, and how many diagnostics came before.
    var encoding: (line: Int, at: Int)?
    var before: [Diagnostic] = []
    var encodingBefore: (line: Int, at: Int)?
}

/// Parses entries: the state one thread needs (the diagnostics of the entry it is parsing; the
/// cache of parsed names is shared). Used by one thread at a time.
final class _EntryParser: @unchecked Sendable {
    let file: String
    /// Names parsed so far, shared by the threads of one read.
    let names: NameCache
    /// Diagnostics of the entry being parsed.
    var diagnostics: [Diagnostic] = []
    /// The known fields' values of the entry being parsed (all nil between entries).
    @exclusivity(unchecked) private var fields = _Fields(repeating: nil, count: _Field.allCases.count)
    /// Set when a value of the entry being parsed was not valid UTF-8: its line, and the number of
    /// diagnostics reported before (the warning goes there, once per file).
    var encoding: (line: Int, at: Int)?

    init(file: String, names: NameCache) {
        self.file = file
        self.names = names
    }

    func report(_ d: Diagnostic) { diagnostics.append(d) }

    /// Decodes bytes as UTF-8, or as Windows-1252 (noted, for one warning per file).
    func decode(_ bytes: ArraySlice<UInt8>, line: Int) -> String {
        let (text, fallback) = TextDecoding.decode(bytes)
        if fallback && encoding == nil { encoding = (line, diagnostics.count) }
        return text
    }

    /// Parses one entry (not `@string`, `@comment` or `@preamble`).
    func parse(_ raw: _RawEntry) -> _ParsedEntry {
        var out = _ParsedEntry()
        parse(raw, into: &out)
        return out
    }

    /// Parses one entry into `out`, a new entry: filled where it stays (an entry or a record returned
    /// by value is copied whole, a few hundred bytes and a reference count per field).
    func parse(_ raw: _RawEntry, into out: inout _ParsedEntry) {
        diagnostics = []
        encoding = nil
        var p = _FieldParser(bytes: raw.body, line: raw.bodyLine)
        let key = p.key()
        let recordName = key ?? "entry at line \(raw.entryLine)"
        if key == nil {
            report(Diagnostic(.warning, file: file, line: raw.entryLine, record: "@\(raw.type)", message: "entry has no key"))
        }
        // The fields in this parser's array, emptied again at the end: an array made per entry
        // costs an allocation, and its release destroys each place through generic code.
        var f: _Fields = []
        swap(&f, &fields)
        defer {
            f.withUnsafeMutableBufferPointer { b in for k in b.indices { b[k] = nil } }
            swap(&f, &fields)
        }
        p.knownFields(into: &f, parser: self, macros: raw.macros, recordName: recordName)
        out.before = raw.before
        out.encodingBefore = raw.encodingBefore
        // Any entry may be a crossref target, before or after the entries that use it (biber allows
        // both); keys compare case-insensitively, as in BibTeX. Only the inheritable fields are kept
        // (a title only for book-like entries, where it becomes the child's venue).
        if let key, let kept = _Inherited(f, bookLike: crossrefTargetTypes.contains(raw.type)) {
            out.targetKey = key
            out.targetFields = kept
        }
        out.record = PaperRecord(source: SourceLocation(file: file, line: raw.entryLine, key: key), title: "", authors: [],
                                 entryType: raw.type)
        fillRecord(&out.record!, fields: f)
        if let target = f[_Field.crossref.rawValue]?.trimmingHorizontalWhitespace(), !target.isEmpty {
            out.crossref = target
        } else {
            PaperMerger.setKeys(&out.record!)
        }
        out.diagnostics = diagnostics
        out.encoding = encoding
    }

    /// Parses a name list into author slots (no identifiers yet); each distinct written name is
    /// parsed once. The slots are made as the names come: a list of names mapped to slots
    /// afterwards would retain and release every name once more, and those counts are shared
    /// with the other parsing threads.
    func names(_ raw: String) -> (slots: [WrittenAuthor], truncated: Bool) {
        var slots: [WrittenAuthor] = []
        var field = raw
        let truncated = field.withUTF8 { bytes -> Bool in
            guard let base = bytes.baseAddress else { return false }
            // The names' places first, so the slots are allocated once, at their number (grown
            // name by name, most lists would be copied twice). Each name but the last takes at
            // least six bytes with its " and ", so there are at most count / 5 + 1 of them.
            let capacity = bytes.count / 5 + 1
            return withUnsafeTemporaryAllocation(of: (start: Int, count: Int).self, capacity: capacity) { places -> Bool in
                var k = 0
                let truncated = NameParser.forEachBibTeXListName(bytes) { w in
                    precondition(k < capacity)
                    places[k] = (w.baseAddress! - base, w.count)
                    k += 1
                }
                slots.reserveCapacity(k)
                for j in 0..<k {
                    let n = names.name(bytes: UnsafeBufferPointer(start: base + places[j].start, count: places[j].count))
                    if !n.family.isEmpty || !n.given.isEmpty { slots.append(WrittenAuthor(name: n)) }
                }
                return truncated
            }
        }
        return (slots, truncated)
    }

    /// Fills a new record (its source and type set) from the entry's fields.
    func fillRecord(_ record: inout PaperRecord, fields f: _Fields) {
        func v(_ field: _Field) -> String? { f[field.rawValue] }
        if let t = v(.title) { record.title = LaTeX.toUnicode(t).collapsingWhitespace() }
        applyNames(&record, fields: f)
        applyDate(&record, fields: f)
        if let d = v(.doi) { record.doi = Identifiers.doi(d) }
        if record.doi == nil, let u = v(.url) { record.doi = Identifiers.doi(fromURL: u) }
        let eprintType = (v(.archiveprefix) ?? v(.eprinttype))?.lowercased()
        if let e = v(.eprint), eprintType == "arxiv" || Identifiers.looksLikeArxiv(e) { record.arxiv = Identifiers.arxiv(e) }
        if record.arxiv == nil, let a = v(.arxiv) ?? v(.arxivid) { record.arxiv = Identifiers.arxiv(a) }
        if record.arxiv == nil, let u = v(.url) { record.arxiv = Identifiers.arxiv(fromURL: u) }
        if let pm = v(.pmid) { record.pmid = pm.trimmingHorizontalWhitespace() }
        if let u = v(.url) { record.url = u.trimmingHorizontalWhitespace() }
        if let ven = v(.journal) ?? v(.journaltitle) ?? v(.booktitle) { record.venue = LaTeX.toUnicode(ven).collapsingWhitespace() }
        if let a = v(.abstract) { record.abstract = LaTeX.toUnicode(a).collapsingWhitespace() }
        record.setLocator(volume: v(.volume), issue: v(.number) ?? v(.issue), pages: v(.pages))
    }

    func applyNames(_ record: inout PaperRecord, fields f: some _FieldValues) {
        guard let raw = f[.author] ?? f[.editor] else { return }
        var (list, truncated) = names(raw)
        var orcids: [Int: String] = [:]
        if let ann = f[.authorORCID], f[.author] != nil {
            // biblatex data annotation: 1="0000-…"; 2="…"
            for part in ann.split(separator: ";") {
                let kv = part.split(separator: "=", maxSplits: 1)
                if kv.count == 2, let i = Int(kv[0].trimmingHorizontalWhitespace()) {
                    orcids[i] = kv[1].trimmingCharacters(in: CharacterSet(charactersIn: " \"{}"))
                }
            }
        }
        for (i, orcid) in orcids where i >= 1 && i <= list.count { list[i - 1].identifiers = [AuthorIdentifier(.orcid, orcid)] }
        record.authors = list
        record.truncated = truncated
    }

    func applyDate(_ record: inout PaperRecord, fields f: some _FieldValues) {
        var year: Int?, month: Int?, day: Int?
        if let y = f[.year] { year = Identifiers.firstYear(in: y) }
        if let d = f[.date].flatMap({ PartialDate(parsing: $0) }) {
            if year == nil { year = d.year }
            if d.year == year { month = d.month; day = d.day }
        }
        if month == nil, let m = f[.month] { month = Identifiers.month(m) }
        if let y = year { record.date = PartialDate(year: y, month: month, day: day) }
    }

    /// Fills what `record` lacks from its crossref target's fields.
    func inherit(_ record: inout PaperRecord, from t: _Inherited) {
        if record.authors.isEmpty, t[.author] != nil || t[.editor] != nil {
            applyNames(&record, fields: t)
        }
        if record.date == nil { applyDate(&record, fields: t) }
        if record.venue == nil, let b = t[.booktitle] ?? t[.title] {
            record.venue = LaTeX.toUnicode(b).collapsingWhitespace()
        }
    }
}

extension _Batch where Input == _RawEntry, Output == _ParsedEntry {
    /// Parses pieces until none is left, each entry filled where it stays in its piece.
    func work(with parser: _EntryParser) {
        work { range in
            [_ParsedEntry](unsafeUninitializedCapacity: range.count) { buffer, count in
                for k in range {
                    let slot = buffer.baseAddress! + (k - range.lowerBound)
                    slot.initialize(to: _ParsedEntry())
                    count += 1
                    parser.parse(inputs[k], into: &slot.pointee)
                }
            }
        }
    }
}

/// Finds the entries of a BibTeX file (on the calling thread), has them parsed (on every core),
/// and emits the records in file order.
struct _BibTeXScanner {
    let input: TextInput
    var buf: [UInt8] = []
    var pos = 0            // next byte to look at
    var line = 1           // line number at `pos`
    var eof = false
    var macros: [String: String] = monthMacros
    /// Diagnostics of the scan not yet handed on with an entry.
    var pending: [Diagnostic] = []
    var pendingEncoding: (line: Int, at: Int)?
    /// One parser per parsing thread.
    let workers: [_EntryParser]
    /// The parser of this thread: entries when it would otherwise wait, `@string` values, inherited fields.
    let local: _EntryParser
    // The ordered output stage.
    var warnedEncoding = false
    /// Entries waiting for their crossref target.
    var waiting: [(record: PaperRecord, target: String)] = []
    /// Inheritable fields of entries that are crossref targets (or may be), by lowercased key.
    var targets: [HashedKey: _Inherited] = [:]
    /// Entries' inheritable fields not yet in `targets`, in file order: the table is built at the
    /// first crossref, so a file without crossrefs (most) never hashes its keys.
    /// (In chunks: an array grown to one place per entry would be copied, and its pages touched,
    /// at each doubling.)
    var unindexedTargets = ChunkedStore<(key: String, fields: _Inherited)>()

    /// The inheritable fields of the entry with this lowercased key (the last such entry so far).
    mutating func targetFields(_ key: HashedKey) -> _Inherited? {
        if unindexedTargets.count > 0 {
            for i in 0..<unindexedTargets.count { unindexedTargets.read(i) { t in targets[HashedKey(t.key.lowercased())] = t.fields } }
            unindexedTargets = ChunkedStore()
        }
        return targets[key]
    }

    init(input: TextInput, expectedRecords: Int = 0) {
        self.input = input
        // Per read, with BibTeX's rules; sized for about one new name per record (large files of
        // one field hold about that many), so its tables need not grow step by step.
        let names = NameCache(expectedNames: expectedRecords) { NameParser.bibtex($0) }
        local = _EntryParser(file: input.name, names: names)
        // One parsing thread per core but one: this thread parses too when it has nothing else to do.
        workers = (0..<max(1, ProcessInfo.processInfo.activeProcessorCount - 1)).map { _ in _EntryParser(file: input.name, names: names) }
    }

    var file: String { input.name }

    /// Ensures at least `n` bytes from `pos` are buffered, or eof. Returns false at eof.
    @inline(__always)
    mutating func ensure(_ n: Int) throws -> Bool {
        if buf.count - pos >= n { return true }  // (called per byte in places: the common case inline)
        return try refill(n)
    }

    /// ``ensure(_:)`` when more must be read.
    mutating func refill(_ n: Int) throws -> Bool {
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

    mutating func report(_ d: Diagnostic) { pending.append(d) }

    /// Starts parsing `entries` on the parsing threads.
    func launch(_ entries: [_RawEntry]) -> _Batch<_RawEntry, _ParsedEntry> {
        let batch = _Batch<_RawEntry, _ParsedEntry>(entries)
        for worker in workers {
            DispatchQueue.global().async(group: batch.group) { batch.work(with: worker) }
        }
        return batch
    }

    mutating func run(log: DiagnosticLog, emit: (consuming PaperRecord) throws -> Void) throws {
        var batch: [_RawEntry] = []
        batch.reserveCapacity(BibTeXReader.batchSize)
        var inFlight: _Batch<_RawEntry, _ParsedEntry>?
        defer { inFlight?.group.wait() }
        // A read error (a damaged .gz) ends the scan; what was read before it is still output.
        var readError: Error?
        while true {
            let next: _RawEntry?
            do { next = try nextEntry() } catch { readError = error; break }
            guard let entry = next else { break }
            batch.append(entry)
            guard batch.count == BibTeXReader.batchSize else { continue }
            // The previous batch is done: start this one, then emit the previous while this one is parsed.
            let previous = inFlight
            previous?.work(with: local)
            previous?.group.wait()
            inFlight = launch(batch)
            batch.removeAll(keepingCapacity: true)
            if let previous { try output(previous, log: log, emit: emit) }
        }
        if let last = inFlight {
            last.work(with: local)
            last.group.wait()
            inFlight = nil
            try output(last, log: log, emit: emit)
        }
        // The last entries (a small file is read on this thread alone).
        for raw in batch {
            var e = local.parse(raw)
            try output(&e, log: log, emit: emit)
        }
        var tail = _ParsedEntry(record: nil, before: pending, encodingBefore: pendingEncoding)
        try output(&tail, log: log)
        // Entries that wait for a crossref target.
        for (r, target) in waiting {
            var rec = r
            if let t = targetFields(HashedKey(target.lowercased())) {
                local.inherit(&rec, from: t)
            } else {
                log.report(Diagnostic(.warning, file: file, line: rec.source.line, record: rec.source.key,
                                      message: "crossref target \"\(target)\" not found; nothing inherited"))
            }
            try emit(rec)
        }
        // A large table is freed on a thread of its own (a small one is not worth a thread: a run
        // may read thousands of small files).
        // (Moved there, not copied: see the end of ``CorpusBuilder/build()``.)
        var targets = ChunkedStore<(key: String, fields: _Inherited)>()
        swap(&targets, &unindexedTargets)
        if targets.count > 10_000 { releaseInBackground(consume targets) }
        if let readError { throw readError }
    }

    /// Outputs a parsed batch in order, moving each entry out (its objects were made on other threads:
    /// copying would touch each one's reference count once more).
    mutating func output(_ batch: _Batch<_RawEntry, _ParsedEntry>, log: DiagnosticLog, emit: (consuming PaperRecord) throws -> Void) throws {
        for w in batch.results.indices {
            var part = batch.results[w]
            batch.results[w] = []
            for i in part.indices { try output(&part[i], log: log, emit: emit) }
        }
    }

    /// Reports an entry's diagnostics and emits its record, in file order (or holds it for its crossref target).
    mutating func output(_ e: inout _ParsedEntry, log: DiagnosticLog, emit: (consuming PaperRecord) throws -> Void = { _ in }) rethrows {
        func report(_ list: [Diagnostic], encoding: (line: Int, at: Int)?) {
            for (k, d) in list.enumerated() {
                if k == encoding?.at { reportEncoding(encoding!.line) }
                log.report(d)
            }
            if let encoding, encoding.at >= list.count { reportEncoding(encoding.line) }
        }
        func reportEncoding(_ line: Int) {
            guard !warnedEncoding else { return }
            warnedEncoding = true
            log.report(Diagnostic(.warning, file: file, line: line, message: "not valid UTF-8; read as Windows-1252 (Latin-1) from here on where needed"))
        }
        report(e.before, encoding: e.encodingBefore)
        report(e.diagnostics, encoding: e.encoding)
        // The record stays in the entry until it is handed on (taken out as a temporary, it is moved,
        // not copied).
        guard e.record != nil else { return }
        if let k = e.targetKey, let t = e.targetFields.take() { unindexedTargets.append((k, t)) }
        if let target = e.crossref {
            e.record!.mergeKeys = nil
            if let t = targetFields(HashedKey(target.lowercased())) {
                local.inherit(&e.record!, from: t)
            } else {
                waiting.append((e.record.take()!, target))
                return
            }
        }
        try emit(e.record.take()!)
    }

    /// The next entry to parse, with `@string`, `@comment` and `@preamble` handled on the way; nil at the end.
    mutating func nextEntry() throws -> _RawEntry? {
        while true {
            // Free text: skip to the next '@'.
            guard try skipTo(UInt8(ascii: "@")) else { return nil }
            let entryLine = line
            let atLineStart = atStartOfLine(pos)
            pos += 1
            // Entry type.
            _ = try ensure(64)
            skipSpace()
            let typeStart = pos
            while try ensure(1), _isIdentByte(buf[pos]) { pos += 1 }
            let type = String(decoding: buf[typeStart..<pos], as: UTF8.self).lowercased()
            if type.isEmpty { continue }  // a stray '@' in free text
            skipSpaceCountingLines()
            guard try ensure(1) else { return nil }
            let open = buf[pos]
            guard open == UInt8(ascii: "{") || open == UInt8(ascii: "(") else {
                if type != "comment" && atLineStart {
                    report(Diagnostic(.warning, file: file, line: entryLine, message: "\"@\(type)\" is not followed by { or (; skipped as free text"))
                }
                continue
            }
            if type == "comment" {
                // @comment{…}: skip a balanced group (BibTeX ignores it).
                _ = try scanEntryBody(open: open, startLine: entryLine, recovering: false)
                continue
            }
            guard let (body, bodyLine) = try scanEntryBody(open: open, startLine: entryLine, recovering: true) else { continue }
            switch type {
            case "preamble":
                continue
            case "string":
                defineMacros(body: body, line: bodyLine)
                continue
            default:
                let entry = _RawEntry(type: type, body: body, bodyLine: bodyLine, entryLine: entryLine, macros: macros,
                                      before: pending, encodingBefore: pendingEncoding)
                pending = []
                pendingEncoding = nil
                return entry
            }
        }
    }

    /// `@string{name = value, …}`: defines macros for the entries after it.
    mutating func defineMacros(body: [UInt8], line: Int) {
        local.diagnostics = []
        local.encoding = nil
        var p = _FieldParser(bytes: body, line: line)
        for (name, value) in p.allFields(parser: local, macros: macros, recordName: "@string") { macros[name] = value }
        if pendingEncoding == nil, let e = local.encoding { pendingEncoding = (e.line, pending.count + e.at) }
        pending.append(contentsOf: local.diagnostics)
    }

    // MARK: Scanning

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
        while j < buf.count, _isIdentByte(buf[j]) { j += 1 }
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
                        report(Diagnostic(.error, file: file, line: startLine,
                                          message: "entry has no closing \(close == UInt8(ascii: "}") ? "}" : ")"); read to the end of the file"))
                        return finish(off, resumeAt: off)
                    }
                    report(Diagnostic(.error, file: file, line: startLine,
                                      message: "entry is not closed before the end of the file (unbalanced braces or an unterminated string); entry skipped"))
                    pos = buf.count
                    line = lineAt
                    return nil
                }
            }
            // Fast path: the bytes that change nothing but the depth, the quoting and the line count,
            // over the buffered text without bounds checks; stops at a byte that needs the code below
            // (a line break when recovering, or a possible end of the entry) or at the end of the buffer.
            let start = pos + off
            // The bytes below 0x40 that need a look: line feed, quote, and ")" when it closes.
            let lowMask: UInt64 = (1 << 0x0A) | (1 << 0x22) | (close == UInt8(ascii: ")") ? 1 << 0x29 : 0)
            var d = depth, lines = lineAt  // locals in the loop (captured variables live in memory)
            // Eight bytes at a time (``ByteCount``) up to the next byte that may need a look.
            let closeParen = close == UInt8(ascii: ")")
            let scanned: Int = buf.withUnsafeBufferPointer { p in
                var o = start
                let n = p.count
                while o < n {
                    o = ByteCount.skip(p, from: o) { w in
                        let m = ByteCount.equal(w, 0x0A) | ByteCount.equal(w, 0x22) | ByteCount.equal(w, 0x5C) | ByteCount.equal(w, 0x7B)
                            | ByteCount.equal(w, 0x7D)
                        return closeParen ? m | ByteCount.equal(w, 0x29) : m
                    }
                    if o == n { break }
                    let c = p[o]
                    // Most bytes (letters, digits, spaces, punctuation) change nothing.
                    if c < 0x40 ? (lowMask >> UInt64(c)) & 1 == 0 : (c != 0x5C && c != 0x7B && c != 0x7D) {
                        o += 1
                        continue
                    }
                    if c == 0x0A {
                        if recovering {
                            // A line that may start an entry is for the code below (with 80 bytes to look at).
                            if o + 81 > n { break }
                            var j = o + 1
                            while j < n && (p[j] == 0x20 || p[j] == 0x09) { j += 1 }
                            if j >= n || p[j] == UInt8(ascii: "@") { break }
                        }
                        lines += 1
                    } else if c == UInt8(ascii: "{") {
                        d += 1
                    } else if c == UInt8(ascii: "\\") {
                        // The escaped byte is skipped, but never a line break (line numbers stay right).
                        if o + 1 >= n { break }
                        o += p[o + 1] == 0x0A ? 1 : 2
                        continue
                    } else if d > 0 {
                        // Inside braces a closing brace only lowers the depth; a quote or the other
                        // delimiter changes nothing.
                        if c == UInt8(ascii: "}") { d -= 1 }
                    } else {
                        break  // "}", the closing delimiter or a quote at depth 0: for the code below
                    }
                    o += 1
                }
                return o - start
            }
            depth = d
            lineAt = lines
            off += scanned
            if pos + off >= buf.count { continue }
            let b = buf[pos + off]
            if b == 0x0A {
                lineAt += 1
                if recovering {
                    _ = try ensure(off + 80)
                    if startsEntryLine(pos + off + 1) {
                        if depth > 0 || inQuote {
                            report(Diagnostic(.error, file: file, line: startLine,
                                              message: "entry is not closed before the next entry at line \(lineAt) (unbalanced braces or an unterminated string); entry skipped"))
                            pos += off + 1
                            line = lineAt
                            return nil
                        }
                        report(Diagnostic(.error, file: file, line: startLine,
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
}

/// Letters, digits and `_-+:`: the bytes of entry types, field names and macro names.
@inline(__always)
func _isIdentByte(_ b: UInt8) -> Bool {
    (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x5F || b == 0x2D || b == 0x2B || b == 0x3A
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

    /// A field name in lower case, for messages and macros.
    func name(_ r: Range<Int>) -> String { String(decoding: bytes[r], as: UTF8.self).lowercased() }

    /// True when the names at `a` and `b` are equal without case.
    func sameName(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
        guard a.count == b.count else { return false }
        for k in 0..<a.count {
            let x = bytes[a.lowerBound + k], y = bytes[b.lowerBound + k]
            if x != y && !(x | 0x20 == y | 0x20 && (x | 0x20) >= 0x61 && (x | 0x20) <= 0x7A) { return false }
        }
        return true
    }

    /// Reads every field into the slots of the fields the reader uses; other values are scanned, not built.
    /// Reads the fields the reader uses into `known` (one place per ``_Field``, all nil).
    mutating func knownFields(into known: inout _Fields, parser: _EntryParser, macros: [String: String], recordName: String) {
        var named: [(String, String)] = []
        readFields(parser: parser, macros: macros, recordName: recordName, all: false, known: &known, named: &named)
    }

    /// Reads every field, by name (for `@string`).
    mutating func allFields(parser: _EntryParser, macros: [String: String], recordName: String) -> [(String, String)] {
        var known: _Fields = []
        var named: [(String, String)] = []
        readFields(parser: parser, macros: macros, recordName: recordName, all: true, known: &known, named: &named)
        return named
    }

    private mutating func readFields(parser: _EntryParser, macros: [String: String], recordName: String, all: Bool,
                                     known: inout _Fields, named: inout [(String, String)]) {
        var seenKnown: UInt32 = 0
        var seenOther: [Range<Int>] = []
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
            let nameRange = nameStart..<i
            skipWS()
            guard !nameRange.isEmpty, i < bytes.count, bytes[i] == UInt8(ascii: "=") else {
                parser.report(Diagnostic(.warning, file: parser.file, line: lineAt(nameStart), record: recordName,
                                         message: nameRange.isEmpty ? "unexpected text where a field name should be; skipped to the next field"
                                             : "field \"\(name(nameRange))\" has no '='; skipped"))
                skipToComma()
                continue
            }
            i += 1
            let field = all ? nil : bytes.withUnsafeBufferPointer { _Field.named(UnsafeBufferPointer(rebasing: $0[nameRange])) }
            guard let value = value(parser: parser, macros: macros, build: all || field != nil, recordName: recordName, field: nameRange) else {
                skipToComma()
                continue
            }
            let repeated: Bool
            if let field {
                repeated = seenKnown & (1 << UInt32(field.rawValue)) != 0
                seenKnown |= 1 << UInt32(field.rawValue)
            } else {
                repeated = seenOther.contains { sameName($0, nameRange) }
                if !repeated { seenOther.append(nameRange) }
            }
            if repeated {
                parser.report(Diagnostic(.warning, file: parser.file, line: lineAt(nameStart), record: recordName,
                                         message: "field \"\(name(nameRange))\" appears twice; the first value is kept"))
                continue
            }
            if let field { known[field.rawValue] = value } else if all { named.append((name(nameRange), value)) }
        }
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
    mutating func value(parser: _EntryParser, macros: [String: String], build: Bool, recordName: String, field: Range<Int>) -> String? {
        // A value of one part (most) is decoded straight from the entry's bytes; the parts of a
        // `#` concatenation are gathered in `result`.
        var result: [UInt8] = []
        var single: Range<Int>?
        var parts = 0
        func add(_ range: Range<Int>) {
            guard build else { return }
            parts += 1
            if parts == 1 { single = range; return }
            if parts == 2, let first = single { result.append(contentsOf: bytes[first]); single = nil }
            result.append(contentsOf: bytes[range])
        }
        func addText(_ text: String) {
            guard build else { return }
            parts += 1
            if parts == 2, let first = single { result.append(contentsOf: bytes[first]); single = nil }
            result.append(contentsOf: text.utf8)
        }
        while true {
            skipWS()
            guard i < bytes.count else {
                parser.report(Diagnostic(.warning, file: parser.file, line: lineAt(i), record: recordName, message: "field \"\(name(field))\" has no value"))
                return nil
            }
            let b = bytes[i]
            if b == UInt8(ascii: "{") {
                // The matching brace (a backslash escapes the next byte), scanned as contiguous bytes.
                let s = i + 1
                let end: Int? = bytes.withUnsafeBufferPointer { p in
                    var depth = 1, j = s
                    while j < p.count {
                        // Eight bytes at a time to the next backslash or brace.
                        j = ByteCount.skip(p, from: j) { w in ByteCount.equal(w, 0x5C) | ByteCount.equal(w, 0x7B) | ByteCount.equal(w, 0x7D) }
                        if j == p.count { break }
                        let c = p[j]
                        if c == UInt8(ascii: "\\") { j += 2; continue }
                        if c == UInt8(ascii: "{") {
                            depth += 1
                        } else if c == UInt8(ascii: "}") {
                            depth -= 1
                            if depth == 0 { return j }
                        }
                        j += 1
                    }
                    return nil
                }
                guard let end else {
                    i = bytes.count
                    parser.report(Diagnostic(.error, file: parser.file, line: lineAt(s), record: recordName, message: "unbalanced braces in field \"\(name(field))\""))
                    return nil
                }
                i = end + 1
                add(s..<end)
            } else if b == UInt8(ascii: "\"") {
                // The closing quote at brace depth 0.
                let s = i + 1
                let end: Int? = bytes.withUnsafeBufferPointer { p in
                    var depth = 0, j = s
                    while j < p.count {
                        j = ByteCount.skip(p, from: j) { w in
                            ByteCount.equal(w, 0x5C) | ByteCount.equal(w, 0x7B) | ByteCount.equal(w, 0x7D) | ByteCount.equal(w, 0x22)
                        }
                        if j == p.count { break }
                        let c = p[j]
                        if c == UInt8(ascii: "\\") { j += 2; continue }
                        if c == UInt8(ascii: "{") { depth += 1 } else if c == UInt8(ascii: "}") { depth -= 1 } else if c == UInt8(ascii: "\"") && depth == 0 { return j }
                        j += 1
                    }
                    return nil
                }
                guard let end else {
                    i = bytes.count
                    parser.report(Diagnostic(.error, file: parser.file, line: lineAt(s), record: recordName, message: "unterminated string in field \"\(name(field))\""))
                    return nil
                }
                add(s..<end)
                i = end + 1
            } else if b >= 0x30 && b <= 0x39 {
                let s = i
                while i < bytes.count, bytes[i] >= 0x30 && bytes[i] <= 0x39 { i += 1 }
                add(s..<i)
            } else if _isIdentByte(b) || b >= 0x80 {
                let s = i
                while i < bytes.count, _isIdentByte(bytes[i]) || bytes[i] >= 0x80 || bytes[i] == UInt8(ascii: ".") { i += 1 }
                let macro = String(decoding: bytes[s..<i], as: UTF8.self).lowercased()
                if let m = macros[macro] {
                    addText(m)
                } else {
                    parser.report(Diagnostic(.warning, file: parser.file, line: lineAt(s), record: recordName,
                                             message: "undefined macro \"\(macro)\" in field \"\(name(field))\"; read as empty"))
                }
            } else {
                parser.report(Diagnostic(.warning, file: parser.file, line: lineAt(i), record: recordName,
                                         message: "unexpected character in the value of field \"\(name(field))\"; field skipped"))
                return nil
            }
            skipWS()
            if i < bytes.count, bytes[i] == UInt8(ascii: "#") { i += 1; continue }
            break
        }
        if !build { return "" }
        if let single { return parser.decode(bytes[single], line: line) }
        return parser.decode(result[...], line: line)
    }
}

extension String {
    /// True when `text` has single ASCII spaces between words and none at the ends, and no other
    /// white space (nor a byte that may begin Unicode white space: 0xC2, or 0xE2 and above).
    static func isCollapsed(_ text: String) -> Bool {
        text.withBytes { p -> Bool in
            var prev: UInt8 = 0x20
            var i = 0
            if let base = p.baseAddress {
                // Eight bytes at a time (``ByteCount``) while they are ASCII.
                let raw = UnsafeRawPointer(base)
                while i + 8 <= p.count {
                    let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    if w & ByteCount.highs != 0 { break }
                    if ByteCount.equal(w, 0x09) | ByteCount.equal(w, 0x0A) | ByteCount.equal(w, 0x0D) != 0 { return false }
                    let spaces = ByteCount.equal(w, 0x20)
                    // Two spaces in a row, within the word or across its start.
                    if spaces & (spaces << 8) != 0 || (prev == 0x20 && spaces & 0x80 != 0) { return false }
                    prev = UInt8(truncatingIfNeeded: w >> 56)
                    i += 8
                }
            }
            while i < p.count {
                if breaksCollapse(p[i], after: prev) { return false }
                prev = p[i]
                i += 1
            }
            return prev != 0x20
        }
    }

    /// Whether byte `b`, after `prev`, keeps a text from being collapsed: white space other than a
    /// single space (a space at the start counts as after one), or a possible start of Unicode
    /// white space.
    @inline(__always)
    private static func breaksCollapse(_ b: UInt8, after prev: UInt8) -> Bool {
        b == 0x09 || b == 0x0A || b == 0x0D || (b == 0x20 && prev == 0x20) || b == 0xC2 || b >= 0xE2
    }

    /// ``isCollapsed(_:)`` byte by byte: the reference for tests.
    static func _isCollapsedByBytes(_ text: String) -> Bool {
        text.withBytes { p -> Bool in
            var prev: UInt8 = 0x20
            for b in p {
                if breaksCollapse(b, after: prev) { return false }
                prev = b
            }
            return prev != 0x20
        }
    }

    /// Runs of white space (including newlines and non-breaking spaces) collapsed to one space, ends trimmed.
    func collapsingWhitespace() -> String {
        // Fast path: single ASCII spaces between words, nothing to trim.
        // (Scanned as contiguous bytes: iterating the UTF-8 view byte by byte is several times slower.)
        if Self.isCollapsed(self) { return self }
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
