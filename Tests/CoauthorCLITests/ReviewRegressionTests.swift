import Foundation
import Testing
import TestSupport

/// Regressions for defects found in review; each failed before its fix.
@Suite struct ReviewRegressionTests {
    let dir: String
    init() throws { dir = try Fixtures.temporaryDirectory() }

    func file(_ name: String, _ text: String) throws -> String {
        try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
        return dir + "/" + name
    }

    @Test func yearFiltersKeepOnlyAuthorsOfThoseYears() throws {
        let r = try CoauthorBinary.run(["stats", Fixtures.sampleListing, "--reference-year", "2026", "--from-year", "2025", "--to-year", "2025", "-f", "tsv"])
        // 2025: 10 papers by 20 authors (worked out from the listing), not all 59 authors.
        #expect(r.stdout.contains("nodes\t20\n"))
    }

    @Test func yearlyEditorialsWithDifferentDOIsStayApart() throws {
        let bib = (2019...2022).map { y in "@article{e\(y), author = {Doe, Jane and Roe, Richard}, title = {Editorial}, year = \(y)\(y % 2 == 0 ? ", doi = {10.1/ed\(y)}" : "")}" }.joined(separator: "\n")
        let r = try CoauthorBinary.run(["papers", try file("ed.bib", bib), "--no-abstract"])
        #expect(r.stdout.split(separator: "\n").count == 1 + 4)
    }

    @Test func identifiersNeverMergeTwoORCIDsThroughInitials() throws {
        let json = #"[{"id": "1", "title": "A", "author": [{"family": "Zhang", "given": "J.", "ORCID": "0000-0001-0000-0011"}]}, {"id": "2", "title": "B", "author": [{"family": "Zhang", "given": "J.", "ORCID": "0000-0001-0000-0022"}]}, {"id": "3", "title": "C", "author": [{"family": "Zhang", "given": "Jingzhao"}]}]"#
        let r = try CoauthorBinary.run(["authors", try file("d.json", json), "-f", "jsonl"])
        for line in r.stdout.split(separator: "\n") {
            #expect(line.components(separatedBy: "orcid:").count <= 2, "one person with two ORCIDs: \(line)")
        }
    }

    @Test func degreeCountsOnlyPapersInTheGraph() throws {
        let bib = "@article{a, author = {Lee, Ann and Dee, Cy}, title = {Two}, year = 2020}\n@article{b, author = {Lee, Ann and Ek, Bo and Fry, Di and Gil, Ed}, title = {Four}, year = 2021}\n"
        let r = try CoauthorBinary.run(["timeline", try file("t5.bib", bib), "--author", "Ann Lee", "--max-authors", "2", "-f", "csv"])
        let last = r.stdout.split(separator: "\n").last!.split(separator: ",", omittingEmptySubsequences: false)
        // cumulative_coauthors 4, degree 1 (the four-author paper is left out of the graph).
        #expect(last[6] == "4" && last[7] == "1", "\(last)")
    }

    @Test func perYearRespectsMinWeight() throws {
        let bib = "@article{a, author = {Lee, Ann and Dee, Cy}, title = {One}, year = 2020}\n@article{b, author = {Lee, Ann and Ek, Bo}, title = {Two}, year = 2020}\n@article{c, author = {Lee, Ann and Ek, Bo}, title = {Three}, year = 2021}\n"
        let r = try CoauthorBinary.run(["collaborations", try file("t6.bib", bib), "--per-year", "--min-weight", "2"])
        #expect(!r.stdout.contains("Cy Dee"))
        #expect(r.stdout.contains("Bo Ek"))
    }

    @Test func csvListsOfGivenFamilyNames() throws {
        let csv = "Authors,Title,Year\n\"Alice Smith, Bob Jones\",Paper,2020\n\"Smith, Alice\",Other,2021\n"
        let r = try CoauthorBinary.run(["papers", try file("n.csv", csv), "--no-abstract"])
        #expect(r.stdout.contains("Alice Smith; Bob Jones"))
        #expect(r.stdout.split(separator: "\n").last!.contains(",Alice Smith,"))
    }

