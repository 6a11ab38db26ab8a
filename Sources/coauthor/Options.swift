import ArgumentParser
import Bibliography
import CoauthorKit
import CollaborationGraph
import Rendering

extension InputFormat: ExpressibleByArgument {}
extension TableFormat: ExpressibleByArgument {}
extension Counting: ExpressibleByArgument {}

/// Options every command that reads inputs takes.
struct InputOptions: ParsableArguments {
    @Argument(help: "Input files, or - for stdin (.gz read transparently).")
    var inputs: [String]

    @Option(name: .customLong("input-format"), help: "Input format (default: detected from content and extension): \(InputFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var inputFormat: InputFormat?

    @Option(name: .customLong("reference-year"), help: "Year of dates that omit it, e.g. a listing's \"May 13\" (default: the current year). Such years are marked inferred.")
    var referenceYear: Int?

    @Option(help: ArgumentHelp("Add this person to truncated bylines that do not show them (marked inferred); 'auto' picks the author on the most records.", valueName: "name|auto"))
    var owner: String?

    @Option(help: ArgumentHelp("Alias file: TSV with header name<TAB>canonical (or VOSviewer's label<TAB>replace by); an empty canonical drops the name.", valueName: "file"))
    var aliases: String?

    @Flag(help: "Exit with status 2 when any warning or error was reported.")
    var strict = false

    @Flag(name: .shortAndLong, help: "Also print notes (merged duplicates, name-resolution decisions) on stderr.")
    var verbose = false

    func validate() throws {
        if inputs.isEmpty { throw ValidationError("give at least one input file, or - for stdin") }
        if inputs.filter({ $0 == "-" }).count > 1 { throw ValidationError("stdin (-) can be read only once") }
        if let y = referenceYear, !(1000...9999).contains(y) { throw ValidationError("--reference-year must be a four-digit year") }
    }

    var loadOptions: LoadOptions {
        var o = LoadOptions(inputs: inputs, format: inputFormat, referenceYear: referenceYear ?? LoadOptions.currentYear)
        switch owner {
        case nil: o.owner = .none
        case "auto"?: o.owner = .auto
        case let n?: o.owner = .name(n)
        }
        o.aliasesPath = aliases
        return o
    }
}

/// Options for commands that write one table.
struct TableOutputOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Output format: csv, tsv, jsonl or table.")
    var format: TableFormat = .csv

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Write the table to this file instead of stdout (written atomically).", valueName: "file"))
    var output: String?

    @Flag(name: .customLong("raw-csv"), help: "Do not neutralize cells that start with = + - @ (spreadsheet formulas).")
    var rawCSV = false

    @Flag(help: "Write CSV with a UTF-8 byte-order mark, for spreadsheet programs.")
    var excel = false

    var csvOptions: CSVOptions { CSVOptions(neutralizeFormulas: !rawCSV, byteOrderMark: excel) }
}

/// Options for how the graph is built.
struct ProjectionFlags: ParsableArguments {
    @Option(help: "Edge weights: full (shared papers) or fractional (Newman: 1/(n-1) per paper with n authors).")
    var counting: Counting = .full

    @Option(name: .customLong("max-authors"), help: "Leave papers with more authors out of the graph (0 = no limit).")
    var maxAuthors = 100

    func validate() throws {
        if maxAuthors < 0 { throw ValidationError("--max-authors must be 0 (no limit) or more") }
    }

    var projection: ProjectionOptions { ProjectionOptions(counting: counting, maxAuthors: maxAuthors) }
}
