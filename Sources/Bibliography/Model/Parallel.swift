import Dispatch

/// A value handed to another thread by code that guarantees its exclusive use there.
struct _UncheckedSendable<T>: @unchecked Sendable {
    let value: T
}

/// Runs `first` and `second` at the same time (on the calling thread and one other, when the
/// machine has two cores) and returns when both are done. The two must not touch the same
/// mutable state.
func inParallel(_ first: () -> Void, _ second: () -> Void) {
    withoutActuallyEscaping(first) { a in
        withoutActuallyEscaping(second) { b in
            let work = _UncheckedSendable(value: (a, b))
            DispatchQueue.concurrentPerform(iterations: 2) { i in
                if i == 0 { work.value.0() } else { work.value.1() }
            }
        }
    }
}

/// Hands `value` to a background thread, which releases it: freeing the hundreds of thousands of
/// objects and buffers of a large intermediate structure takes a serial stage a noticeable part
/// of its time, while the other core has nothing to do. The caller must not use `value` again
/// (its copies only share it; the last release, wherever it happens, frees it).
func releaseInBackground<T>(_ value: consuming T) {
    let box = _UncheckedSendable(value: value)
    DispatchQueue.global(qos: .utility).async { withExtendedLifetime(box) {} }
}
