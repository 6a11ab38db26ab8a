extension CoauthorGraph {
    /// Communities by the Leiden algorithm (Traag, Waltman & van Eck 2019) on modularity:
    /// fast local moves as in ``louvain(_:)``, then a refinement inside each community that
    /// merges single nodes only into well-connected sub-communities, and aggregation by the
    /// refined partition, with each aggregate node starting in its community. Unlike Louvain,
    /// every community it returns is connected.
    ///
    /// The refinement takes the best merge greedily (the θ → 0 limit of the paper's randomized
    /// choice), visiting nodes in a seeded order, so a seed fixes the result.
    ///
    /// - Complexity: O(E) per sweep, like Louvain, plus O(E) per refinement.
    /// `iterations` runs the algorithm again from its own result, as the paper and igraph do
    /// (0: until a run improves modularity by less than 1e-5, at most 50 runs).
    public func leiden(_ o: LouvainOptions = LouvainOptions(), iterations: Int = 0) -> Partition {
        var rng = _SplitMix(seed: o.seed)
        var result = _leidenRun(o, start: nil, rng: &rng)
        let runs = iterations > 0 ? iterations : 50
        var done = 1
        while done < runs {
            let next = _leidenRun(o, start: result.community, rng: &rng)
            done += 1
            let gain = next.modularity - result.modularity
            if gain > 0 || iterations > 0 {
                result = Partition(community: next.community, sizes: next.sizes, modularity: next.modularity, levels: result.levels + next.levels)
            }
            if gain < 1e-5 && iterations == 0 { break }
        }
        return result
    }

    /// One run of Leiden, from singletons or from a partition.
    func _leidenRun(_ o: LouvainOptions, start: [Int32]?, rng: inout _SplitMix) -> Partition {
        let n = nodeCount
        var off = offsets
        var nb = neighbors
        var w = o.weighted ? weights : [Double](repeating: 1, count: neighbors.count)
        var selfLoop = [Double](repeating: 0, count: n)
        var size = n
        var membership = (0..<n).map { Int32($0) }  // original node → current (aggregate) node
        var twoM = 0.0
        for x in w { twoM += x }
        if twoM == 0 {
            return Self._finishPartition(membership, graph: self, o: o, levels: 0)
        }
        var comm = start ?? (0..<n).map { Int32($0) }  // community of each current node
        var levels = 0
        while true {
            let k = Self._strengths(offsets: off, weights: w, selfLoop: selfLoop)
            let order = Self._shuffledOrder(size, &rng)
            _ = Self._moveNodesFast(offsets: off, neighbors: nb, weights: w, strength: k, community: &comm,
                                    order: order, twoM: twoM, resolution: o.resolution, threshold: o.threshold)
            // Communities renumbered densely in order of first node.
            var rename = [Int32](repeating: -1, count: size)
            var communities: Int32 = 0
            for u in 0..<size where rename[Int(comm[u])] < 0 { rename[Int(comm[u])] = communities; communities += 1 }
            for u in 0..<size { comm[u] = rename[Int(comm[u])] }
            // Done when every community is a single node.
            if Int(communities) == size { break }
            let refined = Self._refine(offsets: off, neighbors: nb, weights: w, strength: k, community: comm,
                                       order: order, twoM: twoM, resolution: o.resolution)
            var groups: Int32 = 0
            var renameRefined = [Int32](repeating: -1, count: size)
            for u in 0..<size where renameRefined[Int(refined[u])] < 0 { renameRefined[Int(refined[u])] = groups; groups += 1 }
            let group = (0..<size).map { renameRefined[Int(refined[$0])] }
            // Nothing merged: the partition cannot be aggregated further.
            if Int(groups) == size { break }
            var nextComm = [Int32](repeating: 0, count: Int(groups))
            for u in 0..<size { nextComm[Int(group[u])] = comm[u] }
            for i in 0..<n { membership[i] = group[Int(membership[i])] }
            (off, nb, w, selfLoop) = Self._aggregate(offsets: off, neighbors: nb, weights: w, selfLoop: selfLoop,
                                                      group: group, groups: Int(groups))
            size = Int(groups)
            comm = nextComm
            levels += 1
            if levels > 100 { break }  // a safeguard; real graphs need a handful of levels
        }
        let flat = (0..<n).map { comm[Int(membership[$0])] }
        return Self._finishPartition(splittingDisconnected(flat), graph: self, o: o, levels: levels)
    }

    /// Each community split into its connected parts. Local moves never consider an empty
    /// community, so a community can end up in pieces that no move separates; splitting removes
    /// only the penalty between pieces with no edge between them, so modularity rises.
    func splittingDisconnected(_ community: [Int32]) -> [Int32] {
        let n = nodeCount
        var label = [Int32](repeating: -1, count: n)
        var next: Int32 = 0
        var stack: [Int] = []
        for s in 0..<n where label[s] < 0 {
            label[s] = next
            stack.append(s)
            while let u = stack.popLast() {
                for j in offsets[u]..<offsets[u + 1] {
                    let v = Int(neighbors[j])
                    if label[v] < 0 && community[v] == community[u] { label[v] = next; stack.append(v) }
                }
            }
            next += 1
        }
        return label
    }

    /// Leiden's refinement: inside each community, nodes start alone; a node still alone that is
    /// well connected to its community joins the well-connected sub-community (of the same
    /// community) with the largest positive modularity gain. Returns a sub-community label per node.
    static func _refine(offsets off: [Int], neighbors nb: [Int32], weights w: [Double], strength k: [Double],
                        community comm: [Int32], order: [Int], twoM: Double, resolution gamma: Double) -> [Int32] {
        let size = k.count
        var communityTotal = [Double](repeating: 0, count: size)
        for u in 0..<size { communityTotal[Int(comm[u])] += k[u] }
        var refined = (0..<size).map { Int32($0) }
        var refinedTotal = k                       // strength of each sub-community
        var members = [Int](repeating: 1, count: size)
        // Weight from each sub-community to the rest of its community (initially from each node).
        var external = [Double](repeating: 0, count: size)
        for u in 0..<size {
            for j in off[u]..<off[u + 1] {
                let v = Int(nb[j])
                if v != u && comm[v] == comm[u] { external[u] += w[j] }
            }
        }
        var weightTo = [Double](repeating: -1, count: size)
        var touched: [Int32] = []
        for u in order {
            let r = Int(refined[u])
            guard members[r] == 1 else { continue }  // only nodes still alone move
            let c = Int(comm[u])
            let ku = k[u]
            let total = communityTotal[c]
            // Well connected to its community?
            guard external[u] >= gamma * ku * (total - ku) / twoM else { continue }
            touched.removeAll(keepingCapacity: true)
            for j in off[u]..<off[u + 1] {
                let v = Int(nb[j])
                if v == u || Int(comm[v]) != c { continue }
                let s = Int(refined[v])
                if weightTo[s] < 0 { weightTo[s] = 0; touched.append(Int32(s)) }
                weightTo[s] += w[j]
            }
            var best = r
            var bestGain = 0.0
            for ss in touched {
                let s = Int(ss)
                if s == r { continue }
                // Only into sub-communities well connected to the rest of their community.
                let ts = refinedTotal[s]
                guard external[s] >= gamma * ts * (total - ts) / twoM else { continue }
                let gain = weightTo[s] - gamma * ku * ts / twoM
                if gain > bestGain + 1e-12 * max(1, abs(bestGain)) || (gain == bestGain && best != r && s < best) {
                    bestGain = gain
                    best = s
                }
            }
            if best != r {
                refined[u] = Int32(best)
                members[best] += 1
                members[r] = 0
                refinedTotal[best] += ku
                external[best] = external[best] + external[u] - 2 * weightTo[best]
            }
            for ss in touched { weightTo[Int(ss)] = -1 }
        }
        return refined
    }
}
