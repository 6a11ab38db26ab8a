import AuthorNames
import Foundation

/// Decodes bytes to text: UTF-8, with Windows-1252 (a superset of Latin-1 in
/// the printable range) as the fallback for bytes that are not valid UTF-8.
public enum TextDecoding {
    /// Windows-1252's 0x80–0x9F block; the rest of the high half is Latin-1.
    static let cp1252High: [UInt32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
        0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ]

    /// Decodes `bytes` as UTF-8; when they are not valid UTF-8, as Windows-1252.
    ///
    /// - Returns: the text and whether the fallback was used.
    public static func decode<C: Collection>(_ bytes: C) -> (text: String, fallback: Bool) where C.Element == UInt8 {
        // ASCII is valid UTF-8 as it is; checking for it on contiguous bytes is much cheaper than validating.
        if bytes.withContiguousStorageIfAvailable({ !$0.contains(where: { $0 >= 0x80 }) }) == true {
            return (String(decoding: bytes, as: UTF8.self), false)
        }
        if let s = String(validating: bytes, as: UTF8.self) { return (s, false) }
        return (windows1252(bytes), true)
    }

    /// Decodes `bytes` as Windows-1252.
    public static func windows1252<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var out = String.UnicodeScalarView()
        for b in bytes {
            if b >= 0x80 && b < 0xA0 {
                out.append(Unicode.Scalar(cp1252High[Int(b - 0x80)]) ?? "\u{FFFD}")
            } else {
                out.append(Unicode.Scalar(b))
            }
        }
        return String(out)
    }

    /// Keeps every valid UTF-8 sequence and reads each byte that is not part of one as
    /// Windows-1252; returns the repaired bytes and the offset of the first such byte (nil when
    /// the input was valid UTF-8).
    public static func repairingUTF8(_ bytes: [UInt8]) -> (bytes: [UInt8], firstBad: Int?) {
        var out: [UInt8] = []
        var firstBad: Int?
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 { if firstBad != nil { out.append(b) }; i += 1; continue }
            // Length and validity of the sequence starting at i (RFC 3629: no overlongs, no surrogates).
            var len = 0
            if b >= 0xC2 && b <= 0xDF { len = 2 } else if b >= 0xE0 && b <= 0xEF { len = 3 } else if b >= 0xF0 && b <= 0xF4 { len = 4 }
            var ok = len > 0 && i + len <= n
            if ok {
                for k in 1..<len where bytes[i + k] & 0xC0 != 0x80 { ok = false }
            }
            if ok && len == 3 {
                let c = bytes[i + 1]
                if (b == 0xE0 && c < 0xA0) || (b == 0xED && c > 0x9F) { ok = false }
            }
            if ok && len == 4 {
                let c = bytes[i + 1]
                if (b == 0xF0 && c < 0x90) || (b == 0xF4 && c > 0x8F) { ok = false }
            }
            if ok {
                if firstBad != nil { out.append(contentsOf: bytes[i..<(i + len)]) }
                i += len
                continue
            }
            if firstBad == nil {
                firstBad = i
                out.reserveCapacity(n + 16)
                out.append(contentsOf: bytes[0..<i])
            }
            out.append(contentsOf: windows1252(CollectionOfOne(b)).utf8)
            i += 1
        }
        return firstBad == nil ? (bytes, nil) : (out, firstBad)
    }
}

/// A chunked byte stream with the byte-order mark handled: a UTF-8 BOM is
/// dropped, UTF-16 (either order, with BOM) is converted to UTF-8. Readers see
/// UTF-8 (or, for legacy files, single-byte text they decode per record).
public final class TextInput {
    /// The underlying source.
    public let source: InputSource
    private var first = true
    private var converted: [UInt8]?
    /// Set when the input was UTF-16 and converted.
    public private(set) var encodingNote: String?
    /// NUL bytes removed (no text format has them; binary data or a damaged file).
    public private(set) var nulBytesRemoved = 0
    /// The line of the first NUL byte removed.
    public private(set) var firstNulLine: Int?
    private var linesBefore = 0  // line breaks in the chunks already handed out
    private var lastWasCR = false
    /// Line breaks in the text handed out so far (so the input ended on line `linesRead + 1`).
    public var linesRead: Int { linesBefore }

    /// Wraps a source.
    public init(_ source: InputSource) { self.source = source }

    /// The input's name as given.
    public var name: String { source.name }

    /// UTF-16 byte order from a BOM, or from the pattern of zero bytes of mostly-ASCII text
    /// (big-endian: zeros at even offsets); nil when the text is not UTF-16.
    static func utf16Order(_ c: [UInt8]) -> Bool? {
        if c.starts(with: [0xFE, 0xFF]) { return true }
        if c.starts(with: [0xFF, 0xFE]) { return false }
        let n = min(c.count, 512) & ~1
        guard n >= 8 else { return nil }
        var evenZero = 0, oddZero = 0
        for i in stride(from: 0, to: n, by: 2) {
            if c[i] == 0 { evenZero += 1 }
            if c[i + 1] == 0 { oddZero += 1 }
        }
        let pairs = n / 2
        if evenZero * 10 >= pairs * 7 && oddZero * 10 <= pairs { return true }
        if oddZero * 10 >= pairs * 7 && evenZero * 10 <= pairs { return false }
        return nil
    }

