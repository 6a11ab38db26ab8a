import AuthorNames
import Foundation

/// Written names parsed once, whichever thread meets them first: the cache is in shards, each
/// with its own lock, so threads rarely wait for each other. Parsed names are immutable, so
/// sharing them is safe; it saves the parsing time and the memory of a name object per author
/// slot, and lets name resolution work once per distinct form.
final class NameCache: @unchecked Sendable {
    private static let shardCount = 16
    /// Beyond this many names per shard the shard starts over (memory stays bounded).
    private static let limit = 1_000_000 / shardCount
    private let parser: @Sendable (String) -> PersonName
    private var shards: [[HashedKey: PersonName]] = Array(repeating: [:], count: shardCount)
    private let locks = (0..<shardCount).map { _ in NSLock() }

    /// A cache of `parser`'s results.
    init(_ parser: @escaping @Sendable (String) -> PersonName) { self.parser = parser }

    /// `parser(written)`, parsed on the first call.
    func name(_ written: String) -> PersonName {
        let key = HashedKey(written)
        let s = Int(UInt(bitPattern: key.hash) % UInt(Self.shardCount))
        locks[s].lock()
        if let hit = shards[s][key] { locks[s].unlock(); return hit }
        locks[s].unlock()
        let parsed = parser(written)
        locks[s].lock()
        if shards[s].count >= Self.limit { shards[s].removeAll(keepingCapacity: true) }
        shards[s][key] = parsed
        locks[s].unlock()
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
