import Foundation

private let monthNames = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]

/// Identifier normalization shared by readers.
public enum Identifiers {
    /// A DOI without URL or "doi:" prefix, lowercased; nil when it does not look like a DOI.
    public static func doi(_ raw: String) -> String? {
        // Lowercased once (DOIs are case-insensitive); prefixes are stripped in order.
        var s = Substring(raw.lowercased()).trimmingWhitespace()
        for prefix in ["https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi.org/", "doi:", "doi "] where s.hasPrefix(prefix) {
            s = s.dropFirst(prefix.count)
        }
        s = s.trimmingWhitespace()
        guard s.hasPrefix("10."), s.utf8.contains(0x2F) else { return nil }
        return String(s)
    }

    /// The DOI in a doi.org URL, if any.
    public static func doi(fromURL url: String) -> String? {
        guard findASCII("doi.org/10.", in: url) != nil, let start = findASCII("10.", in: url) else { return nil }
        return doi(String(url[start.lowerBound...]))
    }

    /// The first occurrence of `needle` (ASCII, lower case) in `text`, ignoring ASCII case;
    /// a byte search (no Foundation string search per record).
    static func findASCII(_ needle: StaticString, in text: String) -> Range<String.Index>? {
        let n = needle.utf8CodeUnitCount
        let p = needle.utf8Start
        let u = text.utf8
        guard n > 0, u.count >= n else { return nil }
        var i = u.startIndex
        var k = 0
        let last = u.count - n
        while k <= last {
            var j = 0
            var x = i
            while j < n {
                var b = u[x]
                if b >= 0x41 && b <= 0x5A { b |= 0x20 }
                if b != p[j] { break }
                j += 1
                x = u.index(after: x)
            }
            if j == n { return i..<x }
            i = u.index(after: i)
            k += 1
        }
        return nil
    }

    /// True for "2306.12345", "2306.12345v2", "math/0601001".
    public static func looksLikeArxiv(_ s: String) -> Bool { arxiv(s) != nil }

    /// An arXiv id without "arXiv:" prefix and version.
    public static func arxiv(_ raw: String) -> String? {
        var s = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if s.lowercased().hasPrefix("arxiv:") { s = String(s.dropFirst(6)) }
        if let r = s.range(of: "v", options: .backwards), s[r.upperBound...].allSatisfy(\.isNumber), !s[r.upperBound...].isEmpty,
           s[..<r.lowerBound].last?.isNumber == true
        {
            s = String(s[..<r.lowerBound])
        }
        let new = s.split(separator: ".")
        if new.count == 2, new[0].count == 4, new[0].allSatisfy(\.isNumber), (4...5).contains(new[1].count), new[1].allSatisfy(\.isNumber) { return s }
        let old = s.split(separator: "/")
        if old.count == 2, old[1].count == 7, old[1].allSatisfy(\.isNumber), old[0].allSatisfy({ $0.isLetter || $0 == "-" || $0 == "." }) { return s.lowercased() }
        return nil
    }

    /// The arXiv id of an arXiv DOI ("10.48550/arxiv.2001.12345"), if it is one.
    public static func arxiv(fromDOI doi: String) -> String? {
        let prefix = "10.48550/arxiv."
        guard doi.lowercased().hasPrefix(prefix) else { return nil }
        return arxiv(String(doi.dropFirst(prefix.count)))
    }

    /// The arXiv id in an arxiv.org URL, if any.
    public static func arxiv(fromURL url: String) -> String? {
        for marker: StaticString in ["arxiv.org/abs/", "arxiv.org/pdf/"] {
            if let r = findASCII(marker, in: url) {
                var id = String(url[r.upperBound...])
                if id.hasSuffix(".pdf") { id.removeLast(4) }
                return arxiv(id)
            }
        }
        return nil
    }

    /// The first plausible four-digit year (1000–2999) in `s`.
    public static func firstYear(in s: String) -> Int? {
        var run = 0, value = 0
        var found: Int?
        func close() { if run == 4 && (value / 1000 == 1 || value / 1000 == 2) && found == nil { found = value } }
        for b in s.utf8 {
            if b >= 0x30 && b <= 0x39 {
                run += 1
                if run <= 4 { value = value * 10 + Int(b - 0x30) }  // longer runs are not years (and must not overflow)
            } else {
                close()
                if found != nil { return found }
                run = 0; value = 0
            }
        }
        close()
        return found
    }

    /// A month number from "3", "03", "mar", "March", "Mar." (nil when none).
    public static func month(_ raw: String) -> Int? {
        let s = raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        if let n = Int(s), (1...12).contains(n) { return n }
        if s.count >= 3, let i = monthNames.firstIndex(where: { $0.hasPrefix(String(s.prefix(3))) }) { return i + 1 }
        return nil
    }
}
