import CSV
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

@testable import Rendering
import TestSupport

@Suite struct TableWriterTests {
    @Test func csvQuotesAndRoundTrips() throws {
        let w = TableWriter(format: .csv, columns: ["name", "note"])
        let nasty = ["a,b", "say \"hi\"", "line\nbreak", "plain", "=SUM(A1)", "-3", "@x", "ümlaut"]
        for n in nasty { w.row([.text(n), .int(1)]) }
        let text = String(decoding: w.finish(), as: UTF8.self)
        let reader = try CSVReader(string: text, hasHeaderRow: true)
        var back: [String] = []
        while let row = reader.next() { back.append(row[0]) }
        #expect(back == ["a,b", "say \"hi\"", "line\nbreak", "plain", "'=SUM(A1)", "'-3", "'@x", "ümlaut"])
        #expect(text.hasSuffix("\n"))
    }

    /// A comma or quote followed by a combining mark is one Character in Swift; CSV.swift's writer
    /// missed it and wrote an unquoted comma (an extra column, seen in plume-bib's crossrefs-abbrev.bib).
    @Test func combiningMarkAfterCommaOrQuoteIsQuoted() throws {
        let w = TableWriter(format: .csv, columns: ["a", "b"])
        w.row([.text("Onward!,\u{308} booktitle ="), .text("say \"\u{301}hi")])
        let text = String(decoding: w.finish(), as: UTF8.self)
        #expect(text == "a,b\n\"Onward!,\u{308} booktitle =\",\"say \"\"\u{301}hi\"\n")
        let reader = try CSVReader(string: text, hasHeaderRow: true)
        let row = try #require(reader.next())
        #expect(row.count == 2)
        #expect(row[0].unicodeScalars.elementsEqual("Onward!,\u{308} booktitle =".unicodeScalars))
    }

    @Test func rawCSVAndBOM() {
        let w = TableWriter(format: .csv, columns: ["x"], options: CSVOptions(neutralizeFormulas: false, byteOrderMark: true))
        w.row([.text("=1+1")])
        let b = w.finish()
        #expect(Array(b.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(String(decoding: b.dropFirst(3), as: UTF8.self) == "x\n=1+1\n")
    }

    @Test func numbersAreNotNeutralized() {
        let w = TableWriter(format: .csv, columns: ["x", "y"])
        w.row([.int(-3), .double(-0.5)])
        #expect(String(decoding: w.finish(), as: UTF8.self) == "x,y\n-3,-0.5\n")
    }

    @Test func tsvAndJSONL() {
        let t = TableWriter(format: .tsv, columns: ["a", "b"])
        t.row([.text("x\ty"), .double(0.25)])
        #expect(String(decoding: t.finish(), as: UTF8.self) == "a\tb\nx y\t0.25\n")
        let j = TableWriter(format: .jsonl, columns: ["a", "b", "c", "d"])
        j.row([.text("q\"<"), .int(3), .bool(true), .empty])
        #expect(String(decoding: j.finish(), as: UTF8.self) == "{\"a\":\"q\\\"\\u003c\",\"b\":3,\"c\":true,\"d\":null}\n")
    }
}

@Suite struct DOTTests {
    @Test func quotingNeutralizesHostileNames() {
        #expect(DOT.quote("a\"b") == "\"a\\\"b\"")
        #expect(DOT.quote("back\\slash") == "\"back&#92;&#92;slash\"")
        #expect(DOT.quote("back\\slash", tooltip: true) == "\"back&#92;slash\"")
        #expect(DOT.quote("a & b") == "\"a &amp; b\"")
        #expect(DOT.quote("two\nlines") == "\"two\\nlines\"")
        #expect(DOT.quote("nul\u{0}bell\u{7}") == "\"nulbell\"")
        #expect(!DOT.isSafeURL("javascript:alert(1)"))
        #expect(!DOT.isSafeURL("https://x.org/\"onmouseover=alert(1)"))
        #expect(DOT.isSafeURL("https://doi.org/10.1000/182"))
    }

