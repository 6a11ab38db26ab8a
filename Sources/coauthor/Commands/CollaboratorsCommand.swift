import ArgumentParser
import Bibliography
import CoauthorKit
import CollaborationGraph
import Foundation
import Rendering

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
