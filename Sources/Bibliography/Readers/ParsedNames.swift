import AuthorNames
import Foundation

/// Written names parsed once per process: the readers of free-form names (every format but
/// BibTeX, which keeps its own cache of its own rules) share one instance per distinct written
/// string. Parsed names are immutable, so sharing is safe; it saves the parsing time and the
/// memory of a name object per author slot, and lets name resolution work once per distinct form.
enum ParsedNames {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var cache: [String: PersonName] = [:]
    /// Beyond this many distinct names the cache starts over (memory stays bounded).
    static let limit = 1_000_000

    /// `NameParser.parse(written)`, from the cache when it was parsed before.
    static func parse(_ written: String) -> PersonName {
        lock.lock()
        if let hit = cache[written] { lock.unlock(); return hit }
        lock.unlock()
        let parsed = NameParser.parse(written)
        lock.lock()
        if cache.count >= limit { cache.removeAll(keepingCapacity: true) }
        cache[written] = parsed
        lock.unlock()
        return parsed
    }
}
