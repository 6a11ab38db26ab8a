import AuthorNames
import Foundation

/// One record of a tagged format: each tag's values in order, and where it started.
struct TaggedRecord {
    var line: Int
    var values: [(tag: String, value: String, line: Int)] = []

    func all(_ tag: String) -> [String] { values.filter { $0.tag == tag }.map(\.value) }
    func first(_ tag: String) -> String? { values.first { $0.tag == tag }?.value.trimmingHorizontalWhitespace().nilIfEmpty }
    func firstOf(_ tags: [String]) -> String? {
        for t in tags { if let v = first(t) { return v } }
        return nil
    }
}

extension String {
    /// nil for the empty string.
    var nilIfEmpty: String? { isEmpty ? nil : self }
}

/// The line grammar of a tagged format.
struct TaggedGrammar: Sendable {
    /// Splits a line into tag and value, or nil for a continuation/other line.
    var tagOf: @Sendable (String) -> (tag: String, value: String)?
    /// True when a tagged line ends the record (RIS and WoS `ER`).
    var endsRecord: @Sendable (String) -> Bool
    /// True when a tagged line starts a new record (RIS `TY`, MEDLINE `PMID`, WoS `PT`).
    var startsRecord: @Sendable (String) -> Bool
    /// How a continuation line joins the previous value: as a new value of the same tag (WoS) or appended text.
    var continuationIsNewValue: @Sendable (String) -> Bool
    /// A continuation line's text (indentation removed), or nil when the line is not a continuation.
    var continuation: @Sendable (String) -> String?
    /// True when records end with a tag (RIS and WoS `ER`); MEDLINE records just follow each other.
    var hasEndTag = true
}

/// Streams records of a tagged format (RIS, MEDLINE, WoS), reporting stray lines. The lines are
/// read on this thread; `record` makes each record's paper (nil to skip it) from it and its number
/// among the records (from 1), on every core; papers and diagnostics come out in file order.
func readTagged(_ input: TextInput, grammar g: TaggedGrammar, format: String, log: DiagnosticLog,
                emit: (consuming PaperRecord) throws -> Void, record: @escaping (TaggedRecord, Int) -> PaperRecord?) throws {
    var lines = LineReader(input)
    var current: TaggedRecord?
    var warnedEncoding = false
    var strayReported = 0
    var afterEnd = false
    var count = 0
    /// Diagnostics not yet handed on: each goes out just before the next record.
    var pending: [Diagnostic] = []
    var batches = _OrderedBatches<(record: TaggedRecord, number: Int, before: [Diagnostic]), (before: [Diagnostic], paper: PaperRecord?)> { item in
        var paper = record(item.record, item.number)
        if paper != nil { PaperMerger.setKeys(&paper!) }  // on this thread: the merger need not
        return (item.before, paper)
    }
    func output(_ o: consuming (before: [Diagnostic], paper: PaperRecord?)) throws {
        for d in o.before { log.report(d) }
        if let p = o.paper { try emit(p) }
    }
    func flush() throws {
        // A record with nothing but its type line (a stray "TY  - JOUR") is not a paper.
        if let r = current, r.values.contains(where: { !g.startsRecord($0.tag) }) {
            count += 1
            try batches.add((r, count, pending), output: output)
            pending = []
        }
        current = nil
    }
    func finish() throws {
        try batches.finish(output: output)
        for d in pending { log.report(d) }
        pending = []
    }
    do {
        try readLines()
    } catch {
        // A read error (a damaged .gz) ends the input; the records read before it are still output.
        try finish()
        throw error
    }
    try flush()
    try finish()

    func readLines() throws {
        while let (raw, fallback) = try lines.nextTextLine() {
            let n = lines.lineNumber
            if fallback && !warnedEncoding {
                warnedEncoding = true
                pending.append(Diagnostic(.warning, file: input.name, line: n, message: "not valid UTF-8; read as Windows-1252 (Latin-1)"))
            }
            let line = raw.hasPrefix("\u{FEFF}") ? String(raw.dropFirst()) : raw
            if let (tag, value) = g.tagOf(line) {
                if g.startsRecord(tag) {
                    if g.hasEndTag && current != nil && !(current!.values.isEmpty) {
                        pending.append(Diagnostic(.warning, file: input.name, line: n,
                                              message: "a new \(format) record starts before the previous one ended (no ER line); the previous record was kept"))
                    }
                    try flush()
                    current = TaggedRecord(line: n)
                }
                if g.endsRecord(tag) {
                    try flush()
                    afterEnd = true
                    continue
                }
                if g.startsRecord(tag) { afterEnd = false }
                if current == nil {
                    // Tags between an end and the next start (Ovid's trailing NL) belong to no record.
                    if afterEnd || (tag == "FN" || tag == "VR") && g.hasEndTag { continue }
                    current = TaggedRecord(line: n)
                }
                current!.values.append((tag, value, n))
                continue
            }
            if let cont = g.continuation(line), current != nil, let last = current!.values.last {
                if g.continuationIsNewValue(last.tag) {
                    current!.values.append((last.tag, cont, n))
                } else {
                    current!.values[current!.values.count - 1].value += (last.value.isEmpty ? "" : " ") + cont
                }
                continue
            }
            if line.trimmingHorizontalWhitespace().isEmpty { continue }
            if current == nil {
                // Text before the first record (a numbered list, an export banner) is skipped quietly.
                continue
            }
            if strayReported < 20 {
                strayReported += 1
                pending.append(Diagnostic(.warning, file: input.name, line: n, message: "line is neither a \(format) tag nor a continuation; skipped"))
            }
        }
    }
}

