import AuthorNames

/// Records in chunks of 4,096, appended one by one and then moved out: appending never moves what
/// is stored (a large record array would be copied at each doubling, and its pages touched twice),
/// and moving a record out copies nothing and leaves nothing behind (an array's element must be
/// replaced by a placeholder, a copy of a few hundred bytes and a reference count per field).
/// After ``beginTaking()``, two threads may move out distinct elements at the same time.
final class ChunkedStore<Element> {
    // (Changed by one thread at a time: no run-time exclusivity checks.)
    @exclusivity(unchecked) private var chunks: [UnsafeMutablePointer<Element>] = []
    @exclusivity(unchecked) private(set) var count = 0
    /// Which elements have been moved out, once taking has begun.
    @exclusivity(unchecked) private var taken: UnsafeMutablePointer<Bool>?
    private static var chunkSize: Int { 4096 }

    func append(_ e: consuming Element) {
        precondition(taken == nil, "nothing is appended once taking has begun")
        let j = count % Self.chunkSize
        if j == 0 { chunks.append(.allocate(capacity: Self.chunkSize)) }
        (chunks[chunks.count - 1] + j).initialize(to: e)
        count += 1
    }

    @inline(__always)
    private func address(_ i: Int) -> UnsafeMutablePointer<Element> {
        precondition(i >= 0 && i < count && taken?[i] != true, "element moved out or out of range")
        return chunks[i / Self.chunkSize] + i % Self.chunkSize
    }

    /// Element `i`, which has not been moved out.
    subscript(i: Int) -> Element { address(i).pointee }

    /// Element `i`'s field, read in place (the element is not copied).
    func read<T>(_ i: Int, _ field: (borrowing Element) -> T) -> T { field(address(i).pointee) }

    /// Ends appending and begins taking.
    func beginTaking() {
        precondition(taken == nil)
        let flags = UnsafeMutablePointer<Bool>.allocate(capacity: max(count, 1))
        flags.initialize(repeating: false, count: max(count, 1))
        taken = flags
    }

    /// Moves element `i` out (after ``beginTaking()``); it can no longer be read. Threads may take
    /// distinct elements at the same time, and read elements that no thread takes meanwhile.
    func take(_ i: Int) -> Element {
        let p = address(i)
        taken![i] = true
        return p.move()
    }

    deinit {
        for i in 0..<count where taken?[i] != true { (chunks[i / Self.chunkSize] + i % Self.chunkSize).deinitialize(count: 1) }
        for p in chunks { p.deallocate() }
        taken?.deallocate()
    }
}

/// Records by byte key, as chains: each key's first and last record (the records in between are
/// linked by the caller). An open-addressing table whose places hold the key (bytes and stored
/// hash) and both ends together, so adding a record touches one place (a `Dictionary` keeps keys
/// and values apart, and hashes the key's stored hash once more).
struct ByteKeyChains {
    private struct Place {
        var key: ByteKey?  // nil: empty
        var first: Int
        var last: Int
    }
    private var places: [Place] = []
    private var count = 0

    /// Room for `n` keys without growing.
    mutating func reserveCapacity(_ n: Int) {
        var size = 16
        while size * 3 < n * 4 { size *= 2 }
        if size > places.count { rehash(size) }
    }

    /// Adds record `k` under `key`: nil when the key is new (its chain is `k` alone); otherwise the
    /// chain's ends before `k` (now its last).
    mutating func add(_ key: consuming ByteKey, record k: Int) -> (first: Int, last: Int)? {
        if (count + 1) * 4 > places.count * 3 { rehash(Swift.max(16, places.count * 2)) }
        return places.withUnsafeMutableBufferPointer { p -> (first: Int, last: Int)? in
            let mask = p.count - 1
            var i = key.hash & mask
            while let other = p[i].key {
                if other == key {
                    let ends = (first: p[i].first, last: p[i].last)
                    p[i].last = k
                    return ends
                }
                i = (i + 1) & mask
            }
            p[i] = Place(key: key, first: k, last: k)
            count += 1
            return nil
        }
    }

