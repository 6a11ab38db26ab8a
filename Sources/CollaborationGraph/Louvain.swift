/// Options for community detection.
public struct LouvainOptions: Sendable {
    /// Resolution γ: higher gives more, smaller communities.
    public var resolution = 1.0
    /// Seed for the node order; the same seed gives the same partition.
    public var seed: UInt64 = 0
    /// Use edge weights.
    public var weighted = true
    /// A pass stops when a sweep improves modularity by less than this.
    public var threshold = 1e-7

    /// Creates options.
    public init(resolution: Double = 1.0, seed: UInt64 = 0, weighted: Bool = true, threshold: Double = 1e-7) {
        self.resolution = resolution
        self.seed = seed
        self.weighted = weighted
        self.threshold = threshold
    }
}

/// A partition of the nodes into communities.
public struct Partition: Sendable {
    /// Community of each node: 0 is the largest; ties go to the community with the smaller lowest node.
    public let community: [Int32]
    /// Size of each community.
    public let sizes: [Int]
    /// Modularity of the partition at the resolution used.
    public let modularity: Double
    /// Number of aggregation levels used.
    public let levels: Int

    /// The number of communities.
    public var count: Int { sizes.count }
}

extension CoauthorGraph {
    /// Modularity of a partition: Q = Σ_c [ L_c/m − γ (d_c / 2m)² ] for
    /// undirected weights, with L_c the weight inside c and d_c its total
    /// strength (Newman & Girvan 2004; networkx's `modularity`).
    ///
    /// - Complexity: O(V + E).
    public func modularity(_ community: [Int32], resolution: Double = 1, weighted: Bool = true) -> Double {
        let k = (community.max().map { Int($0) } ?? -1) + 1
        var inside = [Double](repeating: 0, count: k)
        var total = [Double](repeating: 0, count: k)
        var twoM = 0.0
        for u in 0..<nodeCount {
            let cu = Int(community[u])
            for j in offsets[u]..<offsets[u + 1] {
                let w = weighted ? weights[j] : 1
                twoM += w
                total[cu] += w
                if community[Int(neighbors[j])] == community[u] { inside[cu] += w }
            }
        }
        if twoM == 0 { return 0 }
        var q = 0.0
        for c in 0..<k {
            q += inside[c] / twoM - resolution * (total[c] / twoM) * (total[c] / twoM)
        }
        return q
    }

    /// Communities by the Louvain method (Blondel et al. 2008): local moves of
    /// single nodes to the neighbouring community with the best modularity gain,
    /// then aggregation of communities into nodes, repeated until nothing moves.
    /// Nodes are visited in a seeded random order; ties keep the current
    /// community, then the lowest community id, so a seed fixes the result.
    ///
    /// - Complexity: O(E) per sweep; typically a few sweeps per level and a few levels.
    public func louvain(_ o: LouvainOptions = LouvainOptions()) -> Partition {
        let n = nodeCount
        var rng = _SplitMix(seed: o.seed)
        // The working (aggregated) graph.
        var off = offsets
        var nb = neighbors
        var w = o.weighted ? weights : [Double](repeating: 1, count: neighbors.count)
        var selfLoop = [Double](repeating: 0, count: n)
        var size = n
        var membership = (0..<n).map { Int32($0) }  // original node → current node
        var twoM = 0.0
        for x in w { twoM += x }
        if twoM == 0 {
            return Self._finishPartition(membership, graph: self, o: o, levels: 0)
        }
        var levels = 0
        while true {
            let k = Self._strengths(offsets: off, weights: w, selfLoop: selfLoop)
            var comm = (0..<size).map { Int32($0) }
            let order = Self._shuffledOrder(size, &rng)
            let moved = Self._moveNodesFast(offsets: off, neighbors: nb, weights: w, strength: k, community: &comm,
                                            order: order, twoM: twoM, resolution: o.resolution, threshold: o.threshold)
            if !moved { break }
            // Renumber communities densely in order of first node.
            var rename = [Int32](repeating: -1, count: size)
            var next: Int32 = 0
            for u in 0..<size where rename[Int(comm[u])] < 0 { rename[Int(comm[u])] = next; next += 1 }
            let newSize = Int(next)
            for i in 0..<n { membership[i] = rename[Int(comm[Int(membership[i])])] }
            let group = (0..<size).map { rename[Int(comm[$0])] }
            let (newOff, newNb, newW, newSelf) = Self._aggregate(offsets: off, neighbors: nb, weights: w, selfLoop: selfLoop,
                                                                 group: group, groups: newSize)
            off = newOff; nb = newNb; w = newW; selfLoop = newSelf; size = newSize
            levels += 1
            if newSize == 1 { break }
        }
        return Self._finishPartition(membership, graph: self, o: o, levels: levels)
    }

