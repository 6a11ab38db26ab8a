import ArgumentParser
import CMimalloc

@main
struct Coauthor: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coauthor",
        abstract: "Co-authorship networks, centrality, timelines and diagrams from publication lists.",
        discussion: """
            Inputs are files or - (stdin): profile listings, and the bibliographic formats
            listed under --input-format. Tables go to stdout or -o FILE in the --format
            chosen; diagnostics go to stderr as file:line: severity: message.

            EXIT CODES
              0   success
              1   nothing usable: no input could be read, no records found, or an
                  output could not be written or rendered
              2   --strict was given and warnings or errors were reported
              64  invalid command line
            """,
        version: "0.1.0",
        subcommands: [ReportCommand.self, PapersCommand.self, TimelineCommand.self, CollaborationsCommand.self, CollaboratorsCommand.self, AuthorsCommand.self, SuggestAliasesCommand.self, CentralityCommand.self, StatsCommand.self, CommunitiesCommand.self, PathCommand.self, RenderCommand.self, ExportCommand.self, BenchmarkCommand.self]
    )

    static func main() {
        // mimalloc serves malloc and free by being linked (see Package.swift); a call into it keeps
        // the link when the linker drops libraries nothing refers to.
        _ = mi_version()
        Self.main(nil)
    }
}
