import Foundation

/// A written author name split into its parts.
///
/// Built by ``NameParser``. The parts hold Unicode text (LaTeX already
/// converted, diacritics kept); ``display`` joins them for output and
/// ``matchKey`` folds them for comparison.
public struct PersonName: Hashable, Sendable, CustomStringConvertible {
    /// Whether the name is a person or a group author such as a consortium.
    public enum Kind: String, Sendable, Hashable {
        case person
        case group
    }

    /// Given names and initials, e.g. "Jean-Pierre", "J. H.", "JZ".
    public var given: String
    /// The "von" part: "van der", "de la".
    public var particle: String
    /// The family name, e.g. "Gogh", "Smith-Jones".
    public var family: String
    /// The lineage: "Jr.", "III".
    public var suffix: String
    /// dblp's homonym number ("0001" in "Wei Wang 0001"), kept as a disambiguator.
    public var homonym: String
    /// Person or group.
    public var kind: Kind
    /// The name as written in the source, before any conversion.
    public var written: String

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
    }

    /// The name for output: "Given particle Family Suffix", diacritics kept;
    /// a dblp homonym number stays at the end ("Wei Wang 0001").
    public var display: String {
        if kind == .group { return family }
        var parts: [String] = []
        let g = NameParser.displayGiven(given)
        if !g.isEmpty { parts.append(g) }
        if !particle.isEmpty { parts.append(particle) }
        if !family.isEmpty { parts.append(family) }
        var s = parts.joined(separator: " ")
        if !suffix.isEmpty { s += " " + suffix }
        if !homonym.isEmpty { s += " " + homonym }
        return s
    }

    public var description: String { display }

    /// The folded family name with its particle: "vangogh".
    public var familyKey: String { Folding.key(particle + family) }

    /// The folded family name without its particle: "gogh".
    public var bareFamilyKey: String { Folding.key(family) }

    /// The folded given names: "jeanpierre".
    public var givenKey: String { Folding.key(given) }

    /// The key that decides identity: case, diacritics, punctuation and spacing
    /// folded away; the suffix and a dblp homonym number kept.
    public var matchKey: String {
        var k: String
        if kind == .group {
            k = "group:" + Folding.key(family)
        } else {
            k = Folding.key(given + particle + family)
        }
        if !suffix.isEmpty { k += "#" + Folding.key(suffix) }
        if !homonym.isEmpty { k += "#" + homonym }
        return k
    }

    /// The folded initials of the given names, in order: "Jean-Pierre" and "J.-P." give "jp".
    public var initials: String { NameParser.initials(of: given) }

    /// True when at least one given name is written out in full, not as an initial.
    public var hasFullGiven: Bool { NameParser.hasFullGivenName(given) }
}
