import Foundation

/// The input formats Coauthor reads.
public enum InputFormat: String, CaseIterable, Sendable {
    /// A profile page's publication listing (three lines per record).
    case listing

    /// The reader for this format.
    public func makeReader() -> BibliographyReader {
        switch self {
        case .listing: return ListingReader()
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
        switch ext {
        case "txt" where lines.contains(where: { ListingReader.parseHeader($0) != nil }): return .listing
        default: return nil
        }
    }

    /// The lowercased extension, ignoring a trailing `.gz`.
    public static func extensionOf(_ name: String) -> String {
        var n = name.lowercased()
        if n.hasSuffix(".gz") { n.removeLast(3) }
        guard let dot = n.lastIndex(of: "."), !n[dot...].contains("/") else { return "" }
        return String(n[n.index(after: dot)...])
    }
}
