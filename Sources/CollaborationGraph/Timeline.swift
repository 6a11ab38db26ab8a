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
    /// The author's betweenness (hops, normalized) in the network up to that year.
    public var betweenness = 0.0
}

extension Authorship {
    /// The years with papers, ascending (unknown years left out).
    public func knownYears() -> [Int] {
        Array(Set(years.filter { $0 != 0 }.map(Int.init))).sorted()
    }

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
        var parent = Array(0..<nodeCount), size = [Int](repeating: 1, count: nodeCount)
        func find(_ x: Int) -> Int {
            var r = x
            while parent[r] != r { r = parent[r] }
            var y = x
            while parent[y] != r { let n = parent[y]; parent[y] = r; y = n }
            return r
        }
        var present = [Bool](repeating: false, count: nodeCount)
        var nodes = 0, comps = 0, largest = 0
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
                let include = maxAuthors == 0 || a.count <= maxAuthors
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
                    for x in list where !present[Int(x)] { present[Int(x)] = true; nodes += 1; comps += 1; largest = max(largest, 1) }
                    guard maxAuthors == 0 || list.count <= maxAuthors else { continue }
                    for i in 0..<list.count {
                        for j in (i + 1)..<list.count {
                            let u = Int(min(list[i], list[j])), v = Int(max(list[i], list[j]))
                            edgeSet.insert(UInt64(u) << 32 | UInt64(v))
                            let ru = find(u), rv = find(v)
                            if ru != rv {
                                if size[ru] < size[rv] { parent[ru] = rv; size[rv] += size[ru]; largest = max(largest, size[rv]) }
                                else { parent[rv] = ru; size[ru] += size[rv]; largest = max(largest, size[ru]) }
                                comps -= 1
                            }
                        }
                    }
                }
                row.nodes = nodes; row.edges = edgeSet.count; row.components = comps; row.largestComponent = largest
            } else {
                let w = max(1, window!)
                var sub: [[Int32]] = []
                for yy in (y - w + 1)...y { for p in byYear[yy] ?? [] { sub.append(Array(authors(of: p))) } }
                let a = Authorship(nodeCount: nodeCount, papers: sub)
                let (g, _) = CoauthorGraph.project(a, options: ProjectionOptions(maxAuthors: maxAuthors))
                let inWindow = Set(sub.flatMap { $0 })
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
    /// Betweenness is computed on the cumulative graph restricted to the
    /// author's component: exact while it has at most `exactLimit` nodes,
    /// otherwise from `samples` seeded pivots.
    public func authorTimeline(_ author: Int, maxAuthors: Int = 0, exactLimit: Int = 5000, samples: Int = 500, seed: UInt64 = 0) -> [AuthorYear] {
        let byYear = papersByYear()
        let mine = (0..<paperCount).filter { years[$0] != 0 && authors(of: $0).contains(Int32(author)) }
        guard let firstYear = mine.map({ Int(years[$0]) }).min(), let lastYear = byYear.keys.max() else { return [] }
        var known = Set<Int32>()
        var rows: [AuthorYear] = []
        for y in firstYear...lastYear {
            var row = AuthorYear(year: y)
            var coauthors = Set<Int32>()
            var newOnes: [Int32] = []
            for p in mine where Int(years[p]) == y {
                row.papers += 1
                for x in authors(of: p) where x != Int32(author) {
                    coauthors.insert(x)
                    if known.insert(x).inserted { newOnes.append(x) }
                }
            }
            row.coauthors = coauthors.count
            row.newCoauthors = newOnes.sorted()
            row.cumulativeCoauthors = known.count
            // Betweenness in the network up to y, within the author's component.
            let upTo = (0..<paperCount).filter { years[$0] != 0 && Int(years[$0]) <= y }.map { Array(authors(of: $0)) }
            let (g, _) = CoauthorGraph.project(Authorship(nodeCount: nodeCount, papers: upTo), options: ProjectionOptions(maxAuthors: maxAuthors))
            let comp = g.ball(around: author, radius: Int.max / 2)
            let (h, original) = g.induced(by: comp)
            let me = original.firstIndex(of: author)!
            // Normalize over the whole network up to y, as networkx would on the full graph.
            let total = Set(upTo.flatMap { $0 }).count
            let opts = h.nodeCount <= exactLimit ? BetweennessOptions(normalized: false) : BetweennessOptions(normalized: false, samples: samples, seed: seed)
            let raw = h.betweenness(opts)[me]
            row.betweenness = total > 2 ? raw * 2 / (Double(total - 1) * Double(total - 2)) : 0
            rows.append(row)
        }
        return rows
    }
}
