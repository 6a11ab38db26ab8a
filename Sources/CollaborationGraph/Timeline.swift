/// One year of a corpus timeline.
public struct TimelineYear: Sendable, Equatable {
    /// The year.
    public var year: Int
    /// Papers dated that year (multi- and single-author).
    public var papers = 0
    /// Authors with a paper that year.
    public var activeAuthors = 0
    /// Authors whose first paper is that year.
    public var newAuthors = 0
    /// Pairs whose first joint paper is that year.
    public var newCollaborations = 0
    /// The network so far (or in the window ending that year): nodes, edges, components,
    /// and the largest component's share of the nodes.
    public var nodes = 0
    public var edges = 0
    public var components = 0
    public var largestComponent = 0
    public var largestShare: Double { nodes == 0 ? 0 : Double(largestComponent) / Double(nodes) }
}

/// One year of an author's timeline.
public struct AuthorYear: Sendable, Equatable {
    /// The year.
    public var year: Int
    /// The author's papers that year.
    public var papers = 0
    /// Distinct co-authors that year.
    public var coauthors = 0
    /// Co-authors whose first joint paper with the author is that year (ids, ascending).
    public var newCoauthors: [Int32] = []
    /// Distinct co-authors up to and including that year.
    public var cumulativeCoauthors = 0
    /// The author's degree in the graph up to that year (co-authors through papers within the author limit).
    public var degree = 0
    /// The author's betweenness (hops, normalized) in the network up to that year; nil when not
    /// computed (the author's component was above the exact limit and no sampling was asked for).
    public var betweenness: Double? = 0
    /// The size of the author's component up to that year.
    public var componentSize = 0
}

/// Union–find with union by size and path compression, for components that only grow.
struct _GrowingComponents {
    var parent: [Int]
    var size: [Int]
    /// The largest component's size.
    private(set) var largest = 1

    init(count: Int) {
        parent = Array(0..<count)
        size = [Int](repeating: 1, count: count)
    }

    mutating func find(_ x: Int) -> Int {
        var r = x
        while parent[r] != r { r = parent[r] }
        var y = x
        while parent[y] != r { let n = parent[y]; parent[y] = r; y = n }
        return r
    }

    /// Joins two components; true when they were apart.
    @discardableResult
    mutating func union(_ a: Int, _ b: Int) -> Bool {
        let ra = find(a), rb = find(b)
        if ra == rb { return false }
        let (big, small) = size[ra] >= size[rb] ? (ra, rb) : (rb, ra)
        parent[small] = big
        size[big] += size[small]
        largest = max(largest, size[big])
        return true
    }
}

extension Authorship {
    /// Paper indices per year.
    func papersByYear() -> [Int: [Int]] {
        var out: [Int: [Int]] = [:]
        for p in 0..<paperCount where years[p] != 0 { out[Int(years[p]), default: []].append(p) }
        return out
    }

    /// How collaboration grows year by year.
    ///
    /// Cumulative by default: each year's network holds every paper up to that
    /// year (an incremental union–find gives components in near-linear time).
    /// With `window = N`, each year's network holds only the papers of the N
    /// years ending there. Papers with more than `maxAuthors` authors add
    /// nodes but no edges (0 = no limit). Papers without a year are left out.
    ///
    /// - Complexity: O(Σ k_p² α(V)) cumulative; O(years · window papers) with a window.
    public func timeline(window: Int? = nil, maxAuthors: Int = 0) -> [TimelineYear] {
        let byYear = papersByYear()
        let yearsList = byYear.keys.sorted()
        guard let first = yearsList.first, let last = yearsList.last else { return [] }
        var firstSeen = [Int32](repeating: 0, count: nodeCount)
        var seenPair = Set<UInt64>()
        var rows: [TimelineYear] = []
        // Cumulative state.
        var uf = _GrowingComponents(count: nodeCount)
        var present = [Bool](repeating: false, count: nodeCount)
        var nodes = 0, comps = 0
        var edgeSet = Set<UInt64>()
        for y in first...last {
            var row = TimelineYear(year: y)
            let ps = byYear[y] ?? []
            row.papers = ps.count
            var active = Set<Int32>()
            for p in ps {
                let a = authors(of: p)
                for x in a {
                    active.insert(x)
                    if firstSeen[Int(x)] == 0 { firstSeen[Int(x)] = Int32(y); row.newAuthors += 1 }
                }
                let include = (maxAuthors == 0 || a.count <= maxAuthors) && !excludedFromGraph.contains(p)
                guard include else { continue }
                let list = Array(a)
                for i in 0..<list.count {
                    for j in (i + 1)..<list.count {
                        let u = min(list[i], list[j]), v = max(list[i], list[j])
                        if seenPair.insert(UInt64(u) << 32 | UInt64(v)).inserted { row.newCollaborations += 1 }
                    }
                }
            }
            row.activeAuthors = active.count
            if window == nil {
                for p in ps {
                    let list = Array(authors(of: p))
                    for x in list where !present[Int(x)] { present[Int(x)] = true; nodes += 1; comps += 1 }
                    guard (maxAuthors == 0 || list.count <= maxAuthors) && !excludedFromGraph.contains(p) else { continue }
                    for i in 0..<list.count {
                        for j in (i + 1)..<list.count {
                            let u = Int(min(list[i], list[j])), v = Int(max(list[i], list[j]))
                            edgeSet.insert(UInt64(u) << 32 | UInt64(v))
                            if uf.union(u, v) { comps -= 1 }
                        }
                    }
                }
                row.nodes = nodes; row.edges = edgeSet.count; row.components = comps; row.largestComponent = nodes == 0 ? 0 : uf.largest
            } else {
                let w = max(1, window!)
                var sub: [[Int32]] = []
                var inWindow = Set<Int32>()
                for yy in (y - w + 1)...y {
                    for p in byYear[yy] ?? [] {
                        inWindow.formUnion(authors(of: p))
                        if !excludedFromGraph.contains(p) { sub.append(Array(authors(of: p))) }
                    }
                }
                let a = Authorship(nodeCount: nodeCount, papers: sub)
                let (g, _) = CoauthorGraph.project(a, options: ProjectionOptions(maxAuthors: maxAuthors))
                let (h, _) = g.induced(by: inWindow.map(Int.init))
                let c = h.components()
                row.nodes = h.nodeCount; row.edges = h.edgeCount; row.components = c.count; row.largestComponent = c.sizes.first ?? 0
            }
            rows.append(row)
        }
        return rows
    }

