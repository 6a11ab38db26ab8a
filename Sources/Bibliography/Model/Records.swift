import Foundation
import AuthorNames

/// A date known to the year, the month or the day.
///
/// `yearInferred` marks a year the source did not give (a profile listing's
/// "May 13" is taken to be in the listing's reference year); every output that
/// shows such a date says so.
public struct PartialDate: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The year.
    public var year: Int
    /// The month, 1–12, when known.
    public var month: Int?
    /// The day of the month, when known.
    public var day: Int?
    /// True when the source gave no year and it was inferred.
    public var yearInferred: Bool

    /// Creates a date.
    public init(year: Int, month: Int? = nil, day: Int? = nil, yearInferred: Bool = false) {
        self.year = year
        self.month = month.flatMap { (1...12).contains($0) ? $0 : nil }
        self.day = self.month == nil ? nil : day.flatMap { (1...31).contains($0) ? $0 : nil }
        self.yearInferred = yearInferred
    }

    /// Parses the date forms exports write: "2020", "2020-05", "2020-05-03", "2020-05-03T12:00:00Z",
    /// RIS's "2020/05/03/", "1948/07//" and "2020///". The year is the first four-digit number; month and
    /// day follow it, separated by "-" or "/", and are kept only when valid.
    public init?(parsing text: String) {
        guard let y = Identifiers.firstYear(in: text) else { return nil }
        let trimmed = text.trimmingHorizontalWhitespace()
        let parts = trimmed.split(whereSeparator: { $0 == "-" || $0 == "/" }).map { $0.prefix(while: { $0.isNumber }) }
        var month: Int?, day: Int?
        if parts.count >= 2, Identifiers.firstYear(in: String(parts[0])) == y, let m = Int(parts[1]), (1...12).contains(m) {
            month = m
            if parts.count >= 3, let d = Int(parts[2]) { day = d }
        }
        // RIS leaves empty slots: "1948/07//" has a month and no day, "2020///" neither.
        if trimmed.contains("/") {
            let slots = trimmed.split(separator: "/", omittingEmptySubsequences: false)
            month = slots.count > 1 ? Int(slots[1]).flatMap { (1...12).contains($0) ? $0 : nil } : nil
            day = month != nil && slots.count > 2 ? Int(slots[2].prefix(2)) : nil
        }
        self.init(year: y, month: month, day: day)
    }

    /// ISO 8601 to the known precision: "2023-01-02", "2023-01" or "2023".
    public var iso: String {
        func pad(_ n: Int, _ width: Int) -> String {
            let d = String(n)
            return d.count >= width ? d : String(repeating: "0", count: width - d.count) + d
        }
        var s = pad(year, 4)
        if let month {
            s += "-" + pad(month, 2)
            if let day { s += "-" + pad(day, 2) }
        }
        return s
    }

    /// How precise the date is.
    public var precision: Precision { day != nil ? .day : month != nil ? .month : .year }

    /// Day, month or year.
    public enum Precision: String, Sendable { case day, month, year }

    public var description: String { iso + (yearInferred ? " (year inferred)" : "") }

    /// Earlier dates first; a less precise date sorts before a more precise one in the same period.
    public static func < (a: PartialDate, b: PartialDate) -> Bool {
        if a.year != b.year { return a.year < b.year }
        if (a.month ?? 0) != (b.month ?? 0) { return (a.month ?? 0) < (b.month ?? 0) }
        if (a.day ?? 0) != (b.day ?? 0) { return (a.day ?? 0) < (b.day ?? 0) }
        return !a.yearInferred && b.yearInferred
    }
}

/// An identifier of a person that a source gives next to the name.
public struct AuthorIdentifier: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The identifier's namespace.
    public enum Scheme: String, Sendable, Hashable, CaseIterable, Comparable {
        case orcid, scopus, dblp, openalex, pubmed, wos
        public static func < (a: Scheme, b: Scheme) -> Bool { a.rawValue < b.rawValue }
    }
    /// Which namespace.
    public var scheme: Scheme
    /// The value, normalized (an ORCID without its URL prefix).
    public var value: String

    /// Creates an identifier, normalizing ORCIDs ("https://orcid.org/0000-…", "0000000218250097"
    /// and "0000 0002 1825 0097" all become "0000-0002-1825-0097").
    public init(_ scheme: Scheme, _ value: String) {
        self.scheme = scheme
        var v = value.trimmingHorizontalWhitespace()
        if scheme == .orcid {
            if let r = v.range(of: "orcid.org/") { v = String(v[r.upperBound...]) }
            v = v.uppercased()
            let digits = v.filter { $0.isASCII && ($0.isNumber || $0 == "X") }
            if digits.count == 16, v.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "X" || $0 == "-" || $0 == " ") }) {
                let c = Array(digits)
                v = [0, 4, 8, 12].map { String(c[$0..<($0 + 4)]) }.joined(separator: "-")
            }
        }
        if scheme == .openalex, let r = v.range(of: "openalex.org/") { v = String(v[r.upperBound...]) }
        self.value = v
    }

    /// `orcid:0000-0002-1825-0097`
    public var description: String { "\(scheme.rawValue):\(value)" }

    /// For an ORCID: true when its check character (ISO 7064 MOD 11-2) is right.
    public var isValidORCID: Bool {
        let c = value.filter { $0 != "-" }
        guard scheme == .orcid, c.count == 16, c.dropLast().allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        var total = 0
        for ch in c.dropLast() { total = (total + Int(String(ch))!) * 2 }
        let r = (12 - total % 11) % 11
        return String(c.last!) == (r == 10 ? "X" : String(r))
    }

    public static func < (a: AuthorIdentifier, b: AuthorIdentifier) -> Bool {
        a.scheme != b.scheme ? a.scheme < b.scheme : a.value < b.value
    }
}

