import AuthorNames
import Foundation
import Testing
import TestSupport

@testable import Bibliography

/// The BibTeX reader finds entries on one thread and parses them on others, in batches; these
/// tests read files of several batches and check that macros, crossrefs, diagnostics and record
/// order come out as a one-thread read in file order gives them.
@Suite struct BibTeXBatchTests {
    func read(_ bytes: [UInt8]) throws -> ([PaperRecord], DiagnosticLog) {
        let dir = try Fixtures.temporaryDirectory()
        let path = dir + "/batches.bib"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let log = DiagnosticLog()
        var out: [PaperRecord] = []
        try BibTeXReader().read(TextInput(try InputSource(path: path)), options: ReaderOptions(referenceYear: 2026), log: log) { out.append($0) }
        return (out, log)
    }

    /// A file of `n` entries over several batches, with a macro redefined halfway, crossrefs both ways,
    /// entries without keys, a repeated field, a broken entry and one Latin-1 abstract. Returns the
    /// bytes and the line of each numbered entry.
    func corpus(_ n: Int) -> (bytes: [UInt8], lineOf: [Int: Int], broken: Int, latin1: Int) {
        var text: [UInt8] = []
        var line = 1
        var lineOf: [Int: Int] = [:]
        func add(_ s: String) {
            text.append(contentsOf: s.utf8)
            line += s.utf8.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        }
        let broken = n / 2 + 3, latin1 = 2 * n / 3
        add("@string{pub = \"Early Press\"}\n")
        add("@proceedings{proc-early, title = {Early Proceedings}, year = 1999, editor = {Ed Early}}\n")
        for i in 0..<n {
            if i == n / 2 { add("@string{pub = \"Late Press\"}\n") }
            lineOf[i] = line
            let key = i % 500 == 499 ? "" : "k\(i),"
            if i == broken {
                add("@article{\(key)\n  title = {Broken {entry},\n  author = {Nobody, N.}\n")
                continue
            }
            if i == 10 || i == n - 10 {
                add("@inproceedings{\(key)\n  title = {Paper \(i)},\n  author = {Author\(i % 97), A.},\n  crossref = {\(i == 10 ? "proc-late" : "proc-early")}\n}\n")
                continue
            }
            let repeated = i == 7 ? "  Title = {Again},\n  Publisher = {X}, publisher = {Y},\n" : ""
            add("@article{\(key)\n  title = {Paper \(i)},\n\(repeated)  author = {Author\(i % 97), A. and Other\(i % 89), B.},\n  journal = pub,\n  year = \(1990 + i % 30)\n}\n")
            if i == latin1 {
                text.removeLast(2)  // the closing "}\n"
                text.append(contentsOf: Array("  abstract = {caf".utf8) + [0xE9] + Array("}\n}\n".utf8))
                line += 1
            }
        }
        add("@proceedings{proc-late, title = {Late Proceedings}, year = 2024, editor = {Ed Late}}\n")
        return (text, lineOf, broken, latin1)
    }

