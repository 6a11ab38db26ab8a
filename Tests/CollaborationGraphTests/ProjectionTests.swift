import Testing
import TestSupport

@testable import CollaborationGraph

@Suite struct ProjectionTests {
    /// Three papers: {0,1,2} in 2001, {0,1} in 2003, {3} alone, {2,4} with no year.
    static let sample = Authorship(nodeCount: 6, papers: [[0, 1, 2], [0, 1], [3], [2, 4]], years: [2001, 2003, 2002, 0])

    @Test func fullCounting() {
        let (g, skipped) = CoauthorGraph.project(Self.sample)
        #expect(skipped.isEmpty)
        #expect(g.edgeCount == 4)
        #expect(Array(g.neighbors(of: 0)) == [1, 2])
        let s01 = g.slot(0, 1)!
        #expect(g.weights[s01] == 2 && g.jointPapers[s01] == 2)
        #expect(g.firstYear[s01] == 2001 && g.lastYear[s01] == 2003)
        let s24 = g.slot(2, 4)!
        #expect(g.firstYear[s24] == 0)
        #expect(g.degree(3) == 0 && g.degree(5) == 0)
        #expect(g.strength(0) == 3)
        // Symmetric.
        for u in 0..<g.nodeCount {
            for k in g.offsets[u]..<g.offsets[u + 1] {
                let v = Int(g.neighbors[k])
                let back = g.slot(v, u)!
                #expect(g.weights[back] == g.weights[k] && g.jointPapers[back] == g.jointPapers[k])
            }
        }
    }

    @Test func fractionalStrengthIsMultiAuthorPapers() {
        let (g, _) = CoauthorGraph.project(Self.sample, options: ProjectionOptions(counting: .fractional))
        #expect(g.weights[g.slot(0, 1)!] == 0.5 + 1.0)
        // Newman: strength = number of multi-author papers.
        #expect(g.strength(0) == 2)
        #expect(g.strength(2) == 2)
        #expect(g.strength(3) == 0)
    }

    @Test func maxAuthorsLeavesHugePapersOut() {
        let (g, skipped) = CoauthorGraph.project(Self.sample, options: ProjectionOptions(maxAuthors: 2))
        #expect(skipped == [0])
        #expect(g.edgeCount == 2)
    }

    @Test func componentsAreNumberedBySize() {
        let (g, _) = CoauthorGraph.project(Self.sample)
        let c = g.components()
        #expect(c.sizes == [4, 1, 1])
        #expect(c.label[0] == 0 && c.label[4] == 0)
        #expect(c.label[3] == 1 && c.label[5] == 2)
    }

    @Test func repeatedAuthorInOnePaperCountsOnce() {
        let a = Authorship(nodeCount: 2, papers: [[0, 1, 0]])
        #expect(a.authorCount(of: 0) == 2)
    }
}