/// One author slot of a record, as the source wrote it.
public struct WrittenAuthor: Hashable, Sendable {
    /// The parsed name.
    public var name: PersonName
    /// Identifiers the source gives for this slot (ORCID, Scopus id, …).
    public var identifiers: [AuthorIdentifier]
    /// Affiliations the source gives for this slot.
    public var affiliations: [String]
    /// True when the slot was not in the source but inferred (the listing's owner on a truncated byline).
    public var inferred: Bool
    /// The same slot's other form in the source, kept as a name variant: Web of Science's AU
    /// beside AF, MEDLINE's AU beside FAU, OpenAlex's raw_author_name beside display_name.
    public var sourceVariant: String?

    /// Creates an author slot.
    public init(name: PersonName, identifiers: [AuthorIdentifier] = [], affiliations: [String] = [], inferred: Bool = false,
                sourceVariant: String? = nil) {
        self.name = name
        self.identifiers = identifiers
        self.affiliations = affiliations
        self.inferred = inferred
        self.sourceVariant = sourceVariant
    }
}

/// Where a record came from.
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The input's name as given (`-` for stdin).
    public var file: String
    /// The record's first line.
    public var line: Int
    /// The record's key in its source (BibTeX key, PMID, UT), when it has one.
    public var key: String?

    /// Creates a location.
    public init(file: String, line: Int, key: String? = nil) {
        self.file = file
        self.line = line
        self.key = key
    }

    /// `file:line`
    public var description: String { "\(file):\(line)" }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        a.file != b.file ? a.file < b.file : a.line < b.line
    }
}

/// One record as a reader produced it, before merging and name resolution.
public struct PaperRecord: Sendable {
    /// Where it came from.
    public var source: SourceLocation
    /// The title, LaTeX converted.
    public var title: String
    /// The byline in order.
    public var authors: [WrittenAuthor]
    /// True when the byline was cut short ("et al.", "and others").
    public var truncated: Bool
    /// The publication date, when known.
    public var date: PartialDate?
    /// DOI, lowercased, without URL prefix.
    public var doi: String?
    /// arXiv identifier without version ("2306.12345").
    public var arxiv: String?
    /// PubMed id.
    public var pmid: String?
    /// Journal, proceedings or other container title.
    public var venue: String?
    /// A link to the paper.
    public var url: String?
    /// The entry type in the source ("article", "inproceedings", …).
    public var entryType: String?
    /// The subject category (a listing's "LG", "OC").
    public var category: String?
    /// True when the source flags that code is available.
    public var hasCode: Bool
    /// Free tags (a listing's affiliation tag "tsinghua").
    public var tags: [String]
    /// The abstract, when given.
    public var abstract: String?
    /// Where in its container: volume, issue and first page, when given (see ``setLocator(volume:issue:pages:)``).
    public var volume: String?
    /// The issue (BibTeX's number).
    public var issue: String?
    /// The first page ("23" of "23--25").
    public var firstPage: String?
    /// What the merger matches the record by, when a reader computed it on its own thread; nil
    /// (computed when the record is added) after anything that changes the record.
    var mergeKeys: PaperMerger.Keys?

    /// Sets volume, issue and first page from raw field values; blank values are ignored.
    public mutating func setLocator(volume: String?, issue: String?, pages: String?) {
        func clean(_ s: String?) -> String? {
            guard let s else { return nil }
            let t = s.filter { $0 != "{" && $0 != "}" }.trimmingCharacters(in: .whitespacesAndNewlines)
            return t.isEmpty ? nil : t
        }
        if let v = clean(volume) { self.volume = v }
        if let i = clean(issue) { self.issue = i }
        if let p = clean(pages) {
            let first = p.prefix(while: { !($0 == "-" || $0 == "–" || $0 == "—" || $0 == "," || $0 == " " || $0 == "+") })
            if !first.isEmpty { firstPage = String(first) }
        }
    }

    /// Creates a record.
    public init(source: SourceLocation, title: String, authors: [WrittenAuthor], truncated: Bool = false,
                date: PartialDate? = nil, doi: String? = nil, arxiv: String? = nil, pmid: String? = nil,
                venue: String? = nil, url: String? = nil, entryType: String? = nil, category: String? = nil,
                hasCode: Bool = false, tags: [String] = [], abstract: String? = nil) {
        self.source = source
        self.title = title
        self.authors = authors
        self.truncated = truncated
        self.date = date
        self.doi = doi
        self.arxiv = arxiv
        self.pmid = pmid
        self.venue = venue
        self.url = url
        self.entryType = entryType
        self.category = category
        self.hasCode = hasCode
        self.tags = tags
        self.abstract = abstract
    }
}
