import AuthorNames
import Bibliography
import CollaborationGraph
import Foundation
import Testing
import TestSupport

@testable import CoauthorKit

/// The sample listing, loaded as the CLI loads it.
func sample(owner: OwnerOption = .none) throws -> Corpus {
    var o = LoadOptions(inputs: [Fixtures.sampleListing], referenceYear: 2026)
    o.owner = owner
    return try Loader.load(o, log: DiagnosticLog()).corpus
}

func authorship(_ c: Corpus) -> Authorship {
    Authorship(nodeCount: c.persons.count, papers: c.papers.map { $0.authors.map { Int32($0.rawValue) } }, years: c.papers.map { Int32($0.year ?? 0) })
}

@Suite struct TimelineTests {
    /// Expected values worked out with a separate Python script (regex split of the raw listing,
    /// networkx components), not with this code.
    @Test func corpusTimelineOfTheSample() throws {
        let c = try sample()
        let rows = authorship(c).timeline()
        #expect(rows.map(\.year) == Array(2018...2026))
        #expect(rows.map(\.papers) == [3, 3, 4, 4, 5, 7, 4, 10, 3])
        #expect(rows.map(\.newAuthors) == [6, 4, 6, 5, 9, 10, 2, 11, 6])
        #expect(rows.map(\.nodes) == [6, 10, 16, 21, 30, 40, 42, 53, 59])
        #expect(rows.map(\.edges) == [8, 15, 25, 34, 47, 63, 68, 91, 99])
        #expect(rows.map(\.components) == [1, 1, 1, 1, 2, 2, 2, 3, 4])
        #expect(rows.map(\.largestComponent) == [6, 10, 16, 21, 27, 35, 37, 45, 50])
        #expect(rows.map(\.newCollaborations).reduce(0, +) == 99)
    }

    @Test func slidingWindows() throws {
        let c = try sample()
        let rows = authorship(c).timeline(window: 1)
        // A one-year window holds only that year's papers.
        #expect(rows.first!.nodes == 6 && rows.first!.edges == 8)
        #expect(rows.allSatisfy { $0.activeAuthors == $0.nodes })
    }

    @Test func newCoauthorsOfTheOwnerPerYear() throws {
        let c = try sample()
        let jz = c.persons.first { $0.name == "Jingzhao Zhang" }!.id.index
        let rows = authorship(c).authorTimeline(jz)
        let names = rows.map { r in r.newCoauthors.map { c.persons[Int($0)].name }.sorted() }
        #expect(rows.map(\.year) == Array(2018...2026))
        #expect(names == [
            ["Aryan Mokhtari", "Hongyi Zhang", "Lu Mi", "Macheng Shen", "Suvrit Sra"],
            ["Andreas Veit", "Sai Praneeth Karimireddy", "Tianxing He", "Zhiming Zhou"],
            ["Aditya Menon", "Hongzhou Lin", "Stefanie Jegelka", "Subhro Das", "Zeke Xie", "Zhiqiang Xu"],
            ["Haochuan Li", "Kaixuan Huang", "Tiancheng Yu", "Xinran Gu", "Yi Tian"],
            ["Haowei He", "Jiaye Teng", "Kaiyue Wen", "Kwangjun Ahn", "Peiyuan Zhang", "Yanan Wang"],
            ["Bohan Wang", "Jing Xu", "Lesi Chen", "Pengkun Yang", "Xiang Cheng", "Yaohua Ma"],
            ["Chengchang Liu"],
            ["Hong Lu", "Jiali Chen", "Jiazheng Li", "Junru Li"],
            ["Jingwei Li"],
        ])
        #expect(rows.last!.cumulativeCoauthors == 38)
        // In 2018 he is the only link between his five co-authors' groups: a star with 6 nodes and one
        // triangle-free fan ({JZ, Mokhtari, Sra}, {JZ, H. Zhang, Sra}, {Mi, Shen, JZ}).
        #expect(rows[0].betweenness! > 0.5)
    }
}

@Suite struct CollaboratorTests {
    @Test func fortyEightMonthsBeforeTheEndOf2025() throws {
        let c = try sample()
        let net = Network(corpus: c, projection: .init(maxAuthors: 0))
        let jz = Int(net.node[c.persons.first { $0.name == "Jingzhao Zhang" }!.id.index])
        let rows = CollaboratorList.collaborators(of: jz, in: net, from: Day(2025, 12, 31).minusMonths(48), to: Day(2025, 12, 31))
        // Worked out independently (Python over the raw listing): 18 co-authors, by family name.
        let expected: [(String, String)] = [
            ("Kwangjun Ahn", "2022-04-03"), ("Jiali Chen", "2025-09-01"), ("Lesi Chen", "2025-11-27"), ("Xiang Cheng", "2024-02-15"),
            ("Haowei He", "2022-01-28"), ("Jiazheng Li", "2025-02-18"), ("Junru Li", "2025-09-03"), ("Chengchang Liu", "2024-10-12"),
            ("Hong Lu", "2025-09-01"), ("Yaohua Ma", "2023-06-26"), ("Suvrit Sra", "2024-02-15"), ("Jiaye Teng", "2023-03-19"),
            ("Bohan Wang", "2023-06-18"), ("Yanan Wang", "2022-01-28"), ("Kaiyue Wen", "2022-06-01"), ("Jing Xu", "2025-02-18"),
            ("Pengkun Yang", "2023-08-16"), ("Peiyuan Zhang", "2023-03-19"),
        ]
        #expect(rows.map(\.name) == expected.map(\.0))
        #expect(rows.map(\.lastDate.iso) == expected.map(\.1))
        #expect(rows.allSatisfy { !$0.uncertain && $0.lastDate.precision == .day })
        #expect(rows.first { $0.name == "Lesi Chen" }!.jointPapers == 5)
        #expect(Day(2025, 12, 31).minusMonths(48) == Day(2021, 12, 31))
        // 48 months ending on 2025-12-31, both ends included, start on 2022-01-01 (not a day earlier).
        #expect(Day.windowStart(months: 48, endingOn: Day(2025, 12, 31)) == Day(2022, 1, 1))
        #expect(Day.windowStart(months: 12, endingOn: Day(2024, 2, 29)) == Day(2023, 3, 1))
        #expect(Day.windowStart(months: 1, endingOn: Day(2025, 3, 31)) == Day(2025, 3, 1))
    }

