import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import TestSupport

/// The arguments Scripts/run.sh passes for the bundled sample; kept in one place here and
/// checked against the script so the committed Output/ and this test cannot drift apart.
let sampleReportArguments = ["report", "Tests/Fixtures/listing/profile-listing.txt", "--reference-year", "2026", "--owner", "auto"]
let sampleTimelineArguments = ["timeline", "Tests/Fixtures/listing/profile-listing.txt", "--reference-year", "2026", "--owner", "auto", "--author", "Jingzhao Zhang"]

@Suite struct SampleOutputTests {
    @Test func runScriptUsesTheSameArguments() throws {
        let script = try String(contentsOf: Fixtures.packageRoot.appendingPathComponent("Scripts/run.sh"), encoding: .utf8)
        let args = sampleReportArguments.dropFirst().joined(separator: " ")
        #expect(script.contains(args), "Scripts/run.sh must run: coauthor report \(args)")
        #expect(script.contains("timeline Tests/Fixtures/listing/profile-listing.txt --reference-year 2026 --owner auto --author \"Jingzhao Zhang\""))
    }

    /// Regenerates the sample report and compares it with the committed Output/profile-listing/:
    /// CSV and DOT byte for byte, SVG by structure (Graphviz writes its version and font metrics into it).
    @Test func committedOutputIsCurrent() throws {
        let dir = try Fixtures.temporaryDirectory()
        let r = try CoauthorBinary.run(sampleReportArguments + ["--out", dir])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let committed = Fixtures.packageRoot.appendingPathComponent("Output/profile-listing").path
        for name in ["papers.csv", "authors.csv", "collaborations.csv", "network.dot"] {
            let fresh = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name))
            let old = try Data(contentsOf: URL(fileURLWithPath: committed + "/" + name))
            #expect(fresh == old, "Output/profile-listing/\(name) is stale: run Scripts/run.sh and commit the result")
        }
        let fresh = try SVGStructure(path: dir + "/network.svg")
        let old = try SVGStructure(path: committed + "/network.svg")
        #expect(fresh.nodeTitles == old.nodeTitles)
        #expect(fresh.edgeTitles == old.edgeTitles)
        #expect(fresh.nodeTitles.count == 59)
        #expect(fresh.edgeTitles.count == 119)  // counted independently with a Python script

        let t = try CoauthorBinary.run(sampleTimelineArguments + ["-o", dir + "/timeline.csv", "--diagram", dir + "/timeline.svg"])
        #expect(t.status == 0, "stderr: \(t.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/timeline.csv")) == Data(contentsOf: URL(fileURLWithPath: committed + "/timeline.csv")),
                "Output/profile-listing/timeline.csv is stale")
        let tl = try SVGStructure(path: dir + "/timeline.svg"), oldTl = try SVGStructure(path: committed + "/timeline.svg")
        #expect(tl.nodeTitles == oldTl.nodeTitles && tl.edgeTitles == oldTl.edgeTitles)
        let png = try Data(contentsOf: URL(fileURLWithPath: committed + "/network.png"))
        #expect(Array(png.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
    }

    @Test func summaryOnStdout() throws {
        let dir = try Fixtures.temporaryDirectory()
        let r = try CoauthorBinary.run(sampleReportArguments + ["--out", dir])
        #expect(r.status == 0)
        for expected in ["records read        44", "papers              43 (1 duplicate record merged)",
                         "authors             59", "components          1 (largest: 59 authors, 100.0%)",
                         "truncated bylines   27", "inferred years      3 (reference year 2026)",
                         "owner added         Jingzhao Zhang on 12 truncated bylines", "Jingzhao Zhang (43)"] {
            #expect(r.stdout.contains(expected), "missing \"\(expected)\" in:\n\(r.stdout)")
        }
    }

    @Test func withoutOwnerTheSampleHasFourComponents() throws {
        let dir = try Fixtures.temporaryDirectory()
        let r = try CoauthorBinary.run(["report", "Tests/Fixtures/listing/profile-listing.txt", "--reference-year", "2026", "--out", dir])
        #expect(r.status == 0)
        #expect(r.stdout.contains("components          4 (largest: 50 authors, 84.7%)"))
        #expect(r.stdout.contains("Jingzhao Zhang (31)"))
    }
}

/// The node and edge titles of a Graphviz SVG.
struct SVGStructure {
    var nodeTitles: [String] = []
    var edgeTitles: [String] = []

    init(path: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let delegate = Collector()
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        guard parser.parse() else { throw CocoaError(.fileReadCorruptFile) }
        nodeTitles = delegate.nodes.sorted()
        edgeTitles = delegate.edges.sorted()
    }

    final class Collector: NSObject, XMLParserDelegate {
        var stack: [String] = []
        var nodes: [String] = []
        var edges: [String] = []
        var text = ""
        func parser(_ parser: XMLParser, didStartElement e: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            stack.append(e == "g" ? (attributes["class"] ?? "g") : e)
            text = ""
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
        func parser(_ parser: XMLParser, didEndElement e: String, namespaceURI: String?, qualifiedName: String?) {
            if e == "title", stack.count >= 2 {
                if stack[stack.count - 2] == "node" { nodes.append(text) }
                if stack[stack.count - 2] == "edge" { edges.append(text) }
            }
            stack.removeLast()
        }
    }
}
