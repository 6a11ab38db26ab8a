import Bibliography
import CollaborationGraph
import Rendering

/// The tables Coauthor writes, built from a network. Rows are in a
/// deterministic order that does not depend on input order.
public enum Tables {
    /// papers.csv: one row per merged paper, in date order.
    public static func papers(_ net: Network, format: TableFormat, csv: CSVOptions = CSVOptions(), abstracts: Bool = true) -> [UInt8] {
        let c = net.corpus
        var columns = [
            "id", "date", "year", "year_inferred", "category", "title", "authors", "truncated", "inferred_authors",
            "tag", "code", "doi", "venue", "merged_sources",
        ]
        if abstracts { columns.append("abstract") }
        let w = TableWriter(format: format, columns: columns, options: csv)
        // A view on some authors lists the papers with at least one of them.
        let listed = net.papers.filter { pi in !net.authorsSelected || c.papers[pi].authors.contains(where: { net.node[Int($0.rawValue)] >= 0 }) }
        w.rows(listed.count) { k in
            // The paper is read in place: a copy would retain each of its fields.
            c.papers.withUnsafeBufferPointer { papers in
                let p = papers.baseAddress! + listed[k]
                let sources = p.pointee.sources.count > 1
                    ? p.pointee.sources.map { s in "\(s.location)" + (s.date.map { " (\($0.iso)\($0.yearInferred ? ", year inferred" : ""))" } ?? "") }.joined(separator: "; ")
                    : ""
                let date = p.pointee.date
                var cells: [Cell] = [
                    .int(p.pointee.index + 1), Cell.opt(date?.iso), Cell.opt(date?.year), .bool(date?.yearInferred ?? false),
                    Cell.opt(p.pointee.category), .text(p.pointee.title), .text(p.pointee.authors.map { c.name($0) }.joined(separator: "; ")),
                    .bool(p.pointee.truncated),
                    .text(p.pointee.inferredAuthors.isEmpty ? "" : p.pointee.inferredAuthors.map { c.name($0) }.joined(separator: "; ")),
                    .text(p.pointee.tags.isEmpty ? "" : p.pointee.tags.joined(separator: "; ")), .bool(p.pointee.hasCode), Cell.opt(p.pointee.doi),
                    Cell.opt(p.pointee.venue), .text(sources),
                ]
                if abstracts { cells.append(Cell.opt(p.pointee.abstract)) }
                return cells
            }
        }
        return w.finish()
    }

    /// The merge log: kept record, dropped record, reason and title, sorted by kept then dropped record.
    public static func merges(_ c: Corpus, format: TableFormat, csv: CSVOptions = CSVOptions()) -> [UInt8] {
        let w = TableWriter(format: format, columns: ["kept", "kept_key", "dropped", "dropped_key", "reason", "title"], options: csv)
        for m in c.merges {
            w.row([.text(m.kept.description), Cell.opt(m.kept.key), .text(m.dropped.description), Cell.opt(m.dropped.key),
                   .text(m.reason), .text(m.title)])
        }
        return w.finish()
    }

    /// Nodes ordered by papers (most first), then strength, then name.
    public static func authorOrder(_ net: Network) -> [Int] {
        let g = net.graph
        let strength = (0..<g.nodeCount).map { g.strength($0) }
        return (0..<g.nodeCount).sorted { a, b in
            if net.paperCounts[a] != net.paperCounts[b] { return net.paperCounts[a] > net.paperCounts[b] }
            if strength[a] != strength[b] { return strength[a] > strength[b] }
            return a < b  // person ids are in name order
        }
    }

    /// authors.csv: name, papers, coauthors, strength, first/last year (with inferred flags), component.
    public static func authors(_ net: Network, format: TableFormat, csv: CSVOptions = CSVOptions()) -> [UInt8] {
        let g = net.graph
        let (fInf, lInf) = net.inferredYearFlags()
        let w = TableWriter(format: format, columns: [
            "name", "papers", "coauthors", "strength", "first_year", "last_year", "first_year_inferred",
            "last_year_inferred", "component",
        ], options: csv)
        let order = authorOrder(net)
        w.rows(order.count) { k in
            let i = order[k]
            return [
                .text(net.name(i)), .int(net.paperCounts[i]), .int(g.degree(i)), .double(g.strength(i)),
                net.firstYear[i] == 0 ? .empty : .int(Int(net.firstYear[i])),
                net.lastYear[i] == 0 ? .empty : .int(Int(net.lastYear[i])),
                .bool(fInf[i]), .bool(lInf[i]), .int(Int(net.components.label[i]) + 1),
            ]
        }
        return w.finish()
    }

