import AuthorNames
import Foundation
import Testing
import TestSupport

@testable import Bibliography

/// Builds a corpus from (title, [written names]) records given inline.
func corpus(_ papers: [(String, [String])], ids: [String: [AuthorIdentifier]] = [:], aliases: String? = nil) -> (Corpus, DiagnosticLog) {
    let log = DiagnosticLog()
    let table = aliases.map { AliasTable(text: $0, file: "aliases.tsv", log: log) }
    let b = CorpusBuilder(options: CorpusOptions(aliases: table), log: log)
    for (k, (title, names)) in papers.enumerated() {
        let authors = names.map { WrittenAuthor(name: NameParser.parse($0), identifiers: ids[$0] ?? []) }
        b.add(PaperRecord(source: SourceLocation(file: "t", line: k + 1, key: "r\(k)"), title: title, authors: authors, date: PartialDate(year: 2000 + k)))
    }
    return (b.build(), log)
}

func personNames(_ c: Corpus) -> [String] { c.persons.map(\.name).sorted() }

@Suite struct ResolutionTests {
    @Test func initialsMergeIntoTheOnlyCompatibleFullName() {
        let (c, _) = corpus([("A", ["Jingzhao Zhang", "Suvrit Sra"]), ("B", ["J. Zhang", "S. Sra"]), ("C", ["Zhang J", "Sra S"]), ("D", ["Jingzhao Zhang"])])
        #expect(personNames(c) == ["Jingzhao Zhang", "Suvrit Sra"])
        let jz = c.persons.first { $0.name == "Jingzhao Zhang" }!
        #expect(Set(jz.variants.map(\.form)) == ["Jingzhao Zhang", "J. Zhang"])
        #expect(jz.variants.first { $0.form == "J. Zhang" }?.rule == "initials")
        #expect(jz.variants.first { $0.form == "J. Zhang" }?.count == 2)  // "J. Zhang" and "Zhang J" fold to one key
    }

    @Test func ambiguousInitialsStayApartAndAreReported() {
        let (c, log) = corpus([("A", ["Jingzhao Zhang"]), ("B", ["Jing Zhang"]), ("C", ["Zhang J"])])
        #expect(personNames(c) == ["J. Zhang", "Jing Zhang", "Jingzhao Zhang"])
        #expect(c.ambiguities.contains { $0.name == "J. Zhang" && $0.candidates == ["Jing Zhang", "Jingzhao Zhang"] })
        #expect(log.entries.contains { $0.message.contains("J. Zhang could be: Jing Zhang, Jingzhao Zhang") })
    }

    @Test func manyCandidatesKeepOnlyTheMostSpecific() {
        // Past eight candidates, each is compared only with names of the same first item: "Yi Wang"
        // must still be found less specific than "Yi Ming Wang", and so not be a candidate.
        let full = ["Yi Wang", "Yi Ming Wang", "Yu Wang", "Yan Wang", "Yang Wang", "Yong Wang", "Yuan Wang",
                    "Ying Wang", "Yue Wang", "Yun Wang"]
        var papers = full.enumerated().map { ("P\($0.offset)", [$0.element]) }
        papers.append(("Q", ["Y. Wang"]))
        papers.append(("R", ["Y. M. Wang"]))
        papers.append(("S", ["X. Wang"]))  // no candidate: initials that start no full name's
        let (c, _) = corpus(papers)
        let amb = c.ambiguities.first { $0.name == "Y. Wang" }
        #expect(amb?.candidates == full.filter { $0 != "Yi Wang" }.sorted(), "\(c.ambiguities)")
        // "Y. M. Wang" has one candidate (initials y, m): it joins "Yi Ming Wang".
        let yim = c.persons.first { $0.name == "Yi Ming Wang" }
        #expect(yim?.variants.contains { $0.form == "Y. M. Wang" && $0.rule == "initials" } == true)
        #expect(c.persons.contains { $0.name == "X. Wang" })
        #expect(c.persons.count == full.count + 2)  // the full names, "Y. Wang" and "X. Wang"
    }

    @Test func initialsKeysOrderByPrefix() {
        // One name's initials begin with another's exactly when its key starts with the other's key.
        let a = NameResolver.initialsKey(NameResolver.givenItems("Y."))
        let b = NameResolver.initialsKey(NameResolver.givenItems("Yi Ming"))
        let c = NameResolver.initialsKey(NameResolver.givenItems("Yiming"))  // one item: not "Y. M."
        #expect(b.starts(with: a))
        #expect(b == NameResolver.initialsKey(NameResolver.givenItems("Y. M.")))
        #expect(!c.starts(with: b))
    }

