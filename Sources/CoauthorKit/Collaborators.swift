import AuthorNames
import Bibliography
import Foundation

/// A calendar day, for collaborator windows.
public struct Day: Comparable, Sendable, CustomStringConvertible {
    /// Year, month (1–12), day (1–31).
    public var year: Int, month: Int, day: Int

    /// Creates a day.
    public init(_ year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses "2025-12-31", "2025-12" (the first of the month) or "2025" (1 January).
    public init?(parsing s: String) {
        let p = s.split(separator: "-").map { Int($0) }
        guard let y = p.first ?? nil, (1000...9999).contains(y) else { return nil }
        let m = p.count > 1 ? p[1] : 1
        let d = p.count > 2 ? p[2] : 1
        guard let m, let d, (1...12).contains(m), (1...Day.daysIn(y, m)).contains(d), p.count <= 3 else { return nil }
        self.init(y, m, d)
    }

    /// Parses a window's end: a year means its last day, a month its last day ("2025" is 2025-12-31).
    public init?(parsingEnd s: String) {
        guard let d = Day(parsing: s) else { return nil }
        let parts = s.split(separator: "-").count
        if parts == 1 { self.init(d.year, 12, 31) } else if parts == 2 { self.init(d.year, d.month, Day.daysIn(d.year, d.month)) } else { self = d }
    }

    /// Today (UTC).
    public static var today: Day {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC")!
        let c = cal.dateComponents([.year, .month, .day], from: Date())
        return Day(c.year!, c.month!, c.day!)
    }

    static func daysIn(_ y: Int, _ m: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The same day `n` months earlier (clamped to the month's last day): 2025-12-31 minus 48 months is 2021-12-31.
    public func minusMonths(_ n: Int) -> Day {
        let total = year * 12 + (month - 1) - n
        let y = total / 12, m = total % 12 + 1
        return Day(y, m, min(day, Day.daysIn(y, m)))
    }

    /// The next day.
    public var next: Day {
        if day < Day.daysIn(year, month) { return Day(year, month, day + 1) }
        return month < 12 ? Day(year, month + 1, 1) : Day(year + 1, 1, 1)
    }

    /// The first day of the `months` months that end on `end`, both days included:
    /// 48 months ending on 2025-12-31 start on 2022-01-01.
    public static func windowStart(months: Int, endingOn end: Day) -> Day { end.minusMonths(months).next }

    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }

    public static func < (a: Day, b: Day) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

    /// The first and last day a partial date may stand for.
    public static func range(of d: PartialDate) -> (Day, Day) {
        if let m = d.month {
            if let dd = d.day { return (Day(d.year, m, dd), Day(d.year, m, dd)) }
            return (Day(d.year, m, 1), Day(d.year, m, daysIn(d.year, m)))
        }
        return (Day(d.year, 1, 1), Day(d.year, 12, 31))
    }
}

/// One collaborator of an author in a window.
public struct Collaborator: Sendable {
    /// Node of the co-author.
    public var node: Int
    /// Display name, and family and given names for sorting and forms.
    public var name: String
    public var family: String
    public var given: String
    /// The most recent joint paper in the window: its date and how precise it is.
    public var lastDate: PartialDate
    /// Joint papers in the window (including uncertain ones).
    public var jointPapers: Int
    /// The co-author's affiliation on the most recent joint paper that gives one.
    public var affiliation: String?
    /// True when every joint paper's date is uncertain at the window's edge (or its year inferred).
    public var uncertain: Bool
    /// Why it is uncertain.
    public var note: String
    /// Title of the most recent joint paper.
    public var lastTitle: String
}

/// Collaborator lists for grant forms (e.g. NSF's Collaborators and Other Affiliations).
public enum CollaboratorList {
    /// Everyone `author` co-authored with in [`from`, `to`].
    ///
    /// A paper is in the window when every day its date may stand for is in
    /// it; out when none is; otherwise (a year-only date in the window's first
    /// or last year, or an inferred year) it is included and flagged, never
    /// silently dropped. Rows are sorted by family name, then given name.
    public static func collaborators(of author: Int, in net: Network, from: Day, to: Day) -> [Collaborator] {
        let c = net.corpus
        let pid = PersonID(UInt32(net.person[author]))
        struct Joint { var date: PartialDate; var certain: Bool; var affiliation: String?; var title: String }
        var joint: [Int: [Joint]] = [:]
        for pi in net.papers {
            let p = c.papers[pi]
            guard p.authors.contains(pid) else { continue }
            // Every date a merged paper carries counts; the latest certain one wins, else the latest uncertain one.
            let dates = p.sources.compactMap(\.date).isEmpty ? (p.date.map { [$0] } ?? []) : p.sources.compactMap(\.date)
            var best: (date: PartialDate, certain: Bool)?
            for d in dates {
                let (lo, hi) = Day.range(of: d)
                if hi < from || lo > to { continue }
                let certain = lo >= from && hi <= to && !d.yearInferred
                if best == nil || (certain && !best!.certain) || (certain == best!.certain && best!.date < d) { best = (d, certain) }
            }
            guard let (date, certain) = best else { continue }
            for (k, a) in p.authors.enumerated() where a != pid {
                let v = Int(net.node[a.index])
                if v < 0 { continue }
                let aff = p.affiliations.indices.contains(k) ? p.affiliations[k].first : nil
                joint[v, default: []].append(Joint(date: date, certain: certain, affiliation: aff, title: p.title))
            }
        }
        var byNode: [Int: Collaborator] = [:]
        for (v, list) in joint {
            let person = c.persons[net.person[v]]
            let certain = list.filter(\.certain)
            let pool = certain.isEmpty ? list : certain
            let latest = pool.max { $0.date < $1.date }!
            let affiliation = latest.affiliation ?? list.sorted { $0.date > $1.date }.compactMap(\.affiliation).first
            let family = person.parsed.particle.isEmpty ? person.parsed.family : person.parsed.particle + " " + person.parsed.family
            byNode[v] = Collaborator(node: v, name: person.name, family: family, given: person.parsed.given, lastDate: latest.date,
                                     jointPapers: list.count, affiliation: affiliation, uncertain: certain.isEmpty, note: "",
                                     lastTitle: latest.title)
        }
        var rows = Array(byNode.values)
        for i in rows.indices where rows[i].uncertain {
            let d = rows[i].lastDate
            rows[i].note = d.yearInferred
                ? "year inferred (the source gave no year); may fall outside the window"
                : "date known to the \(d.precision.rawValue) only; may fall outside the window"
        }
        rows.sort { a, b in
            let fa = Folding.key(a.family), fb = Folding.key(b.family)
            if fa != fb { return fa < fb }
            let ga = Folding.key(a.given), gb = Folding.key(b.given)
            if ga != gb { return ga < gb }
            return a.node < b.node
        }
        return rows
    }
}
