import Bibliography
import CollaborationGraph
import Foundation
import Rendering

/// Files for other tools: GraphML (yEd, Gephi, networkx), GEXF with yearly
/// spells (Gephi's timeline), Pajek .net, VOSviewer map and network files,
/// JSON nodes/links (d3) and node/edge CSV. Every export lists nodes in name
/// order and edges by (source, target), so it is byte-for-byte deterministic.
public enum Exports {
    /// Formats.
    public enum Format: String, CaseIterable, Sendable {
        case graphml, gexf, pajek, vosviewer, json, csv
    }

    /// Per-node attributes written to every format.
    struct NodeInfo: Sendable {
        var id: Int
        var name: String
        var papers: Int
        var firstYear: Int32
        var lastYear: Int32
        var community: Int
    }

    static func nodes(_ net: Network, communities: [Int32]?) -> [NodeInfo] {
        (0..<net.graph.nodeCount).map { v in
            NodeInfo(id: v, name: net.name(v), papers: net.paperCounts[v], firstYear: net.firstYear[v], lastYear: net.lastYear[v],
                     community: communities.map { Int($0[v]) + 1 } ?? 0)
        }
    }

    /// Undirected edges (u < v) in order, with their CSR slot.
    static func edges(_ g: CoauthorGraph) -> [(u: Int, v: Int, slot: Int)] {
        var out: [(Int, Int, Int)] = []
        for u in 0..<g.nodeCount {
            for k in g.offsets[u]..<g.offsets[u + 1] where Int(g.neighbors[k]) > u { out.append((u, Int(g.neighbors[k]), k)) }
        }
        return out
    }

