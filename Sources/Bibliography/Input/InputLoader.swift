import Foundation

/// Reads inputs of any supported format into a ``CorpusBuilder``.
public struct InputLoader {
    /// Reports progress: input name, bytes read so far, records so far.
    public typealias Progress = (_ input: String, _ bytes: Int, _ records: Int) -> Void

    /// What happened to one input.
    public struct Outcome: Sendable {
        /// The input's name.
        public var name: String
        /// Its detected or given format.
        public var format: InputFormat?
        /// Records read from it.
        public var records: Int
        /// True when it could not be read at all.
        public var failed: Bool
    }

    /// A rough count of the records in a file, from its size (about 250 bytes per BibTeX entry; a
    /// compressed file unpacks to about four times its size): only a hint for sizing tables.
    static func expectedRecords(_ path: String) -> Int {
        guard path != "-", let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? Int else { return 0 }
        return (path.hasSuffix(".gz") ? size * 4 : size) / 256
    }

    /// Reads every input in order. An input that cannot be opened or whose
    /// format is unknown is reported to `log` and skipped; the others are read.
    public static func load(_ paths: [String], format: InputFormat?, options: ReaderOptions, into builder: CorpusBuilder,
                            log: DiagnosticLog, progress: Progress? = nil) -> [Outcome] {
        var outcomes: [Outcome] = []
        for path in paths {
            var count = 0
            do {
                let source = try InputSource(path: path)
                let text = TextInput(source)
                // Sniff the first chunk for format detection, then hand it back to the reader.
                let fmt: InputFormat
                if let f = format {
                    fmt = f
                } else {
                    let head = try text.peekHead()
                    guard let f = InputFormat.detect(name: path, head: head) else {
                        log.report(Diagnostic(.error, file: path, message: "cannot tell the input format; use --input-format (one of \(InputFormat.allCases.map(\.rawValue).joined(separator: ", ")))"))
                        outcomes.append(Outcome(name: path, format: nil, records: 0, failed: true))
                        continue
                    }
                    fmt = f
                }
                builder.noteInput(path)
                var readerOptions = options
                readerOptions.expectedRecords = Self.expectedRecords(path)
                builder.expectRecords(readerOptions.expectedRecords)
                let reader = fmt.makeReader()
                var lastReport = 0
                // The record is consumed and handed on: with a plain `record in`, every record was
                // copied here (a few hundred bytes and a reference count per field).
                try reader.read(text, options: readerOptions, log: log) { (record: consuming PaperRecord) in
                    count += 1
                    builder.add(consume record)
                    if let progress, source.rawBytesRead - lastReport > (4 << 20) {
                        lastReport = source.rawBytesRead
                        progress(path, source.rawBytesRead, count)
                    }
                }
                if let note = text.encodingNote { log.report(Diagnostic(.note, file: path, message: note)) }
                if text.nulBytesRemoved > 0 {
                    log.report(Diagnostic(.warning, file: path, line: text.firstNulLine,
                                          message: "\(text.nulBytesRemoved) NUL byte\(text.nulBytesRemoved == 1 ? "" : "s") removed (binary data in a text file?); the first is on this line"))
                }
                if let w = source.truncationWarning {
                    log.report(Diagnostic(.error, file: path, line: text.linesRead + 1,
                                          message: w + " (\(count) record\(count == 1 ? "" : "s") kept; the text breaks off on this line)"))
                }
                if count == 0 {
                    log.report(Diagnostic(.warning, file: path, message: "no records found (read as \(fmt.rawValue))"))
                }
                outcomes.append(Outcome(name: path, format: fmt, records: count, failed: false))
            } catch let e as InputError {
                // Records read before the failure are kept.
                log.report(Diagnostic(.error, file: path, message: e.description.hasPrefix(path + ": ") ? String(e.description.dropFirst(path.count + 2)) : e.description))
                outcomes.append(Outcome(name: path, format: format, records: count, failed: count == 0))
            } catch {
                log.report(Diagnostic(.error, file: path, message: "\(error)"))
                outcomes.append(Outcome(name: path, format: format, records: count, failed: count == 0))
            }
        }
        return outcomes
    }
}
