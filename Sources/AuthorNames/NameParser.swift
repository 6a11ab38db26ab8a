import Foundation

/// Splits written author names into given, particle, family and suffix.
///
/// Two entry points:
/// - ``bibtex(_:)`` follows BibTeX's rules (as pybtex implements them) for the
///   three forms "First von Last", "von Last, First" and "von Last, Jr, First":
///   words are separated by white space and `~` at brace depth 0; a word is
///   "von" when its first letter at brace depth 0 is lowercase (for a special
///   character `{\'e}` the letter inside decides; other brace groups are
///   caseless); braces protect ("{Barnes and Noble}" is one word).
/// - ``parse(_:)`` reads the free forms of databases and listings: "Family,
///   Given", "Given Family", "G. H. Family", "Family GH" and "FAMILY GH" (WoS
///   and MEDLINE glue initials), "Family, Given, Jr." (RIS), suffixes
///   ("Rider SD Jr"; but "King JR" is initials), particles, all-caps names,
///   CJK names, group authors and dblp homonym numbers ("Wei Wang 0001").
///
/// Deliberate deviations from BibTeX, each because real data needs it: a
/// trailing "Jr."/"III" in the comma-less form is a suffix (BibTeX would make
/// it the last name), a trailing four-digit number is dblp's homonym number,
/// and a braced name with spaces inside ("{ATLAS Collaboration}") or one
/// naming an organisation is a group, not a person.
public enum NameParser {
    // MARK: - Lists

    /// Splits a BibTeX name list on " and " at brace depth 0 (any case), dropping
    /// a final "others", which marks the list as truncated.
    ///
    /// - Returns: the written names in order and whether the list ended in "and others".
    public static func splitBibTeXList(_ field: String) -> (names: [String], truncated: Bool) {
        var names: [String] = []
        let truncated = field.withBytes { utf8 in
            forEachBibTeXListName(utf8) { names.append(String(decoding: $0, as: UTF8.self)) }
        }
        return (names, truncated)
    }

