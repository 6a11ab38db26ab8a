import ArgumentParser
import CoauthorKit
import CollaborationGraph
import Foundation
import Rendering

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Whole-network statistics: size, components, density, clustering, diameter and path length.",
        discussion: """
            Diameter and average path length are over the largest component, in hops: exact
            (a BFS from every node) up to --exact-limit nodes, estimated above it from
            --path-samples random sources; the path_method row says which.
            """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var projection: ProjectionFlags
    @OptionGroup var view: ViewFlags
    @OptionGroup var output: TableOutputOptions

    @Option(name: .customLong("exact-limit"), help: "Largest component size up to which path statistics are exact.")
    var exactLimit = 20_000

    @Option(name: .customLong("path-samples"), help: "Sources for estimated path statistics.")
    var pathSamples = 500

    @Option(help: "Seed for estimated path statistics.")
    var seed: UInt64 = 0

    func validate() throws {
        if exactLimit < 0 { throw ValidationError("--exact-limit must not be negative") }
        if pathSamples < 1 { throw ValidationError("--path-samples must be at least 1") }
    }

    func run() throws {
        let loaded = try CLI.load(input)
        let net = try CLI.network(loaded, projection: projection, view: view)
        let s = net.graph.statistics(StatisticsOptions(exactLimit: exactLimit, samples: pathSamples, seed: seed))
        let c = loaded.corpus
        let w = TableWriter(format: output.format, columns: ["statistic", "value"], options: output.csvOptions)
        let share = s.nodes == 0 ? 0 : Double(s.largestComponent) / Double(s.nodes)
        let rows: [(String, Cell)] = [
            ("records", .int(c.summary.recordsRead)),
            ("papers", .int(net.papers.count)),
            ("papers_left_out_max_authors", .int(net.skippedPapers.count)),
            ("counting", .text(net.graph.counting.rawValue)),
            ("nodes", .int(s.nodes)),
            ("edges", .int(s.edges)),
            ("components", .int(s.components)),
            ("largest_component", .int(s.largestComponent)),
            ("largest_component_share", .double(share)),
            ("density", .double(s.density)),
            ("transitivity", .double(s.transitivity)),
            ("average_clustering", .double(s.averageClustering)),
            ("diameter", .int(s.diameter)),
            ("average_path_length", .double(s.averagePathLength)),
            ("path_statistics_exact", .bool(s.pathStatisticsExact)),
            ("path_method", .text(s.pathMethod)),
        ]
        for (k, v) in rows { w.row([.text(k), v]) }
        try CLI.emit(w.finish(), to: output.output)
        try CLI.finish(loaded, strict: input.strict)
    }
}
