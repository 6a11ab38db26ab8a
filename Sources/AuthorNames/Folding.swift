import Foundation

/// Folding of names and titles into comparison keys.
///
/// A key ignores case, diacritics, punctuation and spacing: `"Jean-Pierre"`,
/// `"jean pierre"` and `"JEAN PIERRE"` fold to `"jeanpierre"`; `"Łukasz"` and
/// `"Lukasz"` to `"lukasz"`; `"Müller"` to `"muller"`. Letters of other
/// scripts (CJK, Cyrillic, Greek, …) are kept, lowercased.
///
/// Folding runs on every name and title of a corpus, so it works on Unicode
/// scalars with a precomputed table for U+0080–U+024F (Latin-1 Supplement and
/// Latin Extended-A/B) and decomposes other scalars only when met.
public enum Folding {
    /// Letters that Unicode does not decompose but readers treat as a base letter plus a mark.
    static let specialLetters: [Unicode.Scalar: String] = [
        "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "ß": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe",
        "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "þ": "th", "Þ": "th", "ı": "i", "ȷ": "j", "ŋ": "ng", "Ŋ": "ng",
        "ħ": "h", "Ħ": "h", "ŀ": "l", "Ŀ": "l", "ŧ": "t", "Ŧ": "t",
    ]

    /// Folded UTF-8 bytes for U+0080..<U+0250 (empty for marks and punctuation).
    static let latinTable: [[UInt8]] = (0x80..<0x250).map { v in Array(foldSlow(Unicode.Scalar(UInt32(v))!).utf8) }

    /// Folds one non-ASCII scalar: special letters, compatibility decomposition, marks dropped, lowercased.
    static func foldSlow(_ u: Unicode.Scalar) -> String {
        if let m = specialLetters[u] { return m }
        var out = ""
        for d in String(u).decomposedStringWithCompatibilityMapping.unicodeScalars {
            let p = d.properties
            if p.generalCategory == .nonspacingMark || p.generalCategory == .spacingMark || p.generalCategory == .enclosingMark { continue }
            if let m = specialLetters[d] { out += m; continue }
            if p.isAlphabetic || p.numericType != nil {
                if d.isASCII {
                    let b = UInt8(d.value)
                    if (b >= 0x41 && b <= 0x5A) { out.unicodeScalars.append(Unicode.Scalar(b + 32)) }
                    else if (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) { out.unicodeScalars.append(d) }
                } else {
                    out += p.lowercaseMapping
                }
            }
        }
        return out
    }

    /// Folds `text` to lowercase letters and digits, dropping marks, punctuation and white space.
    ///
    /// - Complexity: O(n).
    public static func key(_ text: String) -> String {
        var out: [UInt8] = []
        appendKey(of: text, to: &out, keepSpaces: false)
        return String(decoding: out, as: UTF8.self)
    }

    /// ``key(_:)`` as UTF-8 bytes, for building longer keys without intermediate strings.
    public static func keyBytes(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        appendKey(of: text, to: &out, keepSpaces: false)
        return out
    }

