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
            let g = NameParser.displayGiven(NameParser.titleCasingCapitals(given, keepInitials: true))
            // Particles written in capitals ("DE LA CRUZ M") are shown in lower case.
            let p = particle.isEmpty || particle.contains(where: { $0.isLowercase }) ? particle : particle.lowercased()
            let f = NameParser.titleCasingCapitals(family, keepInitials: false)
            display = Self.spaced(words: g, p, f, tails: suffix, homonym)
        }
        if kind == .person && !cjk, let keys = Self.asciiKeys(given: given, particle: particle, family: family, suffix: suffix, homonym: homonym) {
            (matchKey, familyKey) = keys
        } else {
            // Folding works scalar by scalar, so the key of a concatenation is the concatenation of
            // the keys: the family key is folded once and reused in the match key.
            let fk = Folding.key(particle + family)
            var k = kind == .group ? "group:" + Folding.key(family) : cjk ? Folding.key(family + given) : Folding.key(given) + fk
            if !suffix.isEmpty { k += "#" + Folding.key(suffix) }
            if !homonym.isEmpty { k += "#" + homonym }
            matchKey = k
            familyKey = fk
        }
        initials = NameParser.initials(of: given)
        hasFullGiven = NameParser.hasFullGivenName(given)
    }

    /// The non-empty `words` joined by single spaces, then each non-empty tail after a space; one
    /// allocation (this runs once per distinct name, hundreds of thousands of times on large corpora).
    static func spaced(words a: String, _ b: String, _ c: String, tails t1: String, _ t2: String) -> String {
        let wordCount = (a.isEmpty ? 0 : 1) + (b.isEmpty ? 0 : 1) + (c.isEmpty ? 0 : 1)
        var length = a.utf8.count + b.utf8.count + c.utf8.count + max(wordCount - 1, 0)
        if !t1.isEmpty { length += 1 + t1.utf8.count }
        if !t2.isEmpty { length += 1 + t2.utf8.count }
        if length == 0 { return "" }
        return String(unsafeUninitializedCapacity: length) { out in
            var o = 0
            func put(_ s: String, space: Bool) {
                if space { out[o] = 0x20; o += 1 }
                s.withBytes { src in
                    for byte in src { out[o] = byte; o += 1 }
                }
            }
            if !a.isEmpty { put(a, space: false) }
            if !b.isEmpty { put(b, space: o > 0) }
            if !c.isEmpty { put(c, space: o > 0) }
            if !t1.isEmpty { put(t1, space: true) }
            if !t2.isEmpty { put(t2, space: true) }
            return o
        }
    }

    /// Match key and family key of a person's name in plain ASCII, folded into one buffer:
    /// what the general folding gives (ASCII letters lowercased, digits kept, the rest dropped),
    /// without a string per part. Nil when a part is not ASCII.
    static func asciiKeys(given: String, particle: String, family: String, suffix: String, homonym: String) -> (match: String, family: String)? {
        let total = given.utf8.count + particle.utf8.count + family.utf8.count + suffix.utf8.count + homonym.utf8.count + 2
        var ascii = true
        var familyStart = 0, familyEnd = 0
        let key = [UInt8](unsafeUninitializedCapacity: total) { out, count in
            var o = 0
            func fold(_ s: String) {
                s.withBytes { p in
                    guard let k = Folding.foldASCII(p, into: out.baseAddress! + o, prior: 0x20, keepSpaces: false) else { ascii = false; return }
                    o += k
                }
            }
            fold(given)
            familyStart = o
            fold(particle)
            fold(family)
            familyEnd = o
            if !suffix.isEmpty { out[o] = 0x23; o += 1; fold(suffix) }
            if !homonym.isEmpty {
                out[o] = 0x23; o += 1
                homonym.withBytes { p in for b in p { out[o] = b; o += 1 } }
            }
            count = o
        }
        guard ascii else { return nil }
        return (String(decoding: key, as: UTF8.self), String(decoding: key[familyStart..<familyEnd], as: UTF8.self))
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
