import AuthorNames
import Foundation

extension XMLPullParser {
    /// The text inside the element just opened (nested markup such as `<i>` flattened), consuming its end tag.
    mutating func text(of name: String) throws -> String {
        var depth = 1
        var out = ""
        while let e = try next() {
            switch e {
            case .start: depth += 1
            case .end:
                depth -= 1
                if depth == 0 { return out.collapsingWhitespace() }
            case .text(let t): out += t
            }
        }
        return out.collapsingWhitespace()
    }

    /// The date inside the element just opened, consuming its end tag: PubMed's
    /// `Year`/`Month`/`Day` or `MedlineDate` ("1998 Dec-1999 Jan"), JATS's `year`/`month`/`day`.
    mutating func dateElement() throws -> PartialDate? {
        var y: Int?, m: Int?, d: Int?
        var depth = 1
        while let e = try next() {
            switch e {
            case let .start(name, _, _):
                switch name {
                case "Year", "year": y = Int(try text(of: name))
                case "Month", "month": m = Identifiers.month(try text(of: name))
                case "Day", "day": d = Int(try text(of: name))
                case "MedlineDate":
                    let t = try text(of: name)
                    y = Identifiers.firstYear(in: t)
                    m = t.split(separator: " ").dropFirst().first.flatMap { Identifiers.month(String($0.prefix(3))) }
                default: depth += 1
                }
            case .end:
                depth -= 1
                if depth == 0 { return y.map { PartialDate(year: $0, month: m, day: d) } }
            case .text: break
            }
        }
        return nil
    }

    /// Skips the rest of the element just opened.
    mutating func skip() throws {
        var depth = 1
        while let e = try next() {
            if case .start = e { depth += 1 }
            if case .end = e { depth -= 1; if depth == 0 { return } }
        }
    }
}

/// Reads an XML input with `handle` for each event, reporting a broken document
/// (and keeping every record completed before the break).
func readXML(_ input: TextInput, log: DiagnosticLog, entities: [String: String] = [:],
             _ body: (inout XMLPullParser) throws -> Void) throws {
    var p = XMLPullParser(input: input)
    p.entities = entities
    var unknown = Set<String>()
    p.onUnknownEntity = { name, line in
        if unknown.insert(name).inserted {
            log.report(Diagnostic(.warning, file: input.name, line: line, message: "unknown entity &\(name); kept as written"))
        }
    }
    var warnedEncoding = false
    p.onNotUTF8 = { line in
        if !warnedEncoding {
            warnedEncoding = true
            log.report(Diagnostic(.warning, file: input.name, line: line, message: "not valid UTF-8 (first here); such text was read as Windows-1252 (Latin-1)"))
        }
    }
    do {
        try body(&p)
    } catch let e as XMLPullParser.BrokenDocument {
        log.report(Diagnostic(.error, file: input.name, line: e.line, message: "XML breaks off: \(e.message); the records before it were kept"))
    }
}

// MARK: - PubMed XML

/// Reads PubMed XML (`PubmedArticleSet` of `PubmedArticle` and `PubmedBookArticle`).
///
/// `AuthorList/Author` with `LastName`, `ForeName`, `Initials`, `Suffix`,
/// `CollectiveName` (a group author), `Identifier Source="ORCID"` and
/// `AffiliationInfo/Affiliation`; the date from `ArticleDate`, else
/// `PubDate` (`Year`/`Month`/`Day` or `MedlineDate`); `ELocationID` or
/// `ArticleId` with type doi; `PMID`; journal `Title`.
public struct PubMedXMLReader: BibliographyReader {
    /// Creates a reader.
    public init() {}

    public func read(_ input: TextInput, options: ReaderOptions, log: DiagnosticLog, emit: (consuming PaperRecord) throws -> Void) throws {
        try readXML(input, log: log) { p in
            var around: [String]?  // the elements around the articles, once one was seen
            var current: Int?
            while true {
                do {
                    guard let e = try p.next() else { break }
                    guard case let .start(name, _, line) = e, name == "PubmedArticle" || name == "PubmedBookArticle" else { continue }
                    around = Array(p.stack.dropLast())
                    current = line
                    let rec = try Self.article(&p, closing: name, line: line, file: input.name, log: log)
                    current = nil
                    try emit(rec)
                } catch let broken as XMLPullParser.BrokenDocument {
                    // Damage after the first article: report it, skip to the next article, go on.
                    guard let around else { throw broken }
                    let found = try p.resync(toAnyOf: ["PubmedArticle", "PubmedBookArticle"], stack: around)
                    log.report(Diagnostic(.error, file: input.name, line: broken.line, record: current.map { "article at line \($0)" },
                                          message: "XML breaks off: \(broken.message); " + (found ? "skipped to the next article" : "the records before it were kept")))
                    current = nil
                    if !found { return }
                }
            }
        }
    }

