extension CoauthorGraph {
    /// The core number of every node: the largest k such that the node belongs
    /// to a subgraph where every node has degree ≥ k (Batagelj & Zaversnik 2003,
    /// bucket-sort peeling).
    ///
    /// - Complexity: O(V + E).
    public func coreNumbers() -> [Int] {
        let n = nodeCount
        if n == 0 { return [] }
        var deg = (0..<n).map { degree($0) }
        let maxDeg = deg.max() ?? 0
        var bin = [Int](repeating: 0, count: maxDeg + 1)
        for d in deg { bin[d] += 1 }
        var start = 0
        for d in 0...maxDeg { let c = bin[d]; bin[d] = start; start += c }
        var vert = [Int](repeating: 0, count: n)
        var pos = [Int](repeating: 0, count: n)
        for v in 0..<n { pos[v] = bin[deg[v]]; vert[pos[v]] = v; bin[deg[v]] += 1 }
        for d in stride(from: maxDeg, to: 0, by: -1) { bin[d] = bin[d - 1] }
        bin[0] = 0
        for i in 0..<n {
            let v = vert[i]
            for k in offsets[v]..<offsets[v + 1] {
                let u = Int(neighbors[k])
                if deg[u] > deg[v] {
                    let du = deg[u], pu = pos[u], pw = bin[du], w = vert[pw]
                    if u != w { pos[u] = pw; vert[pu] = w; pos[w] = pu; vert[pw] = u }
                    bin[du] += 1
                    deg[u] -= 1
                }
            }
        }
        return deg
    }

    /// Triangles through each node, counted once per triangle.
    ///
    /// Marks the neighbours of u, then for each neighbour v > u counts common
    /// neighbours w > v; each triangle is found once and credited to its three nodes.
    /// - Complexity: O(Σ_{(u,v)} deg(v)) ≤ O(E · d_max).
    public func triangles() -> [Int] {
        let n = nodeCount
        var t = [Int](repeating: 0, count: n)
        var mark = [Int32](repeating: -1, count: n)
        for u in 0..<n {
            for k in offsets[u]..<offsets[u + 1] { mark[Int(neighbors[k])] = Int32(u) }
            for k in offsets[u]..<offsets[u + 1] {
                let v = Int(neighbors[k])
                if v <= u { continue }
                for j in offsets[v]..<offsets[v + 1] {
                    let w = Int(neighbors[j])
                    if w > v && mark[w] == Int32(u) {
                        t[u] += 1; t[v] += 1; t[w] += 1
                    }
                }
            }
        }
        return t
    }

    /// Local clustering coefficient (unweighted): 2T(u) / (deg(u)(deg(u)−1)), 0 when deg < 2.
    public func clustering(triangles t: [Int]? = nil) -> [Double] {
        let tri = t ?? triangles()
        return (0..<nodeCount).map { u in
            let d = degree(u)
            return d < 2 ? 0 : 2.0 * Double(tri[u]) / (Double(d) * Double(d - 1))
        }
    }

    /// Transitivity: 3 × triangles / connected triples (networkx's definition; 0 without triangles).
    public func transitivity(triangles t: [Int]? = nil) -> Double {
        let tri = t ?? triangles()
        var num = 0.0, den = 0.0
        for u in 0..<nodeCount {
            let d = Double(degree(u))
            num += Double(tri[u])
            den += d * (d - 1) / 2
        }
        return num == 0 ? 0 : num / den
    }
}