    /// An author's timeline: papers, co-authors (new and cumulative) and
    /// betweenness in the network up to each year, from the author's first
    /// year to the last year of the corpus.
    ///
    /// Components grow through an incremental union–find. Betweenness is
    /// computed on the author's component only (paths never leave it): exactly
    /// while it has at most `exactLimit` nodes; above that from `samples` seeded
    /// pivots when `samples` is given, else left out (nil). It is normalized
    /// over every author with a paper up to that year, as networkx would on the
    /// whole network.
    public func authorTimeline(_ author: Int, maxAuthors: Int = 0, exactLimit: Int = 5000, samples: Int? = nil, seed: UInt64 = 0) -> [AuthorYear] {
        let byYear = papersByYear()
        let a32 = Int32(author)
        guard let firstYear = byYear.filter({ $0.value.contains { authors(of: $0).contains(a32) } }).keys.min(),
              let lastYear = byYear.keys.max() else { return [] }
        var uf = _GrowingComponents(count: nodeCount)
        var seen = [Bool](repeating: false, count: nodeCount)
        var totalNodes = 0
        var papersSoFar: [Int] = []
        var known = Set<Int32>()
        var linked = Set<Int32>()  // co-authors through papers that enter the graph
        var rows: [AuthorYear] = []
        for y in (byYear.keys.min() ?? firstYear)...lastYear {
            let ps = byYear[y] ?? []
            for p in ps {
                let list = authors(of: p)
                for x in list where !seen[Int(x)] { seen[Int(x)] = true; totalNodes += 1 }
                if maxAuthors == 0 || list.count <= maxAuthors, !excludedFromGraph.contains(p), let f = list.first { for x in list.dropFirst() { uf.union(Int(f), Int(x)) } }
                papersSoFar.append(p)
            }
            guard y >= firstYear else { continue }
            var row = AuthorYear(year: y)
            var coauthors = Set<Int32>()
            var newOnes: [Int32] = []
            for p in ps where authors(of: p).contains(a32) {
                row.papers += 1
                let inGraph = (maxAuthors == 0 || authorCount(of: p) <= maxAuthors) && !excludedFromGraph.contains(p)
                for x in authors(of: p) where x != a32 {
                    coauthors.insert(x)
                    if known.insert(x).inserted { newOnes.append(x) }
                    if inGraph { linked.insert(x) }
                }
            }
            row.degree = linked.count
            row.coauthors = coauthors.count
            row.newCoauthors = newOnes.sorted()
            row.cumulativeCoauthors = known.count
            let root = uf.find(author)
            row.componentSize = uf.size[root]
            if row.componentSize > exactLimit && samples == nil {
                row.betweenness = nil
            } else {
                // The author's component up to y: its papers only.
                let mine = papersSoFar.filter { p in !excludedFromGraph.contains(p) && (authors(of: p).first.map { uf.find(Int($0)) == root } ?? false) }.map { Array(authors(of: $0)) }
                let (g, _) = CoauthorGraph.project(Authorship(nodeCount: nodeCount, papers: mine), options: ProjectionOptions(maxAuthors: maxAuthors))
                let (h, original) = g.induced(by: g.ball(around: author, radius: Int.max / 2))
                let me = original.firstIndex(of: author)!
                let opts = h.nodeCount <= exactLimit ? BetweennessOptions(normalized: false) : BetweennessOptions(normalized: false, samples: samples, seed: seed)
                let raw = h.betweenness(opts)[me]
                row.betweenness = totalNodes > 2 ? raw * 2 / (Double(totalNodes - 1) * Double(totalNodes - 2)) : 0
            }
            rows.append(row)
        }
        return rows
    }
}
