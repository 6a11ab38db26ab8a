import Foundation

/// A written author name split into its parts.
///
/// Built by ``NameParser``. The parts hold Unicode text (LaTeX already
/// converted, diacritics kept); ``display`` joins them for output and
/// ``matchKey`` folds them for comparison. The derived forms are computed
/// once, when the name is made, because resolution compares them millions of
/// times on large corpora. It is an immutable class so that the many author
/// slots written the same way share one instance.
public final class PersonName: Hashable, Sendable, CustomStringConvertible {
    /// Whether the name is a person or a group author such as a consortium.
    public enum Kind: String, Sendable, Hashable {
        case person
        case group
    }

    /// Given names and initials, e.g. "Jean-Pierre", "J. H.", "JZ".
    public let given: String
    /// The "von" part: "van der", "de la".
    public let particle: String
    /// The family name, e.g. "Gogh", "Smith-Jones".
    public let family: String
    /// The lineage: "Jr.", "III".
    public let suffix: String
    /// dblp's homonym number ("0001" in "Wei Wang 0001"), kept as a disambiguator.
    public let homonym: String
    /// Person or group.
    public let kind: Kind
    /// The name as written in the source, before any conversion.
    public let written: String

    /// The name for output: "Given particle Family Suffix", diacritics kept;
    /// a dblp homonym number stays at the end ("Wei Wang 0001").
    public let display: String
    /// The key that decides identity: case, diacritics, punctuation and spacing
    /// folded away; the suffix and a dblp homonym number kept.
    public let matchKey: String
    /// The folded family name with its particle: "vangogh".
    public let familyKey: String
    /// The folded initials of the given names, in order: "Jean-Pierre" and "J.-P." give "jp".
    public let initials: String
    /// True when at least one given name is written out in full, not as an initial.
    public let hasFullGiven: Bool

    /// Creates a name from its parts.
    public init(given: String = "", particle: String = "", family: String, suffix: String = "", homonym: String = "",
                kind: Kind = .person, written: String? = nil) {
        self.given = given
        self.particle = particle
        self.family = family
        self.suffix = suffix
        self.homonym = homonym
        self.kind = kind
        self.written = written ?? ([given, particle, family, suffix].filter { !$0.isEmpty }.joined(separator: " "))
        // CJK names read family name first, with no space: "李 小明" and "李小明" are one name.
        let cjk = kind == .person && !family.isEmpty && NameParser.containsCJK(family) && (given.isEmpty || NameParser.containsCJK(given))
        if kind == .group {
            display = family
        } else if cjk {
            var s = family + given
            if !suffix.isEmpty { s += " " + suffix }
            if !homonym.isEmpty { s += " " + homonym }
            display = s
        } else {
            // Words written in capitals ("ZHANG", "JINGZHAO") are shown in title case; initials stay.
            var parts: [String] = []
            let g = NameParser.displayGiven(NameParser.titleCasingCapitals(given, keepInitials: true))
            if !g.isEmpty { parts.append(g) }
            // Particles written in capitals ("DE LA CRUZ M") are shown in lower case.
            if !particle.isEmpty { parts.append(particle.contains(where: { $0.isLowercase }) ? particle : particle.lowercased()) }
            if !family.isEmpty { parts.append(NameParser.titleCasingCapitals(family, keepInitials: false)) }
            var s = parts.joined(separator: " ")
            if !suffix.isEmpty { s += " " + suffix }
            if !homonym.isEmpty { s += " " + homonym }
            display = s
        }
        // Folding works scalar by scalar, so the key of a concatenation is the concatenation of
        // the keys: the family key is folded once and reused in the match key.
        let fk = Folding.key(particle + family)
        var k = kind == .group ? "group:" + Folding.key(family) : cjk ? Folding.key(family + given) : Folding.key(given) + fk
        if !suffix.isEmpty { k += "#" + Folding.key(suffix) }
        if !homonym.isEmpty { k += "#" + homonym }
        matchKey = k
        familyKey = fk
        initials = NameParser.initials(of: given)
        hasFullGiven = NameParser.hasFullGivenName(given)
    }

    /// A copy with some parts replaced.
    public func with(given: String? = nil, family: String? = nil, homonym: String? = nil, kind: Kind? = nil,
                     written: String? = nil) -> PersonName {
        PersonName(given: given ?? self.given, particle: particle, family: family ?? self.family, suffix: suffix,
                   homonym: homonym ?? self.homonym, kind: kind ?? self.kind, written: written ?? self.written)
    }

    public var description: String { display }

    public static func == (a: PersonName, b: PersonName) -> Bool {
        if a === b { return true }
        return a.given == b.given && a.particle == b.particle && a.family == b.family && a.suffix == b.suffix
            && a.homonym == b.homonym && a.kind == b.kind && a.written == b.written
    }

    public func hash(into h: inout Hasher) {
        h.combine(written)
        h.combine(matchKey)
    }
}
