import AuthorNames
import Foundation
import Synchronization

/// Written names parsed once, whichever thread meets them first.
///
/// Names are looked up by their UTF-8 bytes, so a name met before costs a hash of its bytes and
/// one comparison: no string is made for it. The cache is in shards, each with its own lock and
/// its own table in memory that no reference count guards, so the threads of a read touch no
/// shared counter except the returned name's. The locks spin (``SpinLock``): a lookup holds one
/// for a few hundred nanoseconds, less than a sleep and wake-up by the kernel would take. Parsed
/// names are immutable, so sharing them is safe; it saves the parsing time and the memory of a
/// name object per author slot, and lets name resolution work once per distinct form.
///
/// Keys are bytes, not strings: two spellings that Swift's `String` would call equal (composed
/// and decomposed accents) are two entries, each parsed from what the source wrote.
final class NameCache: @unchecked Sendable {
    private static let shardCount = 16
    /// Beyond this many names per shard the shard starts over (memory stays bounded).
    private static let limit = 1_000_000 / shardCount
    private let parser: @Sendable (String) -> PersonName
    /// Shard `s` at `s * stride` bytes, its lock 64 bytes after it: no two shards, and no two
    /// locks, share a cache line, so the threads do not take lines from each other for unrelated
    /// shards.
    private let memory: UnsafeMutableRawPointer
    private static let stride = 128

    /// Key bytes kept in the slot itself: a name this long or shorter (nearly all) is compared
    /// within the slot's cache line, without reading the arena.
    fileprivate static let inlineBytes = 32

    /// A key's first ``inlineBytes`` bytes as four words, zero-padded.
    fileprivate typealias Words = (UInt64, UInt64, UInt64, UInt64)

    /// One shard: an open-addressing table of (hash, length, name, key bytes), one cache line per
    /// slot; keys longer than ``inlineBytes`` are kept whole in an arena.
    private struct Shard {
        struct Slot {
            var hash: UInt64
            var name: Unmanaged<PersonName>?
            var length: Int
            /// Where the key is in the arena, for keys longer than ``NameCache/inlineBytes``.
            var start: Int
            var words: Words
        }
        var slots: UnsafeMutablePointer<Slot>
        var mask: Int
        var count = 0
        var arena: UnsafeMutablePointer<UInt8>
        var arenaCount = 0
        var arenaCapacity: Int

        static let empty = Slot(hash: 0, name: nil, length: 0, start: 0, words: (0, 0, 0, 0))

        /// A table for about `expected` names (it grows when needed).
        init(expected: Int = 0) {
            var size = 256
            while size < (1 << 16) && size * 3 < expected * 4 { size *= 2 }
            mask = size - 1
            slots = Self.allocateSlots(mask + 1)
            arenaCapacity = 4096
            arena = .allocate(capacity: arenaCapacity)
        }

        /// Empty slots, aligned to cache lines.
        static func allocateSlots(_ n: Int) -> UnsafeMutablePointer<Slot> {
            let raw = UnsafeMutableRawPointer.allocate(byteCount: n * MemoryLayout<Slot>.stride, alignment: 64)
            let p = raw.bindMemory(to: Slot.self, capacity: n)
            p.initialize(repeating: empty, count: n)
            return p
        }

        /// Releases the names and the memory.
        func free() {
            for i in 0...mask { slots[i].name?.release() }
            UnsafeMutableRawPointer(slots).deallocate()
            arena.deallocate()
        }

        /// The name stored under these bytes (`words`: their first ``NameCache/inlineBytes``).
        func find(_ h: UInt64, _ key: UnsafeBufferPointer<UInt8>, _ words: Words) -> PersonName? {
            var i = Int(truncatingIfNeeded: h) & mask
            while let n = slots[i].name {
                if slots[i].hash == h && slots[i].length == key.count {
                    let w = slots[i].words
                    if w.0 == words.0 && w.1 == words.1 && w.2 == words.2 && w.3 == words.3
                        && (key.count <= NameCache.inlineBytes || memcmp(arena + slots[i].start, key.baseAddress!, key.count) == 0)
                    {
                        return n.takeUnretainedValue()
                    }
                }
                i = (i + 1) & mask
            }
            return nil
        }