    @Test func manyBatchesReadAsOneThreadWould() throws {
        let n = 3 * BibTeXReader.batchSize + 17
        let (bytes, lineOf, broken, latin1) = corpus(n)
        let (records, log) = try read(bytes)
        // Every entry but the broken one; the proceedings too.
        #expect(records.count == n - 1 + 2)
        // File order, except the entry whose crossref target comes later: it is emitted at the end.
        let titles = records.map(\.title)
        #expect(titles.first == "Early Proceedings")
        #expect(titles.last == "Paper 10")
        let numbered = titles.compactMap { $0.hasPrefix("Paper ") ? Int($0.dropFirst(6)) : nil }
        #expect(numbered.dropLast() == numbered.dropLast().sorted())
        // Macros: each entry sees the definition before it.
        let byTitle = Dictionary(records.map { ($0.title, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(byTitle["Paper 0"]?.venue == "Early Press")
        #expect(byTitle["Paper \(n / 2 - 1)"]?.venue == "Early Press")
        #expect(byTitle["Paper \(n / 2)"]?.venue == "Late Press")
        #expect(byTitle["Paper \(n - 1)"]?.venue == "Late Press")
        // Crossrefs both ways.
        #expect(byTitle["Paper 10"]?.date?.year == 2024)
        #expect(byTitle["Paper 10"]?.venue == "Late Proceedings")
        #expect(byTitle["Paper \(n - 10)"]?.date?.year == 1999)
        #expect(byTitle["Paper \(n - 10)"]?.venue == "Early Proceedings")
        // Names and the first value of a repeated field.
        #expect(byTitle["Paper 7"]?.authors.map(\.name.family) == ["Author7", "Other7"])
        #expect(byTitle["Paper \(latin1)"]?.abstract == "café")
        // Diagnostics in file order, each at its entry.
        let lines = log.entries.compactMap(\.line)
        #expect(lines == lines.sorted(), "\(log.entries.map(\.description).prefix(20))")
        let noKey = log.entries.filter { $0.message == "entry has no key" }
        let keyless: [Int?] = (0..<n).filter { $0 % 500 == 499 }.map { lineOf[$0] }
        let noKeyLines: [Int?] = noKey.map(\.line)
        #expect(noKeyLines == keyless)
        let twice = log.entries.filter { $0.message.contains("appears twice") }
        let expectedTwice = ["field \"title\" appears twice; the first value is kept", "field \"publisher\" appears twice; the first value is kept"]
        #expect(twice.map(\.message) == expectedTwice)
        #expect(twice.allSatisfy { $0.record == "k7" })
        let errors = log.entries.filter { $0.severity == .error }
        #expect(errors.count == 1)
        #expect(errors.first?.line == lineOf[broken])
        let encoding = log.entries.filter { $0.message.hasPrefix("not valid UTF-8") }
        #expect(encoding.count == 1)
        #expect(encoding.first?.line == lineOf[latin1])  // reported at the entry
    }

    @Test func theSameFileReadsTheSameEveryTime() throws {
        let (bytes, _, _, _) = corpus(2 * BibTeXReader.batchSize + 5)
        let (a, logA) = try read(bytes)
        let (b, logB) = try read(bytes)
        #expect(a.map(\.title) == b.map(\.title))
        #expect(a.map { $0.authors.map(\.name.display) } == b.map { $0.authors.map(\.name.display) })
        #expect(logA.entries.map { "\($0.line ?? 0) \($0.message)" } == logB.entries.map { "\($0.line ?? 0) \($0.message)" })
        #expect(logA.entries.count > 5)
    }

    @Test func fieldNamesAreMatchedWithoutCase() throws {
        let (records, log) = try read(Array("""
            @ARTICLE{x, AUTHOR = {Lovelace, Ada}, TiTlE = {Notes}, YEAR = 1843, Journal = {Taylor's}, DOI = {10.1/X},
              Author+An:Orcid = {1="0000-0002-1825-0097"}}
            """.utf8))
        #expect(log.entries.isEmpty, "\(log.entries)")
        let r = try #require(records.first)
        #expect(r.title == "Notes")
        #expect(r.authors.first?.name.family == "Lovelace")
        #expect(r.authors.first?.identifiers.first?.value == "0000-0002-1825-0097")
        #expect(r.date?.year == 1843)
        #expect(r.venue == "Taylor's")
        #expect(r.doi == "10.1/x")
        for (name, field) in [("tItLe", _Field.title), ("DOI", .doi), ("author+AN:ORCID", .authorORCID), ("pages", .pages)] {
            #expect(Array(name.utf8).withUnsafeBufferPointer { _Field.named($0) } == field, "\(name)")
        }
        for name in ["titles", "tit", "publisher", "", "author+an:orcidx"] {
            #expect(Array(name.utf8).withUnsafeBufferPointer { _Field.named($0) } == nil, "\(name)")
        }
    }
}

/// The check that lets a title through uncollapsed reads eight bytes at a time: against the byte
/// loop it stands for, on text made of spaces, other white space and words of every length.
@Suite struct CollapsedCheckTests {
    @Test func matchesTheByteLoop() {
        var g = SeededRandom(seed: 17)
        let pieces = ["a", "bc", "defghij", " ", "  ", "\t", "\n", "\r", "é", "\u{00A0}", "—", "x y"]
        var collapsed = 0
        for _ in 0..<20_000 {
            let t = (0..<Int(g.next() % 30)).map { _ in pieces[Int(g.next() % UInt64(pieces.count))] }.joined()
            let want = String._isCollapsedByBytes(t)
            #expect(String.isCollapsed(t) == want, "\(t.debugDescription)")
            if want { collapsed += 1 }
        }
        #expect(collapsed > 500 && collapsed < 19_000)
    }
}
