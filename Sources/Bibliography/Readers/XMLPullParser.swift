import Foundation

/// A small streaming XML pull parser for bibliographic exports (PubMed,
/// DBLP, JATS). It reads chunk by chunk, so memory does not grow with the
/// file; it resolves the predefined and numeric character references and any
/// entities it is given (DBLP declares `&uuml;` and friends in dblp.dtd);
/// it skips comments, processing instructions, the DOCTYPE and CDATA markers
/// (keeping CDATA text); and it reports where a document breaks off.
///
/// It is not a validating parser: it accepts what real exports contain and
/// reports the first structural error with its line.
struct XMLPullParser {
    enum Event: Equatable {
        case start(name: String, attributes: [String: String], line: Int)
        case end(name: String, line: Int)
        case text(String)
    }

    /// Why the document could not be read on.
    struct BrokenDocument: Error, CustomStringConvertible {
        var line: Int
        var message: String
        var description: String { "line \(line): \(message)" }
    }

    private let input: TextInput
    private var buf: [UInt8] = []
    private var pos = 0
    private var eof = false
    /// The current line.
    private(set) var line = 1
    /// Entities beyond the five predefined ones (name → replacement text).
    var entities: [String: String] = [:]
    /// Element names currently open.
    private(set) var stack: [String] = []
    private var pendingEnd: String?
    /// Called for each entity that is not known (reported once per name by the caller).
    var onUnknownEntity: ((String, Int) -> Void)?
    /// Called with the line of text that is not valid UTF-8 (read as Windows-1252), unless the
    /// XML declaration names a single-byte encoding.
    var onNotUTF8: ((Int) -> Void)?
    /// The encoding the XML declaration names, lowercased ("utf-8", "iso-8859-1"), if any.
    private(set) var declaredEncoding: String?
    /// The text of the DOCTYPE declaration, when there was one (for its internal subset and system id).
    private(set) var doctype: String?

    init(input: TextInput) { self.input = input }

    private mutating func fill(_ n: Int) throws -> Bool {
        while buf.count - pos < n {
            if eof { return false }
            if pos > (1 << 16) && pos > buf.count / 2 { buf.removeFirst(pos); pos = 0 }
            if let c = try input.nextChunk() { buf.append(contentsOf: c) } else { eof = true }
        }
        return true
    }

    private func startsWith(_ s: [UInt8]) -> Bool {
        guard buf.count - pos >= s.count else { return false }
        for (i, b) in s.enumerated() where buf[pos + i] != b { return false }
        return true
    }

    /// Advances past the first occurrence of `terminator`; returns the bytes before it.
    private mutating func readUntil(_ terminator: [UInt8], what: String) throws -> [UInt8] {
        var out: [UInt8] = []
        while true {
            _ = try fill(terminator.count)
            if buf.count - pos < terminator.count {
                throw BrokenDocument(line: line, message: "the document ends inside \(what)")
            }
            if startsWith(terminator) {
                pos += terminator.count
                return out
            }
            let b = buf[pos]
            if b == 0x0A { line += 1 }
            out.append(b)
            pos += 1
        }
    }

