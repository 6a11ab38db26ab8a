import ArgumentParser
import Bibliography
import CoauthorKit
import Foundation
import Rendering

struct AuthorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "authors",
        abstract: "One row per person: display name, match key, written variants, papers, years, identifiers.",
        discussion: """
            Shows how written names were resolved to persons. Each variant lists how many author
            slots were written that way and the rule that attached it: same key (case, accents,
            punctuation and spacing folded), identifier (ORCID, Scopus, dblp, OpenAlex), initials
            (the only compatible full name in the corpus) or alias (from --aliases).
            --assignments lists every author slot instead: record, position, written form, person.
            """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var output: TableOutputOptions

    @Flag(help: "List every author slot and the person it was resolved to, instead of one row per person.")
    var assignments = false

    func run() throws {
        let loaded = try CLI.load(input, keepAssignments: assignments)
        let c = loaded.corpus
        if assignments {
            let w = TableWriter(format: output.format, columns: ["file", "line", "record", "position", "written", "person", "person_id", "rule"], options: output.csvOptions)
            for a in c.assignments {
                w.row([.text(a.record.file), .int(a.record.line), Cell.opt(a.record.key), .int(a.position), .text(a.written),
                       .text(c[a.person].name), .int(a.person.index + 1), .text(a.rule)])
            }
            try CLI.emit(w.finish(), to: output.output)
        } else {
            let net = Network(corpus: c, projection: .init(counting: .full, maxAuthors: 0))
            let w = TableWriter(format: output.format, columns: ["name", "key", "kind", "papers", "first_year", "last_year", "variants", "identifiers"], options: output.csvOptions)
            for p in c.persons {
                let v = Int(net.node[p.id.index])
                let variants = p.variants.map { "\($0.form) (\($0.count)\($0.rule == "same key" ? "" : ", " + $0.rule))" }.joined(separator: "; ")
                w.row([.text(p.name), .text(p.matchKey), .text(p.kind.rawValue), .int(net.paperCounts[v]),
                       net.firstYear[v] == 0 ? .empty : .int(Int(net.firstYear[v])), net.lastYear[v] == 0 ? .empty : .int(Int(net.lastYear[v])),
                       .text(variants), .text(p.identifiers.map(\.description).joined(separator: "; "))])
            }
            try CLI.emit(w.finish(), to: output.output)
        }
        let s = c.summary
        CLI.err("authors: \(c.persons.count) persons from \(c.papers.count) papers; \(s.initialsMerges) initials merges, \(s.ambiguousNames) ambiguous names (-v lists them)")
        try CLI.finish(loaded, strict: input.strict)
    }
}
