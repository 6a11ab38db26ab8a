import AuthorNames
import Foundation
import Testing
import TestSupport

@testable import Bibliography

/// Reads a file with the listing reader, collecting records and diagnostics.
func readListing(_ path: String, referenceYear: Int = 2026) throws -> ([PaperRecord], DiagnosticLog) {
    let log = DiagnosticLog()
    var records: [PaperRecord] = []
    let input = TextInput(try InputSource(path: path))
    try ListingReader().read(input, options: ReaderOptions(referenceYear: referenceYear), log: log) { records.append($0) }
    return (records, log)
}

/// Reads listing text given inline.
func readListingText(_ text: String, referenceYear: Int = 2026) throws -> ([PaperRecord], DiagnosticLog) {
    let dir = try Fixtures.temporaryDirectory()
    let path = dir + "/listing.txt"
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return try readListing(path, referenceYear: referenceYear)
}

@Suite struct ListingHeaderTests {
    @Test func headers() {
        #expect(ListingReader.parseHeader("OCApr 3, 2022") == .init(category: "OC", month: 4, day: 3, year: 2022, hasCode: false))
        #expect(ListingReader.parseHeader("LGMay 13") == .init(category: "LG", month: 5, day: 13, year: nil, hasCode: false))
        #expect(ListingReader.parseHeader("CLJul 17, 2025Code") == .init(category: "CL", month: 7, day: 17, year: 2025, hasCode: true))
        #expect(ListingReader.parseHeader("STFeb 15, 2024") == .init(category: "ST", month: 2, day: 15, year: 2024, hasCode: false))
        #expect(ListingReader.parseHeader("CLApr 4")?.day == 4)
        // Not headers.
        #expect(ListingReader.parseHeader("Apr 3, 2022") == nil)  // no category
        #expect(ListingReader.parseHeader("OCApr 32, 2022") == nil)
        #expect(ListingReader.parseHeader("OCApr 3, 22") == nil)
        #expect(ListingReader.parseHeader("OCApr 3, 2022 Code extra") == nil)
        #expect(ListingReader.parseHeader("Understanding the unstable convergence") == nil)
        #expect(ListingReader.parseHeader("") == nil)
    }

    @Test func gluedSplits() {
        func split(_ s: String) -> (String, String)? { ListingReader.splitGlued(s, knownNames: []) }
        #expect(split("Understanding the unstable convergence of gradient descentKwangjun Ahn")! == ("Understanding the unstable convergence of gradient descent", "Kwangjun Ahn"))
        #expect(split("Online Policy Optimization for Robust MDPJing Dong")! == ("Online Policy Optimization for Robust MDP", "Jing Dong"))
        #expect(split("Efficient Sampling on Riemannian Manifolds via Langevin MCMCXiang Cheng")! == ("Efficient Sampling on Riemannian Manifolds via Langevin MCMC", "Xiang Cheng"))
        #expect(split("Why are Adaptive Methods Good for Attention Models?Jingzhao Zhang")! == ("Why are Adaptive Methods Good for Attention Models?", "Jingzhao Zhang"))
        // Hyphenated and Mc names are not split inside.
        #expect(split("A Study of ThingsJean-Pierre Dupont")! == ("A Study of Things", "Jean-Pierre Dupont"))
        #expect(split("A Study of ThingsRonald McDonald")! == ("A Study of Things", "Ronald McDonald"))
        // A glued title word with an inner capital is not taken for a name.
        #expect(split("Deep LearningJohn Smith")! == ("Deep Learning", "John Smith"))
        #expect(split("no names here at all") == nil)
    }
}

@Suite struct ListingSampleTests {
    struct Expected {
        var line: Int
        var category: String
        var date: String
        var code: Bool
        var title: String
        var authors: [String]
        var truncated: Bool
        var tag: String
    }

