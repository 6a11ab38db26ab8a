import AuthorNames

/// A paper assembled from one or more records.
struct PaperDraft {
    /// The merged view of its records.
    var record: PaperRecord
    /// Every record's location and date, in order of location.
    var sources: [(location: SourceLocation, date: PartialDate?)]
}

/// Merges records of the same paper, in one input or across inputs.
///
/// Two records are the same paper when they share a DOI, an arXiv id or a
/// PMID; otherwise when their folded titles are equal and either
/// - their bylines fold to the same family names and their years agree (an
///   inferred or missing year does not count), or
/// - their years are equal and their first authors' family names agree (or one
///   has no authors).
/// Records that carry different DOIs, arXiv ids or PMIDs are never merged,
/// however alike they look (yearly editorials by the same editors); nor are
/// records whose volumes, issues or first pages differ merged by title (a
/// journal's recurring "Editorial comments", one per issue). Bylines and first
/// authors compare family names and, where both are given, first initials.
///
/// Matches are collected into a union–find over the records, so the result is
/// the closure of the rule and does not depend on input order; each paper is
/// then folded from its records in order of source location: the fuller byline
/// wins over a truncated one, the earliest date with a known year is the
/// paper's, missing fields are filled, every record's date is kept.
///
/// - Complexity: O(1) expected per record (hash lookups), plus the title+year buckets.
struct PaperMerger {
    private var records: [PaperRecord] = []
    private var parent: [Int] = []
    /// Identifiers of each union–find root's records ("doi:…" → value), to refuse conflicting merges.
    private var idsOfRoot: [Int: [String: String]] = [:]
    private var reasonOf: [Int: String] = [:]
    /// Volume, issue and first page of each root's records, to refuse title matches across issues.
    private var locatorOfRoot: [Int: [String: String]] = [:]
    private var byIdentifier: [String: Int] = [:]
    private var byTitleAndByline: [String: [Int]] = [:]
    private var byTitleAndYear: [String: [Int]] = [:]

    /// The papers, after ``finalize()``.
    private(set) var drafts: [PaperDraft] = []
    /// The merges, after ``finalize()``: kept record (first by location), dropped record, reason.
    private(set) var merges: [MergeEvent] = []

    static func titleKey(_ title: String) -> String { Folding.key(title) }

    static func bylineKey(_ r: PaperRecord) -> String {
        r.authors.filter { !$0.inferred }.map { $0.name.familyKey + "/" + $0.name.initials.prefix(1) }.joined(separator: ",")
    }

    /// Same family name and, when both have given names, the same first initial.
    static func sameFirstAuthor(_ a: PersonName, _ b: PersonName) -> Bool {
        a.familyKey == b.familyKey && (a.initials.isEmpty || b.initials.isEmpty || a.initials.first == b.initials.first)
    }

    /// The locator parts that must agree for a title match ("volume" → "10").
    static func locator(_ r: PaperRecord) -> [String: String] {
        var out: [String: String] = [:]
        if let v = r.volume { out["volume"] = Folding.key(v) }
        if let i = r.issue { out["issue"] = Folding.key(i) }
        if let p = r.firstPage { out["page"] = Folding.key(p) }
        return out
    }

    static func identifiers(_ r: PaperRecord) -> [String: String] {
        var out: [String: String] = [:]
        // An arXiv DOI names the preprint: it is compared as an arXiv id, so it does not conflict
        // with the journal DOI of the same paper.
        if let d = r.doi {
            if let a = Identifiers.arxiv(fromDOI: d) { out["arXiv"] = a } else { out["DOI"] = d }
        }
        if let a = r.arxiv { out["arXiv"] = a }
        if let p = r.pmid { out["PMID"] = p }
        return out
    }

    private mutating func find(_ x: Int) -> Int {
        var r = x
        while parent[r] != r { r = parent[r] }
        var y = x
        while parent[y] != r { let n = parent[y]; parent[y] = r; y = n }
        return r
    }

