import Bibliography
import CollaborationGraph
import Foundation

/// Which part of the network to analyse. Applied in this order: year range
/// (papers), minimum papers per author, minimum edge weight, the authors list,
/// the ego network, the largest component, then the top N by a metric.
public struct ViewOptions: Sendable {
    /// Only papers from these years (papers without a year are left out when set).
    public var years: ClosedRange<Int>?
    /// Only authors with at least this many papers.
    public var minPapers = 0
    /// Only edges of at least this weight.
    public var minWeight = 0.0
    /// Only these authors (names, looked up leniently).
    public var authors: [String]?
    /// Only the ego network of this author…
    public var ego: String?
    /// …within this many hops.
    public var radius = 1
    /// Only the largest connected component.
    public var largestComponent = false
    /// Only the N authors ranked highest by ``topBy``.
    public var top: Int?
    /// The metric for ``top``.
    public var topBy: Metric = .papers

    /// Creates options (everything).
    public init() {}

    /// True when nothing is filtered.
    public var isEverything: Bool {
        years == nil && minPapers == 0 && minWeight == 0 && authors == nil && ego == nil && !largestComponent && top == nil
    }

    /// A description of the filters for legends and summaries.
    public var descriptions: [String] {
        var d: [String] = []
        if let y = years {
            let open = (low: y.lowerBound <= Int.min / 2, high: y.upperBound >= Int.max / 2)
            switch open {
            case (true, true): break
            case (false, true): d.append("years from \(y.lowerBound) on")
            case (true, false): d.append("years up to \(y.upperBound)")
            case (false, false): d.append(y.lowerBound == y.upperBound ? "year \(y.lowerBound)" : "years \(y.lowerBound)–\(y.upperBound)")
            }
        }
        if minPapers > 0 { d.append("authors with ≥ \(minPapers) papers") }
        if minWeight > 0 { d.append("edges of weight ≥ \(Cellish.num(minWeight))") }
        if let a = authors { d.append("\(a.count) listed authors") }
        if let e = ego { d.append("ego network of \(e), radius \(radius)") }
        if largestComponent { d.append("largest component") }
        if let t = top { d.append("top \(t) by \(topBy.rawValue)") }
        return d
    }
}

enum Cellish {
    static func num(_ d: Double) -> String { d == d.rounded() ? String(Int(d)) : String(d) }
}

/// Builds networks for views.
public enum ViewBuilder {
    /// The network of `corpus` restricted as `view` says.
    /// Names in ``ViewOptions/authors`` that match no one (or several) are passed to `warn` and
    /// left out; only when none matches is that an error.
    public static func network(_ corpus: Corpus, projection: ProjectionOptions, view: ViewOptions,
                               metricOptions: MetricOptions = MetricOptions(),
                               warn: (String) -> Void = { _ in }) throws -> Network {
        var net = Network(corpus: corpus, projection: projection, years: view.years)
        if view.minPapers > 0 {
            net = net.restricted(to: (0..<net.graph.nodeCount).filter { net.paperCounts[$0] >= view.minPapers })
        }
        if view.minWeight > 0 { net = net.keepingEdges(minWeight: view.minWeight) }
        // The name index parses every written form of every person (1.2 s of one core for the
        // 165,602 persons of mlanthology): made only when a name is looked up.
        var lookup: PersonLookup?
        func find(_ name: String) throws -> Int {
            if lookup == nil { lookup = PersonLookup(corpus) }
            return try lookup!.find(name)
        }
        if let names = view.authors {
            var nodes = Set<Int>()
            var firstError: Error?
            for n in names {
                do {
                    let p = try find(n)
                    let v = Int(net.node[p])
                    if v >= 0 { nodes.insert(v) } else { warn("\(corpus.persons[p].name) has no paper in this view; left out") }
                } catch {
                    firstError = firstError ?? error
                    warn("\(error); left out")
                }
            }
            if nodes.isEmpty, let firstError { throw firstError }
            net = net.restricted(to: Array(nodes))
        }
        if let e = view.ego {
            let p = try find(e)
            let v = Int(net.node[p])
            guard v >= 0 else { throw LookupError(query: e, candidates: [], ambiguous: false, notInView: corpus.persons[p].name) }
            net = net.restricted(to: net.graph.ball(around: v, radius: view.radius))
        }
        if view.largestComponent, net.graph.nodeCount > 0 {
            net = net.restricted(to: (0..<net.graph.nodeCount).filter { net.components.label[$0] == 0 })
        }
        if let t = view.top, t < net.graph.nodeCount {
            let values = MetricComputer.compute([view.topBy], on: net, options: metricOptions)[view.topBy]!
            let ranked = (0..<net.graph.nodeCount).sorted { values[$0] != values[$1] ? values[$0] > values[$1] : $0 < $1 }
            net = net.restricted(to: Array(ranked.prefix(t)))
        }
        return net
    }

    /// Reads an authors file: one name per line; blank lines and `#` comments ignored.
    public static func readAuthorsFile(_ path: String) throws -> [String] {
        let source = try InputSource(path: path)
        let (text, _) = TextDecoding.decode(try TextInput(source).readAllBytes())
        return text.components(separatedBy: .newlines).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }
}
