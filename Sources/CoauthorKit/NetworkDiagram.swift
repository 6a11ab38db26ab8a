import Bibliography
import CollaborationGraph
import Foundation
import Rendering

/// Styles a network as a ``Drawing``: node size by a metric, colour by
/// community or component (a colour-blind-safe palette), edge width by
/// weight, labels on the top nodes, highlighted focus authors, tooltips
/// listing papers, links to ORCID or DOI, and a legend that says what every
/// visual channel means and which filters and views were applied.
public struct NetworkDiagram {
    /// Okabe & Ito's colour-blind-safe palette; grey for everything past it.
    public static let palette = ["#56B4E9", "#E69F00", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"]
    /// The outline of highlighted authors.
    public static let highlightColour = "#000000"
    /// The colour for "other".
    public static let other = "#BBBBBB"

    /// What colours the nodes.
    public enum ColorBy: String, CaseIterable, Sendable {
        case community, component, none
    }

    /// The metric that sizes nodes (and ranks them for labels and large-graph views).
    public var sizeBy: Metric = .papers
    /// Node colour.
    public var colorBy: ColorBy = .community
    /// Above this many nodes only a view is drawn (see ``view(of:values:budget:)``), unless ``showAll``.
    public var nodeBudget = 500
    /// Draw every node, whatever the budget.
    public var showAll = false
    /// Label at most this many nodes (the highest ranked).
    public var labels = 40
    /// Nodes drawn with a thick outline and always labelled.
    public var highlight: Set<Int> = []
    /// Title.
    public var title = ""
    /// Extra legend lines (filters, reference year).
    public var notes: [String] = []
    /// Layout engine; nil chooses by size: circo up to 8 nodes, else sfdp (which places communities in sectors).
    public var layout: String?
    /// Seed for community detection.
    public var seed: UInt64 = 0

    /// Creates a styler.
    public init() {}

    /// The nodes to draw: all within the budget; otherwise the `budget` highest-ranked
    /// authors of the largest component (the reason is returned for the legend).
    public static func view(of net: Network, values: [Double], budget: Int, metric: Metric) -> (nodes: [Int], note: String?) {
        let n = net.graph.nodeCount
        if n <= budget { return (Array(0..<n), nil) }
        let inLargest = (0..<n).filter { net.components.label[$0] == 0 }
        let ranked = inLargest.sorted { a, b in values[a] != values[b] ? values[a] > values[b] : a < b }
        let chosen = Array(ranked.prefix(budget)).sorted()
        return (chosen, "View: the \(chosen.count) authors with the highest \(metric.rawValue) in the largest component (\(inLargest.count) of \(n) authors); --all draws everything")
    }

    /// The drawing.
    public func drawing(_ net: Network) -> Drawing {
        let g = net.graph
        let big = g.nodeCount > 20_000
        let values = MetricComputer.compute([sizeBy], on: net, options: MetricOptions(samples: big ? 500 : nil, seed: seed))[sizeBy]!
        let (nodes, viewNote) = showAll ? (Array(0..<g.nodeCount), nil) : Self.view(of: net, values: values, budget: nodeBudget, metric: sizeBy)
        var inView = [Bool](repeating: false, count: g.nodeCount)
        for u in nodes { inView[u] = true }
        let ranked = nodes.sorted { a, b in values[a] != values[b] ? values[a] > values[b] : a < b }
        var labelled = Set(ranked.prefix(labels))
        labelled.formUnion(highlight.filter { inView[$0] })
        // Colours: communities of the drawn subgraph (so the palette goes to what is visible), or components.
        var colour = [Int](repeating: -1, count: g.nodeCount)
        var colourNote: String
        switch colorBy {
        case .community:
            let sub = net.restricted(to: nodes)
            let p = sub.graph.louvain(LouvainOptions(seed: seed))
            for (i, u) in sub.person.enumerated() { colour[Int(net.node[u])] = Int(p.community[i]) }
            colourNote = "Colour: community (Louvain, modularity \(String(format: "%.3f", p.modularity)), largest first; grey beyond the \(Self.palette.count)th)."
        case .component:
            for u in nodes { colour[u] = Int(net.components.label[u]) }
            colourNote = "Colour: connected component (largest first; grey beyond the \(Self.palette.count)th)."
        case .none:
            colourNote = ""
        }
        // Papers per node and per drawn edge, for tooltips and links.
        var titles = [[String]](repeating: [], count: g.nodeCount)
        var paperCount = [Int](repeating: 0, count: g.nodeCount)
        var link = [String?](repeating: nil, count: g.nodeCount)
        var edgeTitles: [UInt64: [String]] = [:]
        for pi in net.papers {
            let p = net.corpus.papers[pi]
            let members = p.authors.map { Int(net.node[$0.index]) }.filter { $0 >= 0 && inView[$0] }
            let label = "\(p.year.map(String.init) ?? "n.d.")\(p.date?.yearInferred == true ? "?" : "") \(p.title)"
            let paperLink = p.doi.map { "https://doi.org/\($0)" } ?? p.url
            for v in members {
                paperCount[v] += 1
                if titles[v].count < 10 { titles[v].append(label) }
                if let l = paperLink { link[v] = l }  // papers are in date order: the most recent wins
            }
            if members.count <= 30 {
                for i in 0..<members.count {
                    for j in 0..<members.count where members[i] < members[j] {
                        let key = UInt64(members[i]) << 32 | UInt64(members[j])
                        if edgeTitles[key, default: []].count < 5 { edgeTitles[key, default: []].append(label) }
                    }
                }
            }
        }
        for u in nodes {
            if let orcid = net.corpus.persons[net.person[u]].identifiers.first(where: { $0.scheme == .orcid }) {
                link[u] = "https://orcid.org/\(orcid.value)"
            }
        }
        var d = Drawing()
        d.layout = layout ?? (nodes.count <= 8 ? "circo" : "sfdp")
        d.title = title
        d.graphAttributes = [("overlap", "prism"), ("overlap_scaling", "-4"), ("sep", "+8"), ("splines", nodes.count > 300 ? "false" : "true"),
                             ("forcelabels", "true"), ("outputorder", "edgesfirst"), ("start", "1")]
        // The legend grows with the drawing so it stays legible at full size.
        d.graphAttributes.append(("fontsize", String(min(36, 12 + nodes.count / 25))))
        if d.layout == "sfdp" && nodes.count > 300 { d.graphAttributes += [("K", "1.2"), ("repulsiveforce", "1.5"), ("smoothing", "triangle")] }
        let maxValue = max(ranked.first.map { values[$0] } ?? 1, 1e-12)
        for u in nodes {
            let share = max(0, values[u]) / maxValue
            let size = 0.14 + 0.7 * share.squareRoot()
            let c = colour[u]
            var node = DrawNode(id: u, label: labelled.contains(u) ? net.name(u) : "", size: size,
                                fill: colorBy == .none ? Self.palette[0] : (c >= 0 && c < Self.palette.count ? Self.palette[c] : Self.other))
            node.fontSize = 9 + 5 * share.squareRoot()
            // Black is not in the palette, so the ring shows on every fill.
            if highlight.contains(u) { node.outline = Self.highlightColour; node.outlineWidth = 3.5 }
            var tip = "\(net.name(u)): \(net.paperCounts[u]) paper\(net.paperCounts[u] == 1 ? "" : "s"), \(g.degree(u)) co-author\(g.degree(u) == 1 ? "" : "s")"
            if sizeBy != .papers { tip += ", \(sizeBy.rawValue) \(Cell.format(values[u]))" }
            if !titles[u].isEmpty { tip += "\n" + titles[u].joined(separator: "\n") }
            if paperCount[u] > titles[u].count { tip += "\n…" }
            node.tooltip = tip
            node.url = link[u]
            d.nodes.append(node)
        }
        let maxW = g.weights.max() ?? 1
        // A dense view becomes a hairball: keep the strongest edges, at most 4 per drawn node, and say so.
        var drawnWeights: [Double] = []
        for u in nodes { for k in g.offsets[u]..<g.offsets[u + 1] where Int(g.neighbors[k]) > u && inView[Int(g.neighbors[k])] { drawnWeights.append(g.weights[k]) } }
        var minWeight = -Double.infinity
        if !showAll && drawnWeights.count > 4 * nodes.count {
            drawnWeights.sort(by: >)
            minWeight = drawnWeights[4 * nodes.count - 1]
            if minWeight == drawnWeights.last! { minWeight = -Double.infinity }
        }
        // Every drawn author keeps their strongest edge in the view (the first of equals), so no one
        // who has a co-author in the view floats alone when weak edges are hidden.
        var keep = Set<Int>()
        if minWeight > -Double.infinity {
            for u in nodes {
                var best = -1
                for k in g.offsets[u]..<g.offsets[u + 1] where inView[Int(g.neighbors[k])] {
                    if best < 0 || g.weights[k] > g.weights[best] { best = k }
                }
                if best >= 0 && g.weights[best] < minWeight {
                    let v = Int(g.neighbors[best])
                    keep.insert(u < v ? best : g.slot(v, u)!)
                }
            }
        }
        var hiddenEdges = 0
        var keptWeak = 0
        for u in nodes {
            for k in g.offsets[u]..<g.offsets[u + 1] {
                let v = Int(g.neighbors[k])
                guard v > u, inView[v] else { continue }
                if g.weights[k] < minWeight {
                    if keep.contains(k) { keptWeak += 1 } else { hiddenEdges += 1; continue }
                }
                var e = DrawEdge(u: u, v: v, width: 0.6 + 3.4 * (g.weights[k] / maxW).squareRoot())
                let jp = g.jointPapers[k]
                e.tooltip = "\(net.name(u)) – \(net.name(v)): \(jp) joint paper\(jp == 1 ? "" : "s")"
                if let t = edgeTitles[UInt64(u) << 32 | UInt64(v)] { e.tooltip += "\n" + t.joined(separator: "\n") + (t.count < jp ? "\n…" : "") }
                d.edges.append(e)
            }
        }
        var legend = [
            "Node size: \(Self.describe(sizeBy)). Edge width: " + (g.counting == .full ? "shared papers (full counting)." : "Newman's fractional weight (fractional counting)."),
        ]
        if !colourNote.isEmpty { legend.append(colourNote) }
        if labels < nodes.count { legend.append("Labels: the \(labels) authors with the highest \(sizeBy.rawValue).") }
        let shown = highlight.filter { inView[$0] }.sorted()
        if !shown.isEmpty {
            let names = shown.prefix(5).map { net.name($0) }.joined(separator: ", ") + (shown.count > 5 ? " and \(shown.count - 5) more" : "")
            legend.append("Highlighted (thick black outline, always labelled): \(names).")
        }
        if let v = viewNote { legend.append(v + ".") }
        if hiddenEdges > 0 {
            legend.append("Edges: collaborations of weight ≥ \(Cell.format(minWeight)) are drawn, and each author's strongest one"
                          + " (\(hiddenEdges) weaker ones hidden to keep the view readable\(keptWeak > 0 ? "; \(keptWeak) kept as someone's strongest" : "")).")
        }
        legend.append(contentsOf: notes)
        d.legend = legend
        return d
    }

    static func describe(_ m: Metric) -> String {
        switch m {
        case .papers: return "papers"
        case .degree: return "co-authors"
        case .strength: return "collaboration strength"
        case .betweenness: return "betweenness (hops)"
        case .betweennessWeighted: return "betweenness (distance 1/weight)"
        case .closeness: return "closeness (hops)"
        case .closenessWeighted: return "closeness (distance 1/weight)"
        case .harmonic: return "harmonic centrality (hops)"
        case .harmonicWeighted: return "harmonic centrality (distance 1/weight)"
        case .eigenvector: return "eigenvector centrality"
        case .pagerank: return "PageRank"
        case .core: return "k-core number"
        case .clustering: return "local clustering"
        }
    }
}
