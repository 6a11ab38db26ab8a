import Foundation

/// Folding of names and titles into comparison keys.
///
/// A key ignores case, diacritics, punctuation and spacing: `"Jean-Pierre"`,
/// `"jean pierre"` and `"JEAN PIERRE"` fold to `"jeanpierre"`; `"Łukasz"` and
/// `"Lukasz"` to `"lukasz"`; `"Müller"` to `"muller"`.
public enum Folding {
    /// Letters that Unicode does not decompose but readers treat as a base letter plus a mark.
    static let specialLetters: [Character: String] = [
        "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "ß": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe",
        "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "þ": "th", "Þ": "th", "ı": "i", "ȷ": "j", "ŋ": "ng", "Ŋ": "ng",
        "ħ": "h", "Ħ": "h", "ŀ": "l", "Ŀ": "l", "ŧ": "t", "Ŧ": "t",
    ]

    /// Folds `text` to lowercase ASCII-like letters and digits, dropping marks,
    /// punctuation and white space. Letters of other scripts (CJK, Cyrillic, …)
    /// are kept, lowercased.
    ///
    /// - Complexity: O(n).
    public static func key(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        appendKey(of: text, to: &out, keepSpaces: false)
        return String(out)
    }

    /// Like ``key(_:)`` but single spaces separate the words, which keeps titles readable
    /// and distinguishes "a bc" from "ab c".
    public static func words(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        appendKey(of: text, to: &out, keepSpaces: true)
        while out.last == " " { out.removeLast() }
        return String(out)
    }

    static func appendKey(of text: String, to out: inout String.UnicodeScalarView, keepSpaces: Bool) {
        // Pure ASCII fast path.
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            for b in text.utf8 {
                switch b {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): out.append(Unicode.Scalar(b + 32))
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): out.append(Unicode.Scalar(b))
                default:
                    if keepSpaces, let last = out.last, last != " " { out.append(" ") }
                }
            }
            return
        }
        for ch in text {
            if let mapped = specialLetters[ch] {
                out.append(contentsOf: mapped.unicodeScalars)
                continue
            }
            let decomposed = String(ch).decomposedStringWithCompatibilityMapping
            var emitted = false
            for u in decomposed.unicodeScalars {
                let p = u.properties
                if p.generalCategory == .nonspacingMark || p.generalCategory == .spacingMark || p.generalCategory == .enclosingMark {
                    continue
                }
                if p.isAlphabetic || p.numericType != nil {
                    if let m = specialLetters[Character(u)] {
                        out.append(contentsOf: m.unicodeScalars)
                    } else {
                        out.append(contentsOf: p.lowercaseMapping.unicodeScalars)
                    }
                    emitted = true
                }
            }
            if !emitted && keepSpaces, let last = out.last, last != " " { out.append(" ") }
        }
    }
}