// MARK: - RIS

/// Reads RIS (Research Information Systems) exports: Zotero, EndNote, Scopus,
/// Ovid, ProQuest, Web of Science's RIS.
///
/// Tags are `XX  - value` (CRLF or LF); a record starts with `TY` and ends with
/// `ER`; untagged lines continue the previous value. Authors are `AU` and `A1`
/// (primary); `A2`–`A4` (secondary: editors, series editors, translators) are
/// used only when a record has no primary author. Titles `TI`/`T1`; date
/// `PY`/`Y1`/`DA` (`2020/05/03/`); `DO` DOI; venue `JO`/`T2`/`JF`/`JA`/`T3`;
/// affiliations `AD`; `UR` links.
public struct RISReader: BibliographyReader {
    /// Creates a reader.
    public init() {}

    static let grammar = TaggedGrammar(
        tagOf: { line in
            let u = Array(line.utf8)
            guard u.count >= 5, (u[0] >= 0x41 && u[0] <= 0x5A), (u[1] >= 0x41 && u[1] <= 0x5A) || (u[1] >= 0x30 && u[1] <= 0x39),
                  u[2] == 0x20, u[3] == 0x20, u[4] == 0x2D else { return nil }
            let tag = String(decoding: u[0..<2], as: UTF8.self)
            let value = u.count > 6 ? String(decoding: u[6...], as: UTF8.self) : ""
            return (tag, value.trimmingHorizontalWhitespace())
        },
        endsRecord: { $0 == "ER" },
        startsRecord: { $0 == "TY" },
        continuationIsNewValue: { _ in false },
        continuation: { line in line.trimmingHorizontalWhitespace().nilIfEmpty }
    )

    public func read(_ input: TextInput, options: ReaderOptions, log: DiagnosticLog, emit: (consuming PaperRecord) throws -> Void) throws {
        let file = input.name
        try readTagged(input, grammar: Self.grammar, format: "RIS", log: log, emit: emit) { r, k in
            var primary = r.all("AU") + r.all("A1")
            if primary.isEmpty { primary = r.all("A2") + r.all("A3") + r.all("A4") }
            let names = primary.flatMap { $0.split(separator: ";").map { String($0) } }.map { $0.trimmingHorizontalWhitespace() }.filter { !$0.isEmpty }
            let affiliations = r.all("AD")
            let authors = names.enumerated().map { i, n in
                WrittenAuthor(name: ParsedNames.parse(n), affiliations: names.count == affiliations.count ? [affiliations[i]] : [])
            }
            var rec = PaperRecord(source: SourceLocation(file: file, line: r.line, key: r.first("ID") ?? "record \(k)"),
                                  title: (r.firstOf(["TI", "T1", "CT", "BT"]) ?? "").collapsingWhitespace(), authors: authors)
            rec.entryType = r.first("TY")
            rec.date = RISReader.date(r)
            if let d = r.first("DO") { rec.doi = Identifiers.doi(d) }
            rec.venue = r.firstOf(["JO", "T2", "JF", "JA", "J2", "T3"])
            rec.url = r.first("UR")
            if rec.doi == nil, let u = rec.url { rec.doi = Identifiers.doi(fromURL: u) }
            if let an = r.first("AN"), an.allSatisfy(\.isNumber), r.first("DB")?.lowercased().contains("pubmed") == true { rec.pmid = an }
            rec.abstract = r.firstOf(["AB", "N2"])
            rec.setLocator(volume: r.first("VL"), issue: r.first("IS"), pages: r.first("SP"))
            return rec
        }
    }

