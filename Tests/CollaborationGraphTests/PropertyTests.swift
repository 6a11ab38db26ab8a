import Testing
import TestSupport

@testable import CollaborationGraph

/// A seeded random authorship: `papers` papers with 1–6 authors among `n` people.
func randomAuthorship(n: Int, papers: Int, seed: UInt64) -> Authorship {
    var rng = SeededRandom(seed: seed)
    var lists: [[Int32]] = []
    var years: [Int32] = []
    for _ in 0..<papers {
        let k = Int.random(in: 1...6, using: &rng)
        lists.append((0..<k).map { _ in Int32(Int.random(in: 0..<n, using: &rng)) })
        years.append(Int32(Int.random(in: 1990...2020, using: &rng)))
    }
    return Authorship(nodeCount: n, papers: lists, years: years)
}

@Suite struct GraphPropertyTests {
    /// Σ_v unnormalized betweenness = Σ over connected pairs {s,t} of (d(s,t) − 1).
    @Test(arguments: 0..<8)
    func betweennessSumsToInteriorNodes(_ seed: Int) {
        let (g, _) = CoauthorGraph.project(randomAuthorship(n: 60, papers: 70, seed: UInt64(seed)))
        let bc = g.betweenness(BetweennessOptions(normalized: false))
        var expected = 0.0
        for s in 0..<g.nodeCount {
            let t = g.shortestPathTree(from: s)
            for v in (s + 1)..<g.nodeCount where t.hops[v] > 0 { expected += Double(t.hops[v] - 1) }
        }
        #expect(abs(bc.reduce(0, +) - expected) < 1e-9 * max(1, expected))
    }