    @Test func crossrefToEarlierEntryOfAnyTypeAnyCase() throws {
        let bib = "@inproceedings{Target, author = {Doe, Jane}, year = 2001, title = {T}}\n@inproceedings{child, title = {C}, crossref = {target}}\n"
        let r = try CoauthorBinary.run(["papers", try file("t4.bib", bib), "--no-abstract"])
        #expect(!r.stderr.contains("not found"))
        #expect(r.stdout.contains("2001,2001,false,,C,Jane Doe"))
    }

    @Test func capitalisedMultiWordPrefixesAndKingJr() throws {
        let ris = "TY  - JOUR\nAU  - Jan Van Der Berg\nTI  - One\nPY  - 2020\nER  - \nTY  - JOUR\nAU  - Van Der Berg, J.\nTI  - Two\nPY  - 2021\nER  - \nTY  - JOUR\nAU  - King, Jr.\nTI  - Three\nPY  - 2021\nER  - \n"
        let r = try CoauthorBinary.run(["authors", try file("t3.ris", ris)])
        #expect(r.stdout.contains("Jan Van Der Berg,") && r.stdout.contains("J. Van Der Berg (1, initials)"))
        #expect(r.stdout.contains("King Jr.,"))
    }

    @Test func damagedGzipKeepsWhatWasRead() throws {
        let plain = dir + "/e.bib"
        try FileManager.default.copyItem(atPath: Fixtures.path("bibtex/plume-bib/ernst.bib"), toPath: plain)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/gzip")
        p.arguments = [plain]
        try p.run(); p.waitUntilExit()
        var z = [UInt8](try Data(contentsOf: URL(fileURLWithPath: plain + ".gz")))
        for i in (z.count * 2 / 3)..<(z.count * 2 / 3 + 64) { z[i] ^= 0x5A }  // corrupt the middle
        try Data(z).write(to: URL(fileURLWithPath: plain + ".gz"))
        let r = try CoauthorBinary.run(["papers", plain + ".gz", "-o", dir + "/out.csv"])
        #expect(r.status == 0, "\(r.stderr.suffix(300))")
        #expect(r.stderr.contains("damaged gzip data"))
        let rows = try String(contentsOfFile: dir + "/out.csv", encoding: .utf8).split(separator: "\n").count
        #expect(rows > 50 && rows < 316)  // the entries before the damage, not none and not all
    }

    @Test func negativeNumbersAreUsageErrors() throws {
        for args in [["render", "--labels=-1", "-o", dir + "/x.svg"], ["stats", "--path-samples=-1"], ["suggest-aliases", "--limit=-1"]] {
            let r = try CoauthorBinary.run([args[0], Fixtures.sampleListing] + args.dropFirst())
            #expect(r.status == 64, "\(args): \(r.status)")
        }
    }

    @Test func csvDiagnosticsNameTheirPhysicalLine() throws {
        let csv = "Authors,Title,Year\n\"Doe, Jane\",\"A title\nover two lines\",2020\n\"Roe, Rick\",Short,2021,extra\n"
        let r = try CoauthorBinary.run(["papers", try file("t7.csv", csv), "-o", dir + "/t7.out"])
        #expect(r.stderr.contains("t7.csv:4: warning: row 2: 4 fields where the header has 3"), "\(r.stderr)")
    }

    @Test func windowEndsMeanTheWholePeriod() throws {
        let r = try CoauthorBinary.run(["collaborators", Fixtures.sampleListing, "--reference-year", "2026", "--author", "Jingzhao Zhang", "--since", "2025", "--as-of", "2025"])
        #expect(r.stderr.contains("from 2025-01-01 to 2025-12-31"))
        let bad = try CoauthorBinary.run(["collaborators", Fixtures.sampleListing, "--author", "Jingzhao Zhang", "--since", "2025", "--as-of", "2024"])
        #expect(bad.status == 64)
    }

    @Test func egoOutsideTheViewSaysSo() throws {
        let r = try CoauthorBinary.run(["stats", Fixtures.sampleListing, "--ego", "Lu Mi", "--min-papers", "3"])
        #expect(r.status == 1 && r.stderr.contains("Lu Mi is not in the selected view"))
    }