    static func article(_ p: inout XMLPullParser, closing: String, line: Int, file: String, log: DiagnosticLog) throws -> PaperRecord {
        var title = ""
        var authors: [WrittenAuthor] = []
        var pmid: String?
        var doi: String?
        var venue: String?
        var volume: String?, issue: String?, pages: String?
        var articleDate: PartialDate?
        var pubDate: PartialDate?
        var abstract = ""
        var depth = 1
        while let e = try p.next() {
            switch e {
            case let .start(name, attrs, _):
                switch name {
                case "ArticleTitle" where title.isEmpty, "BookTitle" where title.isEmpty:
                    title = try p.text(of: name)
                case "PMID" where pmid == nil:
                    pmid = try p.text(of: name)
                case "Author":
                    if let a = try author(&p, valid: attrs["ValidYN"] != "N") { authors.append(a) }
                case "ELocationID", "ArticleId":
                    let t = try p.text(of: name)
                    if (attrs["EIdType"] ?? attrs["IdType"]) == "doi", doi == nil { doi = Identifiers.doi(t) }
                case "Title" where venue == nil:
                    venue = try p.text(of: name)
                case "Volume" where volume == nil: volume = try p.text(of: name)
                case "Issue" where issue == nil: issue = try p.text(of: name)
                case "MedlinePgn" where pages == nil: pages = try p.text(of: name)
                case "ArticleDate":
                    articleDate = try p.dateElement()
                case "PubDate" where pubDate == nil:
                    pubDate = try p.dateElement()
                case "AbstractText":
                    abstract += (abstract.isEmpty ? "" : " ") + (try p.text(of: name))
                case "ReferenceList", "CommentsCorrectionsList", "MeshHeadingList", "History":
                    try p.skip()
                default:
                    depth += 1
                }
            case .end:
                depth -= 1
                if depth == 0 {
                    var rec = PaperRecord(source: SourceLocation(file: file, line: line, key: pmid.map { "PMID \($0)" }), title: title, authors: authors)
                    rec.pmid = pmid
                    rec.doi = doi
                    rec.venue = venue
                    rec.setLocator(volume: volume, issue: issue, pages: pages)
                    rec.date = pubDate ?? articleDate
                    if let a = articleDate, let p = pubDate, a.year == p.year, p.month == nil { rec.date = a }
                    rec.abstract = abstract.isEmpty ? nil : abstract
                    return rec
                }
            case .text:
                break
            }
        }
        throw XMLPullParser.BrokenDocument(line: line, message: "<\(closing)> is not closed")
    }

    static func author(_ p: inout XMLPullParser, valid: Bool) throws -> WrittenAuthor? {
        var last = "", fore = "", initials = "", suffix = "", collective = ""
        var ids: [AuthorIdentifier] = []
        var aff: [String] = []
        var depth = 1
        while let e = try p.next() {
            switch e {
            case let .start(name, attrs, _):
                switch name {
                case "LastName": last = try p.text(of: name)
                case "ForeName", "FirstName": fore = try p.text(of: name)
                case "Initials": initials = try p.text(of: name)
                case "Suffix": suffix = try p.text(of: name)
                case "CollectiveName": collective = try p.text(of: name)
                case "Identifier":
                    let t = try p.text(of: name)
                    if attrs["Source"]?.uppercased() == "ORCID" { ids.append(AuthorIdentifier(.orcid, t)) }
                case "Affiliation": aff.append(try p.text(of: name))
                default: depth += 1
                }
            case .end:
                depth -= 1
                if depth == 0 {
                    if !valid { return nil }
                    if !collective.isEmpty {
                        return WrittenAuthor(name: PersonName(family: collective, kind: .group, written: collective), identifiers: ids, affiliations: aff)
                    }
                    if last.isEmpty && fore.isEmpty { return nil }
                    let written = last + (fore.isEmpty ? (initials.isEmpty ? "" : ", " + initials) : ", " + fore) + (suffix.isEmpty ? "" : ", " + suffix)
                    let (von, family) = NameParser._splitVonLastFree(last.split(separator: " ").map(String.init))
                    let name = PersonName(given: fore.isEmpty ? initials : fore, particle: von.joined(separator: " "),
                                          family: family.joined(separator: " "), suffix: suffix, written: written)
                    return WrittenAuthor(name: name, identifiers: ids, affiliations: aff)
                }
            case .text: break
            }
        }
        return nil
    }
}