    /// The next event, or nil at the end of the document.
    mutating func next() throws -> Event? {
        if let e = pendingEnd {
            pendingEnd = nil
            stack.removeLast()
            return .end(name: e, line: line)
        }
        while true {
            guard try fill(1) else {
                if let open = stack.last {
                    throw BrokenDocument(line: line, message: "the document ends with <\(open)> still open (truncated file?)")
                }
                return nil
            }
            if buf[pos] != 0x3C {  // text
                // Up to the next "<", a buffered span at a time.
                var raw: [UInt8] = []
                while try fill(1) {
                    let start = pos
                    let (end, newlines) = buf.withUnsafeBufferPointer { p -> (Int, Int) in
                        var k = start, n = 0
                        while k < p.count, p[k] != 0x3C {
                            if p[k] == 0x0A { n += 1 }
                            k += 1
                        }
                        return (k, n)
                    }
                    raw.append(contentsOf: buf[start..<end])
                    line += newlines
                    pos = end
                    if end < buf.count { break }
                }
                let text = decodeText(raw)
                if stack.isEmpty { continue }  // text outside the root: ignore
                return .text(text)
            }
            _ = try fill(9)
            // Comments, CDATA, declarations and processing instructions start "<!" or "<?".
            let markup = buf.count - pos > 1 && (buf[pos + 1] == 0x21 || buf[pos + 1] == 0x3F)
            if markup && startsWith(Self.commentStart) {
                pos += 4
                _ = try readUntil(Self.commentEnd, what: "a comment")
                continue
            }
            if markup && startsWith(Self.cdataStart) {
                pos += 9
                let raw = try readUntil(Self.cdataEnd, what: "a CDATA section")
                return .text(String(decoding: raw, as: UTF8.self))
            }
            if markup && buf[pos + 1] == 0x3F {
                pos += 2
                let pi = String(decoding: try readUntil(Self.processingEnd, what: "a processing instruction"), as: UTF8.self)
                if pi.hasPrefix("xml"), let r = pi.range(of: "encoding") {
                    // encoding = "…" (white space around = is allowed)
                    var rest = pi[r.upperBound...].drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
                    if rest.first == "=" {
                        rest = rest.dropFirst().drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\"" || $0 == "'" }
                        declaredEncoding = String(rest.prefix { $0 != "\"" && $0 != "'" }).lowercased()
                    }
                }
                continue
            }
            if markup {  // "<!"
                // DOCTYPE, possibly with an internal subset in brackets.
                pos += 2
                var depth = 0
                var raw: [UInt8] = []
                while true {
                    guard try fill(1) else { throw BrokenDocument(line: line, message: "the document ends inside a declaration") }
                    let b = buf[pos]
                    pos += 1
                    if b == 0x0A { line += 1 }
                    if b == 0x5B { depth += 1 } else if b == 0x5D { depth -= 1 } else if b == 0x3E && depth <= 0 { break }
                    raw.append(b)
                }
                doctype = String(decoding: raw, as: UTF8.self)
                for (k, v) in XMLPullParser.entityDeclarations(in: doctype!) where entities[k] == nil { entities[k] = v }
                continue
            }
            // A tag.
            let startLine = line
            pos += 1
            let raw = try readTag()
            if raw.first == 0x2F {  // end tag
                var nameBytes = raw.dropFirst()
                while let l = nameBytes.last, l == 0x20 || l == 0x09 || l == 0x0A || l == 0x0D { nameBytes.removeLast() }
                while let f = nameBytes.first, f == 0x20 || f == 0x09 || f == 0x0A || f == 0x0D { nameBytes.removeFirst() }
                let name = String(decoding: nameBytes, as: UTF8.self)
                guard let open = stack.last else {
                    throw BrokenDocument(line: startLine, message: "closing </\(name)> with nothing open")
                }
                if open != name {
                    throw BrokenDocument(line: startLine, message: "closing </\(name)> where </\(open)> was expected")
                }
                stack.removeLast()
                return .end(name: name, line: startLine)
            }
            var bytes = raw
            var selfClosing = false
            if bytes.last == 0x2F { selfClosing = true; bytes.removeLast() }
            let (name, attributes) = parseTag(bytes)
            if name.isEmpty { throw BrokenDocument(line: startLine, message: "a tag without a name") }
            stack.append(name)
            if selfClosing { pendingEnd = name }
            return .start(name: name, attributes: attributes, line: startLine)
        }
    }

    /// After a broken record: skips raw bytes to the next start tag named one of `names` and
    /// restores the open elements to `stack` (those around the records), so reading goes on
    /// with that record. Returns false at the end of the input.
    mutating func resync(toAnyOf names: [String], stack saved: [String]) throws -> Bool {
        let patterns = names.map { Array("<\($0)".utf8) }
        let longest = (patterns.map(\.count).max() ?? 1) + 1
        pendingEnd = nil
        while true {
            guard try fill(1) else { return false }
            if buf[pos] == 0x3C {
                _ = try fill(longest)
                for pat in patterns where startsWith(pat) {
                    let after = pos + pat.count
                    if after >= buf.count { continue }
                    let b = buf[after]
                    if isSpace(b) || b == 0x3E || b == 0x2F {
                        stack = saved
                        return true
                    }
                }
            } else if buf[pos] == 0x0A {
                line += 1
            }
            pos += 1
        }
    }

    static let commentStart = Array("<!--".utf8), commentEnd = Array("-->".utf8)
    static let cdataStart = Array("<![CDATA[".utf8), cdataEnd = Array("]]>".utf8)
    static let processingEnd = Array("?>".utf8)

    /// Reads the inside of a tag up to `>`, respecting quoted attribute values; a buffered span
    /// at a time.
    private mutating func readTag() throws -> [UInt8] {
        var out: [UInt8] = []
        var quote: UInt8 = 0
        while true {
            guard try fill(1) else { throw BrokenDocument(line: line, message: "the document ends inside a tag") }
            let start = pos, open = quote
            // Where the span stops: at ">" (the end), at "<" (an error), or at the end of the buffer.
            let (end, newlines, stop, quoteAfter) = buf.withUnsafeBufferPointer { p -> (Int, Int, UInt8, UInt8) in
                var k = start, n = 0, q = open
                while k < p.count {
                    let b = p[k]
                    if b == 0x0A { n += 1 }
                    if q != 0 {
                        if b == q { q = 0 }
                    } else if b == 0x22 || b == 0x27 {
                        q = b
                    } else if b == 0x3E || b == 0x3C {
                        return (k, n, b, q)
                    }
                    k += 1
                }
                return (k, n, 0, q)
            }
            out.append(contentsOf: buf[start..<end])
            line += newlines
            quote = quoteAfter
            pos = end
            if stop == 0x3E {
                pos += 1
                return out
            }
            if stop == 0x3C {
                pos += 1
                throw BrokenDocument(line: line, message: "'<' inside a tag")
            }
        }
    }

    private mutating func parseTag(_ bytes: [UInt8]) -> (String, [String: String]) {
        var i = 0
        while i < bytes.count, !isSpace(bytes[i]) { i += 1 }
        let name = String(decoding: bytes[0..<i], as: UTF8.self)
        var attrs: [String: String] = [:]
        while i < bytes.count {
            while i < bytes.count, isSpace(bytes[i]) { i += 1 }
            let ks = i
            while i < bytes.count, bytes[i] != 0x3D, !isSpace(bytes[i]) { i += 1 }
            let key = String(decoding: bytes[ks..<i], as: UTF8.self)
            while i < bytes.count, isSpace(bytes[i]) { i += 1 }
            guard i < bytes.count, bytes[i] == 0x3D else { if !key.isEmpty { attrs[key] = "" }; continue }
            i += 1
            while i < bytes.count, isSpace(bytes[i]) { i += 1 }
            guard i < bytes.count, bytes[i] == 0x22 || bytes[i] == 0x27 else { continue }
            let q = bytes[i]
            i += 1
            let vs = i
            while i < bytes.count, bytes[i] != q { i += 1 }
            attrs[key] = decodeText(Array(bytes[vs..<min(i, bytes.count)]))
            i += 1
        }
        return (name, attrs)
    }

    private func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    /// Decodes text with entity and character references resolved.
    private func decodeText(_ raw: [UInt8]) -> String {
        let (s, fallback) = TextDecoding.decode(raw)
        if fallback, let report = onNotUTF8 {
            let singleByte = declaredEncoding.map { $0.hasPrefix("iso-8859") || $0.contains("latin") || $0.hasPrefix("windows-125") || $0 == "cp1252" } ?? false
            if !singleByte { report(line) }
        }
        guard s.utf8.contains(0x26) else { return s }  // most text: no closure to build
        // Entity names are short: an "&" with no ";" within 32 characters is a literal ampersand.
        let report = onUnknownEntity, at = line
        return Self.resolveReferences(s, extra: entities, maxNameLength: 32) { name in report?(name, at) }
    }

    static let predefined: [String: String] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'"]

    static func resolve(_ name: String, extra: [String: String]) -> String? {
        if let p = predefined[name] { return p }
        if name.hasPrefix("#x") || name.hasPrefix("#X"), let v = UInt32(name.dropFirst(2), radix: 16), let u = Unicode.Scalar(v) { return String(u) }
        if name.hasPrefix("#"), let v = UInt32(name.dropFirst()), let u = Unicode.Scalar(v) { return String(u) }
        if let e = extra[name] { return resolveReferences(e, extra: [:]) }
        if let h = htmlEntities[name] { return h }
        return nil
    }

    /// `s` with its entity and character references resolved. A reference that cannot be
    /// resolved is kept as written: handed to `unknown` when one is given (and skipped whole),
    /// otherwise its "&" is kept and reading goes on after it.
    static func resolveReferences(_ s: String, extra: [String: String], maxNameLength: Int = .max,
                                  unknown: ((String) -> Void)? = nil) -> String {
        guard s.utf8.contains(0x26) else { return s }
        var out = ""
        var rest = Substring(s)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            guard let semi = after.firstIndex(of: ";"), after.distance(from: after.startIndex, to: semi) <= maxNameLength else {
                out += "&"
                rest = after
                continue
            }
            let name = String(after[..<semi])
            if let r = resolve(name, extra: extra) {
                out += r
                rest = after[after.index(after: semi)...]
            } else if let unknown {
                unknown(name)
                out += "&" + name + ";"
                rest = after[after.index(after: semi)...]
            } else {
                out += "&"
                rest = after
            }
        }
        return out + rest
    }

    /// `<!ENTITY name "value">` declarations in DTD text.
    static func entityDeclarations(in dtd: String) -> [String: String] {
        var out: [String: String] = [:]
        var rest = Substring(dtd)
        while let r = rest.range(of: "<!ENTITY") {
            rest = rest[r.upperBound...]
            let t = rest.drop(while: { $0.isWhitespace })
            if t.first == "%" { continue }  // parameter entities
            let name = t.prefix(while: { !$0.isWhitespace })
            let afterName = t.dropFirst(name.count).drop(while: { $0.isWhitespace })
            guard let q = afterName.first, q == "\"" || q == "'" else { continue }
            let body = afterName.dropFirst()
            guard let end = body.firstIndex(of: q) else { continue }
            out[String(name)] = String(body[..<end])
        }
        return out
    }

    /// The HTML Latin-1 and common symbol entities (the set dblp.dtd declares), built in
    /// so a DBLP file reads right even without its DTD.
    static let htmlEntities: [String: String] = {
        let latin1 = ["nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect", "uml", "copy", "ordf", "laquo", "not", "shy",
                      "reg", "macr", "deg", "plusmn", "sup2", "sup3", "acute", "micro", "para", "middot", "cedil", "sup1", "ordm",
                      "raquo", "frac14", "frac12", "frac34", "iquest", "Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig",
                      "Ccedil", "Egrave", "Eacute", "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml", "ETH", "Ntilde", "Ograve",
                      "Oacute", "Ocirc", "Otilde", "Ouml", "times", "Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml", "Yacute", "THORN",
                      "szlig", "agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig", "ccedil", "egrave", "eacute", "ecirc",
                      "euml", "igrave", "iacute", "icirc", "iuml", "eth", "ntilde", "ograve", "oacute", "ocirc", "otilde", "ouml",
                      "divide", "oslash", "ugrave", "uacute", "ucirc", "uuml", "yacute", "thorn", "yuml"]
        var m: [String: String] = [:]
        for (i, n) in latin1.enumerated() { m[n] = String(Unicode.Scalar(UInt32(0xA0 + i))!) }
        let more: [String: UInt32] = ["OElig": 0x152, "oelig": 0x153, "Scaron": 0x160, "scaron": 0x161, "Yuml": 0x178, "fnof": 0x192,
                                      "circ": 0x2C6, "tilde": 0x2DC, "ndash": 0x2013, "mdash": 0x2014, "lsquo": 0x2018, "rsquo": 0x2019,
                                      "ldquo": 0x201C, "rdquo": 0x201D, "hellip": 0x2026, "euro": 0x20AC, "trade": 0x2122]
        for (k, v) in more { m[k] = String(Unicode.Scalar(v)!) }
        return m
    }()
}