    /// --top picks rows of the table; the values are those of the whole view.
    @Test func centralityTopKeepsWholeViewValues() throws {
        let all = try CoauthorBinary.run(["centrality", Fixtures.sampleListing, "--reference-year", "2026", "--metrics", "betweenness", "-f", "tsv"])
        let top = try CoauthorBinary.run(["centrality", Fixtures.sampleListing, "--reference-year", "2026", "--metrics", "betweenness",
                                          "--top", "3", "--top-by", "betweenness", "-f", "tsv"])
        let allRows = all.stdout.split(separator: "\n").dropFirst()
        let topRows = top.stdout.split(separator: "\n").dropFirst()
        #expect(topRows.count == 3)
        #expect(Array(topRows) == Array(allRows.prefix(3)))
        #expect(topRows.first!.hasPrefix("Jingzhao Zhang\t0.62"))
    }

    /// One unknown name in an authors file is a warning; the others are still analysed.
    @Test func unknownNameInAuthorsFileIsAWarning() throws {
        let names = try file("names.txt", "Jingzhao Zhang\nNobody Here\nSuvrit Sra\n")
        let r = try CoauthorBinary.run(["centrality", Fixtures.sampleListing, "--reference-year", "2026", "--authors", names, "--metrics", "degree", "-f", "tsv"])
        #expect(r.status == 0)
        #expect(r.stderr.contains("Nobody Here"))
        #expect(r.stdout.split(separator: "\n").count == 3)
        let none = try CoauthorBinary.run(["centrality", Fixtures.sampleListing, "--reference-year", "2026", "--authors", try file("none.txt", "Nobody Here\n")])
        #expect(none.status == 1)
    }

    /// Undated joint papers get a row with an empty year, so the per-year rows add up.
    @Test func perYearKeepsUndatedPapers() throws {
        let bib = "@article{a, author = {Lee, Ann and Ray, Bob}, title = {One}, year = 2020}\n@article{b, author = {Lee, Ann and Ray, Bob}, title = {Two}}\n"
        let r = try CoauthorBinary.run(["collaborations", try file("ny.bib", bib), "--per-year", "-f", "tsv"])
        #expect(r.stdout == "author_a\tauthor_b\tyear\tyear_inferred\tpapers\nAnn Lee\tBob Ray\t2020\tfalse\t1\nAnn Lee\tBob Ray\t\tfalse\t1\n")
    }

    /// The legend states an open year range in words, and names the highlighted authors.
    @Test func legendOpenYearRangeAndHighlight() throws {
        let out = dir + "/l.dot"
        _ = try CoauthorBinary.run(["render", Fixtures.sampleListing, "--reference-year", "2026", "--from-year", "2024",
                                    "--highlight", "Suvrit Sra", "--labels", "100", "-o", out])
        let dot = try String(contentsOfFile: out, encoding: .utf8)
        #expect(dot.contains("years from 2024 on"))
        #expect(!dot.contains("4611686018427387903"))
        #expect(dot.contains("Highlighted (thick black outline, always labelled): Suvrit Sra."))
        #expect(dot.contains("color=\"#000000\", penwidth=3.5"))
    }

    /// "--months 48 --as-of 2025-12-31" is 2022-01-01 to 2025-12-31: a paper of 2021-12-31 is outside.
    @Test func fortyEightMonthsStartTheDayAfter() throws {
        let bib = "@article{a, author = {Lee, Ann and Ray, Bob}, title = {One}, year = 2021, month = dec, day = 31, date = {2021-12-31}}\n"
            + "@article{b, author = {Lee, Ann and Dee, Cy}, title = {Two}, date = {2022-01-01}}\n"
        let r = try CoauthorBinary.run(["collaborators", try file("w.bib", bib), "--author", "Ann Lee", "--months", "48", "--as-of", "2025-12-31", "-f", "tsv"])
        #expect(r.stderr.contains("from 2022-01-01 to 2025-12-31"))
        #expect(r.stdout.contains("Cy Dee") && !r.stdout.contains("Bob Ray"))
    }
}