    @Test func initialsDoNotJoinOneOfSeveralHomonyms() {
        // dblp numbers namesakes: "W. Wang" could be any of them, so it stays apart.
        let (c, _) = corpus([("A", ["Wei Wang 0001", "Ada Lovelace"]), ("B", ["Wei Wang 0002"]), ("C", ["Wei Wang"]), ("D", ["W. Wang"])])
        #expect(c.persons.count == 5)
        let amb = c.ambiguities.first { $0.name == "W. Wang" }
        #expect(amb?.candidates.count == 3, "\(c.ambiguities)")
        // With a single (numbered) candidate the initials join it.
        let (one, _) = corpus([("A", ["Wei Wang 0001"]), ("B", ["W. Wang"])])
        #expect(one.persons.count == 1)
        #expect(one.persons[0].variants.contains { $0.form == "W. Wang" && $0.rule == "initials" })
    }

    @Test func sourceShortFormsAreVariantsNeverDisplayNames() throws {
        // MEDLINE writes each author twice: FAU (full) and AU (short); the short form is listed.
        let (corpus, _) = buildCorpus([Fixtures.path("pubmed/jabref/MedlinePlainImporterTestMultipleEntries.txt")])
        let p = try #require(corpus.persons.first { $0.name == "Hilary Marland" })
        #expect(p.variants.map(\.form) == ["Hilary Marland", "H. Marland"])
        #expect(p.variants.last?.rule == "source variant")
        // Variants never become the display name, even when they outnumber the full form.
        let log = DiagnosticLog()
        let b = CorpusBuilder(options: CorpusOptions(), log: log)
        for k in 0..<3 {
            var a = WrittenAuthor(name: NameParser.parse("Doe, Jane"))
            a.sourceVariant = "Doe J"
            b.add(PaperRecord(source: SourceLocation(file: "t", line: k + 1), title: "T\(k)", authors: [a], date: PartialDate(year: 2000 + k)))
        }
        let c = b.build()
        #expect(c.persons.map(\.name) == ["Jane Doe"])
        #expect(c.persons[0].variants.map { "\($0.form) \($0.count) \($0.rule)" } == ["Jane Doe 3 same key", "J. Doe 3 source variant"])
    }

    @Test func differentFullGivenNamesNeverMerge() {
        let (c, _) = corpus([("A", ["John Smith"]), ("B", ["John A. Smith"]), ("C", ["Jon Smith"])])
        #expect(c.persons.count == 3)
    }

    @Test func identifiersDecideOverStrings() {
        let orcidA = [AuthorIdentifier(.orcid, "0000-0001-0000-0001")]
        let orcidB = [AuthorIdentifier(.orcid, "0000-0002-0000-0002")]
        // Same name, different ORCIDs: two people; an id-less "Wei Wang" is ambiguous and stays apart.
        let log = DiagnosticLog()
        let b = CorpusBuilder(options: CorpusOptions(), log: log)
        let n = NameParser.parse("Wei Wang")
        b.add(PaperRecord(source: SourceLocation(file: "t", line: 1), title: "A", authors: [WrittenAuthor(name: n, identifiers: orcidA)]))
        b.add(PaperRecord(source: SourceLocation(file: "t", line: 2), title: "B", authors: [WrittenAuthor(name: n, identifiers: orcidB)]))
        b.add(PaperRecord(source: SourceLocation(file: "t", line: 3), title: "C", authors: [WrittenAuthor(name: n)]))
        // Different names, same ORCID: one person.
        b.add(PaperRecord(source: SourceLocation(file: "t", line: 4), title: "D", authors: [WrittenAuthor(name: NameParser.parse("W. Wang-Smith"), identifiers: orcidA)]))
        let c = b.build()
        #expect(c.persons.count == 3)
        let a = c.persons.first { $0.identifiers == orcidA }!
        #expect(Set(a.variants.map(\.form)) == ["Wei Wang", "W. Wang-Smith"])
        #expect(c.ambiguities.contains { $0.name.hasPrefix("Wei Wang") && $0.candidates.count == 2 })
        // Display names stay unique: the second "Wei Wang" is shown as "Wei Wang (2)".
        #expect(Set(c.persons.map(\.name)).count == c.persons.count)
        #expect(c.persons.map(\.name).sorted() == ["Wei Wang", "Wei Wang (2)", "Wei Wang (3)"])
    }

    @Test func displayNameIsTheMostFrequentFullFormTiesAlphabetical() {
        let (c, _) = corpus([("A", ["José Martínez"]), ("B", ["Jose Martinez"]), ("C", ["Jose Martinez"]), ("D", ["J. Martinez"])])
        #expect(c.persons.count == 1)
        #expect(c.persons[0].name == "Jose Martinez")
        let (t, _) = corpus([("A", ["Zoë Brown"]), ("B", ["Zoe Brown"])])
        #expect(t.persons[0].name == "Zoe Brown")  // one each: alphabetical
    }

