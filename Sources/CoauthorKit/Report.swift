import Bibliography
import CollaborationGraph
import Foundation
import Rendering

/// `coauthor report`: the standard set of outputs for a corpus.
public struct Report {
    /// The files a report writes, in order.
    public static let files = ["papers.csv", "authors.csv", "collaborations.csv", "network.dot", "network.svg"]

    /// The network.
    public let network: Network
    /// The directory written to.
    public let directory: String
    /// The reference year used for inferred dates.
    public let referenceYear: Int
    /// CSV options.
    public var csv = CSVOptions()
    /// The view's filters, described ("years 2020–2024", …); empty for the whole corpus.
    public var filters: [String] = []

    /// Creates a report of `network` into `directory`.
    public init(network: Network, directory: String, referenceYear: Int) {
        self.network = network
        self.directory = directory
        self.referenceYear = referenceYear
    }

    /// The default output directory for some inputs: `Output/<stem>` for one input.
    public static func defaultDirectory(for inputs: [String]) -> String {
        guard inputs.count == 1 else { return "Output/combined" }
        let name = inputs[0] == "-" ? "stdin" : URL(fileURLWithPath: inputs[0]).lastPathComponent
        var stem = name
        if stem.lowercased().hasSuffix(".gz") { stem.removeLast(3) }
        if let dot = stem.lastIndex(of: "."), dot != stem.startIndex { stem = String(stem[..<dot]) }
        return "Output/" + (stem.isEmpty ? "report" : stem)
    }

    /// Notes for legends and summaries about assumptions made.
    public var assumptionNotes: [String] {
        var notes: [String] = []
        if !filters.isEmpty { notes.append("Filters: " + filters.joined(separator: "; ") + ".") }
        let s = network.corpus.summary
        if s.inferredYears > 0 {
            notes.append("Dates without a year are taken to be in \(referenceYear) (marked as inferred).")
        }
        if let owner = s.owner, s.ownerAdded > 0 {
            notes.append("\(owner) added to \(s.ownerAdded) truncated byline\(s.ownerAdded == 1 ? "" : "s") (inferred).")
        }
        if !network.skippedPapers.isEmpty {
            notes.append("\(network.skippedPapers.count) paper(s) with too many authors left out of the graph.")
        }
        return notes
    }

    /// The network diagram.
    public func drawing() -> Drawing {
        var style = NetworkDiagram()
        style.labels = 80
        let c = network.corpus
        style.title = "Co-authorship network: \(c.papers.count) papers, \(c.persons.count) authors, \(network.graph.edgeCount) collaborations"
        style.notes = assumptionNotes
        return style.drawing(network)
    }

    /// Writes every file. Nothing is written when rendering fails, so a
    /// failed run leaves an existing report as it was.
    public func write() throws {
        let d = drawing()
        let dotText = DOT.write(d)
        let svg = try GraphvizRenderer.render(dot: dotText, layout: d.layout, format: .svg)
        let outputs: [(String, [UInt8])] = [
            ("papers.csv", Tables.papers(network, format: .csv, csv: csv)),
            ("authors.csv", Tables.authors(network, format: .csv, csv: csv)),
            ("collaborations.csv", Tables.collaborations(network, format: .csv, csv: csv)),
            ("network.dot", Array(dotText.utf8)),
            ("network.svg", svg),
        ]
        try AtomicFile.ensureDirectory(directory)
        for (name, bytes) in outputs {
            try AtomicFile.write(bytes, to: directory + "/" + name)
        }
    }

    /// The summary printed on stdout.
    public func summary(top: Int = 5) -> String {
        let c = network.corpus
        let s = c.summary
        let g = network.graph
        let comps = network.components
        var lines: [String] = []
        func row(_ k: String, _ v: String) { lines.append("  " + k.padding(toLength: 20, withPad: " ", startingAt: 0) + v) }
        lines.append("Coauthor report: " + s.inputs.joined(separator: ", "))
        row("records read", "\(s.recordsRead)")
        row("papers", "\(c.papers.count)" + (s.mergedDuplicates > 0 ? " (\(s.mergedDuplicates) duplicate record\(s.mergedDuplicates == 1 ? "" : "s") merged)" : ""))
        if !filters.isEmpty { row("view", filters.joined(separator: "; ")) }
        row("authors", "\(g.nodeCount)" + (g.nodeCount != c.persons.count ? " of \(c.persons.count)" : ""))
        row("collaborations", "\(g.edgeCount)")
        let largest = comps.sizes.first ?? 0
        let share = g.nodeCount == 0 ? 0 : 100.0 * Double(largest) / Double(g.nodeCount)
        row("components", "\(comps.count) (largest: \(largest) authors, \(String(format: "%.1f", share))%)")
        row("truncated bylines", "\(s.truncatedBylines)")
        row("inferred years", "\(s.inferredYears)" + (s.inferredYears > 0 ? " (reference year \(referenceYear))" : ""))
        if let owner = s.owner { row("owner added", "\(owner) on \(s.ownerAdded) truncated byline\(s.ownerAdded == 1 ? "" : "s")") }
        if s.initialsMerges > 0 || s.ambiguousNames > 0 {
            row("name resolution", "\(s.initialsMerges) initials merge\(s.initialsMerges == 1 ? "" : "s"), \(s.ambiguousNames) ambiguous")
        }
        if !network.skippedPapers.isEmpty {
            row("left out of graph", "\(network.skippedPapers.count) paper(s) with too many authors")
            for line in network.skippedPaperDescriptions() { row("", line) }
        }
        let topAuthors = Tables.authorOrder(network).prefix(top).map { "\(network.name($0)) (\(network.paperCounts[$0]))" }
        row("top authors", topAuthors.joined(separator: ", "))
        if s.errors + s.warnings > 0 { row("diagnostics", "\(s.errors) error(s), \(s.warnings) warning(s) (see stderr)") }
        row("written to", directory + "/: " + Self.files.joined(separator: " "))
        return lines.joined(separator: "\n") + "\n"
    }
}
