import AuthorNames
import Foundation

/// Who owns a profile listing, for completing truncated bylines.
public enum OwnerOption: Sendable, Equatable {
    /// Do not add anyone.
    case none
    /// This person.
    case name(String)
    /// The author on the most records.
    case auto
}

/// Options for turning records into a corpus.
public struct CorpusOptions: Sendable {
    /// Adds the owner to truncated bylines that do not show them (marked inferred).
    public var owner: OwnerOption = .none
    /// Forced merges and drops.
    public var aliases: AliasTable?
    /// Keep every slot's resolution (for `coauthor authors --assignments` and quality measurements).
    public var keepAssignments = false

    /// Creates options.
    public init(owner: OwnerOption = .none, aliases: AliasTable? = nil, keepAssignments: Bool = false) {
        self.owner = owner
        self.aliases = aliases
        self.keepAssignments = keepAssignments
    }
}

/// Collects records from any number of inputs and builds the ``Corpus``:
/// duplicates merged, names resolved to dense person ids, papers and persons
/// in a deterministic order (independent of input order).
public final class CorpusBuilder {
    private let options: CorpusOptions
    private let log: DiagnosticLog
    private var merger = PaperMerger()
    private var summary = CorpusSummary()
    private var aliasUsed: Set<Int> = []
    /// Canonical names put in by the alias file (their slots' rule is "alias").
    private var aliasedNames: Set<ObjectIdentifier> = []
    /// Records added so far.
    private var records = 0
    /// Invalid ORCIDs already reported.
    private var badORCIDs: Set<String> = []

    /// Creates a builder.
    public init(options: CorpusOptions, log: DiagnosticLog) {
        self.options = options
        self.log = log
    }

    /// Sizes the tables for about `count` more records (a hint; any number may come).
    public func expectRecords(_ count: Int) { merger.reserveCapacity(records + count) }

    /// Notes that an input was read.
    public func noteInput(_ name: String) { summary.inputs.append(name) }

    /// Adds one record.
    public func add(_ r: consuming PaperRecord) {
        records += 1
        if r.arxiv == nil, let d = r.doi, let a = Identifiers.arxiv(fromDOI: d) { r.arxiv = a }
        // A mistyped ORCID still decides identity (it is what the source says), but is reported once.
        // (Slots are read in place: a copy of each would touch four reference counts.)
        for i in r.authors.indices where !r.authors[i].identifiers.isEmpty {
            for id in r.authors[i].identifiers where id.scheme == .orcid && !id.isValidORCID && badORCIDs.insert(id.value).inserted {
                log.report(Diagnostic(.warning, file: r.source.file, line: r.source.line, record: r.source.key,
                                      message: "ORCID \(id.value) of \(r.authors[i].name.display) is not a valid ORCID (wrong form or check digit); kept as written"))
            }
        }
        if let aliases = options.aliases {
            var kept: [WrittenAuthor] = []
            for a in r.authors {
                guard let e = aliases.entry(for: a.name) else { kept.append(a); continue }
                aliasUsed.insert(e)
                guard let canon = aliases.entries[e].canonicalName else {
                    summary.droppedByAlias += 1
                    continue
                }
                var b = a
                // The canonical name, still showing how this slot was written (for --assignments).
                b.name = canon.with(written: a.name.written)
                aliasedNames.insert(ObjectIdentifier(b.name))
                kept.append(b)
            }
            r.authors = kept
            r.mergeKeys = nil
        }
        merger.add(r)
    }

