/// Counting and finding bytes eight at a time (SWAR: "SIMD within a register"): a word's byte
/// equal to `b` is a zero byte of the word XOR `b` repeated, and zero bytes are found exactly
/// with `~(((x & 0x7F…) + 0x7F…) | x | 0x7F…)`. Several times faster than a loop over the bytes,
/// for the scans that run over every field of large files.
public enum ByteCount {
    public static let ones: UInt64 = 0x0101_0101_0101_0101
    public static let highs: UInt64 = 0x8080_8080_8080_8080

    /// The high bit of each byte of `x` that is zero (no borrow crosses bytes).
    @inlinable @inline(__always)
    public static func zeroBytes(_ x: UInt64) -> UInt64 {
        // ((x & 0x7F…) + 0x7F…) sets a byte's high bit when its low seven bits are not all zero.
        ~(((x & ~highs) &+ ~highs) | x | ~highs)
    }

    /// The high bit of each byte of `w` equal to `b`.
    @inlinable @inline(__always)
    public static func equal(_ w: UInt64, _ b: UInt8) -> UInt64 { zeroBytes(w ^ (ones &* UInt64(b))) }

    /// The first index from `i` on that the caller must look at: words of eight bytes in which
    /// `marks` finds nothing (it gives the high bit of each byte wanted, from ``equal(_:_:)``) are
    /// skipped, and the result is a wanted byte or where fewer than eight bytes are left, up to
    /// `p.count`. The caller takes the bytes from there one at a time, and calls again after each.
    @inlinable @inline(__always)
    public static func skip(_ p: UnsafeBufferPointer<UInt8>, from i: Int, unless marks: (UInt64) -> UInt64) -> Int {
        guard let base = p.baseAddress else { return i }
        let raw = UnsafeRawPointer(base)
        var j = i
        while j + 8 <= p.count {
            let m = marks(raw.loadUnaligned(fromByteOffset: j, as: UInt64.self))
            if m != 0 { return j + (m.trailingZeroBitCount >> 3) }
            j += 8
        }
        return j
    }

    /// How many bytes of `p` equal `b`.
    public static func count(_ b: UInt8, in p: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = p.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        var n = 0, i = 0
        while i + 8 <= p.count {
            // One bit per matching byte, added up by a multiplication into the top byte (the
            // portable x86-64 target has no population-count instruction).
            n += Int(((equal(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self), b) >> 7) &* ones) >> 56)
            i += 8
        }
        while i < p.count { if base[i] == b { n += 1 }; i += 1 }
        return n
    }
}

/// Tables of one byte per byte value, for scans that would otherwise branch on each byte's class.
enum ByteTable {
    /// The table of `value` over all 256 byte values, made once and never written after (a
    /// pointer, not an array: a lookup needs no bounds check and no reference count).
    static func make(_ value: (UInt8) -> UInt8) -> UnsafePointer<UInt8> {
        let t = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        for b in 0..<256 { (t + b).initialize(to: value(UInt8(b))) }
        return UnsafePointer(t)
    }
}
