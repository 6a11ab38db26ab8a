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
        let full = options.counting == .full
        // A node's row depends on its own papers alone: the nodes in parts at once, each part
        // writing its rows into buffers of its own, joined in node order (the same graph as one
        // pass gives).
        let parts = _inParts(n, parts: 8) { [include] nodes in
            projectRows(nodes, a, pOff: pOff, pList: pList, include: include, full: full)
        }
        let count = parts.reduce(0) { $0 + $1.count }
        var offsets = [Int](repeating: 0, count: n + 1)
        var neighbors: [Int32] = [], weights: [Double] = [], joint: [Int32] = [], first: [Int32] = [], last: [Int32] = []
        neighbors.reserveCapacity(count); weights.reserveCapacity(count); joint.reserveCapacity(count)
        first.reserveCapacity(count); last.reserveCapacity(count)
        for part in parts {
            let base = neighbors.count
            for (i, u) in part.nodes.enumerated() { offsets[u + 1] = base + part.ends[i] }
            let b = part.buffers
            neighbors.append(contentsOf: UnsafeBufferPointer(start: b.neighbors, count: part.count))
            weights.append(contentsOf: UnsafeBufferPointer(start: b.weights, count: part.count))
            joint.append(contentsOf: UnsafeBufferPointer(start: b.joint, count: part.count))
            first.append(contentsOf: UnsafeBufferPointer(start: b.first, count: part.count))
            last.append(contentsOf: UnsafeBufferPointer(start: b.last, count: part.count))
            b.deallocate()
        }
        let g = CoauthorGraph(nodeCount: n, offsets: offsets, neighbors: neighbors, weights: weights, jointPapers: joint,
                              firstYear: first, lastYear: last, counting: options.counting)
        return (g, skipped)
    }

    /// The projected rows of `nodes`, in order: their entries in `buffers` (`count` of them; the
    /// caller deallocates) and where each node's row ends among them.
    private struct ProjectedRows: @unchecked Sendable {
        let nodes: Range<Int>
        let buffers: RowBuffers
        let count: Int
        let ends: [Int]
    }

    /// Projects the rows of `nodes`: each row's neighbours in id order, with the weight, shared
    /// papers and first and last year of each pair.
    private static func projectRows(_ nodes: Range<Int>, _ a: Authorship, pOff: [Int], pList: [Int32], include: [Bool],
                                    full: Bool) -> ProjectedRows {
        let n = a.nodeCount
        // Directed pairs from these nodes, an upper bound on their entries (repeated pairs collapse);
        // and the most one row can hold.
        var bound = 0, rowBound = 0
        for u in nodes {
            var r = 0
            for k in pOff[u]..<pOff[u + 1] where include[Int(pList[k])] { r += max(0, a.authorCount(of: Int(pList[k])) - 1) }
            bound += r
            rowBound = max(rowBound, r)
        }
        // Raw buffers: the rows are written once, in order, with no growth checks.
        let out = RowBuffers(capacity: bound)
        let row = RowBuffers(capacity: min(rowBound, n))
        let keys = UnsafeMutablePointer<UInt64>.allocate(capacity: max(min(rowBound, n), 1))  // neighbour << 32 | scratch slot
        let pos = UnsafeMutablePointer<Int32>.allocate(capacity: max(n, 1))
        pos.initialize(repeating: -1, count: n)
        defer { row.deallocate(); keys.deallocate(); pos.deallocate() }
        var ends = [Int](repeating: 0, count: nodes.count)
        var count = 0
        a.offsets.withUnsafeBufferPointer { aOff in
        a.authors.withUnsafeBufferPointer { aAuth in
        a.years.withUnsafeBufferPointer { aYears in
        pOff.withUnsafeBufferPointer { pOffP in
        pList.withUnsafeBufferPointer { pListP in
        include.withUnsafeBufferPointer { includeP in
            for u in nodes {
                var r = 0
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
                        let s = pos[Int(v)]
                        if s < 0 {
                            pos[Int(v)] = Int32(r)
                            row.neighbors[r] = v; row.weights[r] = w; row.joint[r] = 1; row.first[r] = y; row.last[r] = y
                            r += 1
                        } else {
                            let i = Int(s)
                            row.weights[i] += w
                            row.joint[i] += 1
                            if y != 0 {
                                if row.first[i] == 0 || y < row.first[i] { row.first[i] = y }
                                if y > row.last[i] { row.last[i] = y }
                            }
                        }
                    }
                }
                for i in 0..<r { keys[i] = UInt64(UInt32(row.neighbors[i])) << 32 | UInt64(i) }
                var rowKeys = UnsafeMutableBufferPointer(start: keys, count: r)
                rowKeys.sort()
                for j in 0..<r {
                    let i = Int(keys[j] & 0xFFFF_FFFF)
                    out.neighbors[count] = row.neighbors[i]; out.weights[count] = row.weights[i]; out.joint[count] = row.joint[i]
                    out.first[count] = row.first[i]; out.last[count] = row.last[i]
                    pos[Int(row.neighbors[i])] = -1
                    count += 1
                }
                ends[u - nodes.lowerBound] = count
            }
        }
        }
        }
        }
        }
        }
        return ProjectedRows(nodes: nodes, buffers: out, count: count, ends: ends)
    }

    /// Uninitialized parallel arrays for projected rows (plain integers and doubles: no deinitialization).
    private struct RowBuffers {
        let neighbors: UnsafeMutablePointer<Int32>
        let weights: UnsafeMutablePointer<Double>
        let joint: UnsafeMutablePointer<Int32>
        let first: UnsafeMutablePointer<Int32>
        let last: UnsafeMutablePointer<Int32>

        init(capacity: Int) {
            let c = max(capacity, 1)
            neighbors = .allocate(capacity: c); weights = .allocate(capacity: c); joint = .allocate(capacity: c)
            first = .allocate(capacity: c); last = .allocate(capacity: c)
        }

        func deallocate() {
            neighbors.deallocate(); weights.deallocate(); joint.deallocate(); first.deallocate(); last.deallocate()
        }
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
