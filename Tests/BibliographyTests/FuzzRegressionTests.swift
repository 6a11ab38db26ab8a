import Foundation
import Testing
import TestSupport

@testable import Bibliography

/// Inputs that crashed a reader under libFuzzer (Scripts/fuzz.sh), kept so the crash stays fixed.
/// The file name starts with the reader's format.
@Suite struct FuzzRegressionTests {
    static let files: [String] = {
        let dir = Fixtures.path("fuzz")
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { !$0.hasPrefix(".") && $0 != "README.md" }.sorted()
    }()

    @Test func thereAreRegressionInputs() { #expect(Self.files.count >= 2) }

    @Test(arguments: files)
    func readsWithoutCrashing(_ name: String) throws {
        let format = InputFormat(rawValue: String(name.split(separator: "-").first!))!
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("fuzz/" + name))))
        let log = DiagnosticLog()
        var n = 0
        try format.makeReader().read(TextInput(try InputSource(name: name, bytes: bytes)), options: ReaderOptions(referenceYear: 2026), log: log) { r in
            n += 1
            _ = r.authors.map { $0.name.matchKey }
        }
        // Also the whole pipeline: detection, merging, resolution.
        let b = CorpusBuilder(options: CorpusOptions(owner: .auto), log: log)
        try format.makeReader().read(TextInput(try InputSource(name: name, bytes: bytes)), options: ReaderOptions(referenceYear: 2026), log: log) { b.add($0) }
        let corpus = b.build()
        // Each of these inputs still holds readable records around the damage.
        #expect(n > 0)
        #expect(!corpus.papers.isEmpty)
    }
}
