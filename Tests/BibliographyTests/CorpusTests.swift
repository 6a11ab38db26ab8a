import AuthorNames
import Foundation
import Synchronization
import Testing
import TestSupport

@testable import Bibliography

/// Builds a corpus from files.
func buildCorpus(_ paths: [String], owner: OwnerOption = .none, aliases: AliasTable? = nil, referenceYear: Int = 2026) -> (Corpus, DiagnosticLog) {
    let log = DiagnosticLog()
    let builder = CorpusBuilder(options: CorpusOptions(owner: owner, aliases: aliases), log: log)
    _ = InputLoader.load(paths, format: nil, options: ReaderOptions(referenceYear: referenceYear), into: builder, log: log)
    return (builder.build(), log)
}

@Suite struct SampleCorpusTests {
    @Test func countsOfTheSample() {
        let (c, _) = buildCorpus([Fixtures.sampleListing])
        #expect(c.summary.recordsRead == 44)
        #expect(c.papers.count == 43)
        #expect(c.summary.mergedDuplicates == 1)
        #expect(c.persons.count == 59)
        let jz = c.persons.first { $0.name == "Jingzhao Zhang" }!
        #expect(c.papers.filter { $0.authors.contains(jz.id) }.count == 31)
    }

    @Test func duplicateTitleMergesKeepingBothDates() {
        let (c, _) = buildCorpus([Fixtures.sampleListing])
        let p = c.papers.first { $0.title.hasPrefix("On Finding Small Hyper-Gradients") }!
        #expect(p.sources.count == 2)
        #expect(p.sources.map { $0.location.line }.sorted() == [4, 13])
        // The earliest date with a known year is the paper's date.
        #expect(p.date == PartialDate(year: 2023, month: 1, day: 2))
        #expect(Set(p.sources.compactMap { $0.date?.iso }) == ["2023-01-02", "2026-04-28"])
        #expect(c.merges.count == 1 && c.merges[0].reason == "same title and byline")
    }

    @Test func ownerCompletesTruncatedBylines() {
        let (c, _) = buildCorpus([Fixtures.sampleListing], owner: .name("Jingzhao Zhang"))
        let jz = c.persons.first { $0.name == "Jingzhao Zhang" }!.id
        let truncated = c.papers.filter(\.truncated)
        #expect(truncated.allSatisfy { $0.authors.contains(jz) })
        let added = c.papers.filter { $0.inferredAuthors.contains(jz) }
        #expect(added.count == c.summary.ownerAdded)
        #expect(added.count == 12)  // truncated bylines not already showing him
        #expect(c.papers.filter { $0.authors.contains(jz) }.count == 43)
    }

    @Test func autoOwnerIsTheMostFrequentAuthor() {
        let (c, _) = buildCorpus([Fixtures.sampleListing], owner: .auto)
        #expect(c.summary.owner == "Jingzhao Zhang")
    }

    @Test func orderDoesNotDependOnInputOrder() throws {
        // The same records in reverse order give the same papers and persons.
        let lines = try Fixtures.text("listing/profile-listing.txt").components(separatedBy: "\n")
        var blocks: [[String]] = []
        var i = 0
        while i + 2 < lines.count { blocks.append(Array(lines[i..<(i + 3)])); i += 3 }
        let reversed = blocks.reversed().flatMap { $0 }.joined(separator: "\n")
        let dir = try Fixtures.temporaryDirectory()
        try reversed.write(toFile: dir + "/profile-listing.txt", atomically: true, encoding: .utf8)
        let (a, _) = buildCorpus([Fixtures.sampleListing])
        let (b, _) = buildCorpus([dir + "/profile-listing.txt"])
        #expect(a.persons.map(\.name) == b.persons.map(\.name))
        #expect(a.papers.map(\.title) == b.papers.map(\.title))
        #expect(a.papers.map { $0.authors } == b.papers.map { $0.authors })
    }
}

