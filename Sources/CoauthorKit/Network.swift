import AuthorNames
import Bibliography
import CollaborationGraph

/// The co-author network of a corpus: the graph core's integer world plus the
/// corpus it came from, so results can be named.
///
/// Graph nodes are numbered 0..<n; ``person`` maps each node to its person in
/// the corpus. For the whole corpus the mapping is the identity; a view
/// (``restricted(to:)``) keeps a subset, renumbered in person order.
public struct Network: Sendable {
    /// The corpus.
    public let corpus: Corpus
    /// The corpus papers the graph was built from (a year range may leave some out), ascending.
    public let papers: [Int]
    /// The projected graph.
    public let graph: CoauthorGraph
    /// Person index of each node.
    public let person: [Int]
    /// Node of each person, or -1 when the person is not in this view.
    public let node: [Int32]
    /// Corpus papers left out of the graph for having too many authors.
    public let skippedPapers: [Int]
    /// Connected components of ``graph``.
    public let components: Components
    /// Papers per node (among ``papers``).
    public let paperCounts: [Int]
    /// First and last known year per node (0 when unknown).
    public let firstYear: [Int32]
    public let lastYear: [Int32]
    /// Counting and author limit used.
    public let projection: ProjectionOptions
    /// True when a view selected some authors (not only a year range): tables then keep only the
    /// papers with at least one selected author.
    public private(set) var authorsSelected = false

    /// Builds the network of `corpus`, from the papers in `years` (all papers when nil;
    /// papers without a year are left out when a range is given).
    public init(corpus: Corpus, projection: ProjectionOptions = ProjectionOptions(), years: ClosedRange<Int>? = nil) {
        let included = corpus.papers.indices.filter { i in
            guard let r = years else { return true }
            guard let y = corpus.papers[i].year else { return false }
            return r.contains(y)
        }
        var lap = Timings.Lap()
        var offsets = [0], authors: [Int32] = [], yearsOf: [Int32] = []
        offsets.reserveCapacity(included.count + 1)
        yearsOf.reserveCapacity(included.count)
        corpus.papers.withUnsafeBufferPointer { papers in
            for i in included {
                for a in papers[i].authors { authors.append(Int32(a.rawValue)) }
                offsets.append(authors.count)
                yearsOf.append(Int32(papers[i].date?.year ?? 0))
            }
        }
        let authorship = Authorship(nodeCount: corpus.persons.count, offsets: offsets, authors: authors, years: yearsOf)
        lap.mark("graph.authorship")
        let (g, skipped) = CoauthorGraph.project(authorship, options: projection)
        lap.mark("graph.project")
        let (first, last) = authorship.yearRanges()
        self.init(corpus: corpus, papers: included, graph: g, person: Array(0..<corpus.persons.count),
                  skipped: skipped.map { included[$0] }, paperCounts: authorship.paperCounts(),
                  firstYear: first, lastYear: last, projection: projection)
        lap.mark("graph.rest")
        // A year range keeps only the authors with a paper in it.
        if years != nil {
            self = restricted(to: (0..<graph.nodeCount).filter { paperCounts[$0] > 0 })
            authorsSelected = false
        }
    }

    /// A network with no edges over all papers, for commands that only list papers.
    public init(corpus: Corpus, papersOnly: Bool) {
        let n = corpus.persons.count
        let empty = CoauthorGraph(nodeCount: n, offsets: [Int](repeating: 0, count: n + 1), neighbors: [], weights: [],
                                  jointPapers: [], firstYear: [], lastYear: [], counting: .full)
        self.init(corpus: corpus, papers: Array(corpus.papers.indices), graph: empty, person: Array(0..<n), skipped: [],
                  paperCounts: [Int](repeating: 0, count: n), firstYear: [Int32](repeating: 0, count: n),
                  lastYear: [Int32](repeating: 0, count: n), projection: ProjectionOptions())
    }

    init(corpus: Corpus, papers: [Int], graph: CoauthorGraph, person: [Int], skipped: [Int], paperCounts: [Int],
         firstYear: [Int32], lastYear: [Int32], projection: ProjectionOptions) {
        self.corpus = corpus
        self.papers = papers
        self.graph = graph
        self.person = person
        var node = [Int32](repeating: -1, count: corpus.persons.count)
        for (i, p) in person.enumerated() { node[p] = Int32(i) }
        self.node = node
        skippedPapers = skipped
        components = graph.components()
        self.paperCounts = paperCounts
        self.firstYear = firstYear
        self.lastYear = lastYear
        self.projection = projection
    }

