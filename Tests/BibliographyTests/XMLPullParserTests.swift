import Foundation
import Testing
import TestSupport

@testable import Bibliography

/// The pull parser reads spans of its buffer at a time: events and line numbers must not depend on
/// where the input's 64 KiB chunks fall.
@Suite struct XMLPullParserTests {
    static func events(_ text: String) throws -> [String] {
        var p = XMLPullParser(input: TextInput(try InputSource(name: "t.xml", bytes: Array(text.utf8))))
        var out: [String] = []
        while let e = try p.next() {
            switch e {
            case let .start(name, attributes, line): out.append("<\(name) \(attributes.sorted { $0.key < $1.key }) @\(line)")
            case let .end(name, line): out.append("</\(name) @\(line)")
            case let .text(t): out.append(t)
            }
        }
        return out
    }

    @Test func eventsDoNotDependOnChunkBoundaries() throws {
        var rng = SeededRandom(seed: 29)
        var body = ""
        for i in 0..<6000 {
            switch rng.next() % 6 {
            case 0: body += "<article key=\"a/\(i)\" note='x > y'>\n<title>T &amp; \(i)</title></article>\n"
            case 1: body += "<!-- comment \(i)\n spanning > lines --><author>Ann\nLee</author>\n"
            case 2: body += "<![CDATA[raw <text> \(i)]]><empty a=\"1\"/>"
            case 3: body += "<year\n  >\(1990 + i % 30)</year\n>"
            case 4: body += String(repeating: "long text ", count: Int(rng.next() % 40)) + "\n"
            default: body += "<?pi data \(i)?><i>x</i>"
            }
        }
        let want = try Self.events("<dblp>" + body + "</dblp>")
        #expect(want.count > 10_000)
        // The same document with 1 to 7 bytes more before it: every chunk boundary moves.
        for shift in 1...7 {
            let got = try Self.events("<!--" + String(repeating: "-", count: 0) + String(repeating: " ", count: shift) + "-->" + "<dblp>" + body + "</dblp>")
            #expect(got == want, "shift \(shift)")
        }
    }

    @Test func linesAreCountedInTextAndTags() throws {
        #expect(try Self.events("<a>\ntext\nmore<b\n/>\n</a>") == ["<a [] @1", "\ntext\nmore", "<b [] @3", "</b @4", "\n", "</a @5"])
    }

    @Test func brokenTagsAreReportedWithTheirLine() throws {
        #expect(throws: XMLPullParser.BrokenDocument.self) { try Self.events("<a>\n<b c=\"1\"\n<d></b></a>") }
        do {
            _ = try Self.events("<a>\n<b c=\"1\"\n<d></b></a>")
        } catch let e as XMLPullParser.BrokenDocument {
            #expect(e.line == 3 && e.message == "'<' inside a tag")
        }
        do {
            _ = try Self.events("<a>\n<b c=\"1>\"")
        } catch let e as XMLPullParser.BrokenDocument {
            #expect(e.message == "the document ends inside a tag")
        }
    }
}
