import ArgumentParser
import CoauthorKit
import Foundation
import Rendering

struct CentralityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "centrality",
        abstract: "One row per author, one column per centrality measure.",
        discussion: """
            Columns name their semantics: betweenness, closeness and harmonic use hops; the
            _weighted variants use distance = 1/weight (strong collaborations are short).
            betweenness is Brandes', normalized as networkx does; closeness has the
            Wasserman–Faust correction for disconnected graphs; eigenvector is the leading
            eigenvector of the weighted adjacency matrix (unit length); pagerank is weighted
            with α = 0.85; core is the k-core number; clustering is the unweighted local
            clustering coefficient. With --top N the measures are computed on the whole view
            and only the N rows ranked highest by --top-by are written.
            """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var projection: ProjectionFlags
    @OptionGroup var view: ViewFlags
    @OptionGroup var output: TableOutputOptions

    @Option(parsing: .upToNextOption, help: "Metrics (default: \(Metric.defaults.map(\.rawValue).joined(separator: " "))). Any of: \(Metric.allCases.map(\.rawValue).joined(separator: ", ")).")
    var metrics: [Metric] = []

    @Option(help: "Sort rows by this metric, highest first (default: the first metric).")
    var sort: Metric?

    @Option(help: "Estimate betweenness from K random source pivots instead of all nodes.")
    var samples: Int?

    @Option(help: "Seed for --samples.")
    var seed: UInt64 = 0

    func validate() throws {
        if let s = samples, s < 1 { throw ValidationError("--samples must be at least 1") }
    }

    func run() throws {
        let loaded = try CLI.load(input)
        let mopts = MetricOptions(samples: samples, seed: seed)
        // --top picks rows; the measures are those of the whole view, not of the top N's subgraph.
        let net = try CLI.network(loaded, projection: projection, view: view, metrics: mopts, applyTop: false)
        let viewOptions = try view.options()
        let list = metrics.isEmpty ? Metric.defaults : metrics
        let needsAllPairs = list.contains { [.betweenness, .betweennessWeighted, .closeness, .closenessWeighted, .harmonic, .harmonicWeighted].contains($0) }
        if needsAllPairs && samples == nil && net.graph.nodeCount > 20_000 {
            CLI.err("coauthor: note: exact all-pairs measures on \(net.graph.nodeCount) authors take a while; --samples K estimates betweenness")
        }
        let values = MetricComputer.compute(list, on: net, options: mopts) { CLI.err("coauthor: warning: \($0)") }
        let key = sort ?? list[0]
        let sortValues = values[key] ?? MetricComputer.compute([key], on: net, options: mopts)[key]!
        var rows = Array(0..<net.graph.nodeCount)
        if let t = viewOptions.top, t < rows.count {
            let by = values[viewOptions.topBy] ?? MetricComputer.compute([viewOptions.topBy], on: net, options: mopts)[viewOptions.topBy]!
            rows = Array(rows.sorted { by[$0] != by[$1] ? by[$0] > by[$1] : $0 < $1 }.prefix(t))
        }
        let order = rows.sorted { a, b in
            sortValues[a] != sortValues[b] ? sortValues[a] > sortValues[b] : a < b
        }
        var columns = ["name"] + list.map(\.rawValue)
        if samples != nil { columns = columns.map { $0.hasPrefix("betweenness") ? $0 + "_sampled" : $0 } }
        let w = TableWriter(format: output.format, columns: columns, options: output.csvOptions)
        for u in order {
            var row: [Cell] = [.text(net.name(u))]
            for m in list {
                let v = values[m]![u]
                row.append(m.isInteger ? .int(Int(v)) : .double(v))
            }
            w.row(row)
        }
        try CLI.emit(w.finish(), to: output.output)
        try CLI.finish(loaded, strict: input.strict)
    }
}
