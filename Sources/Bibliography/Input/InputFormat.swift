import Foundation

/// The input formats Coauthor reads.
public enum InputFormat: String, CaseIterable, Sendable {
    /// A profile page's publication listing (three lines per record).
    case listing
    /// BibTeX or biblatex.
    case bibtex

    /// The reader for this format.
    public func makeReader() -> BibliographyReader {
        switch self {
        case .listing: return ListingReader()
        case .bibtex: return BibTeXReader()
        }
    }

    /// Guesses the format from the file name and the first bytes of content.
    ///
    /// Content decides when it is unambiguous; the extension breaks ties.
    public static func detect(name: String, head: [UInt8]) -> InputFormat? {
        let text = TextDecoding.decode(head.prefix(8192)).text
        let lines = text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).prefix(20).map(String.init)
        if let first = lines.first(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }),
           ListingReader.parseHeader(first) != nil
        {
            return .listing
        }
        let ext = Self.extensionOf(name)
        if looksLikeBibTeX(text) { return .bibtex }
        switch ext {
        case "bib", "bibtex", "biblatex": return .bibtex
        case "txt" where lines.contains(where: { ListingReader.parseHeader($0) != nil }): return .listing
        default: return nil
        }
    }

    /// True when a line starts with `@type{` or `@type(`.
    static func looksLikeBibTeX(_ text: String) -> Bool {
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).prefix(400) {
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
