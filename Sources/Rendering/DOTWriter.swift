/// A node of a diagram, styled.
public struct DrawNode: Sendable {
    /// Stable identifier (written as `n<id>`).
    public var id: Int
    /// The visible label; empty for an unlabelled node.
    public var label: String
    /// Diameter in inches.
    public var size: Double
    /// Fill colour (`#rrggbb`).
    public var fill: String
    /// Outline colour and width.
    public var outline: String = "#4d4d4d"
    public var outlineWidth: Double = 0.8
    /// Label font size in points.
    public var fontSize: Double = 10
    /// Tooltip (SVG `<title>`), e.g. the author's papers.
    public var tooltip: String = ""
    /// Link target (SVG `href`), an http(s) URL.
    public var url: String?
    /// Extra attributes, already safe (used for rank constraints in timelines).
    public var group: String?
    /// A shape other than the default circle ("box", "plaintext"); the label is then drawn inside.
    public var shape: String?
    /// Font colour for inside labels.
    public var fontColor: String?
    /// A fixed position in inches (pinned: the layout keeps it).
    public var position: (x: Double, y: Double)?

    /// Creates a node.
    public init(id: Int, label: String, size: Double, fill: String) {
        self.id = id
        self.label = label
        self.size = size
        self.fill = fill
    }
}

/// An edge of a diagram, styled.
public struct DrawEdge: Sendable {
    /// Endpoints (node ids).
    public var u: Int
    public var v: Int
    /// Line width in points.
    public var width: Double
    /// Colour (`#rrggbbaa` allowed).
    public var color: String = "#7f7f7f99"
    /// Tooltip, e.g. the joint papers.
    public var tooltip: String = ""
    /// Layout weight (higher pulls the ends together in neato/fdp/dot).
    public var layoutWeight: Double = 1
    /// Drawn or only used for layout.
    public var invisible = false
    /// False: the edge does not constrain ranks in `dot`.
    public var constrains = true

    /// Creates an edge.
    public init(u: Int, v: Int, width: Double) {
        self.u = u
        self.v = v
        self.width = width
    }
}

/// A whole diagram: nodes, edges, a title and a legend.
public struct Drawing: Sendable {
    /// Nodes in output order.
    public var nodes: [DrawNode] = []
    /// Edges in output order.
    public var edges: [DrawEdge] = []
    /// Title shown at the top.
    public var title: String = ""
    /// Legend lines shown at the bottom.
    public var legend: [String] = []
    /// Graphviz layout engine.
    public var layout: String = "neato"
    /// Extra graph attributes (already validated names and values).
    public var graphAttributes: [(String, String)] = []
    /// Clusters or ranks: subgraphs of node ids with `rank=same`, keyed by a label.
    public var sameRank: [(label: String, nodes: [Int])] = []

    /// Creates an empty drawing.
    public init() {}
}

