import CGraphviz
import Foundation

/// Why Graphviz could not lay out or render a graph.
public struct GraphvizError: Error, CustomStringConvertible, Sendable {
    /// Graphviz's own message, or ours when it gave none.
    public var message: String
    public var description: String { "Graphviz: \(message)" }
}

/// Lays out and renders DOT text in-process through libgvc (no `dot` process).
///
/// Graphviz keeps global state and is not thread-safe, so every call holds a
/// process-wide lock. Before each call the library's error state is reset
/// (`agreseterrors`) and its messages are captured (`agseterrf`) instead of
/// printed, so a failure is returned as a ``GraphvizError`` and does not
/// poison later calls. Every resource is freed on every path: the render
/// buffer (`gvFreeRenderData`), the layout (`gvFreeLayout`), the graph
/// (`agclose`) and the context (`gvFreeContext`).
public enum GraphvizRenderer {
    /// Output formats.
    public enum Format: String, CaseIterable, Sendable {
        case svg, png, pdf, json
        /// The device name Graphviz knows it by (cairo for PNG and PDF, for antialiasing).
        var device: String {
            switch self {
            case .svg: return "svg"
            case .png: return "png:cairo"
            case .pdf: return "pdf:cairo"
            case .json: return "json"
            }
        }
    }

    /// Layout engines.
    public static let layouts = ["dot", "neato", "fdp", "sfdp", "circo", "twopi"]

    private static let lock = NSLock()

    /// Lays out `dot` with `layout` and renders it as `format`.
    public static func render(dot: String, layout: String, format: Format) throws -> [UInt8] {
        guard layouts.contains(layout) else { throw GraphvizError(message: "unknown layout engine \"\(layout)\"") }
        lock.lock()
        defer { lock.unlock() }
        _GraphvizErrors.reset()
        _ = agseterrf(_graphvizErrorCallback)
        agreseterrors()
        guard let gvc = gvContext() else { throw GraphvizError(message: "could not create a Graphviz context") }
        defer { gvFreeContext(gvc) }
        guard let g = dot.withCString({ agmemread($0) }) else {
            throw GraphvizError(message: _GraphvizErrors.take() ?? "the DOT text could not be parsed")
        }
        defer { agclose(g) }
        if gvLayout(gvc, g, layout) != 0 {
            throw GraphvizError(message: _GraphvizErrors.take() ?? "layout \(layout) failed")
        }
        defer { gvFreeLayout(gvc, g) }
        var buffer: UnsafeMutablePointer<CChar>?
        var length: UInt32 = 0
        let rc = gvRenderData(gvc, g, format.device, &buffer, &length)
        defer { if let b = buffer { gvFreeRenderData(b) } }
        if rc != 0 || buffer == nil {
            throw GraphvizError(message: _GraphvizErrors.take() ?? "rendering as \(format.rawValue) failed")
        }
        return buffer!.withMemoryRebound(to: UInt8.self, capacity: Int(length)) { Array(UnsafeBufferPointer(start: $0, count: Int(length))) }
    }

    /// The Graphviz version the library reports.
    public static var version: String {
        lock.lock()
        defer { lock.unlock() }
        guard let gvc = gvContext() else { return "unknown" }
        defer { gvFreeContext(gvc) }
        return gvcVersion(gvc).map { String(cString: $0) } ?? "unknown"
    }
}

/// Messages Graphviz reported during the current call (guarded by the renderer's lock).
enum _GraphvizErrors {
    nonisolated(unsafe) static var messages: [String] = []
    static func reset() { messages = [] }
    static func take() -> String? {
        let m = messages.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        messages = []
        return m.isEmpty ? nil : m.joined(separator: "; ")
    }
}

/// Receives Graphviz's error and warning text instead of letting it print on stderr.
private func _graphvizErrorCallback(_ text: UnsafeMutablePointer<CChar>?) -> Int32 {
    if let text { _GraphvizErrors.messages.append(String(cString: text)) }
    return 0
}