// MARK: - DBLP

/// Reads dblp's XML (`dblp.xml` and extracts of it), streaming: memory does not
/// grow with the file.
///
/// Every publication element (`article`, `inproceedings`, `proceedings`,
/// `book`, `incollection`, `phdthesis`, `mastersthesis`, `www` is skipped as it
/// describes persons) becomes a record; `author` and (when there is no
/// author) `editor` elements give the byline, their dblp homonym number
/// ("Wei Wang 0001") is kept as an identifier and their `orcid` attribute as
/// an ORCID; `ee` links to doi.org give the DOI; `year`, `title`, `journal` or
/// `booktitle`. Character entities (`&uuml;` …) come from the DOCTYPE's DTD
/// next to the file when it exists, else from the built-in HTML set.
public struct DBLPReader: BibliographyReader {
    /// Creates a reader.
    public init() {}

    static let publicationTypes: Set<String> = ["article", "inproceedings", "proceedings", "book", "incollection", "phdthesis", "mastersthesis", "data"]

    public func read(_ input: TextInput, options: ReaderOptions, log: DiagnosticLog, emit: (consuming PaperRecord) throws -> Void) throws {
        // The DTD next to the file, if the input is a file.
        var entities: [String: String] = [:]
        if input.name != "-" {
            let dir = URL(fileURLWithPath: input.name).deletingLastPathComponent()
            let base = URL(fileURLWithPath: input.name).deletingPathExtension().lastPathComponent
            for candidate in ["\(base).dtd", "dblp.dtd"] {
                let path = dir.appendingPathComponent(candidate).path
                if let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? (try? String(contentsOfFile: path, encoding: .isoLatin1)) {
                    entities = XMLPullParser.entityDeclarations(in: text)
                    break
                }
            }
        }
        try readXML(input, log: log, entities: entities) { p in
            var root: [String]?  // the root element, once a record was seen
            var current: (line: Int, key: String?)?
            while true {
                do {
                    guard let e = try p.next() else { break }
                    guard case let .start(name, attrs, line) = e else { continue }
                    if p.stack.count == 1 { continue }  // the root
                    if p.stack.count == 2 { root = Array(p.stack.prefix(1)) }
                    guard Self.publicationTypes.contains(name) else {
                        if p.stack.count == 2 { try p.skip() }
                        continue
                    }
                    current = (line, attrs["key"])
                    let rec = try Self.publication(&p, type: name, key: attrs["key"], line: line, file: input.name)
                    current = nil
                    try emit(rec)
                } catch let broken as XMLPullParser.BrokenDocument {
                    // Damage after the first record: report it, skip to the next record, go on.
                    guard let root else { throw broken }
                    let found = try p.resync(toAnyOf: Self.publicationTypes.sorted() + ["www"], stack: root)
                    log.report(Diagnostic(.error, file: input.name, line: broken.line, record: current.map { $0.key ?? "record at line \($0.line)" },
                                          message: "XML breaks off: \(broken.message); " + (found ? "skipped to the next record" : "the records before it were kept")))
                    current = nil
                    if !found { return }
                }
            }
        }
    }

    static func publication(_ p: inout XMLPullParser, type: String, key: String?, line: Int, file: String) throws -> PaperRecord {
        var authors: [WrittenAuthor] = []
        var editors: [WrittenAuthor] = []
        var title = "", year: Int?, venue: String?, doi: String?, url: String?
        var volume: String?, number: String?, pages: String?
        var depth = 1
        while let e = try p.next() {
            switch e {
            case let .start(name, attrs, _):
                switch name {
                case "author", "editor":
                    let text = try p.text(of: name)
                    let parsed = ParsedNames.parse(text)
                    var ids: [AuthorIdentifier] = []
                    if let o = attrs["orcid"] { ids.append(AuthorIdentifier(.orcid, o)) }
                    if !parsed.homonym.isEmpty { ids.append(AuthorIdentifier(.dblp, parsed.display)) }
                    let a = WrittenAuthor(name: parsed, identifiers: ids)
                    if name == "author" { authors.append(a) } else { editors.append(a) }
                case "title": title = try p.text(of: name)
                case "year": year = Int(try p.text(of: name))
                case "volume": volume = try p.text(of: name)
                case "number": number = try p.text(of: name)
                case "pages": pages = try p.text(of: name)
                case "journal", "booktitle":
                    let t = try p.text(of: name)
                    if venue == nil { venue = t }
                case "ee":
                    let t = try p.text(of: name)
                    if doi == nil { doi = Identifiers.doi(fromURL: t) }
                    if url == nil { url = t }
                default:
                    depth += 1
                }
            case .end:
                depth -= 1
                if depth == 0 {
                    var rec = PaperRecord(source: SourceLocation(file: file, line: line, key: key), title: title, authors: authors.isEmpty ? editors : authors)
                    rec.date = year.map { PartialDate(year: $0) }
                    rec.venue = venue
                    rec.doi = doi
                    rec.url = url
                    rec.setLocator(volume: volume, issue: number, pages: pages)
                    rec.entryType = type
                    if rec.title.hasSuffix(".") { rec.title.removeLast() }
                    return rec
                }
            case .text: break
            }
        }
        throw XMLPullParser.BrokenDocument(line: line, message: "<\(type)> is not closed")
    }
}

