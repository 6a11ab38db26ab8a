import AuthorNames
import Foundation

/// Reads a researcher's publication list as copied from a profile page.
///
/// ## Format
/// Three lines per record:
///
/// 1. The header: an arXiv-style category glued to the date, then an optional
///    `Code` flag: `OCApr 3, 2022`, `LGMay 13` (no year: the listing's year),
///    `CLJul 17, 2025Code`.
/// 2. The title and the byline glued with no separator:
///    `Understanding the unstable convergence of gradient descentKwangjun Ahn, Jingzhao Zhang, Suvrit Sra`.
///    The byline is a comma-separated list of names; it may end in ` et al.`
///    (truncated), optionally followed by ` · tag` (an affiliation tag such as
///    `tsinghua`).
/// 3. The abstract, on one line.
///
/// ## Splitting title from byline
/// The authors after the first are the comma-separated segments that look like
/// names. The first author is glued to the title's last character: the split
/// point is an uppercase letter preceded by a non-space character (not a
/// hyphen or apostrophe, which join parts of one name) such that everything
/// after it is a name. When several points qualify, a name seen elsewhere in
/// the listing as a non-first author wins, then the rightmost point that
/// leaves a name of two or more words.
///
/// A profile listing is small (hundreds of records), so the reader holds the
/// file's records to learn the names it uses before splitting.
public struct ListingReader: BibliographyReader {
    /// Creates a reader.
    public init() {}

    /// Title and byline lines longer than this are rejected (finding the split is quadratic in the worst case).
    static let maxLineBytes = 20_000

    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// A parsed header line.
    struct Header: Equatable {
        var category: String
        var month: Int
        var day: Int
        var year: Int?
        var hasCode: Bool
    }

    /// Parses `OCApr 3, 2022`, `LGMay 13`, `CLJul 17, 2025Code`.
    static func parseHeader(_ line: String) -> Header? {
        let s = Array(line.trimmingHorizontalWhitespace().utf8)
        func isUpper(_ b: UInt8) -> Bool { b >= 65 && b <= 90 }
        func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
        var p = 1
        while p <= min(8, s.count - 3) {
            guard s[0..<p].allSatisfy(isUpper) else { return nil }
            let rest = s[p...]
            for (mi, m) in months.enumerated() where rest.starts(with: Array(m.utf8)) {
                var i = p + 3
                // Tolerate full month names: "June 3", "Sept 3".
                while i < s.count, s[i] >= 97 && s[i] <= 122 { i += 1 }
                guard i < s.count, s[i] == 32 else { continue }
                i += 1
                var day = 0, digits = 0
                while i < s.count, isDigit(s[i]), digits < 2 { day = day * 10 + Int(s[i] - 48); i += 1; digits += 1 }
                guard digits > 0, (1...31).contains(day) else { continue }
                var year: Int?
                if i + 1 < s.count, s[i] == 44, s[i + 1] == 32 {
                    var j = i + 2, y = 0, yd = 0
                    while j < s.count, isDigit(s[j]), yd < 4 { y = y * 10 + Int(s[j] - 48); j += 1; yd += 1 }
                    guard yd == 4 else { continue }
                    year = y
                    i = j
                }
                let tail = String(decoding: s[i...], as: UTF8.self)
                let hasCode: Bool
                switch tail {
                case "": hasCode = false
                case "Code": hasCode = true
                default: continue
                }
                return Header(category: String(decoding: s[0..<p], as: UTF8.self), month: mi + 1, day: day, year: year, hasCode: hasCode)
            }
            p += 1
        }
        return nil
    }

    /// The byline part of a title+byline line, as found before name splitting.
    struct Byline: Equatable {
        var title: String
        var names: [String]
        var truncated: Bool
        var tag: String?
    }