    @Test func inferredYearsAtTheEdgeAreIncludedAndFlagged() throws {
        let c = try sample()
        let net = Network(corpus: c, projection: .init(maxAuthors: 0))
        let jz = Int(net.node[c.persons.first { $0.name == "Jingzhao Zhang" }!.id.index])
        let rows = CollaboratorList.collaborators(of: jz, in: net, from: Day(2026, 1, 1), to: Day(2026, 12, 31))
        // The Mar 9 paper and the Apr 28 listing of the merged bilevel paper fall in 2026 only by their
        // inferred years: included and flagged, not dropped.
        #expect(rows.map(\.name).sorted() == ["Jing Xu", "Jingwei Li", "Lesi Chen", "Xinran Gu"])
        #expect(rows.allSatisfy { $0.uncertain && $0.note.contains("year inferred") })
    }

    @Test func yearOnlyDatesAtTheWindowsEdge() throws {
        let dir = try Fixtures.temporaryDirectory()
        try """
            @article{a, author = {Doe, Jane and Roe, Richard}, title = {Inside}, year = 2023, month = may}
            @article{b, author = {Doe, Jane and Poe, Edgar}, title = {Edge year}, year = 2021}
            @article{c, author = {Doe, Jane and Moe, Martha}, title = {Before}, year = 2020}
            @article{d, author = {Doe, Jane and Roe, Richard}, title = {Later edge}, year = 2025}
            """.write(toFile: dir + "/d.bib", atomically: true, encoding: .utf8)
        let c = try Loader.load(LoadOptions(inputs: [dir + "/d.bib"], referenceYear: 2026), log: DiagnosticLog()).corpus
        let net = Network(corpus: c, projection: .init(maxAuthors: 0))
        let doe = Int(net.node[c.persons.first { $0.name == "Jane Doe" }!.id.index])
        let rows = CollaboratorList.collaborators(of: doe, in: net, from: Day(2021, 6, 30), to: Day(2025, 6, 30))
        #expect(rows.map(\.name) == ["Edgar Poe", "Richard Roe"])
        let poe = rows[0], roe = rows[1]
        #expect(poe.uncertain && poe.lastDate.precision == .year && poe.note.contains("year only"))
        // Richard Roe's certain May 2023 paper wins over the uncertain 2025 one; both count.
        #expect(!roe.uncertain && roe.lastDate.iso == "2023-05" && roe.jointPapers == 2)
    }
}

@Suite struct PersonLookupTests {
    /// A source's short forms ("Smith J" beside "Smith, John") name a person only when nothing
    /// else matches and only one person was written that way.
    @Test func sourceShortFormsAreALastResort() throws {
        let log = DiagnosticLog()
        let b = CorpusBuilder(options: CorpusOptions(), log: log)
        func slot(_ full: String?, _ short: String) -> WrittenAuthor {
            var a = WrittenAuthor(name: NameParser.parse(full ?? short))
            if full != nil { a.sourceVariant = short }
            return a
        }
        b.add(PaperRecord(source: SourceLocation(file: "m", line: 1), title: "One", authors: [slot("Smith, John", "Smith J"), slot("Doe, Ada", "Doe A")], date: PartialDate(year: 2020)))
        b.add(PaperRecord(source: SourceLocation(file: "m", line: 2), title: "Two", authors: [slot("Smith, Jane", "Smith J"), slot("Roe, Bo", "Roe B")], date: PartialDate(year: 2021)))
        b.add(PaperRecord(source: SourceLocation(file: "m", line: 3), title: "Three", authors: [slot(nil, "Smith J")], date: PartialDate(year: 2022)))
        let c = b.build()
        let lookup = PersonLookup(c)
        // "Smith J" is also a person of its own (the third paper): that person, not an ambiguity.
        #expect(c.persons[try lookup.find("Smith J")].name == "J. Smith")
        #expect(c.persons[try lookup.find("Doe A")].name == "Ada Doe")  // unique short form
        #expect(c.persons[try lookup.find("John Smith")].name == "John Smith")
        #expect(c.persons[try lookup.find("Ada Doe")].variants.map(\.rule) == ["same key", "source variant"])
    }
}
