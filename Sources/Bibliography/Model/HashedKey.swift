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