    /// Strips the ` · tag` and ` et al.` markers from the end of the line.
    static func stripMarkers(_ line: String) -> (rest: String, truncated: Bool, tag: String?) {
        var s = line.trimmingHorizontalWhitespace()
        var tag: String?
        if let r = s.range(of: " · ", options: .backwards) {
            let t = s[r.upperBound...].trimmingHorizontalWhitespace()
            if !t.isEmpty && !t.contains(",") && t.count <= 40 {
                tag = t
                s = String(s[..<r.lowerBound])
            }
        }
        var truncated = false
        for marker in [" et al.", " et al", ", et al."] where s.hasSuffix(marker) {
            s = String(s.dropLast(marker.count))
            truncated = true
            break
        }
        return (s, truncated, tag)
    }


    /// True for a word shaped like a name word: capitalized, letters with inner
    /// hyphens and apostrophes, or an initial ("J."). Inner capitals are allowed
    /// only after a hyphen or apostrophe or in Mc/Mac/De/Di/La/Le/Van/Von/Fitz
    /// prefixes ("McDonald", "DeVries").
    static func isNameWord(_ w: Substring) -> Bool {
        let chars = Array(w)
        guard let f = chars.first, f.isUppercase, f.isLetter else { return false }
        if chars.count == 2 && chars[1] == "." { return true }
        var prev: Character = f
        var sinceStart = String(f)
        for c in chars.dropFirst() {
            if c.isLetter {
                if c.isUppercase {
                    let allowed = prev == "-" || prev == "'" || prev == "’" || prev == "."
                        || NameParser.innerCapitalPrefixes.contains(sinceStart)
                    if !allowed { return false }
                }
            } else if c == "-" || c == "'" || c == "’" || c == "." {
                if prev == "-" || prev == "'" || prev == "’" { return false }
            } else {
                return false
            }
            prev = c
            sinceStart.append(c)
        }
        return true
    }

    /// True for a byline segment shaped like one person's name (1–5 words, particles inside).
    static func isNameLike(_ s: Substring) -> Bool {
        let words = s.split(separator: " ", omittingEmptySubsequences: false)
        guard (1...5).contains(words.count) else { return false }
        for (k, w) in words.enumerated() {
            if isNameWord(w) { continue }
            if k > 0 && k < words.count - 1 && NameParser.particleWords.contains(String(w)) { continue }
            return false
        }
        return true
    }

    /// Splits the title from the byline. `knownNames` are names seen as non-first authors in the listing.
    static func splitTitleAndByline(_ line: String, knownNames: Set<String>) -> Byline? {
        let (rest, truncated, tag) = stripMarkers(line)
        let segments = rest.components(separatedBy: ", ")
        var i = segments.count - 1
        while i > 0 && isNameLike(Substring(segments[i])) { i -= 1 }
        let head = segments[0...i].joined(separator: ", ")
        let following = Array(segments[(i + 1)...])
        guard let (title, first) = splitGlued(head, knownNames: knownNames) else { return nil }
        let cleanTitle = title.trimmingHorizontalWhitespace()
        if cleanTitle.isEmpty { return nil }
        return Byline(title: cleanTitle, names: [first] + following, truncated: truncated, tag: tag)
    }

    /// Finds where the title ends and the first author's name begins in `head`.
    static func splitGlued(_ head: String, knownNames: Set<String>) -> (String, String)? {
        let chars = Array(head)
        var candidates: [(index: Int, name: String, words: Int)] = []
        for p in 1..<max(1, chars.count) {
            let c = chars[p], prev = chars[p - 1]
            guard c.isUppercase, c.isLetter, !prev.isWhitespace, prev != "-", prev != "'", prev != "’" else { continue }
            let name = String(chars[p...])
            let sub = Substring(name)
            guard isNameLike(sub) else { continue }
            candidates.append((p, name, sub.split(separator: " ").count))
        }
        if candidates.isEmpty { return nil }
        let chosen = candidates.last(where: { knownNames.contains($0.name) })
            ?? candidates.last(where: { $0.words >= 2 })
            ?? candidates.last!
        return (String(chars[..<chosen.index]), chosen.name)
    }

