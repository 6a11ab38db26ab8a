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

    /// Notes that an input was read.
    public func noteInput(_ name: String) { summary.inputs.append(name) }

    /// Adds one record.
    public func add(_ record: consuming PaperRecord) {
        var r = record
        records += 1
        if r.arxiv == nil, let d = r.doi, let a = Identifiers.arxiv(fromDOI: d) { r.arxiv = a }
        // A mistyped ORCID still decides identity (it is what the source says), but is reported once.
        for a in r.authors {
            for id in a.identifiers where id.scheme == .orcid && !id.isValidORCID && badORCIDs.insert(id.value).inserted {
                log.report(Diagnostic(.warning, file: r.source.file, line: r.source.line, record: r.source.key,
                                      message: "ORCID \(id.value) of \(a.name.display) is not a valid ORCID (wrong form or check digit); kept as written"))
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
        summary.mergedDuplicates = merger.merges.count
        for m in merger.merges {
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

        // Resolve names over every slot.
        var slots: [WrittenAuthor] = []
        // Loops index the drafts rather than iterate them: `for d in drafts` copies each draft,
        // touching the reference count of every field of every record.
        for i in drafts.indices { slots.append(contentsOf: drafts[i].record.authors) }
        lap.mark("build.prepare")
        let res = Timings.measure("resolve") { NameResolver.resolve(slots) }
        lap = Timings.Lap()
        summary.initialsMerges = res.initialsMerges
        summary.ambiguousNames = res.ambiguities.count
        // Each ambiguity is reported at the first record (by location) where the name is written so.
        var firstSeen: [String: SourceLocation] = [:]
        let wanted = Set(res.ambiguities.map { $0.name.replacingOccurrences(of: " (no identifier)", with: "") })
        var isWanted: [ObjectIdentifier: Bool] = [:]  // per parsed name: hashing a pointer, not a string, per slot
        for i in drafts.indices where !wanted.isEmpty {
            for a in drafts[i].record.authors {
                let oid = ObjectIdentifier(a.name)
                let w: Bool
                if let known = isWanted[oid] { w = known } else { w = wanted.contains(a.name.display); isWanted[oid] = w }
                guard w else { continue }
                let loc = drafts[i].sources[0].location
                if let old = firstSeen[a.name.display], old < loc { continue }
                firstSeen[a.name.display] = loc
            }
        }
        for a in res.ambiguities {
            let loc = firstSeen[a.name.replacingOccurrences(of: " (no identifier)", with: "")]
            log.report(Diagnostic(.note, file: loc?.file ?? summary.inputs.joined(separator: ", "), line: loc?.line, record: loc?.key,
                                  message: "\(a.name) could be: \(a.candidates.joined(separator: ", ")); left as a separate person"))
        }

        lap.mark("build.ambiguities")
        return Timings.measure("assemble") { assemble(drafts: &drafts, res: res) }
    }

    /// Persons in their deterministic order: each entity's index in it, and the persons.
    private static func orderedPersons(_ res: NameResolver.Result) -> (newIndex: [Int], persons: [Person]) {
        // Persons in a deterministic order: by display name's key, then display, then match key.
        // Ties (homonyms) are broken by identifiers, then by the written forms, never by input order.
        // The folded display names are packed in one buffer and compared bytewise (UTF-8 order is
        // code point order; folded keys hold no combining marks), touching no reference counts.
        var keyBytes: [UInt8] = []
        var keyStart = [Int](repeating: 0, count: res.entities.count + 1)
        for i in res.entities.indices {
            Folding.appendKeyBytes(res.entities[i].bestForm, to: &keyBytes)
            keyStart[i + 1] = keyBytes.count
        }
        func tieKey(_ e: NameResolver.Entity) -> String {
            e.identifiers.sorted().map(\.description).joined(separator: ";") + "|" + e.forms.keys.sorted().joined(separator: ";")
        }
        var order = Array(res.entities.indices)
        keyBytes.withUnsafeBufferPointer { kb in
        keyStart.withUnsafeBufferPointer { ks in
            let base = kb.baseAddress
            order.sort { a, b in
                let c = comparePacked(base, ks, a, b)
                if c != 0 { return c < 0 }
                let ea = res.entities[a], eb = res.entities[b]
                if ea.bestForm != eb.bestForm { return ea.bestForm < eb.bestForm }
                if ea.best.matchKey != eb.best.matchKey { return ea.best.matchKey < eb.best.matchKey }
                return tieKey(ea) < tieKey(eb)  // homonyms only: rare
            }
        }
        }
        var newIndex = [Int](repeating: 0, count: res.entities.count)
        for (n, e) in order.enumerated() { newIndex[e] = n }
        // Display names are unique: a second person written the same way (homonyms kept apart by
        // identifiers or by different keys) gets " (2)", then " (3)", in this deterministic order.
        var used: [String: Int] = [:]
        var displayOf = [String](repeating: "", count: res.entities.count)
        for e in order {
            let base = res.entities[e].bestForm
            let k = used[base, default: 0] + 1
            used[base] = k
            displayOf[e] = k == 1 ? base : "\(base) (\(k))"
        }
        let persons: [Person] = order.enumerated().map { n, e in
            let ent = res.entities[e]
            var variants = ent.forms.map { NameVariant(form: $0.key, count: $0.value.count, rule: $0.value.rule) }
            // The source's other forms of the same slots, unless written that way elsewhere too.
            for (v, n) in ent.sourceForms where ent.forms[v] == nil { variants.append(NameVariant(form: v, count: n, rule: "source variant")) }
            variants.sort { a, b in
                let sa = a.rule == "source variant", sb = b.rule == "source variant"
                if sa != sb { return sb }
                return a.count != b.count ? a.count > b.count : a.form < b.form
            }
            return Person(id: PersonID(UInt32(n)), name: displayOf[e], parsed: ent.best, matchKey: ent.best.matchKey,
                          kind: ent.kind, variants: variants, identifiers: ent.identifiers.sorted())
        }
        return (newIndex, persons)
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
        titleBytes.withUnsafeBufferPointer { tb in
        titleStart.withUnsafeBufferPointer { ts in
        dateKeys.withUnsafeBufferPointer { dk in
            let base = tb.baseAddress
            paperOrder.sort { i, j in
                if dk[i] != dk[j] { return dk[i] < dk[j] }
                let c = comparePacked(base, ts, i, j)
                if c != 0 { return c < 0 }
                if drafts[i].record.title != drafts[j].record.title { return drafts[i].record.title < drafts[j].record.title }
                return drafts[i].sources[0].location < drafts[j].sources[0].location
            }
        }
        }
        }
        return paperOrder
    }

    private func assemble(drafts: inout [PaperDraft], res: NameResolver.Result) -> Corpus {
        var lap = Timings.Lap()
        // Persons and the order of papers are independent: worked out at the same time.
        var newIndex: [Int] = [], persons: [Person] = []
        var paperOrder: [Int] = []
        do {
            let view = _UncheckedSendable(value: drafts)  // read only while both run; released before drafts change
            inParallel({ (newIndex, persons) = Self.orderedPersons(res) },
                       { paperOrder = Self.paperOrder(view.value) })
        }
        lap.mark("assemble.persons+sort")
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
        // Papers.
        var papers: [Paper] = []
        papers.reserveCapacity(drafts.count)
        var repeatedWarnings: [(draft: Int, diagnostic: Diagnostic)] = []
        for (index, di) in paperOrder.enumerated() {
            // Moved out of the draft, not copied: nothing reads the draft's record after this.
            var r = PaperRecord(source: SourceLocation(file: "", line: 0), title: "", authors: [])
            swap(&r, &drafts[di].record)
            var slot = slotStart[di]
            var authors: [PersonID] = []
            var inferred: [PersonID] = []
            var affiliations: [[String]] = []
            var repeated: [String] = []
            for a in r.authors {
                let p = PersonID(UInt32(newIndex[res.entityOfSlot[slot]]))
                slot += 1
                if let k = authors.firstIndex(of: p) {
                    // The same person twice in one byline: keep the first place.
                    if !a.inferred, let idx = inferred.firstIndex(of: p) { inferred.remove(at: idx) }
                    for af in a.affiliations where !affiliations[k].contains(af) { affiliations[k].append(af) }
                    if !a.inferred { repeated.append(a.name.display == persons[p.index].name ? a.name.display : "\(a.name.display) (as \(persons[p.index].name))") }
                    continue
                }
                authors.append(p)
                affiliations.append(a.affiliations)
                if a.inferred { inferred.append(p) }
            }
            if !repeated.isEmpty {
                var counts: [String: Int] = [:]
                for x in repeated { counts[x, default: 0] += 1 }
                let list = counts.keys.sorted().map { counts[$0]! > 1 ? "\($0) ×\(counts[$0]! + 1)" : $0 }.joined(separator: ", ")
                repeatedWarnings.append((di, Diagnostic(.warning, file: r.source.file, line: r.source.line, record: r.source.key,
                                                        message: "repeated in the byline, counted once: \(list)")))
            }
            papers.append(Paper(index: index, title: r.title, authors: authors, inferredAuthors: inferred, affiliations: affiliations,
                                truncated: r.truncated, date: r.date, sources: drafts[di].sources, doi: r.doi, arxiv: r.arxiv, pmid: r.pmid,
                                venue: r.venue, url: r.url, entryType: r.entryType, category: r.category, hasCode: r.hasCode,
                                tags: r.tags, abstract: r.abstract))
        }
        // Warnings in input order, as the records were read.
        for w in repeatedWarnings.sorted(by: { $0.draft < $1.draft }) { log.report(w.diagnostic) }
        lap.mark("assemble.papers")
        summary.truncatedBylines = papers.reduce(0) { $0 + ($1.truncated ? 1 : 0) }
        summary.inferredYears = papers.reduce(0) { $0 + ($1.date?.yearInferred == true ? 1 : 0) }
        summary.errors = log.count(atLeast: .error)
        summary.warnings = log.count(atLeast: .warning) - summary.errors
        return Corpus(papers: papers, persons: persons, merges: merger.merges, ambiguities: res.ambiguities, summary: summary,
                      assignments: assignments)
    }
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
