import AuthorNames

/// Resolves written names to persons across a whole corpus, auditably.
///
/// The rules, in order:
/// 1. **Aliases** (`--aliases FILE`) rewrite or drop names before anything else.
/// 2. **Identifiers decide over strings.** Author slots that share an
///    identifier (ORCID, Scopus id, dblp homonym, …) are one person. Two
///    identified clusters with the same match key are one person unless they
///    carry different identifiers of the same scheme. Slots without an
///    identifier join the identified cluster of their match key when there is
///    exactly one; with several, they stay apart and the ambiguity is reported.
/// 3. **Same match key, same person** (case, diacritics, punctuation and spacing folded).
/// 4. **Initials compatibility.** A name written with initials only merges into
///    a full name ("J. Zhang", "Zhang J" into "Jingzhao Zhang") only when the
///    corpus holds exactly one most specific full-name candidate compatible
///    with it; otherwise it stays apart and the candidates are reported. Names
///    with a written-out given name never merge by this rule ("John Smith" and
///    "John A. Smith" may be two people: `suggest-aliases` proposes such pairs).
///
/// A person's display name is their most frequent full written form (ties alphabetical).
struct NameResolver {
    /// The result.
    struct Result {
        /// Entity index per slot.
        var entityOfSlot: [Int]
        /// Entities: persons before sorting.
        var entities: [Entity]
        var ambiguities: [(name: String, candidates: [String])]
        var initialsMerges: Int
        /// The intermediate tables, for the caller to release when a core is free (see
        /// ``releaseInBackground(_:)``).
        var scratch: Any = ()
    }

    struct Entity {
        /// The placeholder before ``chooseBest(_:)`` (one object, not one per entity).
        static let noName = PersonName(family: "")
        var forms = FormTable()
        var identifiers: Set<AuthorIdentifier> = []
        var best: PersonName = Entity.noName
        var kind: PersonName.Kind = .person
        var bestForm: String = ""
        /// The source's other forms of this person's slots (WoS AU, MEDLINE AU, OpenAlex raw names):
        /// listed as variants, never chosen as the display name.
        var sourceForms: [String: Int] = [:]
    }

    /// An entity's written forms, each with its slot count, parsed name and rule: the first inline
    /// and the others (few persons have any) in a dictionary, so a person written one way
    /// allocates and hashes nothing. Iterates like a dictionary, as (key, value) pairs.
    struct FormTable {
        typealias Value = (count: Int, name: PersonName, rule: String)
        private var first: (key: String, value: Value)?
        private var others: [String: Value] = [:]

        /// The form's entry; forms are added or updated, never removed.
        subscript(form: String) -> Value? {
            get {
                if let first, first.key == form { return first.value }
                return others.isEmpty ? nil : others[form]
            }
            set {
                guard let newValue else { preconditionFailure("a form is never removed") }
                if first == nil || first!.key == form { first = (form, newValue) } else { others[form] = newValue }
            }
        }

        /// Adds `count` slots written as `form`: a new form with this name and rule, or more slots
        /// of a known one (which keeps its name and rule). Updated in place.
        mutating func add(_ form: String, count n: Int, name: PersonName, rule: String) {
            if first == nil {
                first = (form, (n, name, rule))
            } else if first!.key == form {
                first!.value.count += n
            } else if others[form] != nil {
                others[form]!.count += n
            } else {
                others[form] = (n, name, rule)
            }
        }

        /// How many forms.
        var count: Int { (first == nil ? 0 : 1) + others.count }

        /// Calls `body` with each form and its entry (the first form first, the others in no set order).
        func forEach(_ body: (String, Value) -> Void) {
            guard let first else { return }
            body(first.key, first.value)
            for (k, v) in others { body(k, v) }
        }

        /// True when some form satisfies `predicate`.
        func containsForm(where predicate: (String) -> Bool) -> Bool {
            guard let first else { return false }
            return predicate(first.key) || others.keys.contains(where: predicate)
        }

        /// The forms.
        var keys: [String] {
            var out: [String] = []
            forEach { k, _ in out.append(k) }
            return out
        }
    }

