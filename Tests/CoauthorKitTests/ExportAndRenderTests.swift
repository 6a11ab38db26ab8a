import AuthorNames
import Bibliography
import CollaborationGraph
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import TestSupport

@testable import CoauthorKit
@testable import Rendering

/// Counts elements by name in an XML document (and checks it parses).
final class ElementCounter: NSObject, XMLParserDelegate {
    var counts: [String: Int] = [:]
    var attributes: [[String: String]] = []
    func parser(_ parser: XMLParser, didStartElement e: String, namespaceURI: String?, qualifiedName: String?, attributes a: [String: String] = [:]) {
        counts[e, default: 0] += 1
        attributes.append(a)
    }
    static func count(_ bytes: [UInt8]) -> ElementCounter? {
        let c = ElementCounter()
        let p = XMLParser(data: Data(bytes))
        p.delegate = c
        return p.parse() ? c : nil
    }
}

@Suite struct ExportTests {
    @Test func everyFormatHoldsTheWholeNetwork() throws {
        let c = try sample()
        let net = Network(corpus: c)
        let comm = net.graph.louvain().community
        let graphml = ElementCounter.count(Exports.export(net, as: .graphml, communities: comm)[0].1)!
        #expect(graphml.counts["node"] == 59 && graphml.counts["edge"] == 99)
        let gexf = ElementCounter.count(Exports.export(net, as: .gexf, communities: comm)[0].1)!
        #expect(gexf.counts["node"] == 59 && gexf.counts["edge"] == 99)
        // Dynamic: every node starts in its first year.
        #expect(gexf.attributes.filter { $0["label"] != nil }.allSatisfy { $0["start"] != nil })
        // Per-year spells: papers_to_date grows year by year and ends at the node's papers (every
        // sample paper has a year); joint_papers_to_date ends at the edge's joint papers.
        let gexfText = String(decoding: Exports.export(net, as: .gexf, communities: comm)[0].1, as: UTF8.self)
        var checkedNodes = 0, checkedEdges = 0
        for line in gexfText.split(separator: "\n") where line.contains("<node ") || line.contains("<edge ") {
            let isNode = line.contains("<node ")
            let staticKey = isNode ? "for=\"papers\" value=\"" : "for=\"joint_papers\" value=\""
            let dynamicKey = isNode ? "for=\"papers_to_date\" value=\"" : "for=\"joint_papers_to_date\" value=\""
            func values(_ key: String) -> [Int] {
                line.components(separatedBy: key).dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
            }
            let total = try #require(values(staticKey).first)
            let steps = values(dynamicKey)
            #expect(!steps.isEmpty && steps == steps.sorted() && steps.last == total, "\(line)")
            // One spell per year with papers, each closed (the last at the corpus's last year).
            #expect(steps.count == line.components(separatedBy: " end=").count - 1)
            if isNode { checkedNodes += 1 } else { checkedEdges += 1 }
        }
        #expect(checkedNodes == 59 && checkedEdges == 99)
        let pajek = String(decoding: Exports.export(net, as: .pajek)[0].1, as: UTF8.self).split(separator: "\n")
        #expect(pajek.first == "*Vertices 59")
        #expect(pajek.count == 1 + 59 + 1 + 99)
        let json = try JSONSerialization.jsonObject(with: Data(Exports.export(net, as: .json, communities: comm)[0].1)) as! [String: Any]
        #expect((json["nodes"] as! [Any]).count == 59 && (json["links"] as! [Any]).count == 99)
        let vos = Exports.export(net, as: .vosviewer, communities: comm)
        #expect(vos.map(\.0) == ["map.txt", "network.txt"])
        #expect(String(decoding: vos[1].1, as: UTF8.self).split(separator: "\n").count == 99)
        let csv = Exports.export(net, as: .csv)
        #expect(String(decoding: csv[1].1, as: UTF8.self).split(separator: "\n").count == 100)
        // Total weight is the same everywhere: 2 × Σ edge weights = Σ strengths.
        let total = (0..<net.graph.nodeCount).map { net.graph.strength($0) }.reduce(0, +) / 2
        let jsonTotal = (json["links"] as! [[String: Any]]).map { ($0["weight"] as! NSNumber).doubleValue }.reduce(0, +)
        #expect(jsonTotal == total)
    }

    @Test func hostileNamesCannotBreakTheXML() throws {
        let dir = try Fixtures.temporaryDirectory()
        try "@article{a, author = {{Robert\"); <script>x</script>} and O'Brien, Ann & Co.}, title = {T}, year = 2020}\n"
            .write(toFile: dir + "/h.bib", atomically: true, encoding: .utf8)
        let c = try Loader.load(LoadOptions(inputs: [dir + "/h.bib"]), log: DiagnosticLog()).corpus
        let net = Network(corpus: c)
        for f in [Exports.Format.graphml, .gexf] {
            #expect(ElementCounter.count(Exports.export(net, as: f)[0].1)?.counts["node"] == 2)
        }
        #expect(try JSONSerialization.jsonObject(with: Data(Exports.export(net, as: .json)[0].1)) is [String: Any])
    }