    static func _finishPartition(_ membership: [Int32], graph: CoauthorGraph, o: LouvainOptions, levels: Int) -> Partition {
        let n = membership.count
        let k = (membership.max().map { Int($0) } ?? -1) + 1
        var sizes = [Int](repeating: 0, count: k)
        var lowest = [Int](repeating: Int.max, count: k)
        for (u, c) in membership.enumerated() {
            sizes[Int(c)] += 1
            lowest[Int(c)] = min(lowest[Int(c)], u)
        }
        let order = (0..<k).sorted { sizes[$0] != sizes[$1] ? sizes[$0] > sizes[$1] : lowest[$0] < lowest[$1] }
        var rename = [Int32](repeating: 0, count: k)
        for (i, c) in order.enumerated() { rename[c] = Int32(i) }
        let community = (0..<n).map { rename[Int(membership[$0])] }
        return Partition(community: community, sizes: order.map { sizes[$0] },
                         modularity: graph.modularity(community, resolution: o.resolution, weighted: o.weighted), levels: levels)
    }
}

extension CoauthorGraph {
    /// The local-moving phase shared by Louvain and Leiden: moves single nodes of a (possibly
    /// aggregated) graph to the neighbouring community with the best modularity gain, starting
    /// from `comm`, visiting `order` first and then a queue of the neighbours of moved nodes.
    /// Returns whether any node moved.
    static func _moveNodesFast(offsets off: [Int], neighbors nb: [Int32], weights w: [Double], strength k: [Double],
                               community comm: inout [Int32], order: [Int], twoM: Double, resolution: Double,
                               threshold: Double) -> Bool {
        let size = k.count
        // Community totals (for singletons exactly the strengths).
        var tot = [Double](repeating: 0, count: size)
        for u in 0..<size { tot[Int(comm[u])] += k[u] }
        var neighWeight = [Double](repeating: -1, count: size)
        var touched: [Int32] = []
        var moved = false
        let gamma = resolution
        // Local moves with a work queue (the "fast local move" of Traag et al. 2019): every node
        // once in seeded order, then only the neighbours of nodes that moved, until none moves
        // or a pass of the queue gains less than the threshold. Buffers are raw pointers here:
        // this loop is where Louvain spends its time.
        var inQueue = [Bool](repeating: true, count: size)
        var queue = order
        var head = 0
        var passGain = 0.0
        var passEnd = queue.count
        off.withUnsafeBufferPointer { offP in
            nb.withUnsafeBufferPointer { nbP in
                w.withUnsafeBufferPointer { wP in
                    comm.withUnsafeMutableBufferPointer { commP in
                        tot.withUnsafeMutableBufferPointer { totP in
                            neighWeight.withUnsafeMutableBufferPointer { nwP in
                                k.withUnsafeBufferPointer { kP in
                                    while head < queue.count {
                                        let u = queue[head]
                                        head += 1
                                        inQueue[u] = false
                                        let cu = Int(commP[u])
                                        let ku = kP[u]
                                        touched.removeAll(keepingCapacity: true)
                                        nwP[cu] = 0
                                        touched.append(Int32(cu))
                                        for j in offP[u]..<offP[u + 1] {
                                            let v = Int(nbP[j])
                                            if v == u { continue }
                                            let c = Int(commP[v])
                                            if nwP[c] < 0 { nwP[c] = 0; touched.append(Int32(c)) }
                                            nwP[c] += wP[j]
                                        }
                                        totP[cu] -= ku
                                        let scale = gamma * ku / twoM
                                        let base = nwP[cu] - totP[cu] * scale
                                        var best = cu
                                        var bestGain = base
                                        for cc in touched {
                                            let c = Int(cc)
                                            if c == cu { continue }
                                            let gain = nwP[c] - totP[c] * scale
                                            if gain > bestGain + 1e-12 * max(1, abs(bestGain)) || (gain == bestGain && c < best && best != cu) {
                                                bestGain = gain
                                                best = c
                                            }
                                        }
                                        totP[best] += ku
                                        if best != cu {
                                            commP[u] = Int32(best)
                                            passGain += (bestGain - base) / twoM * 2
                                            moved = true
                                            // Neighbours outside the new community may now prefer it.
                                            for j in offP[u]..<offP[u + 1] {
                                                let v = Int(nbP[j])
                                                if !inQueue[v] && Int(commP[v]) != best { inQueue[v] = true; queue.append(v) }
                                            }
                                        }
                                        for cc in touched { nwP[Int(cc)] = -1 }
                                        if head == passEnd {
                                            // One pass of the queue done: stop when it gained too little.
                                            if passGain < threshold { break }
                                            passGain = 0
                                            passEnd = queue.count
                                        }
                                        if head > 1 << 20 && head > queue.count / 2 {
                                            queue.removeFirst(head)
                                            passEnd -= head
                                            head = 0
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return moved
    }
}

extension CoauthorGraph {
    /// The graph of `groups` nodes whose node c stands for the nodes u with group[u] == c: weights
    /// between groups summed, weight inside a group (and its members' self-loops) as c's self-loop.
    static func _aggregate(offsets off: [Int], neighbors nb: [Int32], weights w: [Double], selfLoop: [Double],
                           group: [Int32], groups newSize: Int) -> ([Int], [Int32], [Double], [Double]) {
        let size = group.count
        // Aggregate: edges between communities summed; internal weight becomes a self-loop.
        var newSelf = [Double](repeating: 0, count: newSize)
        var members = [[Int]](repeating: [], count: newSize)
        for u in 0..<size {
            let c = Int(group[u])
            members[c].append(u)
            newSelf[c] += selfLoop[u]
        }
        var newOff = [Int](repeating: 0, count: newSize + 1)
        var newNb: [Int32] = []
        var newW: [Double] = []
        var acc = [Double](repeating: 0, count: newSize)
        var seen = [Bool](repeating: false, count: newSize)
        var list: [Int] = []
        for c in 0..<newSize {
            list.removeAll(keepingCapacity: true)
            for u in members[c] {
                for j in off[u]..<off[u + 1] {
                    let d = Int(group[Int(nb[j])])
                    if d == c { newSelf[c] += w[j]; continue }
                    if !seen[d] { seen[d] = true; list.append(d) }
                    acc[d] += w[j]
                }
            }
            list.sort()
            for d in list {
                newNb.append(Int32(d)); newW.append(acc[d])
                acc[d] = 0; seen[d] = false
            }
            newOff[c + 1] = newNb.count
        }
        return (newOff, newNb, newW, newSelf)
    }
}

extension CoauthorGraph {
    /// Node strengths of a (possibly aggregated) graph; self-loops count in full, as A_ii.
    static func _strengths(offsets off: [Int], weights w: [Double], selfLoop: [Double]) -> [Double] {
        (0..<selfLoop.count).map { u in
            var s = selfLoop[u]
            for j in off[u]..<off[u + 1] { s += w[j] }
            return s
        }
    }

    /// 0..<n in a seeded random order (Fisher–Yates).
    static func _shuffledOrder(_ n: Int, _ rng: inout _SplitMix) -> [Int] {
        var order = Array(0..<n)
        for i in stride(from: n - 1, to: 0, by: -1) {
            let j = Int(rng.next() % UInt64(i + 1))
            order.swapAt(i, j)
        }
        return order
    }
}