    /// Calls `body` with ``keyBytes(_:)`` of `text`; ASCII text is folded into scratch space on
    /// the stack, so no array is made.
    public static func withKeyBytes(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        let ascii = text.withBytes { p -> Bool in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(p.count, 1)) { o -> Bool in
                guard let k = foldASCII(p, into: o.baseAddress!, prior: 0x20, keepSpaces: false) else { return false }
                body(UnsafeBufferPointer(rebasing: o[0..<k]))
                return true
            }
        }
        if !ascii { keyBytes(text).withUnsafeBufferPointer(body) }
    }

    /// Like ``key(_:)`` but single spaces separate the words, which keeps titles readable
    /// and distinguishes "a bc" from "ab c".
    public static func words(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        appendKey(of: text, to: &out, keepSpaces: true)
        while out.last == 0x20 { out.removeLast() }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends ``key(_:)`` of `text` as UTF-8 bytes to `out`, for sorting many keys without
    /// building strings.
    public static func appendKeyBytes(_ text: String, to out: inout [UInt8]) {
        if appendASCII(text, to: &out, keepSpaces: false) { return }
        var key: [UInt8] = []  // appendKey restarts its buffer on non-ASCII text
        key.reserveCapacity(text.utf8.count)
        appendKey(of: text, to: &key, keepSpaces: false)
        out.append(contentsOf: key)
    }

    /// Appends ``words(_:)`` of `text` as UTF-8 bytes to `out`, for sorting many keys without
    /// building strings.
    public static func appendWordBytes(_ text: String, to out: inout [UInt8]) {
        if appendASCII(text, to: &out, keepSpaces: true) { return }
        var key: [UInt8] = []  // appendKey restarts its buffer on non-ASCII text
        key.reserveCapacity(text.utf8.count)
        appendKey(of: text, to: &key, keepSpaces: true)
        while key.last == 0x20 { key.removeLast() }
        out.append(contentsOf: key)
    }

    /// For ASCII text: appends its key (or words, with `keepSpaces`) straight to `out` and returns
    /// true. For other text: leaves `out` as it was and returns false.
    static func appendASCII(_ text: String, to out: inout [UInt8], keepSpaces: Bool) -> Bool {
        text.withBytes { p -> Bool in
            // Folded into scratch space, then appended at once (appending byte by byte checks the
            // array's capacity and uniqueness each time).
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(p.count, 1)) { o -> Bool in
                guard var k = foldASCII(p, into: o.baseAddress!, prior: 0x20, keepSpaces: keepSpaces) else { return false }
                while k > 0 && o[k - 1] == 0x20 { k -= 1 }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: o[0..<k]))
                return true
            }
        }
    }

    /// Folds ASCII bytes into `o`, which has room for `p.count` bytes: letters lowercased, digits
    /// kept, everything else dropped, or with `keepSpaces` made a single space between words (none
    /// after `prior`, the byte before, when that is a space). Returns how many bytes were written,
    /// or nil when a byte is not ASCII.
    ///
    /// Without a branch per byte: each byte's folded form comes from a table and is written at the
    /// end of the output, which moves past it only when it is kept; a non-ASCII byte is noticed
    /// at the end, in the bytes OR-ed together. (Titles and names are short, so folding all of a
    /// text that turns out not to be ASCII costs little. Against a branch on each byte's class:
    /// 22 M fewer instructions for `coauthor papers` on 20,000 mlanthology entries, callgrind.)
    @inline(__always)
    static func foldASCII(_ p: UnsafeBufferPointer<UInt8>, into o: UnsafeMutablePointer<UInt8>, prior: UInt8, keepSpaces: Bool) -> Int? {
        guard let base = p.baseAddress else { return 0 }
        let table = foldTable
        let n = p.count
        var k = 0
        var seen: UInt8 = 0
        if keepSpaces {
            var last = prior
            for i in 0..<n {
                let b = base[i]
                seen |= b
                let t = table[Int(b)]
                o[k] = t
                // Kept unless it is a space after a space.
                let keep = t != 0x20 || last != 0x20
                k &+= keep ? 1 : 0
                last = keep ? t : last
            }
        } else {
            for i in 0..<n {
                let b = base[i]
                seen |= b
                let t = table[Int(b)]
                o[k] = t
                k &+= t == 0x20 ? 0 : 1
            }
        }
        return seen < 0x80 ? k : nil
    }

    /// Each ASCII byte folded: letters lowercased, digits kept, anything else a space (a word
    /// separator, or dropped from keys). Bytes from 0x80 have entries too, never used.
    nonisolated(unsafe) static let foldTable = ByteTable.make { c in
        c >= 0x41 && c <= 0x5A ? c + 32 : (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) ? c : 0x20
    }

    /// ``foldASCII(_:into:prior:keepSpaces:)`` byte by byte, branching on each byte's class: the
    /// reference for the tests.
    static func _foldASCIIByBranches(_ p: UnsafeBufferPointer<UInt8>, into o: UnsafeMutablePointer<UInt8>, prior: UInt8, keepSpaces: Bool) -> Int? {
        var k = 0
        var last = prior
        for b in p {
            if b >= 0x80 { return nil }
            if b >= 0x41 && b <= 0x5A {
                last = b + 32; o[k] = last; k += 1
            } else if (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) {
                last = b; o[k] = b; k += 1
            } else if keepSpaces && last != 0x20 {
                last = 0x20; o[k] = 0x20; k += 1
            }
        }
        return k
    }

    static func appendKey(of text: String, to out: inout [UInt8], keepSpaces: Bool) {
        @inline(__always) func separator() {
            if keepSpaces, let last = out.last, last != 0x20 { out.append(0x20) }
        }
        // Pure ASCII fast path: the folded bytes (at most one per input byte) are written into
        // uninitialized storage without per-byte checks; nil when a non-ASCII byte is met.
        let prior = out.last ?? 0x20
        let folded: [UInt8]? = text.withBytes { p -> [UInt8]? in
            [UInt8](capacity: p.count) { o in foldASCII(p, into: o, prior: prior, keepSpaces: keepSpaces) }
        }
        if let folded {
            if out.isEmpty { out = folded } else { out.append(contentsOf: folded) }
            return
        }
        out.removeAll(keepingCapacity: true)
        for u in text.unicodeScalars {
            let v = u.value
            if v < 0x80 {
                let b = UInt8(v)
                switch b {
                case 0x41...0x5A: out.append(b + 32)
                case 0x61...0x7A, 0x30...0x39: out.append(b)
                default: separator()
                }
            } else if v < 0x250 {
                let f = latinTable[Int(v) - 0x80]
                if f.isEmpty {
                    if !u.properties.isAlphabetic && u.properties.generalCategory != .nonspacingMark { separator() }
                } else {
                    out.append(contentsOf: f)
                }
            } else {
                let p = u.properties
                if p.generalCategory == .nonspacingMark || p.generalCategory == .spacingMark || p.generalCategory == .enclosingMark { continue }
                if p.isAlphabetic || p.numericType != nil {
                    out.append(contentsOf: Array(foldSlow(u).utf8))
                } else {
                    separator()
                }
            }
        }
    }
}
