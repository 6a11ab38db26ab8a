import ArgumentParser
import Bibliography
import CoauthorKit
import CollaborationGraph
import Foundation
import Rendering

struct TimelineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timeline",
        abstract: "How collaboration grows year by year: for the corpus, or for one author (--author).",
        discussion: """
            Corpus: per year, papers, active authors, authors seen for the first time, new
            collaborations, and the network's nodes, edges, components and largest-component
            share — cumulative, or over sliding --window N years.
            Author: per year, the author's papers, co-authors, new co-authors (first joint paper),
            cumulative co-authors, degree and betweenness in the network up to that year.
            --diagram FILE (.svg, .png, .pdf or .dot) draws the author's timeline through Graphviz.
            Papers without a year are left out; inferred years are counted in their year.
            The view options select papers (--from-year, --to-year) and authors (the rest): the
            timeline then follows the selected authors through the selected papers.
            """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var projection: ProjectionFlags
    @OptionGroup var view: ViewFlags
    @OptionGroup var output: TableOutputOptions

    @Option(help: "One author's timeline.")
    var author: String?

    @Option(help: "Sliding windows of N years instead of cumulative totals (corpus timeline).")
    var window: Int?

    @Option(help: ArgumentHelp("Draw the author's timeline to this file (.svg, .png, .pdf, .dot).", valueName: "file"))
    var diagram: String?

    @Option(name: .customLong("exact-limit"), help: "Author timeline: betweenness is exact while the author's component has at most this many authors.")
    var exactLimit = 5000

    @Option(name: .customLong("betweenness-samples"), help: "Author timeline: above --exact-limit, estimate betweenness from K pivots (otherwise it is left empty).")
    var betweennessSamples: Int?

    func validate() throws {
        if let w = window, w < 1 { throw ValidationError("--window must be at least 1") }
        if diagram != nil && author == nil { throw ValidationError("--diagram needs --author") }
        if let d = diagram, DiagramFile.format(of: d) == nil { throw ValidationError("--diagram must end in .svg, .png, .pdf or .dot") }
        if window != nil && author != nil { throw ValidationError("--window applies to the corpus timeline, not to --author") }
        if exactLimit < 0 { throw ValidationError("--exact-limit must not be negative") }
        if let k = betweennessSamples, k < 1 { throw ValidationError("--betweenness-samples must be at least 1") }
        try CLI.checkOutputFile(diagram, option: "--diagram")
        if view.minWeight > 0 { throw ValidationError("--min-weight does not apply to timelines (each year's edges come from its papers)") }
    }

    func run() throws {
        let loaded = try CLI.load(input)
        let c = loaded.corpus
        let net = try CLI.network(loaded, projection: projection, view: view)
        // The selected authors through the selected papers; a byline too long for the graph stays
        // out of it even when the view shortens it.
        var lists: [[Int32]] = [], years: [Int32] = [], tooLong = Set<Int>()
        for pi in net.papers {
            let list = c.papers[pi].authors.filter { net.node[Int($0.rawValue)] >= 0 }.map { Int32($0.rawValue) }
            if net.authorsSelected && list.isEmpty { continue }  // none of the selected authors wrote it
            if projection.maxAuthors > 0 && c.papers[pi].authors.count > projection.maxAuthors { tooLong.insert(lists.count) }
            lists.append(list)
            years.append(Int32(c.papers[pi].year ?? 0))
        }
        var authorship = Authorship(nodeCount: c.persons.count, papers: lists, years: years)
        authorship.excludedFromGraph = tooLong
        let inferredYears = Set(net.papers.compactMap { c.papers[$0].date }.filter(\.yearInferred).map(\.year))
        if let name = author {
            let a = try CLI.person(name, in: c)
            if net.node[a] < 0 {
                CLI.err("coauthor: \(c.persons[a].name) is not in the selected view")
                throw ExitCode(1)
            }
            let rows = authorship.authorTimeline(a, maxAuthors: projection.maxAuthors, exactLimit: exactLimit, samples: betweennessSamples)
            let w = TableWriter(format: output.format, columns: ["year", "year_inferred", "papers", "coauthors", "new_coauthors", "new_coauthor_names",
                                                               "cumulative_coauthors", "degree", "component_size", "betweenness"], options: output.csvOptions)
            for r in rows {
                w.row([.int(r.year), .bool(inferredYears.contains(r.year)), .int(r.papers), .int(r.coauthors), .int(r.newCoauthors.count),
                       .text(r.newCoauthors.map { c.persons[Int($0)].name }.joined(separator: "; ")), .int(r.cumulativeCoauthors),
                       .int(r.degree), .int(r.componentSize), r.betweenness.map { .double($0) } ?? .empty])
            }
            try CLI.emit(w.finish(), to: output.output)
            if rows.contains(where: { $0.betweenness == nil }) {
                CLI.err("timeline: betweenness left empty in years where \(c.persons[a].name)'s component had more than \(exactLimit) authors; --betweenness-samples K estimates it")
            }
            if let path = diagram {
                let d = TimelineDiagram.drawing(net, author: Int(net.node[a]))
                try DiagramFile.write(d, to: path)
            }
        } else {
            let rows = authorship.timeline(window: window, maxAuthors: projection.maxAuthors)
            let w = TableWriter(format: output.format, columns: ["year", "year_inferred", "papers", "active_authors", "new_authors", "new_collaborations",
                                                               window == nil ? "nodes" : "window_nodes", window == nil ? "edges" : "window_edges",
                                                               "components", "largest_component", "largest_share"], options: output.csvOptions)
            for r in rows {
                w.row([.int(r.year), .bool(inferredYears.contains(r.year)), .int(r.papers), .int(r.activeAuthors), .int(r.newAuthors), .int(r.newCollaborations),
                       .int(r.nodes), .int(r.edges), .int(r.components), .int(r.largestComponent), .double((r.largestShare * 10000).rounded() / 10000)])
            }
            try CLI.emit(w.finish(), to: output.output)
        }
        let undated = net.papers.filter { c.papers[$0].year == nil }.count
        if undated > 0 { CLI.err("timeline: \(undated) paper(s) without a year left out") }
        try CLI.finish(loaded, strict: input.strict)
    }
}
