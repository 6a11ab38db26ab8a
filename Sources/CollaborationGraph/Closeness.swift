extension CoauthorGraph {
    /// Closeness and harmonic centrality from one shortest-path search per node.
    ///
    /// Closeness follows networkx with the Wasserman–Faust correction for
    /// disconnected graphs: for a node reaching r nodes (itself included) at total
    /// distance D, closeness = ((r−1)/D) · ((r−1)/(n−1)), and 0 when D = 0.
    /// Harmonic centrality is Σ 1/d(u, v) over the nodes v reached (unnormalized,
    /// as networkx returns it). With `.inverseWeight`, distances are sums of 1/weight.
    ///
    /// - Complexity: O(V·(V + E)) unweighted, O(V·(V + E) log V) weighted.
    public func closenessAndHarmonic(length: PathLength = .hops) -> (closeness: [Double], harmonic: [Double]) {
        let n = nodeCount
        let lengths = length == .inverseWeight ? inverseWeights() : []
        // Each node's values come from its own search: the nodes in parts at once, joined in order.
        let parts = _inParts(n) { range in
            var sp = _SSSP(n: n)
            var values: [(closeness: Double, harmonic: Double)] = []
            values.reserveCapacity(range.count)
            for u in range {
                var total = 0.0, h = 0.0
                if length == .hops {
                    sp.bfs(self, from: u, countPaths: false)
                    for v in sp.order.dropFirst() {
                        let d = Double(sp.hop[Int(v)])
                        total += d
                        h += 1 / d
                    }
                } else {
                    sp.dijkstra(self, lengths: lengths, from: u, countPaths: false)
                    for v in sp.order.dropFirst() {
                        let d = sp.dist[Int(v)]
                        total += d
                        if d > 0 { h += 1 / d }
                    }
                }
                let reached = Double(sp.order.count - 1)
                values.append((total > 0 && n > 1 ? (reached / total) * (reached / Double(n - 1)) : 0, h))
            }
            return values
        }
        let closeness = parts.flatMap { $0.map(\.closeness) }
        let harmonic = parts.flatMap { $0.map(\.harmonic) }
        return (closeness, harmonic)
    }
}
