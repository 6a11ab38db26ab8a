import CollaborationGraph

/// A per-author measure, named as its output column.
public enum Metric: String, CaseIterable, Sendable {
    case papers
    case degree
    case strength
    /// Brandes betweenness on hops, normalized as networkx.
    case betweenness
    /// Brandes betweenness with distance = 1/weight, normalized as networkx.
    case betweennessWeighted = "betweenness_weighted"
    /// Closeness (Wasserman–Faust) on hops.
    case closeness
    /// Closeness with distance = 1/weight.
    case closenessWeighted = "closeness_weighted"
    /// Harmonic centrality on hops.
    case harmonic
    /// Harmonic centrality with distance = 1/weight.
    case harmonicWeighted = "harmonic_weighted"
    /// Leading eigenvector of the weighted adjacency matrix.
    case eigenvector
    /// Weighted PageRank, α = 0.85.
    case pagerank
    /// k-core number.
    case core
    /// Local clustering coefficient (unweighted).
    case clustering

    /// The default set for `coauthor centrality`.
    public static let defaults: [Metric] = [.papers, .degree, .strength, .betweenness, .closeness, .harmonic, .eigenvector, .pagerank, .core, .clustering]

    /// True for integer-valued metrics.
    public var isInteger: Bool { self == .papers || self == .degree || self == .core }
}

/// Options for computing metrics.
public struct MetricOptions: Sendable {
    /// Betweenness pivots (nil = exact).
    public var samples: Int?
    /// Seed for sampling.
    public var seed: UInt64 = 0
    /// PageRank damping.
    public var alpha = 0.85

    /// Creates options.
    public init(samples: Int? = nil, seed: UInt64 = 0, alpha: Double = 0.85) {
        self.samples = samples
        self.seed = seed
        self.alpha = alpha
    }
}

/// Computes metrics for every node of a network.
public enum MetricComputer {
    /// The requested metrics, each a value per node. Closeness and harmonic share one search per node.
    public static func compute(_ metrics: [Metric], on net: Network, options: MetricOptions = MetricOptions(),
                               warn: ((String) -> Void)? = nil) -> [Metric: [Double]] {
        let g = net.graph
        var out: [Metric: [Double]] = [:]
        let wanted = Set(metrics)
        if wanted.contains(.papers) { out[.papers] = net.paperCounts.map(Double.init) }
        if wanted.contains(.degree) { out[.degree] = (0..<g.nodeCount).map { Double(g.degree($0)) } }
        if wanted.contains(.strength) { out[.strength] = (0..<g.nodeCount).map { g.strength($0) } }
        if wanted.contains(.betweenness) {
            out[.betweenness] = g.betweenness(BetweennessOptions(length: .hops, samples: options.samples, seed: options.seed))
        }
        if wanted.contains(.betweennessWeighted) {
            out[.betweennessWeighted] = g.betweenness(BetweennessOptions(length: .inverseWeight, samples: options.samples, seed: options.seed))
        }
        if wanted.contains(.closeness) || wanted.contains(.harmonic) {
            let (c, h) = g.closenessAndHarmonic(length: .hops)
            out[.closeness] = c
            out[.harmonic] = h
        }
        if wanted.contains(.closenessWeighted) || wanted.contains(.harmonicWeighted) {
            let (c, h) = g.closenessAndHarmonic(length: .inverseWeight)
            out[.closenessWeighted] = c
            out[.harmonicWeighted] = h
        }
        if wanted.contains(.eigenvector) {
            let r = g.eigenvector()
            if !r.converged { warn?("eigenvector centrality did not converge in \(r.iterations) iterations; values are approximate") }
            out[.eigenvector] = r.values
        }
        if wanted.contains(.pagerank) {
            let r = g.pagerank(PageRankOptions(alpha: options.alpha))
            if !r.converged { warn?("PageRank did not converge in \(r.iterations) iterations; values are approximate") }
            out[.pagerank] = r.values
        }
        if wanted.contains(.core) { out[.core] = g.coreNumbers().map(Double.init) }
        if wanted.contains(.clustering) { out[.clustering] = g.clustering() }
        return out.filter { wanted.contains($0.key) }
    }
}
