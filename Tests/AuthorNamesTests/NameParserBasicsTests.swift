import Testing
import TestSupport

@testable import AuthorNames

@Suite struct NameBasicsTests {
    @Test func matchKeyFoldsCaseDiacriticsPunctuationSpacing() {
        #expect(NameParser.parse("Jean-Pierre Sartre").matchKey == NameParser.parse("jean pierre SARTRE").matchKey)
        #expect(NameParser.parse("José Martínez").matchKey == NameParser.parse("Jose Martinez").matchKey)
        #expect(NameParser.parse("Łukasz Kaiser").matchKey == "lukaszkaiser")
        #expect(NameParser.parse("Jingzhao Zhang").display == "Jingzhao Zhang")
        #expect(NameParser.parse("José Martínez").display == "José Martínez")
        // Suffixes and homonym numbers distinguish.
        #expect(NameParser.parse("John Smith Jr.").matchKey != NameParser.parse("John Smith").matchKey)
        #expect(NameParser.parse("Wei Wang 0001").matchKey != NameParser.parse("Wei Wang 0002").matchKey)
    }

    @Test(arguments: [
        ("{\\'e}", "é"), ("\\'{e}", "é"), ("\\'e", "é"), ("{\\\"o}", "ö"), ("\\v{s}", "š"), ("\\c{c}", "ç"), ("\\u{g}", "ğ"),
        ("{\\o}", "ø"), ("{\\O}", "Ø"), ("{\\ss}", "ß"), ("{\\aa}", "å"), ("{\\l}", "ł"), ("{\\i}", "ı"), ("\\~n", "ñ"),
        ("{\\'\\i}", "í"), ("\\H{o}", "ő"), ("\\k{a}", "ą"), ("{\\AE}", "Æ"), ("Erd{\\H o}s", "Erdős"), ("{B}ruijn", "Bruijn"),
        ("\\textit{in vivo}", "in vivo"), ("A \\& B", "A & B"), ("50\\%", "50%"), ("1990--2000", "1990–2000"),
        ("``quoted''", "“quoted”"), ("$\\alpha$-helix", "α-helix"),
    ])
    func latexToUnicode(_ input: String, _ expected: String) {
        #expect(LaTeX.toUnicode(input) == expected)
    }