        /// Stores a name not yet in the table.
        mutating func insert(_ h: UInt64, _ key: UnsafeBufferPointer<UInt8>, _ words: Words, _ name: PersonName) {
            if (count + 1) * 4 > (mask + 1) * 3 { grow() }
            var start = 0
            if key.count > NameCache.inlineBytes {
                if arenaCount + key.count > arenaCapacity {
                    var c = arenaCapacity * 2
                    while c < arenaCount + key.count { c *= 2 }
                    let a = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
                    a.update(from: arena, count: arenaCount)
                    arena.deallocate()
                    arena = a
                    arenaCapacity = c
                }
                (arena + arenaCount).update(from: key.baseAddress!, count: key.count)
                start = arenaCount
                arenaCount += key.count
            }
            var i = Int(truncatingIfNeeded: h) & mask
            while slots[i].name != nil { i = (i + 1) & mask }
            slots[i] = Slot(hash: h, name: .passRetained(name), length: key.count, start: start, words: words)
            count += 1
        }

        private mutating func grow() {
            let old = slots, oldMask = mask
            mask = (mask + 1) * 2 - 1
            slots = Self.allocateSlots(mask + 1)
            for j in 0...oldMask where old[j].name != nil {
                var i = Int(truncatingIfNeeded: old[j].hash) & mask
                while slots[i].name != nil { i = (i + 1) & mask }
                slots[i] = old[j]
            }
            UnsafeMutableRawPointer(old).deallocate()
        }
    }

    /// A cache of `parser`'s results, sized for about `expectedNames` names (0: small).
    init(expectedNames: Int = 0, _ parser: @escaping @Sendable (String) -> PersonName) {
        precondition(MemoryLayout<Shard>.size <= 64 && MemoryLayout<Shard.Slot>.stride == 64 && MemoryLayout<Atomic<UInt32>>.size <= 64)
        self.parser = parser
        memory = .allocate(byteCount: Self.shardCount * Self.stride, alignment: 64)
        for s in 0..<Self.shardCount {
            shard(s).initialize(to: Shard(expected: min(expectedNames, Self.limit * Self.shardCount) / Self.shardCount))
            lock(s).initialize(to: Atomic(0))
        }
    }

    deinit {
        for s in 0..<Self.shardCount {
            shard(s).pointee.free()
            shard(s).deinitialize(count: 1)
            lock(s).deinitialize(count: 1)
        }
        memory.deallocate()
    }

    @inline(__always)
    private func shard(_ s: Int) -> UnsafeMutablePointer<Shard> {
        (memory + s * Self.stride).assumingMemoryBound(to: Shard.self)
    }

    @inline(__always)
    private func lock(_ s: Int) -> UnsafeMutablePointer<Atomic<UInt32>> {
        (memory + s * Self.stride + 64).assumingMemoryBound(to: Atomic<UInt32>.self)
    }

    /// `parser(written)`, parsed on the first call.
    func name(_ written: String) -> PersonName {
        var w = written
        return w.withUTF8 { name(bytes: $0) }
    }

    /// The parsed name written as these UTF-8 bytes, parsed on the first call.
    func name(bytes: UnsafeBufferPointer<UInt8>) -> PersonName {
        let h = ByteHash.hash(bytes, seed: ByteHash.processSeed)  // random per process: no aimed collisions
        let s = Int(truncatingIfNeeded: h >> 59) & (Self.shardCount - 1)
        let shard = shard(s), lock = lock(s)
        var words: Words = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &words) { w in
            if let base = bytes.baseAddress { w.baseAddress!.copyMemory(from: base, byteCount: min(bytes.count, Self.inlineBytes)) }
        }
        SpinLock.lock(lock)
        if let hit = shard.pointee.find(h, bytes, words) {
            SpinLock.unlock(lock)
            return hit
        }
        SpinLock.unlock(lock)
        // Parsed outside the lock; another thread may parse the same name meanwhile, and the first
        // stored wins, so every slot written this way shares one object.
        let parsed = parser(String(decoding: bytes, as: UTF8.self))
        SpinLock.lock(lock)
        defer { SpinLock.unlock(lock) }
        if let hit = shard.pointee.find(h, bytes, words) { return hit }
        if shard.pointee.count >= Self.limit {
            shard.pointee.free()
            shard.pointee = Shard()
        }
        shard.pointee.insert(h, bytes, words, parsed)
        return parsed
    }
}

/// The names of the free-form readers (every format but BibTeX, which has its own rules and a
/// cache per read): one cache per process.
enum ParsedNames {
    private static let shared = NameCache { NameParser.parse($0) }

    /// `NameParser.parse(written)`, from the cache when it was parsed before.
    static func parse(_ written: String) -> PersonName { shared.name(written) }
}
