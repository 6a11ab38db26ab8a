import AuthorNames
import Foundation

/// Parses JSON text, reporting a syntax error with its place.
func parseJSON(_ input: [UInt8], file: String, line: Int = 1, log: DiagnosticLog) -> Any? {
    var warned = false
    return parseJSON(input, file: file, line: line, log: log, encodingWarned: &warned)
}

/// Parses JSON text; bytes that are not UTF-8 (a Latin-1 export, one damaged byte) are read as
/// Windows-1252 and reported once per file (`encodingWarned`), at the line of the first.
func parseJSON(_ input: [UInt8], file: String, line: Int, log: DiagnosticLog, encodingWarned: inout Bool) -> Any? {
    let (text, warning) = repairedJSONText(input, file: file, line: line, encodingWarned: &encodingWarned)
    if let warning { log.report(warning) }
    let (value, problem) = jsonValue(text, file: file, line: line)
    if let problem { log.report(problem) }
    return value
}

/// JSON text as UTF-8: bytes that are not UTF-8 read as Windows-1252, with the warning to report
/// when it is the file's first (`encodingWarned`), at the line of the first such byte.
func repairedJSONText(_ input: [UInt8], file: String, line: Int, encodingWarned: inout Bool) -> (text: [UInt8], warning: Diagnostic?) {
    let (bytes, firstBad) = TextDecoding.repairingUTF8(input)
    guard let bad = firstBad, !encodingWarned else { return (bytes, nil) }
    encodingWarned = true
    let at = line + input[0..<bad].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    return (bytes, Diagnostic(.warning, file: file, line: at, message: "not valid UTF-8 (first here); such bytes were read as Windows-1252 (Latin-1)"))
}

/// The JSON value of UTF-8 text, or the error that says why there is none. Safe on any thread.
func jsonValue(_ bytes: [UInt8], file: String, line: Int) -> (value: Any?, problem: Diagnostic?) {
    // Foundation's parser recurses per nesting level: refuse absurd nesting instead of overflowing the stack.
    var depth = 0, maxDepth = 0, inString = false, escaped = false
    for b in bytes {
        if inString {
            if escaped { escaped = false } else if b == 0x5C { escaped = true } else if b == 0x22 { inString = false }
            continue
        }
        switch b {
        case 0x22: inString = true
        case 0x5B, 0x7B: depth += 1; maxDepth = max(maxDepth, depth)
        case 0x5D, 0x7D: depth -= 1
        default: break
        }
    }
    if maxDepth > 256 {
        return (nil, Diagnostic(.error, file: file, line: line, message: "JSON nested \(maxDepth) levels deep (more than 256); not read"))
    }
    do {
        return (try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]), nil)
    } catch {
        let ns = error as NSError
        let detail = (ns.userInfo[NSDebugDescriptionErrorKey] as? String) ?? "\(error)"
        return (nil, Diagnostic(.error, file: file, line: line, message: "not valid JSON: \(detail)"))
    }
}

/// What a JSON value gives: a record, or a diagnostic, in the order they are to be handed on.
enum _JSONItem {
    case record(PaperRecord)
    case diagnostic(Diagnostic)
}

