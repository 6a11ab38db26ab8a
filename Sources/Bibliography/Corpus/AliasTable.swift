import AuthorNames
import Foundation

/// Forced name merges from a user's alias file.
///
/// A TSV file with a header line `name<TAB>canonical` (VOSviewer's thesaurus
/// header `label<TAB>replace by` is accepted too). Each following line maps a
/// written name to the name it stands for; an empty canonical drops the name
/// from every byline. Names are compared by match key, so case, accents and
/// spacing do not matter. Lines starting with `#` are comments.
public struct AliasTable: Sendable {
    /// One mapping.
    public struct Entry: Sendable {
        /// The name as written in the file.
        public var name: String
        /// The canonical name, or nil to drop.
        public var canonical: String?
        /// The line in the file.
        public var line: Int
        /// The parsed canonical name.
        var canonicalName: PersonName?
    }

    /// The file's name.
    public var file: String
    /// The mappings in file order.
    public var entries: [Entry]
    private var byKey: [String: Int] = [:]

    /// Parses an alias file's text; bad lines are reported to `log`.
    public init(text: String, file: String, log: DiagnosticLog) {
        self.file = file
        entries = []
        // Lines end in LF, CRLF or CR (a CRLF is one Character in Swift, so split on newline characters).
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        if lines.first?.hasPrefix("\u{FEFF}") == true { lines[0].removeFirst() }
        var sawHeader = false
        for (i, raw) in lines.enumerated() {
            let n = i + 1
            if raw.trimmingHorizontalWhitespace().isEmpty || raw.hasPrefix("#") { continue }
            let cols = raw.components(separatedBy: "\t")
            if !sawHeader {
                sawHeader = true
                let h = cols.map { $0.trimmingHorizontalWhitespace().lowercased() }
                if h.count >= 2 && ((h[0] == "name" && h[1] == "canonical") || (h[0] == "label" && h[1] == "replace by")) {
                    continue
                }
                log.report(Diagnostic(.warning, file: file, line: n,
                                      message: "expected the header \"name<TAB>canonical\" (or \"label<TAB>replace by\"); reading this line as a mapping"))
            }
            guard cols.count >= 2 || (cols.count == 1 && !cols[0].isEmpty) else { continue }
            let name = cols[0].trimmingHorizontalWhitespace()
            let canon = cols.count >= 2 ? cols[1].trimmingHorizontalWhitespace() : ""
            if name.isEmpty {
                log.report(Diagnostic(.warning, file: file, line: n, message: "empty name; line ignored"))
                continue
            }
            let key = NameParser.parse(name).matchKey
            if let prev = byKey[key] {
                log.report(Diagnostic(.warning, file: file, line: n,
                                      message: "\"\(name)\" is already mapped on line \(entries[prev].line); the first mapping wins"))
                continue
            }
            byKey[key] = entries.count
            entries.append(Entry(name: name, canonical: canon.isEmpty ? nil : canon, line: n,
                                 canonicalName: canon.isEmpty ? nil : NameParser.parse(canon)))
        }
    }

    /// The entry for a written name, if any.
    func entry(for name: PersonName) -> Int? {
        byKey[name.matchKey]
    }
}