    /// ``splitBibTeXList(_:)`` on UTF-8 bytes: calls `body` with each written name's bytes, in
    /// order, and returns whether the list ended in "and others" (which is not passed on).
    public static func forEachBibTeXListName(_ utf8: UnsafeBufferPointer<UInt8>,
                                             _ body: (UnsafeBufferPointer<UInt8>) -> Void) -> Bool {
        func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x7E }
        // Each name is passed on when the next is found: the last may be "others".
        var pending: Range<Int>?
        func add(_ a: Int, _ b: Int) {
            var s = a, e = b
            while s < e, isSpace(utf8[s]) && utf8[s] != 0x7E { s += 1 }
            while e > s, isSpace(utf8[e - 1]) && utf8[e - 1] != 0x7E { e -= 1 }
            guard s < e else { return }
            if let p = pending { body(UnsafeBufferPointer(rebasing: utf8[p])) }
            pending = s..<e
        }
        let n = utf8.count
        var depth = 0
        var start = 0
        var i = 0
        let classes = listByteClass
        while i < n {
            // One table lookup per byte: most bytes (letters, punctuation) change nothing here.
            let k = classes[Int(utf8[i])]
            if k == 0 { i += 1; continue }
            if k == 2 { i += 2; continue }  // a backslash: the next byte is escaped
            if k == 3 {
                depth += 1
            } else if k == 4 {
                depth = max(0, depth - 1)
            } else if depth == 0, i + 4 < n, utf8[i + 1] | 0x20 == 0x61, utf8[i + 2] | 0x20 == 0x6E, utf8[i + 3] | 0x20 == 0x64,
               isSpace(utf8[i + 4])
            {
                // (k is 1 here: white space or a tie, followed by "and" and another.)
                add(start, i)
                i += 4
                while i < n && isSpace(utf8[i]) { i += 1 }
                start = i
                continue
            }
            i += 1
        }
        add(start, n)
        guard let last = pending else { return false }
        // "others" or "{others}", in any case (no other letters lowercase to these ASCII ones).
        var folded: [UInt8] = []
        if last.count <= 8 { folded = utf8[last].map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 } }
        if folded.elementsEqual("others".utf8) || folded.elementsEqual("{others}".utf8) { return true }
        body(UnsafeBufferPointer(rebasing: utf8[last]))
        return false
    }

    /// What ``forEachBibTeXListName(_:_:)`` does at each byte: 0 nothing, 1 white space or a tie
    /// (a separator, perhaps before "and"), 2 a backslash, 3 an opening and 4 a closing brace.
    nonisolated(unsafe) static let listByteClass = ByteTable.make { c in
        switch c {
        case 0x20, 0x09, 0x0A, 0x0D, 0x7E: 1
        case 0x5C: 2
        case 0x7B: 3
        case 0x7D: 4
        default: 0
        }
    }

    // MARK: - BibTeX

    /// Splits one BibTeX-written name by BibTeX's rules (see the type's documentation).
    public static func bibtex(_ written: String) -> PersonName {
        _bibtexPlain(written) ?? _bibtexGeneral(written)
    }

    /// ``bibtex(_:)`` for a name without TeX markup: printable characters without braces,
    /// backslashes, ties or white space other than the ASCII space, which is nearly every name
    /// in real files (accented letters written as UTF-8 included). Words are byte ranges of the
    /// name, so no string is made per word; nil when the name needs the general path. Gives
    /// exactly what ``_bibtexGeneral(_:)`` gives (tests compare the two on real and random names).
    static func _bibtexPlain(_ written: String) -> PersonName? {
        written.withBytes { p -> PersonName? in
            // Control characters, "{", "\\", "}", "~", DEL and Unicode white space need the general
            // path (which trims Unicode white space at the ends).
            var k = 0
            while k < p.count {
                let c = p[k]
                if c < 0x80 {
                    if c < 0x20 || c >= 0x7D || c == 0x7B || c == 0x5C { return nil }
                } else if isUnicodeSpace(p, k) {
                    return nil
                }
                k += 1
            }
            // Words (start, end) and, per comma part, the end of its words, in scratch space on the
            // stack (a word needs a byte and a separator; a part, a comma).
            return withUnsafeTemporaryAllocation(of: (start: Int, end: Int).self, capacity: p.count / 2 + 1) { wordBuffer in
                withUnsafeTemporaryAllocation(of: Int.self, capacity: p.count + 1) { partBuffer in
                    var wordCount = 0, partCount = 0, wordStart = -1
                    for k in 0..<p.count {
                        let c = p[k]
                        if c == 0x20 || c == 0x2C {
                            if wordStart >= 0 { wordBuffer[wordCount] = (wordStart, k); wordCount += 1; wordStart = -1 }
                            if c == 0x2C { partBuffer[partCount] = wordCount; partCount += 1 }
                        } else if wordStart < 0 {
                            wordStart = k
                        }
                    }
                    if wordStart >= 0 { wordBuffer[wordCount] = (wordStart, p.count); wordCount += 1 }
                    partBuffer[partCount] = wordCount
                    partCount += 1
                    // Empty trailing parts are dropped ("Smith, "); a name of no words is empty.
                    while partCount > 1 && partBuffer[partCount - 1] == partBuffer[partCount - 2] { partCount -= 1 }
                    if wordCount == 0 { return PersonName(family: "", written: written) }
                    return _bibtexPlainSplit(written, p, UnsafeBufferPointer(rebasing: wordBuffer[0..<wordCount]),
                                             UnsafeBufferPointer(rebasing: partBuffer[0..<partCount]))
                }
            }
        }
    }

    /// ``_bibtexPlain(_:)`` once the name `p` is cut into `words` and comma parts (`partEnds`: the
    /// end of each part's words).
    private static func _bibtexPlainSplit(_ written: String, _ p: UnsafeBufferPointer<UInt8>, _ words: UnsafeBufferPointer<(start: Int, end: Int)>,
                                          _ partEnds: UnsafeBufferPointer<Int>) -> PersonName {
        do {

            func text(_ w: Int) -> String { String(decoding: UnsafeBufferPointer(rebasing: p[words[w].start..<words[w].end]), as: UTF8.self) }
            /// Words a..<b joined by single spaces.
            func join(_ a: Int, _ b: Int) -> String {
                if a >= b { return "" }
                if b - a == 1 { return text(a) }
                var length = b - a - 1
                for w in a..<b { length += words[w].end - words[w].start }
                return String(unsafeUninitializedCapacity: length) { out in
                    var o = 0
                    for w in a..<b {
                        if w > a { out[o] = 0x20; o += 1 }
                        for k in words[w].start..<words[w].end { out[o] = p[k]; o += 1 }
                    }
                    return o
                }
            }
            /// BibTeX's von test without braces: the first letter is lowercase (a letter beyond
            /// ASCII is decoded and asked, as the general test asks every scalar).
            func isVon(_ w: Int) -> Bool {
                var k = words[w].start
                let end = words[w].end
                while k < end {
                    let c = p[k]
                    if c < 0x80 {
                        if c >= 0x61 && c <= 0x7A { return true }
                        if c >= 0x41 && c <= 0x5A { return false }
                        k += 1
                        continue
                    }
                    let length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2
                    var bytes = UnsafeBufferPointer(rebasing: p[k..<min(k + length, end)]).makeIterator()
                    var decoder = UTF8()
                    if case .scalarValue(let u) = decoder.decode(&bytes), u.properties.isAlphabetic { return u.properties.isLowercase }
                    k += length
                }
                return false
            }
            func isHomonymNumber(_ w: Int) -> Bool {
                words[w].end - words[w].start == 4 && (words[w].start..<words[w].end).allSatisfy { p[$0] >= 0x30 && p[$0] <= 0x39 }
            }

            if partEnds.count == 1 {
                var n = words.count
                var homonym = ""
                if n > 1, isHomonymNumber(n - 1) { homonym = text(n - 1); n -= 1 }
                var suffix = ""
                if n > 1, _isSuffixWord(text(n - 1), previous: text(n - 2)) { suffix = text(n - 1); n -= 1 }
                var vonStart = 0
                while vonStart < n - 1 && !isVon(vonStart) { vonStart += 1 }
                var vonEnd = n - 1
                while vonEnd > vonStart && !isVon(vonEnd - 1) { vonEnd -= 1 }
                return _classify(PersonName(given: join(0, vonStart), particle: join(vonStart, vonEnd), family: join(vonEnd, n),
                                            suffix: suffix, homonym: homonym, written: written))
            }
            // "von Last, First" and "von Last, Jr, First": the von part runs up to the last von
            // word before the final word of the first part.
            let end0 = partEnds[0]
            var vonEnd = max(end0 - 1, 0)
            while vonEnd > 0 && !isVon(vonEnd - 1) { vonEnd -= 1 }
            let given = partEnds.count == 2 ? join(end0, partEnds[1]) : join(partEnds[1], words.count)
            let suffix = partEnds.count == 2 ? "" : join(end0, partEnds[1])
            return _classify(PersonName(given: given, particle: join(0, vonEnd), family: join(vonEnd, end0), suffix: suffix,
                                        written: written))
        }
    }

    /// True when the UTF-8 bytes at `k` (a lead byte of valid UTF-8) encode Unicode white space
    /// beyond ASCII: U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000.
    @inline(__always)
    static func isUnicodeSpace(_ p: UnsafeBufferPointer<UInt8>, _ k: Int) -> Bool {
        let n = p.count - k
        switch p[k] {
        case 0xC2: return n >= 2 && (p[k + 1] == 0x85 || p[k + 1] == 0xA0)
        case 0xE1: return n >= 3 && p[k + 1] == 0x9A && p[k + 2] == 0x80
        case 0xE2:
            guard n >= 3 else { return false }
            if p[k + 1] == 0x80 { let b = p[k + 2]; return b <= 0x8A || b == 0xA8 || b == 0xA9 || b == 0xAF }
            return p[k + 1] == 0x81 && p[k + 2] == 0x9F
        case 0xE3: return n >= 3 && p[k + 1] == 0x80 && p[k + 2] == 0x80
        default: return false
        }
    }

    /// ``bibtex(_:)`` for any name.
    static func _bibtexGeneral(_ written: String) -> PersonName {
        let trimmed = written.trimmingSpaces()
        let parts = _bibtexParts(trimmed)
        // A single brace-protected word with spaces inside is an institution: "{Barnes and Noble}".
        if parts.count == 1, parts[0].count == 1, let w = parts[0].first, w.hasPrefix("{"), w.hasSuffix("}"),
           _isWholeGroup(w), w.contains(" ") || w.contains("~")
        {
            let text = LaTeX.toUnicode(w).collapsingSpaces()
            return PersonName(family: text, kind: .group, written: written)
        }
        var first: [String] = [], von: [String] = [], last: [String] = [], jr: [String] = []
        switch parts.count {
        case 0:
            return PersonName(family: "", written: written)
        case 1:
            var words = parts[0]
            var homonym = ""
            if words.count > 1, let l = words.last, _isHomonymNumber(l) { homonym = l; words.removeLast() }
            if words.count > 1, let l = words.last, _isSuffixWord(l, previous: words[words.count - 2]) {
                jr = [l]; words.removeLast()
            }
            let n = words.count
            var vonStart = 0
            while vonStart < n - 1 && !_isVon(words[vonStart]) { vonStart += 1 }
            if vonStart == n - 1 {
                first = Array(words[0..<(n - 1)])
                last = [words[n - 1]]
            } else {
                var vonEnd = n - 1
                while vonEnd > vonStart && !_isVon(words[vonEnd - 1]) { vonEnd -= 1 }
                first = Array(words[0..<vonStart])
                von = Array(words[vonStart..<vonEnd])
                last = Array(words[vonEnd..<n])
            }
            let name = _make(first: first, von: von, last: last, jr: jr, written: written)
            return _classify(homonym.isEmpty ? name : name.with(homonym: homonym))
        default:
            let (v, l) = _splitVonLast(parts[0])
            von = v; last = l
            if parts.count == 2 {
                first = parts[1]
            } else {
                jr = parts[1]
                first = parts[2...].flatMap { $0 }
            }
            return _classify(_make(first: first, von: von, last: last, jr: jr, written: written))
        }
    }

    /// "von Last" in the comma forms: the von part runs up to the last von word before the final word.
    static func _splitVonLast(_ words: [String]) -> ([String], [String]) {
        let n = words.count
        if n == 0 { return ([], []) }
        var vonEnd = n - 1
        while vonEnd > 0 && !_isVon(words[vonEnd - 1]) { vonEnd -= 1 }
        return (Array(words[0..<vonEnd]), Array(words[vonEnd..<n]))
    }

    static func _make(first: [String], von: [String], last: [String], jr: [String], written: String) -> PersonName {
        func conv(_ ws: [String]) -> String {
            // Words hold no white space; only TeX markup needs converting.
            if !ws.contains(where: { $0.utf8.contains { $0 == 0x5C || $0 == 0x7B || $0 == 0x7D || $0 == 0x7E } }) {
                return ws.joined(separator: " ")
            }
            // Convert the joined words, so a control word eats the space after it ("\L ukasz" is "Łukasz").
            let joined = LaTeX.toUnicode(ws.joined(separator: " "))
            return String(String.UnicodeScalarView(joined.unicodeScalars.map { $0 == "\u{00A0}" ? " " : $0 })).collapsingSpaces()
        }
        return PersonName(given: conv(first), particle: conv(von), family: conv(last), suffix: conv(jr), written: written)
    }

    /// Splits a name into comma parts, each a list of words, at brace depth 0.
    static func _bibtexParts(_ s: String) -> [[String]] {
        var parts: [[String]] = []
        var words: [String] = []
        var word = String.UnicodeScalarView()
        var depth = 0
        var escaped = false
        for c in s.unicodeScalars {
            // A backslash protects a brace (\{) but not white space: "L.\ Thiele" is two words, as in BibTeX.
            if escaped && c != " " && c != "\t" && c != "\n" { word.append(c); escaped = false; continue }
            escaped = false
            if c == "\\" { word.append(c); escaped = true; continue }
            if c == "{" { depth += 1 }
            if c == "}" { depth = max(0, depth - 1) }
            if depth == 0 && (c == " " || c == "\t" || c == "\n" || c == "\r" || c == "~") {
                if !word.isEmpty { words.append(String(word)); word = String.UnicodeScalarView() }
                continue
            }
            if depth == 0 && c == "," {
                if !word.isEmpty { words.append(String(word)); word = String.UnicodeScalarView() }
                parts.append(words); words = []
                continue
            }
            word.append(c)
        }
        if !word.isEmpty { words.append(String(word)) }
        parts.append(words)
        // Drop empty trailing parts ("Smith, ") but keep the structure otherwise.
        while parts.count > 1, parts.last?.isEmpty == true { parts.removeLast() }
        if parts.count == 1 && parts[0].isEmpty { return [] }
        return parts
    }

    static func _isWholeGroup(_ w: String) -> Bool {
        // True when the first brace closes at the very end: "{A B}" but not "{A} {B}".
        var depth = 0
        var idx = 0
        let chars = Array(w.unicodeScalars)
        for (k, c) in chars.enumerated() {
            if c == "{" { depth += 1 }
            if c == "}" { depth -= 1; if depth == 0 { idx = k; break } }
        }
        return idx == chars.count - 1
    }

    /// BibTeX's test for a von word: the first letter at brace depth 0 is lowercase.
    /// A brace group starting with a control sequence is a special character and its
    /// letter decides; any other brace group is caseless and skipped.
    static func _isVon(_ word: String) -> Bool {
        let s = Array(word.unicodeScalars)
        var i = 0
        while i < s.count {
            let c = s[i]
            if c == "{" {
                if i + 1 < s.count && s[i + 1] == "\\" {
                    // Special character: read the control sequence.
                    var j = i + 2
                    var name = ""
                    while j < s.count, s[j].properties.isAlphabetic, s[j].isASCII { name.unicodeScalars.append(s[j]); j += 1 }
                    if name.isEmpty, j < s.count { j += 1 }
                    switch name {
                    case "OE", "AE", "AA", "O", "L": return false
                    case "oe", "ae", "aa", "o", "l", "ss", "i", "j": return true
                    default: break
                    }
                    // The case of the first letter after the command, within the group.
                    var depth = 1
                    while j < s.count && depth > 0 {
                        let d = s[j]
                        if d == "{" { depth += 1 } else if d == "}" { depth -= 1 } else if d.properties.isAlphabetic {
                            return d.properties.isLowercase
                        }
                        j += 1
                    }
                    i = j
                    continue
                }
                // Caseless group: skip it.
                var depth = 0
                var j = i
                while j < s.count {
                    if s[j] == "{" { depth += 1 }
                    if s[j] == "}" { depth -= 1; if depth == 0 { break } }
                    j += 1
                }
                i = j + 1
                continue
            }
            if c == "\\" {
                // A control sequence outside braces, e.g. \'e: the letter after it decides.
                i += 1
                continue
            }
            if c.properties.isAlphabetic {
                return c.properties.isLowercase
            }
            i += 1
        }
        return false
    }

    // MARK: - Free forms

    /// Splits a name written in any of the free forms databases and listings use.
    public static func parse(_ written: String) -> PersonName {
        var text = written
        if text.utf8.contains(where: { $0 == 0x5C || $0 == 0x7B }) { text = LaTeX.toUnicode(text) }
        text = text.collapsingSpaces()  // no-break spaces too
        // Trailing punctuation that is not an initial's period.
        while let l = text.last, l == "," || l == ";" || l == ":" || l == "*" || l == "†" { text.removeLast(); text = text.trimmingSpaces() }
        // A full stop after a written-out word ("Jingzhao Zhang.", "Zhang, Jingzhao.") ends the
        // citation, not an abbreviation; initials ("Smith J.A.") and suffixes ("Jr.") keep theirs.
        if text.hasSuffix("."), !text.hasSuffix("..") {
            let lastWord = String(text.dropLast().split(whereSeparator: { $0 == " " || $0 == "," }).last ?? "")
            if lastWord.count >= 2, !lastWord.utf8.contains(0x2E), lastWord.contains(where: { $0.isLowercase }),
               !_isSuffixWord(lastWord + ".", previous: nil) {
                text.removeLast()
            }
        }
        if text.isEmpty { return PersonName(family: "", written: written) }

        if isGroupName(text) {
            return PersonName(family: text, kind: .group, written: written)
        }
        // Honorifics ("Prof. Dr. Janusz Kacprzyk") are not part of the name.
        while true {
            // (No honorific is longer than nine letters: longer first words are not looked at.)
            guard text.utf8.prefix(10).contains(0x20) else { break }
            let first = text.prefix(while: { $0 != " " })
            guard first.count < text.count, honorifics.contains(first.lowercased()) else { break }
            text = String(text.dropFirst(first.count)).trimmingSpaces()
        }
        if containsCJK(text) {
            // No spaces: one unit. With spaces: family name first, as CJK names are written.
            let words = text.pieces(at: 0x20)
            if words.count == 1 { return PersonName(family: text, written: written) }
            return PersonName(given: words[1...].joined(separator: " "), family: words[0], written: written)
        }

        let commaParts = text.pieces(at: 0x2C).map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
        var name: PersonName
        if commaParts.count >= 2 {
            // "Family, Given", "Family, Given, Jr.", "Family, Jr., Given"
            var familyWords = commaParts[0].pieces(at: 0x20)
            var given = commaParts[1]
            var suffix = ""
            if commaParts.count >= 3 {
                if _isSuffixWord(commaParts[1], previous: nil) {
                    suffix = commaParts[1]; given = commaParts[2...].joined(separator: " ")
                } else if _isSuffixWord(commaParts[2], previous: nil) {
                    suffix = commaParts[2]
                    if commaParts.count > 3 { given += " " + commaParts[3...].joined(separator: " ") }
                } else {
                    given = commaParts[1...].joined(separator: " ")
                }
            } else if _isSuffixWord(given, previous: nil) {
                // "King, Jr.": a suffix and no given name.
                suffix = given; given = ""
            }
            var homonym = ""
            if familyWords.count > 1, let l = familyWords.last, _isHomonymNumber(l) { homonym = l; familyWords.removeLast() }
            // Suffix glued to the given names: "Smith, John Jr." or WoS "Rider, SD Jr".
            var givenWords = given.pieces(at: 0x20)
            if suffix.isEmpty, givenWords.count >= 2, let l = givenWords.last, _isSuffixWord(l, previous: givenWords[givenWords.count - 2]) {
                suffix = l; givenWords.removeLast(); given = givenWords.joined(separator: " ")
            }
            var (von, last) = _splitVonLastFree(familyWords)
            // Index order with the particle after the given name: "Veer, Emil ter", "Azzouzi, Hamid el".
            var gw = given.pieces(at: 0x20)
            var trailing: [String] = []
            while gw.count > 1, let l = gw.last, particleWords.contains(l) { trailing.insert(l, at: 0); gw.removeLast() }
            if !trailing.isEmpty && von.isEmpty { von = trailing; given = gw.joined(separator: " ") }
            name = PersonName(given: given, particle: von.joined(separator: " "), family: last.joined(separator: " "),
                              suffix: suffix, homonym: homonym, written: written)
        } else {
            var words = text.pieces(at: 0x20)
            var homonym = ""
            if words.count > 1, let l = words.last, _isHomonymNumber(l) { homonym = l; words.removeLast() }
            var suffix = ""
            // "KITYK IV" (a family word and glued initials) is initials; "John Smith IV" has a suffix.
            if words.count > 1, let l = words.last, _isSuffixWord(l, previous: words[words.count - 2]),
               !(words.count == 2 && (l == "II" || l == "IV")) {
                suffix = l; words.removeLast()
            }
            // "Family GH" / "FAMILY GH" / "Smith J.A.": a trailing run of initials after a non-initial word.
            var run = 0
            while run < words.count && isInitialsBlock(words[words.count - 1 - run]) { run += 1 }
            // "KIM JH", "LI X", "LEE J H": in capitals with no full stops, a short family name looks
            // like initials too; WoS and MEDLINE write the family name first.
            let allCaps = !text.hasLowercase
            if run == words.count && words.count >= 2 && allCaps && !text.utf8.contains(0x2E) { run = words.count - 1 }
            if run > 0 && run < words.count && !words[words.count - 1 - run].hasSuffix(".") {
                let familyWords = Array(words[0..<(words.count - run)])
                let given = words[(words.count - run)...].joined(separator: " ")
                var (von, last) = _splitVonLastFree(familyWords)
                // "DE LA CRUZ M", "VAN DER WAALS JD": particles in capitals.
                if allCaps && von.isEmpty {
                    var k = 0
                    while k < last.count - 1 && particleWords.contains(last[k].lowercased()) { k += 1 }
                    von = Array(last[0..<k]); last = Array(last[k...])
                }
                name = PersonName(given: given, particle: von.joined(separator: " "), family: last.joined(separator: " "),
                                  suffix: suffix, homonym: homonym, written: written)
            } else if words.count == 1 {
                name = PersonName(family: words[0], suffix: suffix, homonym: homonym, written: written)
            } else {
                // "Given von Family" by BibTeX's case rule.
                let n = words.count
                var vonStart = 1
                while vonStart < n - 1 && !_isVonFree(words[vonStart]) { vonStart += 1 }
                var given: [String], von: [String] = [], last: [String]
                if vonStart >= n - 1 {
                    // A capitalised prefix before the last word stays with the family: "C. De Graaf", "F. Di Natale".
                    var start = n - 1
                    while start - 1 >= 1, capitalizedPrefixes.contains(words[start - 1]) { start -= 1 }
                    if start < n - 1 {
                        given = Array(words[0..<start]); last = Array(words[start..<n])
                    } else {
                        given = Array(words[0..<(n - 1)]); last = [words[n - 1]]
                    }
                } else {
                    var vonEnd = n - 1
                    while vonEnd > vonStart && !_isVonFree(words[vonEnd - 1]) { vonEnd -= 1 }
                    given = Array(words[0..<vonStart]); von = Array(words[vonStart..<vonEnd]); last = Array(words[vonEnd..<n])
                }
                name = PersonName(given: given.joined(separator: " "), particle: von.joined(separator: " "),
                                  family: last.joined(separator: " "), suffix: suffix, homonym: homonym, written: written)
            }
        }
        return _classify(name)
    }

    /// Lowercase name particles (for index-order names such as "Veer, Emil ter").
    public static let particleWords: Set<String> = ["van", "von", "de", "der", "den", "del", "della", "di", "da", "du", "la", "le", "ter", "ten",
                                             "dos", "das", "do", "zu", "el", "al", "bin", "ibn", "af", "av", "d'", "l'", "y"]
    /// Prefixes after which a capital letter continues the same name: McDonald, DeVries, O'Brien.
    public static let innerCapitalPrefixes: Set<String> = ["Mc", "Mac", "De", "Di", "La", "Le", "Van", "Von", "Fitz", "Da", "Du", "O'", "D'"]
    /// Capitalised prefixes that belong to the family name when written before it ("De Graaf").
    public static let capitalizedPrefixes: Set<String> = ["De", "Di", "Da", "Du", "Van", "Von", "Le", "La", "Del", "Della", "Dos", "Das", "Ter", "Ten", "Den", "Der", "El", "Al"]
    static let honorifics: Set<String> = ["prof.", "prof", "professor", "dr.", "dr", "mr.", "mrs.", "ms.", "sir", "dame"]

    /// "van der Berg" → ("van der", "Berg"); particles are the lowercase words before the last word.
    public static func _splitVonLastFree(_ words: [String]) -> ([String], [String]) {
        let n = words.count
        if n <= 1 { return ([], words) }
        var vonEnd = 0
        while vonEnd < n - 1 && _isVonFree(words[vonEnd]) { vonEnd += 1 }
        return (Array(words[0..<vonEnd]), Array(words[vonEnd..<n]))
    }

    static func _isVonFree(_ w: String) -> Bool {
        // ASCII up to the first letter decides as the scalars would.
        let ascii = w.withBytes { p -> Bool? in
            for c in p {
                if c >= 0x80 { return nil }
                if c >= 0x61 && c <= 0x7A { return true }
                if c >= 0x41 && c <= 0x5A { return false }
            }
            return false
        }
        if let ascii { return ascii }
        guard let f = w.unicodeScalars.first(where: { $0.properties.isAlphabetic }) else { return false }
        return f.properties.isLowercase
    }

    /// Known lineage suffixes. "JR"/"SR" in capitals count only after a block of initials
    /// ("RIDER SD JR"); otherwise "King JR" is two initials.
    static func _isSuffixWord(_ w: String, previous: String?) -> Bool {
        switch w {
        case "Jr", "Jr.", "jr", "jr.", "Sr", "Sr.", "sr", "sr.", "III", "2nd", "3rd", "4th", "Jnr", "Snr": return true
        case "II", "IV": return true
        case "JR", "SR", "JR.", "SR.":
            if let p = previous { return isInitialsBlock(p) }
            return true
        default: return false
        }
    }

    static func _isHomonymNumber(_ w: String) -> Bool {
        w.count == 4 && w.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// True for "J", "J.", "JZ", "J.Z.", "J.-P.", "A-M": uppercase letters (at most three
    /// without dots), dots and hyphens, no lowercase letter.
    public static func isInitialsBlock(_ w: String) -> Bool {
        if let ascii = w.withBytes({ p -> Bool? in p.contains { $0 >= 0x80 } ? nil : asciiInitialsBlock(p, 0..<p.count) }) { return ascii }
        var letters = 0
        var hasDot = false
        for u in w.unicodeScalars {
            if u == "." { hasDot = true; continue }
            if u == "-" || u == "‐" { continue }
            if u.properties.isUppercase { letters += 1; continue }
            return false
        }
        if letters == 0 { return false }
        return hasDot ? letters <= 4 : letters <= 3
    }

    /// The words of a given-name string, split at spaces and hyphens.
    static func givenWords(_ given: String) -> [Substring] {
        given.split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "‐" })
    }

    /// The folded initials of a given-name string.
    public static func initials(of given: String) -> String {
        if given.isEmpty { return "" }
        if let fast = asciiInitials(given) { return fast }
        var out = ""
        for word in givenWords(given) {
            let w = String(word)
            if isInitialsBlock(w) {
                for u in w.unicodeScalars where u.properties.isAlphabetic { out += Folding.key(String(u)) }
            } else if w.utf8.contains(0x2E) {
                // "Ch." or "J.P" style: every dotted segment contributes its first letter.
                for seg in w.split(separator: ".") where !seg.isEmpty {
                    if let f = seg.unicodeScalars.first(where: { $0.properties.isAlphabetic }) { out += Folding.key(String(f)) }
                }
            } else if let f = w.unicodeScalars.first(where: { $0.properties.isAlphabetic }) {
                out += Folding.key(String(f))
            }
        }
        return out
    }

    /// ``initials(of:)`` for plain ASCII given names (letters, spaces, hyphens, dots); nil otherwise.
    static func asciiInitials(_ given: String) -> String? {
        // Words are ranges of the UTF-8 bytes and the result is gathered in scratch space: nothing
        // is allocated but the result (this runs once per distinct name, on hundreds of thousands).
        given.withBytes { p -> String? in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(p.count, 1)) { out -> String? in
                let base = out.baseAddress!
                var n = 0  // at most one byte out per byte in
                var wordStart = 0
                for k in 0..<p.count {
                    switch p[k] {
                    case 0x20, 0x2D:
                        n = asciiWordInitials(p, wordStart, k, base, n)
                        wordStart = k + 1
                    case 0x41...0x5A, 0x61...0x7A, 0x2E: break
                    default: return nil
                    }
                }
                n = asciiWordInitials(p, wordStart, p.count, base, n)
                return String(decoding: UnsafeBufferPointer(rebasing: out[0..<n]), as: UTF8.self)
            }
        }
    }

    /// The folded initials of the ASCII word `p[a..<e]` (letters and dots), written at `out + n`;
    /// returns the new end.
    @inline(__always)
    private static func asciiWordInitials(_ p: UnsafeBufferPointer<UInt8>, _ a: Int, _ e: Int, _ out: UnsafeMutablePointer<UInt8>, _ n: Int) -> Int {
        @inline(__always) func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b + 32 : b }
        var n = n
        var letters = 0, allUpper = true, hasDot = false, first: UInt8 = 0
        for k in a..<e {
            let b = p[k]
            if b == 0x2E { hasDot = true; continue }
            if letters == 0 { first = b }
            letters += 1
            if !(b >= 0x41 && b <= 0x5A) { allUpper = false }
        }
        if letters == 0 { return n }
        if allUpper && letters <= (hasDot ? 4 : 3) {
            for k in a..<e where p[k] != 0x2E { out[n] = p[k] + 32; n += 1 }  // an initials block: "JZ", "J.P."
        } else if hasDot {
            // "Ch." or "J.P": the first letter of every dotted segment.
            var start = true
            for k in a..<e {
                let b = p[k]
                if b == 0x2E { start = true; continue }
                if start { out[n] = lower(b); n += 1; start = false }
            }
        } else {
            out[n] = lower(first); n += 1
        }
        return n
    }

    /// True when some given name is written out ("Jingzhao"), not only initials.
    public static func hasFullGivenName(_ given: String) -> Bool {
        if given.isEmpty { return false }
        let ascii = given.withBytes { p -> Bool? in
            guard !p.contains(where: { $0 >= 0x80 }) else { return nil }
            // ASCII: a word of two or more letters that is neither an initials block nor "Ch."-style.
            // Words as byte ranges, split at spaces and hyphens (no array of words).
            var word = GivenWordScan()
            for b in p {
                if b == 0x20 || b == 0x2D {
                    if word.endIsFullWord() { return true }
                    continue
                }
                word.add(b)
            }
            return word.endIsFullWord()
        }
        if let ascii { return ascii }
        for word in givenWords(given) {
            let w = String(word)
            if isInitialsBlock(w) { continue }
            let letters = w.unicodeScalars.filter { $0.properties.isAlphabetic }.count
            if w.hasSuffix(".") && letters <= 3 { continue }  // "Ch.", "Th."
            if letters >= 2 { return true }
        }
        return false
    }

    /// One word of an ASCII given name, byte by byte, for ``hasFullGivenName(_:)`` (a value with
    /// mutating methods, not a closure over counters: no access check per byte).
    private struct GivenWordScan {
        var letters = 0, lower = false, dot = false, last: UInt8 = 0

        mutating func add(_ b: UInt8) {
            if b == 0x2E { dot = true } else if b >= 0x61 && b <= 0x7A { letters += 1; lower = true } else if b >= 0x41 && b <= 0x5A { letters += 1 }
            last = b
        }

        /// Ends the word: true when it is written out (two or more letters, neither an initials
        /// block nor "Ch."-style).
        mutating func endIsFullWord() -> Bool {
            defer { self = GivenWordScan() }
            if letters == 0 && !dot { return false }  // an empty word
            let initialsBlock = !lower && letters > 0 && letters <= (dot ? 4 : 3)
            if initialsBlock { return false }
            if last == 0x2E && letters <= 3 { return false }
            return letters >= 2
        }
    }

    /// How a given-name string is shown: MEDLINE's glued initials "JZ" become "J. Z.",
    /// a bare initial gets its period; full names are kept.
    public static func displayGiven(_ given: String) -> String {
        if given.isEmpty { return "" }
        // Fast exit: nothing to change unless some word is all capitals or starts with a hyphen.
        // Text that is not ASCII needs the general code unless every word holds a small ASCII letter
        // (such a word is no initials block) and the spacing is single (the general code collapses it).
        let needs = given.withBytes { p -> Bool in
            let ascii = !p.contains { $0 >= 0x80 }
            if !ascii && (p.first == 0x20 || p.last == 0x20 || zip(p, p.dropFirst()).contains { $0 == 0x20 && $1 == 0x20 }) { return true }
            var wordStart = true, capsRun = true, nonASCII = false, lower = false
            for b in p {
                if b == 0x20 {
                    if !wordStart && (capsRun || (nonASCII && !lower)) { return true }
                    wordStart = true; capsRun = true; nonASCII = false; lower = false
                    continue
                }
                if wordStart && b == 0x2D { return true }
                if b >= 0x80 { nonASCII = true } else if b >= 0x61 && b <= 0x7A { lower = true }
                if !(b >= 0x41 && b <= 0x5A) && b != 0x2E && b != 0x2D { capsRun = false }
                wordStart = false
            }
            return !wordStart && (capsRun || (nonASCII && !lower))
        }
        if !needs { return given }
        return asciiDisplayGiven(given) ?? _displayGivenGeneral(given)
    }

    /// ``displayGiven(_:)`` for any text, word by word.
    static func _displayGivenGeneral(_ given: String) -> String {
        // Join a detached hyphenated initial ("J. -P.") to the one before it.
        var raw = given.split(separator: " ").map(String.init)
        var k = 1
        while k < raw.count {
            if raw[k].hasPrefix("-") && raw[k - 1].hasSuffix(".") { raw[k - 1] += raw[k]; raw.remove(at: k) } else { k += 1 }
        }
        var words: [String] = []
        for w in raw {
            if isInitialsBlock(w) && !w.utf8.contains(0x2D) {
                // "JZ" → "J. Z."; "J.C." → "J. C."; "J" → "J."
                let letters = w.unicodeScalars.filter { $0 != "." }
                words.append(letters.map { "\($0)." }.joined(separator: " "))
            } else {
                words.append(w)
            }
        }
        return words.joined(separator: " ")
    }

    /// ``isInitialsBlock(_:)`` for ASCII bytes: only capitals, dots and hyphens, with one to three
    /// capitals (four with a dot).
    static func asciiInitialsBlock(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        var letters = 0, hasDot = false
        for k in range {
            let b = p[k]
            if b >= 0x41 && b <= 0x5A { letters += 1 } else if b == 0x2E { hasDot = true } else if b != 0x2D { return false }
        }
        return letters > 0 && letters <= (hasDot ? 4 : 3)
    }

    /// ``displayGiven(_:)`` for a given name in ASCII, on byte ranges (no string per word); nil
    /// for other text. Gives exactly what the general code gives (`NameFastPathTests` compares them).
    static func asciiDisplayGiven(_ given: String) -> String? {
        given.withBytes { p -> String? in
            if p.contains(where: { $0 >= 0x80 }) { return nil }
            // Output: each word, or each initial of an initials block followed by ".", space-separated.
            // At most two bytes out per byte in ("JZ" → "J. Z." is 5 from 2; "J" → "J." is 2 from 1).
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 3 * p.count + 1) { out -> String in
                var n = 0
                func put(_ b: UInt8) { out[n] = b; n += 1 }
                // A word [start, end); a word with detached hyphenated parts joined to it spans their
                // spaces, which are not written, and holds a hyphen, so it is written as it is.
                func emit(_ start: Int, _ end: Int) {
                    if n > 0 { put(0x20) }
                    // An initials block without a hyphen.
                    if !p[start..<end].contains(0x2D) && asciiInitialsBlock(p, start..<end) {
                        // "JZ" → "J. Z."; "J.C." → "J. C."; "J" → "J."
                        var firstLetter = true
                        for k in start..<end where p[k] != 0x2E {
                            if !firstLetter { put(0x20) }
                            put(p[k])
                            put(0x2E)
                            firstLetter = false
                        }
                    } else {
                        for k in start..<end where p[k] != 0x20 { put(p[k]) }
                    }
                }
                // Words split at spaces (runs of spaces count as one); a word that starts with "-"
                // after one that ends with "." is joined to it ("J. -P." → "J.-P.").
                var pendingStart = -1, pendingEnd = -1
                var k = 0
                while k < p.count {
                    if p[k] == 0x20 { k += 1; continue }
                    let start = k
                    while k < p.count && p[k] != 0x20 { k += 1 }
                    if pendingStart >= 0 && p[start] == 0x2D && p[pendingEnd - 1] == 0x2E {
                        pendingEnd = k  // joined: the spaces between are skipped when written
                        continue
                    }
                    if pendingStart >= 0 { emit(pendingStart, pendingEnd) }
                    pendingStart = start
                    pendingEnd = k
                }
                if pendingStart >= 0 { emit(pendingStart, pendingEnd) }
                return String(decoding: UnsafeBufferPointer(rebasing: out[0..<n]), as: UTF8.self)
            }
        }
    }

    // MARK: - Classification

    static let groupWords: Set<String> = [
        "collaboration", "consortium", "group", "committee", "team", "network", "society", "association",
        "initiative", "investigators", "council", "organization", "organisation", "institute", "project",
        "alliance", "programme", "program", "federation", "foundation", "centre", "center", "agency",
        "university", "department", "laboratory", "panel", "taskforce", "authors", "contributors",
        "collaborators", "collaborative", "working", "board", "commission", "office", "inc", "ltd", "corporation",
        "company", "trust", "registry", "study", "trialists", "members", "college", "school", "hospital", "clinic",
    ]

    static let strongGroupWords: Set<String> = [
        "collaboration", "consortium", "committee", "investigators", "trialists", "taskforce", "collaborators",
        "contributors", "consortia", "collaborative", "team",
    ]

    /// True for group authors: "The ATLAS Collaboration", "Wellcome Trust Case Control Consortium".
    public static func isGroupName(_ text: String) -> Bool {
        if let f = asciiGroupFacts(text) {
            if f.words < 2 { return false }
            return f.firstIsThe || f.strong || (f.words >= 3 && f.weak)
        }
        return _isGroupNameGeneral(text)
    }

    /// ``isGroupName(_:)`` for any text, on the words as strings.
    static func _isGroupNameGeneral(_ text: String) -> Bool {
        let words = groupTestWords(text)
        if words.count < 2 { return false }
        if words[0] == "the" { return true }
        if words.contains(where: { strongGroupWords.contains($0) }) { return true }
        // Weaker words ("Center", "Network") are surnames too: require a longer name.
        return words.count >= 3 && words.contains(where: { groupWords.contains($0) })
    }

    /// The words of `text` folded for the group-word tests (ASCII fast path: every group word is ASCII).
    static func groupTestWords(_ text: String) -> [String] {
        var words: [String] = []
        var cur: [UInt8] = []
        var ascii = true
        for b in text.utf8 {
            if b >= 0x80 { ascii = false; break }
            if b == 0x20 || b == 0x2C || b == 0x28 || b == 0x29 {
                if !cur.isEmpty { words.append(String(decoding: cur, as: UTF8.self)); cur.removeAll(keepingCapacity: true) }
            } else if b >= 0x41 && b <= 0x5A {
                cur.append(b + 32)
            } else if (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) {
                cur.append(b)
            }
        }
        if ascii {
            if !cur.isEmpty { words.append(String(decoding: cur, as: UTF8.self)) }
            return words
        }
        if let fast = byteSplitGroupTestWords(text) { return fast }
        return _groupTestWordsGeneral(text)
    }

    /// True when the scalar whose UTF-8 starts at `k` cannot begin a grapheme cluster after a
    /// space: a combining or spacing mark, a joiner, an emoji modifier.
    static func joinsWithPrevious(_ p: UnsafeBufferPointer<UInt8>, _ k: Int) -> Bool {
        var bytes = UnsafeBufferPointer(rebasing: p[k..<min(k + 4, p.count)]).makeIterator()
        var decoder = UTF8()
        guard case .scalarValue(let u) = decoder.decode(&bytes) else { return true }
        let v = u.value
        return u.properties.isGraphemeExtend || u.properties.isEmojiModifier || u.properties.generalCategory == .spacingMark
            || v == 0x200C || v == 0x200D || v == 0x0E33 || v == 0x0EB3
    }

    /// ``groupTestWords(_:)`` on Characters: the reference.
    static func _groupTestWordsGeneral(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "(" || $0 == ")" }).map { Folding.key(String($0)) }
    }

    /// ``groupTestWords(_:)`` for text beyond ASCII, split at the separators' bytes rather than
    /// at Characters (grapheme breaking costs far more than the folding). The two splits agree
    /// unless a separator joins a grapheme cluster with what is around it: a mark after it, or a
    /// prepended character before it (all at U+0600 or above, where this gives up); nil for such text.
    static func byteSplitGroupTestWords(_ text: String) -> [String]? {
        text.withBytes { p -> [String]? in
            var words: [String] = []
            var start = 0
            for k in 0...p.count {
                if k < p.count {
                    let b = p[k]
                    guard b == 0x20 || b == 0x2C || b == 0x28 || b == 0x29 else { continue }
                    if k + 1 < p.count && p[k + 1] >= 0x80 && joinsWithPrevious(p, k + 1) { return nil }
                    if k > 0 && p[k - 1] >= 0x80 {
                        var lead = k - 1
                        while lead > 0 && p[lead] & 0xC0 == 0x80 { lead -= 1 }
                        if p[lead] >= 0xD8 { return nil }
                    }
                }
                if k > start { words.append(Folding.key(String(decoding: UnsafeBufferPointer(rebasing: p[start..<k]), as: UTF8.self))) }
                start = k + 1
            }
            return words
        }
    }

    static func containsCJK(_ text: String) -> Bool {
        if !text.withBytes({ $0.contains(where: { $0 >= 0x80 }) }) { return false }
        return text.unicodeScalars.contains { u in
            let v = u.value
            return (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0x3040...0x30FF).contains(v)
                || (0xAC00...0xD7AF).contains(v) || (0x20000...0x2A6DF).contains(v) || (0xF900...0xFAFF).contains(v)
        }
    }

    /// The group words and the strong ones as bytes, for ``asciiGroupFacts(_:)``.
    static let groupWordBytes: [[UInt8]] = groupWords.sorted().map { Array($0.utf8) }
    static let strongGroupWordBytes: [[UInt8]] = strongGroupWords.sorted().map { Array($0.utf8) }
    /// Bit n set when some (strong) group word has n letters: other words need no comparison.
    static let groupWordLengths: UInt64 = groupWords.reduce(0) { $0 | (1 << UInt64($1.utf8.count)) }
    static let strongGroupWordLengths: UInt64 = strongGroupWords.reduce(0) { $0 | (1 << UInt64($1.utf8.count)) }

    /// For ASCII text, what the group tests ask of ``groupTestWords(_:)``'s words: how many there
    /// are, whether the first is "the", and whether one is a strong group word or (with
    /// `weakToo`) a group word; nil for other text. No string is made per word (this runs on
    /// every name).
    static func asciiGroupFacts(_ text: String, weakToo: Bool = true) -> (words: Int, firstIsThe: Bool, strong: Bool, weak: Bool)? {
        text.withBytes { p -> (words: Int, firstIsThe: Bool, strong: Bool, weak: Bool)? in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16) { buffer -> (words: Int, firstIsThe: Bool, strong: Bool, weak: Bool)? in
                let word = buffer.baseAddress!
                var length = 0, words = 0, firstIsThe = false, strong = false, weak = !weakToo
                var k = 0
                while k <= p.count {
                    let b: UInt8 = k < p.count ? p[k] : 0x20  // a space after the end ends the last word
                    k += 1
                    if b >= 0x80 { return nil }
                    if b == 0x20 || b == 0x2C || b == 0x28 || b == 0x29 {
                        guard length > 0 else { continue }
                        words += 1
                        if words == 1 { firstIsThe = length == 3 && word[0] == 0x74 && word[1] == 0x68 && word[2] == 0x65 }
                        if !strong { strong = isListed(word, length, strongGroupWordBytes, strongGroupWordLengths) }
                        if !weak { weak = isListed(word, length, groupWordBytes, groupWordLengths) }
                        length = 0
                        continue
                    }
                    let c: UInt8
                    if b >= 0x41 && b <= 0x5A { c = b + 32 } else if (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) { c = b } else { continue }
                    if length < 16 { word[length] = c }
                    length += 1
                }
                return (words, firstIsThe, strong, weakToo && weak)
            }
        }
    }

    /// True when the folded word `word[0..<length]` is in `list` (`lengths`: its words' lengths as bits).
    @inline(__always)
    private static func isListed(_ word: UnsafePointer<UInt8>, _ length: Int, _ list: [[UInt8]], _ lengths: UInt64) -> Bool {
        guard length <= 16 && (lengths >> length) & 1 == 1 else { return false }
        for w in list where w.count == length {
            if w.withUnsafeBufferPointer({ memcmp($0.baseAddress!, word, length) == 0 }) { return true }
        }
        return false
    }

    /// For ASCII text, whether ``groupTestWords(_:)`` gives two or more words and one of them is a
    /// strong group word; nil for other text.
    static func asciiHasStrongGroupWord(_ text: String) -> Bool? {
        asciiGroupFacts(text, weakToo: false).map { $0.words >= 2 && $0.strong }
    }

    static func _classify(_ n: PersonName) -> PersonName {
        guard n.kind == .person else { return n }
        // A strong group word anywhere ("LaTeX Project Team", "ATLAS Collaboration") makes a group,
        // however BibTeX split the words.
        let strong: Bool
        if let ascii = asciiHasStrongGroupWord(n.display) {
            strong = ascii
        } else {
            let words = groupTestWords(n.display)
            strong = words.count >= 2 && words.contains(where: { strongGroupWords.contains($0) })
        }
        if strong {
            return PersonName(family: n.display, kind: .group, written: n.written)
        }
        if n.given.isEmpty && isGroupName(n.display) {
            return PersonName(family: n.display, kind: .group, written: n.written)
        }
        if n.given.isEmpty && n.family.split(separator: " ").count >= 2 && isGroupName(n.family) { return n.with(kind: .group) }
        return n
    }

    /// Words written in capitals ("ZHANG", "DUPONT", "JINGZHAO") in title case. With `keepInitials`,
    /// blocks of up to three capitals ("JZ") are initials and stay; in a family name every word of
    /// two or more capitals changes ("KIM" → "Kim").
    public static func titleCasingCapitals(_ s: String, keepInitials: Bool) -> String {
        // Fast exit: ASCII text without two capitals in a row has no word in capitals.
        let unchanged = s.withBytes { p -> Bool in
            var prevUpper = false
            for b in p {
                if b >= 0x80 { return false }
                let up = b >= 0x41 && b <= 0x5A
                if up && prevUpper { return false }
                prevUpper = up
            }
            return true
        }
        if unchanged { return s }
        // Nor is a word with a small ASCII letter in it ("Müller", "McDONALD"): text whose every
        // word has one stays as it is (accented names mostly).
        let lowerInEveryWord = s.withBytes { p -> Bool in
            var empty = true, lower = false
            for b in p {
                if b == 0x20 {
                    if !empty && !lower { return false }
                    empty = true; lower = false
                    continue
                }
                empty = false
                if b >= 0x61 && b <= 0x7A { lower = true }
            }
            return empty || lower
        }
        if lowerInEveryWord { return s }
        return asciiTitleCasingCapitals(s, keepInitials: keepInitials) ?? _titleCasingCapitalsGeneral(s, keepInitials: keepInitials)
    }

    /// ``titleCasingCapitals(_:keepInitials:)`` for ASCII text, case changed in one copy of the
    /// bytes; nil for other text. Gives exactly what the general code gives (`NameFastPathTests`).
    static func asciiTitleCasingCapitals(_ s: String, keepInitials: Bool) -> String? {
        s.withBytes { p -> String? in
            if p.contains(where: { $0 >= 0x80 }) { return nil }
            var changed = false
            let out = [UInt8](unsafeUninitializedCapacity: p.count) { o, count in
                _ = o.initialize(from: p)
                count = p.count
                var start = 0
                while start <= p.count {
                    var end = start
                    while end < p.count && p[end] != 0x20 { end += 1 }
                    // A word of two or more letters, all capitals; with `keepInitials`, not an initials block.
                    var letters = 0, upper = true
                    for k in start..<end {
                        let b = p[k]
                        if b >= 0x41 && b <= 0x5A { letters += 1 } else if b >= 0x61 && b <= 0x7A { letters += 1; upper = false }
                    }
                    if letters >= 2 && upper && !(keepInitials && asciiInitialsBlock(p, start..<end)) {
                        changed = true
                        // Title case: a letter after the start, "-" or "'" is a capital, the others small.
                        var startOfPart = true
                        for k in start..<end {
                            let b = p[k]
                            if (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) {
                                o[k] = startOfPart ? (b & ~0x20) : (b | 0x20)
                                startOfPart = false
                            } else {
                                startOfPart = b == 0x2D || b == 0x27
                            }
                        }
                    }
                    start = end + 1
                }
            }
            return changed ? String(decoding: out, as: UTF8.self) : s
        }
    }

    /// ``titleCasingCapitals(_:keepInitials:)`` for any text, word by word.
    static func _titleCasingCapitalsGeneral(_ s: String, keepInitials: Bool) -> String {
        var changed = false
        let words = s.split(separator: " ", omittingEmptySubsequences: false).map { word -> String in
            let w = String(word)
            let letters = w.filter { $0.isLetter }
            guard letters.count >= 2, letters.allSatisfy({ $0.isUppercase }) else { return w }
            if keepInitials && isInitialsBlock(w) { return w }
            if !keepInitials && letters.count < 2 { return w }
            changed = true
            return titleCase(w)
        }
        return changed ? words.joined(separator: " ") : s
    }

    /// "O'BRIEN" → "O'Brien", "SMITH-JONES" → "Smith-Jones".
    public static func titleCase(_ w: String) -> String {
        var out = ""
        var startOfPart = true
        for ch in w {
            if ch.isLetter {
                out += startOfPart ? String(ch).uppercased() : String(ch).lowercased()
                startOfPart = false
            } else {
                out.append(ch)
                startOfPart = ch == "-" || ch == "'" || ch == "’" || ch == " "
            }
        }
        return out
    }
}

