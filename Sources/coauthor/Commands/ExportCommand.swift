import ArgumentParser
import CoauthorKit
import CollaborationGraph
import Foundation
import Rendering

extension Exports.Format: ExpressibleByArgument {}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the network for other tools: GraphML, GEXF, Pajek, VOSviewer, JSON (d3) or node/edge CSV.",
        discussion: """
            graphml: nodes with name, papers, first/last year, community; edges with weight, joint papers, years.
            gexf: the same, dynamic: nodes and edges start in their first year, so Gephi's timeline plays the growth.
            pajek: .net with *Vertices and *Edges.  vosviewer: map.txt and network.txt into the -o directory.
            json: {"nodes": […], "links": […]} for d3.  csv: nodes.csv and edges.csv into the -o directory.
            """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var projection: ProjectionFlags
    @OptionGroup var view: ViewFlags

    @Option(help: "Format: graphml, gexf, pajek, vosviewer, json or csv.")
    var to: Exports.Format

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Output file (a directory for vosviewer and csv; - for stdout with single-file formats).", valueName: "path"))
    var output: String

    @Flag(name: .customLong("no-communities"), help: "Leave out the Louvain community of each node.")
    var noCommunities = false

    @Flag(name: .customLong("raw-csv"), help: "csv: do not neutralize cells that start with = + - @ (spreadsheet formulas).")
    var rawCSV = false

    @Flag(help: "csv: write a UTF-8 byte-order mark so Excel shows accents right.")
    var excel = false

    @Option(help: "Seed for communities.")
    var seed: UInt64 = 0

    func validate() throws {
        let multi = to == .vosviewer || to == .csv
        var isDir: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: output, isDirectory: &isDir)
        if multi && exists && !isDir.boolValue { throw ValidationError("-o \(output) exists and is not a directory (\(to.rawValue) writes several files)") }
        if multi && output == "-" { throw ValidationError("\(to.rawValue) writes several files: give a directory with -o") }
        if multi { try CLI.checkOutputDirectory(output, option: "-o") }
        if !multi { try CLI.checkOutputFile(output) }
    }

    func run() throws {
        let loaded = try CLI.load(input)
        let net = try CLI.network(loaded, projection: projection, view: view)
        let communities = noCommunities ? nil : net.graph.louvain(LouvainOptions(seed: seed)).community
        let files = Exports.export(net, as: to, communities: communities, csv: CSVOptions(neutralizeFormulas: !rawCSV, byteOrderMark: excel))
        do {
            if to == .vosviewer || to == .csv {
                try AtomicFile.ensureDirectory(output)
                for (name, bytes) in files { try AtomicFile.write(bytes, to: output + "/" + name) }
            } else {
                try CLI.emit(files[0].1, to: output)
            }
        } catch let e as ExitCode {
            throw e
        } catch {
            CLI.err("coauthor: \(error)")
            throw ExitCode(1)
        }
        CLI.err("export: \(net.graph.nodeCount) authors, \(net.graph.edgeCount) collaborations as \(to.rawValue) → \(output)")
        try CLI.finish(loaded, strict: input.strict)
    }
}
