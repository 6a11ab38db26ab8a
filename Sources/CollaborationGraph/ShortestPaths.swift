/// Edge lengths for shortest-path measures.
public enum PathLength: String, Sendable, CaseIterable {
    /// Every edge has length 1 (breadth-first search).
    case hops
    /// An edge's length is 1 / weight: strong collaborations are short (Dijkstra).
    case inverseWeight
}

extension CoauthorGraph {
    /// Edge lengths 1/weight in lock step with ``neighbors`` (computed as `1.0 / w`, as networkx does).
    public func inverseWeights() -> [Double] {
        weights.map { 1.0 / $0 }
    }
}

/// A binary min-heap of (distance, node) with lazy deletion, for Dijkstra.
struct _MinHeap {
    var keys: [Double] = []
    var nodes: [Int32] = []

    var isEmpty: Bool { keys.isEmpty }

    mutating func removeAll() { keys.removeAll(keepingCapacity: true); nodes.removeAll(keepingCapacity: true) }

    mutating func push(_ k: Double, _ v: Int32) {
        keys.append(k); nodes.append(v)
        var i = keys.count - 1
        while i > 0 {
            let p = (i - 1) >> 1
            if keys[p] <= k { break }
            keys[i] = keys[p]; nodes[i] = nodes[p]
            i = p
        }
        keys[i] = k; nodes[i] = v
    }

    mutating func pop() -> (Double, Int32) {
        let top = (keys[0], nodes[0])
        let lk = keys.removeLast(), lv = nodes.removeLast()
        let n = keys.count
        if n > 0 {
            var i = 0
            while true {
                var c = 2 * i + 1
                if c >= n { break }
                if c + 1 < n && keys[c + 1] < keys[c] { c += 1 }
                if keys[c] >= lk { break }
                keys[i] = keys[c]; nodes[i] = nodes[c]
                i = c
            }
            keys[i] = lk; nodes[i] = lv
        }
        return top
    }
}

/// Reusable single-source shortest-path state: buffers are allocated once and
/// only the touched entries are reset between sources.
///
/// Invariant between runs: `hop[v] == -1` and `dist[v] == .infinity` for every v.
struct _SSSP {
    let n: Int
    var hop: [Int32]        // BFS distance, -1 = unreached
    var dist: [Double]      // weighted distance, +inf = unreached
    var sigma: [Double]     // number of shortest paths (double: integers overflow)
    var order: [Int32]      // nodes in non-decreasing distance
    var heap = _MinHeap()

    init(n: Int) {
        self.n = n
        hop = [Int32](repeating: -1, count: n)
        dist = [Double](repeating: .infinity, count: n)
        sigma = [Double](repeating: 0, count: n)
        order = []
        order.reserveCapacity(n)
    }

    /// Resets what the last run touched.
    mutating func reset() {
        for v in order { hop[Int(v)] = -1; dist[Int(v)] = .infinity; sigma[Int(v)] = 0 }
        order.removeAll(keepingCapacity: true)
    }

    /// Breadth-first search from `s`: fills hop, sigma and order.
    ///
    /// - Complexity: O(V + E) over the reached part.
    mutating func bfs(_ g: CoauthorGraph, from s: Int, countPaths: Bool = true) {
        reset()
        hop[s] = 0
        sigma[s] = 1
        order.append(Int32(s))
        var head = 0
        g.offsets.withUnsafeBufferPointer { off in
            g.neighbors.withUnsafeBufferPointer { nb in
                hop.withUnsafeMutableBufferPointer { hop in
                    sigma.withUnsafeMutableBufferPointer { sigma in
                        while head < order.count {
                            let u = Int(order[head]); head += 1
                            let hu = hop[u] + 1
                            let su = sigma[u]
                            for k in off[u]..<off[u + 1] {
                                let v = Int(nb[k])
                                let hv = hop[v]
                                if hv < 0 {
                                    hop[v] = hu
                                    sigma[v] = su
                                    order.append(Int32(v))
                                } else if countPaths && hv == hu {
                                    sigma[v] += su
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Dijkstra from `s` with edge lengths `len` (parallel to the CSR): fills dist, sigma and order.
    /// Path counts follow networkx: a tie is an exactly equal floating-point distance.
    ///
    /// - Complexity: O((V + E) log V) over the reached part.
    mutating func dijkstra(_ g: CoauthorGraph, lengths len: [Double], from s: Int, countPaths: Bool = true) {
        reset()
        heap.removeAll()
        dist[s] = 0
        sigma[s] = 1
        heap.push(0, Int32(s))
        // hop[v] == 1 marks "settled" here (hop is otherwise unused by Dijkstra).
        while !heap.isEmpty {
            let (d, vv) = heap.pop()
            let v = Int(vv)
            if hop[v] >= 0 || d > dist[v] { continue }
            hop[v] = 1
            order.append(vv)
            for k in g.offsets[v]..<g.offsets[v + 1] {
                let w = Int(g.neighbors[k])
                if hop[w] >= 0 { continue }
                let nd = d + len[k]
                let dw = dist[w]
                if nd < dw {
                    dist[w] = nd
                    sigma[w] = sigma[v]
                    heap.push(nd, Int32(w))
                } else if countPaths && nd == dw {
                    sigma[w] += sigma[v]
                }
            }
        }
    }
}

/// The result of a single-source search, named for callers.
public struct ShortestPathTree: Sendable {
    /// Hops from the source (-1 when unreachable).
    public let hops: [Int32]
    /// Parent on one shortest path (-1 for the source and unreachable nodes); among several
    /// parents the one with the smallest id, so paths are deterministic.
    public let parent: [Int32]
}

extension CoauthorGraph {
    /// Breadth-first distances and parents from `source`.
    ///
    /// - Complexity: O(V + E).
    public func shortestPathTree(from source: Int) -> ShortestPathTree {
        var hops = [Int32](repeating: -1, count: nodeCount)
        var parent = [Int32](repeating: -1, count: nodeCount)
        var queue = [Int32]()
        queue.reserveCapacity(nodeCount)
        hops[source] = 0
        queue.append(Int32(source))
        var head = 0
        while head < queue.count {
            let u = Int(queue[head]); head += 1
            for k in offsets[u]..<offsets[u + 1] {
                let v = Int(neighbors[k])
                if hops[v] < 0 {
                    hops[v] = hops[u] + 1
                    parent[v] = Int32(u)
                    queue.append(Int32(v))
                } else if hops[v] == hops[u] + 1 && Int32(u) < parent[v] {
                    parent[v] = Int32(u)
                }
            }
        }
        return ShortestPathTree(hops: hops, parent: parent)
    }

    /// A shortest path from `a` to `b` (node ids, both ends included), or nil when unreachable.
    public func shortestPath(from a: Int, to b: Int) -> [Int]? {
        let t = shortestPathTree(from: a)
        if t.hops[b] < 0 { return nil }
        var path = [b]
        var v = b
        while v != a { v = Int(t.parent[v]); path.append(v) }
        return path.reversed()
    }
}
