import Foundation
import Testing
import TestSupport

@Suite struct CLIBehaviourTests {
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