    /// Builds the corpus.
    public func build() -> Corpus {
        summary.recordsRead = records
        if let aliases = options.aliases {
            for (i, e) in aliases.entries.enumerated() where !aliasUsed.contains(i) {
                log.report(Diagnostic(.warning, file: aliases.file, line: e.line, message: "alias name \"\(e.name)\" never occurs in the input"))
            }
        }
        Timings.measure("merge") { merger.finalize() }
        var lap = Timings.Lap()
        var drafts = merger.takeDrafts()  // owned here alone, so moving records out copies nothing
        let merges = merger.merges
        summary.mergedDuplicates = merges.count
        for m in merges {
            log.report(Diagnostic(.note, file: m.dropped.file, line: m.dropped.line, record: m.dropped.key,
                                  message: "merged into the paper of \(m.kept) (\(m.reason)): \"\(m.title)\""))
        }

        // The owner on truncated bylines.
        var ownerName: PersonName?
        switch options.owner {
        case .none: break
        case .name(let n): ownerName = NameParser.parse(n)
        case .auto:
            var counts: [String: (Int, PersonName)] = [:]
            for d in drafts {
                for key in Set(d.record.authors.map { $0.name.matchKey }) {
                    let name = d.record.authors.first { $0.name.matchKey == key }!.name
                    counts[key] = ((counts[key]?.0 ?? 0) + d.sources.count, counts[key]?.1 ?? name)
                }
            }
            ownerName = counts.min { a, b in a.value.0 != b.value.0 ? a.value.0 > b.value.0 : a.value.1.display < b.value.1.display }?.value.1
        }
        if let owner = ownerName {
            summary.owner = owner.display
            let key = owner.matchKey
            for i in drafts.indices where drafts[i].record.truncated {
                if !drafts[i].record.authors.contains(where: { $0.name.matchKey == key }) {
                    drafts[i].record.authors.append(WrittenAuthor(name: owner, inferred: true))
                    summary.ownerAdded += 1
                }
            }
        }

        // Resolve names over every slot, read in place in the drafts (a flat copy of the slots
        // would touch four reference counts per slot, twice). The order of the papers depends on
        // the drafts alone: it is worked out at the same time.
        lap.mark("build.prepare")
        var resolved: NameResolver.Result?
        var paperOrder: [Int] = []
        do {
            // The papers are ordered on a pool thread while this one resolves the names. (Not with
            // `inParallel`: within it, the resolver's own two-halves stages ran one half after the
            // other, on this thread.)
            let view = _UncheckedSendable(value: drafts)  // read only while both run; released before drafts change
            let order = _PaperOrderTask()
            let group = DispatchGroup()
            DispatchQueue.global().async(group: group) { order.result = Timings.measure("order papers") { Self.paperOrder(view.value) } }
            resolved = Timings.measure("resolve") { NameResolver.resolve(view.value) }
            group.wait()
            paperOrder = order.result
        }
        let res = resolved!
        resolved = nil
        lap = Timings.Lap()
        summary.initialsMerges = res.initialsMerges
        summary.ambiguousNames = res.ambiguities.count
        // Each ambiguity is reported at the first record (by location) where the name is written so.
        var firstSeen: [String: SourceLocation] = [:]
        let wanted = Set(res.ambiguities.map { $0.name.replacingOccurrences(of: " (no identifier)", with: "") })
        if !wanted.isEmpty {
            // Every slot's written form is one of its person's forms: only the slots of persons with
            // a wanted form need their form looked up (an array lookup per slot, not a hash).
            var entityWanted = [Bool](repeating: false, count: res.entities.count)
            entityWanted.withUnsafeMutableBufferPointer { buffer in
                let shared = _UncheckedSendable(value: buffer)
                inHalves(res.entities.count) { _, range in  // in two halves at the same time
                    for e in range where res.entities[e].forms.containsForm(where: { wanted.contains($0) }) { shared.value[e] = true }
                }
            }
            var s = 0
            for i in drafts.indices {
                let n = drafts[i].record.authors.count
                defer { s += n }
                for j in 0..<n where entityWanted[res.entityOfSlot[s + j]] {
                    let display = drafts[i].record.authors[j].name.display
                    guard wanted.contains(display) else { continue }
                    let loc = drafts[i].sources[0].location
                    if let old = firstSeen[display], old < loc { continue }
                    firstSeen[display] = loc
                }
            }
        }
        for a in res.ambiguities {
            let loc = firstSeen[a.name.replacingOccurrences(of: " (no identifier)", with: "")]
            log.report(Diagnostic(.note, file: loc?.file ?? summary.inputs.joined(separator: ", "), line: loc?.line, record: loc?.key,
                                  message: "\(a.name) could be: \(a.candidates.joined(separator: ", ")); left as a separate person"))
        }

        lap.mark("build.ambiguities")
        let corpus = Timings.measure("assemble") { assemble(drafts: &drafts, paperOrder: paperOrder, res: res, merges: merges) }
        // The intermediate structures are released on another thread, after the work that keeps
        // both cores busy. They are moved there, not copied: with a copy left here, released at the
        // return, whichever release came last freed everything, often this thread's (up to 0.3 s
        // on mlanthology).
        if drafts.count > 10_000 {  // small ones are not worth a thread
            var old = PaperMerger()
            swap(&old, &merger)
            releaseInBackground((consume drafts, consume res, consume old))
        } else {
            merger = PaperMerger()
        }
        return corpus
    }

