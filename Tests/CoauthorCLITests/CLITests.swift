import Foundation
import Testing
import TestSupport

@Suite struct CLIBehaviourTests {
    /// report and timeline take the view options like every graph command; a view that shortens a
    /// byline too long for the graph does not bring it into the graph.
    @Test func reportAndTimelineTakeViews() throws {
        let dir = try Fixtures.temporaryDirectory()
        let crowd = (0..<150).map { "Person\($0), Crowd" }.joined(separator: " and ")
        let bib = """
            @article{big, author = {Ada, Alpha and Bea, Beta and \(crowd)}, title = {Crowded}, year = 2020}
            @article{ab, author = {Ada, Alpha and Bea, Beta}, title = {Two}, year = 2021}
            @article{ac, author = {Ada, Alpha and Cid, Gamma}, title = {Three}, year = 2022}
            @misc{anon, title = {Nobody's}, year = 2021}
            """
        let path = dir + "/v.bib"
        try bib.write(toFile: path, atomically: true, encoding: .utf8)
        try "Alpha Ada\nBeta Bea\n".write(toFile: dir + "/who.txt", atomically: true, encoding: .utf8)
        let t = try CoauthorBinary.run(["timeline", path, "--authors", dir + "/who.txt"])
        #expect(t.status == 0, "\(t.stderr)")
        // 2020: the crowded paper adds Ada and Bea as nodes but no edge; 2021 adds their edge; 2022's
        // paper has Ada, so it counts, but Cid is not selected.
        #expect(t.stdout == """
            year,year_inferred,papers,active_authors,new_authors,new_collaborations,nodes,edges,components,largest_component,largest_share
            2020,false,1,2,2,0,2,0,2,1,0.5
            2021,false,1,2,0,1,2,1,1,2,1
            2022,false,1,1,0,0,2,1,1,2,1

            """)
        // Without a view the authorless paper still counts in its year.
        let all = try CoauthorBinary.run(["timeline", path])
        #expect(all.stdout.contains("\n2021,false,2,2,0,1,"), "\(all.stdout)")
        #expect(try CoauthorBinary.run(["timeline", path, "--min-weight", "2"]).status == 64)
        let r = try CoauthorBinary.run(["report", path, "--ego", "Gamma Cid", "--out", dir + "/r"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("view                ego network of Gamma Cid, radius 1"))
        #expect(r.stdout.contains("authors             2 of 153"))
        #expect(r.stdout.contains("collaborations      1\n"))
        #expect(r.stdout.contains("left out of graph   1 paper(s)"))  // Ada, in the view, is on the crowded paper
        try "Gamma Cid\n".write(toFile: dir + "/cid.txt", atomically: true, encoding: .utf8)
        let cid = try CoauthorBinary.run(["centrality", path, "--authors", dir + "/cid.txt"])
        #expect(cid.status == 0 && !cid.stderr.contains("left out of the graph"), "\(cid.stderr)")  // not Cid's paper
        let papers = try String(contentsOfFile: dir + "/r/papers.csv", encoding: .utf8)
        #expect(papers.split(separator: "\n").count == 4)  // header + the 3 papers with Ada
        let dot = try String(contentsOfFile: dir + "/r/network.dot", encoding: .utf8)
        #expect(dot.contains("Filters: ego network of Gamma Cid, radius 1."))
    }

    @Test func missingInputIsAnErrorNamingTheFile() throws {
        let dir = try Fixtures.temporaryDirectory()
        let r = try CoauthorBinary.run(["report", "/nonexistent/file.txt", "--out", dir])
        #expect(r.status == 1)
        #expect(r.stderr.contains("/nonexistent/file.txt"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/papers.csv"))
    }

    @Test func outPointingAtAFileIsRefusedBeforeWork() throws {
        let dir = try Fixtures.temporaryDirectory()
        let file = dir + "/not-a-dir"
        try "x".write(toFile: file, atomically: true, encoding: .utf8)
        let r = try CoauthorBinary.run(["report", "Tests/Fixtures/listing/profile-listing.txt", "--out", file])
        #expect(r.status == 64)
        #expect(r.stderr.contains("not a directory"))
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "x")
    }

    @Test func stdinInput() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.sampleListing))
        let dir = try Fixtures.temporaryDirectory()
        let r = try CoauthorBinary.run(["report", "-", "--reference-year", "2026", "--out", dir], stdin: data)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("papers              43"))
    }

    @Test func strictTurnsWarningsIntoExitStatus2() throws {
        let dir = try Fixtures.temporaryDirectory()
        let path = dir + "/bad.txt"
        try "OCApr 3, 2022\nA Good TitleAda Lovelace, Charles Babbage\nAbstract.\ngarbage line\n".write(toFile: path, atomically: true, encoding: .utf8)
        let lenient = try CoauthorBinary.run(["report", path, "--out", dir + "/a"])
        #expect(lenient.status == 0)
        #expect(lenient.stderr.contains("bad.txt:4: error:"))
        let strict = try CoauthorBinary.run(["report", path, "--out", dir + "/b", "--strict"])
        #expect(strict.status == 2)
    }

    @Test func noRecordsIsAFailure() throws {
        let dir = try Fixtures.temporaryDirectory()
        let path = dir + "/empty.txt"
        try "".write(toFile: path, atomically: true, encoding: .utf8)
        let r = try CoauthorBinary.run(["report", path, "--input-format", "listing", "--out", dir + "/out"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("no records"))
    }
}
