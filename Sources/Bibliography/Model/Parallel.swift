import Dispatch
import Foundation

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

/// Hands `value` to a thread of its own, which releases it at the lowest priority: freeing the
/// hundreds of thousands of objects and buffers of a large intermediate structure takes a noticeable
/// part of a serial stage, and that thread runs only when a core is otherwise idle. (Not a
/// dispatch queue: a busy pool thread would make `inParallel` run its two halves one after the
/// other.) The caller must not use `value` again.
func releaseInBackground<T>(_ value: consuming T) {
    let garbage = _Garbage(value)
    let thread = Thread {
        // On Linux the nice value is per thread, and 0 names the calling thread.
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19)
        garbage.value = nil
    }
    thread.start()
}

/// A value a background thread releases.
private final class _Garbage<T>: @unchecked Sendable {
    var value: T?
    init(_ value: consuming T) { self.value = value }
}
