/// Papers and their authors as integer lists: the input of every graph computation.
///
/// Stored as CSR: the authors of paper `p` are `authors[offsets[p]..<offsets[p+1]]`.
/// Person ids are dense `0..<nodeCount`. A year of 0 means unknown.
public struct Authorship: Sendable {
    /// The number of persons (graph nodes), including those on no paper.
    public let nodeCount: Int
    /// Paper offsets into ``authors`` (count = papers + 1).
    public let offsets: [Int]
    /// Author ids, paper by paper.
    public let authors: [Int32]
    /// Each paper's year, 0 when unknown.
    public let years: [Int32]
    /// Papers that add nodes but no edges to timelines, whatever their author count here (a
    /// view may have shortened a byline that was too long for the graph).
    public var excludedFromGraph: Set<Int> = []

    /// The number of papers.
    public var paperCount: Int { offsets.count - 1 }

    /// Creates authorship from per-paper author lists. Repeated authors within a paper are dropped.
    ///
    /// - Precondition: every id is in `0..<nodeCount`.
    public init(nodeCount: Int, papers: [[Int32]], years: [Int32]? = nil) {
        precondition(years == nil || years!.count == papers.count, "one year per paper")
        self.nodeCount = nodeCount
        var offsets = [0]
        offsets.reserveCapacity(papers.count + 1)
        var authors: [Int32] = []
        authors.reserveCapacity(papers.reduce(0) { $0 + $1.count })
        var mark = [Int32](repeating: -1, count: nodeCount)
        for (p, list) in papers.enumerated() {
            for a in list {
                precondition(a >= 0 && Int(a) < nodeCount, "author id out of range")
                if mark[Int(a)] == Int32(p) { continue }
                mark[Int(a)] = Int32(p)
                authors.append(a)
            }
            offsets.append(authors.count)
        }
        self.offsets = offsets
        self.authors = authors
        self.years = years ?? [Int32](repeating: 0, count: papers.count)
    }

    /// Creates authorship from author lists already laid out as CSR (`offsets.count` = papers + 1).
    /// Repeated authors within a paper are dropped.
    ///
    /// - Precondition: every id is in `0..<nodeCount`; offsets start at 0, never decrease and end at `authors.count`.
    public init(nodeCount: Int, offsets: [Int], authors: [Int32], years: [Int32]? = nil) {
        precondition(offsets.first == 0 && offsets.last == authors.count, "offsets must span the authors")
        let paperCount = offsets.count - 1
        precondition(years == nil || years!.count == paperCount, "one year per paper")
        self.nodeCount = nodeCount
        var outOffsets = offsets
        var out = authors
        var mark = [Int32](repeating: -1, count: nodeCount)
        var w = 0
        for p in 0..<paperCount {
            precondition(offsets[p] <= offsets[p + 1], "offsets must not decrease")
            outOffsets[p] = w
            for k in offsets[p]..<offsets[p + 1] {
                let a = authors[k]
                precondition(a >= 0 && Int(a) < nodeCount, "author id out of range")
                if mark[Int(a)] == Int32(p) { continue }
                mark[Int(a)] = Int32(p)
                out[w] = a
                w += 1
            }
        }
        outOffsets[paperCount] = w
        out.removeLast(out.count - w)
        self.offsets = outOffsets
        self.authors = out
        self.years = years ?? [Int32](repeating: 0, count: paperCount)
    }

    /// The authors of paper `p`.
    @inlinable public func authors(of p: Int) -> ArraySlice<Int32> { authors[offsets[p]..<offsets[p + 1]] }

    /// The number of authors of paper `p`.
    @inlinable public func authorCount(of p: Int) -> Int { offsets[p + 1] - offsets[p] }

    /// Papers per person.
    public func paperCounts() -> [Int] {
        var c = [Int](repeating: 0, count: nodeCount)
        for a in authors { c[Int(a)] += 1 }
        return c
    }

    /// First and last known year per person (0 when none is known).
    public func yearRanges() -> (first: [Int32], last: [Int32]) {
        var first = [Int32](repeating: 0, count: nodeCount)
        var last = [Int32](repeating: 0, count: nodeCount)
        for p in 0..<paperCount {
            let y = years[p]
            if y == 0 { continue }
            for a in authors(of: p) {
                let i = Int(a)
                if first[i] == 0 || y < first[i] { first[i] = y }
                if y > last[i] { last[i] = y }
            }
        }
        return (first, last)
    }

    /// The papers of each person, as CSR (offsets, paper indices ascending).
    public func papersByPerson() -> (offsets: [Int], papers: [Int32]) {
        var counts = [Int](repeating: 0, count: nodeCount + 1)
        for a in authors { counts[Int(a) + 1] += 1 }
        for i in 0..<nodeCount { counts[i + 1] += counts[i] }
        var fill = counts
        var papers = [Int32](repeating: 0, count: authors.count)
        for p in 0..<paperCount {
            for a in authors(of: p) {
                papers[fill[Int(a)]] = Int32(p)
                fill[Int(a)] += 1
            }
        }
        return (counts, papers)
    }
}
