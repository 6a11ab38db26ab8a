import AuthorNames
import CSV
import Foundation

/// An `InputStream` over a ``TextInput`` for CSV.swift: lines that are not valid
/// UTF-8 are passed on as Windows-1252 converted to UTF-8 (noted once).
final class _TextInputStream: InputStream {
    private var lines: LineReader
    private var pending: [UInt8] = []
    private var offset = 0
    private var done = false
    private var status: Stream.Status = .notOpen
    var onFallback: ((Int) -> Void)?
    /// A read error from the underlying input (the CSV library only sees the end of the stream).
    var failure: Error?

    init(_ input: TextInput) {
        lines = LineReader(input)
        super.init(data: Data())
    }

    override func open() { status = .open }
    override func close() { status = .closed }
    override var streamStatus: Stream.Status { status }
    override var hasBytesAvailable: Bool { !(done && offset >= pending.count) }

    override func read(_ buffer: UnsafeMutablePointer<UInt8>, maxLength len: Int) -> Int {
        while offset >= pending.count && !done {
            pending.removeAll(keepingCapacity: true)
            offset = 0
            var added = 0
            while added < 65536 {
                let next: ArraySlice<UInt8>?
                do { next = try lines.nextLine() } catch { failure = error; done = true; break }
                guard let line = next else { done = true; break }
                if String(validating: line, as: UTF8.self) == nil {
                    onFallback?(lines.lineNumber)
                    pending.append(contentsOf: Array(TextDecoding.windows1252(line).utf8))
                } else {
                    pending.append(contentsOf: line)
                }
                pending.append(0x0A)
                added += line.count + 1
            }
        }
        if offset >= pending.count { status = .atEnd; return 0 }
        let n = min(len, pending.count - offset)
        pending.withUnsafeBufferPointer { src in buffer.update(from: src.baseAddress! + offset, count: n) }
        offset += n
        return n
    }
}

/// Reads CSV and TSV tables with a header row: exports of Scopus, Web of
/// Science (tab-delimited), IEEE Xplore, SpringerLink, Embase and
/// spreadsheets, through CSV.swift.
///
/// Columns are recognised by their header (any case): authors (`Authors`,
/// `Author`, `AU`, `Author Names`, `Author full names`, `AF`), Scopus author
/// ids (`Author(s) ID`), title (`Title`, `TI`, `Document Title`, `Item
/// Title`, `Article Title`), year (`Year`, `PY`, `Publication Year`), DOI
/// (`DOI`, `DI`, `Item DOI`), venue (`Source title`, `SO`, `Publication
/// Title`, `Journal`), affiliations (`Author Affiliations`, `C1`) and record
/// ids (`EID`, `UT`, `PubMed ID`). `--columns role=Header,…` maps them by
/// hand (roles: authors, ids, title, year, doi, venue, affiliations, key).
///
/// Authors are separated by `;`, or ` and `, or — in Scopus's older
/// "Phillips J.C., Braun R." form — by commas after initials; SpringerLink's
/// glued lists ("Araz R. AlievNigar T. Ismayilova") are split where a name
/// ends and the next begins. Scopus's "Author full names" carry ids in
/// parentheses: "Phillips, James C. (57202138757)".
public struct CSVTableReader: BibliographyReader {
    /// The delimiter, or nil to detect from the header (tab when it has tabs, else comma).
    public var delimiter: UnicodeScalar?

    /// Creates a reader.
    public init(delimiter: UnicodeScalar? = nil) { self.delimiter = delimiter }

    static let roleHeaders: [String: [String]] = [
        "fullnames": ["author full names", "af"],
        "authors": ["authors", "author", "au", "author names", "author(s)", "creators", "creator"],
        "ids": ["author(s) id", "author(s) ids", "author ids"],
        "title": ["title", "ti", "document title", "item title", "article title"],
        "year": ["year", "py", "publication year", "pubyear", "date", "publication date"],
        "doi": ["doi", "di", "item doi"],
        "venue": ["source title", "so", "publication title", "journal", "source", "journal title"],
        "affiliations": ["author affiliations", "c1", "affiliations"],
        "key": ["eid", "ut", "ut (unique wos id)", "accession number", "pubmed id", "pmid", "key", "id"],
        "pmid": ["pubmed id", "pmid", "pm"],
        "volume": ["volume", "vl"],
        "issue": ["issue", "is"],
        "pages": ["page start", "bp", "pages", "start page"],
    ]