extension Array where Element == UInt8 {
    /// Up to `capacity` bytes written by `fill` into scratch space, which returns how many it
    /// wrote (nil: no array). (`init(unsafeUninitializedCapacity:initializingWith:)` allocates
    /// through unspecialized code in the runtime, a type-metadata lookup of several hundred
    /// instructions per array; reserving and appending is specialized.)
    @inlinable
    public init?(capacity: Int, fill: (UnsafeMutablePointer<UInt8>) -> Int?) {
        let made = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Swift.max(capacity, 1)) { scratch -> [UInt8]? in
            guard let n = fill(scratch.baseAddress!) else { return nil }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(n)
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[0..<n]))
            return bytes
        }
        guard let made else { return nil }
        self = made
    }
}

extension String {
    /// Calls `body` with the string's UTF-8 bytes, contiguous (a small string is copied to the
    /// stack): scanning them is several times faster than iterating the UTF-8 view.
    @inlinable @inline(__always)
    public func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        var copy = self
        return try copy.withUTF8(body)
    }

    /// The string without leading and trailing white space.
    func trimmingSpaces() -> String {
        // Fast exit: it starts and ends with a visible ASCII character.
        if let f = utf8.first, let l = utf8.last, f > 0x20, f < 0x7F, l > 0x20, l < 0x7F { return self }
        let u = unicodeScalars
        var a = u.startIndex, b = u.endIndex
        while a < b, u[a].properties.isWhitespace { a = u.index(after: a) }
        while b > a, u[u.index(before: b)].properties.isWhitespace { b = u.index(before: b) }
        return String(u[a..<b])
    }

    /// The non-empty pieces between the ASCII `separator` bytes, as `split(separator:)` gives them
    /// (on the bytes when the text is ASCII: a Character there is one byte).
    func pieces(at separator: UInt8) -> [String] {
        let ascii = withBytes { p -> [String]? in
            var out: [String] = []
            var start = 0
            for k in 0..<p.count {
                let c = p[k]
                if c >= 0x80 { return nil }
                if c == separator {
                    if k > start { out.append(String(decoding: UnsafeBufferPointer(rebasing: p[start..<k]), as: UTF8.self)) }
                    start = k + 1
                }
            }
            if p.count > start { out.append(String(decoding: UnsafeBufferPointer(rebasing: p[start...]), as: UTF8.self)) }
            return out
        }
        return ascii ?? split(separator: Character(Unicode.Scalar(separator))).map(String.init)
    }

    /// True when some character is lowercase (`Character.isLowercase`), on the bytes for ASCII.
    var hasLowercase: Bool {
        withBytes { p -> Bool? in
            for c in p {
                if c >= 0x80 { return nil }
                if c >= 0x61 && c <= 0x7A { return true }
            }
            return false
        } ?? contains(where: { $0.isLowercase })
    }

    /// Runs of white space collapsed to one space, ends trimmed.
    func collapsingSpaces() -> String {
        // Fast path: ASCII with single inner spaces only is already collapsed.
        let clean = withBytes { p -> Bool in
            var previousSpace = true
            for b in p {
                if b >= 0x80 || b < 0x20 || (b == 0x20 && previousSpace) { return false }
                previousSpace = b == 0x20
            }
            return !previousSpace
        }
        if clean { return self }
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for u in unicodeScalars {
            if u == " " || u == "\t" || u == "\n" || u == "\r" || (u.value > 0x7F && u.properties.isWhitespace) {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace { out.append(" "); pendingSpace = false }
            out.append(u)
        }
        return String(out)
    }
}
