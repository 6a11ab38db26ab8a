import Foundation
import Rendering

/// Writes a drawing as DOT, or renders it through libgvc as SVG, PNG or PDF, chosen by extension.
public enum DiagramFile {
    /// Output kinds by file extension.
    public enum Kind: String, Sendable { case dot, svg, png, pdf, json }

    /// The kind a path's extension names, or nil.
    public static func format(of path: String) -> Kind? {
        Kind(rawValue: URL(fileURLWithPath: path).pathExtension.lowercased())
    }

    /// Renders `d` into `path` (atomically).
    public static func write(_ d: Drawing, to path: String, layout: String? = nil) throws {
        let dot = DOT.write(d)
        switch format(of: path) {
        case .dot?: try AtomicFile.write(dot, to: path)
        case .svg?: try AtomicFile.write(try GraphvizRenderer.render(dot: dot, layout: layout ?? d.layout, format: .svg), to: path)
        case .png?: try AtomicFile.write(try GraphvizRenderer.render(dot: dot, layout: layout ?? d.layout, format: .png), to: path)
        case .pdf?: try AtomicFile.write(try GraphvizRenderer.render(dot: dot, layout: layout ?? d.layout, format: .pdf), to: path)
        case .json?: try AtomicFile.write(try GraphvizRenderer.render(dot: dot, layout: layout ?? d.layout, format: .json), to: path)
        case nil: throw OutputError(path: path, reason: "unknown diagram format (use .svg, .png, .pdf, .dot or .json)")
        }
    }
}