    /// The date from PY, Y1 or DA ("2020", "2020/05/03/", "2020///", "1948/07//").
    static func date(_ r: TaggedRecord) -> PartialDate? {
        // The most precise of the date tags that agree on the year (PY is often the year alone, DA the full date).
        var best: PartialDate?
        for tag in ["PY", "Y1", "DA"] {
            guard let d = date(r, tag: tag) else { continue }
            if let b = best {
                if d.year == b.year && (d.month != nil && b.month == nil || d.day != nil && b.day == nil) { best = d }
            } else {
                best = d
            }
        }
        return best ?? date(r, tag: "Y2")
    }

    static func date(_ r: TaggedRecord, tag: String) -> PartialDate? {
        r.first(tag).flatMap { PartialDate(parsing: $0) }
    }
}

// MARK: - MEDLINE

/// Reads PubMed's MEDLINE / .nbib text format.
///
/// Tags are padded to four characters (`PMID- 27169098`, `AU  - Shruthi BS`);
/// continuation lines are indented by six spaces. `FAU` (full name) is
/// preferred, with `AU` kept for the same slot; `AUID` carries an ORCID
/// (`ORCID: 0000-…`); `AD` affiliations follow their author; `DP` date;
/// `TI` title; `LID`/`AID` with `[doi]`; `JT`/`TA` journal; `CN` group authors.
public struct MEDLINEReader: BibliographyReader {
    /// Creates a reader.
    public init() {}

    static let grammar = TaggedGrammar(
        tagOf: { line in
            // "PMID- 123", "AU  - Smith J", and the sloppy "TI- x" / "PMC -123".
            let u = Array(line.utf8)
            var end = 0
            while end < min(4, u.count), u[end] >= 0x41 && u[end] <= 0x5A { end += 1 }
            guard end >= 2 else { return nil }
            var dash = end
            while dash < u.count, dash <= 4, u[dash] == 0x20 { dash += 1 }
            guard dash <= 4, dash < u.count, u[dash] == 0x2D else { return nil }
            let tag = String(decoding: u[0..<end], as: UTF8.self)
            let value = u.count > dash + 1 ? String(decoding: u[(dash + 1)...], as: UTF8.self) : ""
            return (tag, value.trimmingHorizontalWhitespace())
        },
        endsRecord: { _ in false },
        startsRecord: { $0 == "PMID" },
        continuationIsNewValue: { _ in false },
        continuation: { line in line.hasPrefix("      ") ? line.trimmingHorizontalWhitespace() : nil },
        hasEndTag: false
    )

    /// Tags that mark MEDLINE text (for format detection).
    static let knownTags: Set<String> = ["PMID", "PMC", "OWN", "STAT", "DP", "TI", "FAU", "AU", "AD", "LID", "AID", "JT", "TA", "PT", "AB", "SO", "DEP", "EDAT"]

    public func read(_ input: TextInput, options: ReaderOptions, log: DiagnosticLog, emit: (consuming PaperRecord) throws -> Void) throws {
        let file = input.name
        try readTagged(input, grammar: Self.grammar, format: "MEDLINE", log: log, emit: emit) { r, _ in
            MEDLINEReader.record(r, file: file)
        }
    }

