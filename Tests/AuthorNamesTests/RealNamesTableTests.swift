import Foundation
import Testing
import TestSupport

@testable import AuthorNames

/// One row of Tests/Fixtures/names/names.tsv: a real written name from ../shared/data and its
/// expected parts, worked out independently (pybtex for BibTeX names, the source format's
/// conventions for the others; see the file's header).
struct NameRow: CustomTestStringConvertible, Sendable {
    var source, form, written, given, particle, family, suffix, kind, homonym: String
    var testDescription: String { "\(form): \(written)" }

    static func load() throws -> [NameRow] {
        try Fixtures.text("names/names.tsv").split(separator: "\n", omittingEmptySubsequences: true)
            .filter { !$0.hasPrefix("#") }.dropFirst()
            .map { line in
                let c = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                return NameRow(source: c[0], form: c[1], written: c[2], given: c[3], particle: c[4], family: c[5],
                               suffix: c[6], kind: c[7], homonym: c.count > 8 ? c[8] : "")
            }
    }
}

/// Our parts, normalized like the table: for comparison only, runs of white space collapse.
func parts(_ n: PersonName) -> [String] {
    [n.given, n.particle, n.family, n.suffix, n.kind.rawValue, n.homonym].map { $0.split(separator: " ").joined(separator: " ") }
}

@Suite struct RealNamesTableTests {
    @Test func tableHasEnoughRealNames() throws {
        let rows = try NameRow.load()
        #expect(rows.count >= 150)
        #expect(Set(rows.map(\.source)).count >= 20)
        #expect(rows.contains { $0.form == "bibtex" } && rows.contains { $0.form == "free" })
    }

    @Test(arguments: try NameRow.load())
    func splitsLikeTheReference(_ row: NameRow) {
        let n = row.form == "bibtex" ? NameParser.bibtex(row.written) : NameParser.parse(row.written)
        let want = [row.given, row.particle, row.family, row.suffix, row.kind, row.homonym]
        #expect(parts(n) == want, "\(row.source): \(row.written)")
    }
}