    /// The undirected edges (u < v) ordered by shared papers (most first), then by names.
    public static func edgeOrder(_ net: Network) -> [Int] {
        let g = net.graph
        var slots: [Int] = []
        for u in 0..<g.nodeCount {
            for k in g.offsets[u]..<g.offsets[u + 1] where Int(g.neighbors[k]) > u { slots.append(k) }
        }
        var src = [Int32](repeating: 0, count: g.neighbors.count)
        for u in 0..<g.nodeCount { for k in g.offsets[u]..<g.offsets[u + 1] { src[k] = Int32(u) } }
        return slots.sorted { a, b in
            if g.weights[a] != g.weights[b] { return g.weights[a] > g.weights[b] }
            if g.jointPapers[a] != g.jointPapers[b] { return g.jointPapers[a] > g.jointPapers[b] }
            if src[a] != src[b] { return src[a] < src[b] }
            return g.neighbors[a] < g.neighbors[b]
        }
    }

    /// collaborations.csv: one row per pair of co-authors.
    public static func collaborations(_ net: Network, format: TableFormat, csv: CSVOptions = CSVOptions()) -> [UInt8] {
        let g = net.graph
        var cols = ["author_a", "author_b", "papers", "first_year", "last_year", "first_year_inferred", "last_year_inferred"]
        if g.counting == .fractional { cols.insert("weight_fractional", at: 3) }
        let w = TableWriter(format: format, columns: cols, options: csv)
        let exact = pairYearExactness(net)
        var src = [Int32](repeating: 0, count: g.neighbors.count)
        for u in 0..<g.nodeCount { for k in g.offsets[u]..<g.offsets[u + 1] { src[k] = Int32(u) } }
        let order = edgeOrder(net)
        w.rows(order.count) { [src] n in
            let k = order[n]
            let u = Int(src[k]), v = Int(g.neighbors[k])
            let key = UInt64(u) << 32 | UInt64(v)
            let fy = g.firstYear[k], ly = g.lastYear[k]
            var row: [Cell] = [.text(net.name(u)), .text(net.name(v)), .int(Int(g.jointPapers[k]))]
            if g.counting == .fractional { row.append(.double(g.weights[k])) }
            row.append(fy == 0 ? .empty : .int(Int(fy)))
            row.append(ly == 0 ? .empty : .int(Int(ly)))
            row.append(.bool(fy != 0 && exact?[key]?[fy] == false))
            row.append(.bool(ly != 0 && exact?[key]?[ly] == false))
            return row
        }
        return w.finish()
    }

    /// Collaborations in long form: one row per pair with an edge in the view and year (a, b, year, papers),
    /// sorted by the pair's node ids (name order) then year.
    public static func collaborationsPerYear(_ net: Network, format: TableFormat, csv: CSVOptions = CSVOptions()) -> [UInt8] {
        var counts: [UInt64: [Int: (Int, Bool)]] = [:]
        let skipped = Set(net.skippedPapers)
        for pi in net.papers where !skipped.contains(pi) {
            let p = net.corpus.papers[pi]
            // Undated papers get a row of their own (empty year), so every pair's rows add up to its papers.
            let year = p.date?.year ?? Int.max
            let ids = p.authors.map { Int(net.node[$0.index]) }.filter { $0 >= 0 }
            for i in 0..<ids.count {
                for j in 0..<ids.count where ids[i] < ids[j] && net.graph.slot(ids[i], ids[j]) != nil {
                    let key = UInt64(ids[i]) << 32 | UInt64(ids[j])
                    let old = counts[key]?[year] ?? (0, true)
                    counts[key, default: [:]][year] = (old.0 + 1, old.1 && (p.date?.yearInferred ?? false))
                }
            }
        }
        let w = TableWriter(format: format, columns: ["author_a", "author_b", "year", "year_inferred", "papers"], options: csv)
        let keys = counts.keys.sorted()
        for key in keys {
            let u = Int(key >> 32), v = Int(key & 0xFFFF_FFFF)
            for (y, (n, inferred)) in counts[key]!.sorted(by: { $0.key < $1.key }) {
                w.row([.text(net.name(u)), .text(net.name(v)), y == Int.max ? .text("") : .int(y), .bool(inferred), .int(n)])
            }
        }
        return w.finish()
    }

    /// For corpora with inferred years: per pair of nodes (u < v) and year, whether some joint paper's year is exact.
    static func pairYearExactness(_ net: Network) -> [UInt64: [Int32: Bool]]? {
        guard net.papers.contains(where: { net.corpus.papers[$0].date?.yearInferred == true }) else { return nil }
        var out: [UInt64: [Int32: Bool]] = [:]
        let skipped = Set(net.skippedPapers)
        for pi in net.papers where !skipped.contains(pi) {
            let p = net.corpus.papers[pi]
            guard let d = p.date else { continue }
            let ids = p.authors.map { Int(net.node[$0.index]) }.filter { $0 >= 0 }
            for i in 0..<ids.count {
                for j in 0..<ids.count where ids[i] < ids[j] {
                    let key = UInt64(ids[i]) << 32 | UInt64(ids[j])
                    out[key, default: [:]][Int32(d.year)] = (out[key]?[Int32(d.year)] ?? false) || !d.yearInferred
                }
            }
        }
        return out
    }
}
