/// A hash table from object identities to small integers, with open addressing and a
/// multiplicative hash of the address: a lookup costs a few instructions, where a `Dictionary`
/// keyed by `ObjectIdentifier` runs SipHash each time (name resolution looks up every author
/// slot of a corpus, hundreds of thousands of times).
struct IdentityTable {
    /// Addresses; 0 marks an empty place (no object lives at address 0).
    private var keys: [UInt]
    private var values: [Int32]
    private var bits: Int
    private(set) var count = 0

    /// A table for about `capacity` entries (it grows when needed).
    init(capacity: Int = 0) {
        var b = 4
        while (1 << b) < capacity * 2 { b += 1 }
        bits = b
        keys = [UInt](repeating: 0, count: 1 << b)
        values = [Int32](repeating: 0, count: 1 << b)
    }

    @inline(__always) private func home(_ key: UInt) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> UInt(64 - bits))
    }

    /// The value stored for `object`, if any.
    subscript(_ object: ObjectIdentifier) -> Int32? {
        let key = UInt(bitPattern: object)
        let mask = keys.count - 1
        var i = home(key)
        while true {
            let k = keys[i]
            if k == key { return values[i] }
            if k == 0 { return nil }
            i = (i + 1) & mask
        }
    }

    /// Stores `value` for `object`, which must not be in the table yet.
    mutating func insert(_ object: ObjectIdentifier, _ value: Int32) {
        if (count + 1) * 2 > keys.count { grow() }
        insert(key: UInt(bitPattern: object), value)
    }

    private mutating func insert(key: UInt, _ value: Int32) {
        let mask = keys.count - 1
        var i = home(key)
        while keys[i] != 0 { i = (i + 1) & mask }
        keys[i] = key
        values[i] = value
        count += 1
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        bits += 1
        keys = [UInt](repeating: 0, count: 1 << bits)
        values = [Int32](repeating: 0, count: 1 << bits)
        count = 0
        for i in oldKeys.indices where oldKeys[i] != 0 { insert(key: oldKeys[i], oldValues[i]) }
    }
}
