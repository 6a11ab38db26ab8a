import CSV
import Foundation
import Testing
import TestSupport

@testable import Bibliography

/// The byte-level CSV row reader, against CSV.swift (an independent parser) and against rules.
@Suite struct CSVRowsTests {
    struct Row: Equatable, CustomStringConvertible {
        var fields: [String]
        var line: Int
        var openQuote: Int?
        var description: String { "\(fields) @\(line) open \(openQuote.map(String.init) ?? "-")" }
    }

    static func rows(_ bytes: [UInt8], delimiter: UInt8 = 0x2C) throws -> [Row] {
        var r = CSVRows(TextInput(try InputSource(name: "t.csv", bytes: bytes)), delimiter: delimiter)
        var out: [Row] = []
        while try r.next() {
            out.append(Row(fields: (0..<r.count).map { r.field($0).text }, line: r.rowLine, openQuote: r.unterminatedQuoteLine))
        }
        return out
    }

    static func rows(_ text: String, delimiter: UInt8 = 0x2C) throws -> [Row] { try rows(Array(text.utf8), delimiter: delimiter) }

    @Test func quotesDelimitersAndLineBreaks() throws {
        let got = try Self.rows("a,\"b,c\",\"d\"\"e\"\r\n\"multi\nline\",x\ry\n\n\"ab\"c,d\"e\n,\n\"\"")
        #expect(got == [
            Row(fields: ["a", "b,c", "d\"e"], line: 1),
            Row(fields: ["multi\nline", "x"], line: 2),  // a lone CR ends a row
            Row(fields: ["y"], line: 4),
            Row(fields: [""], line: 5),  // a blank line is one empty field
            Row(fields: ["abc", "d\"e"], line: 6),  // text after a closing quote is kept; a quote inside an unquoted field is text
            Row(fields: ["", ""], line: 7),
            Row(fields: [""], line: 8),  // the last row needs no line break
        ])
        // A CRLF inside a quoted field is one line break; rows after it are numbered by physical line.
        let crlf = try Self.rows("\"a\r\nb\r\nc\",d\r\ne,f\r\n")
        #expect(crlf == [Row(fields: ["a\r\nb\r\nc", "d"], line: 1), Row(fields: ["e", "f"], line: 4)])
        #expect(try Self.rows("") == [])
        #expect(try Self.rows("x\ty\n", delimiter: 0x09) == [Row(fields: ["x", "y"], line: 1)])
    }

    @Test func aQuoteNeverClosedRunsToTheEndAndSaysWhereItOpened() throws {
        let got = try Self.rows("a,b\nc,\"open\nd,e\n")
        #expect(got == [Row(fields: ["a", "b"], line: 1), Row(fields: ["c", "open\nd,e\n"], line: 2, openQuote: 2)])
        // A closing quote that is the file's last byte closes the field.
        #expect(try Self.rows("\"x\"\"\"") == [Row(fields: ["x\""], line: 1)])
        // Through the table reader: a warning naming the line and row; the rows before are read.
        let (records, log) = try readBytes(CSVTableReader(), "q.csv", Array("Authors,Title\nAda Lovelace,Notes\n\"Charles Babbage,Engines\nAda Lovelace,Other\n".utf8))
        #expect(records.count == 2 && records[0].title == "Notes")
        #expect(log.entries.contains { $0.line == 3 && $0.record == "row 2" && $0.message.contains("quoted field never closed") }, "\(log.entries)")
        // A quote opened on a row of its own, on the last line: a blank row, still reported.
        let blank = try readBytes(CSVTableReader(), "b.csv", Array("Authors,Title\nAda Lovelace,Notes\n\"".utf8)).log
        #expect(blank.entries.map(\.line) == [3] && blank.entries.allSatisfy { $0.message.contains("never closed") }, "\(blank.entries)")
    }

    @Test func fieldsThatAreNotUTF8AreReadAsWindows1252() throws {
        var r = CSVRows(TextInput(try InputSource(name: "t.csv", bytes: Array("M".utf8) + [0xFC, 0x6C, 0x6C, 0x65, 0x72] + Array(",Zoë\n".utf8))), delimiter: 0x2C)
        #expect(try r.next())
        #expect(r.field(0) == ("Müller", true))
        #expect(r.field(1) == ("Zoë", false))
    }

    /// Random well-formed CSV of about 400 KB (rows and quoted fields cross the reader's 64 KiB
    /// chunks), read by CSV.swift and by ``CSVRows``.
    @Test func agreesWithCSVSwiftAcrossChunks() throws {
        var rng = SeededRandom(seed: 20261129)
        let pieces = ["a", "Smith", " ", ",", "\"", "\n", "\r\n", "é", "漢字", "x y", ";", "\t", "''"]
        var text = ""
        var expectedRows = 0
        while text.utf8.count < 400_000 {
            let count = 1 + Int(rng.next() % 6)
            var fields: [String] = []
            for _ in 0..<count {
                var f = ""
                for _ in 0..<Int(rng.next() % (rng.next() % 50 == 0 ? 20_000 : 8)) { f += pieces[Int(rng.next() % UInt64(pieces.count))] }
                let needsQuotes = f.contains(",") || f.contains("\"") || f.contains("\n") || f.contains("\r")
                fields.append(needsQuotes || rng.next() % 5 == 0 ? "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : f)
            }
            text += fields.joined(separator: ",") + (rng.next() % 2 == 0 ? "\n" : "\r\n")
            expectedRows += 1
        }
        let reference = try CSVReader(string: text, hasHeaderRow: false)
        var want: [[String]] = []
        while let row = reference.next() { want.append(row) }
        let got = try Self.rows(text)
        #expect(got.count == expectedRows && want.count == expectedRows)
        #expect(got.map(\.fields) == want)
        // Physical lines: each row starts one line after the previous row's line breaks (a CRLF
        // inside a field is one).
        var lines: [Int] = []
        var line = 1
        for fields in want {
            lines.append(line)
            line += 1 + fields.reduce(0) { n, f in n + f.utf8.count { $0 == 0x0A } }
        }
        #expect(got.map(\.line) == lines)
    }

    @Test func byteTrimmingAndSplittingMatchFoundation() {
        let texts = ["", " ", "\t a b \t", "a", " Smith, J. ", "\u{00A0}Zoë\u{00A0}", " \u{2003}x", "x\u{3000} ", "\n a \r\n", "é ", " 漢字",
                     "a and b", "and", " and ", "a, b, c", ", ", "Lovelace, Ada; Babbage, Charles;", "a;;b", "x and y and z"]
        for t in texts {
            #expect(t.trimmingHorizontalWhitespace() == t.trimmingCharacters(in: .whitespaces), "\(t)")
            #expect(t.dropFirst(0).trimmingHorizontalWhitespace() == t.trimmingCharacters(in: .whitespaces), "\(t)")
            #expect(t.trimmedCell() == t.trimmingCharacters(in: .whitespacesAndNewlines), "\(t)")
            for sep in [", ", " and ", ";"] {
                #expect(t.pieces(separatedBy: sep) == t.components(separatedBy: sep), "\(t) \(sep)")
                #expect(t.contains(bytesOf: sep) == t.contains(sep), "\(t) \(sep)")
            }
        }
    }

    @Test func orderedBatchesKeepTheOrder() {
        for (count, batchSize) in [(0, 4), (3, 4), (4, 4), (1000, 7), (5000, 2048)] {
            var batches = _OrderedBatches<Int, String>(batchSize: batchSize) { String($0 * 3) }
            var out: [String] = []
            for i in 0..<count { batches.add(i) { out.append($0) } }
            batches.finish { out.append($0) }
            #expect(out == (0..<count).map { String($0 * 3) }, "\(count) in batches of \(batchSize)")
        }
    }

    /// A table of 5,000 rows (more than two batches) with blank rows, short and long rows and cells
    /// that are not UTF-8: records and diagnostics come out in row order, as one thread gives them.
    @Test func largeTablesKeepRowOrderAndDiagnostics() throws {
        var bytes = Array("Authors,Title,Year\n".utf8)
        var wantLines: [Int] = [], wantWarnings: [Int] = []
        var line = 2
        for i in 0..<5000 {
            if i % 997 == 0 { bytes += Array("\n".utf8); line += 1 }  // a blank row
            if i % 1000 == 500 {
                bytes += Array("\"Ada Lovelace; Charles Babbage\",\"Notes \(i)\nover two lines\",1843,extra\n".utf8)
                wantWarnings.append(line)
                wantLines.append(line)
                line += 2
                continue
            }
            if i == 2600 {
                bytes += Array("M".utf8) + [0xFC] + Array("ller Ann,Caf".utf8) + [0xE9] + Array(",2001\n".utf8)
                wantWarnings.append(line)  // read as Windows-1252, reported once
            } else {
                bytes += Array("Author \(i % 50) Smith,Paper \(i),\(1990 + i % 30)\n".utf8)
            }
            wantLines.append(line)
            line += 1
        }
        let (records, log) = try readBytes(CSVTableReader(), "big.csv", bytes)
        #expect(records.map(\.source.line) == wantLines)
        #expect(records[2600].authors.map(\.name.written) == ["Müller Ann"] && records[2600].title == "Café", "\(records[2600].authors.map(\.name.written)) \(records[2600].title)")
        #expect(records[500].title == "Notes 500 over two lines" && records[500].authors.count == 2)
        #expect(log.entries.compactMap(\.line) == wantWarnings, "\(log.entries.map(\.message))")
        #expect(records.allSatisfy { $0.mergeKeys != nil })
    }
}