    /// Text safe inside XML attributes and elements; characters XML 1.0 forbids are dropped.
    public static func xml(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                let v = u.value
                if v == 0x9 || v == 0xA || v == 0xD || (v >= 0x20 && v <= 0xD7FF) || (v >= 0xE000 && v <= 0xFFFD) || v >= 0x10000 {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out
    }

    /// Papers per node and year, and joint papers per edge (u < v, packed) and year; undated papers left out.
    static func perYearCounts(_ net: Network) -> (nodes: [Int: [Int32: Int]], edges: [UInt64: [Int32: Int]]) {
        var nodes: [Int: [Int32: Int]] = [:]
        var edges: [UInt64: [Int32: Int]] = [:]
        let skipped = Set(net.skippedPapers)
        for pi in net.papers {
            let p = net.corpus.papers[pi]
            guard let y = p.year.map({ Int32($0) }) else { continue }
            let ids = p.authors.map { Int(net.node[$0.index]) }.filter { $0 >= 0 }
            for u in ids { nodes[u, default: [:]][y, default: 0] += 1 }
            if skipped.contains(pi) { continue }
            for i in 0..<ids.count {
                for j in 0..<ids.count where ids[i] < ids[j] && net.graph.slot(ids[i], ids[j]) != nil {
                    edges[UInt64(ids[i]) << 32 | UInt64(ids[j]), default: [:]][y, default: 0] += 1
                }
            }
        }
        return (nodes, edges)
    }

    /// The export as one file's bytes; `.csv` and `.vosviewer` return several files (name → bytes).
    public static func export(_ net: Network, as format: Format, communities: [Int32]? = nil, csv: CSVOptions = CSVOptions()) -> [(String, [UInt8])] {
        let g = net.graph
        let ns = nodes(net, communities: communities)
        let es = edges(g)
        switch format {
        case .graphml:
            var s = """
                <?xml version="1.0" encoding="UTF-8"?>
                <graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
                  <key id="name" for="node" attr.name="name" attr.type="string"/>
                  <key id="papers" for="node" attr.name="papers" attr.type="int"/>
                  <key id="first_year" for="node" attr.name="first_year" attr.type="int"/>
                  <key id="last_year" for="node" attr.name="last_year" attr.type="int"/>
                  <key id="community" for="node" attr.name="community" attr.type="int"/>
                  <key id="weight" for="edge" attr.name="weight" attr.type="double"/>
                  <key id="joint_papers" for="edge" attr.name="joint_papers" attr.type="int"/>
                  <key id="e_first_year" for="edge" attr.name="first_year" attr.type="int"/>
                  <key id="e_last_year" for="edge" attr.name="last_year" attr.type="int"/>
                  <graph id="coauthors" edgedefault="undirected">

                """
            for n in ns {
                s += "    <node id=\"n\(n.id)\"><data key=\"name\">\(xml(n.name))</data><data key=\"papers\">\(n.papers)</data>"
                if n.firstYear != 0 { s += "<data key=\"first_year\">\(n.firstYear)</data><data key=\"last_year\">\(n.lastYear)</data>" }
                if communities != nil { s += "<data key=\"community\">\(n.community)</data>" }
                s += "</node>\n"
            }
            for (i, e) in es.enumerated() {
                s += "    <edge id=\"e\(i)\" source=\"n\(e.u)\" target=\"n\(e.v)\"><data key=\"weight\">\(Cell.format(g.weights[e.slot]))</data><data key=\"joint_papers\">\(g.jointPapers[e.slot])</data>"
                if g.firstYear[e.slot] != 0 { s += "<data key=\"e_first_year\">\(g.firstYear[e.slot])</data><data key=\"e_last_year\">\(g.lastYear[e.slot])</data>" }
                s += "</edge>\n"
            }
            s += "  </graph>\n</graphml>\n"
            return [("", Array(s.utf8))]
        case .gexf:
            // Dynamic graph: a node appears in its first year, an edge in the year of the first joint paper,
            // so Gephi's timeline plays the network's growth; papers_to_date and joint_papers_to_date
            // change year by year (one spell per year with papers), so sizes and widths grow along.
            let dynamic = ns.contains { $0.firstYear != 0 }
            let (nodeYears, edgeYears) = dynamic ? perYearCounts(net) : ([:], [:])
            // The last spell runs to the corpus's last year (networkx needs an end on every spell).
            let lastYear = ns.map(\.lastYear).max() ?? 0
            func spells(_ counts: [Int32: Int]?, id: String) -> String {
                guard let counts, !counts.isEmpty else { return "" }
                let years = counts.keys.sorted()
                var total = 0
                var out = ""
                for (k, y) in years.enumerated() {
                    total += counts[y]!
                    let end = " end=\"\(k + 1 < years.count ? years[k + 1] - 1 : max(lastYear, y))\""
                    out += "<attvalue for=\"\(id)\" value=\"\(total)\" start=\"\(y)\"\(end)/>"
                }
                return out
            }
            var s = """
                <?xml version="1.0" encoding="UTF-8"?>
                <gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">
                  <meta><creator>Coauthor</creator><description>Co-authorship network (\(g.counting == .full ? "full" : "fractional") counting)</description></meta>
                  <graph defaultedgetype="undirected"\(dynamic ? " mode=\"dynamic\" timeformat=\"integer\"" : "")>
                    <attributes class="node">
                      <attribute id="papers" title="papers" type="integer"/>
                      <attribute id="community" title="community" type="integer"/>
                    </attributes>
                    <attributes class="edge">
                      <attribute id="joint_papers" title="joint_papers" type="integer"/>
                    </attributes>

                """
            if dynamic {
                s += """
                        <attributes class="node" mode="dynamic">
                          <attribute id="papers_to_date" title="papers_to_date" type="integer"/>
                        </attributes>
                        <attributes class="edge" mode="dynamic">
                          <attribute id="joint_papers_to_date" title="joint_papers_to_date" type="integer"/>
                        </attributes>

                    """
            }
            s += "    <nodes>\n"
            for n in ns {
                s += "      <node id=\"n\(n.id)\" label=\"\(xml(n.name))\"\(n.firstYear != 0 ? " start=\"\(n.firstYear)\"" : "")><attvalues><attvalue for=\"papers\" value=\"\(n.papers)\"/><attvalue for=\"community\" value=\"\(n.community)\"/>\(spells(nodeYears[n.id], id: "papers_to_date"))</attvalues></node>\n"
            }
            s += "    </nodes>\n    <edges>\n"
            for (i, e) in es.enumerated() {
                let start = g.firstYear[e.slot] != 0 ? " start=\"\(g.firstYear[e.slot])\"" : ""
                let key = UInt64(e.u) << 32 | UInt64(e.v)
                s += "      <edge id=\"e\(i)\" source=\"n\(e.u)\" target=\"n\(e.v)\" weight=\"\(Cell.format(g.weights[e.slot]))\"\(start)><attvalues><attvalue for=\"joint_papers\" value=\"\(g.jointPapers[e.slot])\"/>\(spells(edgeYears[key], id: "joint_papers_to_date"))</attvalues></edge>\n"
            }
            s += "    </edges>\n  </graph>\n</gexf>\n"
            return [("", Array(s.utf8))]
        case .pajek:
            var s = "*Vertices \(ns.count)\n"
            for n in ns { s += "\(n.id + 1) \"\(pajekName(n.name))\"\n" }
            s += "*Edges\n"
            for e in es { s += "\(e.u + 1) \(e.v + 1) \(Cell.format(g.weights[e.slot]))\n" }
            return [("", Array(s.utf8))]
        case .vosviewer:
            // VOSviewer's map file (tab-separated, with weight and score columns) and network file (id, id, strength).
            // VOSviewer reads labels as they are: no spreadsheet-formula neutralizing here.
            let map = TableWriter(format: .tsv, columns: ["id", "label", "cluster", "weight<Links>", "weight<Total link strength>", "weight<Documents>", "score<Avg. pub. year>"],
                                  options: CSVOptions(neutralizeFormulas: false))
            let averages = averageYears(net)
            for n in ns {
                let v = n.id
                let avg = averages[v]
                map.row([.int(v + 1), .text(n.name), communities == nil ? .empty : .int(n.community), .int(g.degree(v)), .double(g.strength(v)), .int(n.papers),
                         avg.map { .double(($0 * 10).rounded() / 10) } ?? .empty])
            }
            var network = ""
            for e in es { network += "\(e.u + 1)\t\(e.v + 1)\t\(Cell.format(g.weights[e.slot]))\n" }
            return [("map.txt", map.finish()), ("network.txt", Array(network.utf8))]
        case .json:
            var s = "{\"directed\": false, \"counting\": \(JSON.string(g.counting.rawValue)), \"nodes\": [\n"
            s += ns.map { n in
                "  {\"id\": \(n.id), \"name\": \(JSON.string(n.name)), \"papers\": \(n.papers)" + (n.firstYear != 0 ? ", \"first_year\": \(n.firstYear), \"last_year\": \(n.lastYear)" : "")
                    + (communities != nil ? ", \"community\": \(n.community)" : "") + "}"
            }.joined(separator: ",\n")
            s += "\n], \"links\": [\n"
            s += es.map { e in
                "  {\"source\": \(e.u), \"target\": \(e.v), \"weight\": \(Cell.format(g.weights[e.slot])), \"papers\": \(g.jointPapers[e.slot])}"
            }.joined(separator: ",\n")
            s += "\n]}\n"
            return [("", Array(s.utf8))]
        case .csv:
            let nw = TableWriter(format: .csv, columns: ["id", "name", "papers", "first_year", "last_year", "community"], options: csv)
            let hasCommunities = communities != nil
            nw.rows(ns.count) { k in
                let n = ns[k]
                return [.int(n.id), .text(n.name), .int(n.papers), n.firstYear == 0 ? .empty : .int(Int(n.firstYear)),
                        n.lastYear == 0 ? .empty : .int(Int(n.lastYear)), hasCommunities ? .int(n.community) : .empty]
            }
            let ew = TableWriter(format: .csv, columns: ["source", "target", "weight", "papers", "first_year", "last_year"], options: csv)
            ew.rows(es.count) { k in
                let e = es[k]
                return [.int(e.u), .int(e.v), .double(g.weights[e.slot]), .int(Int(g.jointPapers[e.slot])),
                        g.firstYear[e.slot] == 0 ? .empty : .int(Int(g.firstYear[e.slot])), g.lastYear[e.slot] == 0 ? .empty : .int(Int(g.lastYear[e.slot]))]
            }
            return [("nodes.csv", nw.finish()), ("edges.csv", ew.finish())]
        }
    }

    /// Pajek names are in double quotes with no escape: quotes become apostrophes, line breaks spaces.
    static func pajekName(_ s: String) -> String {
        String(s.map { $0 == "\"" ? "'" : ($0.isNewline ? " " : $0) })
    }

    /// Each node's average publication year (nil without dated papers), in one pass over the papers.
    static func averageYears(_ net: Network) -> [Double?] {
        var sum = [Int](repeating: 0, count: net.graph.nodeCount), count = [Int](repeating: 0, count: net.graph.nodeCount)
        for pi in net.papers {
            let p = net.corpus.papers[pi]
            guard let y = p.year else { continue }
            for a in p.authors {
                let v = Int(net.node[a.index])
                if v >= 0 { sum[v] += y; count[v] += 1 }
            }
        }
        return (0..<net.graph.nodeCount).map { count[$0] == 0 ? nil : Double(sum[$0]) / Double(count[$0]) }
    }
}