    /// Union–find over Int nodes.
    struct UnionFind {
        var parent: [Int] = []
        mutating func make() -> Int { parent.append(parent.count); return parent.count - 1 }
        mutating func find(_ x: Int) -> Int {
            var r = x
            while parent[r] != r { r = parent[r] }
            var y = x
            while parent[y] != r { let n = parent[y]; parent[y] = r; y = n }
            return r
        }
        /// Joins the two sets; the smaller root becomes the parent, so results do not depend on order.
        mutating func union(_ a: Int, _ b: Int) {
            let ra = find(a), rb = find(b)
            if ra == rb { return }
            if ra < rb { parent[rb] = ra } else { parent[ra] = rb }
        }
    }

    /// One given-name item for compatibility tests: its initial, and the full word when written out.
    struct GivenItem: Hashable {
        var initial: String
        var full: String?
    }

    static func givenItems(_ given: String) -> [GivenItem] {
        var items: [GivenItem] = []
        for word in given.split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "‐" }) {
            let w = String(word)
            if NameParser.isInitialsBlock(w) {
                for ch in w where ch.isLetter { items.append(GivenItem(initial: Folding.key(String(ch)), full: nil)) }
                continue
            }
            // Whether the word has no letter, or two or more (counted, not gathered into a string).
            var letters = 0
            for ch in w where ch.isLetter { letters += 1; if letters == 2 { break } }
            if w.utf8.contains(UInt8(ascii: ".")) {
                // "Ch." abbreviates; "J.P" dotted initials.
                let segs = w.split(separator: ".").filter { !$0.isEmpty }
                for s in segs { if let f = s.first(where: { $0.isLetter }) { items.append(GivenItem(initial: Folding.key(String(f)), full: nil)) } }
                continue
            }
            if letters == 0 { continue }
            let k = Folding.key(w)
            if k.isEmpty { continue }
            items.append(GivenItem(initial: String(k.prefix(1)), full: letters >= 2 ? k : nil))
        }
        return items
    }

    /// X ⊑ Y: every given item of X agrees with Y's item at the same place (an
    /// initial with its full word, a full word only with the same full word), X
    /// has no more items than Y, and family, suffix and homonym agree.
    /// With `anyHomonym`, a name without a homonym number is compatible with every numbered
    /// namesake too ("W. Wang" could be "Wei Wang 0001" or "Wei Wang 0002"); numbered names are
    /// never less specific than one another or than the unnumbered one.
    static func isLessSpecific(_ x: PersonName, _ xi: [GivenItem], than y: PersonName, _ yi: [GivenItem], anyHomonym: Bool = false) -> Bool {
        guard !xi.isEmpty, xi.count <= yi.count else { return false }
        guard x.familyKey == y.familyKey, x.homonym == y.homonym || (anyHomonym && x.homonym.isEmpty) else { return false }
        if !x.suffix.isEmpty && Folding.key(x.suffix) != Folding.key(y.suffix) { return false }
        for k in 0..<xi.count {
            if xi[k].initial != yi[k].initial { return false }
            if let f = xi[k].full, f != yi[k].full { return false }
        }
        return true
    }

    /// The initials of given-name items, each followed by a 0x01 byte: one name's initials begin
    /// with another's exactly when its key starts with the other's key.
    static func initialsKey(_ items: [GivenItem]) -> [UInt8] {
        var key: [UInt8] = []
        for item in items {
            key.append(contentsOf: item.initial.utf8)
            key.append(0x01)
        }
        return key
    }

    /// Two entities may not merge when they carry different identifiers of the same scheme.
    static func conflict(_ a: Set<AuthorIdentifier>, _ b: Set<AuthorIdentifier>) -> Bool {
        if a.isEmpty || b.isEmpty { return false }
        for x in a { for y in b where x.scheme == y.scheme && x.value != y.value { return true } }
        return false
    }

    /// Identifies slots written the same way (same parsed-name instance, same identifiers),
    /// so the rest of the work runs once per distinct form rather than once per slot.
    /// Slots are the drafts' authors in order, read in place.
    static func slotClasses(_ drafts: [PaperDraft]) -> (classes: [WrittenAuthor], counts: [Int], classOfSlot: [Int32]) {
        struct Key: Hashable {
            let name: ObjectIdentifier
            let ids: [AuthorIdentifier]
            let variant: String?
        }
        var keyed: [Key: Int32] = [:]
        var classes: [WrittenAuthor] = []
        var counts: [Int] = []
        var total = 0
        for i in drafts.indices { total += drafts[i].record.authors.count }
        var plain = IdentityTable(capacity: total / 4)  // most names recur (it grows when they do not)
        // Sized for the worst case (every slot its own class): growing by doubling would copy
        // and touch the memory again at each step; unused capacity is never touched.
        classes.reserveCapacity(total)
        counts.reserveCapacity(total)
        var classOfSlot = [Int32](repeating: 0, count: total)
        var s = 0
        // Fields are read in place: copying each slot would touch four reference counts per slot.
        for i in drafts.indices {
            drafts[i].record.authors.withUnsafeBufferPointer { slots in
                for j in slots.indices {
                    let oid = ObjectIdentifier(slots[j].name)
                    let c: Int32
                    if slots[j].identifiers.isEmpty && slots[j].sourceVariant == nil {
                        if let x = plain[oid] { c = x } else { c = Int32(classes.count); plain.insert(oid, c); classes.append(slots[j]); counts.append(0) }
                    } else {
                        let k = Key(name: oid, ids: slots[j].identifiers, variant: slots[j].sourceVariant)
                        if let x = keyed[k] { c = x } else { c = Int32(classes.count); keyed[k] = c; classes.append(slots[j]); counts.append(0) }
                    }
                    counts[Int(c)] += 1
                    classOfSlot[s] = c
                    s += 1
                }
            }
        }
        return (classes, counts, classOfSlot)
    }

    /// Above this many names of one family and first initial, initials are not resolved (reported).
    static let maxBlock = 5000

    /// Resolves the authors of every draft; the result's slots are the drafts' authors in order.
    static func resolve(_ drafts: [PaperDraft]) -> Result {
        var lap = Timings.Lap()
        let (slots, slotCounts, classOfSlot) = slotClasses(drafts)
        lap.mark("resolve.classes")
        var uf = UnionFind()
        var keyNode: [String: Int] = [:]         // id-less slots by match key
        keyNode.reserveCapacity(slots.count)     // sized once: most forms have a key of their own
        uf.parent.reserveCapacity(slots.count)
        var idNode: [AuthorIdentifier: Int] = [:]
        var slotNode = [Int](repeating: -1, count: slots.count)
        var keysOfIdSlots: [String: [Int]] = [:]  // match key → nodes of identified slots
        // (Slots are read field by field in place: a copy of each would touch four reference counts.)
        for s in slots.indices {
            if slots[s].identifiers.isEmpty {
                let k = slots[s].name.matchKey
                if let n = keyNode[k] { slotNode[s] = n } else { let n = uf.make(); keyNode[k] = n; slotNode[s] = n }
            } else {
                let a = slots[s]
                var first = -1
                for id in a.identifiers {
                    let n: Int
                    if let e = idNode[id] { n = e } else { n = uf.make(); idNode[id] = n }
                    if first < 0 { first = n } else { uf.union(first, n) }
                }
                slotNode[s] = first
                keysOfIdSlots[a.name.matchKey, default: []].append(first)
            }
        }
        var ambiguities: [(String, [String])] = []
        var idsByRoot: [Int: Set<AuthorIdentifier>] = [:]
        func refreshIDs() {
            idsByRoot = [:]
            for (id, n) in idNode { idsByRoot[uf.find(n), default: []].insert(id) }
        }
        refreshIDs()
        // Identified clusters that share a match key are one person when no two of them conflict;
        // when some do, none are merged (which of them a third would join is not for us to guess).
        for k in keysOfIdSlots.keys.sorted() {
            let roots = Array(Set(keysOfIdSlots[k]!.map { uf.find($0) })).sorted()
            if roots.count < 2 { continue }
            var clash = false
            for i in 0..<roots.count where !clash {
                for j in (i + 1)..<roots.count where conflict(idsByRoot[roots[i]] ?? [], idsByRoot[roots[j]] ?? []) { clash = true; break }
            }
            if clash { continue }
            var merged = idsByRoot[roots[0]] ?? []
            for r in roots.dropFirst() {
                merged.formUnion(idsByRoot[r] ?? [])
                uf.union(roots[0], r)
            }
            idsByRoot[uf.find(roots[0])] = merged
        }
        // Id-less slots join the one identified cluster of their key.
        var ambiguousKeys: [String: [Int]] = [:]
        // (Looked up from the smaller side: most corpora identify few slots, many none.)
        for (k, nodes) in keysOfIdSlots {
            guard let n = keyNode[k] else { continue }
            let roots = Set(nodes.map { uf.find($0) })
            if roots.count == 1 { uf.union(n, roots.first!) } else { ambiguousKeys[k] = roots.sorted() }
        }

        lap.mark("resolve.ids")
        // Entities from roots.
        var entityOfRoot = [Int](repeating: -1, count: uf.parent.count)  // by union–find node; -1 for none
        var entities: [Entity] = []
        entities.reserveCapacity(slots.count)
        var entityOfSlot = [Int](repeating: -1, count: slots.count)
        var variantDisplay: [String: String] = [:]
        for s in slots.indices {
            let r = uf.find(slotNode[s])
            let e: Int
            if entityOfRoot[r] >= 0 { e = entityOfRoot[r] } else { e = entities.count; entityOfRoot[r] = e; entities.append(Entity()) }
            entityOfSlot[s] = e
            let name = slots[s].name
            let form = name.display
            let n = slotCounts[s]
            let identified = !slots[s].identifiers.isEmpty
            entities[e].forms.add(form, count: n, name: name, rule: identified ? "identifier" : "same key")
            if identified { entities[e].identifiers.formUnion(slots[s].identifiers) }
            if let v = slots[s].sourceVariant {
                let vf: String
                if let known = variantDisplay[v] { vf = known } else { vf = NameParser.parse(v).display; variantDisplay[v] = vf }
                if vf != form && !vf.isEmpty { entities[e].sourceForms[vf, default: 0] += n }
            }
        }
        // Each entity's display name, in two halves at the same time.
        entities.withUnsafeMutableBufferPointer { buffer in
            let shared = _UncheckedSendable(value: buffer)
            inHalves(buffer.count) { _, range in for i in range { chooseBest(&shared.value[i]) } }
        }
        lap.mark("resolve.entities")
        for (k, roots) in ambiguousKeys.sorted(by: { $0.key < $1.key }) {
            let name = entities[entityOfRoot[keyNode[k]!]].bestForm
            let cands = roots.compactMap { entityOfRoot[$0] >= 0 ? entityOfRoot[$0] : nil }.map { e -> String in
                let ids = entities[e].identifiers.sorted().map { $0.description }.joined(separator: ", ")
                return "\(entities[e].bestForm) (\(ids))"
            }.sorted()
            ambiguities.append(("\(name) (no identifier)", cands))
        }

        // Initials compatibility, within each family key and first initial.
        // (Entities are read by index and field: copying an entity would touch its dictionaries.)
        // Only blocks that can merge matter: two or more names, one of them initials-only. The blocks
        // of initials-only names are found first, so most names are hashed once and put in no list.
        struct Block: Hashable {
            let family: String
            let initial: Character
            /// "family|initial", the order blocks are worked in.
            var label: String { family + "|" + String(initial) }
        }
        // Blocks matter only around names written with initials alone: their family keys first (a
        // string hash per name), and blocks made only for the names of those families.
        var initialsFamilies = Set<String>()
        for i in entities.indices where entities[i].kind == .person && !entities[i].best.hasFullGiven && !entities[i].best.initials.isEmpty {
            initialsFamilies.insert(entities[i].best.familyKey)
        }
        // Every entity's family looked up, in two halves at the same time (each writes its own part
        // of `blockOf` and its own set of blocks).
        var blockOf = [Block?](repeating: nil, count: entities.count)
        var halves = [Set<Block>](repeating: [], count: 2)
        do {
            let view = _UncheckedSendable(value: entities)
            blockOf.withUnsafeMutableBufferPointer { blockBuffer in
                halves.withUnsafeMutableBufferPointer { halfBuffer in
                    let shared = _UncheckedSendable(value: (blockBuffer, halfBuffer))
                    inHalves(view.value.count) { k, range in
                        let (blockOf, found) = shared.value
                        let entities = view.value
                        for i in range where entities[i].kind == .person && initialsFamilies.contains(entities[i].best.familyKey) {
                            guard let f = entities[i].best.initials.first else { continue }
                            let b = Block(family: entities[i].best.familyKey, initial: f)
                            blockOf[i] = b
                            if !entities[i].best.hasFullGiven { found[k].insert(b) }
                        }
                    }
                }
            }
        }
        let initialsBlocks = halves[0].union(halves[1])
        halves = []
        var blocks: [Block: [Int]] = [:]
        for i in entities.indices { if let b = blockOf[i], initialsBlocks.contains(b) { blocks[b, default: []].append(i) } }
        var byFamily: [String: [Int]] = [:]
        for (b, group) in blocks where group.count >= 2 { byFamily[b.label] = group }
        // Given-name items only for the entities in those blocks.
        var items = [[GivenItem]](repeating: [], count: entities.count)
        for (_, group) in byFamily {
            for i in group { items[i] = givenItems(entities[i].best.given) }
        }
        var merges = 0
        var skippedBlocks: [(String, Int)] = []
        var mergedByInitials = Set<Int>()
        var entityUF = UnionFind()
        for _ in entities { _ = entityUF.make() }
        var idsOfEntityRoot: [Int: Set<AuthorIdentifier>] = [:]
        for i in entities.indices where !entities[i].identifiers.isEmpty { idsOfEntityRoot[i] = entities[i].identifiers }
        for fam in byFamily.keys.sorted() {
            // A deterministic order (not arrival order): by display form, then key, then identifiers.
            let group = byFamily[fam]!.sorted { a, b in
                if entities[a].bestForm != entities[b].bestForm { return entities[a].bestForm < entities[b].bestForm }
                if entities[a].best.matchKey != entities[b].best.matchKey { return entities[a].best.matchKey < entities[b].best.matchKey }
                return entities[a].identifiers.sorted().map(\.description).joined(separator: ",")
                    < entities[b].identifiers.sorted().map(\.description).joined(separator: ",")
            }
            if group.count < 2 { continue }
            // Comparing is quadratic in a block; a block this large is not a real family of name variants.
            if group.count > maxBlock { skippedBlocks.append((fam, group.count)); continue }
            let full = group.filter { entities[$0].best.hasFullGiven }
            if full.isEmpty { continue }
            // A full name can take an initials-only name only when its initials begin with the
            // other's (``isLessSpecific(_:_:than:_:anyHomonym:)``): the full names sorted by their
            // initials, the candidates of a name are one run of them, found by binary search.
            let byInitials = full.indices.map { (key: initialsKey(items[full[$0]]), position: $0) }
                .sorted { $0.key.lexicographicallyPrecedes($1.key) || ($0.key == $1.key && $0.position < $1.position) }
            for x in group {
                let xn = entities[x].best
                // Only names written with initials alone are attached by this rule: two written-out
                // given names ("John Smith", "John A. Smith") are left for the user to merge.
                if xn.hasFullGiven || items[x].isEmpty { continue }
                let kx = initialsKey(items[x])
                var lo = 0, hi = byInitials.count
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if byInitials[mid].key.lexicographicallyPrecedes(kx) { lo = mid + 1 } else { hi = mid }
                }
                var positions: [Int] = []
                while lo < byInitials.count, byInitials[lo].key.starts(with: kx) { positions.append(byInitials[lo].position); lo += 1 }
                positions.sort()  // in the block's order, as a scan of all full names would give them
                let cands = positions.map { full[$0] }.filter { y in
                    y != x && isLessSpecific(xn, items[x], than: entities[y].best, items[y], anyHomonym: true)
                        && !conflict(entities[x].identifiers, entities[y].identifiers)
                        && !(isLessSpecific(entities[y].best, items[y], than: xn, items[x]))
                }
                if cands.isEmpty { continue }
                // The most specific candidates. A name whose first given name is written out can only
                // be less specific than names with that same first item: with many candidates
                // ("Y. Wang" among hundreds of "Yi Wang", "Yu Wang", …), each is compared with those.
                var byFirst: [GivenItem: [Int]] = [:]
                if cands.count > 8 {
                    for z in cands { if let f = items[z].first { byFirst[f, default: []].append(z) } }
                }
                let maximal = cands.filter { y in
                    let pool = byFirst.isEmpty || items[y].first?.full == nil ? cands : byFirst[items[y][0]] ?? []
                    return !pool.contains { z in z != y && isLessSpecific(entities[y].best, items[y], than: entities[z].best, items[z]) }
                }
                if maximal.count == 1 {
                    // Refuse a merge that would put two different identifiers of one scheme in one person.
                    let rx = entityUF.find(x), ry = entityUF.find(maximal[0])
                    if conflict(idsOfEntityRoot[rx] ?? [], idsOfEntityRoot[ry] ?? []) {
                        ambiguities.append((entities[x].bestForm, [entities[maximal[0]].bestForm + " (different identifiers)"]))
                        continue
                    }
                    entityUF.union(x, maximal[0])
                    idsOfEntityRoot[entityUF.find(x)] = (idsOfEntityRoot[rx] ?? []).union(idsOfEntityRoot[ry] ?? [])
                    mergedByInitials.insert(x)
                    merges += 1
                } else {
                    ambiguities.append((entities[x].bestForm, maximal.map { entities[$0].bestForm }.sorted()))
                }
            }
        }
        lap.mark("resolve.initials")
        // Fold merged entities together.
        var finalOf = [Int](repeating: -1, count: entities.count)
        var finals: [Entity] = []
        finals.reserveCapacity(entities.count)
        for i in entities.indices {
            let r = entityUF.find(i)
            if finalOf[r] < 0 { finalOf[r] = finals.count; finals.append(Entity()) }
            finalOf[i] = finalOf[r]
        }
        var members = [Int](repeating: 0, count: finals.count)
        for i in entities.indices { members[finalOf[i]] += 1 }
        var rebuilt = [Bool](repeating: false, count: finals.count)
        for i in entities.indices {
            let f = finalOf[i]
            if members[f] == 1 && !mergedByInitials.contains(i) {
                // Alone (most people): the entity as it is, its best form already chosen.
                swap(&finals[f], &entities[i])
                continue
            }
            rebuilt[f] = true
            let e = entities[i]
            e.forms.forEach { form, v in
                let rule = mergedByInitials.contains(i) ? "initials" : v.rule
                if let old = finals[f].forms[form] {
                    finals[f].forms[form] = (old.count + v.count, old.name, old.rule)
                } else {
                    finals[f].forms[form] = (v.count, v.name, rule)
                }
            }
            finals[f].identifiers.formUnion(e.identifiers)
            for (v, n) in e.sourceForms { finals[f].sourceForms[v, default: 0] += n }
        }
        for i in finals.indices where rebuilt[i] { chooseBest(&finals[i]) }
        for (fam, n) in skippedBlocks {
            ambiguities.append(("\(n) names with family and first initial \(fam.replacingOccurrences(of: "|", with: ", "))", ["too many to compare; initials left unresolved"]))
        }
        let slotEntity = classOfSlot.map { finalOf[entityOfSlot[Int($0)]] }
        return Result(entityOfSlot: slotEntity, entities: finals,
                      ambiguities: ambiguities.sorted { $0.0 == $1.0 ? $0.1.lexicographicallyPrecedes($1.1) : $0.0 < $1.0 },
                      initialsMerges: merges,
                      scratch: (slots, keyNode, idNode, entityOfRoot, entities, items, byFamily, blocks, blockOf, variantDisplay, keysOfIdSlots))
    }

    /// The display name: the most frequent full written form, ties alphabetical.
    static func chooseBest(_ e: inout Entity) {
        // One pass: the best full form, and the best of all forms for when there is no full one.
        var bestFull: (form: String, count: Int, name: PersonName)?
        var bestAny: (form: String, count: Int, name: PersonName)?
        func better(_ f: String, _ c: Int, than b: (form: String, count: Int, name: PersonName)?) -> Bool {
            guard let b else { return true }
            return c != b.count ? c > b.count : f < b.form
        }
        e.forms.forEach { form, v in
            if v.name.hasFullGiven || v.name.kind == .group {
                if better(form, v.count, than: bestFull) { bestFull = (form, v.count, v.name) }
            } else if bestFull == nil, better(form, v.count, than: bestAny) {
                bestAny = (form, v.count, v.name)
            }
        }
        guard let best = bestFull ?? bestAny else { return }
        e.best = best.name
        e.bestForm = best.form
        e.kind = best.name.kind
    }
}