    /// Returns the first chunk without consuming it (for format detection).
    public func peekHead() throws -> [UInt8] {
        if let c = converted { return c }
        var head = try nextChunk() ?? []
        // Look at up to 64 KiB: enough for any format's signature.
        while head.count < 65536, let more = try nextChunk() { head += more }
        converted = head
        return head
    }

    /// The next chunk of UTF-8 (or legacy single-byte) text, or nil at the end.
    public func nextChunk() throws -> [UInt8]? {
        if let c = converted { converted = nil; return c.isEmpty ? nil : c }
        guard let raw = try rawChunk() else { return nil }
        return removingNul(raw)
    }

    /// Drops NUL bytes (counted, with the line of the first) and counts line breaks as
    /// ``LineReader`` does (LF, CR, or CRLF as one).
    private func removingNul(_ chunk: [UInt8]) -> [UInt8] {
        let (hasNul, hasCR) = chunk.withUnsafeBufferPointer { p -> (Bool, Bool) in
            guard let base = p.baseAddress else { return (false, false) }
            return (memchr(base, 0, p.count) != nil, memchr(base, 0x0D, p.count) != nil)
        }
        if !hasNul && !hasCR && !lastWasCR {
            // The common case: LF line breaks only, nothing to remove.
            linesBefore += chunk.withUnsafeBufferPointer { ByteCount.count(0x0A, in: $0) }
            lastWasCR = false
            return chunk
        }
        var out: [UInt8] = []
        if hasNul { out.reserveCapacity(chunk.count) }
        var lines = linesBefore, cr = lastWasCR
        chunk.withUnsafeBufferPointer { p in
            for b in p {
                if b == 0x0A {
                    if !cr { lines += 1 }
                    cr = false
                } else if b == 0x0D {
                    lines += 1
                    cr = true
                } else {
                    cr = false
                    if b == 0 {
                        if firstNulLine == nil { firstNulLine = lines + 1 }
                        nulBytesRemoved += 1
                        continue
                    }
                }
                if hasNul { out.append(b) }
            }
        }
        linesBefore = lines
        lastWasCR = cr
        return hasNul ? out : chunk
    }

    private func rawChunk() throws -> [UInt8]? {
        guard var chunk = try source.nextChunk() else { return nil }
        if first {
            first = false
            // Make sure we see at least four bytes for BOM sniffing.
            while chunk.count < 4, let more = try source.nextChunk() { chunk += more }
            if chunk.starts(with: [0xEF, 0xBB, 0xBF]) {
                chunk.removeFirst(3)
                if chunk.isEmpty { return try rawChunk() }
            } else if let bigEndian = Self.utf16Order(chunk) {
                let hasBOM = chunk.starts(with: [0xFE, 0xFF]) || chunk.starts(with: [0xFF, 0xFE])
                var all = Array(chunk.dropFirst(hasBOM ? 2 : 0))
                while let more = try source.nextChunk() { all += more }
                var units: [UInt16] = []
                units.reserveCapacity(all.count / 2)
                var i = 0
                while i + 1 < all.count {
                    units.append(bigEndian ? UInt16(all[i]) << 8 | UInt16(all[i + 1]) : UInt16(all[i + 1]) << 8 | UInt16(all[i]))
                    i += 2
                }
                let text = String(decoding: units, as: UTF16.self)
                encodingNote = "read as UTF-16 (\(bigEndian ? "big" : "little")-endian, \(hasBOM ? "from its byte-order mark" : "guessed from the zero bytes; it has no byte-order mark"))"
                return Array(text.utf8)
            }
        }
        return chunk
    }
}

/// Splits a text input into lines (LF, CRLF or CR), numbering them from 1.
///
/// Memory is bounded by the longest line plus one chunk.
public struct LineReader {
    private let input: TextInput
    private var buffer: [UInt8] = []
    private var start = 0
    private var eof = false
    /// The number of the line most recently returned.
    public private(set) var lineNumber = 0
    private var skipLF = false
    private var scanned = 0  // no line terminator in buffer[start..<scanned]

    /// Reads lines from `input`.
    public init(_ input: TextInput) { self.input = input }

    /// The next line's bytes without its terminator, or nil at the end.
    public mutating func nextLine() throws -> ArraySlice<UInt8>? {
        while true {
            if skipLF && start < buffer.count {
                if buffer[start] == 0x0A { start += 1 }
                skipLF = false
            }
            if let idx = buffer[max(start, scanned)...].firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) {
                let line = buffer[start..<idx]
                if buffer[idx] == 0x0D { skipLF = true }
                start = idx + 1
                scanned = start
                lineNumber += 1
                return line
            }
            scanned = buffer.count
            if eof {
                if start < buffer.count {
                    let line = buffer[start...]
                    start = buffer.count
                    lineNumber += 1
                    return line
                }
                return nil
            }
            // Compact and refill.
            if start > 0 { buffer.removeFirst(start); scanned -= start; start = 0 }
            if let c = try input.nextChunk() { buffer.append(contentsOf: c) } else { eof = true }
        }
    }

    /// The next line decoded as text (UTF-8, or Windows-1252 when it is not valid UTF-8).
    public mutating func nextTextLine() throws -> (text: String, fallback: Bool)? {
        guard let bytes = try nextLine() else { return nil }
        return TextDecoding.decode(bytes)
    }
}