    /// Persons in their deterministic order: each entity's index in it, and the persons.
    private static func orderedPersons(_ res: NameResolver.Result) -> (newIndex: [Int], persons: [Person]) {
        // Persons in a deterministic order: by display name's key, then display, then match key.
        // Ties (homonyms) are broken by identifiers, then by the written forms, never by input order.
        // The folded display names are packed in one buffer and compared bytewise (UTF-8 order is
        // code point order; folded keys hold no combining marks), touching no reference counts.
        // (Folded in two halves at the same time, the second then appended to the first.)
        let entityCount = res.entities.count
        var keyStart = [Int](repeating: 0, count: entityCount + 1)
        var halves = [(bytes: [UInt8], range: Range<Int>)](repeating: ([], 0..<0), count: 2)
        keyStart.withUnsafeMutableBufferPointer { startBuffer in
            halves.withUnsafeMutableBufferPointer { halfBuffer in
                let shared = _UncheckedSendable(value: (startBuffer, halfBuffer))
                inHalves(entityCount) { k, range in
                    let (keyStart, half) = shared.value
                    var bytes: [UInt8] = []
                    for i in range {
                        Folding.appendKeyBytes(res.entities[i].bestForm, to: &bytes)
                        keyStart[i + 1] = bytes.count  // counted from the start of this half's bytes
                    }
                    half[k] = (bytes, range)
                }
            }
        }
        var keyBytes = halves[0].bytes
        // The second half's starts, counted from its own bytes, shifted past the first half's.
        for i in halves[1].range { keyStart[i + 1] += keyBytes.count }
        keyBytes.append(contentsOf: halves[1].bytes)
        halves = []
        func tieKey(_ e: NameResolver.Entity) -> String {
            e.identifiers.sorted().map(\.description).joined(separator: ";") + "|" + e.forms.keys.sorted().joined(separator: ";")
        }
        var order = Array(res.entities.indices)
        let prefix = packedPrefixes(keyBytes, keyStart)
        keyBytes.withUnsafeBufferPointer { kb in
        keyStart.withUnsafeBufferPointer { ks in
        prefix.withUnsafeBufferPointer { pf in
            let base = kb.baseAddress
            sortOnTwoCores(&order) { a, b in
                if pf[a] != pf[b] { return pf[a] < pf[b] }
                let c = comparePacked(base, ks, a, b)
                if c != 0 { return c < 0 }
                if res.entities[a].bestForm != res.entities[b].bestForm { return res.entities[a].bestForm < res.entities[b].bestForm }
                if res.entities[a].best.matchKey != res.entities[b].best.matchKey {
                    return res.entities[a].best.matchKey < res.entities[b].best.matchKey
                }
                return tieKey(res.entities[a]) < tieKey(res.entities[b])  // homonyms only: rare
            }
        }
        }
        }
        var newIndex = [Int](repeating: 0, count: res.entities.count)
        for (n, e) in order.enumerated() { newIndex[e] = n }
        // Display names are unique: a second person written the same way (homonyms kept apart by
        // identifiers or by different keys) gets " (2)", then " (3)", in this deterministic order.
        // The order sorts by folded key and then by display name, so persons written the same way
        // are next to each other in it: each is numbered within its run.
        // Neighbours are compared by their folded keys first (equal display names have equal keys),
        // so only persons with a namesake read their entity here; only those are numbered.
        var numbered: [Int: String] = [:]
        keyBytes.withUnsafeBufferPointer { kb in
        keyStart.withUnsafeBufferPointer { ks in
            var k = 1
            for n in order.indices.dropFirst() {
                let a = order[n - 1], e = order[n]
                if prefix[a] == prefix[e] && comparePacked(kb.baseAddress, ks, a, e) == 0
                    && res.entities[a].bestForm == res.entities[e].bestForm {
                    k += 1
                    numbered[e] = "\(res.entities[e].bestForm) (\(k))"
                } else {
                    k = 1
                }
            }
        }
        }
        // Persons are independent of one another: built in place in two halves at the same time,
        // each half reading its entities in their order and writing each person at its place (read
        // in the persons' order, every entity would be a cache miss).
        let count = order.count
        let (place, shown) = (newIndex, numbered)
        let persons = res.entities.withUnsafeBufferPointer { entities in
            [Person](unsafeUninitializedCapacity: count) { buffer, initialized in
                let out = _UncheckedSendable(value: buffer)
                func build(_ range: Range<Int>) {
                    for e in range {
                        let n = place[e]
                        (out.value.baseAddress! + n).initialize(to: person(n, entities.baseAddress! + e, shown.isEmpty ? nil : shown[e]))
                    }
                }
                inParallel({ build(0..<count / 2) }, { build(count / 2..<count) })
                initialized = count
            }
        }
        return (newIndex, persons)
    }

