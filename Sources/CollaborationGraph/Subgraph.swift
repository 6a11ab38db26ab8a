extension CoauthorGraph {
    /// The subgraph induced by `nodes` (any order, no repeats), renumbered
    /// 0..<nodes.count in ascending order of the original ids.
    ///
    /// - Returns: the subgraph and, for each new node, its id in this graph.
    /// - Complexity: O(V + E).
    public func induced(by nodes: [Int]) -> (graph: CoauthorGraph, original: [Int]) {
        let kept = nodes.sorted()
        var newID = [Int32](repeating: -1, count: nodeCount)
        for (i, u) in kept.enumerated() { newID[u] = Int32(i) }
        var off = [0]
        var nb: [Int32] = [], w: [Double] = [], jp: [Int32] = [], fy: [Int32] = [], ly: [Int32] = []
        for u in kept {
            for k in offsets[u]..<offsets[u + 1] {
                let v = newID[Int(neighbors[k])]
                if v < 0 { continue }
                nb.append(v); w.append(weights[k]); jp.append(jointPapers[k]); fy.append(firstYear[k]); ly.append(lastYear[k])
            }
            off.append(nb.count)
        }
        return (CoauthorGraph(nodeCount: kept.count, offsets: off, neighbors: nb, weights: w, jointPapers: jp,
                              firstYear: fy, lastYear: ly, counting: counting), kept)
    }

    /// The same nodes with only the edges of weight ≥ `minWeight`.
    ///
    /// - Complexity: O(V + E).
    public func keepingEdges(minWeight: Double) -> CoauthorGraph {
        var off = [0]
        var nb: [Int32] = [], w: [Double] = [], jp: [Int32] = [], fy: [Int32] = [], ly: [Int32] = []
        for u in 0..<nodeCount {
            for k in offsets[u]..<offsets[u + 1] where weights[k] >= minWeight {
                nb.append(neighbors[k]); w.append(weights[k]); jp.append(jointPapers[k]); fy.append(firstYear[k]); ly.append(lastYear[k])
            }
            off.append(nb.count)
        }
        return CoauthorGraph(nodeCount: nodeCount, offsets: off, neighbors: nb, weights: w, jointPapers: jp,
                             firstYear: fy, lastYear: ly, counting: counting)
    }

    /// The nodes within `radius` hops of `center` (the ego network's nodes), ascending.
    public func ball(around center: Int, radius: Int) -> [Int] {
        let t = shortestPathTree(from: center)
        return (0..<nodeCount).filter { t.hops[$0] >= 0 && t.hops[$0] <= radius }
    }
}
