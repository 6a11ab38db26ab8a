import Foundation
import Testing
import TestSupport

@testable import AuthorNames

/// The plain-ASCII fast path of the BibTeX name splitter must give exactly what the general path
/// gives. Checked on real names (every author and editor field of tugboat.bib, the rows of
/// names.tsv) and on random names built from words that exercise every rule (von words, commas,
/// suffixes, homonym numbers, initials, capitals, group words, empty parts, extra spaces).
@Suite struct NameFastPathTests {
    /// Every field of both results, derived forms included.
    static func fields(_ n: PersonName) -> [String] {
        [n.given, n.particle, n.family, n.suffix, n.homonym, n.kind.rawValue, n.written, n.display, n.matchKey, n.familyKey,
         n.initials, String(n.hasFullGiven)]
    }

    /// Compares the two paths on `names`; returns how many took the fast path.
    static func compare(_ names: [String]) -> Int {
        var fast = 0
        for w in names {
            guard let plain = NameParser._bibtexPlain(w) else { continue }
            fast += 1
            #expect(fields(plain) == fields(NameParser._bibtexGeneral(w)), "\(w)")
        }
        return fast
    }

    /// Every real name the tests have: tugboat.bib's author and editor fields and names.tsv's rows.
    static func realNames() throws -> [String] {
        var names: [String] = []
        for line in try Fixtures.text("bibtex/tugboat.bib").split(separator: "\n") {
            let t = line.trimmingCharacters(in: .whitespaces)
            guard t.lowercased().hasPrefix("author") || t.lowercased().hasPrefix("editor"), let eq = t.firstIndex(of: "=") else { continue }
            let value = t[t.index(after: eq)...].trimmingCharacters(in: CharacterSet(charactersIn: " \",{}"))
            names += NameParser.splitBibTeXList(value).names
        }
        return names + (try NameRow.load().map(\.written))
    }

    @Test func realNamesSplitAlikeOnBothPaths() throws {
        let fast = Self.compare(try Self.realNames())
        // Most real names are plain ASCII; the rest (braces, accents) must be left to the general path.
        #expect(fast >= 3000)
        #expect(NameParser._bibtexPlain("Kurt G{\\\"o}del") == nil)
        #expect(NameParser._bibtexPlain("José Martínez") != nil)  // UTF-8 letters are plain text
        #expect(NameParser._bibtexPlain("José\u{00A0}Martínez") == nil)  // Unicode white space is not
        #expect(NameParser._bibtexPlain("Smith\u{3000}") == nil)
        #expect(NameParser._bibtexPlain("Donald~E. Knuth") == nil)
        #expect(NameParser._bibtexPlain("Donald\tKnuth") == nil)
    }

    /// The derived forms as the general string code builds them (joins and one fold per part), as a
    /// reference for the one-buffer ASCII code of `PersonName.init`.
    static func referenceDerived(_ n: PersonName) -> [String] {
        var parts: [String] = []
        let g = NameParser.displayGiven(NameParser.titleCasingCapitals(n.given, keepInitials: true))
        if !g.isEmpty { parts.append(g) }
        if !n.particle.isEmpty { parts.append(n.particle.contains(where: { $0.isLowercase }) ? n.particle : n.particle.lowercased()) }
        if !n.family.isEmpty { parts.append(NameParser.titleCasingCapitals(n.family, keepInitials: false)) }
        var display = parts.joined(separator: " ")
        if !n.suffix.isEmpty { display += " " + n.suffix }
        if !n.homonym.isEmpty { display += " " + n.homonym }
        var key = Folding.key(n.given) + Folding.key(n.particle + n.family)
        if !n.suffix.isEmpty { key += "#" + Folding.key(n.suffix) }
        if !n.homonym.isEmpty { key += "#" + n.homonym }
        return [display, key, Folding.key(n.particle + n.family)]
    }

    @Test func derivedFormsMatchTheGeneralCode() throws {
        var checked = 0
        for w in try Self.realNames() + Self.randomNames() {
            for n in [NameParser.bibtex(w), NameParser.parse(w)] where n.kind == .person && !NameParser.containsCJK(n.family) {
                #expect([n.display, n.matchKey, n.familyKey] == Self.referenceDerived(n), "\(w)")
                checked += 1
            }
        }
        #expect(checked >= 30000)
    }