    /// Joins the groups of `a` and `b` unless their identifiers conflict. The smaller index becomes the root.
    /// With `byTitle`, also unless their volumes, issues or first pages conflict.
    private mutating func union(_ a: Int, _ b: Int, reason: String, byTitle: Bool = false) {
        let ra = find(a), rb = find(b)
        if ra == rb { return }
        let ia = idsOfRoot[ra] ?? [:], ib = idsOfRoot[rb] ?? [:]
        for (scheme, v) in ia where ib[scheme] != nil && ib[scheme] != v { return }
        let la = locatorOfRoot[ra] ?? [:], lb = locatorOfRoot[rb] ?? [:]
        if byTitle { for (part, v) in la where lb[part] != nil && lb[part] != v { return } }
        let (root, child) = ra < rb ? (ra, rb) : (rb, ra)
        parent[child] = root
        idsOfRoot[root] = ia.merging(ib) { x, _ in x }
        idsOfRoot[child] = nil
        if !la.isEmpty || !lb.isEmpty { locatorOfRoot[root] = la.merging(lb) { x, _ in x } }
        locatorOfRoot[child] = nil
        // `b` is the record being added: remember why it matched.
        if reasonOf[b] == nil { reasonOf[b] = reason }
    }

    mutating func add(_ r: PaperRecord) {
        let k = records.count
        records.append(r)
        parent.append(k)
        let ids = Self.identifiers(r)
        if !ids.isEmpty { idsOfRoot[k] = ids }
        let loc = Self.locator(r)
        if !loc.isEmpty { locatorOfRoot[k] = loc }
        for (scheme, value) in ids.sorted(by: { $0.key < $1.key }) {
            let key = scheme + ":" + value
            if let other = byIdentifier[key] { union(other, k, reason: "same \(scheme) \(value)") } else { byIdentifier[key] = k }
        }
        let t = Self.titleKey(r.title)
        guard !t.isEmpty else { return }
        if !r.authors.isEmpty {
            let bk = t + "|" + Self.bylineKey(r)
            for other in byTitleAndByline[bk] ?? [] where Self.yearsCompatible(records[other].date, r.date) {
                union(other, k, reason: "same title and byline", byTitle: true)
            }
            byTitleAndByline[bk, default: []].append(k)
        }
        if let y = r.date?.year {
            let yk = t + "|\(y)"
            let first = r.authors.first?.name
            for other in byTitleAndYear[yk] ?? [] {
                let f = records[other].authors.first?.name
                if let first, let f, !Self.sameFirstAuthor(first, f) { continue }
                union(other, k, reason: "same title, year and first author", byTitle: true)
            }
            byTitleAndYear[yk, default: []].append(k)
        }
    }

    /// The same year; an inferred or missing year is compatible with any (a listing's undated repost).
    static func yearsCompatible(_ a: PartialDate?, _ b: PartialDate?) -> Bool {
        guard let a, let b, !a.yearInferred, !b.yearInferred else { return true }
        return a.year == b.year
    }

    /// Groups the records into papers and folds each, in order of source location.
    mutating func finalize() {
        var groups: [Int: [Int]] = [:]
        var order: [Int] = []
        for k in records.indices {
            let r = find(k)
            if groups[r] == nil { order.append(r) }
            groups[r, default: []].append(k)
        }
        var events: [MergeEvent] = []
        drafts = []
        drafts.reserveCapacity(order.count)
        for root in order {
            let members = groups[root]!.sorted { records[$0].source < records[$1].source }
            var best = records[members[0]]
            for m in members.dropFirst() { Self.fold(records[m], into: &best) }
            drafts.append(PaperDraft(record: best, sources: members.map { (records[$0].source, records[$0].date) }))
            for m in members.dropFirst() {
                events.append(MergeEvent(kept: records[members[0]].source, dropped: records[m].source,
                                         reason: reasonOf[m] ?? reasonOf[members[0]] ?? "same paper", title: best.title))
            }
        }
        merges = events.sorted { ($0.kept, $0.dropped) < ($1.kept, $1.dropped) }
        records = []
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
        if best.volume == nil { best.volume = r.volume }
        if best.issue == nil { best.issue = r.issue }
        if best.firstPage == nil { best.firstPage = r.firstPage }
        if best.category == nil { best.category = r.category }
        if best.entryType == nil { best.entryType = r.entryType }
        best.hasCode = best.hasCode || r.hasCode
        for t in r.tags where !best.tags.contains(t) { best.tags.append(t) }
    }
}
