import Dispatch
import Foundation
import Synchronization

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

/// A lock for critical sections of a few hundred nanoseconds (a hash-table lookup): a waiting
/// thread spins, and yields its core after a while (its holder may have been preempted). A mutex
/// would put a waiter to sleep in the kernel, which costs more than the wait.
enum SpinLock {
    @inline(__always)
    static func lock(_ l: UnsafeMutablePointer<Atomic<UInt32>>) {
        while !l.pointee.compareExchange(expected: 0, desired: 1, ordering: .acquiring).exchanged {
            var spins = 0
            while l.pointee.load(ordering: .relaxed) != 0 {
                spins += 1
                if spins >= 200 { sched_yield(); spins = 0 }
            }
        }
    }

    @inline(__always)
    static func unlock(_ l: UnsafeMutablePointer<Atomic<UInt32>>) {
        l.pointee.store(0, ordering: .releasing)
    }
}

/// Runs `body` on the two halves of `0..<count` at the same time, as half 0 and half 1; on all of
/// it at once, as half 0, when `count` is below `minimum` (a thread is not worth it). The two
/// calls must not write the same state.
func inHalves(_ count: Int, minimum: Int = 10_000, _ body: (_ half: Int, _ range: Range<Int>) -> Void) {
    if count < minimum {
        body(0, 0..<count)
        return
    }
    let mid = count / 2
    inParallel({ body(0, 0..<mid) }, { body(1, mid..<count) })
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

/// One batch of inputs turned into outputs on every core, in order: pieces of the batch are
/// claimed one at a time by the worker threads and by the calling thread when it would otherwise
/// wait, so no thread idles while another has work (see ``_OrderedBatches`` and the BibTeX reader).
final class _Batch<Input, Output>: @unchecked Sendable {
    let inputs: [Input]
    static var pieceSize: Int { 64 }
    let pieceCount: Int
    private let next = Atomic<Int>(0)
    /// Each piece's outputs, written by the one thread that claimed it.
    let results: UnsafeMutableBufferPointer<[Output]>
    let group = DispatchGroup()

    init(_ inputs: [Input]) {
        self.inputs = inputs
        pieceCount = (inputs.count + Self.pieceSize - 1) / Self.pieceSize
        results = .allocate(capacity: pieceCount)
        results.initialize(repeating: [])
    }

    deinit {
        results.deinitialize()
        results.deallocate()
    }

    /// Makes pieces until none is left; `piece` turns a range of `inputs` into its outputs.
    func work(_ piece: (Range<Int>) -> [Output]) {
        while true {
            let p = next.wrappingAdd(1, ordering: .relaxed).oldValue
            if p >= pieceCount { return }
            results[p] = piece((p * Self.pieceSize)..<min(inputs.count, (p + 1) * Self.pieceSize))
        }
    }
}

/// Turns a stream of inputs into outputs on every core, handing the outputs back in input order:
/// the caller adds inputs one at a time; each full batch is transformed by one thread per other
/// core while the caller gathers the next, and the caller joins in whenever it would wait. The
/// transform must be safe to run on several threads at once.
struct _OrderedBatches<Input, Output> {
    let batchSize: Int
    let transform: (Input) -> Output
    private var pending: [Input] = []
    private var inFlight: _Batch<Input, Output>?
    private let workers = max(1, ProcessInfo.processInfo.activeProcessorCount - 1)

    init(batchSize: Int = 2048, transform: @escaping (Input) -> Output) {
        self.batchSize = batchSize
        self.transform = transform
    }

    /// Adds an input; when a batch is full, the batch before it is finished and its outputs handed
    /// to `output`, in order.
    mutating func add(_ input: Input, output: (consuming Output) throws -> Void) rethrows {
        pending.append(input)
        guard pending.count >= batchSize else { return }
        let previous = inFlight
        inFlight = nil
        if let previous { work(on: previous) }
        previous?.group.wait()
        inFlight = launch(pending)
        pending = []
        if let previous { try hand(previous, to: output) }
    }

    /// Finishes every input added, handing the outputs to `output` in order.
    mutating func finish(output: (consuming Output) throws -> Void) rethrows {
        if let last = inFlight {
            inFlight = nil
            work(on: last)
            last.group.wait()
            try hand(last, to: output)
        }
        // The last inputs (a small input is transformed on this thread alone).
        let rest = pending
        pending = []
        for input in rest { try output(transform(input)) }
    }

    /// Transforms pieces of `batch` until none is left.
    private func work(on batch: _Batch<Input, Output>) { Self.transformPieces(of: batch, transform) }

    private static func transformPieces(of batch: _Batch<Input, Output>, _ transform: (Input) -> Output) {
        batch.work { range in range.map { transform(batch.inputs[$0]) } }
    }

    private func launch(_ inputs: [Input]) -> _Batch<Input, Output> {
        let batch = _Batch<Input, Output>(inputs)
        let work = _UncheckedSendable(value: (batch, transform))
        for _ in 0..<workers {
            DispatchQueue.global().async(group: batch.group) { Self.transformPieces(of: work.value.0, work.value.1) }
        }
        return batch
    }

    private func hand(_ batch: _Batch<Input, Output>, to output: (consuming Output) throws -> Void) rethrows {
        for p in batch.results.indices {
            // Moved out from the end of the reversed piece: an output made on another thread is not
            // copied (a copy would touch each of its reference counts once more).
            var part = batch.results[p]
            batch.results[p] = []
            part.reverse()
            while let item = part.popLast() { try output(item) }
        }
    }
}