    @Test func bibtexForms() {
        func p(_ s: String) -> [String] { let n = NameParser.bibtex(s); return [n.given, n.particle, n.family, n.suffix] }
        #expect(p("Ludwig van Beethoven") == ["Ludwig", "van", "Beethoven", ""])
        #expect(p("van Beethoven, Ludwig") == ["Ludwig", "van", "Beethoven", ""])
        #expect(p("van Beethoven, Jr, Ludwig") == ["Ludwig", "van", "Beethoven", "Jr"])
        #expect(p("{van} Gogh, Vincent") == ["Vincent", "", "van Gogh", ""])  // braces protect: van stays in the family
        #expect(p("Vincent {van Gogh}") == ["Vincent", "", "van Gogh", ""])
        #expect(p("Charles Louis Xavier Joseph de la Vall{\\'e}e Poussin") == ["Charles Louis Xavier Joseph", "de la", "Vallée Poussin", ""])
        #expect(p("{\\'E}douard Manet") == ["Édouard", "", "Manet", ""])
        #expect(p("{\\'e}douard Manet") == ["", "édouard", "Manet", ""])  // BibTeX: a lowercase special character makes a von word
        #expect(p("J.-P. Sartre") == ["J.-P.", "", "Sartre", ""])
        let group = NameParser.bibtex("{Barnes and Noble}")
        #expect(group.kind == .group && group.family == "Barnes and Noble")
        #expect(NameParser.bibtex("{ATLAS Collaboration}").kind == .group)
        let (list, truncated) = NameParser.splitBibTeXList("Smith, John AND Doe, Jane and {Barnes and Noble} and others")
        #expect(list == ["Smith, John", "Doe, Jane", "{Barnes and Noble}"])
        #expect(truncated)
        // Ties, tabs and line breaks separate "and" as spaces do; a brace group, a backslash
        // (escaping the space after it) and a longer word do not.
        #expect(NameParser.splitBibTeXList("Ada Lovelace~and~Charles Babbage\tand\nAlan Turing").names
                == ["Ada Lovelace", "Charles Babbage", "Alan Turing"])
        #expect(NameParser.splitBibTeXList("A {B and C} and D\\ and E andy F").names == ["A {B and C}", "D\\ and E andy F"])
    }

    @Test func freeForms() {
        func p(_ s: String) -> [String] { let n = NameParser.parse(s); return [n.given, n.particle, n.family, n.suffix, n.homonym] }
        #expect(p("Zhang, Jingzhao") == ["Jingzhao", "", "Zhang", "", ""])
        #expect(p("Zhang J") == ["J", "", "Zhang", "", ""])
        #expect(p("ZHANG JZ") == ["JZ", "", "ZHANG", "", ""])
        #expect(NameParser.parse("ZHANG JZ").display == "J. Z. Zhang")
        #expect(p("G. H. Hardy") == ["G. H.", "", "Hardy", "", ""])
        #expect(p("King JR") == ["JR", "", "King", "", ""])  // initials, not a suffix
        #expect(p("Rider SD Jr") == ["SD", "", "Rider", "Jr", ""])
        #expect(p("Smith, John, Jr.") == ["John", "", "Smith", "Jr.", ""])
        #expect(p("de la Cruz, Maria") == ["Maria", "de la", "Cruz", "", ""])
        #expect(p("Ronald MacDonald") == ["Ronald", "", "MacDonald", "", ""])  // Mac is not a particle
        #expect(p("Wei Wang 0001") == ["Wei", "", "Wang", "", "0001"])
        #expect(p("Jean-Pierre   Dupont,") == ["Jean-Pierre", "", "Dupont", "", ""])
        #expect(p("张静钊") == ["", "", "张静钊", "", ""])  // no spaces: not split
        #expect(NameParser.parse("The Cancer Genome Atlas Research Network").kind == .group)
        #expect(NameParser.parse("Wellcome Trust Case Control Consortium").kind == .group)
        #expect(NameParser.parse("Kim Center").kind == .person)
        #expect(NameParser.parse("Prof. Dr. Janusz Kacprzyk").display == "Janusz Kacprzyk")
    }

    /// WoS and MEDLINE in capitals, where a short family name looks like initials too.
    @Test func shortFamilyNamesInCapitals() {
        func p(_ s: String) -> [String] { let n = NameParser.parse(s); return [n.given, n.particle, n.family, n.suffix] }
        #expect(p("KIM JH") == ["JH", "", "KIM", ""])
        #expect(p("LI X") == ["X", "", "LI", ""])
        #expect(p("LEE J H") == ["J H", "", "LEE", ""])
        #expect(p("WU J") == ["J", "", "WU", ""])
        #expect(NameParser.parse("KIM JH").display == "J. H. Kim")
        #expect(NameParser.parse("KIM JH").matchKey == NameParser.parse("Kim JH").matchKey)
        #expect(NameParser.parse("LIU YQ").display == "Y. Q. Liu")
        // Particles in capitals are particles, shown in lower case.
        #expect(p("DE LA CRUZ M") == ["M", "DE LA", "CRUZ", ""])
        #expect(NameParser.parse("DE LA CRUZ M").display == "M. de la Cruz")
        #expect(NameParser.parse("VAN DER WAALS JD").display == "J. D. van der Waals")
        #expect(NameParser.parse("DE LA CRUZ M").matchKey == NameParser.parse("de la Cruz, M.").matchKey)
        // Mixed case and full stops keep the old readings.
        #expect(p("J. H. Kim") == ["J. H.", "", "Kim", ""])
        #expect(p("Smith J.A.") == ["J.A.", "", "Smith", ""])
    }

    @Test func aFullStopEndingTheNameIsDropped() {
        func p(_ s: String) -> [String] { let n = NameParser.parse(s); return [n.given, n.particle, n.family, n.suffix] }
        #expect(p("Jingzhao Zhang.") == ["Jingzhao", "", "Zhang", ""])
        #expect(p("Zhang, Jingzhao.") == ["Jingzhao", "", "Zhang", ""])
        #expect(NameParser.parse("Zhang, Jingzhao.").display == "Jingzhao Zhang")
        // Initials and suffixes keep theirs.
        #expect(p("Zhang, J.") == ["J.", "", "Zhang", ""])
        #expect(p("Smith, John, Jr.") == ["John", "", "Smith", "Jr."])
        #expect(p("John Smith Jr.") == ["John", "", "Smith", "Jr."])
    }

    @Test func cjkNamesReadFamilyFirst() {
        let spaced = NameParser.parse("李 小明"), unspaced = NameParser.parse("李小明")
        #expect(spaced.family == "李" && spaced.given == "小明")
        #expect(spaced.display == "李小明")
        #expect(spaced.matchKey == unspaced.matchKey)
        // BibTeX's "Family, Given" with CJK parts reads the same.
        #expect(NameParser.bibtex("叶, 振辉").display == "叶振辉")
        // A romanized given name keeps the Western order.
        #expect(NameParser.bibtex("成, Xize").display == "Xize 成")
    }

    @Test func initialsAndFullGivenNames() {
        #expect(NameParser.parse("Jean-Pierre Dupont").initials == "jp")
        #expect(NameParser.parse("J.-P. Dupont").initials == "jp")
        #expect(NameParser.parse("Dupont JP").initials == "jp")
        #expect(NameParser.parse("J. Dupont").hasFullGiven == false)
        #expect(NameParser.parse("Jean Dupont").hasFullGiven)
    }
}


