import Foundation
import Testing
import TestSupport

/// Hostile inputs: each gets a clear message naming the input and the place, the other records are
/// kept, and nothing hangs (every run here must finish within the suite's time limit).
@Suite(.timeLimit(.minutes(3))) struct HostileInputTests {
    let dir: String
    init() throws { dir = try Fixtures.temporaryDirectory() }

    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = dir + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Runs `papers` into a fresh file: the result, the CSV rows split at commas, and the CSV text.
    func papersWithText(_ args: [String]) throws -> (CLIResult, [[String]], String) {
        let out = dir + "/papers-\(UUID().uuidString).csv"
        let r = try CoauthorBinary.run(["papers"] + args + ["-o", out, "--no-abstract"])
        let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        let rows = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        return (r, rows, text)
    }

    func papers(_ args: [String]) throws -> (CLIResult, [[String]]) {
        let (r, rows, _) = try papersWithText(args)
        return (r, rows)
    }

    @Test func fiftyMegabyteSingleLine() throws {
        var line = Array("@article{a, author = {Doe, Jane and Roe, Richard}, title = {Huge ".utf8)
        line += [UInt8](repeating: UInt8(ascii: "x"), count: 50_000_000)
        line += Array("}} @article{b, author = {Poe, Edgar}, title = {Small}, year = 2020}".utf8)
        let path = try write("huge.bib", line)
        let (r, rows) = try papers([path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(rows.count == 3)  // header + 2 papers
        // The same line as a profile listing is rejected with its place, not split quadratically.
        let listing = try write("huge.txt", Array("OCApr 3, 2022\n".utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: 50_000_000) + Array("Jane Doe, Richard Roe\nAbstract.\nLGMay 1, 2020\nA TitleAda Lovelace, Charles Babbage\nAbs.\n".utf8))
        let (l, lrows) = try papers([listing, "--input-format", "listing"])
        #expect(l.status == 0)
        #expect(l.stderr.contains("huge.txt:2: error: record 1: title/byline line of"))
        #expect(lrows.count == 2)
    }

    @Test func hundredThousandNestedBraces() throws {
        let deep = String(repeating: "{", count: 100_000) + "x" + String(repeating: "}", count: 100_000)
        let accents = String(repeating: "\\'{", count: 100_000) + "e" + String(repeating: "}", count: 100_000)
        let bib = "@article{a, author = {Doe, Jane}, title = {\(deep)}}\n@article{b, author = {Roe, \(accents)}, title = {Accents}}\n@article{c, author = {Poe, Edgar}, title = {Fine}}\n"
        let (r, rows) = try papers([try write("deep.bib", Array(bib.utf8))])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(rows.count == 4)
        let json = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let j = try CoauthorBinary.run(["papers", try write("deep.json", Array(json.utf8)), "-o", dir + "/j.csv"])
        #expect(j.status == 1)
        #expect(j.stderr.contains("deep.json:1: error: JSON nested 100000 levels deep"))
    }

    @Test func bylineOfTenThousandAuthors() throws {
        let names = (0..<10_000).map { "Author\($0), Given\($0)" }.joined(separator: " and ")
        let bib = "@article{big, author = {\(names)}, title = {Everyone}, year = 2020}\n@article{small, author = {Doe, Jane and Roe, Richard}, title = {Two}, year = 2021}\n"
        let path = try write("big.bib", Array(bib.utf8))
        let r = try CoauthorBinary.run(["report", path, "--out", dir + "/big"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("authors             10002"))
        #expect(r.stdout.contains("left out of graph   1 paper(s) with too many authors"))
        #expect(r.stdout.contains("collaborations      1"))
    }

    @Test func entryWithAThousandFields() throws {
        let fields = (0..<1000).map { "field\($0) = {value \($0)}" }.joined(separator: ",\n")
        let bib = "@article{many, author = {Doe, Jane}, title = {Many fields},\n\(fields)}\n@article{next, author = {Roe, Richard}, title = {Next}}\n"
        let (r, rows) = try papers([try write("fields.bib", Array(bib.utf8))])
        #expect(r.status == 0)
        #expect(rows.count == 3)
    }

    @Test func invalidUTF8AndNULBytes() throws {
        var bytes = Array("@article{a, author = {M".utf8) + [0xFC] + Array("ller, Hans}, title = {Latin-1 in the middle}}\n".utf8)
        bytes += Array("@article{b, author = {Doe, Ja".utf8) + [0x00] + Array("ne}, title = {NUL\u{0}byte}}\n".utf8)
        let (r, rows, text) = try papersWithText([try write("bad.bib", bytes)])
        #expect(r.status == 0)
        #expect(r.stderr.contains("bad.bib:1: warning: not valid UTF-8; read as Windows-1252"))
        #expect(text.contains("Hans Müller"))
        #expect(!text.unicodeScalars.contains("\u{0}"))
        #expect(text.contains("Jane Doe"))
        #expect(r.stderr.contains("bad.bib:2: warning: 2 NUL bytes removed"))
        // Lines end in CR alone (old Mac files): counted as the readers count them.
        let cr = Array("@article{a, author = {Doe, Jane},\r title = {One}}\r\r@article{b, author = {Roe, Ri\u{0}chard}, title = {Two}}\r".utf8)
        let (c, crows) = try papers([try write("cr.bib", cr)])
        #expect(c.stderr.contains("cr.bib:4: warning: 1 NUL byte removed"), "\(c.stderr)")
        #expect(crows.count == 3)
        #expect(rows.count == 3)

        // JSON is UTF-8 by definition: a stray Latin-1 byte is reported and the records kept.
        // Valid UTF-8 around the bad bytes stays as it was.
        let json = Array("[{\"type\":\"article\",\"title\":\"Zoë\",\n\"author\":[{\"family\":\"M".utf8) + [0xFC] + Array(#"ller","given":"Hans"},{"family":"Åberg","given":"Zoë"}]},{"title":"Caf"#.utf8) + [0xE9] + Array(#"","author":[{"family":"Doe","given":"Jane"}]}]"#.utf8)
        let (j, jrows, jtext) = try papersWithText([try write("bad.json", json)])
        #expect(j.status == 0, "\(j.stderr)")
        #expect(j.stderr.contains("bad.json:2: warning: not valid UTF-8 (first here); such bytes were read as Windows-1252"), "\(j.stderr)")
        #expect(j.stderr.components(separatedBy: "not valid UTF-8").count == 2)  // once per file
        #expect(jrows.count == 3)
        #expect(jtext.contains("Hans Müller; Zoë Åberg") && jtext.contains("Café"), "\(jtext)")

        // XML: a byte that is not UTF-8 in an undeclared (so UTF-8) document is reported once, with its line.
        let xml = Array("<?xml version=\"1.0\"?>\n<dblp>\n<article key=\"a\"><author>Hans M".utf8) + [0xFC] + Array("ller</author><title>One.</title><year>2020</year></article>\n<article key=\"b\"><author>Jane Doe</author><title>Two.</title><year>2021</year></article>\n</dblp>\n".utf8)
        let (x, xrows, xtext) = try papersWithText([try write("bad.xml", xml), "--input-format", "dblp"])
        #expect(x.status == 0, "\(x.stderr)")
        #expect(x.stderr.contains("bad.xml:3: warning: not valid UTF-8"))
        #expect(xrows.count == 3)
        #expect(xtext.contains("Hans Müller"))
        // Declared Latin-1: read as such, without a warning.
        let latin = Array("<?xml version=\"1.0\" encoding = \"ISO-8859-1\"?>\n<dblp>\n<article key=\"a\"><author>Hans M".utf8) + [0xFC] + Array("ller</author><title>One.</title><year>2020</year></article>\n</dblp>\n".utf8)
        let (l, _) = try papers([try write("latin.xml", latin), "--input-format", "dblp"])
        #expect(l.status == 0 && !l.stderr.contains("UTF-8"), "\(l.stderr)")
    }

    @Test func truncatedGzip() throws {
        let full = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("bibtex/plume-bib/ernst.bib")))
        let gz = dir + "/t.bib.gz"
        try full.write(to: URL(fileURLWithPath: dir + "/t.bib"))
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/gzip")
        p.arguments = ["-k", dir + "/t.bib"]
        try p.run(); p.waitUntilExit()
        let z = try Data(contentsOf: URL(fileURLWithPath: gz))
        let cut = try write("cut.bib.gz", Array(z.prefix(z.count / 2)))
        let (r, rows) = try papers([cut])
        #expect(r.status == 0)
        // The line where the text breaks off, from gzip's own partial output (LF line ends).
        let gunzip = Process()
        gunzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gunzip.arguments = ["-dc", cut]
        let pipe = Pipe()
        gunzip.standardOutput = pipe
        gunzip.standardError = FileHandle.nullDevice
        try gunzip.run()
        let partial = pipe.fileHandleForReading.readDataToEndOfFile()
        gunzip.waitUntilExit()
        let breakLine = partial.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } + 1
        #expect(breakLine > 100)
        #expect(r.stderr.contains("cut.bib.gz:\(breakLine): error: the gzip stream ends early"), "\(r.stderr)")
        #expect(r.stderr.contains("records kept; the text breaks off on this line"))
        #expect(rows.count > 50 && rows.count < 316)
    }

    @Test func emptyDirectoryAndUnreadableInputs() throws {
        let empty = try write("empty.bib", [])
        let e = try CoauthorBinary.run(["papers", empty])
        #expect(e.status == 1 && e.stderr.contains("no records"))
        let d = try CoauthorBinary.run(["papers", dir])
        #expect(d.status == 1 && d.stderr.contains("\(dir): error: is a directory"))
        let u = try CoauthorBinary.run(["papers", "/proc/self/mem", "--input-format", "bibtex"])
        #expect(u.status == 1 && u.stderr.contains("/proc/self/mem: error: read failed"))
        // One bad input among good ones: the good ones are still read.
        let both = try CoauthorBinary.run(["papers", dir + "/nope.bib", Fixtures.path("bibtex/pybtex/xampl.bib"), "-o", dir + "/x.csv"])
        #expect(both.status == 0 && both.stderr.contains("nope.bib: error: cannot open"))
        // Output paths that cannot be written are refused before any input is read.
        let xampl = Fixtures.path("bibtex/pybtex/xampl.bib")
        let toDir = try CoauthorBinary.run(["papers", xampl, "-o", dir])
        #expect(toDir.status == 64 && toDir.stderr.contains("-o \(dir) is a directory"), "\(toDir.stderr)")
        let underFile = try CoauthorBinary.run(["centrality", xampl, "-o", dir + "/x.csv/inner.csv"])
        #expect(underFile.status == 64 && underFile.stderr.contains("x.csv is not a directory"), "\(underFile.stderr)")
        let log = try CoauthorBinary.run(["papers", xampl, "--merge-log", dir])
        #expect(log.status == 64 && log.stderr.contains("--merge-log \(dir) is a directory"))
    }
}

@Suite struct DeterminismTests {
    /// Homonyms told apart by identifiers, an id-only Scopus record, and duplicates linked through a
    /// DOI and then a title: every order of the files gives the same papers and persons.
    @Test func identifiersAndChainedDuplicatesDoNotDependOnOrder() throws {
        let dir = try Fixtures.temporaryDirectory()
        try #"[{"id": "a1", "title": "Alpha", "DOI": "10.1/x", "issued": {"date-parts": [[2020]]}, "author": [{"family": "Wang", "given": "Wei", "ORCID": "0000-0001-0000-0001"}, {"family": "Smith", "given": "Alice"}]}]"#
            .write(toFile: dir + "/a.json", atomically: true, encoding: .utf8)
        try #"[{"id": "c1", "title": "Gamma", "issued": {"date-parts": [[2021]]}, "author": [{"family": "Wang", "given": "Wei", "ORCID": "0000-0002-0000-0002"}, {"family": "Jones", "given": "Bob"}]}]"#
            .write(toFile: dir + "/c.json", atomically: true, encoding: .utf8)
        try "Authors,Author(s) ID,Title,Year\n\"Wang W., Lee C.\",\"111;222;\",Delta,2022\n".write(toFile: dir + "/b.csv", atomically: true, encoding: .utf8)
        try "@article{b1, author = {Jones, Bob}, title = {Beta}, doi = {10.1/x}, year = 2020}\n".write(toFile: dir + "/fb.bib", atomically: true, encoding: .utf8)
        try "@article{c9, author = {Jones, Bob}, title = {Beta}, year = 2020}\n".write(toFile: dir + "/fc.bib", atomically: true, encoding: .utf8)
        let files = ["a.json", "b.csv", "c.json", "fb.bib", "fc.bib"].map { dir + "/" + $0 }
        var results: [[String]] = []
        for order in [files, files.reversed(), [files[2], files[0], files[4], files[1], files[3]]] {
            let p = try CoauthorBinary.run(["papers"] + order + ["--no-abstract"])
            let a = try CoauthorBinary.run(["authors"] + order)
            let c = try CoauthorBinary.run(["collaborations"] + order)
            #expect(p.status == 0 && a.status == 0 && c.status == 0)
            results.append([p.stdout, a.stdout, c.stdout])
        }
        for r in results.dropFirst() { #expect(r == results[0]) }
        // Alpha and Beta share a DOI; Beta's second record matches by title, year and author: one paper.
        #expect(results[0][0].split(separator: "\n").count == 1 + 3)
    }

    /// The same inputs in another order, or run twice, give byte-identical CSV, DOT and JSON.
    @Test func inputOrderDoesNotChangeOutputs() throws {
        let inputs = [Fixtures.path("bibtex/plume-bib/ernst.bib"), Fixtures.path("bibtex/plume-bib/invariants.bib"), Fixtures.path("ris/asreview/_baseline.ris")]
        let dir = try Fixtures.temporaryDirectory()
        var outputs: [[Data]] = []
        for (k, order) in [inputs, inputs.reversed(), [inputs[1], inputs[2], inputs[0]], inputs].enumerated() {
            let out = dir + "/r\(k)"
            let r = try CoauthorBinary.run(["report"] + order + ["--out", out, "--reference-year", "2026"])
            #expect(r.status == 0)
            let e = try CoauthorBinary.run(["export"] + order + ["--to", "json", "-o", out + "/network.json"])
            #expect(e.status == 0)
            let m = try CoauthorBinary.run(["papers"] + order + ["-o", out + "/p.csv", "--merge-log", out + "/merges.csv"])
            #expect(m.status == 0)
            outputs.append(try ["papers.csv", "authors.csv", "collaborations.csv", "network.dot", "network.json", "merges.csv"].map {
                try Data(contentsOf: URL(fileURLWithPath: out + "/" + $0))
            })
        }
        for o in outputs.dropFirst() { #expect(o == outputs[0]) }
    }
}
