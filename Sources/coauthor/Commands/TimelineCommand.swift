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
            """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var projection: ProjectionFlags
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
    }

    func run() throws {
        let loaded = try CLI.load(input)
        let c = loaded.corpus
        let net = Network(corpus: c, projection: projection.projection)
        let lists = net.papers.map { c.papers[$0].authors.map { Int32($0.rawValue) } }
        let years = net.papers.map { Int32(c.papers[$0].year ?? 0) }
        let authorship = Authorship(nodeCount: c.persons.count, papers: lists, years: years)
        let inferredYears = Set(net.papers.compactMap { c.papers[$0].date }.filter(\.yearInferred).map(\.year))
        if let name = author {
            let a = try CLI.person(name, in: c)
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
        let undated = c.papers.filter { $0.year == nil }.count
        if undated > 0 { CLI.err("timeline: \(undated) paper(s) without a year left out") }
        try CLI.finish(loaded, strict: input.strict)
    }
}

struct CollaborationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collaborations",
        abstract: "One row per pair of co-authors with shared papers and first and last year; --per-year gives (a, b, year, papers).",
        discussion: "The long --per-year format is what spreadsheets pivot on."
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var projection: ProjectionFlags
    @OptionGroup var view: ViewFlags
    @OptionGroup var output: TableOutputOptions

    @Flag(name: .customLong("per-year"), help: "One row per pair and year.")
    var perYear = false

    func run() throws {
        let loaded = try CLI.load(input)
        let net = try CLI.network(loaded, projection: projection, view: view)
        if perYear {
            try CLI.emit(Tables.collaborationsPerYear(net, format: output.format, csv: output.csvOptions), to: output.output)
        } else {
            try CLI.emit(Tables.collaborations(net, format: output.format, csv: output.csvOptions), to: output.output)
        }
        try CLI.finish(loaded, strict: input.strict)
    }
}

struct CollaboratorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collaborators",
        abstract: "Everyone an author co-authored with in a window, for grant forms (e.g. NSF's COA table).",
        discussion: """
            The window ends at --as-of (default today) and starts --months before it or at --since.
            Each row: the co-author, the date of the most recent joint paper in the window and how
            precise it is (day, month or year), joint papers in the window, and an affiliation when
            the source gives one; sorted by family name. A paper whose date may fall on either side
            of the window's edge (a year-only date in the first or last year, or an inferred year)
            is included and flagged in the uncertain column, never silently dropped.
            """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var output: TableOutputOptions

    @Option(help: "The author.")
    var author: String

    @Option(help: "Window length in months, ending at --as-of.")
    var months: Int?

    @Option(help: ArgumentHelp("Window start (YYYY-MM-DD, YYYY-MM or YYYY).", valueName: "date"))
    var since: String?

    @Option(name: .customLong("as-of"), help: ArgumentHelp("Window end, inclusive (default: today); a year or month means its last day.", valueName: "date"))
    var asOf: String?

    func validate() throws {
        if (months == nil) == (since == nil) { throw ValidationError("give exactly one of --months and --since") }
        if let m = months, m < 1 { throw ValidationError("--months must be at least 1") }
        if let s = since, Day(parsing: s) == nil { throw ValidationError("--since: expected YYYY-MM-DD, YYYY-MM or YYYY, got \"\(s)\"") }
        if let s = asOf, Day(parsing: s) == nil { throw ValidationError("--as-of: expected YYYY-MM-DD, YYYY-MM or YYYY, got \"\(s)\"") }
        if let s = since.flatMap({ Day(parsing: $0) }), let e = asOf.flatMap({ Day(parsingEnd: $0) }), e < s {
            throw ValidationError("--since \(since!) is after --as-of \(asOf!)")
        }
    }

    func run() throws {
        let loaded = try CLI.load(input)
        let c = loaded.corpus
        let a = try CLI.person(author, in: c)
        let net = Network(corpus: c, projection: .init(counting: .full, maxAuthors: 0))
        let end = asOf.flatMap { Day(parsingEnd: $0) } ?? Day.today
        let start = since.flatMap { Day(parsing: $0) } ?? Day.windowStart(months: months!, endingOn: end)
        let rows = CollaboratorList.collaborators(of: Int(net.node[a]), in: net, from: start, to: end)
        let w = TableWriter(format: output.format, columns: ["name", "family", "given", "most_recent", "date_precision", "joint_papers",
                                                           "affiliation", "uncertain", "note", "most_recent_title"], options: output.csvOptions)
        for r in rows {
            w.row([.text(r.name), .text(r.family), .text(r.given), .text(r.lastDate.iso + (r.lastDate.yearInferred ? "?" : "")),
                   .text(r.lastDate.precision.rawValue), .int(r.jointPapers), Cell.opt(r.affiliation), .bool(r.uncertain), .text(r.note), .text(r.lastTitle)])
        }
        try CLI.emit(w.finish(), to: output.output)
        CLI.err("collaborators: \(rows.count) co-authors of \(c.persons[a].name) from \(start) to \(end); \(rows.filter(\.uncertain).count) flagged uncertain")
        try CLI.finish(loaded, strict: input.strict)
    }
}
