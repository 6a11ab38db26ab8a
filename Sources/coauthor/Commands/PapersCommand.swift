import ArgumentParser
import Bibliography
import CoauthorKit
import Foundation
import Rendering

struct PapersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "papers",
        abstract: "List the papers after merging duplicates across and within inputs.",
        discussion: """
            Records of the same paper count once: same DOI, arXiv id or PMID; otherwise the
            same folded title with the same byline, or the same title, year and first
            author's family name. The fuller byline wins over a truncated one. --merge-log
            writes each merge: kept record, dropped record and the reason.
            """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var output: TableOutputOptions

    @Option(name: .customLong("merge-log"), help: ArgumentHelp("Write the merges to this file (CSV: kept, kept_key, dropped, dropped_key, reason, title).", valueName: "file"))
    var mergeLog: String?

    @Flag(help: "Leave the abstract column out.")
    var noAbstract = false

    func validate() throws { try CLI.checkOutputFile(mergeLog, option: "--merge-log") }

    func run() throws {
        let loaded = try CLI.load(input)
        let net = Network(corpus: loaded.corpus, papersOnly: true)
        let table = Timings.measure("write") { Tables.papers(net, format: output.format, csv: output.csvOptions, abstracts: !noAbstract) }
        try CLI.emit(table, to: output.output)
        Timings.report()
        if let path = mergeLog {
            try CLI.emit(Tables.merges(loaded.corpus, format: .csv, csv: output.csvOptions), to: path)
        }
        let s = loaded.corpus.summary
        CLI.err("papers: \(loaded.corpus.papers.count) from \(s.recordsRead) records (\(s.mergedDuplicates) merged), \(loaded.corpus.persons.count) authors")
        try CLI.finish(loaded, strict: input.strict)
    }
}