    public func read(_ input: TextInput, options: ReaderOptions, log: DiagnosticLog, emit: (consuming PaperRecord) throws -> Void) throws {
        var lines = LineReader(input)
        struct Raw {
            var header: Header
            var headerLine: Int
            var body: String?
            var bodyLine: Int
            var abstract: String?
            var ordinal: Int  // the record's number in the file, counting every header
        }
        var headers = 0
        var raws: [Raw] = []
        var current: Raw?
        var warnedFallback = false
        func finish() {
            guard let r = current else { return }
            current = nil
            if r.body == nil {
                log.report(Diagnostic(.error, file: input.name, line: r.headerLine, record: "record \(r.ordinal)",
                                      message: "header with no title/byline line after it; record skipped"))
                return
            }
            if r.abstract == nil {
                log.report(Diagnostic(.warning, file: input.name, line: r.bodyLine, record: "record \(r.ordinal)",
                                      message: "no abstract line after the title/byline line"))
            }
            raws.append(r)
        }
        while let (text, fallback) = try lines.nextTextLine() {
            let n = lines.lineNumber
            if fallback && !warnedFallback {
                warnedFallback = true
                log.report(Diagnostic(.warning, file: input.name, line: n, message: "not valid UTF-8; read as Windows-1252 (Latin-1)"))
            }
            if let h = Self.parseHeader(text) {
                finish()
                headers += 1
                current = Raw(header: h, headerLine: n, body: nil, bodyLine: 0, abstract: nil, ordinal: headers)
                continue
            }
            if current == nil {
                if !text.trimmingHorizontalWhitespace().isEmpty {
                    log.report(Diagnostic(.error, file: input.name, line: n,
                                          message: "expected a record header such as \"LGMay 13, 2024\"; line skipped"))
                }
                continue
            }
            if current!.body == nil {
                if text.trimmingHorizontalWhitespace().isEmpty { continue }
                current!.body = text
                current!.bodyLine = n
            } else if current!.abstract == nil {
                current!.abstract = text
                finish()
            }
        }
        finish()

        // Names that appear as non-first authors are reliable split points for the first author.
        var known = Set<String>()
        for r in raws where r.body!.utf8.count <= Self.maxLineBytes {
            let (rest, _, _) = Self.stripMarkers(r.body!)
            for seg in rest.components(separatedBy: ", ").dropFirst() where Self.isNameLike(Substring(seg)) {
                known.insert(seg)
            }
        }
        for r in raws {
            let recordName = "record \(r.ordinal)"
            if r.body!.utf8.count > Self.maxLineBytes {
                log.report(Diagnostic(.error, file: input.name, line: r.bodyLine, record: recordName,
                                      message: "title/byline line of \(r.body!.utf8.count) bytes is longer than any real one (\(Self.maxLineBytes)); record skipped"))
                continue
            }
            guard let b = Self.splitTitleAndByline(r.body!, knownNames: known) else {
                log.report(Diagnostic(.error, file: input.name, line: r.bodyLine, record: recordName,
                                      message: "no byline found after the title; record skipped"))
                continue
            }
            let h = r.header
            let date = PartialDate(year: h.year ?? options.referenceYear, month: h.month, day: h.day, yearInferred: h.year == nil)
            let authors = b.names.map { WrittenAuthor(name: ParsedNames.parse($0)) }
            let record = PaperRecord(
                source: SourceLocation(file: input.name, line: r.headerLine, key: recordName),
                title: b.title, authors: authors, truncated: b.truncated, date: date,
                category: h.category, hasCode: h.hasCode, tags: b.tag.map { [$0] } ?? [],
                abstract: r.abstract.flatMap { $0.isEmpty ? nil : $0 })
            try emit(record)
        }
    }
}
