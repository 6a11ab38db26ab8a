import AuthorNames
import Bibliography
import CollaborationGraph

/// A merge the resolution rules did not make, with its evidence.
public struct AliasSuggestion: Sendable {
    /// The less specific (or less frequent) name, to be mapped…
    public var name: String
    /// …onto this one.
    public var canonical: String
    /// 0–1: how strongly the evidence points to one person.
    public var score: Double
    /// The evidence, in words.
    public var evidence: [String]
}

/// Finds candidate merges of persons that the rules left apart: names that are
/// initials-compatible but ambiguous, or a small edit away from each other,
/// scored by what else they share (co-authors, affiliations, years).
///
/// Candidates are blocked by family name (and, for typos in the family name, by
/// given name and the family's first letter), so the work stays near-linear.
public enum AliasSuggester {
    /// Levenshtein distance, stopping early above `limit`.
    public static func editDistance(_ a: String, _ b: String, limit: Int = 3) -> Int {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        if abs(x.count - y.count) > limit { return limit + 1 }
        var prev = Array(0...y.count)
        var cur = [Int](repeating: 0, count: y.count + 1)
        for i in 1...max(1, x.count) where !x.isEmpty {
            cur[0] = i
            var rowMin = cur[0]
            for j in 1...max(1, y.count) where !y.isEmpty {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
                rowMin = min(rowMin, cur[j])
            }
            if rowMin > limit { return limit + 1 }
            swap(&prev, &cur)
        }
        return x.isEmpty ? y.count : prev[y.count]
    }

    /// Suggestions for `net`'s persons, best first.
    public static func suggest(_ net: Network, minScore: Double = 0.3, limit: Int = 500) -> [AliasSuggestion] {
        let c = net.corpus
        let g = net.graph
        // Affiliations and years per node.
        var affiliations = [Set<String>](repeating: [], count: g.nodeCount)
        for pi in net.papers {
            let p = c.papers[pi]
            for (k, a) in p.authors.enumerated() {
                let v = Int(net.node[a.index])
                if v >= 0 { for af in p.affiliations[k] { affiliations[v].insert(Folding.words(af)) } }
            }
        }
        // Blocks: family key; given key + first letter of family (catches family typos).
        var blocks: [String: [Int]] = [:]
        for v in 0..<g.nodeCount {
            let p = c.persons[net.person[v]]
            guard p.kind == .person else { continue }
            blocks["f|" + p.parsed.familyKey, default: []].append(v)
            let gk = Folding.key(p.parsed.given)
            if gk.count >= 3 { blocks["g|" + gk + "|" + String(p.parsed.familyKey.prefix(1)), default: []].append(v) }
        }
        var seen = Set<UInt64>()
        var out: [AliasSuggestion] = []
        for key in blocks.keys.sorted() {
            let members = blocks[key]!
            if members.count < 2 || members.count > 3000 { continue }
            for i in 0..<members.count {
                for j in (i + 1)..<members.count {
                    let a = members[i], b = members[j]
                    let pair = UInt64(min(a, b)) << 32 | UInt64(max(a, b))
                    if !seen.insert(pair).inserted { continue }
                    if let s = score(a, b, net: net, affiliations: affiliations), s.score >= minScore { out.append(s) }
                }
            }
        }
        out.sort { $0.score != $1.score ? $0.score > $1.score : ($0.name, $0.canonical) < ($1.name, $1.canonical) }
        return Array(out.prefix(limit))
    }

    static func score(_ a: Int, _ b: Int, net: Network, affiliations: [Set<String>]) -> AliasSuggestion? {
        let c = net.corpus
        let pa = c.persons[net.person[a]], pb = c.persons[net.person[b]]
        let na = pa.parsed, nb = pb.parsed
        // Never suggest merging two different identifiers of one scheme.
        for x in pa.identifiers { for y in pb.identifiers where x.scheme == y.scheme && x.value != y.value { return nil } }
        var evidence: [String] = []
        var nameScore = 0.0
        let ia = na.initials, ib = nb.initials
        let compatible = !ia.isEmpty && !ib.isEmpty && (ia.hasPrefix(ib) || ib.hasPrefix(ia))
        let sameFamily = na.familyKey == nb.familyKey
        let firstA = na.given.split(separator: " ").first.map { Folding.key(String($0)) } ?? ""
        let firstB = nb.given.split(separator: " ").first.map { Folding.key(String($0)) } ?? ""
        if sameFamily && compatible && (!na.hasFullGiven || !nb.hasFullGiven) {
            nameScore = 0.5
            evidence.append("initials compatible (\(ia.uppercased()) / \(ib.uppercased()))")
        } else if sameFamily && compatible && ia != ib && !firstA.isEmpty && firstA == firstB {
            // "John Smith" / "John A. Smith": the same first name, a middle name or initial added.
            nameScore = 0.45
            evidence.append("same first name, a middle name added (\(na.given) / \(nb.given))")
        } else {
            // One typo in a long given name ("Jingzhao"/"Jinzhao") or family name ("Schmidt"/"Schmitt");
            // short names one letter apart ("Lu"/"Yu") are different people far too often.
            let ga = Folding.key(na.given), gb = Folding.key(nb.given)
            if sameFamily, min(ga.count, gb.count) >= 5, editDistance(ga, gb, limit: 1) == 1 {
                evidence.append("given names one edit apart (\(na.given) / \(nb.given))")
            } else if ga == gb, !ga.isEmpty, min(na.familyKey.count, nb.familyKey.count) >= 5, editDistance(na.familyKey, nb.familyKey, limit: 1) == 1 {
                evidence.append("family names one edit apart (\(na.family) / \(nb.family))")
            } else {
                return nil
            }
            nameScore = 0.3
        }
        let typoOnly = nameScore == 0.3
        // Shared co-authors.
        let g = net.graph
        let sa = Set(g.neighbors(of: a)), sb = Set(g.neighbors(of: b))
        let shared = sa.intersection(sb).count
        if shared > 0 {
            evidence.append("\(shared) shared co-author\(shared == 1 ? "" : "s")")
        }
        if g.slot(a, b) != nil { evidence.append("co-authors of each other (usually two people)") }
        let sharedAff = affiliations[a].intersection(affiliations[b]).count
        if sharedAff > 0 { evidence.append("\(sharedAff) shared affiliation\(sharedAff == 1 ? "" : "s")") }
        let yearsOverlap = net.firstYear[a] != 0 && net.firstYear[b] != 0 && net.firstYear[a] <= net.lastYear[b] + 2 && net.firstYear[b] <= net.lastYear[a] + 2
        if yearsOverlap { evidence.append("active in overlapping years") }
        // A typo alone is weak evidence: ask for shared co-authors or affiliations too.
        if typoOnly && shared == 0 && sharedAff == 0 { return nil }
        let union = sa.union(sb).count
        var score = nameScore
        score += union > 0 ? 0.4 * Double(shared) / Double(union) + (shared > 0 ? 0.1 : 0) : 0
        score += sharedAff > 0 ? 0.1 : 0
        score += yearsOverlap ? 0.05 : -0.1
        if g.slot(a, b) != nil { score -= 0.4 }
        score = max(0, min(1, score))
        // The less specific / less frequent name maps onto the other.
        let aFirst = (na.hasFullGiven ? 1 : 0, net.paperCounts[a], pa.name) < (nb.hasFullGiven ? 1 : 0, net.paperCounts[b], pb.name)
        let (from, to) = aFirst ? (pa.name, pb.name) : (pb.name, pa.name)
        return AliasSuggestion(name: from, canonical: to, score: (score * 1000).rounded() / 1000, evidence: evidence)
    }
}