    static func record(_ r: TaggedRecord, file: String) -> PaperRecord {
        // Walk the tags in order: FAU opens a slot, AU fills it (or opens one), AUID/AD attach to the current slot.
        var slots: [(full: String?, short: String?, ids: [AuthorIdentifier], aff: [String], group: Bool)] = []
        var lastWasFAU = false
        for (tag, value, _) in r.values {
            switch tag {
            case "FAU":
                slots.append((value, nil, [], [], false)); lastWasFAU = true
            case "AU":
                if lastWasFAU, !slots.isEmpty, slots[slots.count - 1].short == nil { slots[slots.count - 1].short = value } else { slots.append((nil, value, [], [], false)) }
                lastWasFAU = false
            case "CN":
                slots.append((value, nil, [], [], true)); lastWasFAU = false
            case "AUID":
                if !slots.isEmpty, let r = value.range(of: "ORCID:", options: .caseInsensitive) {
                    slots[slots.count - 1].ids.append(AuthorIdentifier(.orcid, String(value[r.upperBound...]).trimmingHorizontalWhitespace()))
                }
            case "AD":
                if !slots.isEmpty { slots[slots.count - 1].aff.append(value) }
            default:
                break
            }
        }
        let authors = slots.map { s -> WrittenAuthor in
            let name: PersonName
            if s.group { name = PersonName(family: s.full ?? "", kind: .group, written: s.full) }
            else { name = ParsedNames.parse(s.full ?? s.short ?? "") }
            return WrittenAuthor(name: name, identifiers: s.ids, affiliations: s.aff, sourceVariant: s.full != nil && !s.group ? s.short : nil)
        }
        let pmid = r.first("PMID")
        var rec = PaperRecord(source: SourceLocation(file: file, line: r.line, key: pmid.map { "PMID \($0)" }),
                              title: (r.first("TI") ?? r.first("BTI") ?? "").collapsingWhitespace(), authors: authors)
        rec.pmid = pmid
        for v in r.all("LID") + r.all("AID") where v.contains("[doi]") || v.lowercased().hasPrefix("doi:") {
            rec.doi = Identifiers.doi(v.replacingOccurrences(of: "[doi]", with: ""))
            if rec.doi != nil { break }
        }
        if let dp = r.first("DP"), let y = Identifiers.firstYear(in: dp) {
            let parts = dp.split(separator: " ")
            let month = parts.count >= 2 ? Identifiers.month(String(parts[1])) : nil
            let day = parts.count >= 3 ? Int(parts[2]) : nil
            rec.date = PartialDate(year: y, month: month, day: day)
        }
        rec.venue = r.firstOf(["JT", "TA"])
        rec.abstract = r.first("AB")
        rec.setLocator(volume: r.first("VI"), issue: r.first("IP"), pages: r.first("PG"))
        rec.entryType = r.first("PT")
        return rec
    }
}

// MARK: - Web of Science

/// Reads Web of Science's plain-text tagged export (the "ISI" format).
///
/// `FN`/`VR` header; two-letter tags followed by a space; continuation lines
/// indented by three spaces (for `AU`, `AF`, `C1`, `CR` each line is a new
/// value, otherwise the text continues); `ER` ends a record and `EF` the file.
/// `AF` (full names) is preferred, `AU` kept as the same slot's short form;
/// `C1` affiliations `[Author; Author] Institution` are attached to the
/// authors named; `OI` ORCIDs and `RI` ResearcherIDs (`Name/ID; …`) are
/// matched to authors by name; `UT` is the record id; `DI` DOI; `PY`/`PD` date;
/// `SO` source; `PM` PubMed id.
public struct WoSReader: BibliographyReader {
    /// Creates a reader.
    public init() {}

    static let listTags: Set<String> = ["AU", "AF", "C1", "CR", "BA", "BF", "CA", "GP", "EM", "RI", "OI"]

