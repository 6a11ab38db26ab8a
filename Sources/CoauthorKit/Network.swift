import Bibliography
import CollaborationGraph

/// The co-author network of a corpus: the graph core's integer world plus the
/// corpus it came from, so results can be named.
public struct Network {
    /// The corpus.
    public let corpus: Corpus
    /// Papers and authors as integer lists (paper `i` is `corpus.papers[i]`).
    public let authorship: Authorship
    /// The projected graph.
    public let graph: CoauthorGraph
    /// Papers left out of the graph for having too many authors.
    public let skippedPapers: [Int]
    /// Connected components.
    public let components: Components
    /// Papers per person.
    public let paperCounts: [Int]
    /// First and last year per person.
    public let firstYear: [Int32]
    public let lastYear: [Int32]

    /// Builds the network of `corpus`.
    public init(corpus: Corpus, projection: ProjectionOptions = ProjectionOptions()) {
        self.corpus = corpus
        let lists = corpus.papers.map { p in p.authors.map { Int32($0.rawValue) } }
        let years = corpus.papers.map { Int32($0.year ?? 0) }
        authorship = Authorship(nodeCount: corpus.persons.count, papers: lists, years: years)
        let (g, skipped) = CoauthorGraph.project(authorship, options: projection)
        graph = g
        skippedPapers = skipped
        components = g.components()
        paperCounts = authorship.paperCounts()
        (firstYear, lastYear) = authorship.yearRanges()
    }

    /// The display name of node `i`.
    public func name(_ i: Int) -> String { corpus.persons[i].name }

    /// For each person, whether their first or last year rests on an inferred year only.
    public func inferredYearFlags() -> (first: [Bool], last: [Bool]) {
        var firstInf = [Bool](repeating: false, count: graph.nodeCount)
        var lastInf = [Bool](repeating: false, count: graph.nodeCount)
        // A year is inferred for a person when every paper of that year is dated by inference.
        var exact = [[Int32: Bool]](repeating: [:], count: graph.nodeCount)
        for p in corpus.papers {
            guard let d = p.date else { continue }
            for a in p.authors {
                let y = Int32(d.year)
                exact[a.index][y] = (exact[a.index][y] ?? false) || !d.yearInferred
            }
        }
        for i in 0..<graph.nodeCount {
            if firstYear[i] != 0, exact[i][firstYear[i]] == false { firstInf[i] = true }
            if lastYear[i] != 0, exact[i][lastYear[i]] == false { lastInf[i] = true }
        }
        return (firstInf, lastInf)
    }
}
