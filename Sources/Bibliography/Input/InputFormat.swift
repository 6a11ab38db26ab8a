import Foundation

/// The input formats Coauthor reads.
public enum InputFormat: String, CaseIterable, Sendable {
    /// A profile page's publication listing (three lines per record).
    case listing
    /// BibTeX or biblatex.
    case bibtex
    /// RIS (Zotero, EndNote, Scopus, Ovid, …).
    case ris
    /// PubMed MEDLINE / .nbib text.
    case medline
    /// Web of Science plain-text (ISI) export.
    case wos
    /// PubMed XML.
    case pubmedxml = "pubmed-xml"
    /// JATS / PMC article XML.
    case jats
    /// dblp XML.
    case dblp
    /// CSL-JSON (Zotero, Crossref, citation.js, manubot).
    case csljson = "csl-json"
    /// OpenAlex works (JSON, API pages, JSON Lines).
    case openalex
    /// CSV with a header row.
    case csv
    /// Tab-separated values with a header row (including Web of Science's tab-delimited export).
    case tsv

    /// The reader for this format.
    public func makeReader() -> BibliographyReader {
        switch self {
        case .listing: return ListingReader()
        case .bibtex: return BibTeXReader()
        case .ris: return RISReader()
        case .medline: return MEDLINEReader()
        case .wos: return WoSReader()
        case .pubmedxml: return PubMedXMLReader()
        case .jats: return JATSReader()
        case .dblp: return DBLPReader()
        case .csljson: return CSLJSONReader()
        case .openalex: return OpenAlexReader()
        case .csv: return CSVTableReader(delimiter: ",")
        case .tsv: return CSVTableReader(delimiter: "\t")
        }
    }

    /// Guesses the format from the first bytes of content and the file name.
    ///
    /// Content decides when it is unambiguous; the extension breaks ties.
    public static func detect(name: String, head: [UInt8]) -> InputFormat? {
        let text = TextDecoding.decode(head.prefix(16384)).text
        let lines = text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline).prefix(60).map(String.init)
        let firstLine = lines.first.map { $0.hasPrefix("\u{FEFF}") ? String($0.dropFirst()) : $0 } ?? ""
        let trimmed = text.drop(while: { $0.isWhitespace || $0 == "\u{FEFF}" })
        if let first = lines.first(where: { !$0.trimmingHorizontalWhitespace().isEmpty }), ListingReader.parseHeader(first) != nil {
            return .listing
        }
        if trimmed.hasPrefix("<") {
            let sample = String(trimmed.prefix(16384))
            if sample.contains("<PubmedArticleSet") || sample.contains("<PubmedArticle") || sample.contains("<PubmedBookArticle") { return .pubmedxml }
            if sample.contains("<dblp") || sample.contains("dblp.dtd") || (sample.contains("mdate=") && sample.contains("key=")) { return .dblp }
            if sample.contains("<article") && (sample.contains("<front") || sample.contains("JATS") || sample.contains("journal-meta")) { return .jats }
            return nil
        }
        if trimmed.hasPrefix("{") || trimmed.hasPrefix("[") {
            return text.contains("\"authorships\"") ? .openalex : .csljson
        }
        if lines.contains(where: { $0.hasPrefix("PMID-") }) { return .medline }
        if !lines.contains(where: { $0.hasPrefix("TY  - ") }),
           lines.filter({ l in MEDLINEReader.grammar.tagOf(l).map { MEDLINEReader.knownTags.contains($0.tag) } ?? false }).count >= 2 {
            return .medline
        }
        if firstLine.hasPrefix("FN ") || (lines.contains { $0.hasPrefix("PT ") && !$0.hasPrefix("PT  ") } && lines.contains { $0.hasPrefix("AU ") || $0.hasPrefix("AF ") }) {
            return .wos
        }
        if lines.contains(where: { $0.hasPrefix("TY  - ") || $0.hasPrefix("\u{FEFF}TY  - ") }) { return .ris }
        if looksLikeBibTeX(text) { return .bibtex }
        let ext = extensionOf(name)
        switch ext {
        case "bib", "bibtex", "biblatex": return .bibtex
        case "ris": return .ris
        case "nbib", "medline": return .medline
        case "isi", "ciw": return .wos
        case "json": return .csljson
        case "jsonl", "ndjson": return .openalex
        case "xml": return nil
        default: break
        }
        // A header row with an author column.
        let header = firstLine.lowercased()
        let tabbed = header.contains("\t")
        let cells = header.split(separator: tabbed ? "\t" : ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \"")) }
        let authorHeaders = CSVTableReader.roleHeaders["authors"]! + CSVTableReader.roleHeaders["fullnames"]!
        if cells.count >= 2, cells.contains(where: { authorHeaders.contains($0) }) {
            return tabbed ? .tsv : .csv
        }
        if ext == "csv" { return .csv }
        if ext == "tsv" || ext == "tab" { return .tsv }
        if ext == "txt", lines.contains(where: { ListingReader.parseHeader($0) != nil }) { return .listing }
        return nil
    }

    /// True when a line starts with `@type{` or `@type(`.
    static func looksLikeBibTeX(_ text: String) -> Bool {
        for line in text.split(whereSeparator: \.isNewline).prefix(400) {
            let t = line.drop(while: { $0 == " " || $0 == "\t" })
            guard t.first == "@" else { continue }
            let rest = t.dropFirst()
            let name = rest.prefix(while: { $0.isLetter })
            if name.isEmpty { continue }
            let after = rest.dropFirst(name.count).drop(while: { $0 == " " || $0 == "\t" })
            if after.first == "{" || after.first == "(" { return true }
        }
        return false
    }

    /// The lowercased extension, ignoring a trailing `.gz`.
    public static func extensionOf(_ name: String) -> String {
        var n = name.lowercased()
        if n.hasSuffix(".gz") { n.removeLast(3) }
        guard let dot = n.lastIndex(of: "."), !n[dot...].contains("/") else { return "" }
        return String(n[n.index(after: dot)...])
    }
}
