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

    @Option(help: ArgumentHelp("For CSV/TSV inputs: map columns by hand, e.g. authors=AU,title=TI,year=PY (roles: authors, ids, title, year, doi, venue, affiliations, key).", valueName: "role=header,…"))
    var columns: String?

    @Flag(help: "Exit with status 2 when any warning or error was reported.")
    var strict = false

    @Flag(name: .shortAndLong, help: "Also print notes (merged duplicates, name-resolution decisions) on stderr.")
    var verbose = false

    func validate() throws {
        if inputs.isEmpty { throw ValidationError("give at least one input file, or - for stdin") }
        if inputs.filter({ $0 == "-" }).count > 1 { throw ValidationError("stdin (-) can be read only once") }
        if let y = referenceYear, !(1000...9999).contains(y) { throw ValidationError("--reference-year must be a four-digit year") }
        _ = try columnMap()
    }

    func columnMap() throws -> [String: String] {
        guard let c = columns else { return [:] }
        var out: [String: String] = [:]
        let roles: Set<String> = ["authors", "ids", "title", "year", "doi", "venue", "affiliations", "key", "pmid"]
        for item in c.split(separator: ",") {
            let kv = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard kv.count == 2, !kv[1].isEmpty else { throw ValidationError("--columns: expected role=header, got \"\(item)\"") }
            guard roles.contains(kv[0]) else { throw ValidationError("--columns: unknown role \"\(kv[0])\" (roles: \(roles.sorted().joined(separator: ", ")))") }
            out[kv[0]] = kv[1]
        }
        return out
    }

    var loadOptions: LoadOptions {
        var o = LoadOptions(inputs: inputs, format: inputFormat, referenceYear: referenceYear ?? LoadOptions.currentYear)
        switch owner {
        case nil: o.owner = .none
        case "auto"?: o.owner = .auto
        case let n?: o.owner = .name(n)
        }
        o.aliasesPath = aliases
        o.columns = (try? columnMap()) ?? [:]
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

    func validate() throws { try CLI.checkOutputFile(output) }
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

extension Metric: ExpressibleByArgument {}

/// Which part of the network to analyse (every command that builds a graph takes these).
struct ViewFlags: ParsableArguments {
    @Option(name: .customLong("from-year"), help: "Only papers from this year on (papers without a year are left out).")
    var fromYear: Int?

    @Option(name: .customLong("to-year"), help: "Only papers up to this year.")
    var toYear: Int?

    @Option(name: .customLong("min-papers"), help: "Only authors with at least this many papers.")
    var minPapers = 0

    @Option(name: .customLong("min-weight"), help: "Only collaborations of at least this weight.")
    var minWeight = 0.0

    @Option(name: .customLong("authors"), help: ArgumentHelp("Only the authors named in this file (one per line).", valueName: "file"))
    var authorsFile: String?

    @Option(help: ArgumentHelp("Only the ego network of this author.", valueName: "name"))
    var ego: String?

    @Option(help: "Radius of the ego network in hops.")
    var radius = 1

    @Flag(name: .customLong("largest-component"), help: "Only the largest connected component.")
    var largestComponent = false

    @Option(help: "Only the N authors ranked highest by --top-by.")
    var top: Int?

    @Option(name: .customLong("top-by"), help: "Metric for --top: \(Metric.allCases.map(\.rawValue).joined(separator: ", ")).")
    var topBy: Metric = .papers

    func validate() throws {
        if let a = fromYear, let b = toYear, a > b { throw ValidationError("--from-year \(a) is after --to-year \(b)") }
        if minPapers < 0 { throw ValidationError("--min-papers must not be negative") }
        if minWeight < 0 { throw ValidationError("--min-weight must not be negative") }
        if radius < 0 { throw ValidationError("--radius must not be negative") }
        if let t = top, t < 1 { throw ValidationError("--top must be at least 1") }
    }

    func options() throws -> ViewOptions {
        var v = ViewOptions()
        if fromYear != nil || toYear != nil { v.years = (fromYear ?? Int.min / 2)...(toYear ?? Int.max / 2) }
        v.minPapers = minPapers
        v.minWeight = minWeight
        if let f = authorsFile {
            do { v.authors = try ViewBuilder.readAuthorsFile(f) } catch {
                CLI.err("coauthor: \(error)")
                throw ExitCode(1)
            }
        }
        v.ego = ego
        v.radius = radius
        v.largestComponent = largestComponent
        v.top = top
        v.topBy = topBy
        return v
    }
}