    /// A row of WoS's tab-delimited export as a tagged record: C1 entries ("[A; B] Inst; [C] Inst2")
    /// become one value each, as in the plain-text export; list fields keep their "; " separators.
    static func taggedRecord(tags: [String], fields: [String], line: Int) -> TaggedRecord {
        var r = TaggedRecord(line: line)
        for (i, tag) in tags.enumerated() where i < fields.count && tag.count == 2 {
            let v = fields[i].trimmedCell()
            if v.isEmpty { continue }
            if tag == "C1" {
                var entries: [String] = []
                var current = ""
                var depth = 0
                var k = v.startIndex
                while k < v.endIndex {
                    let ch = v[k]
                    if ch == "[" { depth += 1 } else if ch == "]" { depth = max(0, depth - 1) }
                    if ch == ";" && depth == 0 {
                        entries.append(current.trimmingCharacters(in: .whitespaces)); current = ""
                    } else {
                        current.append(ch)
                    }
                    k = v.index(after: k)
                }
                entries.append(current.trimmingCharacters(in: .whitespaces))
                for e in entries where !e.isEmpty { r.values.append((tag, e, line)) }
            } else {
                r.values.append((tag, v, line))
            }
        }
        return r
    }

    public func read(_ input: TextInput, options: ReaderOptions, log: DiagnosticLog, emit: (consuming PaperRecord) throws -> Void) throws {
        let head = try input.peekHead()
        let firstLine = head.prefix(while: { $0 != 0x0A })
        let delim: UnicodeScalar = delimiter ?? (firstLine.contains(0x09) ? "\t" : ",")
        let stream = _TextInputStream(input)
        var warned = false
        stream.onFallback = { line in
            if !warned {
                warned = true
                log.report(Diagnostic(.warning, file: input.name, line: line, message: "not valid UTF-8; read as Windows-1252 (Latin-1)"))
            }
        }
        let reader: CSVReader
        do {
            reader = try CSVReader(stream: stream, hasHeaderRow: true, trimFields: false, delimiter: delim)
        } catch {
            log.report(Diagnostic(.error, file: input.name, line: 1, message: "cannot read the header row: \(error)"))
            return
        }
        guard let header = reader.headerRow else { return }
        let normalized = header.map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\u{FEFF}")).lowercased() }
        var column: [String: Int] = [:]
        for (role, names) in Self.roleHeaders {
            for n in names { if let i = normalized.firstIndex(of: n), column[role] == nil { column[role] = i } }
        }
        for (role, headerName) in options.columns {
            guard let i = normalized.firstIndex(of: headerName.lowercased()) else {
                log.report(Diagnostic(.error, file: input.name, line: 1, message: "--columns \(role)=\(headerName): no such column; columns are: \(header.joined(separator: ", "))"))
                continue
            }
            column[role == "authors" ? "authors" : role] = i
            if role == "authors" { column["fullnames"] = nil }
        }
        if column["authors"] == nil && column["fullnames"] == nil {
            log.report(Diagnostic(.error, file: input.name, line: 1, message: "no author column found (looked for \(Self.roleHeaders["authors"]!.joined(separator: ", "))); use --columns authors=<header>"))
            return
        }
        // The physical line each record starts on: quoted fields may hold line breaks.
        func lineBreaks(_ fields: [String]) -> Int { fields.reduce(0) { $0 + $1.utf8.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } } }
        var nextLine = 2 + lineBreaks(header)
        var row = 0
        // Web of Science's tab-delimited export has its two-letter field tags as headers: each row is
        // read as the tagged record it stands for, so months, C1 affiliations, ORCIDs and
        // ResearcherIDs come through as from the plain-text export.
        let tags = header.map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\u{FEFF}")) }
        let isWoS = options.columns.isEmpty && tags.contains("PT") && tags.contains("AU") && tags.contains("TI") && tags.contains("UT")
        while let fields = reader.next() {
            row += 1
            let line = nextLine
            nextLine += 1 + lineBreaks(fields)
            if fields.allSatisfy({ $0.isEmpty }) { continue }
            if isWoS {
                if fields.count != header.count {
                    log.report(Diagnostic(.warning, file: input.name, line: line, record: "row \(row)", message: "\(fields.count) fields where the header has \(header.count)"))
                }
                try emit(WoSReader.record(Self.taggedRecord(tags: tags, fields: fields, line: line), file: input.name))
                continue
            }
            func get(_ role: String) -> String? {
                guard let i = column[role], i < fields.count else { return nil }
                let v = fields[i].trimmedCell()
                return v.isEmpty ? nil : v
            }
            if fields.count != header.count {
                log.report(Diagnostic(.warning, file: input.name, line: line, record: "row \(row)", message: "\(fields.count) fields where the header has \(header.count)"))
            }
            var authors: [WrittenAuthor] = []
            if let full = get("fullnames") {
                authors = Self.scopusFullNames(full)
                // The short column ("Authors": "Phillips J.C.") names the same slots: kept as variants.
                if let list = get("authors") {
                    let short = Self.splitAuthors(list)
                    if short.count == authors.count { for i in authors.indices where short[i] != authors[i].name.written { authors[i].sourceVariant = short[i] } }
                }
            } else if let list = get("authors") {
                let names = Self.splitAuthors(list)
                let ids = get("ids").map { $0.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } } ?? []
                let affs = get("affiliations").map { $0.components(separatedBy: "; ") } ?? []
                authors = names.enumerated().map { i, n in
                    WrittenAuthor(name: ParsedNames.parse(n),
                                  identifiers: ids.count == names.count ? [AuthorIdentifier(.scopus, ids[i])] : [],
                                  affiliations: affs.count == names.count ? [affs[i]] : [])
                }
            }
            let key = get("key") ?? "row \(row)"
            var rec = PaperRecord(source: SourceLocation(file: input.name, line: line, key: key), title: (get("title") ?? "").collapsingWhitespace(), authors: authors)
            if let y = get("year").flatMap({ Identifiers.firstYear(in: $0) }) { rec.date = PartialDate(year: y) }
            rec.doi = get("doi").flatMap { Identifiers.doi($0) }
            rec.venue = get("venue")
            rec.setLocator(volume: get("volume"), issue: get("issue"), pages: get("pages"))
            if let pm = get("pmid"), pm.allSatisfy(\.isNumber) { rec.pmid = pm }
            try emit(rec)
        }
        if let e = stream.failure { throw e }
        if let e = reader.error {
            log.report(Diagnostic(.error, file: input.name, line: nextLine, record: "row \(row + 1)", message: "CSV could not be read on: \(e)"))
        }
    }

    /// "Phillips, James C. (57202138757); Braun, Rosemary (7402220509)".
    static func scopusFullNames(_ s: String) -> [WrittenAuthor] {
        s.split(separator: ";").compactMap { part in
            var t = part.trimmingCharacters(in: .whitespaces)
            if t.isEmpty { return nil }
            var ids: [AuthorIdentifier] = []
            if t.hasSuffix(")"), let open = t.lastIndex(of: "(") {
                let id = t[t.index(after: open)..<t.index(before: t.endIndex)]
                if id.allSatisfy(\.isNumber) { ids.append(AuthorIdentifier(.scopus, String(id))) }
                t = t[..<open].trimmingCharacters(in: .whitespaces)
            }
            return WrittenAuthor(name: ParsedNames.parse(t), identifiers: ids)
        }
    }

    /// Splits an author cell into names (see the type's documentation).
    public static func splitAuthors(_ s: String) -> [String] {
        let t = s.trimmingCharacters(in: .whitespaces)
        if t.contains(";") { return t.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        if t.range(of: " and ") != nil { return t.components(separatedBy: " and ").flatMap { splitAuthors($0) }.filter { !$0.isEmpty } }
        let commaParts = t.components(separatedBy: ", ").map { $0.trimmingCharacters(in: .whitespaces) }
        if commaParts.count > 1 {
            // "Phillips J.C., Braun R., Kalé L." — every part ends in initials.
            if commaParts.allSatisfy({ p in p.split(separator: " ").last.map { NameParser.isInitialsBlock(String($0)) } ?? false }) {
                return commaParts
            }
            // "Family, Given" — one name — when the part before the comma is a family name (one word, or
            // lowercase particles before one); "Alice Smith, Bob Jones" is two names.
            if commaParts.count == 2 {
                let firstWords = commaParts[0].split(separator: " ")
                if firstWords.dropLast().allSatisfy({ NameParser.particleWords.contains(String($0)) }) { return [t] }
            }
            return commaParts
        }
        // SpringerLink glues names: split before an uppercase letter that follows a lowercase one.
        let glued = splitGlued(t)
        return glued
    }

    /// "Araz R. AlievNigar T. Ismayilova" → ["Araz R. Aliev", "Nigar T. Ismayilova"]; "Ronald McDonald" stays whole.
    static func splitGlued(_ s: String) -> [String] {
        var out: [String] = []
        var current = ""
        var word = ""
        let chars = Array(s)
        for (i, c) in chars.enumerated() {
            if i > 0, c.isUppercase, chars[i - 1].isLowercase {
                if !NameParser.innerCapitalPrefixes.contains(word) {
                    out.append(current.trimmingCharacters(in: .whitespaces))
                    current = ""
                    word = ""
                }
            }
            current.append(c)
            if c == " " { word = "" } else { word.append(c) }
        }
        if !current.trimmingCharacters(in: .whitespaces).isEmpty { out.append(current.trimmingCharacters(in: .whitespaces)) }
        return out
    }
}

extension String {
    /// The cell without leading and trailing white space and newlines. A cell that starts and
    /// ends with a visible ASCII character (most) is returned as it is, without Foundation's
    /// trimming, which copies the text through NSString (seconds on a cell of 50 MB).
    func trimmedCell() -> String {
        if let f = utf8.first, let l = utf8.last, f > 0x20, f < 0x7F, l > 0x20, l < 0x7F { return self }
        return trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
