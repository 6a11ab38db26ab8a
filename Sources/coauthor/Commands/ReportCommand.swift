import ArgumentParser
import CoauthorKit
import Foundation
import Rendering

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write papers.csv, authors.csv, collaborations.csv, network.dot and network.svg, and print a summary.",
        discussion: """
            The default directory is Output/<input name>/ (Output/combined/ for several inputs).
            Files are written atomically; a failed run leaves an existing report untouched.
            """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var projection: ProjectionFlags
    @OptionGroup var view: ViewFlags

    @Option(help: ArgumentHelp("Output directory.", valueName: "dir"))
    var out: String?

    @Flag(name: .customLong("raw-csv"), help: "Do not neutralize cells that start with = + - @ (spreadsheet formulas).")
    var rawCSV = false

    @Flag(help: "Write CSV with a UTF-8 byte-order mark, for spreadsheet programs.")
    var excel = false

    func validate() throws {
        if let out { try CLI.checkOutputDirectory(out) }
    }

    func run() throws {
        let loaded = try CLI.load(input)
        let viewOptions = try view.options()
        let net = try CLI.network(loaded, projection: projection, view: view, announceSkipped: false)  // the summary lists them
        let dir = out ?? Report.defaultDirectory(for: input.inputs)
        var report = Report(network: net, directory: dir, referenceYear: input.loadOptions.referenceYear)
        report.filters = viewOptions.isEverything ? [] : viewOptions.descriptions
        report.csv = CSVOptions(neutralizeFormulas: !rawCSV, byteOrderMark: excel)
        do {
            try report.write()
        } catch {
            CLI.err("coauthor: \(error)")
            throw ExitCode(1)
        }
        CLI.out(report.summary())
        try CLI.finish(loaded, strict: input.strict)
    }
}
