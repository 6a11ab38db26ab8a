/// Options for betweenness centrality.
public struct BetweennessOptions: Sendable {
    /// Hops (BFS) or distance = 1/weight (Dijkstra).
    public var length: PathLength = .hops
    /// Normalize as networkx does (divide by the number of ordered pairs of other nodes).
    public var normalized = true
    /// Use this many source pivots instead of all nodes (nil = exact).
    public var samples: Int?
    /// Seed for choosing pivots.
    public var seed: UInt64 = 0

    /// Creates options.
    public init(length: PathLength = .hops, normalized: Bool = true, samples: Int? = nil, seed: UInt64 = 0) {
        self.length = length
        self.normalized = normalized
        self.samples = samples
        self.seed = seed
    }
}

extension CoauthorGraph {
    /// Betweenness centrality by Brandes' algorithm (Brandes 2001; variants in Brandes 2008).
    ///
    /// For each source s, a BFS (or Dijkstra on lengths 1/weight) counts shortest
    /// paths σ; dependencies δ are accumulated in reverse order of distance:
    /// δ(v) += σ(v)/σ(w) · (1 + δ(w)) over each w whose shortest paths pass v.
    /// Predecessors are recognised by distance (d(v) + ℓ(v,w) == d(w), exact
    /// floating-point equality as in networkx), so no predecessor lists are stored.
    /// Buffers are allocated once; only touched entries are reset per source.
    ///
    /// Normalization is networkx's (endpoints excluded): exact values are
    /// multiplied by 1/((n−1)(n−2)), or by 1/2 when not normalized. With
    /// `samples = k` pivots (Brandes & Pich 2007) a sampled source's value is
    /// scaled by 1/((k−1)(n−2)) and every other node's by 1/(k(n−2)), as networkx
    /// 3.6 does, so k = n gives the exact values.
    ///
    /// - Complexity: O(k·(V + E)) unweighted, O(k·(V + E) log V) weighted, for k sources (k = V when exact).
    public func betweenness(_ options: BetweennessOptions = BetweennessOptions()) -> [Double] {
        let n = nodeCount
        var bc = [Double](repeating: 0, count: n)
        if n == 0 { return bc }
        var sources: [Int]
        var sampled: [Bool]? = nil
        if let k = options.samples, k < n {
            var rng = _SplitMix(seed: options.seed)
            var all = Array(0..<n)
            // Partial Fisher–Yates: the first k entries are a uniform sample.
            for i in 0..<max(0, k) {
                let j = i + Int(rng.next() % UInt64(n - i))
                all.swapAt(i, j)
            }
            sources = Array(all.prefix(max(0, k)))
            var mark = [Bool](repeating: false, count: n)
            for s in sources { mark[s] = true }
            sampled = mark
        } else {
            sources = Array(0..<n)
        }
        let lengths = options.length == .inverseWeight ? inverseWeights() : []
        // The sources in parts at once, each summing its own dependencies; the parts' sums are then
        // added in part order, so the result does not depend on the number of cores.
        let sums = _inParts(sources.count) { [sources] range in
            var sp = _SSSP(n: n)
            var delta = [Double](repeating: 0, count: n)
            var bc = [Double](repeating: 0, count: n)
            for s in sources[range] {
                if options.length == .hops {
                    sp.bfs(self, from: s)
                    _accumulateHops(&sp, &delta, &bc, source: s)
                } else {
                    sp.dijkstra(self, lengths: lengths, from: s)
                    _accumulateWeighted(&sp, &delta, &bc, lengths: lengths, source: s)
                }
            }
            return bc
        }
        for part in sums { for v in 0..<n { bc[v] += part[v] } }
        // Rescale as networkx does.
        let N = n - 1  // endpoints excluded
        if N < 2 { return bc }
        if let mark = sampled, let k = options.samples {
            let kk = Double(k)
            if options.normalized {
                let src = k > 1 ? 1.0 / ((kk - 1) * Double(N - 1)) : Double.nan
                let non = 1.0 / (kk * Double(N - 1))
                for v in 0..<n { bc[v] *= mark[v] ? src : non }
            } else {
                let src = k > 1 ? Double(N) / ((kk - 1) * 2) : Double.nan
                let non = Double(N) / (kk * 2)
                for v in 0..<n { bc[v] *= mark[v] ? src : non }
            }
        } else {
            let scale = options.normalized ? 1.0 / (Double(N) * Double(N - 1)) : 0.5
            for v in 0..<n { bc[v] *= scale }
        }
        return bc
    }

    /// Unnormalized dependency accumulation after a BFS (each ordered pair counted once).
    func _accumulateHops(_ sp: inout _SSSP, _ delta: inout [Double], _ bc: inout [Double], source s: Int) {
        offsets.withUnsafeBufferPointer { off in
            neighbors.withUnsafeBufferPointer { nb in
                sp.hop.withUnsafeBufferPointer { hop in
                    sp.sigma.withUnsafeBufferPointer { sigma in
                        delta.withUnsafeMutableBufferPointer { delta in
                            bc.withUnsafeMutableBufferPointer { bc in
                                var i = sp.order.count - 1
                                while i >= 0 {
                                    let w = Int(sp.order[i]); i -= 1
                                    let hw = hop[w] - 1
                                    let coeff = (1 + delta[w]) / sigma[w]
                                    for k in off[w]..<off[w + 1] {
                                        let v = Int(nb[k])
                                        if hop[v] == hw { delta[v] += sigma[v] * coeff }
                                    }
                                    if w != s { bc[w] += delta[w] }
                                }
                                for v in sp.order { delta[Int(v)] = 0 }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Unnormalized dependency accumulation after Dijkstra.
    func _accumulateWeighted(_ sp: inout _SSSP, _ delta: inout [Double], _ bc: inout [Double], lengths: [Double], source s: Int) {
        var i = sp.order.count - 1
        while i >= 0 {
            let w = Int(sp.order[i]); i -= 1
            let dw = sp.dist[w]
            let coeff = (1 + delta[w]) / sp.sigma[w]
            for k in offsets[w]..<offsets[w + 1] {
                let v = Int(neighbors[k])
                if sp.dist[v] + lengths[k] == dw && sp.dist[v] < dw { delta[v] += sp.sigma[v] * coeff }
            }
            if w != s { bc[w] += delta[w] }
        }
        for v in sp.order { delta[Int(v)] = 0 }
    }
}

/// SplitMix64: a small, fast, seedable generator (Steele, Lea & Flood 2014).
public struct _SplitMix: RandomNumberGenerator, Sendable {
    private var state: UInt64
    /// Creates a generator.
    public init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