    @Test func hostileDrawingRendersAndEscapes() throws {
        var d = Drawing()
        let names = ["Robert\"; drop", "<script>alert(1)</script>", "back\\slash \\N", "new\nline", "O'Brien & Co"]
        for (i, n) in names.enumerated() {
            var node = DrawNode(id: i, label: n, size: 0.3, fill: "#56B4E9")
            node.url = i == 0 ? "javascript:alert(1)" : "https://example.org/\(i)"
            d.nodes.append(node)
        }
        d.edges = [DrawEdge(u: 0, v: 1, width: 1), DrawEdge(u: 1, v: 2, width: 2)]
        d.title = "Title with \"quotes\""
        let dot = DOT.write(d)
        #expect(!dot.contains("javascript"))
        let svg = String(decoding: try GraphvizRenderer.render(dot: dot, layout: "neato", format: .svg), as: UTF8.self)
        #expect(!svg.contains("<script>"))
        #expect(svg.contains("&lt;script&gt;"))
        #expect(!svg.contains("javascript"))
        // The SVG parses as XML.
        let parser = XMLParser(data: Data(svg.utf8))
        #expect(parser.parse())
    }

    /// Graphviz expands \N, \E, \G, \L in labels and tooltips; a title or name that holds them
    /// must come out as text, and an "&" in a link must not break the SVG.
    @Test func backslashEscapesAndAmpersandsStayText() throws {
        var d = Drawing()
        var a = DrawNode(id: 0, label: "Back\\N Slash", size: 0.3, fill: "#56B4E9")
        a.tooltip = "T\\N\\E \\G title & more"
        a.url = "https://example.org/view?id=1&lang=en"
        d.nodes = [a, DrawNode(id: 1, label: "Other", size: 0.3, fill: "#56B4E9")]
        var e = DrawEdge(u: 0, v: 1, width: 1)
        e.tooltip = "edge \\E here"
        d.edges = [e]
        let svg = String(decoding: try GraphvizRenderer.render(dot: DOT.write(d), layout: "neato", format: .svg), as: UTF8.self)
        #expect(XMLParser(data: Data(svg.utf8)).parse(), "the SVG is well-formed")
        #expect(svg.contains("href=\"https://example.org/view?id=1&amp;lang=en\""))
        #expect(svg.contains(">Back\\N Slash<"), "the label keeps its backslash")
        // No node or edge name was substituted (n0, n1, n0--n1 or the graph's name).
        #expect(!svg.contains("Tn0") && !svg.contains("n0&#45;&#45;n1 here") && !svg.contains("edge n0"))
        #expect(svg.contains("TNE G title &amp; more"))
    }

    @Test func graphvizErrorsAreReturnedAndDoNotPoisonLaterCalls() throws {
        // A syntax error: Graphviz's own message comes back (captured, not printed).
        do {
            _ = try GraphvizRenderer.render(dot: "graph { a -- ", layout: "neato", format: .svg)
            Issue.record("no error for a broken DOT text")
        } catch let e as GraphvizError {
            #expect(e.message.contains("syntax error"), "\(e.message)")
        }
        #expect(throws: GraphvizError.self) { try GraphvizRenderer.render(dot: "graph { a }", layout: "nonsense", format: .svg) }
        let ok = try GraphvizRenderer.render(dot: "graph { a -- b }", layout: "dot", format: .svg)
        #expect(String(decoding: ok, as: UTF8.self).contains("<svg"))
        let png = try GraphvizRenderer.render(dot: "graph { a -- b }", layout: "dot", format: .png)
        #expect(Array(png.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
        let pdf = try GraphvizRenderer.render(dot: "graph { a -- b }", layout: "dot", format: .pdf)
        #expect(String(decoding: pdf.prefix(5), as: UTF8.self) == "%PDF-")
    }
}

