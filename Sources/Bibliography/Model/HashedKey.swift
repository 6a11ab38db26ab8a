import AuthorNames

/// A string with its hash computed once (on whichever thread made it): dictionaries keyed by it
/// hash an integer, and compare the text only when the hashes are equal.
struct HashedKey: Hashable, Sendable {
    let text: String
    let hash: Int

    init(_ text: String) {
        self.text = text
        hash = text.hashValue
    }

    static func == (a: HashedKey, b: HashedKey) -> Bool { a.hash == b.hash && a.text == b.text }
    func hash(into h: inout Hasher) { h.combine(hash) }
}

/// Bytes with their hash computed once (on whichever thread made them), compared byte for byte:
/// for keys built as bytes (folded titles), which need no string; ``ByteKeyChains`` indexes them.
/// Folded keys hold no combining marks, so byte equality is the equality they need.
struct ByteKey: Equatable, Sendable {
    let bytes: [UInt8]
    let hash: Int

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        hash = Int(truncatingIfNeeded: bytes.withUnsafeBufferPointer { ByteHash.hash($0, seed: ByteHash.processSeed) })
    }

    /// The key of `count` bytes that `fill` writes (every one of them).
    init(count: Int, fill: (UnsafeMutablePointer<UInt8>) -> Void) {
        self.init([UInt8](capacity: count) { out in
            fill(out)
            return count
        }!)
    }

    static func == (a: ByteKey, b: ByteKey) -> Bool { a.hash == b.hash && a.bytes == b.bytes }
}

/// A fast 64-bit hash of bytes, seeded: eight bytes at a time, each step a multiply and a shift,
/// then MurmurHash3's final mix, so every input bit reaches every output bit. The seed is random
/// per process, so a crafted input cannot aim at collisions.
enum ByteHash {
    /// This process's seed.
    static let processSeed: UInt64 = {
        var g = SystemRandomNumberGenerator()
        return g.next()
    }()

    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>, seed: UInt64) -> UInt64 {
        var h = seed ^ (UInt64(bytes.count) &* 0x9E37_79B9_7F4A_7C15)
        guard let base = bytes.baseAddress else { return h }
        let raw = UnsafeRawPointer(base)
        let n = bytes.count
        var i = 0
        while i + 8 <= n {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
            i += 8
        }
        if i < n {
            var w: UInt64 = 0
            var shift: UInt64 = 0
            while i < n { w |= UInt64(base[i]) << shift; shift += 8; i += 1 }
            h = (h ^ w) &* 0x94D0_49BB_1331_11EB
            h ^= h >> 29
        }
        h ^= h >> 33
        h &*= 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h &*= 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return h
    }
}
