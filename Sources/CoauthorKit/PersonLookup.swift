import AuthorNames
import Bibliography

/// Why a name given on the command line did not pick out one person.
public struct LookupError: Error, CustomStringConvertible, Sendable {
    /// The name as given.
    public var query: String
    /// Candidates, when the name is ambiguous or close to some.
    public var candidates: [String]
    /// True when several persons match.
    public var ambiguous: Bool
    /// Set when the person exists but a filter left them out of the view.
    public var notInView: String?

    /// Creates an error.
    public init(query: String, candidates: [String], ambiguous: Bool, notInView: String? = nil) {
        self.query = query
        self.candidates = candidates
        self.ambiguous = ambiguous
        self.notInView = notInView
    }

    public var description: String {
        if let name = notInView { return "\(name) is not in the selected view (a filter left them out)" }
        if ambiguous {
            return "\"\(query)\" is ambiguous; it could be: \(candidates.joined(separator: ", "))"
        }
        if candidates.isEmpty { return "no author matches \"\(query)\"" }
        return "no author matches \"\(query)\"; did you mean: \(candidates.joined(separator: ", "))?"
    }
}

/// Finds persons by name, leniently: case, diacritics, punctuation and
/// spacing do not matter, and any written variant of a person matches.
public struct PersonLookup {
    private let corpus: Corpus
    private var byKey: [String: Set<Int>] = [:]
    private var bySourceVariant: [String: Set<Int>] = [:]  // only when nothing else matches
    private var byFamily: [String: [Int]] = [:]

    /// Indexes the corpus's persons and their variants.
    public init(_ corpus: Corpus) {
        self.corpus = corpus
        for p in corpus.persons {
            let i = p.id.index
            byKey[Folding.key(p.name), default: []].insert(i)
            byKey[p.matchKey, default: []].insert(i)
            for v in p.variants {
                if v.rule == "source variant" {
                    bySourceVariant[Folding.key(v.form), default: []].insert(i)
                    bySourceVariant[NameParser.parse(v.form).matchKey, default: []].insert(i)
                    continue
                }
                byKey[Folding.key(v.form), default: []].insert(i)
                byKey[NameParser.parse(v.form).matchKey, default: []].insert(i)
            }
            byFamily[p.parsed.familyKey, default: []].append(i)
        }
    }

    /// The person index `query` names.
    public func find(_ query: String) throws -> Int {
        if let exact = corpus.persons.first(where: { $0.name == query }) { return exact.id.index }
        let parsed = NameParser.parse(query)
        var hits = byKey[Folding.key(query)] ?? []
        hits.formUnion(byKey[parsed.matchKey] ?? [])
        if hits.count == 1 { return hits.first! }
        if hits.count > 1 {
            throw LookupError(query: query, candidates: hits.map { corpus.persons[$0].name }.sorted(), ambiguous: true)
        }
        // The source's short forms (WoS AU, MEDLINE AU) name a person only when unique.
        var short = bySourceVariant[Folding.key(query)] ?? []
        short.formUnion(bySourceVariant[parsed.matchKey] ?? [])
        if short.count == 1 { return short.first! }
        // Initials-compatible persons of the same family ("J. Zhang"): unique → that person; several → ambiguous.
        let fam = byFamily[parsed.familyKey] ?? []
        let initials = parsed.initials
        let compatible = fam.filter { i in
            let other = corpus.persons[i].parsed.initials
            return !initials.isEmpty && (other.hasPrefix(initials) || initials.hasPrefix(other)) && !parsed.hasFullGiven
        }
        if compatible.count == 1 { return compatible[0] }
        if compatible.count > 1 {
            throw LookupError(query: query, candidates: compatible.map { corpus.persons[$0].name }.sorted(), ambiguous: true)
        }
        throw LookupError(query: query, candidates: fam.prefix(8).map { corpus.persons[$0].name }.sorted(), ambiguous: false)
    }
}