    /// The group tests' words split at bytes (text beyond ASCII) against the split at Characters.
    @Test func groupTestWordsMatchTheCharacterSplit() throws {
        let extra = ["José García", "Müller (ETH)", "Ålborg,Team", "García, José", "Zhang, Ébé", "a \u{200D}b", "a \u{1F3FB}", "x \u{0E33}", "x \u{0301}y", "a (\u{0600}) b", "\u{0600} Team", "Team \u{0301}",
                     "Zoë Smith-Jones, Jr.", "ÉÀ ß ﬃ Consortium", "\u{00A0}Café\u{00A0} Collaboration", "()", " , "]
        let accented = Self.phrases(of: ["José", "Ávila", "de", "J.", "É.", "ß", "x\u{0301}", "Smith,", "(WHO)", "Team", "\u{0301}", "İ", "\u{0605}"],
                                    seed: 29, doubleSpaceOneIn: 5, padded: true)
        func check(_ texts: [String]) -> (checked: Int, fast: Int) {
            var checked = 0, fast = 0
            for text in texts where text.utf8.contains(where: { $0 >= 0x80 }) {
                #expect(NameParser.groupTestWords(text) == NameParser._groupTestWordsGeneral(text), "\(text)")
                checked += 1
                if NameParser.byteSplitGroupTestWords(text) != nil { fast += 1 }
            }
            return (checked, fast)
        }
        // Real names beyond ASCII nearly all take the byte split; the made-up text exercises both.
        let real = check(try Self.realNames())
        #expect(real.checked >= 30 && real.fast * 10 >= real.checked * 9, "\(real)")
        let made = check(try Self.randomNames() + extra + accented)
        #expect(made.fast >= 1000 && made.fast < made.checked, "\(made)")
    }

    @Test func strongGroupWordTestMatchesTheWordList() throws {
        var checked = 0, groups = 0
        let extra = ["ATLAS Collaboration", "The LaTeX3 Project Team", "TEAM", "Team Smith", "Writing Committee (WHO)",
                     "consortium,x", "A.-Collaboration B", "Steering-Committee Members", "Teams Smith", "Investigators, The"]
        for text in try Self.realNames() + Self.randomNames() + extra {
            let words = NameParser.groupTestWords(text)
            let want = words.count >= 2 && words.contains(where: { NameParser.strongGroupWords.contains($0) })
            guard let got = NameParser.asciiHasStrongGroupWord(text) else { continue }
            #expect(got == want, "\(text)")
            checked += 1
            if want { groups += 1 }
        }
        #expect(checked >= 20000 && groups >= 50)
    }

    @Test func groupNameFastPathMatchesTheGeneralTest() throws {
        var checked = 0, groups = 0, byWeakWord = 0
        let extra = ["The Beatles", "the", "THE LANCET", "Smith Group", "Heart Study Group Investigators", "Center Smith",
                     "World Health Organization", "Mayo Clinic (Rochester)", "Smith,Group,Network", "Inc", "Acme Inc.",
                     "Theodore Team", "the-team", "A B Hospital", "University", "Data Science Working Group, USA"]
        for text in try Self.realNames() + Self.randomNames() + extra {
            guard NameParser.asciiGroupFacts(text) != nil else { continue }
            let want = NameParser._isGroupNameGeneral(text)
            #expect(NameParser.isGroupName(text) == want, "\(text)")
            checked += 1
            if want { groups += 1 }
            let words = NameParser.groupTestWords(text)
            if want && words.first != "the" && !words.contains(where: { NameParser.strongGroupWords.contains($0) }) { byWeakWord += 1 }
        }
        #expect(checked >= 20000 && groups >= 50 && byWeakWord >= 5)
    }

    /// The byte-level helpers of the free-form splitter against the Character and scalar code they
    /// stand for.
    @Test func freeFormHelpersMatchTheCharacterCode() throws {
        let accented = Self.phrases(of: ["José", "Ávila", "de", "J.", "É.", "ÉÀ", "ß", "x\u{0301}", "Smith,", "\u{00A0}", "a\r\nb", "-", "İ", "K"],
                                    seed: 13, doubleSpaceOneIn: 5, padded: true)
        var checked = 0
        for t in try Self.realNames() + Self.randomNames() + accented {
            for sep: Character in [" ", ","] {
                #expect(t.pieces(at: UInt8(ascii: sep.unicodeScalars.first!)) == t.split(separator: sep).map(String.init), "\(t)")
            }
            #expect(t.hasLowercase == t.contains(where: { $0.isLowercase }), "\(t)")
            let u = t.unicodeScalars
            var a = u.startIndex, b = u.endIndex
            while a < b, u[a].properties.isWhitespace { a = u.index(after: a) }
            while b > a, u[u.index(before: b)].properties.isWhitespace { b = u.index(before: b) }
            #expect(t.trimmingSpaces() == String(u[a..<b]), "\(t)")
            for w in t.split(separator: " ").map(String.init) {
                var letters = 0, dot = false, block = true
                for s in w.unicodeScalars {
                    if s == "." { dot = true } else if s == "-" || s == "‐" { continue } else if s.properties.isUppercase { letters += 1 } else { block = false; break }
                }
                #expect(NameParser.isInitialsBlock(w) == (block && letters > 0 && letters <= (dot ? 4 : 3)), "\(w)")
                let first = w.unicodeScalars.first { $0.properties.isAlphabetic }
                #expect(NameParser._isVonFree(w) == (first?.properties.isLowercase ?? false), "\(w)")
                checked += 1
            }
        }
        #expect(checked >= 50000)
    }