// MARK: - JATS

/// Reads JATS / PMC article XML (`.nxml`): one article per file, authors from
/// `contrib[@contrib-type="author"]` (`surname`, `given-names`, `collab`,
/// `contrib-id` ORCID), `article-title`, `pub-date`, `article-id` (doi, pmid).
public struct JATSReader: BibliographyReader {
    /// Creates a reader.
    public init() {}

    public func read(_ input: TextInput, options: ReaderOptions, log: DiagnosticLog, emit: (consuming PaperRecord) throws -> Void) throws {
        try readXML(input, log: log) { p in
            var rec = PaperRecord(source: SourceLocation(file: input.name, line: 1), title: "", authors: [])
            var inFront = false
            var sawArticle = false
            while let e = try p.next() {
                guard case let .start(name, attrs, line) = e else {
                    if case let .end(name, _) = e, name == "front" { inFront = false }
                    continue
                }
                switch name {
                case "article": sawArticle = true; rec.source = SourceLocation(file: input.name, line: line)
                case "front": inFront = true
                case "back", "body", "ref-list": try p.skip()
                case "article-title" where inFront && rec.title.isEmpty: rec.title = try p.text(of: name)
                case "journal-title" where inFront: rec.venue = try p.text(of: name)
                case "volume" where inFront && rec.volume == nil: rec.setLocator(volume: try p.text(of: name), issue: nil, pages: nil)
                case "issue" where inFront && rec.issue == nil: rec.setLocator(volume: nil, issue: try p.text(of: name), pages: nil)
                case "fpage" where inFront && rec.firstPage == nil: rec.setLocator(volume: nil, issue: nil, pages: try p.text(of: name))
                case "article-id" where inFront:
                    let t = try p.text(of: name)
                    if attrs["pub-id-type"] == "doi" { rec.doi = Identifiers.doi(t) }
                    if attrs["pub-id-type"] == "pmid" { rec.pmid = t; rec.source.key = "PMID \(t)" }
                case "contrib" where inFront && attrs["contrib-type"] == "author":
                    if let a = try Self.contrib(&p) { rec.authors.append(a) }
                case "pub-date" where inFront && rec.date == nil:
                    rec.date = try p.dateElement()
                default: break
                }
            }
            if sawArticle { try emit(rec) }
        }
    }

    static func contrib(_ p: inout XMLPullParser) throws -> WrittenAuthor? {
        var surname = "", given = "", collab = "", suffix = ""
        var ids: [AuthorIdentifier] = []
        var depth = 1
        while let e = try p.next() {
            switch e {
            case let .start(name, attrs, _):
                switch name {
                case "surname": surname = try p.text(of: name)
                case "given-names": given = try p.text(of: name)
                case "suffix": suffix = try p.text(of: name)
                case "collab": collab = try p.text(of: name)
                case "contrib-id":
                    let t = try p.text(of: name)
                    if attrs["contrib-id-type"] == "orcid" || t.contains("orcid.org") { ids.append(AuthorIdentifier(.orcid, t)) }
                default: depth += 1
                }
            case .end:
                depth -= 1
                if depth == 0 {
                    if !collab.isEmpty { return WrittenAuthor(name: PersonName(family: collab, kind: .group, written: collab), identifiers: ids) }
                    if surname.isEmpty { return nil }
                    return WrittenAuthor(name: ParsedNames.parse(surname + ", " + given + (suffix.isEmpty ? "" : ", " + suffix)), identifiers: ids)
                }
            case .text: break
            }
        }
        return nil
    }
}