    private mutating func rehash(_ size: Int) {
        var old: [Place] = []
        swap(&old, &places)
        places = [Place](repeating: Place(key: nil, first: 0, last: 0), count: size)
        let mask = size - 1
        for e in old {
            guard let key = e.key else { continue }
            var i = key.hash & mask
            while places[i].key != nil { i = (i + 1) & mask }
            places[i] = e
        }
    }
}

/// Up to three values by fixed name (a record's DOI, PMID and arXiv id, or its volume, issue
/// and first page), compared name by name: a struct, not a dictionary per record.
struct MergeFields: Sendable {
    var first: String?, second: String?, third: String?

    init(_ first: String? = nil, _ second: String? = nil, _ third: String? = nil) {
        self.first = first
        self.second = second
        self.third = third
    }

    /// True when some name has a value in both and the two differ.
    func conflicts(with o: MergeFields) -> Bool {
        func differ(_ a: String?, _ b: String?) -> Bool { a != nil && b != nil && a != b }
        return differ(first, o.first) || differ(second, o.second) || differ(third, o.third)
    }

    /// These values, with `o`'s where these have none.
    func filled(from o: MergeFields) -> MergeFields { MergeFields(first ?? o.first, second ?? o.second, third ?? o.third) }
}

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
    /// The records added, until ``finalize()`` moves them out.
    private var records = ChunkedStore<PaperRecord>()
    private var parent: [Int] = []
    /// Identifiers of each union–find root's records, to refuse conflicting merges.
    private var idsOfRoot: [MergeFields] = []
    private var reasonOf: [Int: String] = [:]
    /// Volume, issue and first page of each root's records, to refuse title matches across issues.
    private var locatorOfRoot: [MergeFields] = []
    private var byIdentifier: [HashedKey: Int] = [:]
    /// Records with the same title and byline, and with the same title and year: each key's first
    /// and last record, and each record's next one with the same key (-1 at the end), so no list
    /// is allocated per key.
    private var byTitleAndByline = ByteKeyChains()
    private var byTitleAndYear = ByteKeyChains()
    private var nextSameByline: [Int] = []
    private var nextSameYear: [Int] = []

    /// The papers, after ``finalize()``.
    private(set) var drafts: [PaperDraft] = []
    /// The merges, after ``finalize()``: kept record (first by location), dropped record, reason.
    private(set) var merges: [MergeEvent] = []

    /// The length of ``writeBylineKey(_:to:)``'s key. (Two functions rather than one that can
    /// also only count: that one was slower under callgrind.)
    static func bylineKeyLength(_ r: PaperRecord) -> Int {
        var n = 0
        r.authors.withUnsafeBufferPointer { authors in
            for a in authors where !a.inferred {
                if n > 0 { n += 1 }
                n += a.name.familyKey.utf8.count + 1 + initialLength(a.name.initials)
            }
        }
        return n
    }

    /// The UTF-8 length of the first character of `initials` (0 when empty).
    @inline(__always)
    private static func initialLength(_ initials: String) -> Int {
        guard let b = initials.utf8.first else { return 0 }
        return b < 0x80 ? 1 : String(initials.first!).utf8.count
    }

    /// Writes "family/initial,family/initial,…" over the written (not inferred) authors at `out`,
    /// which has room for ``bylineKeyLength(_:)`` bytes.
    static func writeBylineKey(_ r: PaperRecord, to out: UnsafeMutablePointer<UInt8>) {
        var o = 0
        r.authors.withUnsafeBufferPointer { authors in
            // By index, the name taken once: a copy of each slot (`for a in authors`) retained and
            // released its name three times.
            for i in authors.indices where !authors[i].inferred {
                let name = authors[i].name
                if o > 0 { out[o] = UInt8(ascii: ","); o += 1 }
                o = name.familyKey.withBytes { f in
                    (out + o).update(from: f.baseAddress!, count: f.count)
                    return o + f.count
                }
                out[o] = UInt8(ascii: "/")
                o += 1
                let initials = name.initials
                if let b = initials.utf8.first, b < 0x80 {
                    out[o] = b
                    o += 1
                } else if let c = initials.first {
                    for b in String(c).utf8 { out[o] = b; o += 1 }
                }
            }
        }
    }

    /// Same family name and, when both have given names, the same first initial.
    static func sameFirstAuthor(_ a: PersonName, _ b: PersonName) -> Bool {
        a.familyKey == b.familyKey && (a.initials.isEmpty || b.initials.isEmpty || a.initials.first == b.initials.first)
    }

    /// The locator parts that must agree for a title match: volume, issue and first page, folded.
    static func locator(_ r: PaperRecord) -> MergeFields {
        MergeFields(r.volume.map(Folding.key), r.issue.map(Folding.key), r.firstPage.map(Folding.key))
    }

    /// DOI, PMID and arXiv id (their keys are looked up in this order).
    static func identifiers(_ r: PaperRecord) -> MergeFields {
        var ids = MergeFields(nil, r.pmid, nil)
        // An arXiv DOI names the preprint: it is compared as an arXiv id, so it does not conflict
        // with the journal DOI of the same paper.
        if let d = r.doi {
            if let a = Identifiers.arxiv(fromDOI: d) { ids.third = a } else { ids.first = d }
        }
        if let a = r.arxiv { ids.third = a }
        return ids
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
        let ia = idsOfRoot[ra], ib = idsOfRoot[rb]
        if ia.conflicts(with: ib) { return }
        let la = locatorOfRoot[ra], lb = locatorOfRoot[rb]
        if byTitle && la.conflicts(with: lb) { return }
        let (root, child) = ra < rb ? (ra, rb) : (rb, ra)
        parent[child] = root
        idsOfRoot[root] = ia.filled(from: ib)
        idsOfRoot[child] = MergeFields()
        locatorOfRoot[root] = la.filled(from: lb)
        locatorOfRoot[child] = MergeFields()
        // `b` is the record being added: remember why it matched.
        if reasonOf[b] == nil { reasonOf[b] = reason }
    }

    /// What a record is matched by, computed apart from the merger's state (so readers can compute
    /// it on their own threads; see ``PaperRecord/mergeKeys``).
    struct Keys: Sendable {
        /// DOI, PMID and arXiv id.
        var identifiers: MergeFields
        /// "DOI:value", "PMID:value", "arXiv:value", for those given.
        var identifierKeys: [HashedKey]
        /// Volume, issue and first page, folded.
        var locator: MergeFields
        /// Folded title, "|", folded byline (nil without a title or authors).
        var titleAndByline: ByteKey?
        /// Folded title, "|", year (nil without a title or a year).
        var titleAndYear: ByteKey?
    }

    /// Sets the record's keys, computed in place.
    static func setKeys(_ r: inout PaperRecord) { r.mergeKeys = keys(r) }

    /// Copies `bytes` to `out` at `at`; returns the end.
    @inline(__always)
    private static func put(_ bytes: UnsafeBufferPointer<UInt8>, _ out: UnsafeMutablePointer<UInt8>, _ at: Int) -> Int {
        if let b = bytes.baseAddress { (out + at).update(from: b, count: bytes.count) }
        return at + bytes.count
    }

    static func keys(_ r: PaperRecord) -> Keys {
        let ids = identifiers(r)
        var identifierKeys: [HashedKey] = []
        if let v = ids.first { identifierKeys.append(HashedKey("DOI:" + v)) }
        if let v = ids.second { identifierKeys.append(HashedKey("PMID:" + v)) }
        if let v = ids.third { identifierKeys.append(HashedKey("arXiv:" + v)) }
        // The folded title, then "|" and the byline or the year: each key made at its size, in one
        // allocation (no string for the year, no growing arrays).
        var titleAndByline: ByteKey?, titleAndYear: ByteKey?
        Folding.withKeyBytes(r.title) { title in
            guard !title.isEmpty else { return }
            if let d = r.date {
                // The year as String(d.year) writes it.
                let magnitude = d.year.magnitude
                var digits = 1
                var m = magnitude
                while m >= 10 { m /= 10; digits += 1 }
                let sign = d.year < 0 ? 1 : 0
                titleAndYear = ByteKey(count: title.count + 1 + sign + digits) { out in
                    var o = put(title, out, 0)
                    out[o] = UInt8(ascii: "|"); o += 1
                    if sign == 1 { out[o] = UInt8(ascii: "-"); o += 1 }
                    var v = magnitude
                    for k in stride(from: o + digits - 1, through: o, by: -1) { out[k] = 0x30 + UInt8(v % 10); v /= 10 }
                }
            }
            if !r.authors.isEmpty {
                titleAndByline = ByteKey(count: title.count + 1 + bylineKeyLength(r)) { out in
                    let o = put(title, out, 0)
                    out[o] = UInt8(ascii: "|")
                    writeBylineKey(r, to: out + o + 1)
                }
            }
        }
        return Keys(identifiers: ids, identifierKeys: identifierKeys, locator: locator(r), titleAndByline: titleAndByline,
                    titleAndYear: titleAndYear)
    }

    /// Sizes the tables for `count` records in all, so they do not grow (and rehash) step by step.
    mutating func reserveCapacity(_ count: Int) {
        let n = min(count, 1 << 22)  // a hint: past four million records, the tables grow as needed
        guard n > parent.count else { return }
        parent.reserveCapacity(n)
        idsOfRoot.reserveCapacity(n)
        locatorOfRoot.reserveCapacity(n)
        nextSameByline.reserveCapacity(n)
        nextSameYear.reserveCapacity(n)
        byIdentifier.reserveCapacity(n)
        byTitleAndByline.reserveCapacity(n)
        byTitleAndYear.reserveCapacity(n)
    }

    mutating func add(_ r: consuming PaperRecord) {
        var keys = r.mergeKeys.take() ?? Self.keys(r)
        let k = parent.count
        parent.append(k)
        let ids = keys.identifiers
        idsOfRoot.append(ids)
        locatorOfRoot.append(keys.locator)
        // One lookup for a key not seen before (most): inserted at once, and put back when it was there.
        for key in keys.identifierKeys {
            if let other = byIdentifier.updateValue(k, forKey: key) {
                byIdentifier[key] = other
                let colon = key.text.firstIndex(of: ":")!
                union(other, k, reason: "same \(key.text[..<colon]) \(key.text[key.text.index(after: colon)...])")
            }
        }
        nextSameByline.append(-1)
        nextSameYear.append(-1)
        if let bk = keys.titleAndByline.take() {
            if let ends = byTitleAndByline.add(bk, record: k) {
                var other = ends.first
                while other >= 0 {
                    if Self.yearsCompatible(records.read(other) { $0.date }, r.date) { union(other, k, reason: "same title and byline", byTitle: true) }
                    other = nextSameByline[other]
                }
                nextSameByline[ends.last] = k
            }
        }
        if let yk = keys.titleAndYear.take() {
            if let ends = byTitleAndYear.add(yk, record: k) {
                let first = r.authors.first?.name
                var other = ends.first
                while other >= 0 {
                    let f = records.read(other) { $0.authors.first?.name }
                    if first == nil || f == nil || Self.sameFirstAuthor(first!, f!) {
                        union(other, k, reason: "same title, year and first author", byTitle: true)
                    }
                    other = nextSameYear[other]
                }
                nextSameYear[ends.last] = k
            }
        }
        // Stored last (the rules above read earlier records only): moved, not copied.
        records.append(r)
    }

    /// The papers, after ``finalize()``, handed over (the merger keeps none).
    mutating func takeDrafts() -> [PaperDraft] {
        defer { drafts = [] }
        return drafts
    }

    /// The same year; an inferred or missing year is compatible with any (a listing's undated repost).
    static func yearsCompatible(_ a: PartialDate?, _ b: PartialDate?) -> Bool {
        guard let a, let b, !a.yearInferred, !b.yearInferred else { return true }
        return a.year == b.year
    }

    /// Groups the records into papers and folds each, in order of source location.
    mutating func finalize() {
        // Groups as lists threaded through arrays (first and last member of each root, next member
        // of each record): no array per group.
        let n = records.count
        var first = [Int](repeating: -1, count: n), last = [Int](repeating: -1, count: n), next = [Int](repeating: -1, count: n)
        var order: [Int] = []
        for k in 0..<n {
            let r = find(k)
            if first[r] < 0 { first[r] = k; order.append(r) } else { next[last[r]] = k }
            last[r] = k
        }
        // Papers made in two halves of `order` at the same time: each reads and moves out only its
        // own groups' records.
        records.beginTaking()
        var events = [[MergeEvent]](repeating: [], count: 2)
        let count = order.count
        drafts = [PaperDraft](unsafeUninitializedCapacity: count) { buffer, initialized in
            events.withUnsafeMutableBufferPointer { eventBuffer in
                let shared = _UncheckedSendable(value: (buffer, eventBuffer))
                let view = _UncheckedSendable(value: (records, reasonOf))
                inHalves(count) { half, range in
                    let (buffer, events) = shared.value
                    let (records, reasonOf) = view.value
                    for o in range {
                        (buffer.baseAddress! + o).initialize(to: Self.draft(first[order[o]], next: next, records: records, reasonOf: reasonOf,
                                                                            events: &events[half]))
                    }
                }
            }
            initialized = count
        }
        merges = (events[0] + events[1]).sorted { ($0.kept, $0.dropped) < ($1.kept, $1.dropped) }
        // What is left of the records (the members of merged papers, and the chunks they are in)
        // is freed on a thread of its own while the stages that follow begin. (Moved there, not
        // copied: see the end of ``CorpusBuilder/build()``.)
        var r = ChunkedStore<PaperRecord>(), ids: [MergeFields] = [], locators: [MergeFields] = []
        swap(&r, &records)
        swap(&ids, &idsOfRoot)
        swap(&locators, &locatorOfRoot)
        if n > 10_000 { releaseInBackground((consume r, consume ids, consume locators)) }  // small ones are not worth a thread
    }

    /// The paper of the group whose first record is `k` (its other records follow through `next`),
    /// its merges appended to `events`.
    private static func draft(_ k: Int, next: [Int], records: ChunkedStore<PaperRecord>, reasonOf: [Int: String],
                              events: inout [MergeEvent]) -> PaperDraft {
        if next[k] < 0 {
            // A paper of one record (most): moved out, not copied.
            let r = records.take(k)
            let source = (r.source, r.date)
            return PaperDraft(record: r, sources: [source])
        }
        var group: [Int] = []
        var m = k
        while m >= 0 { group.append(m); m = next[m] }
        let members = group.sorted { records.read($0) { $0.source } < records.read($1) { $0.source } }
        var best = records[members[0]]
        for m in members.dropFirst() { records.read(m) { Self.fold($0, into: &best) } }
        for m in members.dropFirst() {
            events.append(MergeEvent(kept: records.read(members[0]) { $0.source }, dropped: records.read(m) { $0.source },
                                     reason: reasonOf[m] ?? reasonOf[members[0]] ?? "same paper", title: best.title))
        }
        return PaperDraft(record: best, sources: members.map { records.read($0) { ($0.source, $0.date) } })
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