    @Test func packedKeysMatchTheKeys() throws {
        let texts = try Self.realNames() + ["", " ", "  A  b  ", "Élodie Müller", "Attention Is All You Need!", "x-y z.", "ŁÓDŹ  2020 ", "--", "a\tb"]
        for t in texts {
            var keys: [UInt8] = [0x7C], words: [UInt8] = [0x7C]  // appended after what is there
            Folding.appendKeyBytes(t, to: &keys)
            Folding.appendWordBytes(t, to: &words)
            #expect(keys == [0x7C] + Array(Folding.key(t).utf8), "\(t)")
            #expect(words == [0x7C] + Array(Folding.words(t).utf8), "\(t)")
        }
    }

    @Test func displayedGivenNamesMatchTheGeneralCode() throws {
        // Given-name strings: every given part of the real and random names, and random strings
        // of the words that change (glued initials, detached hyphenated initials, capitals).
        var givens = (try Self.realNames() + Self.randomNames()).flatMap { w in [NameParser.bibtex(w).given, NameParser.parse(w).given] }
        let words = ["J.", "JZ", "J", "-P.", "-P", "J.-P.", "ABC", "ABCD", "A.B.C.D.", "A.B.C.D.E.", "Jo", "JO", "J.C.", "-", ".",
                     "M.-A.", "x", "Ch.", "Jean-Pierre", "A-M", "J.P", "O'B", "", "É."]
        givens += Self.phrases(of: words, seed: 7, doubleSpaceOneIn: 3)
        var fast = 0
        for g in givens {
            guard let got = NameParser.asciiDisplayGiven(g) else { continue }
            #expect(got == NameParser._displayGivenGeneral(g), "\(g)")
            fast += 1
        }
        #expect(fast >= 20000)
        #expect(NameParser.asciiDisplayGiven("J. -P.") == "J.-P.")
        #expect(NameParser.asciiDisplayGiven("JZ  A") == "J. Z. A.")
        #expect(NameParser.asciiDisplayGiven("É.") == nil)
    }

    @Test func titleCasedCapitalsMatchTheGeneralCode() throws {
        var texts = (try Self.realNames() + Self.randomNames()).flatMap { w in
            [NameParser.bibtex(w).given, NameParser.bibtex(w).family, NameParser.parse(w).given, NameParser.parse(w).family]
        }
        let words = ["SMITH", "O'BRIEN", "SMITH-JONES", "JZ", "J.", "ABC", "ABCD", "A.B.C.D.", "A.B.C.D.E.", "Mc", "MCDONALD",
                     "DE", "la", "X", "-", "'", "J.-P.", "K2", "A1B", "ÉMILE", "ab", "A-B", "A'B", ""]
        texts += Self.phrases(of: words, seed: 11, doubleSpaceOneIn: 3)
        var fast = 0
        for t in texts {
            for keep in [true, false] {
                guard let got = NameParser.asciiTitleCasingCapitals(t, keepInitials: keep) else { continue }
                #expect(got == NameParser._titleCasingCapitalsGeneral(t, keepInitials: keep), "\(t) \(keep)")
                fast += 1
            }
        }
        #expect(fast >= 40000)
        #expect(NameParser.asciiTitleCasingCapitals("O'BRIEN-SMITH  JZ", keepInitials: true) == "O'Brien-Smith  JZ")
        #expect(NameParser.asciiTitleCasingCapitals("ÉMILE", keepInitials: true) == nil)
    }

