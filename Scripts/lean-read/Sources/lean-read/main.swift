// A lower bound for reading mlanthology-like BibTeX: a reader that does only part of what
// `coauthor papers` does, as leanly as we know how.
//
// Reads a BibTeX file the leanest way we know, keeping values as byte ranges and names as dense ids,
// and times each phase. It reads only title, author, year, venue (booktitle or journal) and doi; it
// has no @string macros, crossref, diagnostics, merging of duplicates, initials or ordering.
// Each distinct written name is parsed once, by the project's own NameParser.bibtex.
//
//   swift run -c release --package-path Scripts/lean-read lean-read CORPUS.bib
import AuthorNames
import Dispatch
import Foundation

@inline(__always) func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

struct Record {
    var title: String
    var year: Int
    var venue: String
    var doi: String?
    var firstAuthor: Int32  // into its half's author ids
    var authorCount: Int32
}

/// Distinct byte strings to dense ids: open addressing over (hash, id), keys in one arena.
struct ByteIDs {
    private var hashes: [UInt64]
    private var ids: [Int32]
    private var mask: Int
    private(set) var arena: [UInt8] = []
    private(set) var start: [Int] = [0]
    var count: Int { start.count - 1 }

    init() {
        mask = (1 << 16) - 1
        hashes = [UInt64](repeating: 0, count: mask + 1)
        ids = [Int32](repeating: -1, count: mask + 1)
    }

    static func hash(_ p: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(p.count)
        var i = 0
        let raw = UnsafeRawPointer(p.baseAddress!)
        while i + 8 <= p.count {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < p.count { tail |= UInt64(p[i]) << shift; shift += 8; i += 1 }
        h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        return h ^ (h >> 29)
    }

    func bytes(_ id: Int) -> ArraySlice<UInt8> { arena[start[id]..<start[id + 1]] }

    mutating func id(_ p: UnsafeBufferPointer<UInt8>) -> Int32 {
        let h = Self.hash(p)
        var i = Int(truncatingIfNeeded: h) & mask
        while ids[i] >= 0 {
            if hashes[i] == h {
                let id = Int(ids[i])
                let s = start[id]
                if start[id + 1] - s == p.count && arena.withUnsafeBufferPointer({ memcmp($0.baseAddress! + s, p.baseAddress!, p.count) == 0 }) {
                    return Int32(id)
                }
            }
            i = (i + 1) & mask
        }
        let id = Int32(count)
        hashes[i] = h
        ids[i] = id
        arena.append(contentsOf: p)
        start.append(arena.count)
        if count * 4 > (mask + 1) * 3 { grow() }
        return id
    }

    private mutating func grow() {
        let (oldHashes, oldIDs) = (hashes, ids)
        mask = mask * 2 + 1
        hashes = [UInt64](repeating: 0, count: mask + 1)
        ids = [Int32](repeating: -1, count: mask + 1)
        for j in oldIDs.indices where oldIDs[j] >= 0 {
            var i = Int(truncatingIfNeeded: oldHashes[j]) & mask
            while ids[i] >= 0 { i = (i + 1) & mask }
            hashes[i] = oldHashes[j]
            ids[i] = oldIDs[j]
        }
    }
}

final class Half: @unchecked Sendable {
    var records: [Record] = []
    var authors: [Int32] = []
    var names = ByteIDs()
}

/// Reads the entries that start in `range` (a range that begins at an entry).
func read(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, into out: Half) {
    var i = range.lowerBound
    let end = range.upperBound, n = p.count
    func skipSpace() { while i < n, p[i] == 0x20 || p[i] == 0x0A || p[i] == 0x09 || p[i] == 0x0D { i += 1 } }
    func string(_ r: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: p[r]), as: UTF8.self) }
    out.records.reserveCapacity(range.count / 200)
    while i < end {
        while i < end && p[i] != 0x40 { i += 1 }  // '@'
        if i >= end { break }
        while i < n && p[i] != 0x7B { i += 1 }    // the type, to '{'
        while i < n && p[i] != 0x2C { i += 1 }    // the key, to ','
        var title: Range<Int>?, year: Range<Int>?, venue: Range<Int>?, doi: Range<Int>?, author: Range<Int>?
        while true {
            skipSpace()
            while i < n && p[i] == 0x2C { i += 1; skipSpace() }
            if i >= n || p[i] == 0x7D { i += 1; break }
            let nameStart = i
            while i < n && p[i] != 0x3D && p[i] != 0x20 { i += 1 }
            let nameLength = i - nameStart
            skipSpace(); i += 1; skipSpace()  // '='
            var value = i..<i
            if p[i] == 0x7B || p[i] == 0x22 {
                let quoted = p[i] == 0x22
                var depth = quoted ? 0 : 1
                i += 1
                let s = i
                while i < n {
                    let b = p[i]
                    if b == 0x5C { i += 2; continue }
                    if b == 0x7B { depth += 1 } else if b == 0x7D { depth -= 1; if !quoted && depth == 0 { break } } else if quoted && b == 0x22 && depth == 0 { break }
                    i += 1
                }
                value = s..<i
                i += 1
            } else {
                let s = i
                while i < n && p[i] != 0x2C && p[i] != 0x7D && p[i] != 0x0A { i += 1 }
                value = s..<i
            }
            switch (nameLength, p[nameStart] | 0x20) {
            case (6, 0x61): author = value
            case (5, 0x74): title = value
            case (4, 0x79): year = value
            case (9, 0x62), (7, 0x6A): venue = value
            case (3, 0x64): doi = value
            default: break
            }
        }
        var y = 0
        if let r = year { for k in r where p[k] >= 0x30 && p[k] <= 0x39 { y = y * 10 + Int(p[k] - 0x30) } }
        let first = Int32(out.authors.count)
        if let a = author {
            _ = NameParser.forEachBibTeXListName(UnsafeBufferPointer(rebasing: p[a])) { out.authors.append(out.names.id($0)) }
        }
        out.records.append(Record(title: LaTeX.toUnicode(title.map(string) ?? ""), year: y, venue: venue.map(string) ?? "",
                                  doi: doi.map(string), firstAuthor: first, authorCount: Int32(out.authors.count) - first))
    }
}

