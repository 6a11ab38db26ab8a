import ArgumentParser
import CoauthorKit
import CollaborationGraph
import Foundation
import Rendering

extension NetworkDiagram.ColorBy: ExpressibleByArgument {}

struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Draw the co-author network through the Graphviz library: SVG, PNG, PDF, DOT or JSON by the file's extension.",
        discussion: """
            Layout and rendering run in-process through libgvc. Node size follows --size-by,
            colour --color-by (communities by default, in a colour-blind-safe palette), edge width
            the collaboration weight; labels go to the top --labels authors and to --highlight.
            The legend says what size, colour and width mean, the counting, and every filter.
            Above --node-budget authors (default 500) only a view is drawn: the highest-ranked
            authors of the largest component, as the legend states; --all draws everything.
            In SVG, tooltips list each author's papers and each edge's joint papers, and nodes
            link to the author's ORCID or their most recent paper's DOI.
            """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var projection: ProjectionFlags
    @OptionGroup var view: ViewFlags

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("The diagram file: .svg, .png, .pdf, .dot or .json.", valueName: "file"))
    var output: String

    @Option(help: "Layout engine: \(GraphvizRenderer.layouts.joined(separator: ", ")) (default by size: circo up to 8 authors, sfdp above).")
    var layout: String?

    @Option(name: .customLong("size-by"), help: "Node size: \(Metric.allCases.map(\.rawValue).joined(separator: ", ")).")
    var sizeBy: Metric = .papers

    @Option(name: .customLong("color-by"), help: "Node colour: community, component or none.")
    var colorBy: NetworkDiagram.ColorBy = .community

    @Option(help: "Label the top N authors.")
    var labels = 40

    @Option(parsing: .upToNextOption, help: "Authors to highlight (thick outline, always labelled).")
    var highlight: [String] = []

    @Option(help: "Title.")
    var title: String?

    @Option(name: .customLong("node-budget"), help: "Above this many authors, draw a view (see above).")
    var nodeBudget = 500

    @Flag(help: "Draw every author, whatever the budget.")
    var all = false

    @Option(help: "Seed for communities.")
    var seed: UInt64 = 0

    func validate() throws {
        if DiagramFile.format(of: output) == nil { throw ValidationError("-o must end in .svg, .png, .pdf, .dot or .json") }
        if let l = layout, !GraphvizRenderer.layouts.contains(l) { throw ValidationError("--layout must be one of \(GraphvizRenderer.layouts.joined(separator: ", "))") }
        if nodeBudget < 1 { throw ValidationError("--node-budget must be at least 1") }
        if labels < 0 { throw ValidationError("--labels must not be negative") }
        try CLI.checkOutputFile(output)
    }

    func run() throws {
        let loaded = try CLI.load(input)
        let net = try CLI.network(loaded, projection: projection, view: view)
        var style = NetworkDiagram()
        style.sizeBy = sizeBy
        style.colorBy = colorBy
        style.labels = labels
        style.nodeBudget = nodeBudget
        style.showAll = all
        style.layout = layout
        style.seed = seed
        for h in highlight {
            let p = try CLI.person(h, in: loaded.corpus)
            let v = Int(net.node[p])
            if v >= 0 { style.highlight.insert(v) } else { CLI.err("coauthor: note: \(h) is not in the selected view") }
        }
        let c = loaded.corpus
        style.title = title ?? "Co-authorship network: \(net.papers.count) papers, \(net.graph.nodeCount) authors, \(net.graph.edgeCount) collaborations"
        let viewOptions = try view.options()
        if !viewOptions.isEverything { style.notes.append("Filters: " + viewOptions.descriptions.joined(separator: "; ") + ".") }
        if c.summary.inferredYears > 0 { style.notes.append("Dates without a year are taken to be in \(input.loadOptions.referenceYear) (inferred).") }
        if !net.skippedPapers.isEmpty { style.notes.append("\(net.skippedPapers.count) paper(s) with more than \(projection.maxAuthors) authors left out.") }
        let d = style.drawing(net)
        do {
            try DiagramFile.write(d, to: output)
        } catch {
            CLI.err("coauthor: \(error)")
            throw ExitCode(1)
        }
        CLI.err("render: \(d.nodes.count) authors, \(d.edges.count) collaborations drawn with \(layout ?? d.layout) → \(output)")
        try CLI.finish(loaded, strict: input.strict)
    }
}
