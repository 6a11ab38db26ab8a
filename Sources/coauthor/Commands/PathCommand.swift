import ArgumentParser
import Bibliography
import CoauthorKit
import Foundation
import Rendering

struct PathCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "path",
        abstract: "The shortest chain of co-authors between two people, or everyone's distance from one.",
        discussion: """
            With --from and --to: one row per hop, with a witness paper (the earliest joint
            paper). With --from alone: everyone reachable, with their distance in hops
            (Erdős-number style) and the next person on a shortest path back. Names are
            matched leniently (case, accents, spacing, any written variant); an ambiguous
            name is an error that lists the candidates.
            """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var projection: ProjectionFlags
    @OptionGroup var view: ViewFlags
    @OptionGroup var output: TableOutputOptions

    @Option(help: "Start of the chain.")
    var from: String

    @Option(help: "End of the chain (omit for everyone's distance).")
    var to: String?

    func run() throws {
        let loaded = try CLI.load(input)
        let net = try CLI.network(loaded, projection: projection, view: view)
        let c = loaded.corpus
        let a = Int(net.node[try CLI.person(from, in: c)])
        guard a >= 0 else { CLI.err("coauthor: \(from) is not in the selected view"); throw ExitCode(1) }
        if let to {
            let b = Int(net.node[try CLI.person(to, in: c)])
            guard b >= 0 else { CLI.err("coauthor: \(to) is not in the selected view"); throw ExitCode(1) }
            guard let path = net.graph.shortestPath(from: a, to: b) else {
                CLI.err("coauthor: \(net.name(a)) and \(net.name(b)) are not connected")
                throw ExitCode(1)
            }
            let w = TableWriter(format: output.format, columns: ["step", "author", "via_paper", "via_year"], options: output.csvOptions)
            for (i, u) in path.enumerated() {
                if i == 0 {
                    w.row([.int(0), .text(net.name(u)), .empty, .empty])
                } else {
                    let witness = net.jointPapers(path[i - 1], u).first.map { c.papers[$0] }
                    w.row([.int(i), .text(net.name(u)), Cell.opt(witness?.title), Cell.opt(witness?.year)])
                }
            }
            try CLI.emit(w.finish(), to: output.output)
        } else {
            let t = net.graph.shortestPathTree(from: a)
            let reached = (0..<net.graph.nodeCount).filter { t.hops[$0] >= 0 }
            let order = reached.sorted { t.hops[$0] != t.hops[$1] ? t.hops[$0] < t.hops[$1] : $0 < $1 }
            let w = TableWriter(format: output.format, columns: ["name", "distance", "next_toward_source"], options: output.csvOptions)
            for u in order {
                w.row([.text(net.name(u)), .int(Int(t.hops[u])), t.parent[u] < 0 ? .empty : .text(net.name(Int(t.parent[u])))])
            }
            CLI.err("path: \(reached.count - 1) people reachable from \(net.name(a)); \(net.graph.nodeCount - reached.count) not connected")
            try CLI.emit(w.finish(), to: output.output)
        }
        try CLI.finish(loaded, strict: input.strict)
    }
}