    /// Person `n` of the ordered list: entity `entity`, shown as its best form or, after a
    /// namesake, as `numbered`. (The entity is read through a pointer: passed by value, it would
    /// be copied, a reference count per field.)
    private static func person(_ n: Int, _ entity: UnsafePointer<NameResolver.Entity>, _ numbered: String?) -> Person {
        var variants: [NameVariant] = []
        variants.reserveCapacity(entity.pointee.forms.count)
        entity.pointee.forms.forEach { form, v in variants.append(NameVariant(form: form, count: v.count, rule: v.rule)) }
        // The source's other forms of the same slots, unless written that way elsewhere too.
        for (v, k) in entity.pointee.sourceForms where entity.pointee.forms[v] == nil {
            variants.append(NameVariant(form: v, count: k, rule: "source variant"))
        }
        if variants.count > 1 {
            variants.sort { a, b in
                let sa = a.rule == "source variant", sb = b.rule == "source variant"
                if sa != sb { return sb }
                return a.count != b.count ? a.count > b.count : a.form < b.form
            }
        }
        return Person(id: PersonID(UInt32(n)), name: numbered ?? entity.pointee.bestForm, parsed: entity.pointee.best, matchKey: entity.pointee.best.matchKey,
                      kind: entity.pointee.kind, variants: variants, identifiers: entity.pointee.identifiers.isEmpty ? [] : entity.pointee.identifiers.sorted())
    }

    /// The papers' order, as indices into `drafts`.
    private static func paperOrder(_ drafts: [PaperDraft]) -> [Int] {
        // Paper order, decided on the drafts so papers are built in place: by date (no date last; an
        // inferred year after a given one on the same day), then folded title (UTF-8 order), then
        // title, then first source.
        let dateKeys: [Int] = drafts.indices.map { i in
            guard let t = drafts[i].record.date else { return Int.max }
            return ((t.year * 100 + (t.month ?? 0)) * 100 + (t.day ?? 0)) * 2 + (t.yearInferred ? 1 : 0)
        }
        // Folded titles packed in one buffer: the comparisons touch no reference counts.
        var titleBytes: [UInt8] = []
        var titleStart = [Int](repeating: 0, count: drafts.count + 1)
        for i in drafts.indices {
            Folding.appendWordBytes(drafts[i].record.title, to: &titleBytes)
            titleStart[i + 1] = titleBytes.count
        }
        var paperOrder = Array(drafts.indices)
        let prefix = packedPrefixes(titleBytes, titleStart)
        titleBytes.withUnsafeBufferPointer { tb in
        titleStart.withUnsafeBufferPointer { ts in
        dateKeys.withUnsafeBufferPointer { dk in
        prefix.withUnsafeBufferPointer { pf in
            let base = tb.baseAddress
            paperOrder.sort { i, j in
                if dk[i] != dk[j] { return dk[i] < dk[j] }
                if pf[i] != pf[j] { return pf[i] < pf[j] }
                let c = comparePacked(base, ts, i, j)
                if c != 0 { return c < 0 }
                if drafts[i].record.title != drafts[j].record.title { return drafts[i].record.title < drafts[j].record.title }
                return drafts[i].sources[0].location < drafts[j].sources[0].location
            }
        }
        }
        }
        }
        return paperOrder
    }

