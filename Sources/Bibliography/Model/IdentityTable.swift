/// A hash table from object identities to small integers, with open addressing and a
/// multiplicative hash of the address: a lookup costs a few instructions, where a `Dictionary`
/// keyed by `ObjectIdentifier` runs SipHash each time (name resolution looks up every author
/// slot of a corpus, hundreds of thousands of times). Each address is stored next to its value,
/// so a lookup in a table too large for the cache misses it once, not twice.
struct IdentityTable {
    private struct Entry {
        /// The address; 0 marks an empty place (no object lives at address 0).
        var key: UInt
        var value: Int32
    }
    private var entries: [Entry]
    private var bits: Int
    private(set) var count = 0

    /// A table for about `capacity` entries (it grows when needed).
    init(capacity: Int = 0) {
        var b = 4
        while (1 << b) < capacity * 2 { b += 1 }
        bits = b
        entries = [Entry](repeating: Entry(key: 0, value: 0), count: 1 << b)
    }

    @inline(__always) private func home(_ key: UInt) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> UInt(64 - bits))
    }

    /// The value stored for `object`, if any.
    subscript(_ object: ObjectIdentifier) -> Int32? {
        let key = UInt(bitPattern: object)
        return entries.withUnsafeBufferPointer { e -> Int32? in
            let mask = e.count - 1
            var i = home(key)
            while true {
                let k = e[i].key
                if k == key { return e[i].value }
                if k == 0 { return nil }
                i = (i + 1) & mask
            }
        }
    }

    /// Stores `value` for `object`, which must not be in the table yet.
    mutating func insert(_ object: ObjectIdentifier, _ value: Int32) {
        if (count + 1) * 2 > entries.count { grow() }
        insert(key: UInt(bitPattern: object), value)
    }

    private mutating func insert(key: UInt, _ value: Int32) {
        let mask = entries.count - 1
        var i = home(key)
        while entries[i].key != 0 { i = (i + 1) & mask }
        entries[i] = Entry(key: key, value: value)
        count += 1
    }

    private mutating func grow() {
        let old = entries
        bits += 1
        entries = [Entry](repeating: Entry(key: 0, value: 0), count: 1 << bits)
        count = 0
        for e in old where e.key != 0 { insert(key: e.key, e.value) }
    }
}