    /// The view on `nodes` (node ids of this network): the induced subgraph, renumbered.
    public func restricted(to nodes: [Int]) -> Network {
        let (g, original) = graph.induced(by: nodes)
        let persons = original.map { person[$0] }
        // Papers left out of the graph concern the view only through its authors.
        var kept = [Bool](repeating: false, count: corpus.persons.count)
        for p in persons { kept[p] = true }
        let skipped = skippedPapers.filter { corpus.papers[$0].authors.contains { kept[Int($0.rawValue)] } }
        var n = Network(corpus: corpus, papers: papers, graph: g, person: persons, skipped: skipped,
                        paperCounts: original.map { paperCounts[$0] }, firstYear: original.map { firstYear[$0] },
                        lastYear: original.map { lastYear[$0] }, projection: projection)
        n.authorsSelected = true
        return n
    }

    /// The same nodes with only edges of weight ≥ `minWeight`.
    public func keepingEdges(minWeight: Double) -> Network {
        var n = Network(corpus: corpus, papers: papers, graph: graph.keepingEdges(minWeight: minWeight), person: person,
                        skipped: skippedPapers, paperCounts: paperCounts, firstYear: firstYear, lastYear: lastYear, projection: projection)
        n.authorsSelected = authorsSelected
        return n
    }

    /// The display name of node `i`.
    public func name(_ i: Int) -> String { corpus.persons[person[i]].name }

    /// The corpus paper indices of node `i`'s papers (within ``papers``).
    public func papers(of i: Int) -> [Int] {
        let pid = PersonID(UInt32(person[i]))
        return papers.filter { corpus.papers[$0].authors.contains(pid) }
    }

    /// The joint papers of nodes `a` and `b` (corpus indices, in date order).
    public func jointPapers(_ a: Int, _ b: Int) -> [Int] {
        let pa = PersonID(UInt32(person[a])), pb = PersonID(UInt32(person[b]))
        let skipped = Set(skippedPapers)
        return papers.filter { !skipped.contains($0) && corpus.papers[$0].authors.contains(pa) && corpus.papers[$0].authors.contains(pb) }
    }

    /// For each node, whether their first or last year rests on inferred years only.
    public func inferredYearFlags() -> (first: [Bool], last: [Bool]) {
        let n = graph.nodeCount
        var firstInf = [Bool](repeating: false, count: n)
        var lastInf = [Bool](repeating: false, count: n)
        guard papers.contains(where: { corpus.papers[$0].date?.yearInferred == true }) else { return (firstInf, lastInf) }
        var exact = [[Int32: Bool]](repeating: [:], count: n)
        for pi in papers {
            let p = corpus.papers[pi]
            guard let d = p.date else { continue }
            for a in p.authors {
                let v = Int(node[a.index])
                if v < 0 { continue }
                let y = Int32(d.year)
                exact[v][y] = (exact[v][y] ?? false) || !d.yearInferred
            }
        }
        for i in 0..<n {
            if firstYear[i] != 0, exact[i][firstYear[i]] == false { firstInf[i] = true }
            if lastYear[i] != 0, exact[i][lastYear[i]] == false { lastInf[i] = true }
        }
        return (firstInf, lastInf)
    }
}

extension Network {
    /// The papers left out for having too many authors, most authors first, as
    /// `"Title" (year, N authors, file:line)`; at most `limit`, then "… and K more".
    public func skippedPaperDescriptions(limit: Int = 5) -> [String] {
        let order = skippedPapers.sorted {
            let a = corpus.papers[$0].authors.count, b = corpus.papers[$1].authors.count
            return a != b ? a > b : $0 < $1
        }
        var lines = order.prefix(limit).map { i -> String in
            let p = corpus.papers[i]
            var title = p.title
            if title.count > 80 { title = String(title.prefix(77)) + "…" }
            let year = p.date.map { "\($0.year), " } ?? ""
            let place = p.sources.first.map { ", \($0.location)" } ?? ""
            return "\"\(title)\" (\(year)\(p.authors.count) authors\(place))"
        }
        if order.count > limit { lines.append("… and \(order.count - limit) more") }
        return lines
    }
}
