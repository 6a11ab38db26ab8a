import AuthorNames

/// A person's dense integer id: the index into ``Corpus/persons``.
public struct PersonID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The index.
    public var rawValue: UInt32
    /// Creates an id.
    public init(_ rawValue: UInt32) { self.rawValue = rawValue }
    /// The index as an `Int`.
    public var index: Int { Int(rawValue) }
    public var description: String { "p\(rawValue)" }
    public static func < (a: PersonID, b: PersonID) -> Bool { a.rawValue < b.rawValue }
}

/// One written form of a person's name and how often it occurs.
public struct NameVariant: Hashable, Sendable {
    /// The form as displayed ("J. Zhang").
    public var form: String
    /// Author slots written this way.
    public var count: Int
    /// How this form came to belong to the person: "same key", "initials", "identifier", "alias",
    /// or "source variant" (the same slots' other form in the source, e.g. WoS AU beside AF).
    public var rule: String
}

/// A resolved person (or group author).
public struct Person: Sendable {
    /// Dense id.
    public var id: PersonID
    /// The most frequent full written form; ties alphabetical.
    public var name: String
    /// The parsed form of ``name``.
    public var parsed: PersonName
    /// The match key of ``name``.
    public var matchKey: String
    /// Person or group.
    public var kind: PersonName.Kind
    /// Every written form, most frequent first.
    public var variants: [NameVariant]
    /// Identifiers from the sources, sorted.
    public var identifiers: [AuthorIdentifier]
}

/// A paper after merging duplicate records and resolving names.
public struct Paper: Sendable {
    /// Position in ``Corpus/papers``; the output id is `index + 1`.
    public var index: Int
    /// The title.
    public var title: String
    /// The byline, as person ids, in order, without repeats.
    public var authors: [PersonID]
    /// Authors that were not in the source but inferred (the owner on a truncated listing byline).
    public var inferredAuthors: [PersonID]
    /// Affiliations per author slot, parallel to ``authors``.
    public var affiliations: [[String]]
    /// True when the (best) byline was truncated.
    public var truncated: Bool
    /// The paper's date: the earliest date with a known year among its records (else the earliest).
    public var date: PartialDate?
    /// Every record merged into this paper, with its date, in input order.
    public var sources: [(location: SourceLocation, date: PartialDate?)]
    /// DOI, arXiv id and PMID when known.
    public var doi: String?
    public var arxiv: String?
    public var pmid: String?
    /// Container title.
    public var venue: String?
    /// Link.
    public var url: String?
    /// Entry type in the source.
    public var entryType: String?
    /// Subject category.
    public var category: String?
    /// Code flag.
    public var hasCode: Bool
    /// Free tags.
    public var tags: [String]
    /// Abstract.
    public var abstract: String?

    /// The year, when the date is known.
    public var year: Int? { date?.year }
}

/// A record that was merged into another.
public struct MergeEvent: Sendable {
    /// The record whose paper was kept (the first seen).
    public var kept: SourceLocation
    /// The record merged into it.
    public var dropped: SourceLocation
    /// Why: "same DOI", "same title and authors", "same title, year and first author".
    public var reason: String
    /// The kept paper's title.
    public var title: String
}

/// Counts for the summary.
public struct CorpusSummary: Sendable {
    /// Inputs read, as named.
    public var inputs: [String] = []
    /// Records the readers produced.
    public var recordsRead = 0
    /// Records merged into another record's paper.
    public var mergedDuplicates = 0
    /// Papers whose best byline is truncated.
    public var truncatedBylines = 0
    /// Papers whose date's year is inferred.
    public var inferredYears = 0
    /// The owner added to truncated bylines, and on how many.
    public var owner: String?
    public var ownerAdded = 0
    /// Author slots dropped by the alias file.
    public var droppedByAlias = 0
    /// Name variants merged by initials compatibility, and names left ambiguous.
    public var initialsMerges = 0
    public var ambiguousNames = 0
    /// Diagnostics by severity.
    public var errors = 0
    public var warnings = 0
}

/// How one written author slot was resolved (kept only when asked for, for audits).
public struct SlotAssignment: Sendable {
    /// The record (of the merged paper) the slot is on.
    public var record: SourceLocation
    /// The slot's place in the byline, from 1.
    public var position: Int
    /// The name as written in the source.
    public var written: String
    /// The person it was resolved to.
    public var person: PersonID
    /// Why: "same key", "identifier", "initials", "alias", "inferred owner".
    public var rule: String
}

/// Papers whose authors are dense person ids, plus the person table.
public struct Corpus: Sendable {
    /// Papers sorted by date, then title.
    public var papers: [Paper]
    /// Persons; `persons[i].id.index == i`.
    public var persons: [Person]
    /// Records merged into others.
    public var merges: [MergeEvent]
    /// Names that initials could attach to several persons: the name and its candidates.
    public var ambiguities: [(name: String, candidates: [String])]
    /// Counts.
    public var summary: CorpusSummary
    /// Every author slot and its person, when ``CorpusOptions/keepAssignments`` was set.
    public var assignments: [SlotAssignment] = []

    /// The person with this id.
    public subscript(id: PersonID) -> Person { persons[id.index] }

    /// The display name of a person (without copying the person).
    public func name(_ id: PersonID) -> String { persons[id.index].name }
}
