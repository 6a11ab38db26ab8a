import ArgumentParser
import Bibliography
import CoauthorKit
import Foundation
import Rendering

struct SuggestAliasesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suggest-aliases",
        abstract: "Candidate merges the rules did not make, with evidence and a score, as an alias file to review.",
        discussion: """
            Output is a TSV alias file (header name<TAB>canonical) with two more columns, score
            and evidence; review it, delete the lines you disagree with, and pass it back with
            --aliases. Evidence: initials compatibility, edit distance of the folded names,
            shared co-authors, shared affiliations, overlapping years. Two people who wrote
            together are rarely one person, and that lowers the score.
            """
    )

    @OptionGroup var input: InputOptions

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Write the alias file here instead of stdout.", valueName: "file"))
    var output: String?

    @Option(name: .customLong("min-score"), help: "Leave out suggestions scoring below this (0–1).")
    var minScore = 0.3

    @Option(help: "At most this many suggestions.")
    var limit = 500

    func validate() throws {
        if limit < 0 { throw ValidationError("--limit must not be negative") }
        if !(0...1).contains(minScore) { throw ValidationError("--min-score must be between 0 and 1") }
        try CLI.checkOutputFile(output)
    }

    func run() throws {
        let loaded = try CLI.load(input)
        let net = Network(corpus: loaded.corpus, projection: .init(counting: .full, maxAuthors: 0))
        let s = AliasSuggester.suggest(net, minScore: minScore, limit: limit)
        let w = TableWriter(format: .tsv, columns: ["name", "canonical", "score", "evidence"])
        for x in s { w.row([.text(x.name), .text(x.canonical), .double(x.score), .text(x.evidence.joined(separator: "; "))]) }
        try CLI.emit(w.finish(), to: output)
        CLI.err("suggest-aliases: \(s.count) suggestion\(s.count == 1 ? "" : "s")")
        try CLI.finish(loaded, strict: input.strict)
    }
}