let t0 = now()
let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: CommandLine.arguments[1])))
let t1 = now()
var mid = bytes.count / 2
while mid < bytes.count && !(bytes[mid] == 0x40 && bytes[mid - 1] == 0x0A) { mid += 1 }
let halves = [Half(), Half()]
let split = mid
bytes.withUnsafeBufferPointer { p in
    let shared = UnsafeBufferPointer(start: p.baseAddress, count: p.count)
    nonisolated(unsafe) let q = shared
    DispatchQueue.concurrentPerform(iterations: 2) { k in read(q, k == 0 ? 0..<split : split..<q.count, into: halves[k]) }
}
let t2 = now()
// The second half's names into the first's ids.
var remap = [Int32](repeating: 0, count: halves[1].names.count)
for j in remap.indices {
    remap[j] = halves[1].names.bytes(j).withUnsafeBufferPointer { halves[0].names.id($0) }
}
for k in halves[1].authors.indices { halves[1].authors[k] = remap[Int(halves[1].authors[k])] }
let t3 = now()
// Each distinct name parsed once, in two halves at once.
let distinct = halves[0].names
let parsed = [PersonName](unsafeUninitializedCapacity: distinct.count) { buffer, count in
    nonisolated(unsafe) let out = buffer
    DispatchQueue.concurrentPerform(iterations: 2) { k in
        let range = k == 0 ? 0..<distinct.count / 2 : distinct.count / 2..<distinct.count
        for id in range {
            (out.baseAddress! + id).initialize(to: NameParser.bibtex(String(decoding: distinct.bytes(id), as: UTF8.self)))
        }
    }
    count = distinct.count
}
let t4 = now()
// Names to persons by match key.
var personOfKey: [String: Int32] = [:]
personOfKey.reserveCapacity(parsed.count)
var personOfName = [Int32](repeating: 0, count: parsed.count)
for (id, name) in parsed.enumerated() {
    if let e = personOfKey[name.matchKey] { personOfName[id] = e } else {
        let e = Int32(personOfKey.count)
        personOfKey[name.matchKey] = e
        personOfName[id] = e
    }
}
let t5 = now()
print("records \(halves[0].records.count + halves[1].records.count), author slots \(halves[0].authors.count + halves[1].authors.count), distinct names \(parsed.count), persons \(personOfKey.count)")
print(String(format: "file %.3f s; scan, split names, records (2 threads) %.3f s; merge name ids %.3f s; parse distinct names (2 threads) %.3f s; persons by key %.3f s; after the file %.3f s",
             t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t5 - t1))