/// The merger's record store: elements moved out in any order, by two threads at a time, the rest
/// left; each element destroyed exactly once, whether moved out or left at the end.
@Suite struct ChunkedStoreTests {
    final class Tracked: @unchecked Sendable {
        let value: Int
        let alive: Counter
        init(_ value: Int, _ alive: Counter) { self.value = value; self.alive = alive; alive.add(1) }
        deinit { alive.add(-1) }
    }
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func add(_ k: Int) { lock.lock(); count += k; lock.unlock() }
        var n: Int { lock.lock(); defer { lock.unlock() }; return count }
    }

    @Test func movesOutAndDestroysEachElementOnce() {
        let alive = Counter()
        let n = 4096 * 3 + 17  // across chunk boundaries, the last chunk partly filled
        // Taken: a random subset, in random order; before each take, elements not taken are read.
        var g = SeededRandom(seed: 42)
        var taken = Set<Int>()
        do {
            let store = ChunkedStore<(Tracked, String)>()
            for i in 0..<n { store.append((Tracked(i, alive), "record \(i)")) }
            #expect(store.count == n && alive.n == n)
            store.beginTaking()
            for _ in 0..<3000 {
                let i = Int(g.next() % UInt64(n))
                guard !taken.contains(i) else { continue }
                let j = Int(g.next() % UInt64(n))
                if !taken.contains(j) {
                    // Read in place and by copy.
                    #expect(store.read(j) { $0.0.value } == j)
                    #expect(store[j].1 == "record \(j)")
                }
                let e = store.take(i)
                #expect(e.0.value == i && e.1 == "record \(i)")
                taken.insert(i)
            }
            // What was taken is gone (each taken element released by its `e`); the rest is there.
            #expect(alive.n == n - taken.count)
        }
        #expect(alive.n == 0)
        #expect(taken.count > 2000)
    }

    @Test func twoThreadsTakeEveryElementAndFreeEverything() {
        let alive = Counter()
        do {
            let store = ChunkedStore<Tracked>()
            for i in 0..<10_000 { store.append(Tracked(i, alive)) }
            store.beginTaking()
            // Even and odd elements, by two threads at the same time.
            var sums = [0, 0]
            sums.withUnsafeMutableBufferPointer { out in
                let shared = _UncheckedSendable(value: out)
                func takeAll(_ t: Int) {
                    var sum = 0
                    for i in stride(from: t, to: 10_000, by: 2) { sum += store.take(i).value }
                    shared.value[t] = sum
                }
                inParallel({ takeAll(0) }, { takeAll(1) })
            }
            #expect(sums == [(0..<5_000).reduce(0) { $0 + 2 * $1 }, (0..<5_000).reduce(0) { $0 + 2 * $1 + 1 }])
            #expect(alive.n == 0)
        }
        #expect(alive.n == 0)
    }
}

/// Build stages that run in two halves on large corpora (at least 10,000 persons): the same
/// result as one pass.
@Suite struct HalvesTests {
    @Test func halvesCoverEveryIndexOnce() {
        for count in [0, 1, 9_999, 10_000, 10_001, 25_000] {
            let seen = UnsafeMutableBufferPointer<Int>.allocate(capacity: max(count, 1))
            seen.initialize(repeating: 0)
            defer { seen.deallocate() }
            let shared = _UncheckedSendable(value: seen)
            let halves = Mutex<Set<Int>>([])
            inHalves(count) { half, range in
                for i in range { shared.value[i] += 1 }
                halves.withLock { _ = $0.insert(half) }
            }
            #expect(seen.prefix(count).allSatisfy { $0 == 1 })
            #expect(halves.withLock { $0 } == (count < 10_000 ? [0] : [0, 1]))
        }
    }

    /// 12,000 persons (two halves of the person ordering and of the ambiguity lookup), written in a
    /// random order: persons come out ordered by folded name, and an ambiguous name is reported at
    /// the first record that writes it.
    @Test func largeCorpusOrdersPersonsAndPlacesAmbiguities() throws {
        var g = SeededRandom(seed: 7)
        var entries: [String] = []
        var names: [String] = []
        for i in 0..<12_000 {
            // Distinct family names made of letters, some with accents (folded before ordering).
            var family = ""
            var n = i
            for _ in 0..<4 { family.append(Character(Unicode.Scalar(UInt8(0x61 + n % 26)))); n /= 26 }
            if i % 7 == 0 { family = "É" + family }
            names.append("\(family.capitalized), Given\(i % 13 == 0 ? "o" : "a")")
        }
        names.shuffle(using: &g)
        for (i, n) in names.enumerated() { entries.append("@article{e\(i),\n  title = {Paper \(i)},\n  author = {\(n)},\n  year = {2020},\n}\n") }
        // "J. Smith" could be John or Jane Smith: reported at its first record.
        let insertAt = 9_000
        entries.insert("@article{js1,\n  title = {Initials},\n  author = {Smith, J.},\n  year = {2021},\n}\n", at: insertAt)
        entries.append("@article{js2,\n  title = {Initials again},\n  author = {Smith, J.},\n  year = {2022},\n}\n")
        // (John early, Jane late: each half of the resolver's work holds one of the candidates.)
        entries.insert("@article{jn,\n  title = {John},\n  author = {Smith, John},\n  year = {2022},\n}\n", at: 100)
        entries.append("@article{ja,\n  title = {Jane},\n  author = {Smith, Jane},\n  year = {2022},\n}\n")
        let dir = try Fixtures.temporaryDirectory()
        let path = dir + "/large.bib"
        try entries.joined().write(toFile: path, atomically: true, encoding: .utf8)
        let (c, log) = buildCorpus([path])
        #expect(c.persons.count == 12_003)
        let keys = c.persons.map { Folding.key($0.name) }
        #expect(zip(keys, keys.dropFirst()).allSatisfy { !$1.utf8.lexicographicallyPrecedes($0.utf8) })
        let line = entries[..<(insertAt + 1)].reduce(1) { $0 + $1.filter { $0 == "\n" }.count }  // John's entry is before it
        let notes = log.entries.filter { $0.message.hasPrefix("J. Smith could be") }
        #expect(notes.count == 1)
        #expect(notes.first?.line == line && notes.first?.record == "js1")
        #expect(notes.first?.message.contains("Jane Smith, John Smith") == true)
    }
}