/// Reads every JSON value of an input, one document or JSON Lines (one value per line), and hands
/// on the records and diagnostics `transform` makes of each value and its line. JSON Lines are
/// parsed and transformed on every core (the transform must be safe on any thread), and the
/// results come back in line order, as one thread gives them.
func readJSONRecords(_ input: TextInput, log: DiagnosticLog, emit: (consuming PaperRecord) throws -> Void,
                     transform: @escaping (Any, Int) -> [_JSONItem]) throws {
    func output(_ items: consuming [_JSONItem]) throws {
        for item in items {
            switch item {
            case .record(let r): try emit(r)
            case .diagnostic(let d): log.report(d)
            }
        }
    }
    let head = try input.peekHead()
    // JSON Lines: a .jsonl/.ndjson name, or a first line that holds a complete object with another
    // object after it (snapshot lines run to tens of kilobytes, so the whole head is searched).
    let isLines: Bool = {
        let lower = input.name.lowercased().replacingOccurrences(of: ".gz", with: "")
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") { return true }
        var start = 0
        while start < head.count, head[start] == 0x20 || head[start] == 0x09 || head[start] == 0x0A || head[start] == 0x0D { start += 1 }
        guard start < head.count, head[start] == UInt8(ascii: "{"),
              let nl = head[start...].firstIndex(of: 0x0A) else { return false }
        var next = nl + 1
        while next < head.count, head[next] == 0x20 || head[next] == 0x09 || head[next] == 0x0A || head[next] == 0x0D { next += 1 }
        guard next < head.count, head[next] == UInt8(ascii: "{") else { return false }
        return (try? JSONSerialization.jsonObject(with: Data(head[start..<nl]))) != nil
    }()
    if isLines {
        let file = input.name
        var batches = _OrderedBatches<(text: [UInt8], line: Int, warning: Diagnostic?), [_JSONItem]> { l in
            var items: [_JSONItem] = l.warning.map { [.diagnostic($0)] } ?? []
            let (value, problem) = jsonValue(l.text, file: file, line: l.line)
            if let problem { items.append(.diagnostic(problem)) }
            if let value { items += transform(value, l.line) }
            return items
        }
        var lines = LineReader(input)
        var warned = false
        do {
            while let bytes = try lines.nextLine() {
                if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
                let (text, warning) = repairedJSONText(Array(bytes), file: file, line: lines.lineNumber, encodingWarned: &warned)
                try batches.add((text, lines.lineNumber, warning), output: output)
            }
        } catch {
            // A read error (a damaged .gz) ends the input; the lines read before it are still output.
            try batches.finish(output: output)
            throw error
        }
        try batches.finish(output: output)
    } else {
        var all: [UInt8] = []
        while let c = try input.nextChunk() { all += c }
        if let v = parseJSON(all, file: input.name, log: log) { try output(transform(v, 1)) }
    }
}

// MARK: - CSL-JSON

/// Reads CSL-JSON as Zotero, Crossref (`message`), citation.js and manubot
/// export it: an array of items, one item, or a Crossref API response.
///
/// Names: `family`, `given`, `non-dropping-particle`, `dropping-particle`,
/// `suffix`, `literal` (a group or an unsplit name), and `ORCID`; or written
/// names, as a list of strings or one string ("A; B", "A and B"). Date:
/// `issued.date-parts` (or `raw`/`literal`), else `published-print`,
/// `published-online`, `created`. `DOI`, `PMID`, `URL`, `container-title`.
public struct CSLJSONReader: BibliographyReader {
    /// Creates a reader.
    public init() {}

    public func read(_ input: TextInput, options: ReaderOptions, log: DiagnosticLog, emit: (consuming PaperRecord) throws -> Void) throws {
        let file = input.name
        try readJSONRecords(input, log: log, emit: emit) { value, line in
            let items = Self.items(in: value)
            if items.isEmpty {
                return [.diagnostic(Diagnostic(.warning, file: file, line: line, message: "no CSL-JSON items (objects with a title or authors) found"))]
            }
            return items.enumerated().map { k, item in
                var r = Self.record(item, file: file, line: line, index: k)
                PaperMerger.setKeys(&r)  // on this thread: the merger need not
                return .record(r)
            }
        }
    }

    /// The item objects in a JSON value: the value itself when it is an item, else the
    /// items found in its arrays and object values (Crossref's `message.items`, citation.js's
    /// DOI-keyed responses, nested wrappers), in document order.
    static func items(in value: Any) -> [[String: Any]] {
        // CSL-JSON proper: an array of item objects, every one an item.
        if let a = value as? [[String: Any]], !a.isEmpty, a.allSatisfy({ $0.isEmpty || $0["id"] != nil || $0["type"] != nil || $0["title"] != nil }) {
            return a
        }
        if let o = value as? [String: Any] {
            if o["title"] != nil || o["author"] != nil || o["titles"] != nil || o["issued"] != nil || o["DOI"] != nil { return [o] }
            var out: [[String: Any]] = []
            for k in o.keys.sorted() { out += items(in: o[k]!) }
            return out
        }
        if let a = value as? [Any] { return a.flatMap { items(in: $0) } }
        return []
    }

