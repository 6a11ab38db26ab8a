import ArgumentParser
import Bibliography
import CoauthorKit
import CollaborationGraph
import Foundation
import Rendering

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
