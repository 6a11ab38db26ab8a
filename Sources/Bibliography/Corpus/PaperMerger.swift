import AuthorNames

/// A paper being assembled from one or more records.
struct PaperDraft {
    /// The merged view of its records (filled in by ``PaperMerger/finalize()``).
    var record: PaperRecord
    var sources: [(location: SourceLocation, date: PartialDate?)]
    /// Every record of the paper in arrival order, and why each later one matched.
    var records: [PaperRecord]
    var reasons: [String?]
}

/// Merges records of the same paper, in one input or across inputs.
///
/// Two records are the same paper when they share a DOI, an arXiv id or a
/// PMID; otherwise when their folded titles are equal and either their
/// bylines fold to the same family names, or their years are equal and their
/// first authors' family names agree (or one has no authors). The fuller
/// byline wins over a truncated one; missing fields are filled from the
/// merged record; every record's date is kept. The merged paper is folded
/// from its records in order of source location, so it does not depend on the
/// order the inputs were given in.
///
/// - Complexity: O(1) expected per record (hash lookups).
struct PaperMerger {
    private(set) var drafts: [PaperDraft] = []
    private(set) var merges: [MergeEvent] = []
    private var byIdentifier: [String: Int] = [:]
    private var byTitleAndByline: [String: Int] = [:]
    private var byTitleAndYear: [String: [Int]] = [:]

    static func titleKey(_ title: String) -> String { Folding.key(title) }

    static func bylineKey(_ r: PaperRecord) -> String {
        r.authors.filter { !$0.inferred }.map { $0.name.familyKey }.joined(separator: ",")
    }

    mutating func add(_ r: PaperRecord) {
        let t = Self.titleKey(r.title)
        let ids = [r.doi.map { "doi:" + $0 }, r.arxiv.map { "arxiv:" + $0 }, r.pmid.map { "pmid:" + $0 }].compactMap { $0 }
        for id in ids {
            if let k = byIdentifier[id] {
                merge(r, into: k, reason: "same \(id.split(separator: ":")[0].uppercased()) \(id.split(separator: ":", maxSplits: 1)[1])")
                return
            }
        }
        var target: Int?
        var reason = ""
        if !t.isEmpty {
            let bk = t + "|" + Self.bylineKey(r)
            if !r.authors.isEmpty, let k = byTitleAndByline[bk] {
                target = k; reason = "same title and byline"
            } else if let y = r.date?.year, let list = byTitleAndYear[t + "|\(y)"] {
                let fam = r.authors.first?.name.familyKey
                for k in list {
                    let other = drafts[k].record.authors.first?.name.familyKey
                    if fam == nil || other == nil || fam == other {
                        target = k; reason = "same title, year and first author"
                        break
                    }
                }
            }
        }
        if let k = target {
            merge(r, into: k, reason: reason)
            return
        }
        let k = drafts.count
        drafts.append(PaperDraft(record: r, sources: [(r.source, r.date)], records: [r], reasons: [nil]))
        index(r, at: k, titleKey: t)
    }

    private mutating func index(_ r: PaperRecord, at k: Int, titleKey t: String) {
        for id in [r.doi.map { "doi:" + $0 }, r.arxiv.map { "arxiv:" + $0 }, r.pmid.map { "pmid:" + $0 }].compactMap({ $0 }) where byIdentifier[id] == nil {
            byIdentifier[id] = k
        }
        if !t.isEmpty {
            if !r.authors.isEmpty {
                let bk = t + "|" + Self.bylineKey(r)
                if byTitleAndByline[bk] == nil { byTitleAndByline[bk] = k }
            }
            if let y = r.date?.year {
                byTitleAndYear[t + "|\(y)", default: []].append(k)
            }
        }
    }

    private mutating func merge(_ r: PaperRecord, into k: Int, reason: String) {
        drafts[k].records.append(r)
        drafts[k].reasons.append(reason)
        index(r, at: k, titleKey: Self.titleKey(r.title))
    }

    /// Folds each merged paper's records, in order of source location, and lists the merges.
    mutating func finalize() {
        var events: [MergeEvent] = []
        for k in drafts.indices where drafts[k].records.count > 1 {
            let order = drafts[k].records.indices.sorted { drafts[k].records[$0].source < drafts[k].records[$1].source }
            let recs = order.map { drafts[k].records[$0] }
            var best = recs[0]
            for r in recs.dropFirst() { Self.fold(r, into: &best) }
            drafts[k].record = best
            drafts[k].sources = recs.map { ($0.source, $0.date) }
            let anyReason = drafts[k].reasons.compactMap { $0 }.first ?? "same paper"
            for i in order.dropFirst() {
                events.append(MergeEvent(kept: recs[0].source, dropped: drafts[k].records[i].source,
                                         reason: drafts[k].reasons[i] ?? anyReason, title: best.title))
            }
        }
        merges = events.sorted { ($0.kept, $0.dropped) < ($1.kept, $1.dropped) }
    }

    /// Folds `r` into `best`: the fuller byline wins (a complete one over a truncated one, then the
    /// longer one; ties keep `best`), the earliest date with a known year wins, missing fields are filled.
    static func fold(_ r: PaperRecord, into best: inout PaperRecord) {
        let replace = (best.truncated && !r.truncated && !r.authors.isEmpty)
            || (best.truncated == r.truncated && r.authors.count > best.authors.count)
        if replace {
            best.authors = r.authors
            best.truncated = r.truncated
        }
        if let nd = r.date {
            if let od = best.date {
                if (od.yearInferred && !nd.yearInferred) || (od.yearInferred == nd.yearInferred && nd < od) { best.date = nd }
            } else {
                best.date = nd
            }
        }
        if best.doi == nil { best.doi = r.doi }
        if best.arxiv == nil { best.arxiv = r.arxiv }
        if best.pmid == nil { best.pmid = r.pmid }
        if best.venue == nil { best.venue = r.venue }
        if best.url == nil { best.url = r.url }
        if best.abstract == nil { best.abstract = r.abstract }
        if best.category == nil { best.category = r.category }
        if best.entryType == nil { best.entryType = r.entryType }
        best.hasCode = best.hasCode || r.hasCode
        for t in r.tags where !best.tags.contains(t) { best.tags.append(t) }
    }
}