    static func record(_ item: [String: Any], file: String, line: Int, index: Int) -> PaperRecord {
        let id = (item["id"] as? String) ?? (item["id"] as? NSNumber)?.stringValue ?? "item \(index + 1)"
        // Name objects, or written names: a list of strings (`"authors": ["Ada Lovelace", …]`, as
        // JSON Lines exports and scripts write them) or one string of names ("A; B", "A and B").
        let people = item["author"] ?? item["authors"] ?? item["editor"]
        var authors: [WrittenAuthor] = []
        if let list = people as? [Any] {
            authors = list.compactMap { p in
                if let o = p as? [String: Any] { return name(from: o) }
                if let s = p as? String { return s.trimmingHorizontalWhitespace().isEmpty ? nil : name(from: ["literal": s]) }
                return nil
            }
        } else if let text = people as? String {
            authors = CSVTableReader.splitAuthors(text).compactMap { name(from: ["literal": $0]) }
        }
        let title = string(item["title"]) ?? string((item["titles"] as? [String: Any])?["title"]) ?? ""
        var rec = PaperRecord(source: SourceLocation(file: file, line: line, key: id), title: LaTeX.toUnicode(title).collapsingWhitespace(), authors: authors)
        rec.date = date(item["issued"]) ?? date(item["published-print"]) ?? date(item["published-online"]) ?? date(item["created"])
            ?? date(item["year"]) ?? date(((item["issue"] as? [String: Any])?["issue"] as? [String: Any])?["pubYear"])
        if let d = string(item["DOI"]) ?? string(item["doi"]) { rec.doi = Identifiers.doi(d) }
        rec.pmid = string(item["PMID"])
        rec.url = string(item["URL"])
        if rec.doi == nil, let u = rec.url { rec.doi = Identifiers.doi(fromURL: u) }
        if let u = rec.url { rec.arxiv = Identifiers.arxiv(fromURL: u) }
        rec.venue = string(item["container-title"])
        rec.setLocator(volume: string(item["volume"]), issue: string(item["issue"]), pages: string(item["page"]))
        rec.entryType = string(item["type"])
        rec.abstract = string(item["abstract"])
        return rec
    }

    /// A string, or the first string of an array (Crossref wraps titles in arrays).
    static func string(_ v: Any?) -> String? {
        if let s = v as? String { return s.isEmpty ? nil : s }
        if let a = v as? [Any], let s = a.first as? String { return s.isEmpty ? nil : s }
        if let n = v as? NSNumber { return n.stringValue }
        return nil
    }

    static func name(from o: [String: Any]) -> WrittenAuthor? {
        var ids: [AuthorIdentifier] = []
        if let orcid = string(o["ORCID"]) ?? string(o["orcid"]) { ids.append(AuthorIdentifier(.orcid, orcid)) }
        if let family = string(o["family"]) {
            let given = string(o["given"]) ?? ""
            let particle = [string(o["dropping-particle"]), string(o["non-dropping-particle"])].compactMap { $0 }.joined(separator: " ")
            let suffix = string(o["suffix"]) ?? ""
            let written = [particle, family].filter { !$0.isEmpty }.joined(separator: " ") + (given.isEmpty ? "" : ", " + given) + (suffix.isEmpty ? "" : ", " + suffix)
            let name = PersonName(given: LaTeX.toUnicode(given), particle: particle, family: LaTeX.toUnicode(family), suffix: suffix, written: written)
            return WrittenAuthor(name: name, identifiers: ids, affiliations: affiliations(o))
        }
        if let literal = string(o["literal"]) ?? string(o["name"]) {
            var n = ParsedNames.parse(literal)
            if NameParser.isGroupName(literal) || wordCount(literal) > 4 { n = PersonName(family: literal, kind: .group, written: literal) }
            return WrittenAuthor(name: n, identifiers: ids, affiliations: affiliations(o))
        }
        if let given = string(o["given"]) { return WrittenAuthor(name: ParsedNames.parse(given), identifiers: ids) }
        return nil
    }

    /// How many words `split(separator: " ")` gives (counted on the bytes when the text is ASCII).
    static func wordCount(_ text: String) -> Int {
        var copy = text
        let ascii = copy.withUTF8 { p -> Int? in
            var words = 0, inWord = false
            for b in p {
                if b >= 0x80 { return nil }
                if b == 0x20 { inWord = false } else if !inWord { inWord = true; words += 1 }
            }
            return words
        }
        return ascii ?? text.split(separator: " ").count
    }

    static func affiliations(_ o: [String: Any]) -> [String] {
        (o["affiliation"] as? [[String: Any]])?.compactMap { string($0["name"]) } ?? []
    }

