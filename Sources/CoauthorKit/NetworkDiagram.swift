import Bibliography
import CollaborationGraph
import Foundation
import Rendering

/// Styles a network as a ``Drawing``: node size by papers, edge width by
/// weight, colour by component, labels, tooltips and a legend.
public struct NetworkDiagram {
    /// Okabe & Ito's colour-blind-safe palette; grey for everything past it.
    public static let palette = ["#56B4E9", "#E69F00", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"]
    /// The colour for "other".
    public static let other = "#BBBBBB"

    /// Above this many nodes, only a view is drawn (see ``view(of:budget:)``).
    public var nodeBudget = 500
    /// Label at most this many nodes (the most productive).
    public var labels = 80
    /// Title.
    public var title = ""
    /// Extra legend lines (filters, reference year).
    public var notes: [String] = []

    /// Creates a styler.
    public init() {}

    /// The nodes to draw: all when within the budget, otherwise the largest
    /// component's `budget` most productive authors; the reason is returned for the legend.
    public static func view(of net: Network, budget: Int) -> (nodes: [Int], note: String?) {
        let n = net.graph.nodeCount
        if n <= budget { return (Array(0..<n), nil) }
        let inLargest = (0..<n).filter { net.components.label[$0] == 0 }
        let ranked = inLargest.sorted { a, b in
            net.paperCounts[a] != net.paperCounts[b] ? net.paperCounts[a] > net.paperCounts[b] : a < b
        }
        let chosen = Array(ranked.prefix(budget)).sorted()
        return (chosen, "View: the \(chosen.count) authors with most papers in the largest component (of \(n) authors); use --all for everything")
    }

    /// The drawing.
    public func drawing(_ net: Network) -> Drawing {
        let g = net.graph
        let (nodes, viewNote) = Self.view(of: net, budget: nodeBudget)
        var inView = [Bool](repeating: false, count: g.nodeCount)
        for u in nodes { inView[u] = true }
        let labelled = Set(nodes.sorted { a, b in
            net.paperCounts[a] != net.paperCounts[b] ? net.paperCounts[a] > net.paperCounts[b] : a < b
        }.prefix(labels))
        // Papers per person for tooltips.
        var titles = [[String]](repeating: [], count: g.nodeCount)
        for pi in net.papers {
            let p = net.corpus.papers[pi]
            for a in p.authors {
                let v = Int(net.node[a.index])
                guard v >= 0, inView[v], titles[v].count < 12 else { continue }
                titles[v].append("\(p.year.map(String.init) ?? "n.d.")\(p.date?.yearInferred == true ? "?" : "") \(p.title)")
            }
        }
        var d = Drawing()
        d.layout = nodes.count > 300 ? "sfdp" : "neato"
        d.title = title
        d.graphAttributes = [("overlap", "prism"), ("overlap_scaling", "-4"), ("sep", "+8"), ("splines", "true"),
                             ("forcelabels", "true"), ("outputorder", "edgesfirst"), ("start", "1")]
        if d.layout == "sfdp" { d.graphAttributes.append(("K", "1.2")) }
        let maxPapers = nodes.map { net.paperCounts[$0] }.max() ?? 1
        for u in nodes {
            let papers = net.paperCounts[u]
            let size = 0.14 + 0.7 * sqrt(Double(papers) / Double(max(1, maxPapers)))
            let comp = Int(net.components.label[u])
            var node = DrawNode(id: u, label: labelled.contains(u) ? net.name(u) : "", size: size,
                                fill: comp < Self.palette.count ? Self.palette[comp] : Self.other)
            node.fontSize = 9 + 5 * sqrt(Double(papers) / Double(max(1, maxPapers)))
            var tip = "\(net.name(u)): \(papers) paper\(papers == 1 ? "" : "s"), \(g.degree(u)) co-author\(g.degree(u) == 1 ? "" : "s")"
            if !titles[u].isEmpty { tip += "\n" + titles[u].joined(separator: "\n") }
            if papers > titles[u].count { tip += "\n…" }
            node.tooltip = tip
            d.nodes.append(node)
        }
        let maxW = g.weights.max() ?? 1
        for u in nodes {
            for k in g.offsets[u]..<g.offsets[u + 1] {
                let v = Int(g.neighbors[k])
                guard v > u, inView[v] else { continue }
                let w = g.weights[k]
                var e = DrawEdge(u: u, v: v, width: 0.6 + 3.4 * sqrt(w / maxW))
                e.tooltip = "\(net.name(u)) – \(net.name(v)): \(g.jointPapers[k]) joint paper\(g.jointPapers[k] == 1 ? "" : "s")"
                e.layoutWeight = 1
                d.edges.append(e)
            }
        }
        var legend = [
            "Node size: papers. Edge width: " + (g.counting == .full ? "shared papers (full counting)." : "Newman's fractional weight."),
            "Colour: connected component (largest first; grey beyond the \(Self.palette.count)th).",
        ]
        if labels < nodes.count { legend.append("Labels: the \(labels) authors with most papers.") }
        if let v = viewNote { legend.append(v + ".") }
        legend.append(contentsOf: notes)
        d.legend = legend
        return d
    }
}
