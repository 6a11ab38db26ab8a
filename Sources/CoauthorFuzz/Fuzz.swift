// A libFuzzer harness for every reader and for the name splitter.
//
// Built only when COAUTHOR_FUZZ is set (Package.swift); its entry point starts libFuzzer's driver:
//   COAUTHOR_FUZZ=1 swift build --product CoauthorFuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
// The target is chosen by the environment variable FUZZ_TARGET: a format name
// (bibtex, ris, medline, wos, pubmed-xml, jats, dblp, csl-json, openalex, csv, tsv, listing),
// "names" (both name parsers and LaTeX), or "corpus" (detection, reading, merging and resolving).
// Scripts/fuzz.sh runs each target for a set time with a seed corpus from ../shared/data.
import AuthorNames
import Bibliography
import Foundation

nonisolated(unsafe) let target = ProcessInfo.processInfo.environment["FUZZ_TARGET"] ?? "corpus"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let log = DiagnosticLog()
    switch target {
    case "names":
        let text = String(decoding: bytes, as: UTF8.self)
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).prefix(64) {
            let s = String(line)
            let b = NameParser.bibtex(s), f = NameParser.parse(s)
            _ = (b.display, b.matchKey, f.display, f.matchKey, LaTeX.toUnicode(s), Folding.words(s))
            _ = NameParser.splitBibTeXList(s)
        }
    case "corpus":
        let builder = CorpusBuilder(options: CorpusOptions(owner: .auto), log: log)
        guard let source = try? InputSource(name: "fuzz", bytes: bytes) else { return 0 }
        let text = TextInput(source)
        guard let head = try? text.peekHead(), let fmt = InputFormat.detect(name: "fuzz", head: head) else { return 0 }
        try? fmt.makeReader().read(text, options: ReaderOptions(referenceYear: 2026), log: log) { builder.add($0) }
        _ = builder.build()
    default:
        guard let fmt = InputFormat(rawValue: target), let source = try? InputSource(name: "fuzz", bytes: bytes) else { return 0 }
        try? fmt.makeReader().read(TextInput(source), options: ReaderOptions(referenceYear: 2026), log: log) { r in
            _ = (r.title, r.authors.map { $0.name.matchKey })
        }
    }
    return 0
}

// SwiftPM links an executable's entry point as `<Module>_main`; hand control to libFuzzer's driver there.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@_cdecl("CoauthorFuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var c = argc
    var v = argv
    return LLVMFuzzerRunDriver(&c, &v) { data, size in
        guard let data else { return 0 }
        return fuzz(data, size)
    }
}
