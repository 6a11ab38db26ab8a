import Dispatch

/// A value shared by the parts of ``_inParts(_:parts:_:)``, which touch disjoint pieces of it.
struct _Shared<T>: @unchecked Sendable {
    let value: T
}

/// How many parts the searches from many sources are split into: enough to keep the cores of a
/// large machine busy and to even out parts of unequal cost on a small one.
let _searchParts = 16

/// Runs `body` on `parts` consecutive ranges of `0..<count` at once (as many at a time as the
/// machine has cores) and returns the results in order. The ranges depend on `count` and `parts`
/// alone, never on the number of cores, so results combined in part order are the same on every
/// machine.
func _inParts<T>(_ count: Int, parts: Int = _searchParts, _ body: @Sendable (_ range: Range<Int>) -> T) -> [T] {
    let p = max(1, min(parts, count))
    if p == 1 { return [body(0..<count)] }
    return [T](unsafeUninitializedCapacity: p) { buffer, initialized in
        let out = _Shared(value: buffer)
        DispatchQueue.concurrentPerform(iterations: p) { k in
            (out.value.baseAddress! + k).initialize(to: body(count * k / p..<count * (k + 1) / p))
        }
        initialized = p
    }
}