    private func assemble(drafts: inout [PaperDraft], paperOrder: [Int], res: NameResolver.Result, merges: [MergeEvent]) -> Corpus {
        var lap = Timings.Lap()
        let (newIndex, persons) = Self.orderedPersons(res)
        lap.mark("assemble.persons")
        // Papers.
        var assignments: [SlotAssignment] = []
        if options.keepAssignments {
            var s = 0
            for d in drafts {
                for (k, a) in d.record.authors.enumerated() {
                    let e = res.entityOfSlot[s]
                    let p = PersonID(UInt32(newIndex[e]))
                    let rule = a.inferred ? "inferred owner" : aliasedNames.contains(ObjectIdentifier(a.name)) ? "alias"
                        : (res.entities[e].forms[a.name.display]?.rule ?? "same key")
                    assignments.append(SlotAssignment(record: d.record.source, position: k + 1, written: a.name.written, person: p, rule: rule))
                    s += 1
                }
            }
        }
        var slotStart = [Int](repeating: 0, count: drafts.count + 1)
        for i in drafts.indices { slotStart[i + 1] = slotStart[i] + drafts[i].record.authors.count }
        // Papers, built in place in two halves at the same time: each paper reads only its own
        // draft (taking its list of sources) and the finished person table. Each half reads its
        // drafts and their slots in their order and writes each paper at its place (read in the
        // papers' order, every draft, its byline and its slots would be cache misses).
        var repeatedWarnings: [(draft: Int, diagnostic: Diagnostic)] = []
        let count = paperOrder.count
        var place = [Int](repeating: 0, count: count)
        for (index, di) in paperOrder.enumerated() { place[di] = index }
        let papers = drafts.withUnsafeMutableBufferPointer { draftBuffer in
            [Paper](unsafeUninitializedCapacity: count) { buffer, initialized in
                let half = count / 2
                var first: [(draft: Int, diagnostic: Diagnostic)] = [], second: [(draft: Int, diagnostic: Diagnostic)] = []
                let shared = _UncheckedSendable(value: (draftBuffer, buffer))
                func build(_ range: Range<Int>, _ out: inout [(draft: Int, diagnostic: Diagnostic)]) {
                    let (draftBuffer, buffer) = shared.value
                    for di in range {
                        let index = place[di]
                        let (paper, warning) = Self.makePaper(index: index, draft: &draftBuffer[di], firstSlot: slotStart[di],
                                                               newIndex: newIndex, persons: persons, res: res)
                        (buffer.baseAddress! + index).initialize(to: paper)
                        if let warning { out.append((di, warning)) }
                    }
                }
                inParallel({ build(0..<half, &first) }, { build(half..<count, &second) })
                initialized = count
                repeatedWarnings = first + second
            }
        }
        // Warnings in input order, as the records were read.
        for w in repeatedWarnings.sorted(by: { $0.draft < $1.draft }) { log.report(w.diagnostic) }
        lap.mark("assemble.papers")
        summary.truncatedBylines = papers.reduce(0) { $0 + ($1.truncated ? 1 : 0) }
        summary.inferredYears = papers.reduce(0) { $0 + ($1.date?.yearInferred == true ? 1 : 0) }
        summary.errors = log.count(atLeast: .error)
        summary.warnings = log.count(atLeast: .warning) - summary.errors
        return Corpus(papers: papers, persons: persons, merges: merges, ambiguities: res.ambiguities, summary: summary,
                      assignments: assignments)
    }
}

/// The papers' order, worked out on another thread.
private final class _PaperOrderTask: @unchecked Sendable {
    var result: [Int] = []
}

