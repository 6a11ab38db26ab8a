import ArgumentParser
import Bibliography
import CoauthorKit
import CollaborationGraph
import Foundation

struct BenchmarkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "benchmark",
        abstract: "Time each stage on an input and print the seconds as JSON (for Scripts/bench.py).",
        discussion: """
            Stages: read (parse and split names), build (merge and resolve), graph (projection),
            components, pagerank, kcore, louvain, betweenness (--betweenness-samples pivots; 0 skips).
            All papers are kept in the graph unless --max-authors is given, as the peers do.
            """,
        shouldDisplay: false
    )

    @OptionGroup var input: InputOptions

    @Option(name: .customLong("betweenness-samples"), help: "Betweenness pivots (0: skip betweenness).")
    var betweennessSamples = 1000

    @Option(name: .customLong("max-authors"), help: "Leave out papers with more authors (0 = keep all).")
    var maxAuthors = 0

    @Option(help: "Seed for pivots and Louvain.")
    var seed: UInt64 = 0

    func validate() throws {
        if betweennessSamples < 0 || maxAuthors < 0 { throw ValidationError("--betweenness-samples and --max-authors must not be negative") }
    }

    func run() throws {
        func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
        let loaded = try CLI.load(input)
        var stages: [(String, Double)] = []
        var t = now()
        let net = Network(corpus: loaded.corpus, projection: ProjectionOptions(counting: .full, maxAuthors: maxAuthors))
        stages.append(("graph", now() - t))
        // read, build and the parts of graph were timed inside.
        let json = Timings.shared.json()
        let g = net.graph
        t = now(); let comps = g.components(); stages.append(("components", now() - t))
        t = now(); let pr = g.pagerank(); stages.append(("pagerank", now() - t))
        t = now(); let core = g.coreNumbers(); stages.append(("kcore", now() - t))
        t = now(); let part = g.louvain(LouvainOptions(seed: seed)); stages.append(("louvain", now() - t))
        if betweennessSamples > 0 {
            t = now(); _ = g.betweenness(BetweennessOptions(samples: betweennessSamples, seed: seed)); stages.append(("betweenness", now() - t))
        }
        let out = """
            {"papers": \(loaded.corpus.papers.count), "records": \(loaded.corpus.summary.recordsRead), "authors": \(g.nodeCount), "edges": \(g.edgeCount), \
            "components": \(comps.count), "pagerank_iterations": \(pr.iterations), "max_core": \(core.max() ?? 0), \
            "communities": \(part.count), "modularity": \(String(format: "%.6f", part.modularity)), \
            "load": \(json), "stages": {\(stages.map { "\"\($0.0)\": \(String(format: "%.4f", $0.1))" }.joined(separator: ", "))}}
            """
        CLI.out(out + "\n")
    }
}
