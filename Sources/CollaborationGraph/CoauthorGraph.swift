/// How a shared paper adds to the weight of a collaboration.
public enum Counting: String, Sendable, CaseIterable {
    /// Weight = number of shared papers.
    case full
    /// Newman's fractional counting: a paper with n authors adds 1/(n−1) to each
    /// of its pairs, so a person's strength is their number of multi-author papers.
    case fractional
}

/// Options for projecting papers onto a co-author graph.
public struct ProjectionOptions: Sendable {
    /// Full or fractional counting.
    public var counting: Counting
    /// Papers with more authors are left out of the graph (0 = no limit).
    public var maxAuthors: Int

    /// Creates options.
    public init(counting: Counting = .full, maxAuthors: Int = 100) {
        self.counting = counting
        self.maxAuthors = maxAuthors
    }
}

/// An immutable undirected co-authorship graph in CSR form.
///
/// The neighbours of node `u` are `neighbors[offsets[u]..<offsets[u+1]]`,
/// sorted ascending; ``weights``, ``jointPapers``, ``firstYear`` and
/// ``lastYear`` run in lock step with ``neighbors``. Every edge is stored in
/// both directions with identical attributes.
public struct CoauthorGraph: Sendable {
    /// The number of nodes.
    public let nodeCount: Int
    /// Row offsets (count = nodeCount + 1).
    public let offsets: [Int]
    /// Column indices.
    public let neighbors: [Int32]
    /// Collaboration strength (shared papers, or Newman's fractional weight).
    public let weights: [Double]
    /// Shared papers per edge.
    public let jointPapers: [Int32]
    /// First and last year of a shared paper (0 when unknown).
    public let firstYear: [Int32]
    public let lastYear: [Int32]
    /// The counting that produced ``weights``.
    public let counting: Counting

    /// The number of undirected edges.
    public var edgeCount: Int { neighbors.count / 2 }

    /// Creates a graph from CSR arrays (used by subgraph extraction and tests).
    public init(nodeCount: Int, offsets: [Int], neighbors: [Int32], weights: [Double], jointPapers: [Int32],
                firstYear: [Int32], lastYear: [Int32], counting: Counting) {
        self.nodeCount = nodeCount
        self.offsets = offsets
        self.neighbors = neighbors
        self.weights = weights
        self.jointPapers = jointPapers
        self.firstYear = firstYear
        self.lastYear = lastYear
        self.counting = counting
    }

    /// The neighbours of `u`.
    @inlinable public func neighbors(of u: Int) -> ArraySlice<Int32> { neighbors[offsets[u]..<offsets[u + 1]] }

    /// The degree of `u` (number of distinct co-authors).
    @inlinable public func degree(_ u: Int) -> Int { offsets[u + 1] - offsets[u] }

    /// The sum of `u`'s edge weights.
    public func strength(_ u: Int) -> Double {
        var s = 0.0
        for k in offsets[u]..<offsets[u + 1] { s += weights[k] }
        return s
    }

    /// The CSR slot of edge (u, v), or nil. Binary search: O(log deg u).
    public func slot(_ u: Int, _ v: Int) -> Int? {
        var lo = offsets[u], hi = offsets[u + 1]
        let t = Int32(v)
        while lo < hi {
            let mid = (lo + hi) / 2
            if neighbors[mid] < t { lo = mid + 1 } else { hi = mid }
        }
        return lo < offsets[u + 1] && neighbors[lo] == t ? lo : nil
    }