extension CorpusBuilder {
    /// The paper of one draft (whose list of sources it takes); and a warning when a person is
    /// repeated in the byline.
    fileprivate static func makePaper(index: Int, draft: inout PaperDraft, firstSlot: Int, newIndex: [Int], persons: [Person],
                                      res: NameResolver.Result) -> (Paper, Diagnostic?) {
        // The record's fields are read in place (each retained once); the draft and what is left of
        // it are released later, on another thread.
        var slot = firstSlot
        var authors: [PersonID] = []
        var inferred: [PersonID] = []
        var affiliations: [[String]] = []
        var repeated: [String] = []
        draft.record.authors.withUnsafeBufferPointer { written in
            authors.reserveCapacity(written.count)
            affiliations.reserveCapacity(written.count)
            for j in written.indices {
                let p = PersonID(UInt32(newIndex[res.entityOfSlot[slot]]))
                slot += 1
                let isInferred = written[j].inferred
                if let k = authors.firstIndex(of: p) {
                    // The same person twice in one byline: keep the first place.
                    if !isInferred, let idx = inferred.firstIndex(of: p) { inferred.remove(at: idx) }
                    for af in written[j].affiliations where !affiliations[k].contains(af) { affiliations[k].append(af) }
                    if !isInferred {
                        let d = written[j].name.display
                        repeated.append(d == persons[p.index].name ? d : "\(d) (as \(persons[p.index].name))")
                    }
                    continue
                }
                authors.append(p)
                affiliations.append(written[j].affiliations)
                if isInferred { inferred.append(p) }
            }
        }
        var warning: Diagnostic?
        if !repeated.isEmpty {
            var counts: [String: Int] = [:]
            for x in repeated { counts[x, default: 0] += 1 }
            let list = counts.keys.sorted().map { counts[$0]! > 1 ? "\($0) ×\(counts[$0]! + 1)" : $0 }.joined(separator: ", ")
            let source = draft.record.source
            warning = Diagnostic(.warning, file: source.file, line: source.line, record: source.key,
                                 message: "repeated in the byline, counted once: \(list)")
        }
        var sources: [(location: SourceLocation, date: PartialDate?)] = []
        swap(&sources, &draft.sources)
        let paper = Paper(index: index, title: draft.record.title, authors: authors, inferredAuthors: inferred, affiliations: affiliations,
                          truncated: draft.record.truncated, date: draft.record.date, sources: sources, doi: draft.record.doi,
                          arxiv: draft.record.arxiv, pmid: draft.record.pmid, venue: draft.record.venue, url: draft.record.url,
                          entryType: draft.record.entryType, category: draft.record.category, hasCode: draft.record.hasCode,
                          tags: draft.record.tags, abstract: draft.record.abstract)
        return (paper, warning)
    }
}

/// The first eight bytes of each packed string as a big-endian integer (shorter strings padded
/// with zeros, which keys never contain): comparing these orders as ``comparePacked`` does, up to
/// ties, with one integer comparison instead of a call to memcmp.
private func packedPrefixes(_ bytes: [UInt8], _ starts: [Int]) -> [UInt64] {
    bytes.withUnsafeBufferPointer { b in
        (0..<(starts.count - 1)).map { i in
            var v: UInt64 = 0
            let s = starts[i], n = min(starts[i + 1] - s, 8)
            for k in 0..<8 { v = (v << 8) | (k < n ? UInt64(b[s + k]) : 0) }
            return v
        }
    }
}

/// Sorts `order` by `less`, a strict total order: each half on a core of its own, then merged.
/// (A total order has one sorted result, whatever the algorithm.)
private func sortOnTwoCores(_ order: inout [Int], by less: (Int, Int) -> Bool) {
    let n = order.count
    guard n >= 10_000 else { order.sort(by: less); return }
    let mid = n / 2
    order.withUnsafeMutableBufferPointer { buffer in
        let halves = _UncheckedSendable(value: buffer)
        inParallel({ halves.value[0..<mid].sort(by: less) }, { halves.value[mid..<n].sort(by: less) })
    }
    var merged: [Int] = []
    merged.reserveCapacity(n)
    var i = 0, j = mid
    while i < mid && j < n {
        if less(order[j], order[i]) { merged.append(order[j]); j += 1 } else { merged.append(order[i]); i += 1 }
    }
    merged.append(contentsOf: order[i..<mid])
    merged.append(contentsOf: order[j..<n])
    order = merged
}

/// Orders two byte strings packed in one buffer (string i is base[starts[i]..<starts[i + 1]]):
/// byte by byte, a prefix first. Negative, zero or positive, as memcmp.
@inline(__always)
private func comparePacked(_ base: UnsafePointer<UInt8>?, _ starts: UnsafeBufferPointer<Int>, _ a: Int, _ b: Int) -> Int {
    let la = starts[a + 1] - starts[a], lb = starts[b + 1] - starts[b]
    let m = min(la, lb)
    if m > 0, let base {
        let c = memcmp(base + starts[a], base + starts[b], m)
        if c != 0 { return Int(c) }
    }
    return la - lb
}
