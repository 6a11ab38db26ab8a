import AuthorNames
import Foundation

/// One row as the scan leaves it for the parsing threads: its cells (by ``CSVTableReader/roles``,
/// or every field for Web of Science), decoded but not trimmed; where it is; and the diagnostics
/// to report before its record.
struct _CSVRow {
    var line: Int
    var row: Int
    var cells: [String?]
    var diagnostics: [Diagnostic]
}

/// Reads CSV and TSV tables with a header row: exports of Scopus, Web of
/// Science (tab-delimited), IEEE Xplore, SpringerLink, Embase and
/// spreadsheets (rows read by ``CSVRows``).
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
    /// The delimiter, an ASCII character, or nil to detect from the header (tab when it has tabs,
    /// else comma).
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
                        entries.append(current.trimmingHorizontalWhitespace()); current = ""
                    } else {
                        current.append(ch)
                    }
                    k = v.index(after: k)
                }
                entries.append(current.trimmingHorizontalWhitespace())
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
        let delim = delimiter ?? (firstLine.contains(0x09) ? "\t" : ",")
        guard delim.isASCII else {
            log.report(Diagnostic(.error, file: input.name, line: 1, message: "the delimiter must be an ASCII character, not \"\(delim)\""))
            return
        }
        var rows = CSVRows(input, delimiter: UInt8(delim.value))
        var warned = false
        /// Field `i` of the current row (nil past its last field); the first field read as
        /// Windows-1252 is reported, once per file, with the row's diagnostics.
        func text(_ i: Int, into diagnostics: inout [Diagnostic]) -> String? {
            guard i < rows.count else { return nil }
            let (t, fallback) = rows.field(i)
            if fallback && !warned {
                warned = true
                diagnostics.append(Diagnostic(.warning, file: input.name, line: rows.rowLine, message: "not valid UTF-8; read as Windows-1252 (Latin-1)"))
            }
            return t
        }
        guard try rows.next() else { return }
        var headerDiagnostics: [Diagnostic] = []
        let header = (0..<rows.count).map { text($0, into: &headerDiagnostics)! }
        if let open = rows.unterminatedQuoteLine {
            headerDiagnostics.append(Diagnostic(.warning, file: input.name, line: open, record: "header row",
                                                message: "quoted field never closed; it runs to the end of the file"))
        }
        for d in headerDiagnostics { log.report(d) }
        let normalized = header.map { $0.trimmingHorizontalWhitespace().trimmingCharacters(in: CharacterSet(charactersIn: "\u{FEFF}")).lowercased() }
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
        var row = 0
        // Web of Science's tab-delimited export has its two-letter field tags as headers: each row is
        // read as the tagged record it stands for, so months, C1 affiliations, ORCIDs and
        // ResearcherIDs come through as from the plain-text export.
        let tags = header.map { $0.trimmingHorizontalWhitespace().trimmingCharacters(in: CharacterSet(charactersIn: "\u{FEFF}")) }
        let isWoS = options.columns.isEmpty && tags.contains("PT") && tags.contains("AU") && tags.contains("TI") && tags.contains("UT")
        // This thread scans the rows and decodes the cells a record needs; records are made from
        // them on every core and come back in row order, each after the diagnostics of its row.
        let file = input.name
        let roleColumns = Self.roles.map { column[$0] }
        var records = _OrderedBatches<_CSVRow, (diagnostics: [Diagnostic], record: PaperRecord)> { r in
            guard isWoS else { return (r.diagnostics, Self.record(r, file: file)) }
            var rec = WoSReader.record(Self.taggedRecord(tags: tags, fields: r.cells.map { $0 ?? "" }, line: r.line), file: file)
            PaperMerger.setKeys(&rec)  // on this thread: the merger need not
            return (r.diagnostics, rec)
        }
        func output(_ o: consuming (diagnostics: [Diagnostic], record: PaperRecord)) throws {
            for d in o.diagnostics { log.report(d) }
            try emit(o.record)
        }
        // Diagnostics of blank rows go out with the next record (or at the end), in row order.
        var carried: [Diagnostic] = []
        func finish() throws {
            try records.finish(output: output)
            for d in carried { log.report(d) }
            carried = []
        }
        do {
            while try rows.next() {
                row += 1
                let line = rows.rowLine
                var diagnostics = carried
                carried = []
                if let open = rows.unterminatedQuoteLine {
                    diagnostics.append(Diagnostic(.warning, file: file, line: open, record: "row \(row)",
                                                  message: "quoted field never closed; it runs to the end of the file"))
                }
                if rows.isBlank {
                    carried = diagnostics
                    continue
                }
                if rows.count != header.count {
                    diagnostics.append(Diagnostic(.warning, file: file, line: line, record: "row \(row)", message: "\(rows.count) fields where the header has \(header.count)"))
                }
                let cells: [String?]
                if isWoS {
                    cells = (0..<rows.count).map { text($0, into: &diagnostics) }
                } else {
                    cells = roleColumns.map { c in c.flatMap { text($0, into: &diagnostics) } }
                }
                try records.add(_CSVRow(line: line, row: row, cells: cells, diagnostics: diagnostics), output: output)
            }
        } catch {
            // A read error (a damaged .gz) ends the table; the rows read before it are still output.
            try finish()
            throw error
        }
        try finish()
    }

    /// The roles a record is made from, in the order of ``_CSVRow/cells``.
    static let roles = ["fullnames", "authors", "ids", "title", "year", "doi", "venue", "affiliations", "key", "pmid", "volume", "issue", "pages"]

    /// The record of a row (not Web of Science's), from its cells by role.
    static func record(_ r: _CSVRow, file: String) -> PaperRecord {
        func get(_ role: Int) -> String? {
            guard let v = r.cells[role]?.trimmedCell(), !v.isEmpty else { return nil }
            return v
        }
        let (fullnames, authorList, idList, title, year, doi, venue, affiliations, key, pmid, volume, issue, pages) = (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)
        var authors: [WrittenAuthor] = []
        if let full = get(fullnames) {
            authors = Self.scopusFullNames(full)
            // The short column ("Authors": "Phillips J.C.") names the same slots: kept as variants.
            if let list = get(authorList) {
                let short = Self.splitAuthors(list)
                if short.count == authors.count { for i in authors.indices where short[i] != authors[i].name.written { authors[i].sourceVariant = short[i] } }
            }
        } else if let list = get(authorList) {
            let names = Self.splitAuthors(list)
            let ids = get(idList).map { $0.split(separator: ";").map { $0.trimmingHorizontalWhitespace() }.filter { !$0.isEmpty } } ?? []
            let affs = get(affiliations).map { $0.components(separatedBy: "; ") } ?? []
            authors = names.enumerated().map { i, n in
                WrittenAuthor(name: ParsedNames.parse(n),
                              identifiers: ids.count == names.count ? [AuthorIdentifier(.scopus, ids[i])] : [],
                              affiliations: affs.count == names.count ? [affs[i]] : [])
            }
        }
        var rec = PaperRecord(source: SourceLocation(file: file, line: r.line, key: get(key) ?? "row \(r.row)"),
                              title: (get(title) ?? "").collapsingWhitespace(), authors: authors)
        if let y = get(year).flatMap({ Identifiers.firstYear(in: $0) }) { rec.date = PartialDate(year: y) }
        rec.doi = get(doi).flatMap { Identifiers.doi($0) }
        rec.venue = get(venue)
        rec.setLocator(volume: get(volume), issue: get(issue), pages: get(pages))
        if let pm = get(pmid), pm.allSatisfy(\.isNumber) { rec.pmid = pm }
        PaperMerger.setKeys(&rec)  // on this thread: the merger need not
        return rec
    }

    /// "Phillips, James C. (57202138757); Braun, Rosemary (7402220509)".
    static func scopusFullNames(_ s: String) -> [WrittenAuthor] {
        s.split(separator: ";").compactMap { part in
            var t = part.trimmingHorizontalWhitespace()
            if t.isEmpty { return nil }
            var ids: [AuthorIdentifier] = []
            if t.hasSuffix(")"), let open = t.lastIndex(of: "(") {
                let id = t[t.index(after: open)..<t.index(before: t.endIndex)]
                if id.allSatisfy(\.isNumber) { ids.append(AuthorIdentifier(.scopus, String(id))) }
                t = t[..<open].trimmingHorizontalWhitespace()
            }
            return WrittenAuthor(name: ParsedNames.parse(t), identifiers: ids)
        }
    }

    /// Splits an author cell into names (see the type's documentation). Separators are found in
    /// the UTF-8 bytes, and white space is trimmed there when it is ASCII.
    public static func splitAuthors(_ s: String) -> [String] {
        let t = s.trimmingHorizontalWhitespace()
        if t.utf8.contains(UInt8(ascii: ";")) { return t.pieces(separatedBy: ";").map { $0.trimmingHorizontalWhitespace() }.filter { !$0.isEmpty } }
        if t.contains(bytesOf: " and ") { return t.pieces(separatedBy: " and ").flatMap { splitAuthors($0) }.filter { !$0.isEmpty } }
        let commaParts = t.pieces(separatedBy: ", ").map { $0.trimmingHorizontalWhitespace() }
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
                    out.append(current.trimmingHorizontalWhitespace())
                    current = ""
                    word = ""
                }
            }
            current.append(c)
            if c == " " { word = "" } else { word.append(c) }
        }
        if !current.trimmingHorizontalWhitespace().isEmpty { out.append(current.trimmingHorizontalWhitespace()) }
        return out
    }
}
