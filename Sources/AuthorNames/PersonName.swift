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
            let base = out.baseAddress!
            var o = 0
            if !a.isEmpty { o = put(a, base, o, space: false) }
            if !b.isEmpty { o = put(b, base, o, space: o > 0) }
            if !c.isEmpty { o = put(c, base, o, space: o > 0) }
            if !t1.isEmpty { o = put(t1, base, o, space: true) }
            if !t2.isEmpty { o = put(t2, base, o, space: true) }
            return o
        }
    }

    /// Writes `s` (after a space when `space`) at `at`; returns the new end.
    @inline(__always)
    private static func put(_ s: String, _ base: UnsafeMutablePointer<UInt8>, _ at: Int, space: Bool) -> Int {
        var o = at
        if space { base[o] = 0x20; o += 1 }
        return s.withBytes { src in
            (base + o).update(from: src.baseAddress!, count: src.count)
            return o + src.count
        }
    }

    /// Match key and family key of a person's name in plain ASCII, folded into one scratch buffer
    /// on the stack: what the general folding gives (ASCII letters lowercased, digits kept, the
    /// rest dropped), without a string per part. Nil when a part is not ASCII.
    static func asciiKeys(given: String, particle: String, family: String, suffix: String, homonym: String) -> (match: String, family: String)? {
        let total = given.utf8.count + particle.utf8.count + family.utf8.count + suffix.utf8.count + homonym.utf8.count + 2
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: total) { out -> (match: String, family: String)? in
            // Each step returns the new end (no captured counter: that would cost an access check per step).
            let base = out.baseAddress!
            guard let g = fold(given, base, 0) else { return nil }
            guard let p = fold(particle, base, g), let f = fold(family, base, p) else { return nil }
            var o = f
            if !suffix.isEmpty {
                base[o] = 0x23
                guard let e = fold(suffix, base, o + 1) else { return nil }
                o = e
            }
            if !homonym.isEmpty {
                base[o] = 0x23
                o = homonym.withBytes { h in
                    (base + o + 1).update(from: h.baseAddress!, count: h.count)
                    return o + 1 + h.count
                }
            }
            return (String(decoding: UnsafeBufferPointer(rebasing: out[0..<o]), as: UTF8.self),
                    String(decoding: UnsafeBufferPointer(rebasing: out[g..<f]), as: UTF8.self))
        }
    }

    /// `s` folded (``Folding/foldASCII(_:into:prior:keepSpaces:)``) into `base` from `at`: the new
    /// end, or nil when `s` is not ASCII.
    @inline(__always)
    private static func fold(_ s: String, _ base: UnsafeMutablePointer<UInt8>, _ at: Int) -> Int? {
        s.withBytes { p in Folding.foldASCII(p, into: base + at, prior: 0x20, keepSpaces: false).map { at + $0 } }
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