    /// Projects papers onto persons: an edge for every pair of authors who share a paper.
    ///
    /// Uses each person's paper list and a scratch position array, touched
    /// entries reset after each person, so no hash table is needed; neighbour
    /// lists are then sorted for determinism. Weights are summed in paper order,
    /// so (u, v) and (v, u) carry bit-identical values.
    ///
    /// - Returns: the graph and the indices of papers left out for having more than `maxAuthors` authors.
    /// - Complexity: O(Σ_p k_p² + E log d) for papers with k_p authors.
    public static func project(_ a: Authorship, options: ProjectionOptions = ProjectionOptions()) -> (graph: CoauthorGraph, skipped: [Int]) {
        let n = a.nodeCount
        var skipped: [Int] = []
        var include = [Bool](repeating: true, count: a.paperCount)
        if options.maxAuthors > 0 {
            for p in 0..<a.paperCount where a.authorCount(of: p) > options.maxAuthors {
                include[p] = false
                skipped.append(p)
            }
        }
        let (pOff, pList) = a.papersByPerson()
        var offsets = [Int](repeating: 0, count: n + 1)
        var neighbors: [Int32] = []
        var weights: [Double] = []
        var joint: [Int32] = []
        var first: [Int32] = []
        var last: [Int32] = []
        var pos = [Int32](repeating: -1, count: n)
        var tmpV: [Int32] = [], tmpW: [Double] = [], tmpC: [Int32] = [], tmpF: [Int32] = [], tmpL: [Int32] = []
        var keys: [UInt64] = []  // (neighbour << 32 | scratch index): sorting these orders a row
        // Reserve for the directed pairs (an upper bound: repeated pairs collapse), so the rows never reallocate.
        var bound = 0
        for p in 0..<a.paperCount where include[p] { let m = a.authorCount(of: p); bound += m * (m - 1) }
        neighbors.reserveCapacity(bound); weights.reserveCapacity(bound); joint.reserveCapacity(bound)
        first.reserveCapacity(bound); last.reserveCapacity(bound)
        let full = options.counting == .full
        a.offsets.withUnsafeBufferPointer { aOff in
        a.authors.withUnsafeBufferPointer { aAuth in
        a.years.withUnsafeBufferPointer { aYears in
        pOff.withUnsafeBufferPointer { pOffP in
        pList.withUnsafeBufferPointer { pListP in
        include.withUnsafeBufferPointer { includeP in
        pos.withUnsafeMutableBufferPointer { posP in
            for u in 0..<n {
                tmpV.removeAll(keepingCapacity: true); tmpW.removeAll(keepingCapacity: true)
                tmpC.removeAll(keepingCapacity: true); tmpF.removeAll(keepingCapacity: true); tmpL.removeAll(keepingCapacity: true)
                for k in pOffP[u]..<pOffP[u + 1] {
                    let p = Int(pListP[k])
                    guard includeP[p] else { continue }
                    let lo = aOff[p], hi = aOff[p + 1]
                    let m = hi - lo
                    if m < 2 { continue }
                    let w = full ? 1.0 : 1.0 / Double(m - 1)
                    let y = aYears[p]
                    for j in lo..<hi {
                        let v = aAuth[j]
                        if Int(v) == u { continue }
                        let s = posP[Int(v)]
                        if s < 0 {
                            posP[Int(v)] = Int32(tmpV.count)
                            tmpV.append(v); tmpW.append(w); tmpC.append(1); tmpF.append(y); tmpL.append(y)
                        } else {
                            let i = Int(s)
                            tmpW[i] += w
                            tmpC[i] += 1
                            if y != 0 {
                                if tmpF[i] == 0 || y < tmpF[i] { tmpF[i] = y }
                                if y > tmpL[i] { tmpL[i] = y }
                            }
                        }
                    }
                }
                keys.removeAll(keepingCapacity: true)
                for (i, v) in tmpV.enumerated() { keys.append(UInt64(UInt32(v)) << 32 | UInt64(i)) }
                keys.sort()
                for key in keys {
                    let i = Int(key & 0xFFFF_FFFF)
                    neighbors.append(tmpV[i]); weights.append(tmpW[i]); joint.append(tmpC[i])
                    first.append(tmpF[i]); last.append(tmpL[i])
                    posP[Int(tmpV[i])] = -1
                }
                offsets[u + 1] = neighbors.count
            }
        }
        }
        }
        }
        }
        }
        }
        let g = CoauthorGraph(nodeCount: n, offsets: offsets, neighbors: neighbors, weights: weights, jointPapers: joint,
                              firstYear: first, lastYear: last, counting: options.counting)
        return (g, skipped)
    }

    /// Builds a graph from an undirected weighted edge list (for tests and reference graphs).
    /// Repeated edges add their weights; self-loops are ignored.
    public static func fromEdges(nodeCount n: Int, edges: [(Int, Int, Double)], counting: Counting = .full) -> CoauthorGraph {
        var adj = [[(Int32, Double)]](repeating: [], count: n)
        for (u, v, w) in edges where u != v {
            adj[u].append((Int32(v), w))
            adj[v].append((Int32(u), w))
        }
        var offsets = [0], nb: [Int32] = [], ws: [Double] = [], jc: [Int32] = []
        for u in 0..<n {
            let sorted = adj[u].sorted { $0.0 < $1.0 }
            var i = 0
            while i < sorted.count {
                var j = i, w = 0.0
                while j < sorted.count && sorted[j].0 == sorted[i].0 { w += sorted[j].1; j += 1 }
                nb.append(sorted[i].0); ws.append(w); jc.append(Int32(j - i))
                i = j
            }
            offsets.append(nb.count)
        }
        let zeros = [Int32](repeating: 0, count: nb.count)
        return CoauthorGraph(nodeCount: n, offsets: offsets, neighbors: nb, weights: ws, jointPapers: jc,
                             firstYear: zeros, lastYear: zeros, counting: counting)
    }
}