    @Test func nonASCIIGivenAndFamilyNamesAsTheGeneralCodeShowsThem() throws {
        // For text that is not ASCII the shortcuts (a small ASCII letter in every word) must give
        // what the general code gives; real names, and generated ones with accents and spacing.
        var texts = (try Self.realNames()).flatMap { w in [NameParser.bibtex(w).given, NameParser.bibtex(w).family] }
        let words = ["Émile", "ÉMILE", "É.", "ÉM", "Müller", "MÜLLER", "J.", "-P.", "José", "JOSÉ", "Ł", "Łukasz", "ŁUKASZ",
                     "d'Été", "Jean-Émile", "JZ", "Zoë", "ZOË", "Ö.", "ab", "İ", ""]
        texts += Self.phrases(of: words, seed: 13, doubleSpaceOneIn: 4, padded: true)
        var checked = 0
        for t in texts where t.utf8.contains(where: { $0 >= 0x80 }) {
            #expect(NameParser.displayGiven(t) == NameParser._displayGivenGeneral(t), "\(t)")
            for keep in [true, false] {
                #expect(NameParser.titleCasingCapitals(t, keepInitials: keep) == NameParser._titleCasingCapitalsGeneral(t, keepInitials: keep), "\(t)")
            }
            checked += 1
        }
        #expect(checked >= 15000)
    }

    /// 20,000 strings of one to four of `words` at random (a fixed seed), separated by one space or,
    /// one time in `doubleSpaceOneIn`, two; with `padded`, a leading and a trailing space one time in six each.
    static func phrases(of words: [String], seed: UInt64, doubleSpaceOneIn: UInt64, padded: Bool = false) -> [String] {
        var rng = SeededRandom(seed: seed)
        return (0..<20000).map { _ in
            let count = 1 + Int(rng.next() % 4)
            var t = (0..<count).map { _ in words[Int(rng.next() % UInt64(words.count))] }
                .joined(separator: rng.next() % doubleSpaceOneIn == 0 ? "  " : " ")
            if padded && rng.next() % 6 == 0 { t = " " + t }
            if padded && rng.next() % 6 == 0 { t += " " }
            return t
        }
    }

    @Test func randomNamesSplitAlikeOnBothPaths() {
        let names = Self.randomNames()
        #expect(Self.compare(names) == names.count)
    }

    /// Names beyond ASCII: accented, capital and lowercase first letters outside ASCII (the von
    /// test), letters without case, combining marks (also at the start of a word), symbols, and
    /// Unicode white space (which the general path trims at the ends: left to it).
    @Test func nonASCIINamesSplitAlikeOnBothPaths() {
        let words = ["José", "Martínez", "Ávila", "ávila", "Łukasz", "łódź", "Müller", "ß", "İnan", "ǅoko", "de", "van", "der",
                     "\u{0301}e", "e\u{0301}", "李", "小明", "Ωmega", "ωmega", "Jr.", "0001", "J.", "Ó.", "-Élan", "'Ali", "·",
                     "a\u{00A0}b", "\u{2009}", "x\u{3000}", "Ñ", "ñandú", "Collaboration", "Équipe", "The"]
        let names = Self.phrases(of: words, seed: 11, doubleSpaceOneIn: 7, padded: true)
            + Self.phrases(of: words.map { $0 + "," }, seed: 12, doubleSpaceOneIn: 9)
        let fast = Self.compare(names)
        #expect(fast >= 20000 && fast < names.count)
    }

    /// Names built at random (with a fixed seed) from words that exercise every rule.
    static func randomNames() -> [String] {
        let words = ["John", "J.", "JZ", "J.-P.", "A-M", "van", "der", "de", "La", "la", "Smith", "O'Brien", "SMITH", "Jr", "Jr.",
                     "JR", "III", "II", "2nd", "0001", "1234", "12", "Collaboration", "The", "team", "Group", "Center", "x",
                     "Ch.", "MacDonald", "von", "Wei", "WANG", "-", ".", "'s", "Jean-Pierre", "d'Alembert", "du", "Bois", "zu", "Zu",
                     "Consortium", "INVESTIGATORS", "Committee,"]
        let seps = [" ", " ", " ", " ", ", ", ",", "  ", " , "]
        var rng = SeededRandom(seed: 20261129)
        var names: [String] = []
        for _ in 0..<20000 {
            var s = rng.next() % 4 == 0 ? " " : ""
            let count = 1 + Int(rng.next() % 5)
            for k in 0..<count {
                if k > 0 { s += seps[Int(rng.next() % UInt64(seps.count))] }
                s += words[Int(rng.next() % UInt64(words.count))]
            }
            if rng.next() % 8 == 0 { s += [",", ", ", " ", ",,"][Int(rng.next() % 4)] }
            names.append(s)
        }
        names += ["", " ", ",", " , ", ", John", "Smith,", "Smith, , John", "a, b, c, d", "van der", "0001", "John 0001",
                  "John Smith 0001", "John Smith Jr 0001", "Jr", "King JR", "RIDER SD JR", "The ATLAS Collaboration"]
        return names
    }
}