    /// Newman's fractional counting: a person's strength is their number of multi-author papers.
    @Test(arguments: 0..<8)
    func newmanStrengthIsMultiAuthorPapers(_ seed: Int) {
        let a = randomAuthorship(n: 40, papers: 80, seed: UInt64(seed) + 100)
        let (g, _) = CoauthorGraph.project(a, options: ProjectionOptions(counting: .fractional, maxAuthors: 0))
        var multi = [Int](repeating: 0, count: a.nodeCount)
        for p in 0..<a.paperCount where a.authorCount(of: p) >= 2 { for x in a.authors(of: p) { multi[Int(x)] += 1 } }
        for u in 0..<g.nodeCount { #expect(abs(g.strength(u) - Double(multi[u])) < 1e-9) }
    }

    /// Sampling every node as a pivot gives the exact values.
    @Test(arguments: 0..<4)
    func sampledWithAllNodesIsExact(_ seed: Int) {
        let (g, _) = CoauthorGraph.project(randomAuthorship(n: 50, papers: 60, seed: UInt64(seed) + 200))
        let exact = g.betweenness()
        let sampled = g.betweenness(BetweennessOptions(samples: g.nodeCount, seed: 3))
        let sampledPlusOne = g.betweenness(BetweennessOptions(samples: g.nodeCount + 5, seed: 3))
        for v in 0..<g.nodeCount {
            #expect(abs(exact[v] - sampled[v]) < 1e-12)
            #expect(abs(exact[v] - sampledPlusOne[v]) < 1e-12)
        }
        // Fewer pivots give a different but seeded-reproducible estimate.
        #expect(g.betweenness(BetweennessOptions(samples: 10, seed: 1)) == g.betweenness(BetweennessOptions(samples: 10, seed: 1)))
    }

    /// With k < n pivots the estimate is unbiased: averaged over many seeds it approaches the exact
    /// values (networkx's scaling with the source correction; a wrong scale would miss by its factor).
    @Test func sampledBetweennessIsUnbiased() throws {
        let (g, _) = CoauthorGraph.project(randomAuthorship(n: 40, papers: 60, seed: 77))
        let exact = g.betweenness()
        var mean = [Double](repeating: 0, count: g.nodeCount)
        let runs = 3000
        for s in 0..<runs {
            let est = g.betweenness(BetweennessOptions(samples: 8, seed: UInt64(s)))
            for v in 0..<g.nodeCount { mean[v] += est[v] / Double(runs) }
        }
        let top = (0..<g.nodeCount).max { exact[$0] < exact[$1] }!
        let topExact: Double = exact[top], topMean: Double = mean[top]
        let sumExact: Double = exact.reduce(0, +), sumMean: Double = mean.reduce(0, +)
        #expect(topExact > 0.1)
        #expect(abs(topMean - topExact) < 0.05 * topExact, "mean \(topMean) vs exact \(topExact)")
        #expect(abs(sumMean - sumExact) < 0.05 * sumExact)
    }

    /// With every weight 1, Dijkstra on 1/weight and BFS agree.
    @Test(arguments: 0..<4)
    func weightedEqualsUnweightedOnUnitWeights(_ seed: Int) {
        var rng = SeededRandom(seed: UInt64(seed) + 300)
        var edges: [(Int, Int, Double)] = []
        for _ in 0..<120 { edges.append((Int.random(in: 0..<50, using: &rng), Int.random(in: 0..<50, using: &rng), 1)) }
        var seen = Set<[Int]>()
        edges = edges.filter { $0.0 != $0.1 && seen.insert([min($0.0, $0.1), max($0.0, $0.1)]).inserted }
        let g = CoauthorGraph.fromEdges(nodeCount: 50, edges: edges)
        let a = g.betweenness(), b = g.betweenness(BetweennessOptions(length: .inverseWeight))
        for v in 0..<50 { #expect(abs(a[v] - b[v]) < 1e-12) }
        let (c1, h1) = g.closenessAndHarmonic(length: .hops)
        let (c2, h2) = g.closenessAndHarmonic(length: .inverseWeight)
        for v in 0..<50 { #expect(abs(c1[v] - c2[v]) < 1e-12 && abs(h1[v] - h2[v]) < 1e-12) }
    }

    /// k-core: every node of core k has at least k neighbours of core ≥ k (and the
    /// maximal-k property holds against a naive peeling).
    @Test(arguments: 0..<4)
    func coreNumbersMatchNaivePeeling(_ seed: Int) {
        let (g, _) = CoauthorGraph.project(randomAuthorship(n: 50, papers: 90, seed: UInt64(seed) + 400))
        let core = g.coreNumbers()
        // Naive: for each k, repeatedly remove nodes of degree < k.
        var naive = [Int](repeating: 0, count: g.nodeCount)
        var k = 1
        while true {
            var alive = [Bool](repeating: true, count: g.nodeCount)
            var changed = true
            while changed {
                changed = false
                for u in 0..<g.nodeCount where alive[u] {
                    let d = g.neighbors(of: u).filter { alive[Int($0)] }.count
                    if d < k { alive[u] = false; changed = true }
                }
            }
            if !alive.contains(true) { break }
            for u in 0..<g.nodeCount where alive[u] { naive[u] = k }
            k += 1
        }
        #expect(core == naive)
    }

    @Test func inducedSubgraphKeepsWeights() {
        let (g, _) = CoauthorGraph.project(randomAuthorship(n: 30, papers: 40, seed: 9))
        let nodes = [3, 7, 1, 12, 20, 25]
        let (h, original) = g.induced(by: nodes)
        #expect(original == nodes.sorted())
        for a in 0..<h.nodeCount {
            for b in 0..<h.nodeCount where a != b {
                let hs = h.slot(a, b), gs = g.slot(original[a], original[b])
                #expect((hs == nil) == (gs == nil))
                if let hs, let gs { #expect(h.weights[hs] == g.weights[gs]) }
            }
        }
    }

    @Test func shortestPathIsDeterministicAndShortest() {
        // A 4-cycle 0-1-3-2-0: two shortest paths from 0 to 3; the one through the smaller id (1) wins.
        let g = CoauthorGraph.fromEdges(nodeCount: 5, edges: [(0, 1, 1), (1, 3, 1), (0, 2, 1), (2, 3, 1)])
        #expect(g.shortestPath(from: 0, to: 3) == [0, 1, 3])
        #expect(g.shortestPath(from: 0, to: 4) == nil)
        #expect(g.shortestPath(from: 2, to: 2) == [2])
    }
}