    /// A CSL date: `{"date-parts": [[2019, 5, 3]]}`, `{"raw": "2019-05"}`, `{"literal": "…"}`.
    static func date(_ v: Any?) -> PartialDate? {
        guard let o = v as? [String: Any] else {
            if let s = v as? String, let y = Identifiers.firstYear(in: s) { return PartialDate(year: y) }
            if let n = v as? NSNumber, (1000...2999).contains(n.intValue) { return PartialDate(year: n.intValue) }
            return nil
        }
        if let parts = o["date-parts"] as? [[Any]], let first = parts.first, let y = intValue(first.first) {
            return PartialDate(year: y, month: first.count > 1 ? intValue(first[1]) : nil, day: first.count > 2 ? intValue(first[2]) : nil)
        }
        for key in ["raw", "literal"] {
            if let s = o[key] as? String, let d = PartialDate(parsing: s) { return d }
        }
        return nil
    }

    static func intValue(_ v: Any?) -> Int? {
        if let n = v as? NSNumber { return n.intValue }
        if let s = v as? String { return Int(s) }
        return nil
    }
}

// MARK: - OpenAlex

/// Reads OpenAlex works: one work, an API page (`results`), or the JSON Lines snapshot.
///
/// `authorships[].author` gives the OpenAlex author id (which decides
/// identity), `display_name` and `orcid`; `raw_author_name` is the name as
/// printed; `institutions[].display_name` the affiliations. Dates from
/// `publication_date` or `publication_year`; `doi`, `ids.pmid`; the venue from
/// `primary_location.source.display_name`.
public struct OpenAlexReader: BibliographyReader {
    /// Creates a reader.
    public init() {}

    public func read(_ input: TextInput, options: ReaderOptions, log: DiagnosticLog, emit: (consuming PaperRecord) throws -> Void) throws {
        let file = input.name
        try readJSONRecords(input, log: log, emit: emit) { value, line in
            var works: [[String: Any]] = []
            if let o = value as? [String: Any] {
                if let r = o["results"] as? [[String: Any]] { works = r } else { works = [o] }
            } else if let a = value as? [[String: Any]] {
                works = a
            }
            return works.map { w in
                guard w["authorships"] != nil || w["title"] != nil || w["display_name"] != nil else {
                    return .diagnostic(Diagnostic(.warning, file: file, line: line, message: "a JSON object that is not an OpenAlex work; skipped"))
                }
                var r = Self.record(w, file: file, line: line)
                PaperMerger.setKeys(&r)  // on this thread: the merger need not
                return .record(r)
            }
        }
    }

    static func record(_ w: [String: Any], file: String, line: Int) -> PaperRecord {
        let s = CSLJSONReader.string
        let id = s(w["id"]).map { $0.replacingOccurrences(of: "https://openalex.org/", with: "") }
        var authors: [WrittenAuthor] = []
        for a in (w["authorships"] as? [[String: Any]]) ?? [] {
            let author = a["author"] as? [String: Any] ?? [:]
            let display = s(author["display_name"]) ?? s(a["raw_author_name"]) ?? ""
            if display.isEmpty { continue }
            var ids: [AuthorIdentifier] = []
            if let aid = s(author["id"]) { ids.append(AuthorIdentifier(.openalex, aid)) }
            if let orcid = s(author["orcid"]) { ids.append(AuthorIdentifier(.orcid, orcid)) }
            let inst = (a["institutions"] as? [[String: Any]])?.compactMap { s($0["display_name"]) } ?? []
            // raw_author_name is the name as the paper prints it: kept as a variant of the slot.
            let raw = s(a["raw_author_name"])
            authors.append(WrittenAuthor(name: ParsedNames.parse(display), identifiers: ids, affiliations: inst,
                                         sourceVariant: raw == display ? nil : raw))
        }
        var rec = PaperRecord(source: SourceLocation(file: file, line: line, key: id), title: (s(w["title"]) ?? s(w["display_name"]) ?? "").collapsingWhitespace(), authors: authors)
        if let d = s(w["publication_date"]).flatMap({ PartialDate(parsing: $0) }) {
            rec.date = d
        } else if let y = CSLJSONReader.intValue(w["publication_year"]) {
            rec.date = PartialDate(year: y)
        }
        let ids = w["ids"] as? [String: Any] ?? [:]
        if let d = s(w["doi"]) ?? s(ids["doi"]) { rec.doi = Identifiers.doi(d) }
        if let pm = s(ids["pmid"]) { rec.pmid = pm.split(separator: "/").last.map(String.init) }
        if let loc = w["primary_location"] as? [String: Any], let src = loc["source"] as? [String: Any] { rec.venue = s(src["display_name"]) }
        if let b = w["biblio"] as? [String: Any] { rec.setLocator(volume: s(b["volume"]), issue: s(b["issue"]), pages: s(b["first_page"])) }
        rec.entryType = s(w["type"])
        return rec
    }
}
