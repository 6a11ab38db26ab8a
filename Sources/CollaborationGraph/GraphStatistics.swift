/// Whole-graph statistics.
public struct GraphStatistics: Sendable {
    /// Nodes and edges.
    public var nodes = 0
    public var edges = 0
    /// Connected components and the largest one's size.
    public var components = 0
    public var largestComponent = 0
    /// Edges / possible edges.
    public var density = 0.0
    /// Global clustering: 3 × triangles / connected triples.
    public var transitivity = 0.0
    /// Mean local clustering over all nodes (isolated nodes count as 0, as in networkx).
    public var averageClustering = 0.0
    /// The largest component's diameter and average shortest-path length (hops).
    public var diameter = 0
    public var averagePathLength = 0.0
    /// True when the two path statistics are exact; false when estimated.
    public var pathStatisticsExact = true
    /// How the path statistics were obtained.
    public var pathMethod = ""
}

/// Options for ``CoauthorGraph/statistics(_:)``.
public struct StatisticsOptions: Sendable {
    /// Up to this many nodes in the largest component, path statistics are exact (a BFS per node).
    public var exactLimit = 20_000
    /// Above it, the average path length is estimated from this many random sources.
    public var samples = 500
    /// Seed for the sources.
    public var seed: UInt64 = 0

    /// Creates options.
    public init(exactLimit: Int = 20_000, samples: Int = 500, seed: UInt64 = 0) {
        self.exactLimit = exactLimit
        self.samples = samples
        self.seed = seed
    }
}

extension CoauthorGraph {
    /// Nodes, edges, components, density, clustering and path statistics.
    ///
    /// Path statistics are over the largest component. Exact (a BFS from every
    /// node) when it has at most `exactLimit` nodes; otherwise the average path
    /// length is the mean over BFS trees from `samples` random sources, and the
    /// diameter is the largest eccentricity seen in those BFSs and in a
    /// double sweep (a lower bound), and ``GraphStatistics/pathMethod`` says so.
    ///
    /// - Complexity: O(V·E) exact, O(samples·E) estimated, plus O(E·d_max) for triangles.
    public func statistics(_ o: StatisticsOptions = StatisticsOptions()) -> GraphStatistics {
        var s = GraphStatistics()
        s.nodes = nodeCount
        s.edges = edgeCount
        let comps = components()
        s.components = comps.count
        s.largestComponent = comps.sizes.first ?? 0
        s.density = nodeCount > 1 ? 2.0 * Double(edgeCount) / (Double(nodeCount) * Double(nodeCount - 1)) : 0
        let tri = triangles()
        s.transitivity = transitivity(triangles: tri)
        let cl = clustering(triangles: tri)
        s.averageClustering = nodeCount == 0 ? 0 : cl.reduce(0, +) / Double(nodeCount)
        guard s.largestComponent > 1 else {
            s.pathMethod = "exact"
            return s
        }
        let members = (0..<nodeCount).filter { comps.label[$0] == 0 }
        let exact = members.count <= o.exactLimit
        // Sampled: the first k of a partial Fisher–Yates shuffle, a uniform sample.
        var pool = members
        let k = exact ? members.count : min(o.samples, pool.count)
        if !exact {
            var rng = _SplitMix(seed: o.seed)
            for i in 0..<k {
                let j = i + Int(rng.next() % UInt64(pool.count - i))
                pool.swapAt(i, j)
            }
        }
        let sources = Array(pool.prefix(k))
        // Searches from the sources in parts at once: hop sums and the largest eccentricity per
        // part (integers: the same whatever the parts).
        let n = nodeCount
        let parts = _inParts(sources.count) { range in
            var sp = _SSSP(n: n)
            var (total, pairs, maxEcc) = (0, 0, 0)
            for u in sources[range] {
                sp.bfs(self, from: u, countPaths: false)
                var ecc: Int32 = 0
                for v in sp.order {
                    let h = sp.hop[Int(v)]
                    total += Int(h)
                    if h > ecc { ecc = h }
                }
                pairs += sp.order.count - 1
                maxEcc = max(maxEcc, Int(ecc))
            }
            return (total: total, pairs: pairs, maxEcc: maxEcc)
        }
        let total = parts.reduce(0) { $0 + $1.total }
        let pairs = parts.reduce(0) { $0 + $1.pairs }
        var maxEcc = parts.map(\.maxEcc).max() ?? 0
        if exact {
            s.pathMethod = "exact (BFS from all \(members.count) nodes of the largest component)"
        } else {
            // Double sweep for a better diameter bound: BFS from the farthest node found.
            var sp = _SSSP(n: n)
            sp.bfs(self, from: pool[0], countPaths: false)
            if let far = sp.order.last {
                let ecc = sp.hop[Int(far)]
                sp.bfs(self, from: Int(far), countPaths: false)
                let ecc2 = sp.order.last.map { sp.hop[Int($0)] } ?? ecc
                maxEcc = max(maxEcc, Int(ecc), Int(ecc2))
            }
            s.pathStatisticsExact = false
            s.pathMethod = "estimated: average over BFS from \(k) random sources (seed \(o.seed)); diameter is a lower bound (largest eccentricity seen, with a double sweep)"
        }
        s.diameter = maxEcc
        s.averagePathLength = pairs > 0 ? Double(total) / Double(pairs) : 0
        return s
    }
}
