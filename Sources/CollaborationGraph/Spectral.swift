/// Options for PageRank.
public struct PageRankOptions: Sendable {
    /// Damping factor.
    public var alpha = 0.85
    /// Stop when the L1 change is below n · tolerance (networkx's rule).
    public var tolerance = 1e-10
    /// Give up after this many iterations.
    public var maxIterations = 1000
    /// Follow edges in proportion to their weight.
    public var weighted = true

    /// Creates options.
    public init(alpha: Double = 0.85, tolerance: Double = 1e-10, maxIterations: Int = 1000, weighted: Bool = true) {
        self.alpha = alpha
        self.tolerance = tolerance
        self.maxIterations = maxIterations
        self.weighted = weighted
    }
}

/// A result of an iterative method, with whether it converged.
public struct IterativeResult: Sendable {
    /// The values per node.
    public var values: [Double]
    /// Iterations used.
    public var iterations: Int
    /// False when the iteration limit was reached first.
    public var converged: Bool
}

extension CoauthorGraph {
    /// PageRank by power iteration, as networkx computes it: a random surfer
    /// follows an edge with probability proportional to its weight (damping
    /// α), jumps uniformly otherwise, and jumps uniformly from a node with no
    /// edges (dangling mass spread uniformly).
    ///
    /// - Complexity: O(iterations · (V + E)).
    public func pagerank(_ o: PageRankOptions = PageRankOptions()) -> IterativeResult {
        let n = nodeCount
        if n == 0 { return IterativeResult(values: [], iterations: 0, converged: true) }
        var outWeight = [Double](repeating: 0, count: n)
        for u in 0..<n {
            if o.weighted { outWeight[u] = strength(u) } else { outWeight[u] = Double(degree(u)) }
        }
        let invN = 1.0 / Double(n)
        var x = [Double](repeating: invN, count: n)
        var next = [Double](repeating: 0, count: n)
        var share = [Double](repeating: 0, count: n)
        var it = 0
        var converged = false
        while it < o.maxIterations {
            it += 1
            var dangling = 0.0
            for u in 0..<n {
                if outWeight[u] == 0 { dangling += x[u]; share[u] = 0 } else { share[u] = x[u] / outWeight[u] }
            }
            let base = o.alpha * dangling * invN + (1 - o.alpha) * invN
            var err = 0.0
            offsets.withUnsafeBufferPointer { off in
                neighbors.withUnsafeBufferPointer { nb in
                    weights.withUnsafeBufferPointer { w in
                        for v in 0..<n {
                            var s = 0.0
                            if o.weighted {
                                for k in off[v]..<off[v + 1] { s += share[Int(nb[k])] * w[k] }
                            } else {
                                for k in off[v]..<off[v + 1] { s += share[Int(nb[k])] }
                            }
                            let nv = o.alpha * s + base
                            err += abs(nv - x[v])
                            next[v] = nv
                        }
                    }
                }
            }
            swap(&x, &next)
            if err < Double(n) * o.tolerance { converged = true; break }
        }
        return IterativeResult(values: x, iterations: it, converged: converged)
    }

    /// Eigenvector centrality: the leading eigenvector of the weighted adjacency
    /// matrix, L2-normalized with a positive sum (networkx's
    /// `eigenvector_centrality_numpy`). Power iteration on A + I (the shift keeps
    /// bipartite components from oscillating), started from all ones.
    ///
    /// On a disconnected graph the vector concentrates on the component with
    /// the largest eigenvalue; other components tend to 0.
    ///
    /// - Complexity: O(iterations · (V + E)).
    public func eigenvector(weighted: Bool = true, tolerance: Double = 1e-13, maxIterations: Int = 100_000) -> IterativeResult {
        let n = nodeCount
        if n == 0 { return IterativeResult(values: [], iterations: 0, converged: true) }
        var x = [Double](repeating: 1.0 / Double(n).squareRoot(), count: n)
        var y = [Double](repeating: 0, count: n)
        var it = 0
        var converged = false
        while it < maxIterations {
            it += 1
            offsets.withUnsafeBufferPointer { off in
                neighbors.withUnsafeBufferPointer { nb in
                    weights.withUnsafeBufferPointer { w in
                        for v in 0..<n {
                            var s = x[v]
                            if weighted {
                                for k in off[v]..<off[v + 1] { s += x[Int(nb[k])] * w[k] }
                            } else {
                                for k in off[v]..<off[v + 1] { s += x[Int(nb[k])] }
                            }
                            y[v] = s
                        }
                    }
                }
            }
            var norm = 0.0
            for v in 0..<n { norm += y[v] * y[v] }
            norm = norm.squareRoot()
            if norm == 0 { break }
            var diff = 0.0
            for v in 0..<n {
                let nv = y[v] / norm
                diff += abs(nv - x[v])
                x[v] = nv
            }
            if diff < Double(n) * tolerance { converged = true; break }
        }
        var sum = 0.0
        for v in x { sum += v }
        if sum < 0 { for v in 0..<n { x[v] = -x[v] } }
        return IterativeResult(values: x, iterations: it, converged: converged)
    }
}