    static let grammar = TaggedGrammar(
        tagOf: { line in
            let u = Array(line.utf8)
            guard u.count >= 2, (u[0] >= 0x41 && u[0] <= 0x5A), (u[1] >= 0x41 && u[1] <= 0x5A) || (u[1] >= 0x30 && u[1] <= 0x39),
                  u.count == 2 || u[2] == 0x20 else { return nil }
            let tag = String(decoding: u[0..<2], as: UTF8.self)
            let value = u.count > 3 ? String(decoding: u[3...], as: UTF8.self) : ""
            return (tag, value)
        },
        endsRecord: { $0 == "ER" || $0 == "EF" },
        startsRecord: { $0 == "PT" },
        continuationIsNewValue: { listTags.contains($0) },
        continuation: { line in line.hasPrefix("   ") ? line.trimmingHorizontalWhitespace() : nil }
    )

    public func read(_ input: TextInput, options: ReaderOptions, log: DiagnosticLog, emit: (consuming PaperRecord) throws -> Void) throws {
        let file = input.name
        try readTagged(input, grammar: Self.grammar, format: "Web of Science", log: log, emit: emit) { r, _ in
            r.values.allSatisfy({ $0.tag == "FN" || $0.tag == "VR" }) ? nil : WoSReader.record(r, file: file)
        }
    }

    static func record(_ r: TaggedRecord, file: String) -> PaperRecord {
        let af = r.all("AF").flatMap { $0.split(separator: ";").map { $0.trimmingHorizontalWhitespace() } }
        let au = r.all("AU").flatMap { $0.split(separator: ";").map { $0.trimmingHorizontalWhitespace() } }
        let full = af.isEmpty ? au : af
        // ORCIDs and ResearcherIDs: "Family, Given/0000-…; …", matched by match key.
        var ids: [String: [AuthorIdentifier]] = [:]
        for (tag, scheme) in [("OI", AuthorIdentifier.Scheme.orcid), ("RI", AuthorIdentifier.Scheme.wos)] {
            for v in r.all(tag) {
                for item in v.split(separator: ";") {
                    let kv = item.split(separator: "/", maxSplits: 1).map { $0.trimmingHorizontalWhitespace() }
                    if kv.count == 2, !kv[1].isEmpty { ids[ParsedNames.parse(kv[0]).matchKey, default: []].append(AuthorIdentifier(scheme, kv[1])) }
                }
            }
        }
        // Affiliations: "[A; B] Institution" lines.
        var aff: [String: [String]] = [:]
        var unassigned: [String] = []
        for v in r.all("C1") {
            if v.hasPrefix("["), let close = v.firstIndex(of: "]") {
                let inst = v[v.index(after: close)...].trimmingHorizontalWhitespace()
                for n in v[v.index(after: v.startIndex)..<close].split(separator: ";") {
                    aff[ParsedNames.parse(n.trimmingHorizontalWhitespace()).matchKey, default: []].append(inst)
                }
            } else {
                unassigned.append(v)
            }
        }
        let authors = full.enumerated().map { i, n -> WrittenAuthor in
            let name = ParsedNames.parse(n)
            var a = aff[name.matchKey] ?? []
            if a.isEmpty && full.count == 1 { a = unassigned }
            var idList = ids[name.matchKey] ?? []
            if idList.isEmpty, i < au.count { idList = ids[ParsedNames.parse(au[i]).matchKey] ?? [] }
            return WrittenAuthor(name: name, identifiers: idList, affiliations: a,
                                 sourceVariant: !af.isEmpty && i < au.count && au.count == af.count ? au[i] : nil)
        }
        let ut = r.first("UT")
        var rec = PaperRecord(source: SourceLocation(file: file, line: r.line, key: ut), title: (r.first("TI") ?? "").collapsingWhitespace(), authors: authors)
        if let d = r.first("DI") { rec.doi = Identifiers.doi(d) }
        if let y = r.first("PY").flatMap({ Identifiers.firstYear(in: $0) }) {
            let pd = r.first("PD") ?? ""
            let month = pd.split(separator: " ").first.flatMap { Identifiers.month(String($0)) }
            let day = pd.split(separator: " ").dropFirst().first.flatMap { Int($0) }
            rec.date = PartialDate(year: y, month: month, day: month == nil ? nil : day)
        }
        rec.venue = r.first("SO")
        rec.setLocator(volume: r.first("VL"), issue: r.first("IS"), pages: r.first("BP"))
        rec.pmid = r.first("PM")
        rec.abstract = r.first("AB")
        rec.entryType = r.first("DT")
        return rec
    }
}