@Suite struct AtomicFileTests {
    @Test func failedWriteLeavesTheOldFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)").path
        try AtomicFile.ensureDirectory(dir)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/out.csv"
        try AtomicFile.write("old", to: path)
        try AtomicFile.write("new", to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new")
        // A target inside a path whose parent is a file cannot be written; nothing changes.
        #expect(throws: OutputError.self) { try AtomicFile.write("x", to: path + "/inner.csv") }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new")
        // The rename itself fails (the target is a non-empty directory): an error, the directory
        // untouched, no temporary file left behind.
        let target = dir + "/taken"
        try AtomicFile.ensureDirectory(target)
        try AtomicFile.write("keep", to: target + "/inside.txt")
        #expect(throws: OutputError.self) { try AtomicFile.write("x", to: target) }
        #expect(try String(contentsOfFile: target + "/inside.txt", encoding: .utf8) == "keep")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
    }

    @Test func permissionsAndLinksAreKept() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)").path
        try AtomicFile.ensureDirectory(dir)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/private.csv"
        try AtomicFile.write("old", to: path)
        #expect(chmod(path, 0o600) == 0)
        try AtomicFile.write("new", to: path)
        let attrs = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attrs[.posixPermissions] as? Int) == 0o600)
        // Through a symbolic link: the file it names gets the new content, the link stays a link.
        let link = dir + "/link.csv"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: path)
        try AtomicFile.write("linked", to: link)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "linked")
        #expect((try FileManager.default.attributesOfItem(atPath: link)[.type] as? FileAttributeType) == .typeSymbolicLink)
        // A dangling link (relative target): the target is created, the link stays.
        let dangling = dir + "/dangling.csv"
        try FileManager.default.createSymbolicLink(atPath: dangling, withDestinationPath: "sub/target.csv")
        try AtomicFile.write("made", to: dangling)
        #expect(try String(contentsOfFile: dir + "/sub/target.csv", encoding: .utf8) == "made")
        #expect((try FileManager.default.attributesOfItem(atPath: dangling)[.type] as? FileAttributeType) == .typeSymbolicLink)
    }
}

@Suite struct TableRowsTests {
    /// Random cells: text with the bytes that quoting, cleaning and formula neutralizing act on,
    /// numbers, booleans and empty cells.
    static func table(rows: Int, columns: Int, seed: UInt64) -> [[Cell]] {
        var rng = SeededRandom(seed: seed)
        let pieces = ["a", "Zoë", ",", "\"", "\n", "\r", "\t", "=", "-", "@", "+", "\u{0}", "\u{7F}", "\u{308}", " ", "<&>", "\\", "0.5"]
        return (0..<rows).map { _ in
            (0..<columns).map { _ in
                switch Int.random(in: 0..<6, using: &rng) {
                case 0: .int(Int.random(in: -1_000_000...1_000_000, using: &rng))
                case 1: .double(Double(Int.random(in: -999...999, using: &rng)) / 8)
                case 2: .bool(Bool.random(using: &rng))
                case 3: .empty
                default: .text((0..<Int.random(in: 0...6, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined())
                }
            }
        }
    }

    /// Rows made in runs at once are the bytes of the same rows appended one by one, in every
    /// format and with every CSV option, for tables shorter and longer than the runs.
    @Test(arguments: TableFormat.allCases)
    func rowsInRunsMatchRowByRow(format: TableFormat) {
        let columns = ["a", "b", "c", "d"]
        for (count, runs) in [(0, 3), (1, 3), (2, 5), (10, 4), (1_000, 7), (4_099, 8)] {
            let cells = Self.table(rows: count, columns: columns.count, seed: UInt64(count * 31 + runs))
            for options in [CSVOptions(), CSVOptions(neutralizeFormulas: false, byteOrderMark: true)] {
                let one = TableWriter(format: format, columns: columns, options: options)
                for r in cells { one.row(r) }
                let many = TableWriter(format: format, columns: columns, options: options)
                many.rows(count, runs: runs) { cells[$0] }
                #expect(many.finish() == one.finish(), "\(format), \(count) rows in \(runs) runs")
            }
        }
        // The public entry point chooses its runs (several for a long table on a machine with two cores).
        let long = Self.table(rows: TableWriter.parallelRows * 2 + 3, columns: columns.count, seed: 7)
        let one = TableWriter(format: format, columns: columns)
        for r in long { one.row(r) }
        let many = TableWriter(format: format, columns: columns)
        many.rows(long.count) { long[$0] }
        #expect(many.finish() == one.finish())
    }
}