/// Writes a ``Drawing`` as Graphviz DOT text.
///
/// Every string goes through ``DOT/quote(_:)``: quotes are escaped, line
/// breaks become `\n`, other control characters are dropped, so no name can
/// end a string early or inject attributes. Ampersands are written as `&amp;`
/// (an "&" in a link or tooltip cannot break the SVG) and backslashes as
/// character references, so a title's "\N" or "\E" is never expanded to a
/// node or edge name: `&#92;&#92;` in labels (shown as one backslash),
/// `&#92;` in tooltips (Graphviz 2.42 expands "\N" there after resolving
/// references, so the backslash is dropped). URLs are written only when they
/// are http(s) (no `javascript:`).
public enum DOT {
    /// A DOT double-quoted string literal (for a tooltip with `tooltip`, see above).
    public static func quote(_ s: String, tooltip: Bool = false) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += tooltip ? "&#92;" : "&#92;&#92;"
            case "&": out += "&amp;"
            case "\n": out += "\\n"
            case "\r", "\u{2028}", "\u{2029}": break
            default:
                if u.value < 0x20 || u.value == 0x7F { continue }
                out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }

    /// True for a URL that is safe to link: http or https, no spaces or quotes.
    public static func isSafeURL(_ s: String) -> Bool {
        let l = s.lowercased()
        guard l.hasPrefix("https://") || l.hasPrefix("http://") else { return false }
        return !s.unicodeScalars.contains { $0.value < 0x21 || $0 == "\"" || $0 == "<" || $0 == ">" || $0 == "\\" || $0 == "`" }
    }

    /// Formats a number with at most 3 decimals, deterministically.
    public static func num(_ d: Double) -> String {
        let r = (d * 1000).rounded() / 1000
        if r == r.rounded() { return String(Int(r)) }
        var s = String(format: "%.3f", r)
        while s.hasSuffix("0") { s.removeLast() }
        return s
    }

    /// The DOT text of a drawing.
    public static func write(_ d: Drawing) -> String {
        var s = "graph coauthors {\n"
        var gattrs: [(String, String)] = [
            ("layout", d.layout), ("outputorder", "edgesfirst"), ("bgcolor", "white"), ("pad", "0.3"),
            ("fontname", "DejaVu Sans"), ("fontsize", "12"), ("labelloc", "b"), ("labeljust", "l"),
        ]
        // The drawing's own attributes override the defaults (each key written once).
        for (k, v) in d.graphAttributes {
            if let i = gattrs.firstIndex(where: { $0.0 == k }) { gattrs[i].1 = v } else { gattrs.append((k, v)) }
        }
        var label = ""
        if !d.title.isEmpty { label = d.title }
        if !d.legend.isEmpty { label += (label.isEmpty ? "" : "\n") + d.legend.joined(separator: "\n") }
        if !label.isEmpty { gattrs.append(("label", label)) }
        s += "  graph [" + gattrs.map { "\($0.0)=\(quote($0.1))" }.joined(separator: ", ") + "];\n"
        s += "  node [shape=circle, style=filled, fixedsize=true, fontname=\"DejaVu Sans\", label=\"\"];\n"
        s += "  edge [fontname=\"DejaVu Sans\"];\n"
        for n in d.nodes {
            var a: [String] = []
            if let shape = n.shape {
                a.append("shape=\(quote(shape))")
                a.append("fixedsize=false")
                a.append("height=\(num(n.size))")
                a.append("label=\(quote(n.label))")
                a.append("fontsize=\(num(n.fontSize))")
                if let fc = n.fontColor { a.append("fontcolor=\(quote(fc))") }
                if shape == "plaintext" {
                    if let p = n.position { a.append("pos=\"\(num(p.x)),\(num(p.y))!\"") }
                    s += "  n\(n.id) [" + a.joined(separator: ", ") + ", style=\"\"];\n"
                    continue
                }
            } else if !n.label.isEmpty {
                a.append("xlabel=\(quote(n.label))")
                a.append("fontsize=\(num(n.fontSize))")
            }
            a.append("width=\(num(n.size))")
            a.append("fillcolor=\(quote(n.fill))")
            a.append("color=\(quote(n.outline))")
            a.append("penwidth=\(num(n.outlineWidth))")
            a.append("tooltip=\(quote(n.tooltip.isEmpty ? n.label : n.tooltip, tooltip: true))")
            if let u = n.url, isSafeURL(u) { a.append("URL=\(quote(u))"); a.append("target=\"_blank\"") }
            if let g = n.group { a.append("group=\(quote(g))") }
            if let p = n.position { a.append("pos=\"\(num(p.x)),\(num(p.y))!\"") }
            s += "  n\(n.id) [" + a.joined(separator: ", ") + "];\n"
        }
        for r in d.sameRank {
            s += "  { rank=same; " + r.nodes.map { "n\($0);" }.joined(separator: " ") + " }\n"
        }
        for e in d.edges {
            var a = ["penwidth=\(num(e.width))", "color=\(quote(e.color))"]
            if e.invisible { a.append("style=invis") }
            if !e.constrains { a.append("constraint=false") }
            if !e.tooltip.isEmpty { a.append("tooltip=\(quote(e.tooltip, tooltip: true))") }
            if e.layoutWeight != 1 { a.append("weight=\(num(e.layoutWeight))") }
            s += "  n\(e.u) -- n\(e.v) [" + a.joined(separator: ", ") + "];\n"
        }
        s += "}\n"
        return s
    }
}