    @Test func aliasesForceMergesDropNamesAndReportUnused() {
        let aliases = "name\tcanonical\nJ. Doe\tJane Doe\nBot Account\t\nNever Seen\tJane Doe\n"
        let (c, log) = corpus([("A", ["Jane Doe", "Bot Account"]), ("B", ["J. Doe", "John Doe"]), ("C", ["John Doe"])], aliases: aliases)
        #expect(personNames(c) == ["Jane Doe", "John Doe"])
        #expect(c.summary.droppedByAlias == 1)
        #expect(log.entries.contains { $0.file == "aliases.tsv" && $0.line == 4 && $0.message.contains("never occurs") })
        let vos = "label\treplace by\nj. doe\tJane Doe\n"
        let (v, _) = corpus([("A", ["Jane Doe"]), ("B", ["J. Doe", "John Doe"])], aliases: vos)
        #expect(personNames(v) == ["Jane Doe", "John Doe"])
        // Windows line endings (and a BOM) read the same.
        for text in [vos.replacingOccurrences(of: "\n", with: "\r\n"), "\u{FEFF}" + aliases.replacingOccurrences(of: "\n", with: "\r\n")] {
            let (w, wlog) = corpus([("A", ["Jane Doe"]), ("B", ["J. Doe", "John Doe"])], aliases: text)
            #expect(personNames(w) == ["Jane Doe", "John Doe"])
            #expect(!wlog.entries.contains { $0.message.contains("expected the header") })
        }
    }

    @Test func aliasedSlotsKeepTheirWrittenForm() {
        let log = DiagnosticLog()
        let table = AliasTable(text: "name\tcanonical\nJ. Zhang\tJingzhao Zhang\n", file: "a.tsv", log: log)
        let b = CorpusBuilder(options: CorpusOptions(aliases: table, keepAssignments: true), log: log)
        b.add(PaperRecord(source: SourceLocation(file: "t", line: 1, key: "a"), title: "T1", authors: [WrittenAuthor(name: NameParser.parse("J. Zhang"))]))
        b.add(PaperRecord(source: SourceLocation(file: "t", line: 2, key: "b"), title: "T2", authors: [WrittenAuthor(name: NameParser.parse("Jingzhao Zhang"))]))
        let c = b.build()
        #expect(personNames(c) == ["Jingzhao Zhang"])
        let first = c.assignments.first { $0.record.key == "a" }!
        #expect(first.written == "J. Zhang")
        #expect(first.rule == "alias")
    }
}

@Suite struct NameCacheTests {
    @Test func sameBytesShareOneParsedName() {
        let cache = NameCache { NameParser.bibtex($0) }
        // Enough names for the tables to grow several times; each looked up twice.
        let written = (0..<5000).map { "Family\($0), Given \($0 % 97)" }
        let first = written.map { cache.name($0) }
        for (k, w) in written.enumerated() {
            let again = cache.name(w)
            #expect(again === first[k])
            #expect(again.written == w)
        }
        #expect(first[12].family == "Family12" && first[12].given == "Given 12")
    }

    @Test func composedAndDecomposedSpellingsAreParsedApart() {
        let cache = NameCache { NameParser.bibtex($0) }
        let composed = "Carri\u{E8}re, Mathieu", decomposed = "Carrie\u{300}re, Mathieu"
        let a = cache.name(composed), b = cache.name(decomposed)
        // Swift calls the two strings equal; the cache keeps what each source wrote.
        #expect(composed == decomposed)
        #expect(a !== b)
        #expect(Array(a.written.utf8) == Array(composed.utf8))
        #expect(Array(b.written.utf8) == Array(decomposed.utf8))
        #expect(a.matchKey == b.matchKey)
    }

    @Test func listsSplitIntoByteRanges() {
        var seen: [String] = []
        var field = "Smith, John AND Doe, Jane and {Barnes and Noble} and {O}thers and others"
        let truncated = field.withUTF8 { bytes in
            NameParser.forEachBibTeXListName(bytes) { seen.append(String(decoding: $0, as: UTF8.self)) }
        }
        #expect(seen == ["Smith, John", "Doe, Jane", "{Barnes and Noble}", "{O}thers"])
        #expect(truncated)
        #expect(NameParser.splitBibTeXList("  Ada Lovelace  ").names == ["Ada Lovelace"])
        #expect(NameParser.splitBibTeXList("Ada Lovelace and OTHERS") == (names: ["Ada Lovelace"], truncated: true))
    }
}
