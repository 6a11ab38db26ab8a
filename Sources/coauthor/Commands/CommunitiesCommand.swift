import ArgumentParser
import CoauthorKit
import CollaborationGraph
import Foundation
import Rendering

struct CommunitiesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "communities",
        abstract: "Communities by the Louvain or Leiden method; each author's community, and the modularity (on stderr).",
        discussion: """
            --algorithm leiden refines Louvain's communities so that every community is
            connected (Traag et al. 2019) and runs again from its own result until a run gains
            less than 1e-5 modularity (--iterations N for a fixed number of runs); louvain is
            the default, as in networkx.
            Community 1 is the largest. The same --seed gives the same partition. The
            modularity, number of communities and settings are printed on stderr, so the
            table on stdout stays clean for pipelines.
            """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var projection: ProjectionFlags
    @OptionGroup var view: ViewFlags
    @OptionGroup var output: TableOutputOptions

    enum Algorithm: String, ExpressibleByArgument, CaseIterable { case louvain, leiden }

    @Option(help: "louvain or leiden.")
    var algorithm: Algorithm = .louvain

    @Option(help: "Leiden: runs, each from the previous result (0: until a run gains less than 1e-5 modularity, at most 50).")
    var iterations = 0

    @Option(help: "Resolution γ: above 1 gives more, smaller communities.")
    var resolution = 1.0

    @Option(help: "Seed for the node order.")
    var seed: UInt64 = 0

    @Flag(help: "Ignore edge weights.")
    var unweighted = false

    func validate() throws {
        if resolution <= 0 { throw ValidationError("--resolution must be positive") }
        if iterations < 0 { throw ValidationError("--iterations must not be negative") }
    }

    func run() throws {
        let loaded = try CLI.load(input)
        let net = try CLI.network(loaded, projection: projection, view: view)
        let options = LouvainOptions(resolution: resolution, seed: seed, weighted: !unweighted)
        let p = algorithm == .leiden ? net.graph.leiden(options, iterations: iterations) : net.graph.louvain(options)
        CLI.err("communities: \(p.count), modularity \(String(format: "%.6f", p.modularity)) (\(algorithm == .leiden ? "Leiden" : "Louvain"), resolution \(resolution), seed \(seed), \(unweighted ? "unweighted" : "weighted"))")
        let order = (0..<net.graph.nodeCount).sorted { (a: Int, b: Int) -> Bool in
            if p.community[a] != p.community[b] { return p.community[a] < p.community[b] }
            if net.paperCounts[a] != net.paperCounts[b] { return net.paperCounts[a] > net.paperCounts[b] }
            return a < b
        }
        let w = TableWriter(format: output.format, columns: ["name", "community", "community_size", "papers", "coauthors"], options: output.csvOptions)
        for u in order {
            let c = Int(p.community[u])
            w.row([.text(net.name(u)), .int(c + 1), .int(p.sizes[c]), .int(net.paperCounts[u]), .int(net.graph.degree(u))])
        }
        try CLI.emit(w.finish(), to: output.output)
        try CLI.finish(loaded, strict: input.strict)
    }
}