    @Test func outputIsDeterministic() throws {
        let a = Exports.export(Network(corpus: try sample()), as: .gexf)
        let b = Exports.export(Network(corpus: try sample()), as: .gexf)
        #expect(a[0].1 == b[0].1)
    }
}

@Suite struct RenderTests {
    @Test func svgHasTooltipsLinksAndLegend() throws {
        let c = try sample()
        let net = Network(corpus: c)
        var style = NetworkDiagram()
        style.labels = 10
        let d = style.drawing(net)
        #expect(d.nodes.count == 59)
        #expect(d.nodes.filter { !$0.label.isEmpty }.count == 10)
        #expect(d.legend.contains { $0.hasPrefix("Node size: papers") })
        #expect(d.legend.contains { $0.hasPrefix("Colour: community") })
        let svg = String(decoding: try GraphvizRenderer.render(dot: DOT.write(d), layout: d.layout, format: .svg), as: UTF8.self)
        #expect(svg.contains("Understanding the unstable convergence of gradient descent"))  // a paper title in a tooltip
        #expect(ElementCounter.count(Array(svg.utf8)) != nil)
    }

    @Test func largeGraphsShowAStatedView() throws {
        // 900 authors in a long chain of papers: above the budget of 500.
        var papers: [[Int32]] = []
        for i in 0..<899 { papers.append([Int32(i), Int32(i + 1)]) }
        let log = DiagnosticLog()
        let b = CorpusBuilder(options: CorpusOptions(), log: log)
        for (k, p) in papers.enumerated() {
            b.add(PaperRecord(source: SourceLocation(file: "x", line: k + 1), title: "Paper \(k)",
                              authors: p.map { WrittenAuthor(name: PersonName(given: "Given\($0)", family: "Family\($0)")) }, date: PartialDate(year: 2000)))
        }
        let net = Network(corpus: b.build())
        #expect(net.graph.nodeCount == 900)
        var style = NetworkDiagram()
        let d = style.drawing(net)
        #expect(d.nodes.count == 500)
        #expect(d.legend.contains { $0.hasPrefix("View: the 500 authors with the highest papers in the largest component") })
        style.showAll = true
        #expect(style.drawing(net).nodes.count == 900)
    }

    @Test func timelineDiagramPlacesCoauthorsInTheirFirstYear() throws {
        let c = try sample()
        let net = Network(corpus: c)
        let jz = Int(net.node[c.persons.first { $0.name == "Jingzhao Zhang" }!.id.index])
        let d = TimelineDiagram.drawing(net, author: jz)
        // Year labels left to right; each co-author pinned in the column of their first joint year.
        let labels = d.nodes.filter { $0.shape == "plaintext" }
        #expect(labels.map(\.label) == (2018...2026).map(String.init))
        #expect(zip(labels, labels.dropFirst()).allSatisfy { $0.position!.x < $1.position!.x })
        let x2024 = labels.first { $0.label == "2024" }!.position!.x
        let column = d.nodes.filter { $0.shape == "box" && $0.id != jz && $0.position!.x == x2024 }
        #expect(column.map { net.name($0.id) } == ["Chengchang Liu"])
        let x2018 = labels.first { $0.label == "2018" }!.position!.x
        // Stacked by joint papers: Suvrit Sra (most joint papers) on top.
        let first = d.nodes.filter { $0.shape == "box" && $0.id != jz && $0.position!.x == x2018 }.max { $0.position!.y < $1.position!.y }!
        #expect(net.name(first.id) == "Suvrit Sra")
        let svg = try GraphvizRenderer.render(dot: DOT.write(d), layout: "dot", format: .svg)
        #expect(ElementCounter.count(svg)!.counts["g", default: 0] > 38)
    }
}

@Suite struct AliasSuggestionTests {
    /// "John Smith" and "John A. Smith" are never merged by rule; with a shared co-author they are suggested.
    @Test func aMiddleInitialAddedIsSuggested() throws {
        let dir = try Fixtures.temporaryDirectory()
        try """
            @article{a, author = {John Smith and Mary Jones}, title = {One}, year = 2019}
            @article{b, author = {John A. Smith and Mary Jones}, title = {Two}, year = 2020}
            @article{c, author = {John Smith and Kate Bell}, title = {Three}, year = 2021}
            @article{d, author = {John B. Smythe}, title = {Four}, year = 2021}
            """.write(toFile: dir + "/s.bib", atomically: true, encoding: .utf8)
        let c = try Loader.load(LoadOptions(inputs: [dir + "/s.bib"], referenceYear: 2026), log: DiagnosticLog()).corpus
        #expect(c.persons.map(\.name).contains("John A. Smith") && c.persons.map(\.name).contains("John Smith"))
        let s = AliasSuggester.suggest(Network(corpus: c))
        let pair = try #require(s.first { Set([$0.name, $0.canonical]) == ["John Smith", "John A. Smith"] })
        // The less frequent form maps onto the more frequent one (as display names are chosen).
        #expect(pair.name == "John A. Smith" && pair.canonical == "John Smith")
        #expect(pair.evidence.contains { $0.contains("shared co-author") })
        // Different first names with the same family name are not suggested on the name alone.
        #expect(!s.contains { Set([$0.name, $0.canonical]) == ["Mary Jones", "Kate Bell"] })
    }
}
