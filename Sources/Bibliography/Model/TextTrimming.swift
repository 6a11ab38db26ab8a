import Foundation

// Trimming and splitting on the UTF-8 bytes: what Foundation's `trimmingCharacters(in:)` and
// `components(separatedBy:)` give (`CSVRowsTests` compares them), without copying the text
// through NSString, which costs microseconds per call and seconds on a large cell.

extension String {
    /// The cell without leading and trailing white space and newlines (Foundation's
    /// `.whitespacesAndNewlines`).
    func trimmedCell() -> String {
        trimmed(asciiSpace: { $0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0D) }, else: .whitespacesAndNewlines)
    }

    /// The text without leading and trailing horizontal white space (Foundation's `.whitespaces`:
    /// spaces, tabs and the other Unicode space separators, no line breaks).
    func trimmingHorizontalWhitespace() -> String {
        trimmed(asciiSpace: { $0 == 0x20 || $0 == 0x09 }, else: .whitespaces)
    }

    /// The text with the ASCII bytes of `set` (those `asciiSpace` accepts) trimmed from both ends
    /// on the bytes; Foundation trims by `set` only when a non-ASCII character is then at an end.
    @inline(__always)
    private func trimmed(asciiSpace: (UInt8) -> Bool, else set: CharacterSet) -> String {
        var copy = self
        let (a, b, count, nonASCIIEnd) = copy.withUTF8 { p -> (Int, Int, Int, Bool) in
            var a = 0, b = p.count
            while a < b, asciiSpace(p[a]) { a += 1 }
            while b > a, asciiSpace(p[b - 1]) { b -= 1 }
            return (a, b, p.count, a < b && (p[a] >= 0x80 || p[b - 1] >= 0x80))
        }
        let trimmed = a == 0 && b == count ? self : copy.withUTF8 { String(decoding: UnsafeBufferPointer(rebasing: $0[a..<b]), as: UTF8.self) }
        return nonASCIIEnd ? trimmed.trimmingCharacters(in: set) : trimmed
    }

    /// True when the UTF-8 bytes of `needle` occur in the text's.
    func contains(bytesOf needle: String) -> Bool {
        var copy = self
        return copy.withUTF8 { p in Self.occurrences(of: needle, in: p, first: true).count > 0 }
    }

    /// The text cut at every occurrence of `separator`'s bytes, empty pieces kept (as
    /// `components(separatedBy:)` cuts).
    func pieces(separatedBy separator: String) -> [String] {
        var copy = self
        return copy.withUTF8 { p -> [String] in
            var out: [String] = []
            var start = 0
            let n = separator.utf8.count
            for k in Self.occurrences(of: separator, in: p, first: false) {
                out.append(String(decoding: UnsafeBufferPointer(rebasing: p[start..<k]), as: UTF8.self))
                start = k + n
            }
            out.append(String(decoding: UnsafeBufferPointer(rebasing: p[start...]), as: UTF8.self))
            return out
        }
    }

    /// Where `needle`'s bytes start in `p`, left to right, not overlapping (only the first when `first`).
    private static func occurrences(of needle: String, in p: UnsafeBufferPointer<UInt8>, first: Bool) -> [Int] {
        let nb = Array(needle.utf8)
        guard let lead = nb.first, nb.count <= p.count else { return [] }
        var found: [Int] = []
        var k = 0
        while k + nb.count <= p.count {
            if p[k] == lead && (1..<nb.count).allSatisfy({ p[k + $0] == nb[$0] }) {
                found.append(k)
                if first { break }
                k += nb.count
            } else {
                k += 1
            }
        }
        return found
    }
}

extension Substring {
    /// ``Swift/String/trimmingHorizontalWhitespace()`` of this text.
    func trimmingHorizontalWhitespace() -> String { String(self).trimmingHorizontalWhitespace() }
}