@Suite struct LaTeXEdgeTests {
    /// Found by the fuzzer: an accent whose argument is a backslash at the very end of the text
    /// (it used to read past the end). The accent with nothing to sit on is kept as a bare mark.
    @Test func accentBeforeATrailingBackslash() {
        for text in ["Dvo\\v\\", "\\'\\", "x\\.\\"] {
            let out = LaTeX.toUnicode(text)
            #expect(!out.contains("\\"), "\(text) → \(out)")
        }
        #expect(LaTeX.toUnicode("x\\.\\") == "x\u{0307}")
    }
}

/// Scans that read eight bytes at a time, against byte-by-byte references, on text made of the
/// bytes they look for (at every offset within a word, and across words).
@Suite struct ByteScanTests {
    static func texts(_ pieces: [String], seed: UInt64) -> [String] {
        var g = SeededRandom(seed: seed)
        return (0..<20_000).map { _ in
            (0..<Int(g.next() % 30)).map { _ in pieces[Int(g.next() % UInt64(pieces.count))] }.joined()
        }
    }

    @Test func texMarkupCheckMatchesTheByteLoop() {
        var markup = 0
        for t in Self.texts(["a", "bc", "defgh", " ", "-", "--", "'", "`", "\\", "{", "}", "~", "$", "é", "—"], seed: 3) {
            let want = LaTeX._needsConversionByBytes(t)
            #expect(LaTeX.needsConversion(t) == want, "\(t)")
            if want { markup += 1 }
        }
        #expect(markup > 1000 && markup < 19_000)
    }

    @Test func asciiFoldingMatchesTheBranchingLoop() {
        var nonASCII = 0, collapsed = 0
        for t in Self.texts(["a", "Bc", "XYZ", "09", " ", "  ", "-", ".", ",", "_", "~", "\t", "é", "\u{7F}"], seed: 7) {
            var copy = t
            copy.withUTF8 { p in
                for keepSpaces in [false, true] {
                    for prior: UInt8 in [0x20, 0x61] {
                        // The bytes written, or nil for text that is not ASCII.
                        func fold(_ f: (UnsafeBufferPointer<UInt8>, UnsafeMutablePointer<UInt8>, UInt8, Bool) -> Int?) -> [UInt8]? {
                            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: p.count + 1) { o in
                                f(p, o.baseAddress!, prior, keepSpaces).map { Array(o[0..<$0]) }
                            }
                        }
                        let got = fold(Folding.foldASCII), want = fold(Folding._foldASCIIByBranches)
                        let wantNil = want == nil
                        #expect((got == nil) == wantNil, "\(t)")
                        if wantNil { nonASCII += 1 } else {
                            #expect(got == want, "\(t) keepSpaces \(keepSpaces) prior \(prior)")
                            if keepSpaces && want!.count < p.count { collapsed += 1 }
                        }
                    }
                }
            }
        }
        // Both kinds of text were met.
        #expect(nonASCII > 1000 && collapsed > 1000)
    }

    @Test func countsEveryByte() {
        for t in Self.texts(["a", "\n", "bcdefg", "\n\n", "é"], seed: 5) {
            let n = t.utf8.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            var copy = t
            #expect(copy.withUTF8 { ByteCount.count(0x0A, in: $0) } == n)
        }
    }

    @Test func skipStopsAtTheFirstWantedByteOrTheTail() {
        // From every start: the first brace or backslash when one begins within a whole word of
        // eight bytes, else where fewer than eight bytes are left (never past a wanted byte).
        var stops = 0, tails = 0, wrong: [String] = []
        for t in Self.texts(["a", "{", "}", "\\", "bcdefghij", " "], seed: 9).prefix(3000) {
            t.withBytes { p in
                for start in 0...p.count {
                    let got = ByteCount.skip(p, from: start) { w in ByteCount.equal(w, 0x7B) | ByteCount.equal(w, 0x7D) | ByteCount.equal(w, 0x5C) }
                    var want = start
                    while want + 8 <= p.count {
                        if let k = (want..<(want + 8)).first(where: { p[$0] == 0x7B || p[$0] == 0x7D || p[$0] == 0x5C }) { want = k; break }
                        want += 8
                    }
                    if got != want { wrong.append("\(t) from \(start): \(got), not \(want)") }
                    if want + 8 > p.count { tails += 1 } else { stops += 1 }
                }
            }
        }
        let firstWrong = Array(wrong.prefix(5))
        #expect(wrong.count == 0, "\(firstWrong)")
        #expect(stops > 1000 && tails > 1000)
    }
}