    static func expected() throws -> [Expected] {
        try Fixtures.text("listing/profile-listing.expected.tsv").split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let c = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return Expected(line: Int(c[0])!, category: c[1], date: c[2], code: c[3] == "true", title: c[4],
                            authors: c[5].components(separatedBy: "; "), truncated: c[6] == "true", tag: c[7])
        }
    }

    @Test func everyRecordSplitsRight() throws {
        let (records, log) = try readListing(Fixtures.sampleListing)
        let expected = try Self.expected()
        #expect(records.count == 44)
        #expect(expected.count == 44)
        #expect(log.entries.isEmpty, "unexpected diagnostics: \(log.entries)")
        for (r, e) in zip(records, expected) {
            #expect(r.source.line == e.line)
            #expect(r.category == e.category, "line \(e.line)")
            #expect(r.title == e.title, "line \(e.line)")
            #expect(r.authors.map { $0.name.display } == e.authors, "line \(e.line)")
            #expect(r.truncated == e.truncated, "line \(e.line)")
            #expect(r.tags == (e.tag.isEmpty ? [] : [e.tag]), "line \(e.line)")
            #expect(r.hasCode == e.code, "line \(e.line)")
            let d = r.date!
            let y = e.date.split(separator: "-")[0]
            #expect(d.yearInferred == (y == "?"), "line \(e.line)")
            #expect(d.year == (y == "?" ? 2026 : Int(y)!), "line \(e.line)")
            #expect(String(format: "%02d-%02d", d.month!, d.day!) == e.date.split(separator: "-").dropFirst().joined(separator: "-"))
            #expect(r.abstract?.isEmpty == false, "line \(e.line)")
        }
    }

    @Test func referenceYearApplies() throws {
        let (records, _) = try readListing(Fixtures.sampleListing, referenceYear: 2024)
        let noYear = records.filter { $0.date!.yearInferred }
        #expect(noYear.count == 4)
        #expect(noYear.allSatisfy { $0.date!.year == 2024 })
    }
}

@Suite struct ListingMalformedTests {
    @Test func badRecordsAreReportedAndOthersKept() throws {
        let text = """
            OCApr 3, 2022
            A Good TitleAda Lovelace, Charles Babbage
            An abstract.
            this line is not a header
            LGMay 13
            LGJun 2, 2021
            Another Good PaperGrace Hopper, Alan Turing et al. · cmu
            Abstract two.
            OCJan 5, 2020
            no byline anywhere in this line
            Abstract three.
            MLFeb 1, 2019
            Last PaperEmmy Noether
            """
        let (records, log) = try readListingText(text)
        #expect(records.map(\.title) == ["A Good Title", "Another Good Paper", "Last Paper"])
        #expect(records[1].truncated && records[1].tags == ["cmu"])
        let d = log.entries.map { ($0.line ?? 0, $0.severity) }
        // Line 4: not a header. Line 5: header without a title line. Line 10: no byline. Line 13: no abstract.
        #expect(d.contains { $0 == (4, .error) })
        #expect(d.contains { $0 == (5, .error) })
        #expect(d.contains { $0 == (10, .error) })
        #expect(d.contains { $0 == (13, .warning) })
        #expect(log.entries.allSatisfy { $0.file.hasSuffix("listing.txt") })
        #expect(log.entries.first { $0.line == 10 }?.record == "record 4")
    }

    @Test func crlfAndLatin1() throws {
        let dir = try Fixtures.temporaryDirectory()
        let path = dir + "/latin1.txt"
        var bytes = Array("OCApr 3, 2022\r\nA TitleJos".utf8)
        bytes.append(0xE9)  // é in Latin-1
        bytes += Array(" Martinez, Ana Ruiz\r\nAbstract.\r\n".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let (records, log) = try readListing(path)
        #expect(records.count == 1)
        #expect(records[0].authors.map { $0.name.display } == ["José Martinez", "Ana Ruiz"])
        #expect(log.entries.contains { $0.severity == .warning && $0.message.contains("Windows-1252") })
    }
}
