import Foundation

/// Stage timings for benchmarks: recorded always (cheap), printed on stderr as
/// JSON when the environment variable `COAUTHOR_TIMINGS` is set.
public final class Timings: @unchecked Sendable {
    /// The process-wide recorder.
    public static let shared = Timings()
    private let lock = NSLock()
    private var stages: [(String, Double)] = []

    /// True when `COAUTHOR_TIMINGS` is set.
    public static let enabled = ProcessInfo.processInfo.environment["COAUTHOR_TIMINGS"] != nil

    /// Runs `body` and records its wall time under `name`.
    @discardableResult
    public static func measure<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        let t0 = DispatchTime.now().uptimeNanoseconds
        let r = try body()
        let dt = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
        shared.lock.lock()
        shared.stages.append((name, dt))
        shared.lock.unlock()
        return r
    }

    /// Records the time since the previous lap (or since it was made) under each name.
    public struct Lap {
        var last = DispatchTime.now().uptimeNanoseconds
        /// Starts timing.
        public init() {}
        /// Records the time since the previous mark as `name`.
        public mutating func mark(_ name: String) {
            let now = DispatchTime.now().uptimeNanoseconds
            Timings.shared.record(name, Double(now - last) / 1e9)
            last = now
        }
    }

    func record(_ name: String, _ seconds: Double) {
        lock.lock()
        stages.append((name, seconds))
        lock.unlock()
    }

    /// The recorded stages as a JSON object (seconds, 4 decimals), in order.
    public func json() -> String {
        lock.lock()
        defer { lock.unlock() }
        return "{" + stages.map { "\"\($0.0)\": \(String(format: "%.4f", $0.1))" }.joined(separator: ", ") + "}"
    }

    /// Prints the stages on stderr when enabled.
    public static func report() {
        if enabled { FileHandle.standardError.write(Data(("timings: " + shared.json() + "\n").utf8)) }
    }
}
